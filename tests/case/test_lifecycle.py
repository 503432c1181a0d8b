"""The conformance suite: whole lifecycles through the service, on every store."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gradingcore import commands as c
from gradingcore.clock import ManualClock
from gradingcore.facts import ForceMajeure, Nonconformity
from gradingcore.service import GradingService
from gradingcore.views import Status
from tests.case.harness import (
    ENTERPRISE,
    PROVINCE,
    SUPERVISOR,
    TEAM,
    UNIT,
    Case,
    D,
    team,
)


@pytest.fixture
def life(store: str, clock: ManualClock) -> Case:
    service = GradingService(store, clock=clock)
    if store.startswith("postgresql"):
        _clear(service)
    return Case(service, clock)


def _clear(service: GradingService) -> None:
    """PostgreSQL keeps rows between tests: start each from empty tables."""
    with service._app.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
        cursor.execute(f"TRUNCATE {service._app.recorder.events_table_name}")  # type: ignore[attr-defined]


class TestFirstGrading:
    def test_with_correction_and_extension(self, life: Case) -> None:
        """A correction request, an extension on force majeure, then publicity and announcement."""
        life.self_evaluate("2024-03-01")
        life.run(c.Apply, "2024-03-20", ENTERPRISE, level=2)
        life.run(c.RequestCorrection, "2024-03-27", UNIT, items=("附件2缺少评分表",))
        life.run(c.Resubmit, "2024-04-02", ENTERPRISE)
        life.run(c.Forward, "2024-04-16", UNIT, opinion="符合申请条件")
        life.run(c.OrderReview, "2024-04-18", PROVINCE)
        life.run(c.FormReviewTeam, "2024-04-22", UNIT, experts=team())
        life.run(
            c.RecordReview,
            "2024-04-25",
            TEAM,
            score=Decimal("81.5"),
            nonconformities=(Nonconformity("N1", "5.4.1", "应急预案未演练"),),
        )
        life.run(
            c.ExtendRectification,
            "2024-05-20",
            PROVINCE,
            workdays=10,
            reason=ForceMajeure.NATURAL_DISASTER,
            explanation="暴雨",
        )
        # 20 WD after 2024-04-25 is 2024-05-24 (across May Day); +10 WD: 2024-06-07.
        assert life.service.view(life.key, D("2024-06-03")).obligations[0].due == D("2024-06-07")
        life.run(c.FixNonconformity, "2024-06-07", ENTERPRISE, nonconformity_id="N1")
        life.run(c.ReportRectification, "2024-06-07", ENTERPRISE)
        life.run(c.VerifyRectification, "2024-06-14", TEAM, passed=True)
        life.run(c.ReportList, "2024-06-17", UNIT, list_id="2024-06")
        life.run(c.Publicize, "2024-06-17", PROVINCE)
        life.run(c.Announce, "2024-06-26", PROVINCE)
        view = life.service.view(life.key, D("2024-07-01"))
        assert (view.status, view.level, view.valid_until) == (Status.GRADED, 2, D("2027-06-26"))
        assert life.service.verify(life.key) == []

    def test_deemed_acceptance(self, life: Case) -> None:
        """No correction notice within 5 WD: the application counts as accepted from receipt."""
        life.self_evaluate("2024-03-01")
        life.run(c.Apply, "2024-03-20", ENTERPRISE, level=2)
        outcome = life.run(c.Forward, "2024-03-28", UNIT)
        accepted = outcome.events[0]
        assert (accepted.name, accepted.on, accepted.deemed) == (
            "ApplicationAccepted",
            D("2024-03-20"),
            True,
        )


class TestFailureAndLockout:
    def test_late_rectification_fails_and_locks_out_a_year(self, life: Case) -> None:
        """Rectification not done in 20 WD counts as failed; no new application for a year."""
        life.through_review(2024)  # reviewed 2024-03-26: due 2024-04-24
        life.refused(
            "rectify.deadline", c.FixNonconformity, "2024-04-25", ENTERPRISE, nonconformity_id="N1"
        )
        life.refused("rectify.late", c.NotifyFailure, "2024-04-24", PROVINCE, reasons=("逾期",))
        life.run(c.NotifyFailure, "2024-04-25", PROVINCE, reasons=("整改逾期",))
        assert life.service.view(life.key, D("2024-04-26")).status is Status.NOT_PASSED
        life.self_evaluate("2025-03-03")
        life.refused("lockout.after_failure", c.Apply, "2025-04-25", ENTERPRISE, level=2)
        life.run(c.Apply, "2025-04-26", ENTERPRISE, level=2)


def _renewal_ready(life: Case) -> None:
    """Graded in 2022 (valid through 2025-04-15), self-evaluating every year since."""
    life.graded(2022)
    for day in ("2023-02-20", "2024-02-05", "2025-01-06"):
        life.self_evaluate(day)


class TestRenewal:
    def test_direct_renewal(self, life: Case) -> None:
        """Applying again for the same level in the window, with a clean record: straight to
        publicity and announcement."""
        _renewal_ready(life)  # the renewal window opens 2025-01-16
        life.refused("renewal.window", c.Apply, "2025-01-15", ENTERPRISE, level=2)
        life.run(c.Apply, "2025-01-20", ENTERPRISE, level=2)
        life.run(c.Accept, "2025-01-21", UNIT)
        life.run(c.Forward, "2025-01-22", UNIT)
        life.run(c.ConfirmDirectRenewal, "2025-01-23", PROVINCE)
        life.run(c.Publicize, "2025-01-24", PROVINCE)  # 7 WD across Spring Festival: 2025-02-08
        life.refused("publicity.duration", c.Announce, "2025-02-08", PROVINCE)
        life.run(c.Announce, "2025-02-09", PROVINCE)
        assert life.service.view(life.key, D("2025-06-01")).valid_until == D("2028-02-09")

    def test_full_renewal_after_a_major_change(self, life: Case) -> None:
        """A major change during validity rules out direct renewal: the full review applies."""
        _renewal_ready(life)
        life.run(c.RecordMajorChange, "2023-09-01", SUPERVISOR, description="新建二期生产线")
        life.run(c.Apply, "2025-01-20", ENTERPRISE, level=2)
        life.run(c.Accept, "2025-01-21", UNIT)
        life.run(c.Forward, "2025-01-22", UNIT)
        life.refused("renewal.direct", c.ConfirmDirectRenewal, "2025-01-23", PROVINCE)
        life.run(c.OrderReview, "2025-01-23", PROVINCE)
        life.run(c.FormReviewTeam, "2025-02-05", UNIT, experts=team())
        life.run(c.RecordReview, "2025-02-10", TEAM, score=Decimal(88))
        life.run(c.ReportList, "2025-02-11", UNIT, list_id="2025-02")
        life.run(c.Publicize, "2025-02-11", PROVINCE)
        life.run(c.Announce, "2025-02-20", PROVINCE)
        assert life.service.view(life.key, D("2025-03-01")).valid_until == D("2028-02-20")


class TestRevocation:
    def test_fatal_accident_opens_revocation_due_then_lockout(self, life: Case) -> None:
        """A fatal accident on a graded case: revocation due; revoked; locked out a year."""
        life.graded(2024)
        life.run(c.RecordIncident, "2024-08-02", SUPERVISOR, incident_id="A1", deaths=1)
        due = [o.rule_id for o in life.service.view(life.key, D("2024-08-05")).obligations]
        assert "revoke.fatal_accident" in due
        life.refused("revoke.licence", c.Revoke, "2024-08-06", PROVINCE, trigger="revoke.licence")
        life.run(c.Revoke, "2024-08-06", PROVINCE, trigger="revoke.fatal_accident")
        assert life.service.view(life.key, D("2024-08-07")).status is Status.REVOKED
        life.self_evaluate("2025-07-01")
        life.refused("lockout.after_revocation", c.Apply, "2025-08-06", ENTERPRISE, level=2)
        life.run(c.Apply, "2025-08-07", ENTERPRISE, level=2)


class TestFalseCommitment:
    def test_false_commitment_stops_grading_for_three_years(self, life: Case) -> None:
        """A commitment found false ends the grading at once; no application for 3 years."""
        life.self_evaluate("2022-03-01")
        life.run(c.Apply, "2022-03-21", ENTERPRISE, level=2)
        life.run(
            c.FindCommitmentFalse,
            "2022-04-11",
            PROVINCE,
            commitment="commit.licences",
            finding="危险化学品经营许可证已过期",
        )
        assert life.service.view(life.key, D("2022-04-12")).status is Status.TERMINATED
        life.self_evaluate("2025-03-03")
        life.refused("lockout.false_commitment", c.Apply, "2025-04-11", ENTERPRISE, level=2)
        life.run(c.Apply, "2025-04-12", ENTERPRISE, level=2)


class TestStores:
    def test_sqlite_file_survives_a_restart(self, tmp_path: Path, clock: ManualClock) -> None:
        """A case written to a SQLite file reads back identically from a new service."""
        path = str(tmp_path / "cases.db")
        case = Case(GradingService(path, clock=clock), clock)
        case.graded(2024)
        again = GradingService(path)
        assert again.state(case.key) == case.service.state(case.key)
        assert again.verify(case.key) == []
