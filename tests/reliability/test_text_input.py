"""Text input meets the same bounds as built values (docs/reliability.md, "Bounded input"): the
lenient converter of scenario files, the CLI and the HTTP API (``gradingcore.inputs``) runs the
input bounds on every converted field (``inputs.VALUE_CHECKS``), so each value beyond its bound
is a ``FieldError`` naming the command and the field, all of them collected in one
``InputErrors``, in the words the built value's check uses, at both edges of each bound."""

from __future__ import annotations

from typing import Any

import pytest

from gradingcore import InvalidInput, inputs
from gradingcore.bounds import field_problem
from gradingcore.limits import limits

L = limits()


def problems(step: str, raw: dict[str, Any]) -> dict[str | None, str]:
    with pytest.raises(inputs.InputErrors) as caught:
        inputs.structure_arguments(step, raw)
    assert isinstance(caught.value, InvalidInput)
    return {e.field: e.problem for e in caught.value.errors}


@pytest.mark.parametrize(
    ("field", "accepted", "refused", "words"),
    [
        ("deaths", L.max_deaths, L.max_deaths + 1, "beyond the plausible 10000"),
        ("serious_injuries", L.max_injuries, L.max_injuries + 1, "beyond the plausible 100000"),
        ("deaths", 0, -1, "cannot be negative"),
        ("direct_loss_cny", str(L.max_loss_cny), str(L.max_loss_cny + 1), "outside the plausible"),
        ("direct_loss_cny", "0", "-0.01", "outside the plausible"),
        ("direct_loss_cny", "1", "NaN", "a finite number"),
        ("direct_loss_cny", "1", "Infinity", "a finite number"),
        ("incident_id", "i" * L.max_id_chars, "i" * (L.max_id_chars + 1), "text.max_id_chars"),
        ("description", "d" * L.max_chars, "d" * (L.max_chars + 1), "text.max_chars"),
    ],
)
def test_each_bound_at_both_edges_names_the_field(
    field: str, accepted: Any, refused: Any, words: str
) -> None:
    base = {"incident_id": "i-1"}
    assert field in inputs.structure_arguments("record_incident", {**base, field: accepted})
    found = problems("record_incident", {**base, field: refused})
    assert list(found) == [field]
    assert words in found[field]
    assert not found[field].startswith("RecordIncident")  # the field is named once, by step


def test_every_problem_of_one_input_is_named() -> None:
    """Several values beyond their bounds: one error naming each field (a built command stops
    at the first)."""
    raw = {
        "incident_id": "i" * (L.max_id_chars + 1),
        "deaths": L.max_deaths + 1,
        "direct_loss_cny": "NaN",
        "description": "d" * (L.max_chars + 1),
    }
    found = problems("record_incident", raw)
    assert set(found) == set(raw)
    with pytest.raises(inputs.InputErrors) as caught:
        inputs.structure_arguments("record_incident", raw)
    message = str(caught.value)
    assert message.startswith("record_incident: ")
    for field in raw:
        assert f"{field}: " in message


def test_lists_and_their_items() -> None:
    raw = {
        "score": "80",
        "claimed_level": 3,
        "workgroup": {"leader": "张三", "leader_is_principal": True, "employee_representatives": 2},
    }
    most = L.max_items
    assert inputs.structure_arguments("self_evaluate", {**raw, "consultants": ["c"] * most})
    found = problems(
        "self_evaluate",
        {**raw, "consultants": ["c"] * (most + 1), "deductions": ["d" * (L.max_chars + 1)]},
    )
    assert "more than the 500 allowed (text.max_items)" in found["consultants"]
    assert "more than the 4000 allowed (text.max_chars)" in found["deductions"]


def test_the_year_of_a_date() -> None:
    base = {"hazard_id": "hz-1", "major": False}
    last, after = f"{L.max_year}-12-31", f"{L.max_year + 1}-01-01"
    assert inputs.structure_arguments("record_hazard", {**base, "fix_by": last})
    found = problems("record_hazard", {**base, "fix_by": after})
    assert found == {"fix_by": f"{after} is outside 1990-2100 (dates.min_year, dates.max_year)"}


def test_the_words_are_the_built_value_s() -> None:
    """The same check as a command built in code: the same words after the field's name."""
    from gradingcore import Actor, CaseKey
    from gradingcore import commands as c

    with pytest.raises(InvalidInput) as built:
        c.RecordIncident(
            case=CaseKey("91410882MA0000001T", "机械"),
            actor=Actor("jz-inspector", "supervisor"),
            incident_id="i-1",
            deaths=L.max_deaths + 1,
        )
    problem = field_problem(c.RecordIncident, "deaths", L.max_deaths + 1)
    assert problem is not None
    assert str(built.value) == f"RecordIncident.deaths: {problem}"
    assert field_problem(c.RecordIncident, "deaths", L.max_deaths) is None
    assert field_problem(c.RecordIncident, "no_such_field", 1) is None
