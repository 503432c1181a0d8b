"""What a decision is written into: the events it records, the findings it weighed, and the
guards every handler shares. Local to one call of :func:`gradingcore.decisions.decide`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import attrs
import pendulum

from gradingcore import events as ev
from gradingcore.commands import Command
from gradingcore.facts import Deadline
from gradingcore.i18n import Message, joined, msg
from gradingcore.policy import Level
from gradingcore.rules import Finding, Judge, raise_if_any_fails
from gradingcore.rules._judge import actor_message, coded
from gradingcore.state import Application, CaseState, Stage, evolve
from gradingcore.values import Actor, AuthorityKind, Role

E = TypeVar("E", bound=ev.CaseEvent)
C = TypeVar("C", bound=Callable[..., Any])

#: The handler of each command type, and the command type each event type answers. Both are
#: filled by :func:`decides`, once per handler, so there is one declaration to keep in step.
HANDLERS: dict[type[Command], Callable[..., Any]] = {}
ANSWERS: dict[type[ev.CaseEvent], type[Command]] = {}


def decides(command: type[Command], *records: type[ev.CaseEvent]) -> Callable[[C], C]:
    """Register a handler for ``command``; ``records`` are the event types it records (the
    last one is the event the command answers, for the auditor's way back)."""

    def register(handler: C) -> C:
        HANDLERS[command] = handler
        for event_type in records:
            ANSWERS.setdefault(event_type, command)
        return handler

    return register


@attrs.frozen
class Act:
    """Who acts, on which business date, recorded when, as part of which command."""

    on: pendulum.Date
    actor: Actor
    recorded_at: datetime
    command_id: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None

    @classmethod
    def of(cls, command: Command, on: pendulum.Date, recorded_at: datetime) -> Act:
        return cls(
            on=on,
            actor=command.actor,
            recorded_at=recorded_at,
            command_id=command.command_id,
            correlation_id=command.correlation_id,
            causation_id=command.causation_id,
        )


class Draft:
    """The events one command records, each folded into ``state`` as it is made, so that a
    handler recording two events (a deemed acceptance, then the forward) sees the first."""

    def __init__(self, state: CaseState, act: Act, judge: Judge) -> None:
        self.state = state
        self.act = act
        self.judge = judge
        self.events: list[ev.CaseEvent] = []
        #: Every finding the decision weighed, in order (the auditor reports these).
        self.weighed: list[Finding] = []
        #: Findings that are outcomes, not conditions (a review's score against the level).
        self.outcomes: list[Finding] = []

    def record(
        self,
        cls: type[E],
        *,
        rules: Sequence[str] = (),
        breaches: Sequence[str] = (),
        deadlines: Sequence[Deadline] = (),
        on: pendulum.Date | None = None,
        **payload: Any,
    ) -> E:
        act, judge = self.act, self.judge
        event = cls(
            **envelope(act, judge, self.state.key.case_id, self.state.version + 1),
            rules=tuple(rules),
            breaches=tuple(breaches),
            deadlines=tuple(deadlines),
            **payload,
        )
        if on is not None:  # a deemed acceptance takes effect on the day of receipt
            event = attrs.evolve(event, on=on)
        self.events.append(event)
        self.state = evolve(self.state, event)
        return event

    def weigh(self, refusal: str | Message, findings: Iterable[Finding]) -> list[Finding]:
        """The conditions the decision rests on: refused (``refusal``, naming every failed
        rule) if any fails, else noted for the auditor."""
        found = raise_if_any_fails(refusal, findings)
        self.weighed += found
        return found

    def note(self, *findings: Finding) -> None:
        """Findings the decision records without refusing: a deadline met or missed by an
        official (recorded as a breach on the event, decision 0008), a deemed acceptance."""
        self.weighed += findings

    def outcome(self, *findings: Finding) -> None:
        """Findings that decide a recorded value rather than a condition (a review's score
        against the level): the auditor names them when the recorded value differs."""
        self.outcomes += findings

    # --- guards shared by the handlers -----------------------------------------------------

    def role(self, *roles: Role) -> None:
        act, judge = self.act, self.judge
        if act.actor.role not in roles:
            allowed = joined([coded("role", r) for r in roles], msg(", "))
            raise judge.refuse(
                msg(
                    "{actor} may not do this (only: {allowed})",
                    actor=actor_message(act.actor),
                    allowed=allowed,
                ),
                "procedure.actor",
                role=act.actor.role.value,
                allowed=[r.value for r in roles],
            )

    def app(self, *stages: Stage) -> Application:
        app = self.state.application
        if app is None or app.stage not in stages:
            now = app.stage.value if app else "no application"
            shown = coded("stage", app.stage) if app else msg("no application")
            wanted = joined([coded("stage", s) for s in stages], msg(", "))
            raise self.judge.refuse(
                msg("not possible at this stage ({now}; needs {wanted})", now=shown, wanted=wanted),
                "procedure.order",
                stage=now,
                needs=[s.value for s in stages],
            )
        return app

    def authority(self, level: Level) -> None:
        """``authority.by_level``: only the grading authority of the level decides."""
        act, judge = self.act, self.judge
        self.role(Role.AUTHORITY)
        wanted = AuthorityKind(judge.policy.authorities[level].kind)
        if act.actor.authority != wanted:
            given = (
                coded("authority", act.actor.authority)
                if act.actor.authority
                else msg("an unnamed authority")
            )
            raise judge.refuse(
                msg(
                    "{level} is graded by {wanted}, not {given}",
                    level=level,
                    wanted=coded("authority", wanted),
                    given=given,
                ),
                "authority.by_level",
                level=int(level),
                authority=wanted.value,
            )

    def not_before_last(self) -> None:
        """Steps of the procedure follow one another in business time."""
        last, on = self.state.last_step_on, self.act.on
        if last is not None and on < last:
            raise self.judge.refuse(
                msg("{on} is before the case's last step ({last})", on=on, last=last),
                "procedure.order",
                on=on,
                last_step_on=last,
            )


def envelope(act: Act, judge: Judge, case_id: UUID, version: int) -> dict[str, Any]:
    """The envelope fields every new event carries (the chain fields are added when it is
    sealed, by :mod:`gradingcore.chain`)."""
    return {
        "originator_id": case_id,
        "originator_version": version,
        "timestamp": act.recorded_at,
        "on": act.on,
        "actor": act.actor,
        "policy": judge.policy.ref,
        "calendar_version": judge.calendar.version,
        "correlation_id": act.correlation_id,
        "causation_id": act.causation_id,
        "command_id": act.command_id,
    }
