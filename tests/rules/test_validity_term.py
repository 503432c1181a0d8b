"""The term of a level (第九条) and the window to apply again (第十条第一款).

A level is valid from its announcement day through the corresponding day 3 years later
(period.civil_code, never stretched over a holiday). The window to apply again opens 3 months
before the last day of validity, counted back with the Civil Code (decision 0009); after expiry,
an application is a new one.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gradingcore import Level
from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.service import Outcome
from gradingcore.views import Status
from tests.case.harness import ENTERPRISE, PROVINCE, TEAM, UNIT, Case, D, team


def announced_2024_10_12(case: Case) -> None:
    """A first grading at level 2 whose publicity (from 2024-09-27, across National Day) is
    complete at the end of 2024-10-11; announced on Saturday 2024-10-12, a working day."""
    case.self_evaluate("2024-08-01")
    case.run(c.Apply, "2024-08-15", ENTERPRISE, level=2)
    case.run(c.Accept, "2024-08-16", UNIT)
    case.run(c.Forward, "2024-08-19", UNIT, opinion="符合申请条件")
    case.run(c.OrderReview, "2024-08-20", PROVINCE)
    case.run(c.FormReviewTeam, "2024-08-21", UNIT, experts=team())
    case.run(c.RecordReview, "2024-08-22", TEAM, score=Decimal(86))
    case.run(c.ReportList, "2024-09-27", UNIT, list_id="2024-09")
    case.run(c.Publicize, "2024-09-27", PROVINCE)
    case.run(c.Announce, "2024-10-12", PROVINCE)


def applied(outcome: Outcome) -> ev.Applied:
    (event,) = outcome.events
    assert isinstance(event, ev.Applied)
    return event


class TestValidityTerm:
    @pytest.mark.rule("validity.term")
    def test_announced_2024_10_12_is_valid_through_2027_10_12(self, case: Case) -> None:
        """The announcement records validity from 2024-10-12 through 2027-10-12."""
        announced_2024_10_12(case)
        announced = case.service.history(case.key)[-1]
        assert isinstance(announced, ev.Announced)
        assert (announced.valid_from, announced.valid_until) == (D("2024-10-12"), D("2027-10-12"))
        assert [(d.rule_id, d.due) for d in announced.deadlines] == [
            ("validity.term", D("2027-10-12"))
        ]
        view = case.service.view(case.key, D("2026-12-31"))
        assert (view.status, view.level, view.valid_until) == (
            Status.GRADED,
            Level.LEVEL_2,
            D("2027-10-12"),
        )

    @pytest.mark.rule("validity.term")
    def test_graded_on_its_last_day_and_expired_the_day_after(self, case: Case) -> None:
        """Validity through 2027-10-12: graded on that day, expired on 2027-10-13."""
        announced_2024_10_12(case)
        last = case.service.view(case.key, D("2027-10-12"))
        assert (last.status, last.valid_until) == (Status.GRADED, D("2027-10-12"))
        after = case.service.view(case.key, D("2027-10-13"))
        assert (after.status, after.level, after.valid_until) == (Status.EXPIRED, None, None)

    @pytest.mark.rule("validity.term")
    def test_2022_grading_expires_after_2025_04_15(self, case: Case) -> None:
        """Announced 2022-04-15: graded on 2025-04-15, expired on 2025-04-16."""
        case.graded(2022)
        last = case.service.view(case.key, D("2025-04-15"))
        assert (last.status, last.level, last.valid_until) == (
            Status.GRADED,
            Level.LEVEL_2,
            D("2025-04-15"),
        )
        after = case.service.view(case.key, D("2025-04-16"))
        assert (after.status, after.level, after.valid_until) == (Status.EXPIRED, None, None)
        assert not [o for o in after.obligations if o.rule_id == "selfeval.annual"]

    @pytest.mark.rule("validity.term")
    def test_validity_starts_on_the_announcement_day(self, case: Case) -> None:
        """The day before the announcement the case is still in progress; on it, graded."""
        dates = case.graded(2022)
        before = case.service.view(case.key, dates["announced"].subtract(days=1))
        assert (before.status, before.level) == (Status.IN_PROGRESS, None)
        assert case.service.view(case.key, dates["announced"]).status is Status.GRADED

    @pytest.mark.rule("validity.term")
    def test_validity_is_not_stretched_over_a_holiday(self, case: Case) -> None:
        """Announced 2024-04-17, valid through 2027-04-17 whatever day of the week that is."""
        case.graded(2024)
        assert case.service.view(case.key, D("2024-05-01")).valid_until == D("2027-04-17")


class TestRenewalWindow:
    @pytest.mark.rule("renewal.window")
    def test_window_opens_three_months_before_expiry(self, case: Case) -> None:
        """Valid through 2025-04-15: refused on 2025-01-15, a renewal on 2025-01-16."""
        case.graded(2022)
        case.self_evaluate("2024-12-16")
        error = case.refused("renewal.window", c.Apply, "2025-01-15", ENTERPRISE, level=2)
        assert error.facts["renewal.window.window_opens"] == D("2025-01-16")
        outcome = case.run(c.Apply, "2025-01-16", ENTERPRISE, level=2)
        assert applied(outcome).renewal is True

    @pytest.mark.rule("renewal.window")
    def test_last_day_of_validity_is_still_a_renewal(self, case: Case) -> None:
        """Applying on 2025-04-15, the last day of validity, is a renewal."""
        case.graded(2022)
        case.self_evaluate("2024-12-16")
        assert applied(case.run(c.Apply, "2025-04-15", ENTERPRISE, level=2)).renewal is True

    @pytest.mark.rule("renewal.window")
    def test_after_expiry_it_is_a_new_application(self, case: Case) -> None:
        """The day after expiry, an application is new: no direct renewal, a full review."""
        case.graded(2022)
        case.self_evaluate("2024-12-16")
        assert applied(case.run(c.Apply, "2025-04-16", ENTERPRISE, level=2)).renewal is False
        case.run(c.Accept, "2025-04-17", UNIT)
        case.run(c.Forward, "2025-04-18", UNIT)
        error = case.refused("renewal.direct", c.ConfirmDirectRenewal, "2025-04-21", PROVINCE)
        assert "not a renewal" in str(error)
        case.run(c.OrderReview, "2025-04-21", PROVINCE)

    @pytest.mark.rule("renewal.window")
    def test_another_level_while_graded_waits_for_the_window(self, case: Case) -> None:
        """A graded enterprise applying for another level outside the window is refused too."""
        case.graded(2022)
        case.self_evaluate("2024-12-16", level=3)
        case.refused("renewal.window", c.Apply, "2025-01-15", ENTERPRISE, level=3)
        case.run(c.Apply, "2025-01-16", ENTERPRISE, level=3)

    @pytest.mark.rule("renewal.window")
    def test_window_counted_back_from_the_last_day(self, case: Case) -> None:
        """Valid through 2027-04-17 (announced 2024-04-17): the window opens on 2027-01-18."""
        case.graded(2024)
        case.self_evaluate("2026-12-01")
        early = case.service.eligibility(case.key, 2, D("2027-01-17"))
        assert [f.rule_id for f in early.unmet] == ["renewal.window"]
        assert case.service.eligibility(case.key, 2, D("2027-01-18")).eligible
