"""Application and intake (HN 第七条(二)): what an application rests on, the correction notice,
deemed acceptance and the organizing unit's audit, each at both edges on the official calendar."""

from __future__ import annotations

import pytest

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.state import Stage
from gradingcore.values import Actor, Role
from gradingcore.views import Status
from tests.case.harness import ENTERPRISE, UNIT, Case, D

from .procedure_steps import accepted, applied, last_event, owed, owed_ids, recorded

SYSTEM = Actor("hn-system", "system")


class TestApplySelfEvaluation:
    @pytest.mark.rule("apply.self_evaluation")
    def test_no_self_evaluation(self, case: Case) -> None:
        """An application with no self-evaluation on record is refused."""
        case.run(c.OpenCase, "2024-03-01", ENTERPRISE)
        case.refused("apply.self_evaluation", c.Apply, "2024-03-20", ENTERPRISE, level=2)

    @pytest.mark.rule("apply.self_evaluation")
    def test_claimed_level_must_be_the_level_applied_for(self, case: Case) -> None:
        """A self-evaluation claiming level 3 supports an application for level 3, not 2."""
        case.self_evaluate("2024-03-01", level=3)
        refusal = case.refused("apply.self_evaluation", c.Apply, "2024-03-20", ENTERPRISE, level=2)
        assert refusal.facts["apply.self_evaluation.claimed_level"] == 3
        case.run(c.Apply, "2024-03-20", ENTERPRISE, level=3)

    @pytest.mark.rule("apply.self_evaluation")
    def test_rests_on_the_latest_self_evaluation(self, case: Case) -> None:
        """A newer self-evaluation still in its publicity blocks the application until it is
        complete (2024-03-20 + 10 WD: complete 2024-04-02, apply from 04-03)."""
        case.self_evaluate("2024-03-01")
        case.self_evaluate("2024-03-20")
        case.refused("apply.self_evaluation", c.Apply, "2024-04-02", ENTERPRISE, level=2)
        applied_event = recorded(case.run(c.Apply, "2024-04-03", ENTERPRISE, level=2), ev.Applied)
        assert applied_event.self_evaluation == 3  # the version of the second SelfEvaluated


class TestApplyReportToCity:
    @pytest.mark.rule("apply.report_to_city")
    def test_level_2_must_be_filed_with_the_city(self, case: Case) -> None:
        """A level-2 application not filed with the city is refused; filed, it is accepted."""
        case.self_evaluate("2024-03-01")
        case.refused(
            "apply.report_to_city",
            c.Apply,
            "2024-03-20",
            ENTERPRISE,
            level=2,
            reported_to_city=False,
        )
        event = recorded(case.run(c.Apply, "2024-03-20", ENTERPRISE, level=2), ev.Applied)
        assert event.reported_to_city is True
        assert "apply.report_to_city" in event.rules

    @pytest.mark.rule("apply.report_to_city")
    def test_level_3_need_not_be_filed(self, case: Case) -> None:
        """A level-3 application is accepted without a filing with the city."""
        case.self_evaluate("2024-03-01", level=3)
        outcome = case.run(c.Apply, "2024-03-20", ENTERPRISE, level=3, reported_to_city=False)
        event = recorded(outcome, ev.Applied)
        assert event.reported_to_city is False


class TestIntakeCorrection:
    @pytest.mark.rule("intake.correction", "period.workdays")
    @pytest.mark.parametrize(
        ("received", "last_day", "day_after"),
        [
            ("2024-03-20", "2024-03-27", "2024-03-28"),  # an ordinary week
            ("2024-04-01", "2024-04-09", "2024-04-10"),  # Qingming; Sunday 04-07 worked
            ("2024-04-26", "2024-05-07", "2024-05-08"),  # May Day; Sunday 04-28 worked
            ("2025-01-24", "2025-02-07", "2025-02-08"),  # Spring Festival; Sunday 01-26 worked
        ],
    )
    def test_within_five_workdays(
        self, case: Case, received: str, last_day: str, day_after: str
    ) -> None:
        """The Applied event sets the 5-WD deadline; a notice on its last day is recorded, one
        the day after is refused naming the due date and the date given."""
        applied(case, received)
        deadline = last_event(case, ev.Applied).deadlines[0]
        assert (deadline.rule_id, deadline.due, deadline.party) == (
            "intake.correction",
            D(last_day),
            Role.ORGANIZING_UNIT,
        )
        refusal = case.refused(
            "intake.correction", c.RequestCorrection, day_after, UNIT, items=("缺少评分表",)
        )
        assert refusal.facts["intake.correction.due"] == D(last_day)
        assert refusal.facts["intake.correction.on"] == D(day_after)
        event = recorded(
            case.run(c.RequestCorrection, last_day, UNIT, items=("缺少评分表",)),
            ev.CorrectionRequested,
        )
        assert (event.name, event.on) == ("CorrectionRequested", D(last_day))

    @pytest.mark.rule("intake.correction")
    def test_one_notice_lists_the_items(self, case: Case) -> None:
        """A notice listing no item is refused; one listing every item is recorded."""
        applied(case, "2024-03-20")
        refusal = case.refused(
            "intake.correction", c.RequestCorrection, "2024-03-22", UNIT, items=()
        )
        assert refusal.facts["intake.correction.items"] == 0
        items = ("附件1缺少主要负责人承诺书", "自评打分表未附扣分项目")
        event = recorded(
            case.run(c.RequestCorrection, "2024-03-22", UNIT, items=items), ev.CorrectionRequested
        )
        assert event.items == items
        assert case.service.view(case.key, D("2024-03-22")).stage is Stage.AWAITING_CORRECTION

    @pytest.mark.rule("intake.correction", "procedure.order")
    def test_no_second_notice(self, case: Case) -> None:
        """Correction is asked once: after the resubmission a second notice is refused."""
        applied(case, "2024-03-20")
        case.run(c.RequestCorrection, "2024-03-21", UNIT, items=("缺少评分表",))
        case.run(c.Resubmit, "2024-03-22", ENTERPRISE)
        case.refused("procedure.order", c.RequestCorrection, "2024-03-25", UNIT, items=("又一项",))

    @pytest.mark.rule("intake.correction")
    def test_obligation_of_the_unit_until_the_last_day(self, case: Case) -> None:
        """Until 2024-03-27 the unit owes a correction notice or an acceptance, not overdue."""
        applied(case, "2024-03-20")
        due = owed(case, "2024-03-27", "intake.correction")
        assert (due.party, due.due, due.overdue) == (Role.ORGANIZING_UNIT, D("2024-03-27"), False)
        assert "intake.correction" not in owed_ids(case, "2024-03-28")

    @pytest.mark.rule("intake.correction")
    def test_enterprise_owes_the_resubmission(self, case: Case) -> None:
        """After a notice the enterprise owes the corrected report (no deadline is written)."""
        applied(case, "2024-03-20")
        case.run(c.RequestCorrection, "2024-03-21", UNIT, items=("缺少评分表",))
        due = owed(case, "2024-06-03", "intake.correction")
        assert (due.party, due.due, due.overdue) == (Role.ENTERPRISE, None, False)


class TestIntakeDeemedAcceptance:
    @pytest.mark.rule("intake.deemed_acceptance", "period.workdays")
    def test_deemed_from_the_sixth_workday_as_of_receipt(self, case: Case) -> None:
        """Received 2024-03-20: not deemed accepted through 03-27; from 03-28 it is, dated the
        day of receipt, and the audit is due 10 WD after receipt (2024-04-03)."""
        applied(case, "2024-03-20")
        refusal = case.refused("intake.deemed_acceptance", c.Accept, "2024-03-27", SYSTEM)
        assert refusal.facts["intake.deemed_acceptance.deemed_from"] == D("2024-03-28")
        event = recorded(case.run(c.Accept, "2024-03-28", SYSTEM), ev.ApplicationAccepted)
        assert (event.name, event.on, event.deemed) == (
            "ApplicationAccepted",
            D("2024-03-20"),
            True,
        )
        assert "intake.deemed_acceptance" in event.rules
        assert [(d.rule_id, d.due) for d in event.deadlines] == [("intake.audit", D("2024-04-03"))]

    @pytest.mark.rule("intake.deemed_acceptance")
    def test_unit_accepting_on_the_last_day_is_explicit(self, case: Case) -> None:
        """The unit's acceptance on the 5th WD (2024-03-27) is its own, dated that day."""
        applied(case, "2024-03-20")
        event = recorded(case.run(c.Accept, "2024-03-27", UNIT), ev.ApplicationAccepted)
        assert (event.on, event.deemed) == (D("2024-03-27"), False)

    @pytest.mark.rule("intake.deemed_acceptance")
    def test_unit_accepting_after_the_last_day_is_deemed(self, case: Case) -> None:
        """The unit's acceptance on 2024-03-28 is recorded as deemed, as of receipt."""
        applied(case, "2024-03-20")
        event = recorded(case.run(c.Accept, "2024-03-28", UNIT), ev.ApplicationAccepted)
        assert (event.on, event.deemed) == (D("2024-03-20"), True)

    @pytest.mark.rule("intake.deemed_acceptance", "period.workdays")
    def test_forwarding_after_the_period_deems_acceptance_over_national_day(
        self, case: Case
    ) -> None:
        """Received Friday 2024-09-27: the 5 WD end 2024-10-10 (Sunday 09-29 worked, National
        Day off); forwarded on 10-11 without an acceptance, it is deemed accepted on 09-27."""
        applied(case, "2024-09-27")
        case.refused("procedure.order", c.Forward, "2024-10-10", UNIT)
        events = case.run(c.Forward, "2024-10-11", UNIT).events
        assert [(e.name, e.on) for e in events] == [
            ("ApplicationAccepted", D("2024-09-27")),
            ("ApplicationForwarded", D("2024-10-11")),
        ]
        assert isinstance(events[0], ev.ApplicationAccepted)
        assert events[0].deemed is True

    @pytest.mark.rule("intake.deemed_acceptance", "intake.audit")
    def test_obligations_switch_to_the_audit(self, case: Case) -> None:
        """On 2024-03-28 the unit owes the audit, due 2024-04-03 (counted from receipt); it is
        overdue from 04-04."""
        applied(case, "2024-03-20")
        due = owed(case, "2024-03-28", "intake.audit")
        assert (due.party, due.due, due.overdue) == (Role.ORGANIZING_UNIT, D("2024-04-03"), False)
        assert owed(case, "2024-04-03", "intake.audit").overdue is False
        assert owed(case, "2024-04-04", "intake.audit").overdue is True


class TestIntakeAudit:
    @pytest.mark.rule("intake.audit", "period.workdays")
    @pytest.mark.parametrize(
        ("accepted_on", "last_day", "day_after"),
        [
            ("2024-03-20", "2024-04-03", "2024-04-04"),  # Qingming is after the last day
            ("2024-04-29", "2024-05-15", "2024-05-16"),  # May Day; Saturday 05-11 worked
            ("2024-09-25", "2024-10-14", "2024-10-15"),  # National Day; 09-29 and 10-12 worked
            ("2025-01-22", "2025-02-11", "2025-02-12"),  # Spring Festival; 01-26, 02-08 worked
        ],
    )
    def test_forwarded_within_ten_workdays(
        self, case: Case, accepted_on: str, last_day: str, day_after: str
    ) -> None:
        """Forwarded on the 10th WD after acceptance: no breach; on the day after: recorded,
        with intake.audit in the event's breaches (an official's lateness costs the enterprise
        nothing)."""
        accepted(case, accepted_on)
        accepted_event = last_event(case, ev.ApplicationAccepted)
        assert [(d.rule_id, d.due) for d in accepted_event.deadlines] == [
            ("intake.audit", D(last_day))
        ]
        in_time = recorded(
            case.run(c.Forward, last_day, UNIT, opinion="符合申请条件"), ev.ApplicationForwarded
        )
        assert (in_time.name, in_time.breaches) == ("ApplicationForwarded", ())

        late_case = Case(case.service, case.clock, serial=2)
        accepted(late_case, accepted_on)
        late = recorded(
            late_case.run(c.Forward, day_after, UNIT, opinion="符合申请条件"),
            ev.ApplicationForwarded,
        )
        assert (late.name, late.breaches) == ("ApplicationForwarded", ("intake.audit",))
        assert late_case.service.view(late_case.key, D(day_after)).stage is Stage.FORWARDED

    @pytest.mark.rule("intake.audit")
    def test_obligation_due_and_overdue(self, case: Case) -> None:
        """Accepted 2024-04-29: the audit is owed through 2024-05-15, overdue on 05-16."""
        accepted(case, "2024-04-29")
        on_time = owed(case, "2024-05-15", "intake.audit")
        assert (on_time.party, on_time.due, on_time.overdue) == (
            Role.ORGANIZING_UNIT,
            D("2024-05-15"),
            False,
        )
        assert owed(case, "2024-05-16", "intake.audit").overdue is True

    @pytest.mark.rule("intake.audit", "period.workdays")
    def test_counted_again_from_the_resubmission_across_dragon_boat(self, case: Case) -> None:
        """Resubmitted 2024-06-03: the audit is due 2024-06-18 (Dragon Boat 06-10 off); a
        forward on 06-18 is in time, a rejection on 06-19 is late."""
        applied(case, "2024-05-20")
        case.run(c.RequestCorrection, "2024-05-21", UNIT, items=("缺少评分表",))
        resubmitted = recorded(case.run(c.Resubmit, "2024-06-03", ENTERPRISE), ev.Resubmitted)
        assert [(d.rule_id, d.due) for d in resubmitted.deadlines] == [
            ("intake.audit", D("2024-06-18"))
        ]
        assert owed(case, "2024-06-18", "intake.audit").overdue is False
        assert owed(case, "2024-06-19", "intake.audit").overdue is True
        late = recorded(
            case.run(c.Reject, "2024-06-19", UNIT, reasons=("不符合申请条件",)),
            ev.ApplicationRejected,
        )
        assert late.breaches == ("intake.audit",)

    @pytest.mark.rule("intake.audit")
    def test_rejection_gives_reasons(self, case: Case) -> None:
        """A rejection without reasons is refused; with reasons it closes the application."""
        accepted(case, "2024-03-20")
        case.refused("intake.audit", c.Reject, "2024-03-25", UNIT, reasons=())
        event = recorded(
            case.run(
                c.Reject, "2024-03-25", UNIT, reasons=("近一年内发生一般生产安全事故未如实说明",)
            ),
            ev.ApplicationRejected,
        )
        assert (event.name, event.breaches) == ("ApplicationRejected", ())
        view = case.service.view(case.key, D("2024-03-26"))
        assert (view.status, view.stage, view.obligations) == (Status.REJECTED, Stage.REJECTED, ())

    @pytest.mark.rule("intake.audit")
    def test_rejection_is_not_a_failure(self, case: Case) -> None:
        """A rejected enterprise may apply again the next day: no lockout follows a rejection."""
        accepted(case, "2024-03-20")
        case.run(c.Reject, "2024-03-25", UNIT, reasons=("材料不全",))
        event = recorded(case.run(c.Apply, "2024-03-26", ENTERPRISE, level=2), ev.Applied)
        assert event.name == "Applied"
        assert case.service.state(case.key).failures == ()

    @pytest.mark.rule("intake.audit", "procedure.order")
    def test_not_before_acceptance(self, case: Case) -> None:
        """Within the correction period the unit must accept before it audits."""
        applied(case, "2024-03-20")
        case.refused("procedure.order", c.Forward, "2024-03-27", UNIT)
        case.refused("procedure.order", c.Reject, "2024-03-27", UNIT, reasons=("材料不全",))
        case.run(c.Accept, "2024-03-27", UNIT)
        case.run(c.Forward, "2024-03-27", UNIT)

    @pytest.mark.rule("intake.audit")
    def test_forward_carries_the_opinion(self, case: Case) -> None:
        """Forwarding records the unit's audit opinion, sent with the report."""
        accepted(case, "2024-03-20")
        event = recorded(
            case.run(c.Forward, "2024-03-22", UNIT, opinion="逐项审核，符合申请条件"),
            ev.ApplicationForwarded,
        )
        assert event.opinion == "逐项审核，符合申请条件"
