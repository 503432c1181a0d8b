"""The revocation triggers of 第十一条 and the revocation itself.

Graded level 2 on 2024-04-17 (valid through 2027-04-17). When the recorded facts meet a trigger,
``view(...).obligations`` holds a "revocation due" obligation for the authority, named by the
trigger's rule id, from the facts' business date on and not before; the authority then revokes,
and ``Revoke`` is refused naming the trigger while the facts do not meet it. Facts count from
the announcement day on (decision 0009).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gradingcore import LicenceLoss, Obligation, Reporting, Role
from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.views import Status
from tests.case.harness import (
    CITY,
    ENTERPRISE,
    PROVINCE,
    SUPERVISOR,
    UNIT,
    Case,
    D,
    check_invariants,
)

COPIED_TO = [
    "工业和信息化部门",
    "人力资源社会保障部门",
    "国有资产监督管理部门",
    "市场监督管理部门",
    "工会组织",
    "银行保险监督管理机构",
    "证券监督管理机构",
]


def revocation_due(case: Case, day: str) -> dict[str, Obligation]:
    """The "revocation due" obligations open on ``day``, by trigger."""
    found = {
        o.rule_id: o
        for o in case.service.view(case.key, D(day)).obligations
        if o.rule_id.startswith("revoke.")
    }
    assert all(o.what.startswith("revocation due") for o in found.values())
    return found


def late(case: Case, command: type[c.Command], on: str, **payload: Any) -> None:
    """A fact recorded now with an earlier business date (the clock does not move back)."""
    case.service.execute(command(case=case.key, actor=SUPERVISOR, on=D(on), **payload))
    check_invariants(case.service, case.key)


def incident(case: Case, on: str, ident: str, **toll: Any) -> None:
    case.run(c.RecordIncident, on, SUPERVISOR, incident_id=ident, **toll)


def revoke(case: Case, trigger: str, on: str) -> None:
    case.run(c.Revoke, on, PROVINCE, trigger=trigger)
    assert case.service.view(case.key, D(on)).status is Status.REVOKED


def not_yet(case: Case, trigger: str, on: str) -> None:
    """Revoking on ``trigger`` is refused on ``on``: the facts do not meet it."""
    error = case.refused(trigger, c.Revoke, on, PROVINCE, trigger=trigger)
    assert "do not meet" in str(error)


class TestRevokeFatalAccident:
    @pytest.mark.rule("revoke.fatal_accident")
    def test_due_from_the_accident_day_not_before(self, case: Case) -> None:
        """A death on 2024-08-02: revocation due on 2024-08-02, not on 2024-08-01."""
        case.graded(2024)
        not_yet(case, "revoke.fatal_accident", "2024-08-01")
        incident(case, "2024-08-02", "A1", deaths=1)
        assert "revoke.fatal_accident" not in revocation_due(case, "2024-08-01")
        owed = revocation_due(case, "2024-08-02")["revoke.fatal_accident"]
        assert (owed.party, owed.due) == (Role.AUTHORITY, None)
        revoke(case, "revoke.fatal_accident", "2024-08-02")

    @pytest.mark.rule("revoke.fatal_accident")
    def test_accident_without_death_is_not_this_trigger(self, case: Case) -> None:
        """Serious injuries without a death do not meet the fatal-accident trigger."""
        case.graded(2024)
        incident(case, "2024-08-02", "A1", serious_injuries=2)
        assert revocation_due(case, "2024-08-02") == {}
        not_yet(case, "revoke.fatal_accident", "2024-08-05")

    @pytest.mark.rule("revoke.fatal_accident")
    def test_counts_from_the_announcement_day(self, case: Case) -> None:
        """A death the day before the announcement is no trigger; one on the day itself is."""
        case.graded(2024)  # announced 2024-04-17
        late(case, c.RecordIncident, "2024-04-16", incident_id="A0", deaths=1)
        assert revocation_due(case, "2024-05-06") == {}
        late(case, c.RecordIncident, "2024-04-17", incident_id="A1", deaths=1)
        assert "revoke.fatal_accident" in revocation_due(case, "2024-04-17")


class TestRevokeInjuriesOrLoss12m:
    @pytest.mark.rule("revoke.injuries_or_loss_12m")
    def test_three_injuries_over_exactly_12_months_are_due(self, case: Case) -> None:
        """3 injuries spread over exactly 12 months: due on the last one's day, not before."""
        case.graded(2024)  # 2024-05-06 through 2025-05-05: 12 months, both ends included
        incident(case, "2024-05-06", "A1", serious_injuries=1)
        incident(case, "2024-11-01", "A2", serious_injuries=1)
        not_yet(case, "revoke.injuries_or_loss_12m", "2025-05-04")
        incident(case, "2025-05-05", "A3", serious_injuries=1)
        assert revocation_due(case, "2025-05-04") == {}
        owed = revocation_due(case, "2025-05-05")["revoke.injuries_or_loss_12m"]
        assert (owed.facts["first"], owed.facts["last"]) == (D("2024-05-06"), D("2025-05-05"))
        assert owed.facts["serious_injuries"] == 3
        revoke(case, "revoke.injuries_or_loss_12m", "2025-05-06")

    @pytest.mark.rule("revoke.injuries_or_loss_12m")
    def test_injuries_over_12_months_and_a_day_are_not(self, case: Case) -> None:
        """3 injuries spread over 12 months and a day: no 12-month window holds 3."""
        case.graded(2024)  # 2024-05-06 through 2025-05-06: one day more than 12 months
        incident(case, "2024-05-06", "A1", serious_injuries=1)
        incident(case, "2024-11-01", "A2", serious_injuries=1)
        incident(case, "2025-05-06", "A3", serious_injuries=1)
        assert revocation_due(case, "2025-05-06") == {}
        assert revocation_due(case, "2026-06-01") == {}
        not_yet(case, "revoke.injuries_or_loss_12m", "2025-05-07")

    @pytest.mark.rule("revoke.injuries_or_loss_12m")
    def test_two_injuries_are_not_due(self, case: Case) -> None:
        """Serious injuries totalling 2 within 12 months stay under the threshold of 3."""
        case.graded(2024)
        incident(case, "2024-06-03", "A1", serious_injuries=1)
        incident(case, "2024-06-04", "A2", serious_injuries=1)
        assert revocation_due(case, "2024-06-04") == {}

    @pytest.mark.rule("revoke.injuries_or_loss_12m")
    def test_loss_of_999999_in_total_is_not_due(self, case: Case) -> None:
        """A direct loss totalling 999,999 CNY over several accidents stays under 1,000,000."""
        case.graded(2024)
        incident(case, "2024-06-03", "A1", direct_loss_cny=Decimal(400000))
        incident(case, "2024-09-02", "A2", direct_loss_cny=Decimal(300000))
        incident(case, "2025-01-06", "A3", direct_loss_cny=Decimal(299999))
        assert revocation_due(case, "2025-01-06") == {}
        not_yet(case, "revoke.injuries_or_loss_12m", "2025-01-07")

    @pytest.mark.rule("revoke.injuries_or_loss_12m")
    def test_loss_of_1000000_in_total_is_due(self, case: Case) -> None:
        """A direct loss totalling 1,000,000 CNY over several accidents within 12 months is."""
        case.graded(2024)
        incident(case, "2024-06-03", "A1", direct_loss_cny=Decimal(400000))
        incident(case, "2024-09-02", "A2", direct_loss_cny=Decimal(300000))
        incident(case, "2025-01-06", "A3", direct_loss_cny=Decimal(300000))
        owed = revocation_due(case, "2025-01-06")["revoke.injuries_or_loss_12m"]
        assert owed.facts["direct_loss_cny"] == Decimal(1000000)

    @pytest.mark.rule("revoke.injuries_or_loss_12m")
    def test_window_starts_no_earlier_than_the_announcement(self, case: Case) -> None:
        """Injuries the day before the announcement do not count; on the day they do."""
        case.graded(2024)
        late(case, c.RecordIncident, "2024-04-16", incident_id="A0", serious_injuries=2)
        incident(case, "2024-06-03", "A1", serious_injuries=1)
        assert revocation_due(case, "2024-06-03") == {}
        late(case, c.RecordIncident, "2024-04-17", incident_id="A2", serious_injuries=2)
        assert "revoke.injuries_or_loss_12m" in revocation_due(case, "2024-06-03")


class TestRevokeSocialIncident:
    @pytest.mark.rule("revoke.social_incident")
    def test_due_from_the_event_day(self, case: Case) -> None:
        """An event with major adverse social impact on 2024-09-02 makes revocation due then."""
        case.graded(2024)
        not_yet(case, "revoke.social_incident", "2024-09-02")
        case.run(
            c.RecordSocialIncident,
            "2024-09-02",
            SUPERVISOR,
            incident_id="S1",
            description="环境污染引发群体性事件",
        )
        assert revocation_due(case, "2024-09-01") == {}
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.social_incident"}
        revoke(case, "revoke.social_incident", "2024-09-03")


class TestRevokeConcealment:
    @pytest.mark.rule("revoke.concealment")
    @pytest.mark.parametrize(
        "reporting", [Reporting.CONCEALED, Reporting.FALSE, Reporting.LATE, Reporting.OMITTED]
    )
    def test_each_kind_of_misreporting_is_due(self, case: Case, reporting: Reporting) -> None:
        """An accident concealed (瞒报), reported falsely (谎报), late (迟报) or not (漏报)."""
        case.graded(2024)
        incident(case, "2024-09-02", "A1", direct_loss_cny=Decimal(20000), reporting=reporting)
        assert revocation_due(case, "2024-09-01") == {}
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.concealment"}
        revoke(case, "revoke.concealment", "2024-09-03")

    @pytest.mark.rule("revoke.concealment")
    def test_accident_reported_on_time_is_not(self, case: Case) -> None:
        """The same minor accident reported on time meets no trigger."""
        case.graded(2024)
        incident(case, "2024-09-02", "A1", direct_loss_cny=Decimal(20000))
        assert revocation_due(case, "2024-09-02") == {}
        not_yet(case, "revoke.concealment", "2024-09-03")


class TestRevokeDishonestyList:
    @pytest.mark.rule("revoke.dishonesty_list")
    def test_due_while_listed(self, case: Case) -> None:
        """Listed on 2024-09-02: revocation due from that day, not the day before."""
        case.graded(2024)
        not_yet(case, "revoke.dishonesty_list", "2024-09-02")
        case.run(c.ListDishonest, "2024-09-02", SUPERVISOR)
        assert revocation_due(case, "2024-09-01") == {}
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.dishonesty_list"}
        revoke(case, "revoke.dishonesty_list", "2024-09-03")

    @pytest.mark.rule("revoke.dishonesty_list")
    def test_no_longer_due_once_delisted(self, case: Case) -> None:
        """Taken off the list before the authority acts, the trigger no longer holds."""
        # The core reads 被列入 as being on the list when the authority acts.
        case.graded(2024)
        case.run(c.ListDishonest, "2024-09-02", SUPERVISOR)
        case.run(c.DelistDishonest, "2024-12-02", SUPERVISOR)
        assert "revoke.dishonesty_list" in revocation_due(case, "2024-12-01")
        assert revocation_due(case, "2024-12-02") == {}
        not_yet(case, "revoke.dishonesty_list", "2024-12-03")

    @pytest.mark.rule("revoke.dishonesty_list", "revoke.fraud")
    def test_listing_before_validity_is_a_false_commitment(self, case: Case) -> None:
        """A listing from before validity is no trigger; as a false commitment it is fraud."""
        case.graded(2024)
        late(case, c.ListDishonest, "2024-03-01")
        assert revocation_due(case, "2024-09-02") == {}
        case.run(c.FindCommitmentFalse, "2024-09-02", PROVINCE, commitment="commit.not_dishonest")
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.fraud"}


class TestRevokeFraud:
    @pytest.mark.rule("revoke.fraud")
    def test_false_materials_are_due(self, case: Case) -> None:
        """False materials found on 2024-09-02 make revocation due from that day."""
        case.graded(2024)
        not_yet(case, "revoke.fraud", "2024-09-02")
        case.run(c.RecordFraud, "2024-09-02", SUPERVISOR, description="伪造安全培训记录")
        assert revocation_due(case, "2024-09-01") == {}
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.fraud"}
        revoke(case, "revoke.fraud", "2024-09-02")

    @pytest.mark.rule("revoke.fraud")
    def test_false_commitment_found_during_validity_is_due(self, case: Case) -> None:
        """A commitment found false after the announcement counts as improper means."""
        case.graded(2024)
        case.run(
            c.FindCommitmentFalse,
            "2024-09-02",
            PROVINCE,
            commitment="commit.licences",
            finding="安全生产许可证已过期",
        )
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.fraud"}
        revoke(case, "revoke.fraud", "2024-09-03")


class TestRevokeLicence:
    @pytest.mark.rule("revoke.licence")
    @pytest.mark.parametrize("kind", list(LicenceLoss))
    def test_each_loss_is_due(self, case: Case, kind: LicenceLoss) -> None:
        """A licence cancelled, revoked or withdrawn, or leaving the business, is a trigger."""
        case.graded(2024)
        not_yet(case, "revoke.licence", "2024-09-02")
        case.run(c.RecordLicenceLoss, "2024-09-02", SUPERVISOR, kind=kind)
        assert revocation_due(case, "2024-09-01") == {}
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.licence"}
        revoke(case, "revoke.licence", "2024-09-02")


class TestRevokeHazardUnfixed:
    @pytest.mark.rule("revoke.hazard_unfixed")
    def test_unfixed_hazard_is_due_the_day_after_its_deadline(self, case: Case) -> None:
        """A major hazard due 2024-10-31: not due on 2024-10-31, due on 2024-11-01."""
        case.graded(2024)
        case.run(
            c.RecordHazard,
            "2024-09-02",
            SUPERVISOR,
            hazard_id="H1",
            major=True,
            fix_by=D("2024-10-31"),
        )
        assert revocation_due(case, "2024-10-31") == {}
        not_yet(case, "revoke.hazard_unfixed", "2024-10-31")
        assert set(revocation_due(case, "2024-11-01")) == {"revoke.hazard_unfixed"}
        revoke(case, "revoke.hazard_unfixed", "2024-11-01")

    @pytest.mark.rule("revoke.hazard_unfixed")
    def test_fixed_on_the_deadline_is_never_due(self, case: Case) -> None:
        """Fixed on 2024-10-31, its last day: no revocation, then or later."""
        case.graded(2024)
        case.run(
            c.RecordHazard,
            "2024-09-02",
            SUPERVISOR,
            hazard_id="H1",
            major=True,
            fix_by=D("2024-10-31"),
        )
        case.run(c.FixHazard, "2024-10-31", SUPERVISOR, hazard_id="H1")
        assert revocation_due(case, "2024-11-01") == {}
        assert revocation_due(case, "2026-01-05") == {}
        not_yet(case, "revoke.hazard_unfixed", "2024-11-01")

    @pytest.mark.rule("revoke.hazard_unfixed")
    def test_fixed_the_day_after_stays_due(self, case: Case) -> None:
        """Fixed on 2024-11-01, a day late: the trigger was met and stays met."""
        case.graded(2024)
        case.run(
            c.RecordHazard,
            "2024-09-02",
            SUPERVISOR,
            hazard_id="H1",
            major=True,
            fix_by=D("2024-10-31"),
        )
        case.run(c.FixHazard, "2024-11-01", SUPERVISOR, hazard_id="H1")
        assert set(revocation_due(case, "2024-11-04")) == {"revoke.hazard_unfixed"}

    @pytest.mark.rule("revoke.hazard_unfixed")
    def test_minor_hazard_is_not_a_trigger(self, case: Case) -> None:
        """A hazard that is not major, left unfixed past its deadline, is not a trigger."""
        case.graded(2024)
        case.run(
            c.RecordHazard,
            "2024-09-02",
            SUPERVISOR,
            hazard_id="H1",
            major=False,
            fix_by=D("2024-10-31"),
        )
        assert revocation_due(case, "2024-11-01") == {}


class TestRevokeNotOperating:
    @pytest.mark.rule("revoke.not_operating")
    def test_serious_failure_is_due(self, case: Case) -> None:
        """The system found not run continuously and effectively, seriously, is a trigger."""
        case.graded(2024)
        not_yet(case, "revoke.not_operating", "2024-09-02")
        case.run(c.RecordOperationFailure, "2024-09-02", SUPERVISOR, description="体系停止运行")
        assert revocation_due(case, "2024-09-01") == {}
        assert set(revocation_due(case, "2024-09-02")) == {"revoke.not_operating"}
        revoke(case, "revoke.not_operating", "2024-09-02")

    @pytest.mark.rule("revoke.not_operating")
    def test_failure_that_is_not_serious_is_not(self, case: Case) -> None:
        """A failure that is not serious (情节不严重) is not a trigger."""
        case.graded(2024)
        case.run(c.RecordOperationFailure, "2024-09-02", SUPERVISOR, serious=False)
        assert revocation_due(case, "2024-09-02") == {}
        not_yet(case, "revoke.not_operating", "2024-09-03")


class TestRevokeAnnounce:
    @pytest.mark.rule("revoke.announce")
    def test_revocation_is_announced_and_copied(self, case: Case) -> None:
        """A revocation names its trigger, is copied, starts the lockout and ends the level."""
        case.graded(2024)
        incident(case, "2024-08-02", "A1", deaths=1)
        outcome = case.run(c.Revoke, "2024-08-06", PROVINCE, trigger="revoke.fatal_accident")
        revoked = outcome.events[0]
        assert isinstance(revoked, ev.Revoked)
        assert revoked.rules == ("revoke.fatal_accident", "revoke.announce")
        assert list(revoked.copied_to) == COPIED_TO
        assert [(d.rule_id, d.due) for d in revoked.deadlines] == [
            ("lockout.after_revocation", D("2025-08-06"))
        ]
        view = case.service.view(case.key, D("2024-08-06"))
        assert (view.status, view.level, view.valid_until) == (Status.REVOKED, None, None)
        assert revocation_due(case, "2024-08-06") == {}
        assert case.service.view(case.key, D("2024-08-05")).status is Status.GRADED

    @pytest.mark.rule("revoke.announce")
    def test_copied_to_given_bodies(self, case: Case) -> None:
        """The authority may name the bodies it copies the revocation to."""
        case.graded(2024)
        case.run(c.RecordFraud, "2024-09-02", SUPERVISOR)
        outcome = case.run(
            c.Revoke,
            "2024-09-02",
            PROVINCE,
            trigger="revoke.fraud",
            copied_to=("河南省市场监督管理局",),
        )
        revoked = outcome.events[0]
        assert isinstance(revoked, ev.Revoked)
        assert revoked.copied_to == ("河南省市场监督管理局",)

    @pytest.mark.rule("revoke.announce")
    def test_expired_level_cannot_be_revoked(self, case: Case) -> None:
        """Valid through 2025-04-15: revocable on that day, not on 2025-04-16."""
        case.graded(2022)
        incident(case, "2024-06-03", "A1", deaths=1)
        assert "revoke.fatal_accident" in revocation_due(case, "2025-04-15")
        assert revocation_due(case, "2025-04-16") == {}
        case.refused(
            "revoke.announce", c.Revoke, "2025-04-16", PROVINCE, trigger="revoke.fatal_accident"
        )
        case.run(c.Revoke, "2025-04-15", PROVINCE, trigger="revoke.fatal_accident")

    @pytest.mark.rule("revoke.announce", "validity.term")
    def test_revoked_renewal_does_not_revive_the_level_it_renewed(self, case: Case) -> None:
        """A revoked renewal leaves no level: the one it renewed does not come back."""
        case.graded(2022)
        for day in ("2023-02-20", "2024-02-05", "2025-01-06"):
            case.self_evaluate(day)
        case.run(c.Apply, "2025-01-20", ENTERPRISE, level=2)
        case.run(c.Accept, "2025-01-21", UNIT)
        case.run(c.Forward, "2025-01-22", UNIT)
        case.run(c.ConfirmDirectRenewal, "2025-01-23", PROVINCE)
        case.run(c.Publicize, "2025-01-24", PROVINCE)
        case.run(c.Announce, "2025-02-09", PROVINCE)
        assert case.service.view(case.key, D("2025-02-09")).valid_until == D("2028-02-09")
        incident(case, "2025-02-20", "A1", deaths=1)
        revoke(case, "revoke.fatal_accident", "2025-02-24")
        view = case.service.view(case.key, D("2025-02-25"))
        assert (view.status, view.level, view.valid_until) == (Status.REVOKED, None, None)
        assert revocation_due(case, "2025-02-25") == {}
        case.refused(
            "revoke.announce", c.Revoke, "2025-02-25", PROVINCE, trigger="revoke.fatal_accident"
        )

    @pytest.mark.rule("revoke.announce")
    def test_revoked_level_cannot_be_revoked_again(self, case: Case) -> None:
        """Once revoked, there is no level left to revoke."""
        case.graded(2024)
        case.run(c.RecordFraud, "2024-09-02", SUPERVISOR)
        case.run(c.Revoke, "2024-09-02", PROVINCE, trigger="revoke.fraud")
        case.refused("revoke.announce", c.Revoke, "2024-09-03", PROVINCE, trigger="revoke.fraud")

    @pytest.mark.rule("revoke.announce")
    def test_only_triggers_of_article_11(self, case: Case) -> None:
        """A revocation must name one of 第十一条's triggers."""
        case.graded(2024)
        case.run(c.RecordFraud, "2024-09-02", SUPERVISOR)
        case.refused(
            "revoke.announce", c.Revoke, "2024-09-02", PROVINCE, trigger="commit.not_dishonest"
        )

    @pytest.mark.rule("revoke.announce")
    def test_only_the_grading_authority_revokes(self, case: Case) -> None:
        """A level-2 grading is revoked by the province that graded it, not by the city."""
        case.graded(2024)
        case.run(c.RecordFraud, "2024-09-02", SUPERVISOR)
        case.refused("authority.by_level", c.Revoke, "2024-09-02", CITY, trigger="revoke.fraud")
