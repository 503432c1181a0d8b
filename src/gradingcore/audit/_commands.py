"""From a recorded event back to the command that recorded it, and a history's decisions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gradingcore import events as ev
from gradingcore.decisions import ANSWERS, command_arguments, command_for


def step_of(event: ev.CaseEvent) -> str:
    """The name (``step``) of the command that records events of this type."""
    return ANSWERS[type(event)].step


def decisions(history: Sequence[ev.CaseEvent]) -> Iterable[tuple[int, list[ev.CaseEvent]]]:
    """The decisions of a history after its CaseOpened: each with the index of its first event
    and its events; the last event of each is the one its command answers.

    A forward or a rejection of an application the unit never accepted records the deemed
    acceptance first, in the same step."""
    i = 1
    while i < len(history):
        e = history[i]
        nxt = history[i + 1] if i + 1 < len(history) else None
        if (
            isinstance(e, ev.ApplicationAccepted)
            and e.deemed
            and nxt is not None
            and isinstance(nxt, (ev.ApplicationForwarded, ev.ApplicationRejected))
            and nxt.actor == e.actor
            and nxt.command_id == e.command_id
            and nxt.timestamp == e.timestamp
        ):
            yield i, [e, nxt]
            i += 2
        else:
            yield i, [e]
            i += 1


__all__ = ["command_arguments", "command_for", "decisions", "step_of"]
