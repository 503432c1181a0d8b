"""Qinyang's level-3 window (QY-7) once the draft is adopted: 31 May is in, 1 June refused."""

from __future__ import annotations

import pendulum
import pytest

from gradingcore import commands as c
from gradingcore import default_policies
from gradingcore.clock import ManualClock
from gradingcore.service import GradingService
from tests.case.harness import ENTERPRISE, SUPERVISOR, Case

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


class TestYearDoneBy:
    @pytest.mark.rule("QY-7")
    def test_due_on_30_november_overdue_from_1_december(self) -> None:
        """An open level-3 application of 2024 is the authority's to finish by 2024-11-30."""
        case = _case()
        case.run(c.Apply, "2024-05-20", ENTERPRISE, level=3)
        (on_time,) = [
            o
            for o in case.service.view(case.key, pendulum.date(2024, 11, 30)).obligations
            if o.rule_id == "QY-7"
        ]
        assert (on_time.due, on_time.overdue, str(on_time.party)) == (
            pendulum.date(2024, 11, 30),
            False,
            "authority",
        )
        (late,) = [
            o
            for o in case.service.view(case.key, pendulum.date(2024, 12, 1)).obligations
            if o.rule_id == "QY-7"
        ]
        assert late.overdue

    @pytest.mark.rule("QY-7")
    def test_not_under_henan(self) -> None:
        """Under Henan's rules alone no such obligation exists."""
        case = _case(adopted=False)
        case.run(c.Apply, "2024-05-20", ENTERPRISE, level=3)
        view = case.service.view(case.key, pendulum.date(2024, 12, 1))
        assert "QY-7" not in [o.rule_id for o in view.obligations]


class TestRevocationRequested:
    def _graded(self) -> Case:
        clock = ManualClock("2024-03-01")
        policies = default_policies().adopting("cn.qinyang.2024")
        case = Case(GradingService("memory", clock=clock, policies=policies), clock, 3, QINYANG)
        case.graded(2024)  # level 2, announced 2024-04-17
        return case

    @pytest.mark.rule("QY-12")
    def test_any_accident_raises_a_request(self) -> None:
        """An accident with no death or injury still raises the request, from its day on, for
        the higher authority to decide; the level stands meanwhile."""
        case = self._graded()
        case.run(c.RecordIncident, "2024-06-01", SUPERVISOR, incident_id="Q-1")
        before = case.service.view(case.key, pendulum.date(2024, 5, 31))
        assert "QY-12" not in [o.rule_id for o in before.obligations]
        after = case.service.view(case.key, pendulum.date(2024, 6, 2))
        (request,) = [o for o in after.obligations if o.rule_id == "QY-12"]
        assert str(request.party) == "authority"
        assert "上级应急管理部门" in request.what
        assert request.citation.document == "QY"
        assert after.level is not None  # requested, not revoked

    @pytest.mark.rule("QY-12")
    def test_no_request_without_a_level(self) -> None:
        """An accident of an ungraded enterprise raises no request."""
        case = _case()
        case.run(c.RecordIncident, "2024-06-01", SUPERVISOR, incident_id="Q-2")
        view = case.service.view(case.key, pendulum.date(2024, 6, 2))
        assert "QY-12" not in [o.rule_id for o in view.obligations]
