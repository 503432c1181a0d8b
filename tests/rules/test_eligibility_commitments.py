"""The principal's commitments of 第八条 (HN 8(一)-(六), (九)): what the library checks against
the recorded facts, and what it can only record as given.

A fresh applicant self-evaluates on 2024-03-01 and applies on 2024-03-18, so the accident
look-back year runs from 2023-03-18 through 2024-03-18, both days included (decision 0009).
Supervisors' facts are recorded first, each on its own business date.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gradingcore import COMMITMENTS, GradingError, Status
from gradingcore import commands as c
from gradingcore import events as ev
from tests.case.harness import ENTERPRISE, PROVINCE, SUPERVISOR, Case, D

APPLIED = "2024-03-18"


def apply(case: Case, on: str = APPLIED, **payload: object) -> None:
    """Self-evaluate on 2024-03-01 (publicity complete 2024-03-14), then apply for level 2."""
    case.self_evaluate("2024-03-01")
    case.run(c.Apply, on, ENTERPRISE, level=2, **payload)


def refused(case: Case, rule_id: str, on: str = APPLIED, **payload: object) -> GradingError:
    """Self-evaluate on 2024-03-01, then check the application is refused naming ``rule_id``."""
    case.self_evaluate("2024-03-01")
    error: GradingError = case.refused(rule_id, c.Apply, on, ENTERPRISE, level=2, **payload)
    return error


def incident(case: Case, on: str, ident: str, **toll: object) -> None:
    case.run(c.RecordIncident, on, SUPERVISOR, incident_id=ident, **toll)


def without(commitment: str) -> tuple[str, ...]:
    return tuple(x for x in COMMITMENTS if x != commitment)


UNCHECKABLE = ("commit.licences", "commit.safety_org", "commit.certified_staff")


class _Uncheckable:
    """What every commitment the library cannot check shares: it must be given, and a later
    finding that it was false ends the grading and locks the enterprise out for 3 years."""

    commitment: str

    def check_missing_refused(self, case: Case) -> None:
        error = refused(case, self.commitment, commitments=without(self.commitment))
        assert "missing" in str(error)

    def check_given_is_recorded(self, case: Case) -> None:
        apply(case)
        applied = case.service.history(case.key)[-1]
        assert isinstance(applied, ev.Applied)
        assert self.commitment in applied.commitments

    def check_found_false_locks_out(self, case: Case) -> None:
        case.self_evaluate("2022-03-01")
        case.run(c.Apply, "2022-03-21", ENTERPRISE, level=2)
        case.run(
            c.FindCommitmentFalse,
            "2022-04-11",
            PROVINCE,
            commitment=self.commitment,
            finding="核查发现承诺不实",
        )
        assert case.service.view(case.key, D("2022-04-11")).status is Status.TERMINATED
        case.self_evaluate("2025-03-03")
        case.refused("lockout.false_commitment", c.Apply, "2025-04-11", ENTERPRISE, level=2)
        case.run(c.Apply, "2025-04-12", ENTERPRISE, level=2)


class TestCommitLicences(_Uncheckable):
    commitment = "commit.licences"

    @pytest.mark.rule("commit.licences")
    def test_missing_commitment_is_refused(self, case: Case) -> None:
        """An application whose principal did not commit to complete, valid licences is refused."""
        self.check_missing_refused(case)

    @pytest.mark.rule("commit.licences")
    def test_given_commitment_is_recorded(self, case: Case) -> None:
        """The library cannot check licences: the commitment is recorded as given."""
        self.check_given_is_recorded(case)

    @pytest.mark.rule("commit.licences", "lockout.false_commitment")
    def test_found_false_ends_grading_and_locks_out(self, case: Case) -> None:
        """A licence commitment found false ends the grading; 3 years' lockout to the day."""
        self.check_found_false_locks_out(case)


class TestCommitSafetyOrg(_Uncheckable):
    commitment = "commit.safety_org"

    @pytest.mark.rule("commit.safety_org")
    def test_missing_commitment_is_refused(self, case: Case) -> None:
        """An application without the commitment to a safety body or staff is refused."""
        self.check_missing_refused(case)

    @pytest.mark.rule("commit.safety_org")
    def test_given_commitment_is_recorded(self, case: Case) -> None:
        """The library cannot check the safety body: the commitment is recorded as given."""
        self.check_given_is_recorded(case)

    @pytest.mark.rule("commit.safety_org", "lockout.false_commitment")
    def test_found_false_ends_grading_and_locks_out(self, case: Case) -> None:
        """A safety-body commitment found false ends the grading; 3 years' lockout."""
        self.check_found_false_locks_out(case)


class TestCommitCertifiedStaff(_Uncheckable):
    commitment = "commit.certified_staff"

    @pytest.mark.rule("commit.certified_staff")
    def test_missing_commitment_is_refused(self, case: Case) -> None:
        """An application without the commitment that staff are certified is refused."""
        self.check_missing_refused(case)

    @pytest.mark.rule("commit.certified_staff")
    def test_given_commitment_is_recorded(self, case: Case) -> None:
        """The library cannot check certificates: the commitment is recorded as given."""
        self.check_given_is_recorded(case)

    @pytest.mark.rule("commit.certified_staff", "lockout.false_commitment")
    def test_found_false_ends_grading_and_locks_out(self, case: Case) -> None:
        """A certified-staff commitment found false ends the grading; 3 years' lockout."""
        self.check_found_false_locks_out(case)

    @pytest.mark.rule("commit.certified_staff", "commit.licences", "commit.safety_org")
    def test_every_missing_commitment_is_named(self, case: Case) -> None:
        """With all three uncheckable commitments missing, the refusal names each of them."""
        error = refused(
            case,
            "commit.certified_staff",
            commitments=tuple(x for x in COMMITMENTS if x not in UNCHECKABLE),
        )
        assert set(UNCHECKABLE) <= set(error.rule_ids)


class TestCommitNoAccident1y:
    @pytest.mark.rule("commit.no_accident_1y")
    def test_death_on_first_day_of_lookback_is_refused(self, case: Case) -> None:
        """A death on 2023-03-18, the first day of the look-back year, refuses the application."""
        incident(case, "2023-03-18", "A1", deaths=1)
        error = refused(case, "commit.no_accident_1y")
        assert error.facts["commit.no_accident_1y.first"] == D("2023-03-18")
        assert error.facts["commit.no_accident_1y.deaths"] == 1

    @pytest.mark.rule("commit.no_accident_1y")
    def test_death_the_day_before_lookback_is_not_counted(self, case: Case) -> None:
        """A death on 2023-03-17, the day before the look-back year, does not count."""
        incident(case, "2023-03-17", "A1", deaths=1)
        apply(case)

    @pytest.mark.rule("commit.no_accident_1y")
    def test_accident_on_the_application_day_counts(self, case: Case) -> None:
        """The application day itself is in the look-back year."""
        case.self_evaluate("2024-03-01")
        incident(case, APPLIED, "A1", deaths=1)
        case.refused("commit.no_accident_1y", c.Apply, APPLIED, ENTERPRISE, level=2)

    @pytest.mark.rule("commit.no_accident_1y")
    def test_two_serious_injuries_in_total_pass(self, case: Case) -> None:
        """Serious injuries totalling 2 over two accidents are under the threshold of 3."""
        incident(case, "2023-03-18", "A1", serious_injuries=1)
        incident(case, "2023-12-01", "A2", serious_injuries=1)
        apply(case)

    @pytest.mark.rule("commit.no_accident_1y")
    def test_three_serious_injuries_in_total_are_refused(self, case: Case) -> None:
        """Serious injuries totalling 3, summed over several accidents, refuse the application."""
        incident(case, "2023-03-18", "A1", serious_injuries=1)
        incident(case, "2023-08-01", "A2", serious_injuries=1)
        incident(case, "2024-03-18", "A3", serious_injuries=1)
        error = refused(case, "commit.no_accident_1y")
        assert error.facts["commit.no_accident_1y.serious_injuries"] == 3
        assert error.facts["commit.no_accident_1y.accidents"] == 3

    @pytest.mark.rule("commit.no_accident_1y")
    def test_loss_of_999999_in_total_passes(self, case: Case) -> None:
        """A direct loss totalling 999,999 CNY over several accidents is under 1,000,000."""
        incident(case, "2023-03-18", "A1", direct_loss_cny=Decimal(500000))
        incident(case, "2023-10-09", "A2", direct_loss_cny=Decimal(499999))
        apply(case)

    @pytest.mark.rule("commit.no_accident_1y")
    def test_loss_of_1000000_in_total_is_refused(self, case: Case) -> None:
        """A direct loss totalling 1,000,000 CNY over several accidents refuses the application."""
        incident(case, "2023-03-18", "A1", direct_loss_cny=Decimal(500000))
        incident(case, "2023-10-09", "A2", direct_loss_cny=Decimal(300000))
        incident(case, "2024-01-15", "A3", direct_loss_cny=Decimal(200000))
        error = refused(case, "commit.no_accident_1y")
        assert error.facts["commit.no_accident_1y.direct_loss_cny"] == Decimal(1000000)

    @pytest.mark.rule("commit.no_accident_1y")
    def test_accidents_outside_the_year_are_not_added(self, case: Case) -> None:
        """Injuries before the look-back year do not add to those inside it."""
        incident(case, "2023-03-17", "A1", serious_injuries=2)
        incident(case, "2023-03-18", "A2", serious_injuries=2)
        apply(case)


class TestCommitNoSocialIncident:
    @pytest.mark.rule("commit.no_social_incident")
    def test_event_on_first_day_of_lookback_is_refused(self, case: Case) -> None:
        """An event with major adverse social impact on 2023-03-18 refuses the application."""
        case.run(
            c.RecordSocialIncident,
            "2023-03-18",
            SUPERVISOR,
            incident_id="S1",
            description="群体性事件",
        )
        refused(case, "commit.no_social_incident")

    @pytest.mark.rule("commit.no_social_incident")
    def test_event_the_day_before_lookback_is_not_counted(self, case: Case) -> None:
        """The same event on 2023-03-17 is outside the policy's own year for 第八条(五)
        (decision 0015)."""
        case.run(c.RecordSocialIncident, "2023-03-17", SUPERVISOR, incident_id="S1")
        apply(case)


class TestCommitNotDishonest:
    @pytest.mark.rule("commit.not_dishonest")
    def test_listed_enterprise_is_refused(self, case: Case) -> None:
        """An enterprise on the dishonesty list may not apply, however long ago it was listed."""
        case.run(c.ListDishonest, "2022-01-10", SUPERVISOR)
        refused(case, "commit.not_dishonest")

    @pytest.mark.rule("commit.not_dishonest")
    def test_listed_on_the_application_day_is_refused(self, case: Case) -> None:
        """A listing that takes effect on the application day already counts."""
        case.self_evaluate("2024-03-01")
        case.run(c.ListDishonest, APPLIED, SUPERVISOR)
        case.refused("commit.not_dishonest", c.Apply, APPLIED, ENTERPRISE, level=2)

    @pytest.mark.rule("commit.not_dishonest")
    def test_delisted_enterprise_may_apply(self, case: Case) -> None:
        """Once taken off the list (the day before applying), the enterprise may apply."""
        case.run(c.ListDishonest, "2023-06-01", SUPERVISOR)
        case.run(c.DelistDishonest, "2024-03-17", SUPERVISOR)
        apply(case)


class TestCommitHazardsFixed:
    @pytest.mark.rule("commit.hazards_fixed")
    def test_open_major_hazard_is_refused(self, case: Case) -> None:
        """An open major hazard refuses the application, even before its fix-by date."""
        case.run(
            c.RecordHazard,
            "2024-02-01",
            SUPERVISOR,
            hazard_id="H1",
            major=True,
            fix_by=D("2024-04-30"),
        )
        error = refused(case, "commit.hazards_fixed")
        assert error.facts["commit.hazards_fixed.open_hazards"] == ["H1"]

    @pytest.mark.rule("commit.hazards_fixed")
    def test_hazard_fixed_on_the_application_day_passes(self, case: Case) -> None:
        """A major hazard fixed on the application day no longer stands in the way."""
        case.run(
            c.RecordHazard,
            "2024-02-01",
            SUPERVISOR,
            hazard_id="H1",
            major=True,
            fix_by=D("2024-04-30"),
        )
        case.self_evaluate("2024-03-01")
        case.refused("commit.hazards_fixed", c.Apply, "2024-03-15", ENTERPRISE, level=2)
        case.run(c.FixHazard, APPLIED, SUPERVISOR, hazard_id="H1")
        case.run(c.Apply, APPLIED, ENTERPRISE, level=2)

    @pytest.mark.rule("commit.hazards_fixed")
    def test_open_minor_hazard_does_not_count(self, case: Case) -> None:
        """Only major hazards must be fixed before applying."""
        case.run(
            c.RecordHazard,
            "2024-02-01",
            SUPERVISOR,
            hazard_id="H1",
            major=False,
            fix_by=D("2024-04-30"),
        )
        apply(case)

    @pytest.mark.rule("commit.hazards_fixed")
    def test_open_major_hazard_is_an_obligation(self, case: Case) -> None:
        """An open major hazard is the enterprise's obligation, due on its fix-by date."""
        case.run(
            c.RecordHazard,
            "2024-02-01",
            SUPERVISOR,
            hazard_id="H1",
            major=True,
            fix_by=D("2024-04-30"),
        )
        (owed,) = case.service.view(case.key, D("2024-02-01")).obligations
        assert (owed.rule_id, owed.due, owed.party) == (
            "commit.hazards_fixed",
            D("2024-04-30"),
            "enterprise",
        )
