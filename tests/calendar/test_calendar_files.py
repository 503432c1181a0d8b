"""load_year_file: one official year from a TOML file, every mistake named with the file."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from gradingcore import InvalidInput
from gradingcore.calendar import load_year_file, official_calendar

FIXTURE_2027 = Path(__file__).parent / "data" / "2027-hypothetical.toml"

GOOD = """\
year = 2027
[notice]
number = "N"
issued_on = 2026-11-10
title = "T"
[days]
off = [2027-01-01]
adjusted_workdays = [2027-02-20]
"""


def write(tmp_path: Path, text: str, name: str = "year.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestLoadYearFile:
    def test_fixture(self) -> None:
        """The hypothetical 2027 fixture loads, with its notice and the file as source."""
        year = load_year_file(FIXTURE_2027)
        assert year.year == 2027
        assert pendulum.Date(2027, 2, 8) in year.off_days
        assert pendulum.Date(2027, 2, 20) in year.adjusted_workdays
        assert len(year.off_days) == 17
        assert len(year.adjusted_workdays) == 4
        assert year.notice is not None
        assert year.notice.issued_on == pendulum.Date(2026, 11, 10)
        assert "非官方" in year.notice.title  # labelled as not official
        assert year.source == str(FIXTURE_2027)

    def test_fixture_is_labelled_hypothetical(self) -> None:
        """The fixture says in its header that it is made up and not official."""
        header = FIXTURE_2027.read_text(encoding="utf-8").splitlines()[0]
        assert "HYPOTHETICAL" in header
        assert "NOT OFFICIAL" in header

    def test_minimal_file(self, tmp_path: Path) -> None:
        """Only year and [days] are needed; the notice is then unknown."""
        year = load_year_file(write(tmp_path, "year = 2030\n[days]\noff = [2030-01-01]\n"))
        assert year.notice is None
        assert year.adjusted_workdays == frozenset()

    def test_accepts_str_path(self, tmp_path: Path) -> None:
        """A path given as a string works."""
        assert load_year_file(str(write(tmp_path, GOOD))).year == 2027

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("year = \n", "not valid TOML"),
            ("[days]\noff = []\n", "'year' must be an integer"),
            ('year = "2027"\n[days]\n', "'year' must be an integer"),
            ("year = 2027\n", r"\[days\] table is missing"),
            ("year = 2027\ndays = 3\n", r"\[days\] must be a table"),
            ("year = 2027\ncolour = 1\n[days]\n", "unknown key.*colour"),
            ("year = 2027\n[days]\nholidays = []\n", r"unknown key.*holidays.*in \[days\]"),
            ("year = 2027\n[days]\noff = 2027-01-01\n", "days.off must be a list"),
            ('year = 2027\n[days]\noff = ["2027-01-01"]\n', "is not a date"),
            ("year = 2027\n[days]\noff = [2027-01-01T08:00:00]\n", "is not a date"),
            ("year = 2027\n[days]\noff = [2027-01-01, 2027-01-01]\n", "listed twice"),
            ("year = 2027\n[days]\noff = [2026-12-31]\n", "2026-12-31 is not in 2027"),
            (
                "year = 2027\n[days]\nadjusted_workdays = [2027-02-22]\n",
                "2027-02-22 is a weekday",
            ),
            (
                "year = 2027\n[days]\noff = [2027-02-20]\nadjusted_workdays = [2027-02-20]\n",
                "2027-02-20 is listed both",
            ),
            ("year = 2027\n[notice]\nnumber = 12\n[days]\n", "notice.number must be a string"),
            ('year = 2027\n[notice]\nissued_on = "x"\n[days]\n', "notice.issued_on"),
            ("year = 2027\n[notice]\ntitle = 1\n[days]\n", "notice.title must be a string"),
            ("year = 2027\n[notice]\nurl = 'u'\n[days]\n", r"unknown key.*url.*\[notice\]"),
        ],
    )
    def test_mistakes_are_named(self, tmp_path: Path, text: str, message: str) -> None:
        """Each mistake raises InvalidInput naming the file and what is wrong."""
        with pytest.raises(InvalidInput, match=message) as caught:
            load_year_file(write(tmp_path, text, name="broken-2027.toml"))
        assert str(caught.value).startswith("broken-2027.toml: ")
        assert caught.value.facts["file"].endswith("broken-2027.toml")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that does not exist is InvalidInput naming it."""
        with pytest.raises(InvalidInput, match=r"absent\.toml: cannot read"):
            load_year_file(tmp_path / "absent.toml")

    def test_calendar_with_year_file(self, tmp_path: Path) -> None:
        """with_year_file loads the year into a new calendar."""
        cal = official_calendar().with_year_file(write(tmp_path, GOOD))
        assert 2027 in cal.years
        assert not cal.is_workday(pendulum.Date(2027, 1, 1))
