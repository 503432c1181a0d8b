"""docs/_ext/rules_reference.py: the generated rules reference page."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from gradingcore import PolicyRegistry
from gradingcore.policy import RULE_IDS

EXTENSION = Path(__file__).resolve().parents[2] / "docs" / "_ext" / "rules_reference.py"


@pytest.fixture(scope="module")
def extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rules_reference", EXTENSION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestRulesReference:
    def test_every_rule_of_every_policy(self, extension: Any, policies: PolicyRegistry) -> None:
        """The page has a section per policy and a row per rule id in each."""
        text = extension.render(policies)
        assert text.startswith("# Rules reference\n")
        assert "## `cn.mem.2021@1`" in text
        assert "## `cn.henan.2023@1`" in text
        for rule_id in RULE_IDS:
            # Once in each full policy holding it, once more in each layered policy that
            # states the rule anew (Qinyang names its own level-3 authority).
            full = [p for p in policies.all() if not p.extends and rule_id in p.rules]
            restated = [
                p
                for p in policies.all()
                if p.extends
                and rule_id in p.rules
                and p.rules.get(rule_id) != policies.get(p.extends.id).rules.get(rule_id)
            ]
            assert text.count(f"| `{rule_id}` |") == len(full) + len(restated), rule_id
        sections = {s.split("`")[0]: s for s in text.split("## `")[1:]}
        for policy in policies.all():
            base = policies.get(policy.extends.id) if policy.extends else None
            for rule in policy.rules.values():
                if base is None or base.rules.get(rule.id) != rule:
                    assert f"| `{rule.id}` |" in sections[str(policy.ref)], (policy.ref, rule.id)

    def test_rows_carry_citation_values_and_text(self, extension: Any) -> None:
        """A row shows the citation, the values, the summary and the Chinese text."""
        row = next(
            line
            for line in extension.render().splitlines()
            if line.startswith("| `intake.correction` | HN")
        )
        assert "HN 第七条(二)1" in row
        assert "`workdays = 5`" in row
        assert "A correction request" in row
        assert "一次性书面告知企业需要补正的全部内容" in row
        national = next(
            line
            for line in extension.render().splitlines()
            if line.startswith("| `intake.correction` | MEM")
        )
        assert "MEM, 申请（受理、补正和审核） (article not known; unverified)" in national
        assert "| no |" in national

    def test_national_section_quotes_no_henan_only_text(self, extension: Any) -> None:
        """The national policy's section holds no rule only Henan has, and no Henan name."""
        text = extension.render()
        national = text[text.index("## `cn.mem.2021@1`") : text.index("## `cn.henan.2023@1`")]
        for henan_only in ("apply.report_to_city", "review.expert_qualification", "省应急管理厅"):
            assert henan_only not in national

    def test_write_only_when_changed(self, extension: Any, tmp_path: Path) -> None:
        """The page is written under reference/ and left alone when it has not changed."""
        path = extension.write_reference(tmp_path)
        assert path == tmp_path / "reference" / "rules.md"
        stamp = path.stat().st_mtime_ns
        extension.write_reference(tmp_path)
        assert path.stat().st_mtime_ns == stamp

    def test_setup_connects_builder_inited(self, extension: Any, tmp_path: Path) -> None:
        """setup() hooks the writer on builder-inited, which writes into the source directory."""

        class App:
            def __init__(self) -> None:
                self.srcdir = str(tmp_path)
                self.hooks: list[tuple[str, Any]] = []

            def connect(self, event: str, handler: Any) -> None:
                self.hooks.append((event, handler))

        app = App()
        metadata = extension.setup(app)
        assert metadata["parallel_read_safe"] is True
        [(event, handler)] = app.hooks
        assert event == "builder-inited"
        handler(app)
        assert (tmp_path / "reference" / "rules.md").is_file()
