"""The scenario library (scenarios/ at the repository's root) and the docs' scenario files:
each reads, cites what it tests, and the rule ids the issue asks for are all covered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gradingcore.scenarios import find_scenarios, load_scenario, parse_scenario, run_scenario
from tests.i18n.catalogs import english_words

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = sorted(find_scenarios([ROOT / "scenarios"]))
#: The rule ids the library must cover, each with at least one file of its own.
REQUIRED = (
    "intake.correction",
    "intake.deemed_acceptance",
    "intake.audit",
    "rectify.deadline",
    "rectify.extension",
    "rectify.late",
    "publicity.duration",
    "lockout.after_failure",
    "lockout.after_revocation",
    "lockout.false_commitment",
    "commit.no_accident_1y",
    "validity.term",
    "renewal.window",
    "revoke.fatal_accident",
)
YAML_BLOCK = re.compile(r"```yaml\n(.*?)\n```", re.DOTALL)


class TestLibrary:
    def test_every_required_rule_id_has_a_file(self) -> None:
        """Each rule id of the issue's list is tested by a file of the library."""
        tested = {rule for path in LIBRARY for rule in load_scenario(path).rules}
        assert sorted(set(REQUIRED) - tested) == []

    @pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
    def test_each_file_cites_what_it_tests(self, path: Path) -> None:
        """A file names its rule ids and citation, and its header comment starts with the
        first rule id and quotes the article."""
        scenario = load_scenario(path)
        assert scenario.rules
        assert scenario.cites
        header = path.read_text(encoding="utf-8").split("\nname:")[0]
        assert header.startswith(f"# {scenario.rules[0]}"), header.splitlines()[0]
        # A local scheme's documents number their parts 一、二、… (CZ, QY, EQ, BD).
        cited = (
            re.search(r"\b(HN|MEM|CC|GOV) (第|附件|应急|国务院)", header)
            or re.search(r"\bMEM, \S+ \(article not known", header)
            or re.search(r"\b(CZ|QY|EQ|BD) [一二三四五六七八九十]+、", header)
        )
        assert cited, "the header cites the article (or, where it is not known, the subject)"

    @pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
    def test_each_file_has_its_name_in_chinese(self, path: Path) -> None:
        """A shipped file's name has its Chinese form (name_zh), shown to a Chinese reader,
        with no English word in it (decision 0092)."""
        scenario = load_scenario(path)
        assert scenario.name_zh
        assert scenario.localized_name("zh") == scenario.name_zh
        assert scenario.localized_name("en") == scenario.name
        assert english_words(scenario.name_zh) == []


class TestDocs:
    def test_the_docs_count_the_library(self) -> None:
        """docs/scenarios.md shows `scenario run` over the library with its true count."""
        text = (ROOT / "docs" / "scenarios.md").read_text("utf-8")
        assert f"\n{len(LIBRARY)} passed, 0 failed\n" in text

    def test_the_docs_yaml_examples_pass(self) -> None:
        """Every YAML example of docs/scenarios.md is a scenario that passes."""
        blocks = YAML_BLOCK.findall((ROOT / "docs" / "scenarios.md").read_text("utf-8"))
        assert blocks
        for block in blocks:
            result = run_scenario(parse_scenario(block, "docs/scenarios.md"))
            assert result.passed, result.report()
