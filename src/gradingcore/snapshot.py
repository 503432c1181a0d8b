"""Snapshots of a case: its whole history in one row, so that a long case loads in one read.

A snapshot is a cache, never a source of truth: ``GradingService.history`` and the auditor's
replay read the events themselves. It is plain data; :func:`take` and :func:`events_of` turn a
history into one and back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

import attrs
from eventsourcing.utils import get_topic, register_topic, resolve_topic

from gradingcore import events as ev
from gradingcore.serialization import from_state, to_state


@attrs.frozen(kw_only=True)
class CaseSnapshot:
    """Every event of a case up to ``originator_version``, each as (topic, state)."""

    class_version: ClassVar[int] = 1

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str = ev.CASE_TOPIC
    events: tuple[tuple[str, dict[str, Any]], ...]


def take(history: Sequence[ev.CaseEvent]) -> CaseSnapshot:
    last = history[-1]
    return CaseSnapshot(
        originator_id=last.originator_id,
        originator_version=last.originator_version,
        timestamp=last.timestamp,
        events=tuple((get_topic(type(e)), to_state(e)) for e in history),
    )


def events_of(snapshot: CaseSnapshot) -> list[ev.CaseEvent]:
    return [from_state(resolve_topic(topic), state) for topic, state in snapshot.events]


# Snapshots written before decision 0020 name the class where it lived then.
register_topic("gradingcore.case._snapshot:CaseSnapshot", CaseSnapshot)

__all__ = ["CaseSnapshot", "events_of", "take"]
