"""Every rule id of the policies has tests, found by their ``@pytest.mark.rule(...)`` marks."""

from __future__ import annotations

import re
from pathlib import Path

from gradingcore import default_policies

TESTS = Path(__file__).resolve().parents[1]
MARK = re.compile(r"mark\.rule\(([^)]*)\)")


def marked_rule_ids() -> set[str]:
    found: set[str] = set()
    for path in TESTS.rglob("test_*.py"):
        for args in MARK.findall(path.read_text(encoding="utf-8")):
            found.update(re.findall(r'"([A-Za-z0-9_.-]+)"', args))
    return found


class TestRuleCoverage:
    def test_every_rule_id_has_a_marked_test(self) -> None:
        """No rule id of the national or Henan policy is left without a test marked with it."""
        ids = {rule_id for policy in default_policies().all() for rule_id in policy.rules}
        missing = sorted(ids - marked_rule_ids())
        assert not missing, f"rule ids with no @pytest.mark.rule test: {missing}"

    def test_marks_name_real_rule_ids(self) -> None:
        """A mark with a mistyped rule id is caught."""
        ids = {rule_id for policy in default_policies().all() for rule_id in policy.rules}
        assert marked_rule_ids() <= ids, sorted(marked_rule_ids() - ids)
