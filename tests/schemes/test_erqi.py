"""Erqi's follow-up visits (回访) and delisting (摘牌收证, EQ-7): a graded enterprise still failing
after the deadline for fixing is delisted, with its citation; on the deadline it is not yet."""

from __future__ import annotations

import pendulum
import pytest

from gradingcore import commands as c
from gradingcore.clock import ManualClock
from gradingcore.service import GradingService
from tests.case.harness import PROVINCE, SUPERVISOR, Case, D

ERQI = "410103"


def _graded(region: str = ERQI) -> Case:
    clock = ManualClock("2024-03-01")
    case = Case(
        GradingService("memory", clock=clock), clock, 1, region, "郑州市二七区恒达机械有限公司"
    )
    case.graded(2024)  # level 2, announced 2024-04-17
    return case


def _visit(case: Case, on: str, visit_id: str, passed: bool, fix_by: str | None = None) -> None:
    case.run(
        c.RecordFollowUpVisit,
        on,
        SUPERVISOR,
        visit_id=visit_id,
        passed=passed,
        fix_by=D(fix_by) if fix_by else None,
        findings="" if passed else "隐患排查台账不全",
    )


class TestFollowUpVisits:
    @pytest.mark.rule("EQ-7")
    def test_a_visit_is_recorded_citing_eq7(self) -> None:
        """A visit of a graded enterprise in Erqi is recorded, feeding EQ-7."""
        case = _graded()
        _visit(case, "2024-06-03", "V-1", False, "2024-06-28")
        (event,) = case.service.history(case.key)[-1:]
        assert (event.name, event.rules, event.fix_by) == (
            "FollowUpVisited",
            ("EQ-7",),
            D("2024-06-28"),
        )
        assert case.service.state(case.key).visits[0].passed is False

    @pytest.mark.rule("EQ-7")
    def test_a_failed_visit_needs_its_deadline(self) -> None:
        """A failed visit without a deadline for fixing is refused, naming EQ-7."""
        case = _graded()
        case.refused(
            "EQ-7", c.RecordFollowUpVisit, "2024-06-03", SUPERVISOR, visit_id="V-1", passed=False
        )


class TestDelisting:
    @pytest.mark.rule("EQ-7")
    def test_failing_again_on_the_deadline_is_not_yet(self) -> None:
        """A re-visit on the deadline day that fails does not delist: the day is still within
        the time limit; revoking on EQ-7 is refused."""
        case = _graded()
        _visit(case, "2024-06-03", "V-1", False, "2024-06-28")
        _visit(case, "2024-06-28", "V-2", False, "2024-07-15")
        case.refused("EQ-7", c.Revoke, "2024-06-28", PROVINCE, trigger="EQ-7")

    @pytest.mark.rule("EQ-7")
    def test_failing_after_the_deadline_delists(self) -> None:
        """Failing again the day after the deadline: delisting is due (an obligation on the
        authority) and the level is revoked citing EQ-7."""
        case = _graded()
        _visit(case, "2024-06-03", "V-1", False, "2024-06-28")
        _visit(case, "2024-06-29", "V-2", False, "2024-07-15")
        view = case.service.view(case.key, pendulum.date(2024, 6, 29))
        (due,) = [o for o in view.obligations if o.rule_id == "EQ-7"]
        assert "摘牌收证" in due.what
        assert due.citation.document == "EQ"
        outcome = case.run(c.Revoke, "2024-07-01", PROVINCE, trigger="EQ-7")
        revoked = outcome.events[-1]
        assert (revoked.name, revoked.trigger) == ("Revoked", "EQ-7")
        assert case.service.view(case.key, pendulum.date(2024, 7, 1)).level is None

    @pytest.mark.rule("EQ-7")
    def test_a_passed_re_visit_keeps_the_level(self) -> None:
        """Fixed by the deadline and passed on re-visit: no delisting."""
        case = _graded()
        _visit(case, "2024-06-03", "V-1", False, "2024-06-28")
        _visit(case, "2024-07-02", "V-2", True)
        case.refused("EQ-7", c.Revoke, "2024-07-03", PROVINCE, trigger="EQ-7")

    @pytest.mark.rule("EQ-7")
    def test_not_a_trigger_outside_erqi(self) -> None:
        """Elsewhere in Zhengzhou the visits are recorded, but EQ-7 is no trigger."""
        case = _graded("410102")
        _visit(case, "2024-06-03", "V-1", False, "2024-06-28")
        _visit(case, "2024-06-29", "V-2", False, "2024-07-15")
        assert case.service.history(case.key)[-1].rules == ()
        case.refused("revoke.announce", c.Revoke, "2024-07-01", PROVINCE, trigger="EQ-7")
