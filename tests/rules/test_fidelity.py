"""The readings corrected against the texts (issue 8, decisions 0012-0019), each at both edges:
the national policy without Henan's own rules, the review team's verdict, the experts, the
independence and the draw, rectification from the receipt, the levels one may apply for, the
industry scope, online-only handling, the unit's list, and the two defects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from gradingcore import DuplicateError, GradingError, PolicyRegistry, default_policies
from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.clock import ManualClock
from gradingcore.facts import Expert, ExpertDraw, Title
from gradingcore.policy import parse_policy
from gradingcore.service import GradingService
from gradingcore.state import Stage
from gradingcore.values import Enterprise
from tests.case.harness import (
    CITY,
    ENTERPRISE,
    PROVINCE,
    SUPERVISOR,
    TEAM,
    UNIT,
    Case,
    D,
    team,
)

from .procedure_steps import (
    forwarded,
    nonconformities,
    ordered,
    owed,
    recorded,
    reviewed,
    self_evaluation,
    team_formed,
)

DAY = "2024-03-25"  # a Monday


def beijing(service: GradingService, clock: ManualClock, industry: str = "机械") -> Case:
    """A Beijing enterprise: judged by the national policy."""
    case = Case(service, clock, serial=7, region="110105", name="北京市恒达机械有限公司")
    case.enterprise = Enterprise(case.enterprise.name, industry)
    return case


def with_industry(case: Case, industry: str) -> Case:
    case.enterprise = Enterprise(case.enterprise.name, industry)
    return case


class TestNationalPolicy:
    @pytest.mark.rule("apply.report_to_city")
    def test_the_report_to_the_city_is_henans(
        self, case: Case, service: GradingService, clock: ManualClock
    ) -> None:
        """Henan refuses a level-2 application not filed (报备) with the city; the national
        policy, which has no such rule, accepts the same application in Beijing."""
        case.self_evaluate("2024-02-20")
        case.refused(
            "apply.report_to_city", c.Apply, DAY, ENTERPRISE, level=2, reported_to_city=False
        )
        other = beijing(service, clock)
        other.self_evaluate("2024-02-20")
        event = recorded(
            other.run(c.Apply, DAY, ENTERPRISE, level=2, reported_to_city=False), ev.Applied
        )
        assert "apply.report_to_city" not in event.rules
        assert str(event.policy) == "cn.mem.2021@1"

    @pytest.mark.rule("procedure.actor")
    def test_national_actor_rule_names_no_henan_body(self) -> None:
        """The national procedure.actor quotes no Henan body; Henan's names its academy."""
        policies = default_policies()
        national = policies.get("cn.mem.2021").citation("procedure.actor")
        henan = policies.get("cn.henan.2023").citation("procedure.actor")
        assert "省应急管理厅" not in national.text_zh
        assert national.article is None
        assert national.subject
        assert "省应急管理科学技术研究院" in henan.text_zh


class TestReviewVerdictWithThresholds:
    """A policy may carry per-industry thresholds as data, each citing its standard."""

    @staticmethod
    def _policies() -> PolicyRegistry:
        from importlib import resources

        text = (resources.files("gradingcore.policy") / "data" / "cn-henan-2023.toml").read_text(
            encoding="utf-8"
        )
        text = text.replace('version = "1"', 'version = "1+thresholds"', 1)
        text += """
[documents.STD]
title = "一个行业定级标准（测试用）"
verified = false

[[rules."score.level_threshold".thresholds]]
industry = "机械"
level = 2
min_score = 75

[rules."score.level_threshold".thresholds.citation]
document = "STD"
subject = "定级评分"
verified = false
text_zh = "二级企业评审得分不低于75分（测试用文本）"
"""
        henan = parse_policy(text, source="henan-with-thresholds.toml")
        return PolicyRegistry([default_policies().get("cn.mem.2021"), henan])

    @pytest.mark.rule("score.level_threshold")
    @pytest.mark.parametrize(("score", "allowed"), [("75", True), ("74.5", False)])
    def test_a_verdict_of_met_is_checked_against_the_threshold(
        self, clock: ManualClock, score: str, allowed: bool
    ) -> None:
        """With 机械 level 2 at 75 in the policy data, a verdict of met at 75 is recorded; at
        74.5 it is refused, citing the standard; a verdict of not met at 74.5 is recorded."""
        service = GradingService("memory", policies=self._policies(), clock=clock)
        try:
            case = Case(service, clock)
            team_formed(case, DAY)
            run = {"score": Decimal(score), "nonconformities": nonconformities("N1")}
            if allowed:
                event = recorded(case.run(c.RecordReview, DAY, TEAM, **run), ev.Reviewed)
                assert event.level_met is True
                return
            refusal = case.refused("score.level_threshold", c.RecordReview, DAY, TEAM, **run)
            assert refusal.facts["score.level_threshold.threshold"] == Decimal(75)
            assert "STD, 定级评分" in str(refusal)
            event = recorded(
                case.run(c.RecordReview, DAY, TEAM, level_met=False, **run), ev.Reviewed
            )
            assert case.service.view(case.key, D(DAY)).stage is Stage.FAILED
        finally:
            service.close()


def with_expert(index: int, **changes: Any) -> tuple[Expert, ...]:
    experts = list(team())
    experts[index] = attrs.evolve(experts[index], **changes)
    return tuple(experts)


class TestExpertQualificationLevels:
    @pytest.mark.rule("review.expert_qualification")
    @pytest.mark.parametrize(("level", "qualified"), [(2, False), (3, True)])
    def test_henan_qualifications_are_for_level_2(
        self, case: Case, level: int, qualified: bool
    ) -> None:
        """A junior-titled expert is refused for a level-2 team; HN 第十四条 does not govern a
        level-3 team (the cities' rules, 第十七条), which is formed."""
        ordered(case, DAY, level)
        experts = with_expert(2, title=Title.JUNIOR)
        if qualified:
            case.run(c.FormReviewTeam, DAY, UNIT, experts=experts)
        else:
            case.refused(
                "review.expert_qualification", c.FormReviewTeam, DAY, UNIT, experts=experts
            )

    @pytest.mark.rule("review.expert_qualification")
    @pytest.mark.parametrize(
        "missing",
        ["degree", "degree_related", "safety_work_years", "title", "trained_provincially"],
    )
    def test_missing_data_is_refused_naming_it(self, case: Case, missing: str) -> None:
        """Data left out is not qualified: the refusal names the expert and the missing field."""
        ordered(case, DAY)
        experts = with_expert(1, **{missing: None})
        refusal = case.refused(
            "review.expert_qualification", c.FormReviewTeam, DAY, UNIT, experts=experts
        )
        assert refusal.facts["review.expert_qualification.missing"] == {"专家1": [missing]}
        assert missing in str(refusal)

    @pytest.mark.rule("review.expert_qualification")
    def test_an_expert_with_no_data_at_all(self, case: Case) -> None:
        """An expert given by id and name only is refused, every datum named."""
        ordered(case, DAY)
        experts = (*team()[:2], Expert("x9", "新专家"))
        refusal = case.refused(
            "review.expert_qualification", c.FormReviewTeam, DAY, UNIT, experts=experts
        )
        assert refusal.facts["review.expert_qualification.missing"]["新专家"] == [
            "degree",
            "degree_related",
            "safety_work_years",
            "title",
            "trained_provincially",
        ]


class TestIndependenceAndDraw:
    @pytest.mark.rule("review.independence")
    @pytest.mark.parametrize(
        ("served_on", "independent"),
        [("2023-03-25", False), ("2023-03-24", True)],
    )
    def test_the_units_safety_services_within_a_year(
        self, case: Case, served_on: str, independent: bool
    ) -> None:
        """HN 第十五条 covers the organizing unit: a service to the enterprise exactly a year
        before the team (2024-03-25) bars the unit; one a day earlier does not."""
        ordered(case, DAY)
        run = {"experts": team(), "organizing_unit_served_on": D(served_on)}
        if independent:
            event = recorded(case.run(c.FormReviewTeam, DAY, UNIT, **run), ev.ReviewTeamFormed)
            assert event.organizing_unit_served_on == D(served_on)
        else:
            refusal = case.refused("review.independence", c.FormReviewTeam, DAY, UNIT, **run)
            assert "organizing unit served" in refusal.facts["review.independence.problems"][0]

    @pytest.mark.rule("review.independence")
    def test_the_draw_is_recorded_on_the_teams_event(self, case: Case) -> None:
        """The random draw from the provincial pool (HN 第六条) is on the team's event."""
        ordered(case, DAY)
        draw = ExpertDraw("河南省安全生产专家库", drawn_on=D("2024-03-22"), reference="CQ-0317")
        event = recorded(
            case.run(c.FormReviewTeam, DAY, UNIT, experts=team(), draw=draw), ev.ReviewTeamFormed
        )
        assert event.draw == draw

    @pytest.mark.rule("review.independence")
    @pytest.mark.parametrize(("level", "needed"), [(2, True), (3, False)])
    def test_a_level_2_team_without_a_draw(self, case: Case, level: int, needed: bool) -> None:
        """A level-2 team with no recorded draw is refused; level 3 is the cities' to rule."""
        ordered(case, DAY, level)
        if needed:
            refusal = case.refused(
                "review.independence", c.FormReviewTeam, DAY, UNIT, experts=team(), draw=None
            )
            assert refusal.facts["review.independence.problems"] == [
                "the random draw from the provincial expert pool is not recorded"
            ]
        else:
            case.run(c.FormReviewTeam, DAY, UNIT, experts=team(), draw=None)

    @pytest.mark.rule("review.independence")
    @pytest.mark.parametrize(("drawn_on", "allowed"), [(DAY, True), ("2024-03-26", False)])
    def test_drawn_no_later_than_the_team(self, case: Case, drawn_on: str, allowed: bool) -> None:
        """A draw on the team's day is fine; a draw dated after it is refused."""
        ordered(case, DAY)
        draw = ExpertDraw("河南省安全生产专家库", drawn_on=D(drawn_on))
        if allowed:
            case.run(c.FormReviewTeam, DAY, UNIT, experts=team(), draw=draw)
        else:
            case.refused(
                "review.independence", c.FormReviewTeam, DAY, UNIT, experts=team(), draw=draw
            )


class TestRectificationFromReceipt:
    @pytest.mark.rule("rectify.deadline")
    def test_counted_from_the_receipt(self, case: Case) -> None:
        """Reviewed on 2024-03-25 and received on 2024-03-27: the 20 WD run from the receipt
        (2024-04-25, over 清明 4-5 April), not from the report (2024-04-23); fixing on
        2024-04-25 is in time, on 2024-04-26 it is late."""
        team_formed(case, DAY)
        event = recorded(
            case.run(
                c.RecordReview,
                DAY,
                TEAM,
                score=Decimal(80),
                nonconformities=nonconformities("N1"),
                received_on=D("2024-03-27"),
            ),
            ev.Reviewed,
        )
        assert event.received_on == D("2024-03-27")
        due = case.wd(D("2024-03-27"), 20)
        assert event.deadlines[0].due == due == D("2024-04-25")
        assert case.wd(D(DAY), 20) < due
        late = case.wd(due, 1)
        assert late == D("2024-04-26")
        case.refused(
            "rectify.deadline", c.FixNonconformity, str(late), ENTERPRISE, nonconformity_id="N1"
        )
        case.run(c.FixNonconformity, str(due), ENTERPRISE, nonconformity_id="N1")

    @pytest.mark.rule("rectify.deadline")
    def test_default_receipt_is_the_reports_date(self, case: Case) -> None:
        """No receipt date given: the report's date (2024-03-25 + 20 WD = 2024-04-23)."""
        reviewed(case, DAY)
        event = case.service.history(case.key)[-1]
        assert isinstance(event, ev.Reviewed)
        assert event.received_on is None  # not given: the report's own date
        assert case.service.state(case.key).application.report_received_on == D(DAY)
        assert owed(case, DAY, "rectify.deadline").due == D("2024-04-23")

    @pytest.mark.rule("rectify.deadline")
    @pytest.mark.parametrize(("received", "allowed"), [(DAY, True), ("2024-03-24", False)])
    def test_not_received_before_the_report(self, case: Case, received: str, allowed: bool) -> None:
        """A receipt dated before the report is refused; the same day is recorded."""
        team_formed(case, DAY)
        run = {
            "score": Decimal(80),
            "nonconformities": nonconformities("N1"),
            "received_on": D(received),
        }
        if allowed:
            case.run(c.RecordReview, DAY, TEAM, **run)
        else:
            case.refused("rectify.deadline", c.RecordReview, DAY, TEAM, **run)


class TestLevelsAppliedFor:
    @pytest.mark.rule("apply.self_evaluation")
    @pytest.mark.parametrize(
        ("claimed", "applied", "allowed"), [(2, 3, True), (2, 2, True), (3, 2, False)]
    )
    def test_no_higher_than_the_self_evaluated_level(
        self, case: Case, claimed: int, applied: int, allowed: bool
    ) -> None:
        """Self-evaluated at level 2, the enterprise may apply for level 2 or 3; self-evaluated
        at level 3, an application for level 2 is refused (附件1 keeps 自评等级 and 申请等级)."""
        case.run(c.SelfEvaluate, "2024-02-20", ENTERPRISE, **self_evaluation(claimed_level=claimed))
        if allowed:
            event = recorded(case.run(c.Apply, DAY, ENTERPRISE, level=applied), ev.Applied)
            assert int(event.level) == applied
        else:
            refusal = case.refused("apply.self_evaluation", c.Apply, DAY, ENTERPRISE, level=applied)
            assert refusal.facts["apply.self_evaluation.claimed_level"] == claimed

    @pytest.mark.rule("renewal.window")
    @pytest.mark.parametrize(("level", "allowed"), [(2, True), (3, False)])
    def test_an_upgrade_is_not_held_to_the_window(
        self, case: Case, level: int, allowed: bool
    ) -> None:
        """Level 3 held through 2025-04-15 (window opens 2025-01-16): on 2025-01-15 an
        application for level 2 is accepted, not a renewal; one for level 3 is refused."""
        case.self_evaluate("2022-03-01", level=3)
        case.run(c.Apply, "2022-03-16", ENTERPRISE, level=3)
        case.run(c.Accept, "2022-03-17", UNIT)
        case.run(c.Forward, "2022-03-18", UNIT)
        case.run(c.OrderReview, "2022-03-21", CITY)
        case.run(c.FormReviewTeam, "2022-03-22", UNIT, experts=team())
        case.run(c.RecordReview, "2022-03-23", TEAM, score=Decimal(70))
        case.run(c.ReportList, "2022-03-24", UNIT, list_id="2022-03")
        case.run(c.Publicize, "2022-03-24", CITY)
        case.run(c.Announce, "2022-04-15", CITY)
        case.self_evaluate("2024-12-20", level=level)
        if allowed:
            event = recorded(case.run(c.Apply, "2025-01-15", ENTERPRISE, level=2), ev.Applied)
            assert event.renewal is False
        else:
            refusal = case.refused("renewal.window", c.Apply, "2025-01-15", ENTERPRISE, level=3)
            assert refusal.facts["renewal.window.window_opens"] == D("2025-01-16")


class TestScopeIndustry:
    @pytest.mark.rule("scope.industry")
    @pytest.mark.parametrize(("industry", "allowed"), [("商贸", True), ("烟花爆竹", False)])
    def test_henans_eleven_industries(self, case: Case, industry: str, allowed: bool) -> None:
        """Henan's 第二条 lists eleven industries, the last 商贸; 烟花爆竹 is not among them."""
        with_industry(case, industry).self_evaluate("2024-02-20")
        if allowed:
            case.run(c.Apply, DAY, ENTERPRISE, level=2)
        else:
            refusal = case.refused("scope.industry", c.Apply, DAY, ENTERPRISE, level=2)
            assert refusal.facts["scope.industry.industry"] == "烟花爆竹"

    @pytest.mark.rule("scope.industry")
    @pytest.mark.parametrize(("industry", "allowed"), [("烟花爆竹", True), ("煤矿", False)])
    def test_the_national_list_is_wider(
        self, service: GradingService, clock: ManualClock, industry: str, allowed: bool
    ) -> None:
        """The national list also holds 烟花爆竹 and 石油开采 (as recalled); not 煤矿."""
        case = beijing(service, clock, industry)
        case.self_evaluate("2024-02-20")
        if allowed:
            case.run(c.Apply, DAY, ENTERPRISE, level=2)
        else:
            case.refused("scope.industry", c.Apply, DAY, ENTERPRISE, level=2)


class TestOnlineOnly:
    @pytest.mark.rule("procedure.online")
    @pytest.mark.parametrize(("channel", "allowed"), [("online", True), ("offline", False)])
    def test_henan_accepts_no_offline_application(
        self, case: Case, channel: str, allowed: bool
    ) -> None:
        """HN 第十六条: 不接受线下办理. An application through the system is accepted and records
        its channel; one marked offline is refused naming the system."""
        case.self_evaluate("2024-02-20")
        if allowed:
            event = recorded(
                case.run(c.Apply, DAY, ENTERPRISE, level=2, channel=channel), ev.Applied
            )
            assert event.channel == "online"
        else:
            refusal = case.refused(
                "procedure.online", c.Apply, DAY, ENTERPRISE, level=2, channel=channel
            )
            assert "信息管理系统" in str(refusal)


class TestPublicityList:
    @pytest.mark.rule("publicity.list")
    def test_publicity_only_after_the_units_list(self, case: Case) -> None:
        """Ready for publicity, the authority cannot publicize before the unit reports the
        enterprise on its list; after the list it can. A second listing is refused."""
        reviewed(case, DAY, score=90, found=())
        case.refused("publicity.list", c.Publicize, DAY, PROVINCE)
        event = recorded(case.run(c.ReportList, DAY, UNIT, list_id="2024-03"), ev.ListReported)
        assert (event.list_id, event.rules) == ("2024-03", ("publicity.list",))
        case.refused("publicity.list", c.ReportList, DAY, UNIT, list_id="2024-03b")
        case.refused("procedure.actor", c.Publicize, DAY, UNIT)
        case.run(c.Publicize, DAY, PROVINCE)

    @pytest.mark.rule("publicity.list")
    def test_a_direct_renewal_needs_no_list(self, case: Case) -> None:
        """A direct renewal is confirmed by the authority itself (第十条): no list is reported,
        and publicity follows at once."""
        case.graded(2022)
        for day in ("2023-04-10", "2024-04-08", "2024-12-20"):  # one self-evaluation a year
            case.self_evaluate(day)
        case.run(c.Apply, "2025-01-20", ENTERPRISE, level=2)
        case.run(c.Accept, "2025-01-21", UNIT)
        case.run(c.Forward, "2025-01-22", UNIT)
        case.run(c.ConfirmDirectRenewal, "2025-01-23", PROVINCE)
        case.refused("publicity.list", c.ReportList, "2025-01-24", UNIT, list_id="2025-01")
        case.run(c.Publicize, "2025-01-24", PROVINCE)


class TestDefects:
    @pytest.mark.rule("procedure.order")
    def test_a_refusal_says_its_text_once(self, case: Case) -> None:
        """Accepting an application twice is refused with its reason said once."""
        forwarded(case, DAY)
        refusal = case.refused("procedure.order", c.Accept, DAY, UNIT)
        text = refusal.message
        assert text == "not possible at this stage (forwarded; needs submitted)"
        assert str(refusal).count("not possible at this stage") == 1

    def test_a_duplicate_incident_is_a_plain_duplicate(self, case: Case) -> None:
        """Recording an incident id twice is a duplicate error citing no eligibility rule, and
        writes nothing."""
        case.run(c.RecordIncident, DAY, SUPERVISOR, incident_id="A1", serious_injuries=1)
        before = case._rows()
        with pytest.raises(DuplicateError) as info:
            case.run(c.RecordIncident, DAY, SUPERVISOR, incident_id="A1")
        assert isinstance(info.value, GradingError)
        assert info.value.rule_ids == ()
        assert "commit.no_accident_1y" not in str(info.value)
        assert info.value.facts["field"] == "incident_id"
        assert case._rows() == before
