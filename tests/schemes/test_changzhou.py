"""Changzhou's rules over a real grading case: the gate for new level-1/2 applications (CZ-8)
at 89/90 and 74/75, and the municipal recognition (CZ-7) from the review's score."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs
import pendulum
import pytest

from gradingcore import commands as c
from gradingcore.clock import ManualClock
from gradingcore.schemes import changzhou
from gradingcore.service import GradingService
from tests.case.harness import ENTERPRISE, PROVINCE, SUPERVISOR, UNIT, Case, team

CHANGZHOU = "320402"
#: A review team of members of Changzhou's reviewer pool (CZ-9).
POOL_TEAM = tuple(attrs.evolve(e, pools=("常州市评定人员库",)) for e in team())


@pytest.fixture
def case() -> Case:
    clock = ManualClock("2023-03-01")
    return Case(
        GradingService("memory", clock=clock), clock, 1, CHANGZHOU, "常州市恒达化工有限公司"
    )


def _apply(case: Case, score: int, level: int = 2) -> None:
    case.self_evaluate("2023-03-01", level, score)


class TestNewLevelGate:
    @pytest.mark.rule("CZ-8")
    def test_level_2_at_74_is_refused_with_its_citation(self, case: Case) -> None:
        """A new level-2 application scored 74 is refused, citing CZ-8; nothing is written."""
        _apply(case, 74)
        error = case.refused("CZ-8", c.Apply, "2023-03-16", ENTERPRISE, level=2)
        (citation,) = [
            ct for r, ct in zip(error.rule_ids, error.citations, strict=True) if r == "CZ-8"
        ]
        assert citation.document == "CZ"
        assert "企業(yè)評分達到75分以上,方可新申報二級" in citation.text_zh
        assert "at least 75: score 74" in str(error)

    @pytest.mark.rule("CZ-8")
    def test_level_2_at_75_is_accepted(self, case: Case) -> None:
        """A new level-2 application scored 75 goes through under Changzhou's policy, which
        records CZ-8 among the rules it met."""
        _apply(case, 75)
        outcome = case.run(c.Apply, "2023-03-16", ENTERPRISE, level=2)
        assert str(outcome.events[-1].policy) == "cn.changzhou.2022@1"
        assert "CZ-8" in outcome.events[-1].rules

    @pytest.mark.rule("CZ-8")
    @pytest.mark.parametrize(("score", "meets"), [(89, False), (90, True)])
    def test_level_1_at_89_and_90(self, case: Case, score: int, meets: bool) -> None:
        """For level 1 the gate is 90: unmet at 89, met at 90 (other level-1 rules aside)."""
        _apply(case, score, level=1)
        found = case.service.eligibility(case.key, 1, pendulum.date(2023, 3, 16))
        (gate,) = [f for f in found.findings if f.rule_id == "CZ-8"]
        assert gate.holds is meets

    @pytest.mark.rule("CZ-8")
    def test_an_earlier_certificate_exempts(self, case: Case) -> None:
        """An enterprise graded level 2 before is not new: a score of 70 does not bar it."""
        case.graded(2022, experts=POOL_TEAM)  # level 2, announced 2022-04-15, valid to 2025-04-15
        case.self_evaluate("2023-03-01", 2, 70)
        found = case.service.eligibility(case.key, 2, pendulum.date(2023, 3, 16))
        (gate,) = [f for f in found.findings if f.rule_id == "CZ-8"]
        assert gate.holds
        assert "graded level 2 before" in gate.message

    @pytest.mark.rule("CZ-8")
    def test_level_3_is_not_gated(self, case: Case) -> None:
        """A level-3 application is not gated, whatever its score."""
        case.self_evaluate("2023-03-01", 3, 61)
        found = case.service.eligibility(case.key, 3, pendulum.date(2023, 3, 16))
        assert "CZ-8" not in [f.rule_id for f in found.findings]

    @pytest.mark.rule("CZ-8")
    def test_outside_changzhou_there_is_no_gate(self) -> None:
        """The same case in Henan (and in Changzhou from 2024) meets no CZ-8."""
        clock = ManualClock("2023-03-01")
        henan = Case(GradingService("memory", clock=clock), clock, 2, "410882")
        henan.self_evaluate("2023-03-01", 2, 74)
        found = henan.service.eligibility(henan.key, 2, pendulum.date(2023, 3, 16))
        assert "CZ-8" not in [f.rule_id for f in found.findings]


class TestRecognition:
    @pytest.mark.rule("CZ-7")
    @pytest.mark.parametrize(
        ("score", "grade"),
        [(59, None), (60, "达标企业"), (74, "达标企业"), (75, "标杆企业")],
    )
    def test_from_the_review_score(self, case: Case, score: int, grade: str | None) -> None:
        """59 earns nothing, 60 and 74 达标企业, 75 标杆企业: the city's own outcome, read from
        the grading case's review without changing it."""
        case.through_review(2023, experts=POOL_TEAM)
        state = case.service.state(case.key)
        app = state.application
        assert app is not None
        scored = attrs.evolve(state, application=attrs.evolve(app, score=Decimal(score)))
        judge = case.service.judge_for(case.key, pendulum.date(2023, 6, 1))
        found = changzhou.recognition(judge, scored)
        assert (found.grade if found else None) == grade

    @pytest.mark.rule("CZ-7")
    def test_recorded_review(self, case: Case) -> None:
        """The harness's review scores 80: a 标杆企业, reviewed on the review's date."""
        dates = case.through_review(2023, experts=POOL_TEAM)
        judge = case.service.judge_for(case.key, pendulum.date(2023, 6, 1))
        found = changzhou.recognition(judge, case.service.state(case.key))
        assert found is not None
        assert (found.grade, found.score, found.reviewed_on) == (
            "标杆企业",
            Decimal(80),
            dates["reviewed"],
        )
        assert str(found.finding.citation) == "CZ 三、進度安排(三)"


#: A hazard record's 五落实, every one given (the time limit is fix_by).
FIVE: Mapping[str, str] = MappingProxyType(
    {
        "responsibility": "设备部 王工",
        "measures": "更换防爆电机",
        "funds": "12万元",
        "contingency_plan": "粉尘爆炸专项应急预案",
    }
)


class TestFiveInPlace:
    @pytest.mark.rule("CZ-4")
    def test_complete_is_recorded_citing_cz4(self, case: Case) -> None:
        """A hazard with all five in place is recorded, with them, citing CZ-4."""
        outcome = case.run(
            c.RecordHazard,
            "2023-05-04",
            SUPERVISOR,
            hazard_id="H1",
            major=False,
            fix_by=pendulum.date(2023, 5, 31),
            **FIVE,
        )
        event = outcome.events[-1]
        assert "CZ-4" in event.rules
        assert (event.funds, event.contingency_plan) == ("12万元", "粉尘爆炸专项应急预案")

    @pytest.mark.rule("CZ-4")
    @pytest.mark.parametrize(
        ("left_out", "named"),
        [("funds", "资金"), ("contingency_plan", "应急预案"), ("responsibility", "责任")],
    )
    def test_incomplete_is_refused_naming_what_is_missing(
        self, case: Case, left_out: str, named: str
    ) -> None:
        """A hazard missing one of the five is refused, naming it; nothing is written."""
        case.self_evaluate("2023-03-01", 3, 70)  # the case exists, so the refusal is measurable
        fields = {k: v for k, v in FIVE.items() if k != left_out}
        error = case.refused(
            "CZ-4",
            c.RecordHazard,
            "2023-05-04",
            SUPERVISOR,
            hazard_id="H1",
            major=True,
            fix_by=pendulum.date(2023, 5, 31),
            **fields,
        )
        assert f"missing {named}" in str(error)

    @pytest.mark.rule("CZ-4")
    def test_not_asked_outside_changzhou(self) -> None:
        """Under Henan's rules a hazard needs no five in place."""
        clock = ManualClock("2024-05-04")
        henan = Case(GradingService("memory", clock=clock), clock, 2, "410882")
        outcome = henan.run(
            c.RecordHazard,
            "2024-05-04",
            SUPERVISOR,
            hazard_id="H1",
            major=False,
            fix_by=pendulum.date(2024, 5, 31),
        )
        assert "CZ-4" not in outcome.events[-1].rules


class TestReviewerPool:
    def _to_team(self, case: Case) -> None:
        case.self_evaluate("2023-03-01", 2, 80)
        for step, on, actor, kw in [
            (c.Apply, "2023-03-16", ENTERPRISE, {"level": 2}),
            (c.Accept, "2023-03-17", UNIT, {}),
            (c.Forward, "2023-03-20", UNIT, {"opinion": "符合申请条件"}),
            (c.OrderReview, "2023-03-21", PROVINCE, {}),
        ]:
            case.run(step, on, actor, **kw)

    @pytest.mark.rule("CZ-9")
    def test_a_team_outside_the_pool_is_refused(self, case: Case) -> None:
        """A team with one expert outside the 评定人员库 is refused, naming the expert."""
        self._to_team(case)
        mixed = (*POOL_TEAM[:2], attrs.evolve(POOL_TEAM[2], pools=()))
        error = case.refused("CZ-9", c.FormReviewTeam, "2023-03-22", UNIT, experts=mixed)
        assert f"not members of 常州市评定人员库: {mixed[2].name}" in str(error)

    @pytest.mark.rule("CZ-9")
    def test_a_team_of_members_is_formed(self, case: Case) -> None:
        """A team all of members is formed, recording CZ-9 among the rules it met."""
        self._to_team(case)
        outcome = case.run(c.FormReviewTeam, "2023-03-22", UNIT, experts=POOL_TEAM)
        assert "CZ-9" in outcome.events[-1].rules

    @pytest.mark.rule("CZ-9")
    def test_no_pool_outside_changzhou(self) -> None:
        """Under Henan's rules the pool is not asked for."""
        clock = ManualClock("2024-03-01")
        henan = Case(GradingService("memory", clock=clock), clock, 2, "410882")
        henan.through_review(2024)
        assert "CZ-9" not in [r for e in henan.service.history(henan.key) for r in e.rules]
