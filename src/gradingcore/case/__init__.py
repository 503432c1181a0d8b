"""The grading case (定级案卷): one enterprise and specialty, as an eventsourcing aggregate.

Decide, then apply: each command method checks the rules against the case's history and its
policy, then records events; state changes only when an event is applied (``take``). Replay
uses no clock and no I/O.
"""

from __future__ import annotations

from typing import Any

import attrs
from eventsourcing.utils import get_topic

from gradingcore import events as ev
from gradingcore.case._base import FACT_EVENTS, Act, CaseBase, envelope, seal
from gradingcore.case._facts import FactSteps
from gradingcore.case._intake import IntakeSteps
from gradingcore.case._outcome import OutcomeSteps
from gradingcore.case._review import ReviewSteps
from gradingcore.case._snapshot import CaseSnapshot
from gradingcore.rules import Judge
from gradingcore.values import CaseKey, Enterprise


class GradingCase(IntakeSteps, ReviewSteps, OutcomeSteps, FactSteps, CaseBase):
    """One enterprise's grading history across applications and validity periods."""

    # eventsourcing takes an aggregate's own ``Snapshot`` class before the application's.
    Snapshot = CaseSnapshot  # type: ignore[assignment]

    @classmethod
    def open(cls, key: CaseKey, enterprise: Enterprise, act: Act, judge: Judge) -> GradingCase:
        """Open the case (its id derives from the key); the first event is ``CaseOpened``."""
        if not enterprise.region:
            enterprise = attrs.evolve(enterprise, region=key.uscc.region)
        opened = seal(
            ev.CaseOpened(
                **envelope(act, judge, key.case_id, cls.INITIAL_VERSION, previous_hash=""),
                originator_topic=get_topic(cls),
                key=key,
                enterprise=enterprise,
            )
        )
        case = opened.mutate(None)
        case.pending_events.append(opened)  # type: ignore[arg-type]
        return case

    def __deepcopy__(self, memo: dict[int, Any]) -> GradingCase:
        # Events and state are immutable: copying the history list is enough for the cache.
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.history = list(self.history)
        copy._pending_events = []
        return copy


def replay(events: list[ev.CaseEvent]) -> GradingCase:
    """Rebuild a case from its events, with no store involved (used by auditors and tests)."""
    case: Any = None
    for event in events:
        case = event.mutate(case)
    return case  # type: ignore[no-any-return]


__all__ = ["FACT_EVENTS", "Act", "CaseSnapshot", "GradingCase", "replay"]
