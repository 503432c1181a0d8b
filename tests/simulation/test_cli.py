"""`gradingcore simulate`: a small province into a SQLite file, its summary and a timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gradingcore.service import GradingService
from gradingcore_cli._app import cli
from gradingcore_cli._errors import EXIT_BAD_INPUT


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class TestSimulateCommand:
    def test_small_province(self, runner: CliRunner, tmp_path: Path) -> None:
        """30 enterprises for a year: the tables, the totals and one graded case's timeline;
        the cases are in the store."""
        store = tmp_path / "province.db"
        result = runner.invoke(
            cli,
            [
                "simulate",
                "--enterprises",
                "30",
                "--years",
                "1",
                "--seed",
                "3",
                "--store",
                str(store),
            ],
        )
        assert result.exit_code == 0, result.output
        out = result.output
        assert "Enterprises on 2023-12-31 by status and level" in out
        assert "Enterprises by industry" in out
        assert "Events recorded by type" in out
        assert "30 enterprises" in out
        assert "events/s" in out
        assert "as of 2023-12-31: graded" in out  # the example's timeline
        assert list(GradingService(str(store)).case_ids())

    def test_same_seed_same_output(self, runner: CliRunner, tmp_path: Path) -> None:
        """Two runs with the same seed into two stores print the same tables."""
        outputs = []
        for name in ("a.db", "b.db"):
            result = runner.invoke(
                cli,
                [
                    "simulate",
                    "--enterprises",
                    "30",
                    "--years",
                    "1",
                    "--store",
                    str(tmp_path / name),
                ],
            )
            assert result.exit_code == 0, result.output
            tables = result.stdout.split("enterprises, ")[0]  # the totals give the timing
            outputs.append(tables)
        assert outputs[0] == outputs[1]

    def test_years_beyond_the_calendar(self, runner: CliRunner, tmp_path: Path) -> None:
        """Five years from 2023 reach 2027, which has no official calendar: refused, exit 3."""
        result = runner.invoke(
            cli,
            ["simulate", "--enterprises", "5", "--years", "5", "--store", str(tmp_path / "p.db")],
        )
        assert result.exit_code == EXIT_BAD_INPUT
        assert "at most 4 years" in result.output

    def test_unknown_policy(self, runner: CliRunner, tmp_path: Path) -> None:
        """An unknown --policy is refused with the known ids."""
        result = runner.invoke(
            cli,
            [
                "simulate",
                "--enterprises",
                "5",
                "--years",
                "1",
                "--policy",
                "cn.nowhere",
                "--store",
                str(tmp_path / "p.db"),
            ],
        )
        assert result.exit_code == EXIT_BAD_INPUT
        assert "cn.henan.2023" in result.output

    def test_bad_start(self, runner: CliRunner, tmp_path: Path) -> None:
        """--start must be a date."""
        result = runner.invoke(
            cli, ["simulate", "--start", "next monday", "--store", str(tmp_path / "p.db")]
        )
        assert result.exit_code == EXIT_BAD_INPUT
        assert "--start" in result.output
