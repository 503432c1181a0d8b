"""The given/when/then DSL: steps, expectations, failures, actors and given histories."""

from __future__ import annotations

import re
from decimal import Decimal

import pendulum
import pytest

from gradingcore import Level, ManualClock, PolicyRegistry, default_policies
from gradingcore.commands import SelfEvaluate
from gradingcore.facts import Degree, ForceMajeure, Title, WorkGroup
from gradingcore.scenarios import (
    ActorSpec,
    ScenarioError,
    ScenarioFailure,
    ScenarioTest,
    default_team,
    default_uscc,
    event,
    obligation,
    scenario,
    step,
)
from gradingcore.service import GradingService
from gradingcore.values import Actor, AuthorityKind, Role

D = pendulum.Date.fromisoformat
SELF_EVALUATED = step("self_evaluate", on="2024-03-01", score=82, claimed_level=2)
APPLIED = step("apply", on="2024-03-18", level=2)


def henan() -> ScenarioTest:
    return scenario(
        policy="cn.henan.2023", enterprise={"name": "焦作市恒通机械有限公司", "industry": "机械"}
    )


class TestStep:
    def test_plain_values_become_typed_arguments(self) -> None:
        """ISO dates, numbers and mappings become the command's types."""
        made = step(
            "record_hazard", on="2024-05-06", hazard_id="H1", major=True, fix_by="2024-06-30"
        )
        assert made.on == D("2024-05-06")
        assert made.arguments["fix_by"] == D("2024-06-30")
        review = step(
            "record_review",
            on="2024-03-26",
            score="81.5",
            nonconformities=[{"id": "N1", "clause": "5.1", "veto": True}],
        )
        assert str(review.arguments["score"]) == "81.5"
        assert review.arguments["nonconformities"][0].veto is True

    def test_defaults_fill_the_work_group_and_the_team(self) -> None:
        """A self-evaluation's work group and a review team's experts have defaults."""
        assert SELF_EVALUATED.arguments["workgroup"] == WorkGroup("主要负责人", True, 2)
        assert step("form_review_team", on="2024-03-25").arguments["experts"] == default_team()

    def test_unknown_step_names_the_close_ones(self) -> None:
        """A misspelt step is refused with the step names it resembles."""
        with pytest.raises(ScenarioError, match="no step 'aply'; did you mean apply"):
            step("aply", on="2024-03-18", level=2)

    def test_bad_arguments_name_the_step_and_each_field(self) -> None:
        """Every bad argument is named with its field: unknown, wrong type, missing."""
        with pytest.raises(ScenarioError) as info:
            step("record_review", on="2024-03-26", score="eighty", colour="red")
        text = str(info.value)
        assert "step 'record_review'" in text
        assert "score: expected a number, got 'eighty'" in text
        assert "colour: unknown argument" in text
        with pytest.raises(ScenarioError, match="level: required argument missing"):
            step("apply", on="2024-03-18")

    def test_strict_booleans_and_whole_numbers(self) -> None:
        """'no' is not a boolean and 2.5 is not a number of working days."""
        with pytest.raises(ScenarioError, match="passed: expected true or false"):
            step("verify_rectification", on="2024-04-07", passed="no")
        with pytest.raises(ScenarioError, match="workdays: expected a whole number"):
            step("extend_rectification", on="2024-04-20", workdays=2.5, reason="epidemic")

    def test_enums_by_value_or_name(self) -> None:
        """Titles and degrees by name, grades and levels by number, reasons by value."""
        made = step(
            "form_review_team",
            on="2024-03-25",
            experts=[{"id": "x1", "name": "甲", "title": "senior", "degree": "master"}],
        )
        assert made.arguments["experts"][0].title is Title.SENIOR
        assert made.arguments["experts"][0].degree is Degree.MASTER
        extended = step(
            "extend_rectification", on="2024-04-20", workdays=5, reason="natural_disaster"
        )
        assert extended.arguments["reason"] is ForceMajeure.NATURAL_DISASTER
        with pytest.raises(ScenarioError, match=r"2 \(intermediate\), 3 \(senior\), got 'chief'"):
            step(
                "form_review_team",
                on="2024-03-25",
                experts=[{"id": "x1", "name": "甲", "title": "chief"}],
            )

    def test_a_date_and_time_is_not_a_business_date(self) -> None:
        """A step's date is a day, not an instant."""
        with pytest.raises(ScenarioError, match="expected a date as YYYY-MM-DD"):
            step("apply", on="2024-03-18T10:00", level=2)

    def test_actors_by_role_kind_or_mapping(self) -> None:
        """An actor is a role, an authority kind, a mapping or an Actor."""
        assert step("accept", on="2024-03-19", actor="system").actor == ActorSpec(Role.SYSTEM)
        assert step("publicize", on="2024-04-08", actor="city").actor == ActorSpec(
            Role.AUTHORITY, AuthorityKind.CITY
        )
        spec = step(
            "revoke",
            on="2024-08-06",
            trigger="revoke.fraud",
            actor={"role": "authority", "authority": "province", "id": "豫应急厅"},
        )
        assert spec.actor == ActorSpec(Role.AUTHORITY, AuthorityKind.PROVINCE, "豫应急厅")
        with pytest.raises(ScenarioError, match="field 'actor'"):
            step("accept", on="2024-03-19", actor="janitor")


class TestThen:
    def test_refused_naming_the_rule(self) -> None:
        """then_refused passes when the refusal names the rule and nothing was written."""
        case = (
            henan()
            .given(SELF_EVALUATED)
            .when("apply", on="2024-03-14", level=2)
            .then_refused("apply.self_evaluation")
        )
        assert case.error is not None
        assert case.events == ()

    def test_refused_fails_when_accepted(self) -> None:
        """then_refused on an accepted step fails, saying what was recorded."""
        case = henan().given(SELF_EVALUATED).when("apply", on="2024-03-15", level=2)
        with pytest.raises(ScenarioFailure, match="accepted: recorded Applied"):
            case.then_refused("apply.self_evaluation")

    def test_refused_fails_when_another_rule_is_named(self) -> None:
        """A refusal for another reason does not pass for the rule expected."""
        case = henan().given(SELF_EVALUATED).when("apply", on="2024-03-14", level=3)
        with pytest.raises(ScenarioFailure, match=re.escape("does not name lockout.after_failure")):
            case.then_refused("lockout.after_failure")

    def test_then_fails_on_an_unexpected_refusal(self) -> None:
        """then() after a refused step fails with the refusal's message."""
        case = henan().given(SELF_EVALUATED).when("apply", on="2024-03-14", level=2)
        with pytest.raises(ScenarioFailure, match="refused: application for level 2 refused"):
            case.then("Applied")

    def test_events_in_order_with_fields(self) -> None:
        """then() matches the recorded events in order, with some of their fields."""
        (
            henan()
            .given(SELF_EVALUATED, APPLIED)
            .when("forward", on="2024-03-26", opinion="符合申请条件")
            .then(
                event("ApplicationAccepted", deemed=True, on="2024-03-18"),
                event("ApplicationForwarded", opinion="符合申请条件", breaches=[]),
            )
        )
        case = henan().given(SELF_EVALUATED, APPLIED).when("accept", on="2024-03-19")
        with pytest.raises(ScenarioFailure, match=re.escape("ApplicationAccepted.deemed is False")):
            case.then(event("ApplicationAccepted", deemed=True))
        with pytest.raises(ScenarioFailure, match=r"recorded \[ApplicationAccepted\]"):
            case.then("ApplicationAccepted", "ApplicationForwarded")

    def test_state_on_a_later_day(self) -> None:
        """then_state reads the view on the step's date or on a given one."""
        case = henan().given(SELF_EVALUATED).when("apply", on="2024-03-18", level=2)
        case.then_state(status="in_progress", stage="submitted", level=None)
        case.then_state(on="2024-03-19", valid_until=None)
        with pytest.raises(ScenarioFailure, match="status graded"):
            case.then_state(status="graded")

    def test_obligations_open_and_absent(self) -> None:
        """then_obligations: listed ones open (due, party, overdue), absent ones not."""
        case = henan().given(SELF_EVALUATED).when("apply", on="2024-03-18", level=2)
        case.then_obligations(
            obligation(
                "intake.correction", due="2024-03-25", party="organizing_unit", overdue=False
            ),
            absent=("intake.audit",),
        )
        case.then_obligations("intake.audit", on="2024-03-26")
        with pytest.raises(
            ScenarioFailure, match=re.escape("open: intake.correction due 2024-03-25")
        ):
            case.then_obligations(obligation("intake.correction", due="2024-03-26"))
        with pytest.raises(ScenarioFailure, match=re.escape("no obligation intake.correction")):
            case.then_obligations(absent=("intake.correction",))

    def test_then_without_when(self) -> None:
        """A then without a when says what is missing."""
        with pytest.raises(ScenarioError, match="then\\(\\) without when\\(\\)"):
            henan().given(SELF_EVALUATED).then()

    def test_nothing_after_it_ran(self) -> None:
        """given() after a then is an error: the scenario already ran."""
        case = henan().given(SELF_EVALUATED).when("apply", on="2024-03-18", level=2).then()
        with pytest.raises(ScenarioError, match="already ran"):
            case.given(APPLIED)

    def test_a_refused_given_step_fails_the_scenario(self) -> None:
        """A given step that is refused is reported with its number."""
        case = (
            henan().given(step("apply", on="2024-03-18", level=2)).when("accept", on="2024-03-19")
        )
        with pytest.raises(ScenarioFailure, match=r"given step 1 \(apply 2024-03-18\) was refused"):
            case.then()


class TestActors:
    def test_authority_by_level(self) -> None:
        """The default authority is the policy's for the level: the city grades level 3."""
        (
            scenario(policy="cn.henan.2023")
            .given(
                step("self_evaluate", on="2024-03-01", score=70, claimed_level=3),
                step("apply", on="2024-03-18", level=3),
                step("accept", on="2024-03-19"),
                step("forward", on="2024-03-21"),
            )
            .when("order_review", on="2024-03-22")
            .then("ReviewOrdered")
        )
        case = (
            scenario(policy="cn.henan.2023")
            .given(
                SELF_EVALUATED,
                APPLIED,
                step("accept", on="2024-03-19"),
                step("forward", on="2024-03-21"),
            )
            .when("order_review", on="2024-03-22", actor="city")
            .then_refused("authority.by_level")
        )
        assert case.state.application is not None

    def test_default_actor_ids_come_from_the_policy(self) -> None:
        """The organizing unit and the authority are named as the policy names them."""
        case = henan().given(SELF_EVALUATED, APPLIED).when("accept", on="2024-03-19").then()
        assert case.events[0].actor == Actor("河南省应急管理科学技术研究院", "organizing_unit")


class TestGiven:
    def test_commands_as_given(self) -> None:
        """given() takes gradingcore commands as they are."""
        base = henan()
        command = SelfEvaluate(
            case=base.key,
            actor=Actor("ent", "enterprise"),
            on=D("2024-03-01"),
            enterprise=base.scenario.enterprise,
            score=Decimal(82),
            claimed_level=Level(2),
            workgroup=WorkGroup("张建国", True, 2),
        )
        base.given(command).when("apply", on="2024-03-18", level=2).then("Applied")

    def test_recorded_events_as_given(self) -> None:
        """A history recorded elsewhere starts the scenario, key and enterprise included."""
        first = henan().given(SELF_EVALUATED).when("apply", on="2024-03-18", level=2).then()
        history = first.service.history(first.key)
        again = (
            scenario(policy="cn.henan.2023")
            .given(*history)
            .when("accept", on="2024-03-19")
            .then("ApplicationAccepted")
        )
        assert again.key == first.key
        assert len(again.service.history(again.key)) == len(history) + 1

    def test_other_things_are_refused(self) -> None:
        """given() refuses what is not a step, a command or an event."""
        with pytest.raises(ScenarioError, match="given\\(\\) takes steps"):
            henan().given("self_evaluate")  # type: ignore[arg-type]


class TestService:
    def test_on_a_callers_service(self) -> None:
        """With a service and no policy, the scenario runs on it, judged as it judges."""
        clock = ManualClock("2024-01-02")
        henan_only = PolicyRegistry([default_policies().get("cn.henan.2023")])
        service = GradingService("memory", policies=henan_only, clock=clock)
        case = (
            scenario(service=service, uscc=default_uscc("410882"))
            .given(SELF_EVALUATED)
            .when("apply", on="2024-03-18", level=2)
            .then("Applied")
        )
        assert case.service is service
        assert clock.now().date() == pendulum.Date(2024, 3, 18)
        service.close()

    def test_the_default_policy_is_national(self) -> None:
        """Without a policy, the national one judges; the USCC is registered in Beijing."""
        case = (
            scenario().given(SELF_EVALUATED).when("apply", on="2024-03-18", level=2).then("Applied")
        )
        assert case.events[0].policy.id == "cn.mem.2021"
        assert case.key.uscc.region == "110105"
