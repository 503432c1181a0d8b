"""Every citation of a local scheme quotes its seed word for word, and every checklist item of
schemes-checklists.md is a rule of its policy or written down as out of scope with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gradingcore import default_policies

#: The seeds sit in ../shared beside the checkout (two levels up from a worktree under wt/).
_HERE = Path(__file__).resolve()
SEEDS = next(
    (p / "shared" / "seeds" for p in _HERE.parents[3:5] if (p / "shared" / "seeds").is_dir()),
    _HERE.parents[3] / "shared" / "seeds",
)

#: Each scheme's policy, its document code, its seed, and its checklist ids.
SCHEMES = {
    "cn.changzhou.2022": ("CZ", "003_80e9295afda6200d.txt", [f"CZ-{n}" for n in range(1, 11)]),
    "cn.qinyang.2024": ("QY", "000_b68fee82a3ce2579.txt", [f"QY-{n}" for n in range(1, 16)]),
    "cn.erqi.2016": ("EQ", "002_2dcbf6251fcd13bd.txt", [f"EQ-{n}" for n in range(1, 12)]),
    "cn.baoding.2024": ("BD", "001_fde33d52a55d3123.txt", [f"BD-{n}" for n in range(1, 16)]),
}


def _plain(text: str) -> str:
    # Page and line breaks of the stored seed are not part of the wording.
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("policy_id", sorted(SCHEMES))
class TestSchemeCitations:
    def test_every_checklist_item_is_a_rule_or_out_of_scope(self, policy_id: str) -> None:
        """Each checklist id is a rule of the scheme's policy, or out of scope with a reason."""
        policy = default_policies().get(policy_id)
        _, _, ids = SCHEMES[policy_id]
        missing = [i for i in ids if i not in policy.rules and i not in policy.out_of_scope]
        both = [i for i in ids if i in policy.rules and i in policy.out_of_scope]
        assert (missing, both) == ([], [])
        assert all(len(reason) > 20 for reason in policy.out_of_scope.values())

    def test_citations_quote_the_seed(self, policy_id: str) -> None:
        """Every citation of the scheme's own document is a passage of its seed, as stored."""
        code, seed, _ = SCHEMES[policy_id]
        path = SEEDS / seed
        if not path.exists():
            pytest.skip("the seeds (../shared/seeds) are not beside this checkout")
        source = _plain(path.read_text(encoding="utf-8"))
        policy = default_policies().get(policy_id)
        own = [r for r in policy.rules.values() if r.citation.document == code]
        assert own, "the scheme cites its own document"
        for rule in own:
            for passage in rule.citation.text_zh.split("……"):
                assert _plain(passage) in source, f"{rule.id}: {passage!r}"
