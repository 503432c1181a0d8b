"""`gradingcore workdays`: add, between and year, in text and JSON, and its failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gradingcore_cli._app import cli
from gradingcore_cli._errors import EXIT_BAD_INPUT, EXIT_REFUSED

FIXTURE_2027 = Path(__file__).parents[1] / "calendar" / "data" / "2027-hypothetical.toml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class TestWorkdaysAdd:
    def test_prints_the_day(self, runner: CliRunner) -> None:
        """20 WD after 2024-09-20 prints 2024-10-23."""
        result = runner.invoke(cli, ["workdays", "add", "2024-09-20", "20"])
        assert result.exit_code == 0, result.output
        assert result.output == "2024-10-23\n"

    def test_json(self, runner: CliRunner) -> None:
        """--json prints the start, the count, the result and the calendar version."""
        result = runner.invoke(cli, ["workdays", "add", "2025-01-20", "20", "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["result"] == "2025-02-21"
        assert data["workdays"] == 20
        assert data["start"] == "2025-01-20"
        assert data["calendar"].startswith("cn-official:2004-2026:sha256:")

    def test_uncovered_year_is_refused(self, runner: CliRunner) -> None:
        """Crossing into 2027 prints the coverage error naming 2027 and exits non-zero."""
        result = runner.invoke(cli, ["workdays", "add", "2026-12-20", "20"])
        assert result.exit_code == EXIT_REFUSED
        assert "no official working-day calendar for 2027" in result.stderr
        assert "calendar.official" in result.stderr
        assert result.stdout == ""

    def test_calendar_file_extends_coverage(self, runner: CliRunner) -> None:
        """--calendar-file with the 2027 fixture makes the same question answerable."""
        result = runner.invoke(
            cli,
            ["workdays", "--calendar-file", str(FIXTURE_2027), "add", "2026-12-20", "20", "--json"],
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["result"] == "2027-01-18"
        assert data["calendar"].startswith("cn-official:2004-2027:")

    def test_calendar_file_repeatable(self, runner: CliRunner, tmp_path: Path) -> None:
        """--calendar-file may be given more than once."""
        extra = tmp_path / "2028.toml"
        extra.write_text("year = 2028\n[days]\noff = [2028-01-03]\n", encoding="utf-8")
        result = runner.invoke(
            cli,
            [
                "workdays",
                "--calendar-file",
                str(FIXTURE_2027),
                "--calendar-file",
                str(extra),
                "add",
                "2027-12-31",
                "1",
            ],
        )
        assert result.exit_code == 0, result.output
        assert result.output == "2028-01-04\n"

    def test_broken_calendar_file_is_refused(self, runner: CliRunner, tmp_path: Path) -> None:
        """A broken year file is reported with its name and a non-zero exit."""
        broken = tmp_path / "broken.toml"
        broken.write_text("year = 2027\n[days]\nadjusted_workdays = [2027-02-22]\n", "utf-8")
        result = runner.invoke(
            cli, ["workdays", "--calendar-file", str(broken), "add", "2024-09-20", "1"]
        )
        assert result.exit_code == EXIT_BAD_INPUT
        assert "broken.toml: 2027-02-22 is a weekday" in result.stderr

    def test_missing_calendar_file_is_a_usage_error(self, runner: CliRunner) -> None:
        """A calendar file that does not exist is a usage error (exit 2)."""
        result = runner.invoke(
            cli, ["workdays", "--calendar-file", "/nonexistent.toml", "add", "2024-09-20", "1"]
        )
        assert result.exit_code == 2

    @pytest.mark.parametrize(
        "bad", ["2024-13-01", "yesterday", "2024/09/20", "2024-02-30", "20240920", "2024-W38-5"]
    )
    def test_bad_date_is_a_usage_error(self, runner: CliRunner, bad: str) -> None:
        """A date that is not YYYY-MM-DD is a click usage error (exit 2)."""
        result = runner.invoke(cli, ["workdays", "add", bad, "1"])
        assert result.exit_code == 2
        assert "is not a date in the form YYYY-MM-DD" in result.stderr

    def test_negative_count_is_a_usage_error(self, runner: CliRunner) -> None:
        """A negative count is a usage error."""
        result = runner.invoke(cli, ["workdays", "add", "2024-09-20", "-1"])
        assert result.exit_code == 2


class TestWorkdaysBetween:
    def test_prints_the_count(self, runner: CliRunner) -> None:
        """From 2024-09-20 to 2024-10-23 there are 20 WD."""
        result = runner.invoke(cli, ["workdays", "between", "2024-09-20", "2024-10-23"])
        assert result.exit_code == 0, result.output
        assert result.output == "20\n"

    def test_reverse_is_negative(self, runner: CliRunner) -> None:
        """An end before the start prints a negative count."""
        result = runner.invoke(cli, ["workdays", "between", "2024-10-23", "2024-09-20"])
        assert result.output == "-20\n"

    def test_json(self, runner: CliRunner) -> None:
        """--json prints both dates, the count and the calendar version."""
        result = runner.invoke(cli, ["workdays", "between", "2024-09-30", "2024-10-07", "--json"])
        data = json.loads(result.output)
        assert data == {
            "start": "2024-09-30",
            "end": "2024-10-07",
            "workdays": 0,
            "calendar": data["calendar"],
        }

    def test_uncovered_year_is_refused(self, runner: CliRunner) -> None:
        """A span into 2027 is refused with the coverage error."""
        result = runner.invoke(cli, ["workdays", "between", "2026-12-01", "2027-01-10"])
        assert result.exit_code == EXIT_REFUSED
        assert "2027" in result.stderr


class TestWorkdaysYear:
    def test_lists_the_year(self, runner: CliRunner) -> None:
        """year 2025 lists the notice, the weekday off days and the adjusted working days."""
        result = runner.invoke(cli, ["workdays", "year", "2025"])
        assert result.exit_code == 0, result.output
        out = result.output
        assert "国办发明电〔2024〕12号" in out
        assert "  2025-01-28 Tue" in out  # Spring Festival eve
        assert "  2025-10-08 Wed" in out  # National Day and Mid-Autumn
        assert "  2025-01-26 Sun" in out  # adjusted working day
        assert "  2025-10-11 Sat" in out
        assert "adjusted working days, 调休 (5):" in out
        assert "off days on weekdays (18):" in out

    def test_json(self, runner: CliRunner) -> None:
        """--json gives the lists, the notice and the source."""
        result = runner.invoke(cli, ["workdays", "year", "2024", "--json"])
        data = json.loads(result.output)
        assert data["year"] == 2024
        assert "2024-10-01" in data["off_days"]
        assert data["adjusted_workdays"] == [
            "2024-02-04",
            "2024-02-18",
            "2024-04-07",
            "2024-04-28",
            "2024-05-11",
            "2024-09-14",
            "2024-09-29",
            "2024-10-12",
        ]
        assert data["notice"]["number"] == "国办发明电〔2023〕7号"
        assert data["notice"]["issued_on"] == "2023-10-25"
        assert data["source"].startswith("chinesecalendar")

    def test_year_without_notice(self, runner: CliRunner) -> None:
        """A year whose notice is not recorded says so."""
        result = runner.invoke(cli, ["workdays", "year", "2010"])
        assert "notice: not recorded" in result.output
        assert (
            json.loads(runner.invoke(cli, ["workdays", "year", "2010", "--json"]).output)["notice"]
            is None
        )

    def test_uncovered_year_is_refused(self, runner: CliRunner) -> None:
        """year 2027 is refused with the coverage error."""
        result = runner.invoke(cli, ["workdays", "year", "2027"])
        assert result.exit_code == EXIT_REFUSED
        assert "no official working-day calendar for 2027" in result.stderr

    def test_loaded_year(self, runner: CliRunner) -> None:
        """A year loaded from a file is listed with its file as source."""
        result = runner.invoke(
            cli, ["workdays", "--calendar-file", str(FIXTURE_2027), "year", "2027"]
        )
        assert result.exit_code == 0, result.output
        assert "2027-hypothetical.toml" in result.output
        assert "非官方" in result.output


class TestWorkdaysSubprocess:
    def test_python_m(self) -> None:
        """`python -m gradingcore_cli workdays add 2024-09-20 20` prints 2024-10-23."""
        completed = subprocess.run(
            [sys.executable, "-m", "gradingcore_cli", "workdays", "add", "2024-09-20", "20"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout == "2024-10-23\n"

    def test_python_m_refused(self) -> None:
        """The coverage error reaches stderr with a non-zero exit in a real process."""
        completed = subprocess.run(
            [sys.executable, "-m", "gradingcore_cli", "workdays", "add", "2026-12-20", "20"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert completed.returncode == EXIT_REFUSED
        assert "2027" in completed.stderr
