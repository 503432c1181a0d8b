"""The one lenient text-input converter (gradingcore.inputs, decision 0025)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest

from gradingcore import Actor, CaseKey, InvalidInput, Level, inputs
from gradingcore import commands as c

KEY = CaseKey("91410882MA0000001T", "机械")
ENTERPRISE = Actor("e-1", "enterprise")


class TestCommandFrom:
    def test_text_as_people_write_it_becomes_a_typed_command(self) -> None:
        """ISO dates, numbers as text, levels by name, work groups as mappings."""
        command = inputs.command_from(
            "self_evaluate",
            {
                "score": "84.5",
                "claimed_level": "level_2",
                "workgroup": {
                    "leader": "总经理",
                    "leader_is_principal": True,
                    "employee_representatives": 2,
                },
                "publicity_from": "2024-03-01",
            },
            case=KEY,
            actor=ENTERPRISE,
            on="2024-03-01",
        )
        assert isinstance(command, c.SelfEvaluate)
        assert command.score == Decimal("84.5")
        assert command.claimed_level is Level.LEVEL_2
        assert command.on == pendulum.Date(2024, 3, 1)
        assert command.publicity_from == pendulum.Date(2024, 3, 1)

    def test_every_problem_names_its_field(self) -> None:
        """A bad date, a boolean written as text, an unknown and a missing field: one error
        naming each field, and nothing half-built."""
        with pytest.raises(inputs.InputErrors) as info:
            inputs.command_from(
                "record_hazard",
                {"hazard_id": "H1", "major": "no", "fix_by": "2024-13-01", "colour": "red"},
                case=KEY,
                actor=ENTERPRISE,
            )
        fields = {e.field for e in info.value.errors}
        assert fields == {"major", "fix_by", "colour"}
        assert isinstance(info.value, InvalidInput)
        assert info.value.facts["fields"] == [e.field for e in info.value.errors]
        with pytest.raises(inputs.InputErrors, match="hazard_id: required argument missing"):
            inputs.command_from(
                "record_hazard", {"major": True, "fix_by": "2024-12-01"}, case=KEY, actor=ENTERPRISE
            )

    def test_an_unknown_command_and_a_bad_envelope_date_are_named(self) -> None:
        with pytest.raises(inputs.FieldError, match="did you mean apply"):
            inputs.command_from("aply", {}, case=KEY, actor=ENTERPRISE)
        with pytest.raises(inputs.FieldError) as info:
            inputs.command_from("resubmit", {}, case=KEY, actor=ENTERPRISE, on="2024/03/01")
        assert info.value.field == "on"
        with pytest.raises(inputs.FieldError) as info:
            inputs.command_from("resubmit", {}, case=KEY, actor=ENTERPRISE, shoe_size=42)
        assert info.value.field == "shoe_size"


class TestValueChecks:
    def test_a_value_check_refuses_after_conversion_and_names_the_field(self) -> None:
        """VALUE_CHECKS is where the validation of values plugs in: run on every converted
        field, its refusal is an InputErrors naming the field."""
        seen: list[tuple[type[c.Command], str, Any]] = []

        def no_round_scores(cls: type[c.Command], field: str, value: Any) -> str | None:
            seen.append((cls, field, value))
            if field == "score" and value == Decimal(100):
                return "a perfect score needs a second look"
            return None

        inputs.VALUE_CHECKS.append(no_round_scores)
        try:
            raw = {
                "score": "100",
                "claimed_level": 1,
                "workgroup": {
                    "leader": "总经理",
                    "leader_is_principal": True,
                    "employee_representatives": 1,
                },
            }
            with pytest.raises(inputs.InputErrors) as info:
                inputs.structure_arguments("self_evaluate", raw)
            assert [e.field for e in info.value.errors] == ["score"]
            assert (c.SelfEvaluate, "score", Decimal(100)) in seen
            raw["score"] = "99.5"
            assert inputs.structure_arguments("self_evaluate", raw)["score"] == Decimal("99.5")
        finally:
            inputs.VALUE_CHECKS.remove(no_round_scores)
