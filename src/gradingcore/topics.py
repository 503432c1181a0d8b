"""Which classes a stored row's topic may name (话题): only gradingcore's own.

eventsourcing's ``resolve_topic`` imports whatever module a topic names, so a row written by
someone with access to the database could make a reader import any module on the path. Here a
case event's topic resolves only to one of :data:`~gradingcore.events.EVENT_TYPES` when
verified; a row is read only as a class of the ``gradingcore`` package or a case event class a
module already imported defines; anything else is refused without an import
(docs/reliability.md, decision 0030).
"""

from __future__ import annotations

import sys

from eventsourcing.utils import get_topic, resolve_topic

from gradingcore import events as ev

#: The case events by topic: the only classes a case's rows may hold.
CASE_EVENTS: dict[str, type[ev.CaseEvent]] = {get_topic(cls): cls for cls in ev.EVENT_TYPES}


def case_event_class(topic: str) -> type[ev.CaseEvent] | None:
    """The case event class ``topic`` names, or None when it names no case event."""
    return CASE_EVENTS.get(topic)


def own_class(topic: str) -> type | None:
    """The class ``topic`` names if it is gradingcore's own (importing only gradingcore's
    modules), else None."""
    found = CASE_EVENTS.get(topic)
    if found is not None:
        return found
    module = topic.partition(":")[0]
    if module != "gradingcore" and not module.startswith("gradingcore."):
        return _loaded_case_event(topic)
    try:
        cls = resolve_topic(topic)
    except Exception:  # a gradingcore module or class that no longer exists
        return None
    return cls if isinstance(cls, type) else None


def _loaded_case_event(topic: str) -> type | None:
    """A host program's own case event class (a subclass of CaseEvent), found only in a module
    it has already imported: nothing is imported because a row names it."""
    module_name, _, qualname = topic.partition(":")
    found: object = sys.modules.get(module_name)
    for part in qualname.split(".") if found is not None else ():
        found = getattr(found, part, None)
    if isinstance(found, type) and issubclass(found, ev.CaseEvent):
        return found
    return None


__all__ = ["CASE_EVENTS", "case_event_class", "own_class"]
