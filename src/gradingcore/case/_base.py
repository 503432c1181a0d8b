"""The aggregate's shell: how a decision becomes an event, and the guards every step shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import attrs
import pendulum
from eventsourcing.domain import Aggregate

from gradingcore import events as ev
from gradingcore.facts import Deadline
from gradingcore.policy import Level
from gradingcore.rules import Judge
from gradingcore.serialization import digest
from gradingcore.state import Application, CaseState, Stage, evolve
from gradingcore.values import Actor, AuthorityKind, CaseKey, Role

E = TypeVar("E", bound=ev.CaseEvent)


@attrs.frozen
class Act:
    """Who acts, on which business date, recorded when, as part of which command."""

    on: pendulum.Date
    actor: Actor
    recorded_at: datetime
    command_id: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None


def envelope(
    act: Act, judge: Judge, case_id: UUID, version: int, previous_hash: str
) -> dict[str, Any]:
    """The envelope fields every new event carries (the digest is added when it is sealed)."""
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
        "previous_hash": previous_hash,
    }


def seal(event: E) -> E:
    """A newly decided event with its digest (the hash chain, decision 0007)."""
    return attrs.evolve(event, digest=digest(event))


class CaseBase(Aggregate):
    """Holds the history and the folded state; records events; checks actors and stages."""

    key: CaseKey
    state: CaseState
    history: list[ev.CaseEvent]
    head: str

    def take(self, event: ev.CaseEvent) -> None:
        """Apply a recorded or replayed event: the only place state changes."""
        if isinstance(event, ev.CaseOpened):
            self.key = event.key
            self.history = []
        self.history.append(event)
        self.state = evolve(getattr(self, "state", None), event)
        self.head = event.digest

    def _record(
        self,
        cls: type[E],
        act: Act,
        judge: Judge,
        *,
        rules: Sequence[str] = (),
        breaches: Sequence[str] = (),
        deadlines: Sequence[Deadline] = (),
        on: pendulum.Date | None = None,
        **payload: Any,
    ) -> E:
        fields = envelope(act, judge, self.id, self.version + 1, self.head)
        fields["on"] = on or act.on  # a deemed acceptance takes effect on the day of receipt
        event = cls(
            **fields,
            rules=tuple(rules),
            breaches=tuple(breaches),
            deadlines=tuple(deadlines),
            **payload,
        )
        event = seal(event)
        event.mutate(self)  # type: ignore[arg-type]
        self.pending_events.append(event)  # type: ignore[arg-type]
        return event

    # --- guards shared by the steps --------------------------------------------------------

    def _role(self, act: Act, judge: Judge, *roles: Role) -> None:
        if act.actor.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise judge.refuse(
                f"{act.actor} may not do this (only: {allowed})",
                "procedure.actor",
                role=act.actor.role.value,
                allowed=[r.value for r in roles],
            )

    def _app(self, judge: Judge, *stages: Stage) -> Application:
        app = self.state.application
        if app is None or app.stage not in stages:
            now = app.stage.value if app else "no application"
            wanted = ", ".join(s.value for s in stages)
            raise judge.refuse(
                f"not possible at this stage ({now}; needs {wanted})",
                "procedure.order",
                stage=now,
                needs=[s.value for s in stages],
            )
        return app

    def _authority(self, act: Act, judge: Judge, level: Level) -> None:
        """``authority.by_level``: only the grading authority of the level decides."""
        self._role(act, judge, Role.AUTHORITY)
        wanted = AuthorityKind(judge.policy.authorities[level].kind)
        if act.actor.authority != wanted:
            given = act.actor.authority.value if act.actor.authority else "an unnamed authority"
            raise judge.refuse(
                f"level {int(level)} is graded by {wanted.value}, not {given}",
                "authority.by_level",
                level=int(level),
                authority=wanted.value,
            )

    def _not_before_last(self, act: Act, judge: Judge) -> None:
        """Steps of the procedure follow one another in business time."""
        last = max((e.on for e in self.history if not _is_fact(e)), default=None)
        if last is not None and act.on < last:
            raise judge.refuse(
                f"{act.on} is before the case's last step ({last})",
                "procedure.order",
                on=act.on,
                last_step_on=last,
            )


def _is_fact(event: ev.CaseEvent) -> bool:
    """Supervisors' facts may be recorded late with an earlier business date."""
    return isinstance(event, FACT_EVENTS)


FACT_EVENTS: tuple[type[ev.CaseEvent], ...] = (
    ev.IncidentRecorded,
    ev.SocialIncidentRecorded,
    ev.PenaltyRecorded,
    ev.HazardRecorded,
    ev.HazardFixed,
    ev.DishonestyListed,
    ev.DishonestyDelisted,
    ev.LicenceLost,
    ev.MajorChangeRecorded,
    ev.FraudFound,
    ev.OperationFailureRecorded,
    ev.TownshipRecorded,
    ev.CaseOpened,
)
