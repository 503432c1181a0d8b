"""The lockouts of 第八条(七)(八) and its last paragraph: counted with the Civil Code from the
day of the notice, the revocation or the finding (that day not counted); the period is full at
the end of its last day and the enterprise may apply from the next day. Never stretched over a
holiday; on a leap day, the period ends on 28 February."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gradingcore import commands as c
from gradingcore.views import Status
from tests.case.harness import ENTERPRISE, PROVINCE, SUPERVISOR, TEAM, UNIT, Case, D, team


def failed_review(case: Case) -> None:
    """An application of January 2024 whose review fails on 2024-01-23 (the team: not met)."""
    case.self_evaluate("2024-01-02")  # internal publicity complete 2024-01-15
    case.run(c.Apply, "2024-01-16", ENTERPRISE, level=2)
    case.run(c.Accept, "2024-01-17", UNIT)
    case.run(c.Forward, "2024-01-18", UNIT, opinion="符合申请条件")
    case.run(c.OrderReview, "2024-01-19", PROVINCE)
    case.run(c.FormReviewTeam, "2024-01-22", UNIT, experts=team())
    case.run(c.RecordReview, "2024-01-23", TEAM, score=Decimal(50), level_met=False)


class TestLockoutAfterFailure:
    @pytest.mark.rule("lockout.after_failure")
    def test_told_2024_06_15_may_apply_from_2025_06_16(self, case: Case) -> None:
        """Told on 2024-06-15 that it failed: refused on 2025-06-15, accepted on 2025-06-16."""
        case.through_review(2024)  # rectification due 2024-04-24, never done
        outcome = case.run(c.NotifyFailure, "2024-06-15", PROVINCE, reasons=("整改逾期",))
        (deadline,) = outcome.events[0].deadlines
        assert (deadline.rule_id, deadline.due) == ("lockout.after_failure", D("2025-06-15"))
        case.self_evaluate("2025-05-06")
        error = case.refused("lockout.after_failure", c.Apply, "2025-06-15", ENTERPRISE, level=2)
        assert error.facts["lockout.after_failure.eligible_from"] == D("2025-06-16")
        case.run(c.Apply, "2025-06-16", ENTERPRISE, level=2)

    @pytest.mark.rule("lockout.after_failure")
    def test_told_on_a_leap_day_may_apply_from_1_march(self, case: Case) -> None:
        """Told on 2024-02-29: the year ends on 2025-02-28 (no 29th), apply from 2025-03-01."""
        failed_review(case)
        case.run(c.NotifyFailure, "2024-02-29", PROVINCE, reasons=("评审未达到二级标准",))
        case.self_evaluate("2025-02-05")
        case.refused("lockout.after_failure", c.Apply, "2025-02-28", ENTERPRISE, level=2)
        case.run(c.Apply, "2025-03-01", ENTERPRISE, level=2)

    @pytest.mark.rule("lockout.after_failure")
    def test_failed_review_locks_out_only_once_told(self, case: Case) -> None:
        """The year runs from the written notice, not from the failed review."""
        failed_review(case)
        case.run(c.NotifyFailure, "2024-02-29", PROVINCE, reasons=("评审未达到二级标准",))
        eligibility = case.service.eligibility(case.key, 2, D("2025-01-24"))
        (unmet,) = [f for f in eligibility.unmet if f.rule_id == "lockout.after_failure"]
        assert unmet.facts["since"] == D("2024-02-29")

    @pytest.mark.rule("lockout.after_failure")
    def test_rejection_at_intake_does_not_lock_out(self, case: Case) -> None:
        """The organizing unit's rejection is not a failure notice: no lockout (decision 0009)."""
        case.self_evaluate("2024-03-01")
        case.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)
        case.run(c.Accept, "2024-03-19", UNIT)
        case.run(c.Reject, "2024-03-20", UNIT, reasons=("自评报告不符合要求",))
        assert case.service.view(case.key, D("2024-03-20")).status is Status.REJECTED
        case.run(c.Apply, "2024-03-21", ENTERPRISE, level=2)


class TestLockoutAfterRevocation:
    @pytest.mark.rule("lockout.after_revocation")
    def test_revoked_2024_06_17_may_apply_from_2025_06_18(self, case: Case) -> None:
        """Revoked on 2024-06-17: refused on 2025-06-17, accepted on 2025-06-18."""
        case.graded(2024)
        case.run(c.RecordIncident, "2024-06-03", SUPERVISOR, incident_id="A1", deaths=1)
        outcome = case.run(c.Revoke, "2024-06-17", PROVINCE, trigger="revoke.fatal_accident")
        (deadline,) = outcome.events[0].deadlines
        assert (deadline.rule_id, deadline.due) == ("lockout.after_revocation", D("2025-06-17"))
        case.self_evaluate("2025-05-06")
        error = case.refused("lockout.after_revocation", c.Apply, "2025-06-17", ENTERPRISE, level=2)
        assert error.facts["lockout.after_revocation.eligible_from"] == D("2025-06-18")
        case.run(c.Apply, "2025-06-18", ENTERPRISE, level=2)

    @pytest.mark.rule("lockout.after_revocation")
    def test_lockout_covers_every_level(self, case: Case) -> None:
        """A revoked level-2 enterprise may not apply for level 3 either within the year."""
        case.graded(2024)
        case.run(c.RecordFraud, "2024-06-03", SUPERVISOR, description="伪造培训记录")
        case.run(c.Revoke, "2024-06-17", PROVINCE, trigger="revoke.fraud")
        case.self_evaluate("2025-05-06", level=3)
        case.refused("lockout.after_revocation", c.Apply, "2025-06-17", ENTERPRISE, level=3)
        case.run(c.Apply, "2025-06-18", ENTERPRISE, level=3)


class TestLockoutFalseCommitment:
    @pytest.mark.rule("lockout.false_commitment")
    def test_found_2022_04_11_may_apply_from_2025_04_12(self, case: Case) -> None:
        """Found false on 2022-04-11: refused on 2025-04-11 (3 years), accepted on 2025-04-12."""
        case.self_evaluate("2022-03-01")
        case.run(c.Apply, "2022-03-21", ENTERPRISE, level=2)
        outcome = case.run(
            c.FindCommitmentFalse,
            "2022-04-11",
            PROVINCE,
            commitment="commit.no_accident_1y",
            finding="隐瞒2021年重伤事故",
        )
        (deadline,) = outcome.events[0].deadlines
        assert (deadline.rule_id, deadline.due) == ("lockout.false_commitment", D("2025-04-11"))
        assert case.service.view(case.key, D("2022-04-11")).status is Status.TERMINATED
        case.self_evaluate("2025-03-03")
        error = case.refused("lockout.false_commitment", c.Apply, "2025-04-11", ENTERPRISE, level=2)
        assert error.facts["lockout.false_commitment.eligible_from"] == D("2025-04-12")
        case.run(c.Apply, "2025-04-12", ENTERPRISE, level=2)

    @pytest.mark.rule("lockout.false_commitment")
    def test_found_on_a_leap_day_ends_on_28_february(self, case: Case) -> None:
        """Found false on 2024-02-29: locked out through 2027-02-28, eligible on 2027-03-01."""
        case.self_evaluate("2024-01-02")
        case.run(c.Apply, "2024-01-16", ENTERPRISE, level=2)
        case.run(c.FindCommitmentFalse, "2024-02-29", PROVINCE, commitment="commit.licences")
        last = case.service.eligibility(case.key, 2, D("2027-02-28"))
        assert "lockout.false_commitment" in {f.rule_id for f in last.unmet}
        after = case.service.eligibility(case.key, 2, D("2027-03-01"))
        assert "lockout.false_commitment" not in {f.rule_id for f in after.unmet}

    @pytest.mark.rule("lockout.false_commitment")
    def test_false_commitment_found_after_grading_also_locks_out(self, case: Case) -> None:
        """A commitment found false after the announcement locks out from the finding's day."""
        case.graded(2022)
        case.run(c.FindCommitmentFalse, "2022-09-01", PROVINCE, commitment="commit.not_dishonest")
        case.self_evaluate("2025-07-01")
        case.refused("lockout.false_commitment", c.Apply, "2025-09-01", ENTERPRISE, level=2)
        case.run(c.Apply, "2025-09-02", ENTERPRISE, level=2)

    @pytest.mark.rule("lockout.false_commitment")
    def test_only_commitments_of_article_8_can_be_found_false(self, case: Case) -> None:
        """A finding must name one of 第八条's commitments."""
        case.self_evaluate("2024-03-01")
        case.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)
        case.refused(
            "lockout.false_commitment",
            c.FindCommitmentFalse,
            "2024-03-19",
            PROVINCE,
            commitment="commit.unknown",
        )
