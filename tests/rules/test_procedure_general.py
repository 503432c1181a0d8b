"""The rules that hold across the procedure: the order of the steps, who takes each, which
authority grades which level, no fees, and counting time on the official calendar through the
service."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from gradingcore import commands as c
from gradingcore import default_policies
from gradingcore import events as ev
from gradingcore import facts as f
from gradingcore.rules import Obligation
from gradingcore.values import Actor, CaseKey, Enterprise
from tests.case.harness import (
    CITY,
    ENTERPRISE,
    MEM,
    PROVINCE,
    SUPERVISOR,
    TEAM,
    UNIT,
    Case,
    D,
    team,
)

from .procedure_steps import (
    accepted,
    applied,
    forwarded,
    last_event,
    nonconformities,
    owed,
    publicized,
    recorded,
    reviewed,
    self_evaluation,
    team_formed,
)

SELF_EVALUATION = self_evaluation()


class TestProcedureOrder:
    @pytest.mark.rule("procedure.order")
    @pytest.mark.parametrize(
        ("setup", "command", "actor", "payload", "stage"),
        [
            (applied, c.OrderReview, PROVINCE, {}, "submitted"),
            (accepted, c.Resubmit, ENTERPRISE, {}, "accepted"),
            (forwarded, c.FormReviewTeam, UNIT, {"experts": team()}, "forwarded"),
            (forwarded, c.RecordReview, TEAM, {"score": Decimal(90)}, "forwarded"),
            (reviewed, c.Publicize, PROVINCE, {}, "rectifying"),
            (reviewed, c.VerifyRectification, TEAM, {"passed": True}, "rectifying"),
            (accepted, c.Announce, PROVINCE, {}, "accepted"),
            (accepted, c.RaiseObjection, PROVINCE, {"objection_id": "O1"}, "accepted"),
        ],
    )
    def test_steps_out_of_order(
        self,
        case: Case,
        setup: Callable[[Case, str], None],
        command: type[c.Command],
        actor: Actor,
        payload: dict[str, Any],
        stage: str,
    ) -> None:
        """A step taken before the steps it follows is refused, naming the stage."""
        setup(case, "2024-03-26")
        refusal = case.refused("procedure.order", command, "2024-03-27", actor, **payload)
        assert refusal.facts["procedure.order.stage"] == stage

    @pytest.mark.rule("procedure.order")
    def test_nothing_before_an_application(self, case: Case) -> None:
        """With no application, intake steps are refused: there is nothing to accept."""
        case.self_evaluate("2024-03-01")
        refusal = case.refused("procedure.order", c.Accept, "2024-03-20", UNIT)
        assert refusal.facts["procedure.order.stage"] == "no application"

    @pytest.mark.rule("procedure.order")
    def test_one_application_at_a_time(self, case: Case) -> None:
        """While an application is open a second one is refused; once closed, one is allowed."""
        accepted(case, "2024-03-20")
        case.refused("procedure.order", c.Apply, "2024-03-21", ENTERPRISE, level=2)
        case.run(c.Reject, "2024-03-22", UNIT, reasons=("材料不全",))
        case.run(c.Apply, "2024-03-22", ENTERPRISE, level=2)

    @pytest.mark.rule("procedure.order")
    @pytest.mark.parametrize(
        ("history", "command", "on", "actor", "payload", "last"),
        [
            ([], c.Accept, "2024-03-19", UNIT, {}, "2024-03-20"),
            ([], c.SelfEvaluate, "2024-03-19", ENTERPRISE, SELF_EVALUATION, "2024-03-20"),
            ([(c.Accept, "2024-03-20", UNIT, {})], c.Forward, "2024-03-19", UNIT, {}, "2024-03-20"),
            (
                [
                    (c.Accept, "2024-03-20", UNIT, {}),
                    (c.Reject, "2024-03-25", UNIT, {"reasons": ("材料不全",)}),
                ],
                c.Apply,
                "2024-03-22",
                ENTERPRISE,
                {"level": 2},
                "2024-03-25",
            ),
        ],
    )
    def test_intake_step_dated_before_the_last(
        self,
        case: Case,
        history: list[tuple[type[c.Command], str, Actor, dict[str, Any]]],
        command: type[c.Command],
        on: str,
        actor: Actor,
        payload: dict[str, Any],
        last: str,
    ) -> None:
        """Applied on 2024-03-20: a step dated before the case's last step is refused, naming
        both dates."""
        applied(case, "2024-03-20")
        for step, day, who, args in history:
            case.run(step, day, who, **args)
        refusal = case.refused("procedure.order", command, on, actor, **payload)
        assert refusal.facts["procedure.order.on"] == D(on)
        assert refusal.facts["procedure.order.last_step_on"] == D(last)

    @pytest.mark.rule("procedure.order")
    @pytest.mark.parametrize(
        ("history", "command", "on", "actor", "payload", "last"),
        [
            (
                [],
                c.FixNonconformity,
                "2024-03-25",
                ENTERPRISE,
                {"nonconformity_id": "N1"},
                "2024-03-26",
            ),
            (
                [],
                c.ExtendRectification,
                "2024-03-25",
                PROVINCE,
                {"workdays": 5, "reason": f.ForceMajeure.EPIDEMIC},
                "2024-03-26",
            ),
            (
                [(c.FixNonconformity, "2024-04-10", ENTERPRISE, {"nonconformity_id": "N1"})],
                c.ReportRectification,
                "2024-04-09",
                ENTERPRISE,
                {},
                "2024-04-10",
            ),
            (
                [
                    (c.FixNonconformity, "2024-04-10", ENTERPRISE, {"nonconformity_id": "N1"}),
                    (c.ReportRectification, "2024-04-10", ENTERPRISE, {}),
                ],
                c.VerifyRectification,
                "2024-04-09",
                TEAM,
                {"passed": True},
                "2024-04-10",
            ),
        ],
    )
    def test_rectification_step_dated_before_the_last(
        self,
        case: Case,
        history: list[tuple[type[c.Command], str, Actor, dict[str, Any]]],
        command: type[c.Command],
        on: str,
        actor: Actor,
        payload: dict[str, Any],
        last: str,
    ) -> None:
        """Reviewed on 2024-03-26: fixing, extending, reporting or verifying dated before the
        case's last step is refused, naming both dates."""
        reviewed(case, "2024-03-26")
        for step, day, who, args in history:
            case.run(step, day, who, **args)
        refusal = case.refused("procedure.order", command, on, actor, **payload)
        assert refusal.facts["procedure.order.on"] == D(on)
        assert refusal.facts["procedure.order.last_step_on"] == D(last)

    @pytest.mark.rule("procedure.order")
    def test_failure_notice_dated_before_the_failed_review(self, case: Case) -> None:
        """A review failed on 2024-03-26 cannot be notified as failed on 03-25; on 03-26 it can."""
        reviewed(case, "2024-03-26", score=70, level_met=False)
        case.refused(
            "procedure.order", c.NotifyFailure, "2024-03-25", PROVINCE, reasons=("未达标",)
        )
        case.run(c.NotifyFailure, "2024-03-26", PROVINCE, reasons=("未达标",))

    @pytest.mark.rule("procedure.order")
    @pytest.mark.parametrize(
        ("history", "command", "on", "payload", "last"),
        [
            (
                [
                    (c.RaiseObjection, "2024-10-08", {"objection_id": "O1"}),
                    (
                        c.ResolveObjection,
                        "2024-10-09",
                        {"objection_id": "O1", "substantiated": False},
                    ),
                ],
                c.RaiseObjection,
                "2024-10-08",
                {"objection_id": "O2"},
                "2024-10-09",
            ),
            (
                [(c.RaiseObjection, "2024-10-09", {"objection_id": "O1"})],
                c.ResolveObjection,
                "2024-10-08",
                {"objection_id": "O1", "substantiated": False},
                "2024-10-09",
            ),
            (
                [
                    (c.RaiseObjection, "2024-10-08", {"objection_id": "O1"}),
                    (
                        c.ResolveObjection,
                        "2024-10-16",
                        {"objection_id": "O1", "substantiated": False},
                    ),
                ],
                c.Announce,
                "2024-10-15",
                {},
                "2024-10-16",
            ),
        ],
    )
    def test_publicity_step_dated_before_the_last(
        self,
        case: Case,
        history: list[tuple[type[c.Command], str, dict[str, Any]]],
        command: type[c.Command],
        on: str,
        payload: dict[str, Any],
        last: str,
    ) -> None:
        """Publicized 2024-09-30: an objection, its check or the announcement dated before the
        case's last step is refused, naming both dates."""
        publicized(case, "2024-09-30")
        for step, day, args in history:
            case.run(step, day, PROVINCE, **args)
        refusal = case.refused("procedure.order", command, on, PROVINCE, **payload)
        assert refusal.facts["procedure.order.on"] == D(on)
        assert refusal.facts["procedure.order.last_step_on"] == D(last)

    @pytest.mark.rule("procedure.order")
    def test_same_day_as_the_last_step(self, case: Case) -> None:
        """Steps may share a day: every step from application to review on 2024-03-26."""
        reviewed(case, "2024-03-26")
        assert {e.on for e in case.service.history(case.key)[2:]} == {D("2024-03-26")}

    @pytest.mark.rule("procedure.order")
    def test_facts_may_be_recorded_late(self, case: Case) -> None:
        """A supervisor's fact dated before the last step is recorded, and does not hold back a
        later step dated before the fact."""
        reviewed(case, "2024-03-26")
        case.run(
            c.RecordPenalty,
            "2024-03-10",
            SUPERVISOR,
            penalty_id="P1",
            description="未按规定开展隐患排查",
        )
        case.run(c.RecordPenalty, "2024-04-15", SUPERVISOR, penalty_id="P2")
        case.run(c.FixNonconformity, "2024-04-01", ENTERPRISE, nonconformity_id="N1")


class TestProcedureActor:
    @pytest.mark.rule("procedure.actor")
    def test_each_step_by_its_party(self, case: Case) -> None:
        """At every step from self-evaluation to announcement, the parties the rules do not give
        the step to are refused, naming their role and the allowed ones; the right party acts."""
        steps: list[tuple[type[c.Command], str, Actor, tuple[Actor, ...], dict[str, Any]]] = [
            (c.SelfEvaluate, "2024-03-01", ENTERPRISE, (UNIT, SUPERVISOR), SELF_EVALUATION),
            (c.Apply, "2024-03-18", ENTERPRISE, (UNIT, PROVINCE), {"level": 2}),
            (
                c.RequestCorrection,
                "2024-03-19",
                UNIT,
                (ENTERPRISE, PROVINCE),
                {"items": ("缺少评分表",)},
            ),
            (c.Resubmit, "2024-03-20", ENTERPRISE, (UNIT,), {}),
            (c.Forward, "2024-03-21", UNIT, (ENTERPRISE, PROVINCE, TEAM), {}),
            (c.OrderReview, "2024-03-22", PROVINCE, (UNIT, TEAM, ENTERPRISE), {}),
            (c.FormReviewTeam, "2024-03-25", UNIT, (PROVINCE, TEAM), {"experts": team()}),
            (
                c.RecordReview,
                "2024-03-26",
                TEAM,
                (UNIT, PROVINCE),
                {"score": Decimal(80), "nonconformities": nonconformities("N1")},
            ),
            (
                c.FixNonconformity,
                "2024-04-01",
                ENTERPRISE,
                (TEAM, UNIT),
                {"nonconformity_id": "N1"},
            ),
            (c.ReportRectification, "2024-04-01", ENTERPRISE, (UNIT,), {}),
            (c.VerifyRectification, "2024-04-02", TEAM, (UNIT, PROVINCE), {"passed": True}),
            (c.ReportList, "2024-04-03", UNIT, (ENTERPRISE, PROVINCE), {"list_id": "L1"}),
            (c.Publicize, "2024-04-03", PROVINCE, (TEAM, UNIT), {}),
            (
                c.RaiseObjection,
                "2024-04-08",
                PROVINCE,
                (ENTERPRISE, SUPERVISOR),
                {"objection_id": "O1"},
            ),
            (
                c.ResolveObjection,
                "2024-04-09",
                PROVINCE,
                (UNIT, TEAM),
                {"objection_id": "O1", "substantiated": False},
            ),
            (c.Announce, "2024-04-15", PROVINCE, (UNIT, ENTERPRISE), {}),
            (
                c.RecordIncident,
                "2024-05-06",
                SUPERVISOR,
                (ENTERPRISE, TEAM),
                {"incident_id": "A1", "serious_injuries": 1},
            ),
        ]
        for command, on, right, wrong, payload in steps:
            for actor in wrong:
                refusal = case.refused("procedure.actor", command, on, actor, **payload)
                assert refusal.facts["procedure.actor.role"] == actor.role.value
                assert right.role.value in refusal.facts["procedure.actor.allowed"]
            case.run(command, on, right, **payload)

    @pytest.mark.rule("procedure.actor")
    def test_the_system_only_deems_acceptance(self, case: Case) -> None:
        """The information system may record a deemed acceptance, but not forward."""
        system = Actor("hn-system", "system")
        applied(case, "2024-03-20")
        case.refused("procedure.actor", c.Forward, "2024-03-28", system)
        case.run(c.Accept, "2024-03-28", system)

    @pytest.mark.rule("procedure.actor")
    def test_an_authority_may_record_facts(self, case: Case) -> None:
        """Facts are recorded by supervisors or authorities; the review team is refused."""
        case.run(c.OpenCase, "2024-03-01", ENTERPRISE)
        case.refused("procedure.actor", c.RecordPenalty, "2024-03-05", TEAM, penalty_id="P1")
        case.run(c.RecordPenalty, "2024-03-05", CITY, penalty_id="P1")


def _beijing_level1_forwarded(case: Case) -> None:
    """A Beijing enterprise graded level 2 nationally in 2022 (valid through 2025-04-15),
    applying for level 1 the day after expiry, its level 2 having run 3 years."""
    case.graded(2022)
    level1 = self_evaluation(score=Decimal(93), claimed_level=1)
    case.run(c.SelfEvaluate, "2025-03-03", ENTERPRISE, **level1)
    figures = {
        "lost_workdays": 30,
        "deaths_per_thousand": 0,
        "serious_injuries_per_thousand": 0,
        "injury_frequency_rate": "0.5",
        "injury_severity_rate": 10,
    }
    statistics = (f.YearStatistics(2023, **figures), f.YearStatistics(2024, **figures))
    case.run(c.Apply, "2025-04-16", ENTERPRISE, level=1, statistics=statistics)
    case.run(c.Accept, "2025-04-16", UNIT)
    case.run(c.Forward, "2025-04-17", UNIT)


class TestAuthorityByLevel:
    @pytest.mark.rule("authority.by_level")
    @pytest.mark.parametrize(
        ("level", "wrong", "right", "named"),
        [
            (2, CITY, PROVINCE, "province"),
            (3, PROVINCE, CITY, "city"),
            (2, MEM, PROVINCE, "province"),
        ],
    )
    def test_henan(self, case: Case, level: int, wrong: Actor, right: Actor, named: str) -> None:
        """Henan: the province grades level 2 and the city level 3; the other is refused,
        the refusal naming the level and its authority."""
        forwarded(case, "2024-03-20", level)
        refusal = case.refused("authority.by_level", c.OrderReview, "2024-03-21", wrong)
        assert refusal.facts["authority.by_level.level"] == level
        assert refusal.facts["authority.by_level.authority"] == named
        case.run(c.OrderReview, "2024-03-21", right)

    @pytest.mark.rule("authority.by_level")
    def test_an_authority_of_no_kind(self, case: Case) -> None:
        """An authority actor that does not say which it is, is refused."""
        forwarded(case, "2024-03-20")
        case.refused(
            "authority.by_level", c.OrderReview, "2024-03-21", Actor("emergency", "authority")
        )

    @pytest.mark.rule("authority.by_level")
    def test_level_1_by_the_ministry(self, service: Any, clock: Any) -> None:
        """Nationally, level 1 is graded by the ministry: the province is refused."""
        beijing = Case(service, clock, serial=7, region="110105", name="北京市恒达化工有限公司")
        _beijing_level1_forwarded(beijing)
        refusal = beijing.refused("authority.by_level", c.OrderReview, "2025-04-18", PROVINCE)
        assert refusal.facts["authority.by_level.authority"] == "MEM"
        event = recorded(beijing.run(c.OrderReview, "2025-04-18", MEM), ev.ReviewOrdered)
        assert str(event.policy) == "cn.mem.2021@1"

    @pytest.mark.rule("authority.by_level")
    def test_policies_name_the_authorities(self) -> None:
        """The policies hold the authority of each level: MEM, province, city."""
        policies = {p.id: p for p in default_policies().all()}
        national, henan = policies["cn.mem.2021"], policies["cn.henan.2023"]
        assert {int(k): a.kind for k, a in national.authorities.items()} == {
            1: "MEM",
            2: "province",
            3: "city",
        }
        assert {int(k): a.kind for k, a in henan.authorities.items()} == {2: "province", 3: "city"}


FEE_WORDS = ("fee", "charge", "price", "pay", "cost", "invoice", "费")


def _field_names(cls: type[Any]) -> set[str]:
    return {a.name for a in attrs.fields(cls)}


class TestFeesNone:
    @pytest.mark.rule("fees.none")
    def test_nothing_to_charge_with(self) -> None:
        """No command, event or part of one has a field about a fee, and no step charges one."""
        classes: list[type[Any]] = [
            *c.COMMANDS.values(),
            *ev.EVENT_TYPES,
            f.WorkGroup,
            f.Expert,
            f.Nonconformity,
            f.YearStatistics,
            f.Deadline,
            Actor,
            CaseKey,
            Enterprise,
            Obligation,
        ]
        names = {name for cls in classes for name in _field_names(cls)} | set(c.COMMANDS)
        assert not [n for n in names if any(word in n.lower() for word in FEE_WORDS)]

    @pytest.mark.rule("fees.none")
    def test_in_both_policies_with_its_citation(self) -> None:
        """Every grading policy carries fees.none, citing 第六条: 不得向企业收取任何费用 (the
        local schemes inherit it from the policy they extend)."""
        policies = {p.id: p for p in default_policies().all() if p.applies_to == "grading"}
        assert {"cn.mem.2021", "cn.henan.2023"} <= set(policies)
        for policy in policies.values():
            assert "fees.none" in policy.rules
            citation = policy.citation("fees.none")
            assert citation.article == "第六条"
            assert "不得向企业收取任何费用" in citation.text_zh
        assert policies["cn.henan.2023"].citation("fees.none").document == "HN"


class TestPeriodWorkdays:
    @pytest.mark.rule("period.workdays", "intake.correction")
    def test_received_on_a_rest_day(self, case: Case) -> None:
        """Received Saturday 2024-09-28 (not counted): the 5 WD are Sunday 09-29 (worked),
        09-30 and 10-08 to 10-10; a notice on 10-10 is in time, on 10-11 late."""
        applied(case, "2024-09-28")
        assert last_event(case, ev.Applied).deadlines[0].due == D("2024-10-10")
        case.refused(
            "intake.correction", c.RequestCorrection, "2024-10-11", UNIT, items=("缺少评分表",)
        )
        case.run(c.RequestCorrection, "2024-10-10", UNIT, items=("缺少评分表",))

    @pytest.mark.rule("period.workdays", "publicity.duration")
    def test_publicity_from_an_adjusted_working_day(self, case: Case) -> None:
        """Publicity from the worked Sunday 2024-09-29 counts that day: 7 WD complete at the end
        of 2024-10-12, the worked Saturday; announcement from Sunday 10-13."""
        publicized(case, "2024-09-29")
        assert last_event(case, ev.Publicized).complete_on == D("2024-10-12")
        case.refused("publicity.duration", c.Announce, "2024-10-12", PROVINCE)
        case.run(c.Announce, "2024-10-13", PROVINCE)


class TestPeriodCivilCode:
    @pytest.mark.rule("period.civil_code", "selfeval.annual")
    def test_a_year_from_29_february(self, case: Case) -> None:
        """Last self-evaluation 2024-02-29: a year ends on 2025-02-28, the month's last day
        (民法典 第二百零二条); overdue from 2025-03-01."""
        case.graded(2023)
        case.self_evaluate("2024-02-29")
        on_time = owed(case, "2025-02-28", "selfeval.annual")
        assert (on_time.due, on_time.overdue) == (D("2025-02-28"), False)
        assert owed(case, "2025-03-01", "selfeval.annual").overdue is True

    @pytest.mark.rule("period.civil_code", "selfeval.annual")
    def test_the_annual_self_evaluation_is_not_moved_off_a_holiday(self, case: Case) -> None:
        """Last self-evaluation Tuesday 2024-10-08: the year ends on 2025-10-08, a National Day
        holiday, and stays there (read as a yearly frequency, not a time limit that 第二百零三条
        would move to 10-09); overdue from 10-09."""
        case.graded(2024)
        case.self_evaluate("2024-10-08")
        assert not case.service.calendar.is_workday(D("2025-10-08"))
        on_time = owed(case, "2025-10-08", "selfeval.annual")
        assert (on_time.due, on_time.overdue) == (D("2025-10-08"), False)
        assert owed(case, "2025-10-09", "selfeval.annual").overdue is True

    @pytest.mark.rule("period.civil_code", "announce.failure_notice")
    def test_a_year_from_the_failure_notice(self, case: Case) -> None:
        """Told on 2024-06-14 that it failed: the first day is not counted (第二百零一条), the
        lockout runs through 2025-06-14, and is not stretched off that Saturday."""
        reviewed(case, "2024-06-14", score=70, level_met=False)
        event = recorded(
            case.run(c.NotifyFailure, "2024-06-14", PROVINCE, reasons=("未达标",)), ev.NotPassed
        )
        assert event.deadlines[0].due == D("2025-06-14")
        assert D("2025-06-14").isoweekday() == 6


class TestCalendarOfficial:
    @pytest.mark.rule("calendar.official", "rectify.deadline")
    def test_a_deadline_in_2026_is_computed(self, case: Case) -> None:
        """Reviewed 2026-12-03, the 20 WD end 2026-12-31: inside the official data."""
        reviewed(case, "2026-12-03")
        assert last_event(case, ev.Reviewed).deadlines[0].due == D("2026-12-31")

    @pytest.mark.rule("calendar.official", "rectify.deadline")
    def test_a_deadline_in_2027_fails_closed(self, case: Case) -> None:
        """Reviewed a working day later, 2026-12-04, the deadline needs 2027: the review is
        refused naming 2027, and nothing is written until the year's notice is loaded."""
        team_formed(case, "2026-11-27")
        refusal = case.refused(
            "calendar.official",
            c.RecordReview,
            "2026-12-04",
            TEAM,
            score=Decimal(80),
            nonconformities=nonconformities("N1"),
        )
        assert refusal.facts["year"] == 2027
        assert "2027" in str(refusal)

    @pytest.mark.rule("calendar.official", "intake.correction")
    def test_an_application_whose_notice_period_reaches_2027(self, case: Case) -> None:
        """Applied 2026-12-24, the 5 WD end 2026-12-31; applied 12-25 they need 2027: refused."""
        case.self_evaluate("2026-11-23")
        other = Case(case.service, case.clock, serial=2)
        other.self_evaluate("2026-11-23")
        case.refused("calendar.official", c.Apply, "2026-12-25", ENTERPRISE, level=2)
        event = recorded(other.run(c.Apply, "2026-12-24", ENTERPRISE, level=2), ev.Applied)
        assert event.deadlines[0].due == D("2026-12-31")
