"""Qinyang's level-3 window (QY-7) once the draft is adopted: 31 May is in, 1 June refused."""

from __future__ import annotations

import pendulum
import pytest

from gradingcore import commands as c
from gradingcore import default_policies
from gradingcore.clock import ManualClock
from gradingcore.service import GradingService
from tests.case.harness import ENTERPRISE, Case

QINYANG = "410882"


def _case(adopted: bool = True) -> Case:
    clock = ManualClock("2024-05-06")
    policies = default_policies()
    if adopted:
        policies = policies.adopting("cn.qinyang.2024")
    service = GradingService("memory", clock=clock, policies=policies)
    case = Case(service, clock, 1, QINYANG, "沁阳市恒通机械有限公司")
    case.self_evaluate("2024-05-06", 3)
    return case


class TestLevel3Window:
    @pytest.mark.rule("QY-7")
    def test_on_31_may_accepted(self) -> None:
        """A level-3 application on 31 May is made under Qinyang's policy, meeting QY-7."""
        case = _case()
        outcome = case.run(c.Apply, "2024-05-31", ENTERPRISE, level=3)
        assert str(outcome.events[-1].policy) == "cn.qinyang.2024@1"
        assert "QY-7" in outcome.events[-1].rules

    @pytest.mark.rule("QY-7")
    def test_from_1_june_refused_with_its_citation(self) -> None:
        """On 1 June it is refused, citing QY-7's text; nothing is written."""
        case = _case()
        error = case.refused("QY-7", c.Apply, "2024-06-01", ENTERPRISE, level=3)
        assert "too late" in str(error)
        cited = dict(zip(error.rule_ids, error.citations, strict=True))["QY-7"]
        assert "于每年5月底前向焦作市应急管理局提出申请" in cited.text_zh

    @pytest.mark.rule("QY-7")
    def test_level_2_has_no_window(self) -> None:
        """A level-2 application in June is not barred by QY-7."""
        case = _case()
        found = case.service.eligibility(case.key, 2, pendulum.date(2024, 6, 3))
        assert "QY-7" not in [f.rule_id for f in found.findings]

    @pytest.mark.rule("QY-7")
    def test_the_draft_binds_nobody_until_adopted(self) -> None:
        """Without adoption, Henan's rules govern and June is fine."""
        case = _case(adopted=False)
        outcome = case.run(c.Apply, "2024-06-03", ENTERPRISE, level=3)
        assert str(outcome.events[-1].policy) == "cn.henan.2023@1"
