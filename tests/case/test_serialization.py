"""The store's converter: exact round trips, upcasting old events, errors that name the field."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import attrs
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from gradingcore import EVENT_TYPES, GradingService, SerializationError
from gradingcore import events as ev
from gradingcore.serialization import canonical, from_row, from_state, to_row, to_state
from tests.case.harness import Case


@attrs.frozen(kw_only=True)
class ProbeV2(ev.CaseEvent):
    """A test event at version 2: version 1 had no ``reason``."""

    class_version: ClassVar[int] = 2
    reason: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["reason"] = "recorded before reasons were kept"


class TestRoundTrips:
    def test_every_event_of_a_full_case_round_trips_exactly(self, case: Case) -> None:
        """attrs events with pendulum dates and decimals come back equal from stored JSON."""
        case.graded(2024)
        for event in case.service.history(case.key):
            assert from_state(type(event), json.loads(canonical(to_state(event)))) == event

    def test_the_converter_knows_every_event_type(self) -> None:
        """Each event class has a stable topic the mapper can resolve."""
        assert len({get_topic(cls) for cls in EVENT_TYPES}) == len(EVENT_TYPES)


class TestUpcasting:
    def test_an_old_event_is_upcast_when_read(self, service: GradingService, case: Case) -> None:
        """A version-1 row of an event now at version 2 reads with the upcast field filled."""
        case.self_evaluate("2024-03-01")
        opened = service.history(case.key)[0]
        old = {
            k: v
            for k, v in to_state(opened).items()
            if k
            not in ("originator_id", "originator_version", "key", "enterprise", "originator_topic")
        }
        row = StoredEvent(
            originator_id=opened.originator_id,
            originator_version=9,
            topic=get_topic(ProbeV2),
            state=canonical(old),
        )
        probe = from_row(row)
        assert isinstance(probe, ProbeV2)
        assert probe.reason == "recorded before reasons were kept"
        assert probe.originator_version == 9

    def test_a_new_event_stores_its_class_version(
        self, service: GradingService, case: Case
    ) -> None:
        """Events above version 1 carry their version in the stored state."""
        case.self_evaluate("2024-03-01")
        opened = service.history(case.key)[0]
        base = {f.name: getattr(opened, f.name) for f in attrs.fields(ev.CaseEvent)}
        row = to_row(ProbeV2(**base, reason="x"))
        assert json.loads(row.state)["class_version"] == 2


class TestErrors:
    def test_a_bad_field_is_named_with_its_event_type(self, case: Case) -> None:
        """A stored row whose field does not parse names the event type and the field."""
        case.self_evaluate("2024-03-01")
        evaluated = case.service.history(case.key)[1]
        state = to_state(evaluated)
        state["publicity_from"] = "not a date"
        with pytest.raises(SerializationError, match=r"SelfEvaluated.*publicity_from"):
            from_state(ev.SelfEvaluated, state)
