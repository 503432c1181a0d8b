"""A command id names exactly one command (docs/reliability.md, "Idempotency"): given again with
the same command it is answered as a repeat; with another type, payload, actor or date it is
refused (CommandIdReused) and the store is byte-for-byte unchanged; an id whose command was
refused stays free; the empty string is not an id."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest

from gradingcore import (
    Actor,
    CaseKey,
    CommandIdReused,
    Enterprise,
    GradingService,
    InvalidInput,
    ManualClock,
    RuleViolation,
    WorkGroup,
)
from gradingcore import commands as c
from tests.reliability.conftest import fingerprint

KEY = CaseKey("91410882MA0000001T", "机械")
INSPECTOR = Actor("jz-inspector", "supervisor")
OTHER = Actor("zz-inspector", "supervisor")
ENTERPRISE = Actor("ent-1", "enterprise")
DAY = pendulum.date(2024, 5, 10)


@pytest.fixture
def service(tmp_path: Path) -> GradingService:
    service = GradingService(str(tmp_path / "cases.db"), clock=ManualClock("2024-05-10"))
    service.execute(
        c.OpenCase(case=KEY, actor=ENTERPRISE, enterprise=Enterprise("恒通机械", "机械"))
    )
    return service


def hazard(**changes: Any) -> c.RecordHazard:
    fields: dict[str, Any] = {
        "case": KEY,
        "actor": INSPECTOR,
        "on": DAY,
        "command_id": "h-1",
        "hazard_id": "hz-1",
        "major": True,
        "fix_by": pendulum.date(2024, 6, 10),
        "description": "配电室漏水",
    }
    return c.RecordHazard(**{**fields, **changes})


def test_the_same_command_again_is_a_repeat(service: GradingService, tmp_path: Path) -> None:
    first = service.execute(hazard())
    before = fingerprint(tmp_path / "cases.db")
    again = service.execute(hazard())
    assert again.repeated
    assert again.events == first.events
    assert fingerprint(tmp_path / "cases.db") == before


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"major": False}, "major"),  # another payload: a hazard was lost this way
        ({"hazard_id": "hz-2"}, "hazard_id"),
        ({"description": "另一处隐患"}, "description"),
        ({"actor": OTHER}, "actor"),
        ({"on": DAY.subtract(days=1)}, "date"),
    ],
)
def test_the_id_with_another_command_is_refused(
    service: GradingService, tmp_path: Path, changes: dict[str, Any], named: str
) -> None:
    service.execute(hazard())
    before = fingerprint(tmp_path / "cases.db")
    with pytest.raises(CommandIdReused) as caught:
        service.execute(hazard(**changes))
    assert named in str(caught.value)
    assert isinstance(caught.value, InvalidInput)
    assert fingerprint(tmp_path / "cases.db") == before


def test_another_type_is_refused(service: GradingService) -> None:
    service.execute(hazard())
    with pytest.raises(CommandIdReused, match="record_hazard recorded, record_penalty given"):
        service.execute(
            c.RecordPenalty(case=KEY, actor=INSPECTOR, on=DAY, command_id="h-1", penalty_id="p")
        )


def test_in_a_batch_the_reuse_is_that_command_s_result(service: GradingService) -> None:
    service.execute(hazard())
    other_key = CaseKey("91410882MA0000002X", "机械")
    results = service.execute_many(
        [
            hazard(major=False),
            c.OpenCase(case=other_key, actor=ENTERPRISE, enterprise=Enterprise("乙", "机械")),
        ]
    )
    assert isinstance(results[0], CommandIdReused)
    assert not isinstance(results[1], Exception)


def test_an_id_whose_command_was_refused_stays_free(service: GradingService) -> None:
    """A refusal writes nothing, so the corrected command may use the same id."""
    with pytest.raises(RuleViolation):
        service.execute(c.Apply(case=KEY, actor=ENTERPRISE, on=DAY, level=3, command_id="a-1"))
    outcome = service.execute(hazard(command_id="a-1"))
    assert not outcome.repeated
    assert outcome.events[-1].command_id == "a-1"


@pytest.mark.parametrize("empty", ["", "   "])
def test_the_empty_string_is_not_an_id(empty: str) -> None:
    with pytest.raises(InvalidInput, match="command_id: an empty text is not a command id"):
        hazard(command_id=empty)


def test_an_id_at_its_length_limit() -> None:
    from gradingcore.limits import limits

    most = limits().max_id_chars
    assert hazard(command_id="x" * most).command_id
    with pytest.raises(InvalidInput, match="command_id"):
        hazard(command_id="x" * (most + 1))


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"description": ""}, "description"),  # the default: answered as a repeat before
        ({"measures": ""}, "measures"),
    ],
)
def test_the_id_with_a_field_left_at_its_default_is_refused(
    service: GradingService, tmp_path: Path, changes: dict[str, Any], named: str
) -> None:
    """The full command is compared, defaults included: leaving out a field the first command
    gave is another command."""
    service.execute(hazard(measures="停电检修"))
    before = fingerprint(tmp_path / "cases.db")
    with pytest.raises(CommandIdReused) as caught:
        service.execute(hazard(**{"measures": "停电检修", **changes}))
    assert caught.value.facts["differences"] == [named]
    assert fingerprint(tmp_path / "cases.db") == before


def test_a_field_the_decision_derives_is_compared_as_derived(
    service: GradingService, tmp_path: Path
) -> None:
    """A defaulted field the decision fills in (a self-evaluation's publicity starts on its
    date when not given) is compared as the decision makes it: left out both times, a repeat;
    given a start the first time and left out now, another command."""
    evaluate = c.SelfEvaluate(
        case=KEY,
        actor=ENTERPRISE,
        on=DAY,
        command_id="s-1",
        score=Decimal(80),
        claimed_level=3,
        workgroup=WorkGroup("张三", True, 2),
    )
    first = service.execute(evaluate)
    assert first.events[-1].publicity_from == DAY  # derived, not given
    before = fingerprint(tmp_path / "cases.db")
    again = service.execute(evaluate)
    assert again.repeated
    assert again.events == first.events
    # Given explicitly as the value it was derived to: the same command.
    assert service.execute(attrs.evolve(evaluate, publicity_from=DAY)).repeated
    assert fingerprint(tmp_path / "cases.db") == before

    later = attrs.evolve(evaluate, command_id="s-2", publicity_from=DAY.add(days=3))
    service.execute(later)
    before = fingerprint(tmp_path / "cases.db")
    with pytest.raises(CommandIdReused) as caught:
        service.execute(attrs.evolve(later, publicity_from=None))
    assert caught.value.facts["differences"] == ["publicity_from"]
    assert fingerprint(tmp_path / "cases.db") == before
