"""The fold's fast copy of a frozen state class is the same value as ``attrs.evolve``'s."""

from __future__ import annotations

import attrs
import pendulum
import pytest

from gradingcore import state as s
from gradingcore.policy import Level
from gradingcore.values import CaseKey, Enterprise, uscc_check_character

_FIRST = "91410103MA0000001"
KEY = CaseKey(_FIRST + uscc_check_character(_FIRST), "机械")


@pytest.mark.parametrize(
    ("value", "changes"),
    [
        (s.CaseState(KEY, Enterprise("某公司", "机械")), {"version": 7, "township": "城关镇"}),
        (
            s.Application(Level.LEVEL_3, pendulum.date(2024, 3, 1), 2),
            {"stage": s.Stage.ACCEPTED, "accepted_on": pendulum.date(2024, 3, 5)},
        ),
        (
            s.Grading(Level.LEVEL_2, *[pendulum.date(2024, 5, 1)] * 2, pendulum.date(2027, 4, 30)),
            {"revoked_on": pendulum.date(2025, 1, 1)},
        ),
    ],
)
def test_replace_equals_attrs_evolve(value: object, changes: dict[str, object]) -> None:
    fast = s._replace(value, **changes)
    assert fast == attrs.evolve(value, **changes)  # type: ignore[misc]
    assert type(fast) is type(value)
    assert fast != value
    assert s._replace(value) == value


def test_a_class_with_checks_goes_through_attrs() -> None:
    @attrs.frozen
    class Checked:
        n: int = attrs.field(validator=attrs.validators.instance_of(int))

    assert s._fields(Checked) is None
    with pytest.raises(TypeError):
        s._replace(Checked(1), n="one")
