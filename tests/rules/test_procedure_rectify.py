"""Rectification (HN 第七条(三)): 20 WD to fix and report, one extension on force majeure,
lateness as failure, and the review team's 10-WD verification, each at both edges."""

from __future__ import annotations

import pytest

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.facts import ForceMajeure, VerificationMethod
from gradingcore.state import Stage
from gradingcore.values import Role
from gradingcore.views import Status
from tests.case.harness import CITY, ENTERPRISE, PROVINCE, TEAM, UNIT, Case, D

from .procedure_steps import last_event, owed, owed_ids, recorded, rectified, reviewed

#: Reviewed on 2024-03-26: 20 WD across Qingming (04-04 to 04-06 off, Sunday 04-07 worked).
REVIEWED, DUE, LATE = "2024-03-26", "2024-04-24", "2024-04-25"
#: 40 WD after the review (the deadline extended by 20 WD), across May Day.
EXTENDED, EXTENDED_LATE = "2024-05-23", "2024-05-24"


class TestRectifyDeadline:
    @pytest.mark.rule("rectify.deadline", "period.workdays")
    @pytest.mark.parametrize(
        ("received", "last_day", "day_after"),
        [
            (REVIEWED, DUE, LATE),  # Qingming
            ("2024-04-25", "2024-05-24", "2024-05-25"),  # May Day; 04-28 and 05-11 worked
            ("2024-05-27", "2024-06-25", "2024-06-26"),  # Dragon Boat, Monday 06-10 off
            ("2024-09-20", "2024-10-23", "2024-10-24"),  # National Day; 09-29, 10-12 worked
            ("2025-01-06", "2025-02-08", "2025-02-09"),  # Spring Festival: ends on a worked Sat
        ],
    )
    def test_fixed_and_reported_by_the_last_day(
        self, case: Case, received: str, last_day: str, day_after: str
    ) -> None:
        """The review sets the 20-WD deadline; fixing on the day after it is refused naming the
        due date and the date given; fixing and reporting on the last day are in time."""
        reviewed(case, received)
        deadline = last_event(case, ev.Reviewed).deadlines[0]
        assert (deadline.rule_id, deadline.due, deadline.party) == (
            "rectify.deadline",
            D(last_day),
            Role.ENTERPRISE,
        )
        refusal = case.refused(
            "rectify.deadline", c.FixNonconformity, day_after, ENTERPRISE, nonconformity_id="N1"
        )
        assert refusal.facts["rectify.deadline.due"] == D(last_day)
        assert refusal.facts["rectify.deadline.on"] == D(day_after)
        case.run(c.FixNonconformity, last_day, ENTERPRISE, nonconformity_id="N1")
        report = recorded(
            case.run(c.ReportRectification, last_day, ENTERPRISE), ev.RectificationReported
        )
        assert (report.name, report.on) == ("RectificationReported", D(last_day))

    @pytest.mark.rule("rectify.deadline")
    def test_report_too_late_is_refused(self, case: Case) -> None:
        """Everything fixed in time, but the written report a day late is refused."""
        reviewed(case, REVIEWED)
        case.run(c.FixNonconformity, DUE, ENTERPRISE, nonconformity_id="N1")
        case.refused("rectify.deadline", c.ReportRectification, LATE, ENTERPRISE)

    @pytest.mark.rule("rectify.deadline")
    def test_report_only_when_everything_is_fixed(self, case: Case) -> None:
        """With N2 still open the report is refused, naming it; once fixed, it is recorded."""
        reviewed(case, REVIEWED, found=("N1", "N2"))
        case.run(c.FixNonconformity, "2024-04-01", ENTERPRISE, nonconformity_id="N1")
        refusal = case.refused("rectify.deadline", c.ReportRectification, "2024-04-02", ENTERPRISE)
        assert refusal.facts["rectify.deadline.unfixed"] == ["N2"]
        case.run(c.FixNonconformity, "2024-04-02", ENTERPRISE, nonconformity_id="N2")
        case.run(c.ReportRectification, "2024-04-02", ENTERPRISE)

    @pytest.mark.rule("rectify.deadline")
    def test_only_listed_nonconformities_once(self, case: Case) -> None:
        """Fixing an id the report does not list, or one already fixed, is refused."""
        reviewed(case, REVIEWED)
        case.refused(
            "rectify.deadline", c.FixNonconformity, "2024-04-01", ENTERPRISE, nonconformity_id="N9"
        )
        case.run(c.FixNonconformity, "2024-04-01", ENTERPRISE, nonconformity_id="N1")
        case.refused(
            "rectify.deadline", c.FixNonconformity, "2024-04-01", ENTERPRISE, nonconformity_id="N1"
        )

    @pytest.mark.rule("rectify.deadline")
    def test_obligation_of_the_enterprise(self, case: Case) -> None:
        """The enterprise owes the rectification through 2024-04-24, not overdue on that day;
        from 04-25 the obligation is the authority's (rectify.late)."""
        reviewed(case, REVIEWED)
        due = owed(case, DUE, "rectify.deadline")
        assert (due.party, due.due, due.overdue, due.facts["unfixed"]) == (
            Role.ENTERPRISE,
            D(DUE),
            False,
            ("N1",),
        )
        assert owed_ids(case, LATE) == ["rectify.late"]


class TestRectifyExtension:
    @pytest.mark.rule("rectify.extension")
    def test_twenty_workdays_on_the_last_day(self, case: Case) -> None:
        """On the last day (2024-04-24) the province extends by 20 WD: due 2024-05-23 (May
        Day off, 04-28 and 05-11 worked); fixing on 05-24 is refused, on 05-23 in time."""
        reviewed(case, REVIEWED)
        event = recorded(
            case.run(
                c.ExtendRectification,
                DUE,
                PROVINCE,
                workdays=20,
                reason=ForceMajeure.EPIDEMIC,
                explanation="疫情封控",
            ),
            ev.RectificationExtended,
        )
        assert (event.workdays, event.reason) == (20, ForceMajeure.EPIDEMIC)
        assert [(d.rule_id, d.due) for d in event.deadlines] == [("rectify.deadline", D(EXTENDED))]
        assert owed(case, EXTENDED, "rectify.deadline").due == D(EXTENDED)
        refusal = case.refused(
            "rectify.deadline",
            c.FixNonconformity,
            EXTENDED_LATE,
            ENTERPRISE,
            nonconformity_id="N1",
        )
        assert refusal.facts["rectify.deadline.due"] == D(EXTENDED)
        case.run(c.FixNonconformity, EXTENDED, ENTERPRISE, nonconformity_id="N1")
        case.run(c.ReportRectification, EXTENDED, ENTERPRISE)

    @pytest.mark.rule("rectify.extension")
    @pytest.mark.parametrize("workdays", [21, 0])
    def test_more_than_twenty_or_none(self, case: Case, workdays: int) -> None:
        """An extension of 21 WD, or of none, is refused."""
        reviewed(case, REVIEWED)
        refusal = case.refused(
            "rectify.extension",
            c.ExtendRectification,
            "2024-04-10",
            PROVINCE,
            workdays=workdays,
            reason=ForceMajeure.NATURAL_DISASTER,
        )
        assert refusal.facts["rectify.extension.workdays"] == workdays
        assert refusal.facts["rectify.extension.max_workdays"] == 20

    @pytest.mark.rule("rectify.extension")
    def test_once_only(self, case: Case) -> None:
        """After one extension of 5 WD a second one, even of 5, is refused."""
        reviewed(case, REVIEWED)
        case.run(
            c.ExtendRectification,
            "2024-04-10",
            PROVINCE,
            workdays=5,
            reason=ForceMajeure.NATURAL_DISASTER,
        )
        refusal = case.refused(
            "rectify.extension",
            c.ExtendRectification,
            "2024-04-11",
            PROVINCE,
            workdays=5,
            reason=ForceMajeure.NATURAL_DISASTER,
        )
        assert refusal.facts["rectify.extension.extensions"] == 1

    @pytest.mark.rule("rectify.extension")
    def test_not_after_the_deadline(self, case: Case) -> None:
        """An extension asked the day after the deadline is refused, naming the deadline."""
        reviewed(case, REVIEWED)
        refusal = case.refused(
            "rectify.extension",
            c.ExtendRectification,
            LATE,
            PROVINCE,
            workdays=10,
            reason=ForceMajeure.EPIDEMIC,
        )
        assert refusal.facts["rectify.extension.due"] == D(DUE)

    @pytest.mark.rule("rectify.extension", "authority.by_level", "procedure.actor")
    def test_granted_by_the_grading_authority(self, case: Case) -> None:
        """For level 2 the province extends: the city and the organizing unit are refused."""
        reviewed(case, REVIEWED)
        case.refused(
            "authority.by_level",
            c.ExtendRectification,
            "2024-04-10",
            CITY,
            workdays=5,
            reason=ForceMajeure.EPIDEMIC,
        )
        case.refused(
            "procedure.actor",
            c.ExtendRectification,
            "2024-04-10",
            UNIT,
            workdays=5,
            reason=ForceMajeure.EPIDEMIC,
        )


class TestRectifyLate:
    @pytest.mark.rule("rectify.late")
    def test_failure_notified_from_the_day_after(self, case: Case) -> None:
        """Not fixed by 2024-04-24: a failure notice on 04-24 is refused as not late yet; on
        04-25 it is recorded citing rectify.late, and the case has not passed."""
        reviewed(case, REVIEWED)
        refusal = case.refused("rectify.late", c.NotifyFailure, DUE, PROVINCE, reasons=("逾期",))
        assert refusal.facts["rectify.late.due"] == D(DUE)
        event = recorded(
            case.run(c.NotifyFailure, LATE, PROVINCE, reasons=("逾期未完成整改",)), ev.NotPassed
        )
        assert event.rules == ("announce.failure_notice", "rectify.late")
        assert case.service.view(case.key, D(LATE)).status is Status.NOT_PASSED

    @pytest.mark.rule("rectify.late")
    def test_authority_owes_the_notice(self, case: Case) -> None:
        """From 2024-04-25 the authority owes the failure notice; the missed deadline is a fact
        of the obligation, not a deadline of the authority's."""
        reviewed(case, REVIEWED)
        late = owed(case, LATE, "rectify.late")
        assert (late.party, late.due, late.overdue) == (Role.AUTHORITY, None, False)
        assert late.facts["rectification_due"] == D(DUE)
        assert late.facts["unfixed"] == ("N1",)

    @pytest.mark.rule("rectify.late", "rectify.extension")
    def test_counted_from_the_extended_deadline(self, case: Case) -> None:
        """Extended to 2024-05-23, the failure may be notified from 05-24, not on 05-23."""
        reviewed(case, REVIEWED)
        case.run(
            c.ExtendRectification,
            "2024-04-22",
            PROVINCE,
            workdays=20,
            reason=ForceMajeure.NATURAL_DISASTER,
        )
        case.refused("rectify.late", c.NotifyFailure, EXTENDED, PROVINCE, reasons=("逾期",))
        case.run(c.NotifyFailure, EXTENDED_LATE, PROVINCE, reasons=("逾期",))

    @pytest.mark.rule("rectify.late")
    def test_rectification_reported_in_time_cannot_be_late(self, case: Case) -> None:
        """Once the rectification is reported in time, no lateness failure can be notified."""
        rectified(case, REVIEWED)
        case.refused("procedure.order", c.NotifyFailure, LATE, PROVINCE, reasons=("逾期",))


#: Reported 2024-04-24: 10 WD end 2024-05-10 (Sunday 04-28 worked, May Day off).
REPORTED, VERIFY_BY, VERIFY_LATE = "2024-04-24", "2024-05-10", "2024-05-11"


class TestRectifyVerification:
    @pytest.mark.rule("rectify.verification", "period.workdays")
    @pytest.mark.parametrize(
        ("reported", "last_day", "day_after"),
        [
            (REPORTED, VERIFY_BY, VERIFY_LATE),  # May Day
            ("2024-09-27", "2024-10-16", "2024-10-17"),  # National Day; 09-29, 10-12 worked
        ],
    )
    def test_verified_within_ten_workdays(
        self, case: Case, reported: str, last_day: str, day_after: str
    ) -> None:
        """Verified on the 10th WD after the report: no breach; the day after: recorded with
        rectify.verification in its breaches (the enterprise does not lose by it)."""
        rectified(case, reported)
        report = last_event(case, ev.RectificationReported)
        assert [(d.rule_id, d.due, d.party) for d in report.deadlines] == [
            ("rectify.verification", D(last_day), Role.REVIEW_TEAM)
        ]
        in_time = recorded(
            case.run(c.VerifyRectification, last_day, TEAM, passed=True), ev.RectificationVerified
        )
        assert in_time.breaches == ()
        late_case = Case(case.service, case.clock, serial=2)
        rectified(late_case, reported)
        late = recorded(
            late_case.run(c.VerifyRectification, day_after, TEAM, passed=True),
            ev.RectificationVerified,
        )
        assert late.breaches == ("rectify.verification",)
        assert late_case.service.view(late_case.key, D(day_after)).stage is (
            Stage.READY_FOR_PUBLICITY
        )

    @pytest.mark.rule("rectify.verification")
    def test_obligation_due_and_overdue(self, case: Case) -> None:
        """The review team owes the verification through 2024-05-10, overdue on 05-11."""
        rectified(case, REPORTED)
        on_time = owed(case, VERIFY_BY, "rectify.verification")
        assert (on_time.party, on_time.due, on_time.overdue) == (
            Role.REVIEW_TEAM,
            D(VERIFY_BY),
            False,
        )
        assert owed(case, VERIFY_LATE, "rectify.verification").overdue is True

    @pytest.mark.rule("rectify.verification")
    def test_on_site_check_failing(self, case: Case) -> None:
        """An on-site recheck finding the rectification not acceptable fails the grading."""
        rectified(case, REPORTED)
        event = recorded(
            case.run(
                c.VerifyRectification,
                "2024-04-26",
                TEAM,
                passed=False,
                method=VerificationMethod.ON_SITE,
            ),
            ev.RectificationVerified,
        )
        assert (event.passed, event.method) == (False, VerificationMethod.ON_SITE)
        assert case.service.view(case.key, D("2024-04-26")).stage is Stage.FAILED
        notice = owed(case, "2024-04-26", "announce.failure_notice")
        assert notice.facts["rules"] == ("rectify.verification",)

    @pytest.mark.rule("rectify.verification", "procedure.actor")
    def test_by_the_review_team(self, case: Case) -> None:
        """The organizing unit cannot verify in the team's stead."""
        rectified(case, REPORTED)
        case.refused("procedure.actor", c.VerifyRectification, "2024-04-26", UNIT, passed=True)
