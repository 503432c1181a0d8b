"""`gradingcore scenario run`: pass or fail per expectation, errors with lines, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gradingcore_cli._app import cli
from gradingcore_cli.scenario import EXIT_FAILED, EXIT_FILE_ERRORS

PASSING = """\
name: Applied after the internal publicity
policy: cn.henan.2023
steps:
  - self_evaluate: {on: 2024-03-01, score: 82, claimed_level: 2}
  - apply: {on: 2024-03-15, level: 2}
    expect: {stage: submitted}
"""
FAILING = PASSING.replace("stage: submitted", "stage: accepted").replace(
    "Applied after", "Not accepted at once after"
)
BAD = "name: bad\npolicy: cn.henan.2023\nsteps:\n  - aply: {on: 2024-03-15, level: 2}\n"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, text in (
        ("scenario_pass.yaml", PASSING),
        ("scenario_fail.yaml", FAILING),
        ("sub/scenario_bad.yaml", BAD),
    ):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


class TestScenarioRun:
    def test_a_passing_file(self, files: Path) -> None:
        """Every check printed as ok, the summary, exit 0."""
        result = CliRunner().invoke(cli, ["scenario", "run", str(files / "scenario_pass.yaml")])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0] == f"PASS Applied after the internal publicity ({files}/scenario_pass.yaml)"
        assert "  ok   line 6    apply 2024-03-15: stage submitted" in lines
        assert lines[-1] == "1 passed, 0 failed"

    def test_a_directory_with_failures(self, files: Path) -> None:
        """A failed expectation and a bad file (with its line) fail the run: exit 2, as a bad
        file is bad input (1 when only expectations fail)."""
        result = CliRunner().invoke(cli, ["scenario", "run", str(files)])
        assert result.exit_code == EXIT_FILE_ERRORS
        assert "  FAIL line 6    apply 2024-03-15: stage accepted\n         found submitted" in (
            result.output
        )
        assert f"ERROR {files}/sub/scenario_bad.yaml" in result.output
        assert (
            f"  {files}/sub/scenario_bad.yaml:4: step 'aply': no step 'aply'; did you mean "
            "apply?" in result.output
        )
        assert result.output.splitlines()[-1] == "1 passed, 2 failed"

    def test_quiet_prints_only_failures(self, files: Path) -> None:
        """-q leaves out the passing scenarios and the passing checks."""
        result = CliRunner().invoke(cli, ["scenario", "run", "-q", str(files)])
        assert "PASS" not in result.output
        assert "  ok" not in result.output
        assert "FAIL Not accepted at once after the internal publicity" in result.output

    def test_json(self, files: Path) -> None:
        """--json reports every scenario, its checks and the file errors."""
        result = CliRunner().invoke(cli, ["scenario", "run", "--json", str(files)])
        assert result.exit_code == EXIT_FILE_ERRORS
        data = json.loads(result.output)
        assert (data["passed"], data["failed"]) == (1, 2)
        by_file = {Path(s["file"]).name: s for s in data["scenarios"]}
        assert by_file["scenario_bad.yaml"]["errors"] == [
            f"{files}/sub/scenario_bad.yaml:4: step 'aply': no step 'aply'; did you mean apply?"
        ]
        failed = [c for c in by_file["scenario_fail.yaml"]["checks"] if not c["passed"]]
        assert failed == [
            {
                "step": 2,
                "step_name": "apply",
                "on": "2024-03-15",
                "what": "stage accepted",
                "passed": False,
                "detail": "found submitted",
                "file": f"{files}/scenario_fail.yaml",
                "line": 6,
            }
        ]

    def test_nothing_to_run(self, tmp_path: Path) -> None:
        """A directory without scenario files is a failure, not a silent pass."""
        result = CliRunner().invoke(cli, ["scenario", "run", str(tmp_path)])
        assert result.exit_code == EXIT_FAILED
        assert result.output == "0 passed, 0 failed\n"

    def test_a_path_that_does_not_exist(self, tmp_path: Path) -> None:
        """click refuses a path that does not exist (usage error)."""
        result = CliRunner().invoke(cli, ["scenario", "run", str(tmp_path / "nope.yaml")])
        assert result.exit_code == 2


#: A 2027 application whose correction period needs the 2027 calendar.
IN_2027 = """\
name: A correction period in 2027
policy: cn.henan.2023
steps:
  - self_evaluate: {on: 2027-01-11, score: 83, claimed_level: 2}
  - apply: {on: 2027-02-03, level: 2}
    expect:
      events:
        - Applied: {deadlines: [{rule_id: intake.correction, due: 2027-02-16}]}
"""
LIBRARY_2027 = Path(__file__).resolve().parents[2] / "scenarios" / "calendars"
ASSUMED_2027 = LIBRARY_2027 / "2027-assumed-for-tests.toml"


class TestCalendarFiles:
    def test_without_the_year_the_scenario_fails_closed(self, tmp_path: Path) -> None:
        """With no 2027 calendar the application is refused (calendar.official): FAIL."""
        path = tmp_path / "scenario_2027.yaml"
        path.write_text(IN_2027, encoding="utf-8")
        result = CliRunner().invoke(cli, ["scenario", "run", str(path)])
        assert result.exit_code == EXIT_FAILED
        assert "calendar.official" in result.output

    def test_calendar_file_option_reaches_2027(self, tmp_path: Path) -> None:
        """--calendar-file loads the year for every scenario of the run: it passes."""
        path = tmp_path / "scenario_2027.yaml"
        path.write_text(IN_2027, encoding="utf-8")
        result = CliRunner().invoke(
            cli, ["scenario", "run", str(path), "--calendar-file", str(ASSUMED_2027)]
        )
        assert result.exit_code == 0, result.output
        assert result.output.endswith("1 passed, 0 failed\n")

    def test_calendar_files_key_relative_to_the_file(self, tmp_path: Path) -> None:
        """The top-level calendar_files key names year files relative to the scenario file."""
        (tmp_path / "cal").mkdir()
        (tmp_path / "cal" / "2027.toml").write_text(
            ASSUMED_2027.read_text(encoding="utf-8"), encoding="utf-8"
        )
        path = tmp_path / "scenario_2027.yaml"
        path.write_text(
            IN_2027.replace(
                "policy: cn.henan.2023\n",
                "policy: cn.henan.2023\ncalendar_files: [cal/2027.toml]\n",
            ),
            encoding="utf-8",
        )
        result = CliRunner().invoke(cli, ["scenario", "run", str(path)])
        assert result.exit_code == 0, result.output

    def test_a_missing_calendar_file_is_an_error_with_its_line(self, tmp_path: Path) -> None:
        """A calendar file that cannot be read is reported with the scenario's line."""
        path = tmp_path / "scenario_2027.yaml"
        path.write_text(
            IN_2027.replace(
                "policy: cn.henan.2023\n",
                "policy: cn.henan.2023\ncalendar_files: [nowhere/2027.toml]\n",
            ),
            encoding="utf-8",
        )
        result = CliRunner().invoke(cli, ["scenario", "run", str(path)])
        assert result.exit_code == EXIT_FILE_ERRORS
        assert f"{path}:3: field 'calendar_files': 2027.toml: cannot read the file" in result.output

    def test_the_same_year_twice_with_other_days_is_an_error(self, tmp_path: Path) -> None:
        """A year given by the file and by --calendar-file with different days is refused."""
        other = tmp_path / "other-2027.toml"
        other.write_text(
            ASSUMED_2027.read_text(encoding="utf-8").replace("  2027-06-09,", ""),
            encoding="utf-8",
        )
        scenario = LIBRARY_2027.parent / "scenario_calendar_2027_spring_festival.yaml"
        result = CliRunner().invoke(
            cli, ["scenario", "run", str(scenario), "--calendar-file", str(other)]
        )
        assert result.exit_code == EXIT_FILE_ERRORS
        assert "2027 is already loaded" in result.output

    def test_the_library_reaches_2027(self) -> None:
        """The shipped library runs its 2027 scenarios (renewal.direct.level1 among them)."""
        library = LIBRARY_2027.parent
        files = [
            *sorted(library.glob("scenario_*2027*.yaml")),
            library / "scenario_renewal_direct_level1.yaml",
        ]
        result = CliRunner().invoke(cli, ["scenario", "run", "-q", *map(str, files)])
        assert result.exit_code == 0, result.output
        assert result.output == f"{len(files)} passed, 0 failed\n"

    def test_the_assumed_calendar_says_so(self) -> None:
        """The 2027 file's own metadata says it is assumed for tests, not the notice."""
        from gradingcore import load_year_file

        year = load_year_file(ASSUMED_2027)
        assert year.notice is not None
        assert "ASSUMED-FOR-TESTS" in (year.notice.number or "")
        assert "非官方" in year.notice.title
