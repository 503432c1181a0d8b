"""Decisions (裁定): ``decide(state, command, judge, at) -> events``, pure functions dispatched by
the command's type.

A handler reads the case's state (folded by :func:`gradingcore.state.evolve`), checks the rules
under the judge's policy and calendar, and records events; it touches no store, no clock and no
global state, so deciding the same command on the same state under the same judge always gives
the same events. The service decides and saves; the auditor decides again and compares
(decision 0020). The events come out unsealed: :mod:`gradingcore.chain` chains and hashes them.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.decisions import _facts, _intake, _outcome, _review  # noqa: F401 (registers)
from gradingcore.decisions._draft import ANSWERS, HANDLERS, Act, Draft, decides, envelope
from gradingcore.decisions._policy import governing_policy, selection_level
from gradingcore.errors import CaseNotFound, InvalidInput
from gradingcore.i18n import msg
from gradingcore.rules import Judge
from gradingcore.state import CaseState
from gradingcore.values import CaseKey, Enterprise


def open_case(command: c.Command, judge: Judge, at: datetime) -> ev.CaseOpened:
    """The first event of a case, opened by ``command`` (which names the enterprise)."""
    enterprise = command.enterprise
    if enterprise is None:
        raise CaseNotFound(
            msg("no grading case for {case}: give the enterprise to open one", case=command.case)
        )
    if not enterprise.region:
        enterprise = attrs.evolve(enterprise, region=command.case.uscc.region)
    act = Act.of(command, judge.on, at)
    opened = ev.CaseOpened(
        **envelope(act, judge, command.case.case_id, 1),
        key=command.case,
        enterprise=enterprise,
    )
    return opened


def decide_draft(state: CaseState, command: c.Command, judge: Judge, at: datetime) -> Draft:
    """The whole decision: the events and the findings weighed (for the auditor)."""
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise InvalidInput(
            msg("no decision for {command}", command=type(command).__name__),
            facts={"command": "type"},
        )
    draft = Draft(state, Act.of(command, judge.on, at), judge)
    handler(draft, **command.arguments())
    return draft


def decide(
    state: CaseState | None, command: c.Command, judge: Judge, at: datetime
) -> tuple[ev.CaseEvent, ...]:
    """The events ``command`` records on a case in ``state`` (None: no case yet, which only an
    :class:`~gradingcore.commands.OpenCase` may open), decided under ``judge`` and recorded at
    ``at``. Raises a :class:`~gradingcore.errors.RuleViolation` when the rules refuse it."""
    if state is None:
        if not isinstance(command, c.OpenCase):
            raise CaseNotFound(msg("no grading case for {case}", case=command.case))
        return (open_case(command, judge, at),)
    if isinstance(command, c.OpenCase):
        return ()
    return tuple(decide_draft(state, command, judge, at).events)


def command_for(event: ev.CaseEvent, key: CaseKey, **envelope: object) -> c.Command:
    """The command that, decided again, records ``event`` (``on`` and ``actor`` included): its
    payload fields are the command's fields, except the ones the handler derives (a
    publicity's end, a validity, ``level_met``, ``deemed``), which are left to the decision."""
    cls = ANSWERS[type(event)]
    payload = command_arguments(event)
    return cls(case=key, actor=event.actor, on=event.on, **envelope, **payload)  # type: ignore[arg-type]


def command_arguments(event: ev.CaseEvent) -> dict[str, object]:
    """The payload of the command ``event`` answers, as the event records it."""
    fields = {f.name for f in attrs.fields(ANSWERS[type(event)])} - set(c.ENVELOPE)
    return {name: getattr(event, name) for name in fields if hasattr(event, name)}


def empty_state(key: CaseKey) -> CaseState:
    """The state of a case with no history (eligibility of an enterprise never graded)."""
    return CaseState(key=key, enterprise=Enterprise(name="", industry=""))


ANSWERS.setdefault(ev.CaseOpened, c.OpenCase)

__all__ = [
    "ANSWERS",
    "HANDLERS",
    "Act",
    "Draft",
    "command_arguments",
    "command_for",
    "decide",
    "decide_draft",
    "decides",
    "empty_state",
    "governing_policy",
    "open_case",
    "selection_level",
]
