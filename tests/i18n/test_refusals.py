"""A real refusal in both languages: the head and the revocation/renewal findings translated,
the machine part (rule ids, citations, facts) the same in both."""

from __future__ import annotations

from gradingcore import commands as c
from tests.case.harness import ENTERPRISE, Case
from tests.rules.procedure_steps import self_evaluation


def test_an_application_refused_in_chinese_and_english(case: Case) -> None:
    """Self-evaluated at level 3, an application for level 2 is refused
    (apply.self_evaluation): 二级申请被拒绝 / application for level 2 refused."""
    case.run(c.SelfEvaluate, "2024-02-20", ENTERPRISE, **self_evaluation(claimed_level=3))
    refusal = case.refused("apply.self_evaluation", c.Apply, "2024-03-25", ENTERPRISE, level=2)
    zh, en = refusal.localized("zh"), refusal.localized("en")
    assert zh.startswith("二级申请被拒绝：")
    assert en.startswith("application for level 2 refused: ")
    assert refusal.render("zh").endswith(refusal.render("en")[len(en) :])  # same ids, citations
    assert refusal.facts["apply.self_evaluation.claimed_level"] == 3
