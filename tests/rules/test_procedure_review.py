"""The review (HN 第七条(三), 第十三至十五条): confirmation, the team, the report, the score and a
major hazard, each rule at both edges of its numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.facts import Degree, Expert, Title
from gradingcore.policy import Level
from gradingcore.state import Stage
from gradingcore.values import Role
from tests.case.harness import ENTERPRISE, PROVINCE, TEAM, UNIT, Case, D, team

from .procedure_steps import (
    forwarded,
    nonconformities,
    ordered,
    owed,
    owed_ids,
    recorded,
    self_evaluation,
    team_formed,
)

DAY = "2024-03-25"  # a Monday: every step of these tests happens on it


def with_expert(experts: tuple[Expert, ...], index: int, **changes: Any) -> tuple[Expert, ...]:
    """The team with expert ``index`` changed."""
    changed = list(experts)
    changed[index] = attrs.evolve(changed[index], **changes)
    return tuple(changed)


class TestReviewConfirmation:
    @pytest.mark.rule("review.confirmation", "procedure.order")
    def test_no_team_before_the_authority_confirms(self, case: Case) -> None:
        """Forwarded but not confirmed: the team cannot be formed; once the authority has
        confirmed and ordered the review, it can."""
        forwarded(case, DAY)
        refusal = case.refused("procedure.order", c.FormReviewTeam, DAY, UNIT, experts=team())
        assert refusal.facts["procedure.order.stage"] == "forwarded"
        event = recorded(case.run(c.OrderReview, DAY, PROVINCE), ev.ReviewOrdered)
        assert (event.name, event.rules) == ("ReviewOrdered", ("review.confirmation",))
        case.run(c.FormReviewTeam, DAY, UNIT, experts=team())

    @pytest.mark.rule("review.confirmation")
    def test_the_authority_owes_the_confirmation(self, case: Case) -> None:
        """A forwarded application is the authority's to confirm, with no written deadline."""
        forwarded(case, DAY)
        due = owed(case, DAY, "review.confirmation")
        assert (due.party, due.due) == (Role.AUTHORITY, None)
        case.run(c.OrderReview, DAY, PROVINCE)
        assert owed_ids(case, DAY) == ["review.team_size"]


class TestReviewTeamSize:
    @pytest.mark.rule("review.team_size")
    @pytest.mark.parametrize(("size", "allowed"), [(2, False), (3, True), (5, True), (6, False)])
    def test_three_to_five_experts(self, case: Case, size: int, allowed: bool) -> None:
        """3 and 5 experts (the leader counted) are a team; 2 and 6 are not."""
        ordered(case, DAY)
        if allowed:
            event = recorded(
                case.run(c.FormReviewTeam, DAY, UNIT, experts=team(size)), ev.ReviewTeamFormed
            )
            assert len(event.experts) == size
        else:
            refusal = case.refused(
                "review.team_size", c.FormReviewTeam, DAY, UNIT, experts=team(size)
            )
            assert refusal.facts["review.team_size.experts"] == size

    @pytest.mark.rule("review.team_size")
    @pytest.mark.parametrize(("leaders", "allowed"), [(0, False), (1, True), (2, False)])
    def test_one_leader(self, case: Case, leaders: int, allowed: bool) -> None:
        """A team has exactly one leader: none or two are refused."""
        ordered(case, DAY)
        experts = team(4)
        if leaders == 0:
            experts = with_expert(experts, 0, leader=False)
        if leaders == 2:
            experts = with_expert(experts, 2, leader=True, title=Title.SENIOR, safety_work_years=15)
        if allowed:
            case.run(c.FormReviewTeam, DAY, UNIT, experts=experts)
        else:
            refusal = case.refused("review.team_size", c.FormReviewTeam, DAY, UNIT, experts=experts)
            assert refusal.facts["review.team_size.leaders"] == leaders


class TestReviewExpertise:
    @pytest.mark.rule("review.expertise")
    def test_someone_knows_the_process(self, case: Case) -> None:
        """With no expert versed in the enterprise's processes or equipment the team is refused;
        with exactly one it is formed."""
        ordered(case, DAY)
        none = with_expert(team(), 1, process_background=False)
        assert not any(e.process_background for e in none)
        case.refused("review.expertise", c.FormReviewTeam, DAY, UNIT, experts=none)
        one = team()
        assert sum(e.process_background for e in one) == 1
        case.run(c.FormReviewTeam, DAY, UNIT, experts=one)


QUALIFICATION_EDGES = [
    # (expert index, change, qualified?): index 0 is the leader, 2 a member
    (2, {"safety_work_years": 4}, False),
    (2, {"safety_work_years": 5}, True),
    (0, {"safety_work_years": 9}, False),
    (0, {"safety_work_years": 10}, True),
    (2, {"title": Title.JUNIOR}, False),
    (2, {"title": Title.INTERMEDIATE}, True),
    (0, {"title": Title.INTERMEDIATE}, False),
    (0, {"title": Title.SENIOR}, True),
    (2, {"degree": Degree.ASSOCIATE}, False),
    (2, {"degree": Degree.BACHELOR}, True),
    (2, {"degree_related": False}, False),
    (2, {"trained_provincially": False}, False),
]


class TestReviewExpertQualification:
    @pytest.mark.rule("review.expert_qualification")
    @pytest.mark.parametrize(("index", "change", "qualified"), QUALIFICATION_EDGES)
    def test_edges(self, case: Case, index: int, change: dict[str, Any], qualified: bool) -> None:
        """Experts: a related bachelor's degree, an intermediate title, 5 years, provincial
        training; the leader: a senior title and 10 years. Each at its edge."""
        ordered(case, DAY)
        experts = with_expert(team(), index, **change)
        if qualified:
            case.run(c.FormReviewTeam, DAY, UNIT, experts=experts)
        else:
            refusal = case.refused(
                "review.expert_qualification", c.FormReviewTeam, DAY, UNIT, experts=experts
            )
            problems = refusal.facts["review.expert_qualification.problems"]
            assert len(problems) == 1
            assert problems[0].startswith(experts[index].name)


class TestReviewIndependence:
    @pytest.mark.rule("review.independence")
    @pytest.mark.parametrize(
        ("served_on", "independent"),
        [
            ("2024-03-25", False),  # the same day
            ("2023-03-25", False),  # exactly 1 year before the team is formed
            ("2023-03-24", False),  # one day earlier: still, no time limit for an expert
            ("2014-03-24", False),  # ten years before
            ("2024-03-26", True),  # a service after the team is formed is not the question
        ],
    )
    def test_an_expert_who_ever_served_stands_aside(
        self, case: Case, served_on: str, independent: bool
    ) -> None:
        """An expert who gave the enterprise technical services stands aside, however long ago
        (HN 第十四条第二款: 对技术服务过的企业，主动提出回避, no time limit)."""
        ordered(case, DAY)
        experts = with_expert(team(), 2, last_safety_service_on=D(served_on))
        if independent:
            case.run(c.FormReviewTeam, DAY, UNIT, experts=experts)
        else:
            refusal = case.refused(
                "review.independence", c.FormReviewTeam, DAY, UNIT, experts=experts
            )
            assert any("专家2" in p for p in refusal.facts["review.independence.problems"])

    @pytest.mark.rule("review.independence")
    def test_a_consulting_expert_is_refused(self, case: Case) -> None:
        """An expert who gave the enterprise standardization consulting is refused, at any time."""
        ordered(case, DAY)
        experts = with_expert(team(), 1, consulted_enterprise=True)
        case.refused("review.independence", c.FormReviewTeam, DAY, UNIT, experts=experts)

    @pytest.mark.rule("review.independence")
    def test_a_consulting_organizing_unit_is_refused(self, case: Case) -> None:
        """An organizing unit that trained or consulted the enterprise may not run its review."""
        ordered(case, DAY)
        refusal = case.refused(
            "review.independence",
            c.FormReviewTeam,
            DAY,
            UNIT,
            experts=team(),
            organizing_unit_consulted=True,
        )
        assert refusal.facts["review.independence.problems"] == [
            "the organizing unit gave the enterprise training or consulting"
        ]


class TestReviewReport:
    @pytest.mark.rule("review.report")
    def test_records_score_nonconformities_and_verdict(self, case: Case) -> None:
        """The report records the score, the nonconformities and whether the level is met, and
        the enterprise's 20-WD rectification deadline (2024-03-25 + 20 WD = 2024-04-23)."""
        team_formed(case, DAY)
        found = nonconformities("N1", "N2")
        event = recorded(
            case.run(c.RecordReview, DAY, TEAM, score=Decimal("81.5"), nonconformities=found),
            ev.Reviewed,
        )
        assert (event.score, event.nonconformities, event.level_met) == (
            Decimal("81.5"),
            found,
            True,
        )
        assert "review.report" in event.rules
        assert [(d.rule_id, d.due, d.party) for d in event.deadlines] == [
            ("rectify.deadline", D("2024-04-23"), Role.ENTERPRISE)
        ]

    @pytest.mark.rule("review.report")
    def test_the_team_owes_the_report(self, case: Case) -> None:
        """Once the team is formed, the review team owes the review and its report."""
        team_formed(case, DAY)
        assert owed(case, DAY, "review.report").party is Role.REVIEW_TEAM

    @pytest.mark.rule("review.report")
    def test_nonconformity_ids_are_unique(self, case: Case) -> None:
        """A report listing the same nonconformity id twice is refused."""
        team_formed(case, DAY)
        refusal = case.refused(
            "review.report",
            c.RecordReview,
            DAY,
            TEAM,
            score=Decimal(80),
            nonconformities=nonconformities("N1", "N1"),
        )
        assert refusal.facts["review.report.ids"] == ["N1", "N1"]

    @pytest.mark.rule("review.report")
    def test_without_nonconformities_straight_to_publicity(self, case: Case) -> None:
        """A met level with nothing to fix sets no deadline and is ready for publicity: first the
        unit owes its list to the authority (publicity.list), then the authority publicity."""
        team_formed(case, DAY)
        event = recorded(case.run(c.RecordReview, DAY, TEAM, score=Decimal(90)), ev.Reviewed)
        assert event.deadlines == ()
        assert owed(case, DAY, "publicity.list").party is Role.ORGANIZING_UNIT
        case.run(c.ReportList, DAY, UNIT, list_id="名单-1")
        assert owed(case, DAY, "publicity.duration").party is Role.AUTHORITY


class TestReviewMajorHazard:
    @pytest.mark.rule("review.major_hazard")
    def test_fails_the_review_at_once(self, case: Case) -> None:
        """A major hazard fails a review that scored 95: no rectification, the authority owes
        the failure notice, which cites review.major_hazard."""
        team_formed(case, DAY)
        event = recorded(
            case.run(
                c.RecordReview,
                DAY,
                TEAM,
                score=Decimal(95),
                nonconformities=nonconformities("N1"),
                major_hazard_found=True,
            ),
            ev.Reviewed,
        )
        assert (event.major_hazard_found, event.deadlines) == (True, ())
        assert "review.major_hazard" in event.rules
        view = case.service.view(case.key, D(DAY))
        assert view.stage is Stage.FAILED
        notice = owed(case, DAY, "announce.failure_notice")
        assert notice.party is Role.AUTHORITY
        assert "review.major_hazard" in notice.facts["rules"]  # type: ignore[operator]
        case.refused("procedure.order", c.FixNonconformity, DAY, ENTERPRISE, nonconformity_id="N1")
        failed = recorded(
            case.run(
                c.NotifyFailure, "2024-03-26", PROVINCE, reasons=("现场评审发现重大事故隐患",)
            ),
            ev.NotPassed,
        )
        assert "review.major_hazard" in failed.rules

    @pytest.mark.rule("review.major_hazard")
    def test_without_a_hazard_rectification_follows(self, case: Case) -> None:
        """The same review without a major hazard goes on to rectification."""
        team_formed(case, DAY)
        case.run(
            c.RecordReview, DAY, TEAM, score=Decimal(95), nonconformities=nonconformities("N1")
        )
        assert case.service.view(case.key, D(DAY)).stage is Stage.RECTIFYING


class TestScoreRange:
    @pytest.mark.rule("score.range")
    @pytest.mark.parametrize(
        ("score", "allowed"),
        [("-0.5", False), ("0", True), ("100", True), ("100.5", False)],
    )
    def test_review_score_0_to_100(self, case: Case, score: str, allowed: bool) -> None:
        """Review scores of 0 and 100 are recorded; -0.5 and 100.5 are refused."""
        team_formed(case, DAY)
        if allowed:
            event = recorded(case.run(c.RecordReview, DAY, TEAM, score=Decimal(score)), ev.Reviewed)
            assert event.score == Decimal(score)
        else:
            refusal = case.refused("score.range", c.RecordReview, DAY, TEAM, score=Decimal(score))
            assert refusal.facts["score.range.score"] == Decimal(score)

    @pytest.mark.rule("score.range")
    def test_self_evaluation_score_0_to_100(self, case: Case) -> None:
        """A self-evaluation scoring 100.5 is refused; 100 is recorded."""
        too_high = self_evaluation(score=Decimal("100.5"))
        case.refused("score.range", c.SelfEvaluate, "2024-03-01", ENTERPRISE, **too_high)
        case.run(c.SelfEvaluate, "2024-03-01", ENTERPRISE, **self_evaluation(score=Decimal(100)))


class TestScoreLevelThreshold:
    @pytest.mark.rule("score.level_threshold")
    @pytest.mark.parametrize("met", [True, False])
    def test_the_teams_verdict_decides(self, case: Case, met: bool) -> None:
        """Henan holds no score bar (第四条 leaves it to the industry standards): the same score
        of 74.5 is met or not as the team's verdict (是否达到拟申请等级, 附件2) says; not met fails
        the review at once and the failure notice cites score.level_threshold."""
        team_formed(case, DAY)
        event = recorded(
            case.run(
                c.RecordReview,
                DAY,
                TEAM,
                score=Decimal("74.5"),
                nonconformities=nonconformities("N1"),
                level_met=met,
            ),
            ev.Reviewed,
        )
        assert event.level_met is met
        stage = case.service.view(case.key, D(DAY)).stage
        assert stage is (Stage.RECTIFYING if met else Stage.FAILED)
        if not met:
            assert event.deadlines == ()  # no rectification: the verdict stands (decision 0013)
            notice = recorded(
                case.run(c.NotifyFailure, DAY, PROVINCE, reasons=("未达到拟申请等级",)),
                ev.NotPassed,
            )
            assert "score.level_threshold" in notice.rules

    @pytest.mark.rule("score.level_threshold")
    def test_a_verdict_of_met_with_a_failed_veto_item_is_refused(self, case: Case) -> None:
        """A failed veto item (否决项) contradicts a verdict of met: refused; the same report
        with the verdict not met is recorded and fails the review."""
        team_formed(case, DAY)
        found = (*nonconformities("N1"), *nonconformities("V1", veto=True))
        refusal = case.refused(
            "score.level_threshold",
            c.RecordReview,
            DAY,
            TEAM,
            score=Decimal(95),
            nonconformities=found,
        )
        assert refusal.facts["score.level_threshold.vetoed"] == ["V1"]
        event = recorded(
            case.run(
                c.RecordReview,
                DAY,
                TEAM,
                score=Decimal(95),
                nonconformities=found,
                level_met=False,
            ),
            ev.Reviewed,
        )
        assert event.level_met is False
        assert case.service.view(case.key, D(DAY)).stage is Stage.FAILED

    @pytest.mark.rule("score.level_threshold")
    def test_no_thresholds_in_the_shipped_policies(self, case: Case) -> None:
        """Neither Henan's nor the national policy holds a score bar: no industry standard was
        read (the 90/75/60 of earlier versions were a misreading, decision 0013)."""
        judge = case.service.judge_for(case.key, D(DAY), level=Level.LEVEL_2)
        rule = judge.policy.rule("score.level_threshold")
        assert (dict(rule.values), rule.thresholds) == ({}, ())
        assert rule.threshold("机械", Level.LEVEL_2) is None
