"""The pytest plugin, as a host test suite uses it: installed with gradingcore, its fixtures
and its collection of scenario files, run by pytest in a separate process; and it imports
nothing heavy when it loads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
#: A block of the docs preceded by ``<!-- file: NAME -->`` is that file of a host's suite.
FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\n```\w+\n(.*?)\n```", re.DOTALL)


def doc_files() -> dict[str, str]:
    return {name: body + "\n" for name, body in FILE_BLOCK.findall(DOCS.read_text("utf-8"))}


def pytest_in(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest in ``directory`` as a host runs it: a separate process, its own rootdir."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def host(tmp_path: Path) -> Path:
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\ngradingcore_policy = cn.henan.2023\n", encoding="utf-8"
    )
    return tmp_path


class TestHostSuite:
    def test_the_docs_files_run_as_a_host_suite(self, host: Path) -> None:
        """The docs' five-line test, fixture test and scenario file pass in a host's suite."""
        files = doc_files()
        assert set(files) == {"test_host.py", "test_fixtures.py", "scenario_rectification.yaml"}
        for name, text in files.items():
            (host / name).write_text(text, encoding="utf-8")
        (host / "test_policy.py").write_text(
            "def test_policy(grading_policy, grading_calendar, grading_clock):\n"
            "    assert str(grading_policy.ref) == 'cn.henan.2023@1'\n"
            "    assert 2026 in grading_calendar.years\n"
            "    assert grading_clock.now().year == 2024\n",
            encoding="utf-8",
        )
        result = pytest_in(host, "-v")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "scenario_rectification.yaml::scenario_rectification PASSED" in result.stdout
        assert "4 passed" in result.stdout

    def test_failures_and_bad_files(self, host: Path) -> None:
        """A failing scenario shows its report; a bad file is a collection error with lines;
        -k selects scenario files by the rule ids they test."""
        head = (
            "policy: cn.henan.2023\nsteps:\n  - self_evaluate: {on: 2024-03-01, score: 82, "
            "claimed_level: 2}\n"
        )
        (host / "scenario_fail.yaml").write_text(
            "name: fails\nrules: [apply.self_evaluation]\n"
            + head
            + "  - apply: {on: 2024-03-14, level: 2}\n",
            encoding="utf-8",
        )
        (host / "scenario_other.yaml").write_text(
            "name: other\nrules: [intake.correction]\n" + head, encoding="utf-8"
        )
        (host / "scenario_bad.yaml").write_text(
            "name: bad\npolicy: cn.henan.2023\nsteps:\n  - aply: {on: 2024-03-14}\n",
            encoding="utf-8",
        )
        result = pytest_in(
            host, "-q", "--continue-on-collection-errors", "-k", "apply.self_evaluation"
        )
        out = result.stdout
        assert result.returncode == 1, out
        assert "FAIL fails (" in out
        assert "FAIL line 6    apply 2024-03-14: accepted" in out
        assert "refused: application for level 2 refused" in out
        assert "scenario_bad.yaml:4: step 'aply': no step 'aply'; did you mean apply?" in out
        assert "1 failed, 1 deselected, 1 error" in out


class TestImportLight:
    def test_loading_the_plugin_imports_no_framework(self) -> None:
        """The plugin imports no gradingcore, YAML, CLI or web library until it is used."""
        code = (
            "import sys, gradingcore_pytest\n"
            "heavy = {'gradingcore', 'yaml', 'click', 'rich', 'fastapi', 'starlette', 'flask',"
            " 'django', 'hypothesis', 'eventsourcing'}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        assert result.stdout.strip() == "[]"

    def test_the_entry_point_is_registered(self) -> None:
        """pytest finds the plugin through the pytest11 entry point `gradingcore`."""
        from importlib.metadata import entry_points

        found = [e for e in entry_points(group="pytest11") if e.name == "gradingcore"]
        assert [e.value for e in found] == ["gradingcore_pytest"]
