"""Snapshots of a case: its whole history in one row, so that a long case loads in one read."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

import attrs
from eventsourcing.utils import get_topic, resolve_topic

from gradingcore.serialization import from_state, to_state

if TYPE_CHECKING:
    from gradingcore.case import GradingCase


@attrs.frozen(kw_only=True)
class CaseSnapshot:
    """A cache, never a source of truth: ``GradingService.history`` and the auditor's replay
    read the events themselves."""

    class_version: ClassVar[int] = 1

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str
    events: tuple[tuple[str, dict[str, Any]], ...]

    @classmethod
    def take(cls, case: GradingCase) -> CaseSnapshot:
        return cls(
            originator_id=case.id,
            originator_version=case.version,
            timestamp=case.modified_on,
            topic=get_topic(type(case)),
            events=tuple((get_topic(type(e)), to_state(e)) for e in case.history),
        )

    def mutate(self, _: None) -> GradingCase:
        case: Any = None
        for topic, state in self.events:
            case = from_state(resolve_topic(topic), state).mutate(case)
        return case  # type: ignore[no-any-return]
