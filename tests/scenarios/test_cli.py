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
