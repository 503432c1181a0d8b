"""The application service: commands in, events out; queries; the one composition root.

``GradingService(store=...)`` chooses eventsourcing's persistence: a SQLite file path (the
embedded default), ``"memory"`` for tests, or a ``postgresql://`` URL. Nothing opens at import.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs
import pendulum
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import Environment, get_topic, resolve_topic

from gradingcore import events as ev
from gradingcore.bounds import check_fact_date
from gradingcore.calendar import WorkdayCalendar, official_calendar
from gradingcore.case import Act, CaseSnapshot, GradingCase
from gradingcore.clock import Clock, SystemClock, today
from gradingcore.commands import Command, OpenCase
from gradingcore.errors import CaseNotFound, ConflictError, GradingError
from gradingcore.policy import Level, PolicyRegistry, default_policies
from gradingcore.rules import Judge
from gradingcore.serialization import EventMapper, digest_state, from_state
from gradingcore.state import CaseState, fold
from gradingcore.stores import guard, store_env, store_errors
from gradingcore.values import CaseKey, Enterprise
from gradingcore.views import CaseView, Eligibility, eligibility, view

#: How often a command is decided again after another writer got there first.
RETRIES = 3


@attrs.frozen
class Outcome:
    """What a command recorded (or, repeated with the same command id, had recorded)."""

    case_id: UUID
    version: int
    events: tuple[ev.CaseEvent, ...]
    repeated: bool = False


@attrs.frozen
class ChainBreak:
    """One place where a case's stored history does not verify."""

    case_id: UUID
    version: int
    problem: str


class GradingService(Application[UUID]):
    """Grading cases kept in an eventsourcing store."""

    name = "GradingService"
    snapshot_class = CaseSnapshot  # type: ignore[assignment]

    def __init__(
        self,
        store: str | os.PathLike[str] | None = None,
        *,
        policies: PolicyRegistry | None = None,
        calendar: WorkdayCalendar | None = None,
        clock: Clock | None = None,
        snapshot_every: int | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        settings = {
            **store_env(store),  # before anything opens: a directory is refused here
            "MAPPER_TOPIC": get_topic(EventMapper),
            **(env or {}),
        }
        if snapshot_every:
            settings["IS_SNAPSHOTTING_ENABLED"] = "y"
            self.snapshotting_intervals = {GradingCase: snapshot_every}  # type: ignore[misc]
        self.policies = policies or default_policies()
        self.calendar = calendar or official_calendar()
        self.clock: Clock = clock or SystemClock()
        self._store = store
        with store_errors(store):
            super().__init__(env=settings)

    def construct_env(self, name: str, env: Any = None) -> Any:
        # Only what the caller configured: a stray PERSISTENCE_MODULE in the process
        # environment must not silently move the store.
        return Environment(name, dict(env or {}))

    # --- commands --------------------------------------------------------------------------

    def execute(self, command: Command) -> Outcome:
        """Decide the command against the case and save what it records, all or nothing."""
        first_seen: int | None = None
        for attempt in range(RETRIES + 1):
            case, version = self._load_for(command)
            first_seen = version if first_seen is None else first_seen
            repeated = self._repeated(case, command)
            if repeated is not None:
                return repeated
            try:
                case = self._decide(case, command)
            except GradingError as refusal:
                if attempt:
                    raise ConflictError(
                        f"another writer changed the case first and the command no longer "
                        f"holds: {refusal}",
                        rule_ids=refusal.rule_ids,
                        citations=refusal.citations,
                        facts={**refusal.facts, "changed_by": self._changes(case, first_seen)},
                    ) from None
                raise
            events = tuple(case.pending_events)
            try:
                self.save(case)  # the aggregate, so that eventsourcing can snapshot it
            except IntegrityError:
                self._forget(case.id)
                continue
            return Outcome(case.id, case.version, events)  # type: ignore[arg-type]
        msg = f"gave up after {RETRIES} conflicting writes on case {command.case}"
        raise ConflictError(msg)

    def execute_many(self, commands: Sequence[Command]) -> list[Outcome | GradingError]:
        """Execute many commands, saving what they record together: one transaction for the
        first command on each case, one for the second, and so on. Each is decided against its
        own case exactly as ``execute`` decides it (commands on one case in the order given),
        and each result is what ``execute`` would have returned, a refusal being its
        ``GradingError`` (the others still count). On a write conflict the commands of that
        transaction are executed again one by one."""
        results: list[Outcome | GradingError | None] = [None] * len(commands)
        for wave in _waves(commands):
            decided: list[tuple[int, GradingCase, tuple[ev.CaseEvent, ...]]] = []
            for i in wave:
                case, _ = self._load_for(commands[i])
                repeated = self._repeated(case, commands[i])
                if repeated is not None:
                    results[i] = repeated
                    continue
                try:
                    case = self._decide(case, commands[i])
                except GradingError as refusal:
                    results[i] = refusal
                    continue
                decided.append((i, case, tuple(case.pending_events)))  # type: ignore[arg-type]
            if not decided:
                continue
            try:
                self.save(*(case for _, case, _ in decided))
            except IntegrityError:
                for i, case, _ in decided:
                    self._forget(case.id)
                    try:
                        results[i] = self.execute(commands[i])
                    except GradingError as error:
                        results[i] = error
                continue
            for i, case, events in decided:
                results[i] = Outcome(case.id, case.version, events)
        return [r for r in results if r is not None]

    def _forget(self, case_id: UUID) -> None:
        """Drop a case from the aggregate cache, if one is configured: after a write conflict
        the cached case is stale (a cache without fast-forward would never see the change)."""
        if self.repository.cache is not None:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(case_id, evict=True)

    def _load_for(self, command: Command) -> tuple[GradingCase | None, int]:
        try:
            case: GradingCase = self.repository.get(command.case.case_id)
        except AggregateNotFoundError:
            return None, 0
        return case, case.version

    def _repeated(self, case: GradingCase | None, command: Command) -> Outcome | None:
        if case is None or command.command_id is None:
            return None
        done = tuple(e for e in case.history if e.command_id == command.command_id)
        if not done:
            return None
        return Outcome(case.id, done[-1].originator_version, done, repeated=True)

    def _changes(self, case: GradingCase | None, before: int) -> list[str]:
        if case is None:
            return []
        return [f"v{e.originator_version} {e.name}" for e in case.history[before:]]

    def _decide(self, case: GradingCase | None, command: Command) -> GradingCase:
        on = command.on or today(self.clock)
        check_fact_date(command.step, on, today(self.clock))
        act = Act(
            on=on,
            actor=command.actor,
            recorded_at=self.clock.now(),
            command_id=command.command_id,
            correlation_id=command.correlation_id,
            causation_id=command.causation_id,
        )
        args = dict(command.arguments())
        if case is None:
            if command.enterprise is None:
                raise CaseNotFound(
                    f"no grading case for {command.case}: give the enterprise to open one"
                )
            judge = self._judge(command.case, None, on, args.get("claimed_level"))
            case = GradingCase.open(command.case, command.enterprise, act, judge)
        if isinstance(command, OpenCase):
            return case
        level = args.get("level") if command.step == "apply" else args.get("claimed_level")
        judge = self._judge(command.case, case.state, on, level)
        getattr(case, command.step)(act, judge, **args)
        return case

    # --- policy and calendar ---------------------------------------------------------------

    def _judge(self, key: CaseKey, state: CaseState | None, on: pendulum.Date, level: Any) -> Judge:
        """The policy a step is judged by: a new application's is chosen by region, level and
        date; every later step of it keeps the policy recorded when it was made."""
        app = state.application if state else None
        if level is None and app is not None and app.policy is not None:
            return Judge(self.policies.get(app.policy.id, app.policy.version), self.calendar, on)
        region = state.enterprise.region if state else key.uscc.region
        if level is None:
            grading = state.grading if state else None
            level = grading.level if grading else Level.LEVEL_3
        return Judge(self.policies.select(region, Level(level), on), self.calendar, on)

    def judge_for(self, key: CaseKey, on: pendulum.Date, level: Level | None = None) -> Judge:
        """The judge (policy and calendar) for a case on a date, as commands would use it."""
        try:
            state = self.state(key)
        except CaseNotFound:
            state = None
        return self._judge(key, state, on, level)

    # --- queries ---------------------------------------------------------------------------

    def history(self, key: CaseKey | UUID) -> list[ev.CaseEvent]:
        """Every event of the case, read from the store (never from a snapshot)."""
        case_id = key.case_id if isinstance(key, CaseKey) else key
        found = list(self.events.get(case_id))
        if not found:
            raise CaseNotFound(f"no grading case {key}")
        return found  # type: ignore[return-value]

    def state(
        self,
        key: CaseKey | UUID,
        *,
        as_of: pendulum.Date | None = None,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> CaseState:
        """The case's state: as of a business date, as known at a recorded time, at a version,
        or any combination (bitemporal)."""
        events = self.history(key)
        if version is not None:
            events = [e for e in events if e.originator_version <= version]
        if known_at is not None:
            events = [e for e in events if e.timestamp <= known_at]
        if as_of is not None:
            events = [e for e in events if e.on <= as_of]
        if not events or not isinstance(events[0], ev.CaseOpened):
            raise CaseNotFound(f"no grading case {key} at that time")
        return fold(events)

    def view(
        self,
        key: CaseKey | UUID,
        on: pendulum.Date | None = None,
        *,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> CaseView:
        """Status, stage, level, validity and open obligations as of ``on`` (default today),
        as known at a recorded time and up to a version when given."""
        on = on or today(self.clock)
        state = self.state(key, as_of=on, known_at=known_at, version=version)
        return view(self._judge(state.key, state, on, None), state, on)

    def eligibility(self, key: CaseKey, level: Level | int, on: pendulum.Date) -> Eligibility:
        """Whether an application for ``level`` on ``on`` would be accepted: every unmet rule
        with its citation. A case with no history is judged on an empty record."""
        try:
            state = self.state(key, as_of=on)
        except CaseNotFound:
            state = CaseState(key=key, enterprise=Enterprise(name="", industry=""))
        judge = self._judge(key, None, on, Level(level))
        return eligibility(judge, state, Level(level), on)

    def case_ids(self) -> Iterator[UUID]:
        """The ids of every case in the store, in the order they were opened."""
        topic = get_topic(ev.CaseOpened)
        for notification in self.recorder.select_notifications(
            start=None, limit=2**62, topics=[topic]
        ):
            yield notification.originator_id  # type: ignore[misc]

    # --- integrity -------------------------------------------------------------------------

    def verify(self, key: CaseKey | UUID) -> list[ChainBreak]:
        """Check a case's stored rows: versions contiguous from 1, each row's digest over its
        own content, each row chained to the previous one. Empty when the history verifies."""
        case_id = key.case_id if isinstance(key, CaseKey) else key
        rows = self.recorder.select_events(case_id)
        if not rows:
            raise CaseNotFound(f"no grading case {key}")
        breaks: list[ChainBreak] = []
        previous = ""
        expected = 1
        for row in rows:
            if row.originator_version != expected:
                last = row.originator_version - 1
                gap = f"version {expected}" if last == expected else f"versions {expected}-{last}"
                breaks.append(ChainBreak(case_id, expected, f"{gap} missing (deleted)"))
            expected = row.originator_version + 1
            try:
                state = self.mapper.decode(row)  # type: ignore[attr-defined]
                full = {
                    **state,
                    "originator_id": str(case_id),
                    "originator_version": row.originator_version,
                }
                from_state(resolve_topic(row.topic), dict(full))
            except Exception as error:  # a row that no longer reads is itself a finding
                breaks.append(ChainBreak(case_id, row.originator_version, f"unreadable: {error}"))
                previous = ""
                continue
            if digest_state(row.topic, full) != state.get("digest"):
                breaks.append(
                    ChainBreak(
                        case_id,
                        row.originator_version,
                        "content does not match its digest (edited)",
                    )
                )
            if state.get("previous_hash", "") != previous:
                breaks.append(
                    ChainBreak(
                        case_id,
                        row.originator_version,
                        "not chained to the previous event (deleted, inserted or reordered)",
                    )
                )
            previous = state.get("digest", "")
        return breaks


# Every failure of the store underneath is raised as a typed StoreError naming it (redacted).
for _method in (
    *("execute", "execute_many", "save", "history", "state", "view", "eligibility"),
    *("case_ids", "verify", "judge_for"),
):
    setattr(GradingService, _method, guard(getattr(GradingService, _method)))


def _waves(commands: Sequence[Command]) -> list[list[int]]:
    """The commands' indices split so that no case appears twice in a wave, each case's
    commands in successive waves in the order given."""
    waves: list[list[int]] = []
    seen: dict[CaseKey, int] = {}
    for i, command in enumerate(commands):
        n = seen.get(command.case, 0)
        seen[command.case] = n + 1
        if n == len(waves):
            waves.append([])
        waves[n].append(i)
    return waves


__all__ = ["ChainBreak", "GradingService", "Outcome", "store_env"]
