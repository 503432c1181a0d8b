"""Direct renewal (第十条第二款): applying again for the level held, the authority may go
straight to publicity when (一)-(七) held during validity; level 1 has a stricter (二)
(``renewal.direct.level1``, national rules as recalled).

The path: graded on 2022-04-15 (valid through 2025-04-15); facts recorded during validity;
self-evaluations in 2023 and 2024; applied 2025-01-20 inside the window, accepted and forwarded;
the authority confirms (or is refused) on 2025-01-23. Accidents fall before 2024-01-20 so that
the application's own look-back year (第八条(四)) stays clean.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import pytest

from gradingcore import Actor, Finding, GradingError, Level, Stage
from gradingcore import commands as c
from gradingcore.rules import direct_renewal_findings
from tests.case.harness import (
    CITY,
    ENTERPRISE,
    PROVINCE,
    SUPERVISOR,
    TEAM,
    UNIT,
    Case,
    D,
    check_invariants,
    team,
)

CONFIRM = "2025-01-23"
SELF_EVALUATIONS = ("2023-04-14", "2024-04-12")


def authority(level: int) -> Actor:
    return PROVINCE if level == 2 else CITY


def graded_2022(case: Case, level: int = 2) -> None:
    """Level 2 (the harness's path) or level 3 (the city's), announced on 2022-04-15."""
    if level == 2:
        case.graded(2022)
        return
    case.self_evaluate("2022-03-01", level=3)
    case.run(c.Apply, "2022-03-16", ENTERPRISE, level=3)
    case.run(c.Accept, "2022-03-17", UNIT)
    case.run(c.Forward, "2022-03-18", UNIT, opinion="符合申请条件")
    case.run(c.OrderReview, "2022-03-21", CITY)
    case.run(c.FormReviewTeam, "2022-03-22", UNIT, experts=team())
    case.run(c.RecordReview, "2022-03-23", TEAM, score=Decimal(70))
    case.run(c.ReportList, "2022-03-24", UNIT, list_id="2022-03")
    case.run(c.Publicize, "2022-03-24", CITY)
    case.run(c.Announce, "2022-04-15", CITY)


def forward_renewal(
    case: Case, level: int = 2, self_evaluations: Sequence[str] = SELF_EVALUATIONS
) -> None:
    for day in self_evaluations:
        case.self_evaluate(day, level=level)
    case.run(c.Apply, "2025-01-20", ENTERPRISE, level=level)
    case.run(c.Accept, "2025-01-21", UNIT)
    case.run(c.Forward, "2025-01-22", UNIT, opinion="符合复评条件")


def incidents(case: Case, *tolls: tuple[str, dict[str, Any]]) -> None:
    for n, (on, toll) in enumerate(tolls, start=1):
        case.run(c.RecordIncident, on, SUPERVISOR, incident_id=f"A{n}", **toll)


def confirmed(case: Case, level: int = 2, **payload: Any) -> None:
    """The authority confirms the direct renewal; the application is ready for publicity."""
    outcome = case.run(c.ConfirmDirectRenewal, CONFIRM, authority(level), **payload)
    assert "renewal.direct" in outcome.events[0].rules
    app = case.service.state(case.key).application
    assert app is not None
    assert (app.stage, app.direct_renewal) == (Stage.READY_FOR_PUBLICITY, True)


def refused(case: Case, item: str, level: int = 2, **payload: Any) -> GradingError:
    error: GradingError = case.refused(
        "renewal.direct", c.ConfirmDirectRenewal, CONFIRM, authority(level), **payload
    )
    assert item in str(error)
    return error


class TestRenewalDirect:
    @pytest.mark.rule("renewal.direct")
    def test_all_conditions_hold(self, case: Case) -> None:
        """With (一)-(七) all holding, the renewal goes straight to publicity and announcement."""
        graded_2022(case)
        case.run(c.RecordPenalty, "2022-08-01", SUPERVISOR, penalty_id="P1", major=False)
        forward_renewal(case)
        confirmed(case)
        case.run(c.Publicize, "2025-01-24", PROVINCE)
        case.run(c.Announce, "2025-02-09", PROVINCE)
        assert case.service.view(case.key, D("2025-02-10")).valid_until == D("2028-02-09")

    @pytest.mark.rule("renewal.direct")
    def test_fatal_accident_fails_item_1(self, case: Case) -> None:
        """(一) one death during validity rules out direct renewal."""
        graded_2022(case)
        incidents(case, ("2022-09-01", {"deaths": 1}))
        forward_renewal(case)
        refused(case, "(一)")

    @pytest.mark.rule("renewal.direct")
    @pytest.mark.parametrize("level", [2, 3])
    def test_four_serious_injuries_in_total_pass_item_2(self, case: Case, level: int) -> None:
        """(二) serious injuries totalling 4 over several accidents are under 5, levels 2 and 3."""
        graded_2022(case, level)
        incidents(
            case,
            ("2022-06-01", {"serious_injuries": 2}),
            ("2022-09-01", {"serious_injuries": 1}),
            ("2023-03-01", {"serious_injuries": 1}),
        )
        forward_renewal(case, level)
        confirmed(case, level)

    @pytest.mark.rule("renewal.direct")
    @pytest.mark.parametrize("level", [2, 3])
    def test_five_serious_injuries_in_total_fail_item_2(self, case: Case, level: int) -> None:
        """(二) serious injuries totalling 5 during validity rule out direct renewal."""
        graded_2022(case, level)
        incidents(
            case,
            ("2022-06-01", {"serious_injuries": 2}),
            ("2022-09-01", {"serious_injuries": 2}),
            ("2023-03-01", {"serious_injuries": 1}),
        )
        forward_renewal(case, level)
        refused(case, "(二) 5 serious injuries", level)

    @pytest.mark.rule("renewal.direct")
    @pytest.mark.parametrize("level", [2, 3])
    def test_loss_of_4999999_in_total_passes_item_2(self, case: Case, level: int) -> None:
        """(二) a direct loss totalling 4,999,999 CNY is under 5,000,000."""
        graded_2022(case, level)
        incidents(
            case,
            ("2022-06-01", {"direct_loss_cny": Decimal(2500000)}),
            ("2023-03-01", {"direct_loss_cny": Decimal(2499999)}),
        )
        forward_renewal(case, level)
        confirmed(case, level)

    @pytest.mark.rule("renewal.direct")
    @pytest.mark.parametrize("level", [2, 3])
    def test_loss_of_5000000_in_total_fails_item_2(self, case: Case, level: int) -> None:
        """(二) a direct loss totalling 5,000,000 CNY rules out direct renewal."""
        graded_2022(case, level)
        incidents(
            case,
            ("2022-06-01", {"direct_loss_cny": Decimal(2500000)}),
            ("2023-03-01", {"direct_loss_cny": Decimal(2500000)}),
        )
        forward_renewal(case, level)
        refused(case, "(二)", level)

    @pytest.mark.rule("renewal.direct")
    def test_accidents_before_validity_do_not_count(self, case: Case) -> None:
        """(二) counts accidents during validity only, not those of the day before."""
        graded_2022(case)
        case.service.execute(
            c.RecordIncident(
                case=case.key,
                actor=SUPERVISOR,
                on=D("2022-04-14"),
                incident_id="A0",
                serious_injuries=3,
            )
        )
        check_invariants(case.service, case.key)
        incidents(case, ("2022-04-15", {"serious_injuries": 2}))
        forward_renewal(case)
        confirmed(case)

    @pytest.mark.rule("renewal.direct")
    def test_social_incident_fails_item_3(self, case: Case) -> None:
        """(三) an event with major adverse social impact during validity rules it out."""
        graded_2022(case)
        case.run(c.RecordSocialIncident, "2022-09-01", SUPERVISOR, incident_id="S1")
        forward_renewal(case)
        refused(case, "(三)")

    @pytest.mark.rule("renewal.direct")
    def test_penalty_for_a_major_violation_fails_item_4(self, case: Case) -> None:
        """(四) an administrative penalty for a major violation rules it out."""
        graded_2022(case)
        case.run(
            c.RecordPenalty,
            "2022-08-01",
            SUPERVISOR,
            penalty_id="P1",
            major=True,
            description="重大安全生产违法行为",
        )
        forward_renewal(case)
        refused(case, "(四)")

    @pytest.mark.rule("renewal.direct")
    def test_revised_standards_fail_item_5(self, case: Case) -> None:
        """(五) a major revision of the laws or the grading standard rules it out."""
        graded_2022(case)
        forward_renewal(case)
        error = refused(case, "(五)", standards_revised=True)
        assert tuple(error.rule_ids) == ("renewal.direct",)

    @pytest.mark.rule("renewal.direct")
    def test_major_change_fails_item_6(self, case: Case) -> None:
        """(六) a major change of process, or a new, rebuilt or extended project, rules it out."""
        graded_2022(case)
        case.run(c.RecordMajorChange, "2022-11-01", SUPERVISOR, description="新建二期生产线")
        forward_renewal(case)
        refused(case, "(六)")

    @pytest.mark.rule("renewal.direct")
    def test_self_evaluation_on_its_due_day_holds_item_7(self, case: Case) -> None:
        """(七) a self-evaluation a year to the day after the announcement is in time."""
        graded_2022(case)
        forward_renewal(case, self_evaluations=("2023-04-15", "2024-04-12"))
        confirmed(case)

    @pytest.mark.rule("renewal.direct")
    def test_self_evaluation_a_day_late_fails_item_7(self, case: Case) -> None:
        """(七) a self-evaluation on 2023-04-16, a day over the year, rules it out."""
        graded_2022(case)
        forward_renewal(case, self_evaluations=("2023-04-16", "2024-04-12"))
        refused(case, "(七) no self-evaluation between 2022-04-15 and 2023-04-16")

    @pytest.mark.rule("renewal.direct")
    def test_missing_self_evaluation_fails_item_7(self, case: Case) -> None:
        """(七) no self-evaluation since 2023-04-14 (due by 2024-04-14) rules it out."""
        graded_2022(case)
        forward_renewal(case, self_evaluations=("2023-04-14",))
        refused(case, "(七) no self-evaluation since 2023-04-14")

    @pytest.mark.rule("renewal.direct")
    def test_every_failing_item_is_listed(self, case: Case) -> None:
        """With several items failing, the refusal lists each of them."""
        graded_2022(case)
        incidents(case, ("2022-09-01", {"deaths": 1}))
        case.run(c.RecordMajorChange, "2022-11-01", SUPERVISOR)
        forward_renewal(case)
        error = refused(case, "(一)", standards_revised=True)
        assert all(item in str(error) for item in ("(五)", "(六)"))

    @pytest.mark.rule("renewal.direct")
    def test_confirmed_after_expiry_of_a_renewal_applied_for_in_time(self, case: Case) -> None:
        """A renewal applied for before expiry may still be confirmed after the level expired."""
        graded_2022(case)  # valid through 2025-04-15
        for day in (*SELF_EVALUATIONS, "2025-03-24"):
            case.self_evaluate(day)
        case.run(c.Apply, "2025-04-14", ENTERPRISE, level=2)
        case.run(c.Accept, "2025-04-15", UNIT)
        case.run(c.Forward, "2025-04-16", UNIT)
        outcome = case.run(c.ConfirmDirectRenewal, "2025-04-17", PROVINCE)
        assert "renewal.direct" in outcome.events[0].rules

    @pytest.mark.rule("renewal.direct")
    def test_level_revoked_after_the_application_is_not_renewed(self, case: Case) -> None:
        """A level revoked while its renewal is under way cannot be renewed directly."""
        graded_2022(case)
        forward_renewal(case)  # forwarded 2025-01-22
        case.run(c.RecordFraud, "2025-01-22", SUPERVISOR, description="伪造自评材料")
        case.run(c.Revoke, "2025-01-22", PROVINCE, trigger="revoke.fraud")
        refused(case, "the level was revoked on 2025-01-22")

    @pytest.mark.rule("renewal.direct")
    def test_another_level_is_not_a_direct_renewal(self, case: Case) -> None:
        """Applying for a level other than the one held goes through the full review."""
        graded_2022(case)
        forward_renewal(case, level=3)
        refused(case, "not a renewal of the level held", level=3)


def level1_findings(case: Case, *tolls: tuple[str, dict[str, Any]]) -> dict[str, Finding]:
    """The direct-renewal findings for a level-1 renewal on 2025-01-23.

    A level-1 renewal cannot be driven through the service inside the calendar's years: level 1
    needs level 2 run for 3 years (national policy from 2021-11-01), so the earliest level 1 is
    announced late in 2024 and its renewal window opens in 2027. The case is driven as a level-2
    renewal with the accidents recorded, and its state is read as level 1's; the rule function
    is the one ConfirmDirectRenewal calls, with the national policy the service chooses for
    level 1 and the official calendar.
    """
    graded_2022(case)
    incidents(case, *tolls)
    forward_renewal(case)
    state = case.service.state(case.key)
    assert state.application is not None
    as_level1 = attrs.evolve(
        state,
        gradings=tuple(attrs.evolve(g, level=Level.LEVEL_1) for g in state.gradings),
        application=attrs.evolve(state.application, level=Level.LEVEL_1),
    )
    judge = case.service.judge_for(case.key, D(CONFIRM), Level.LEVEL_1)
    assert judge.policy.id == "cn.mem.2021"
    found = direct_renewal_findings(judge, as_level1, D(CONFIRM), standards_revised=False)
    return {f.rule_id: f for f in found}


class TestRenewalDirectLevel1:
    @pytest.mark.rule("renewal.direct.level1")
    def test_two_serious_injuries_in_total_pass(self, case: Case) -> None:
        """Level 1: serious injuries totalling 2 during validity keep direct renewal open."""
        found = level1_findings(
            case, ("2022-06-01", {"serious_injuries": 1}), ("2023-03-01", {"serious_injuries": 1})
        )
        assert found["renewal.direct.level1"].holds
        assert found["renewal.direct"].holds

    @pytest.mark.rule("renewal.direct.level1")
    def test_three_serious_injuries_in_total_fail(self, case: Case) -> None:
        """Level 1: serious injuries totalling 3 rule out direct renewal (levels 2 and 3: 5)."""
        found = level1_findings(
            case, ("2022-06-01", {"serious_injuries": 2}), ("2023-03-01", {"serious_injuries": 1})
        )
        assert not found["renewal.direct.level1"].holds
        assert found["renewal.direct.level1"].facts["serious_injuries"] == 3
        assert found["renewal.direct"].holds  # (二)'s 5 and 5,000,000 are for levels 2 and 3

    @pytest.mark.rule("renewal.direct.level1")
    def test_loss_of_999999_in_total_passes(self, case: Case) -> None:
        """Level 1: a direct loss totalling 999,999 CNY keeps direct renewal open."""
        found = level1_findings(
            case,
            ("2022-06-01", {"direct_loss_cny": Decimal(500000)}),
            ("2023-03-01", {"direct_loss_cny": Decimal(499999)}),
        )
        assert found["renewal.direct.level1"].holds

    @pytest.mark.rule("renewal.direct.level1")
    def test_loss_of_1000000_in_total_fails(self, case: Case) -> None:
        """Level 1: a direct loss totalling 1,000,000 CNY rules out direct renewal."""
        found = level1_findings(
            case,
            ("2022-06-01", {"direct_loss_cny": Decimal(500000)}),
            ("2023-03-01", {"direct_loss_cny": Decimal(500000)}),
        )
        assert not found["renewal.direct.level1"].holds

    @pytest.mark.rule("renewal.direct.level1")
    def test_level2_renewal_is_not_held_to_level1_condition(self, case: Case) -> None:
        """A level-2 renewal with 3 serious injuries is confirmed; level 1's limit is not read."""
        graded_2022(case)
        incidents(
            case, ("2022-06-01", {"serious_injuries": 2}), ("2023-03-01", {"serious_injuries": 1})
        )
        forward_renewal(case)
        outcome = case.run(c.ConfirmDirectRenewal, CONFIRM, PROVINCE)
        assert "renewal.direct.level1" not in outcome.events[0].rules
