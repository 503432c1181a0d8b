"""The application service: commands in, events out; queries; the one composition root.

``GradingService(store=...)`` chooses eventsourcing's persistence: a SQLite file path (the
embedded default), ``"memory"`` for tests, or a ``postgresql://`` URL. Nothing opens at import.

The service composes an eventsourcing ``Application`` (its recorder, its mapper, its settings)
and exposes only use cases and queries (decision 0022). A command is decided by the pure
:func:`gradingcore.decisions.decide` on the case's folded state (the draft folds each event as it
makes it, and the cache keeps that fold), its events are chained and encoded
once (:func:`gradingcore.serialization.sealed_row`) and inserted in one transaction. A bounded
cache keeps the folded state of recently used cases; it is safe across processes: a command
decided on a stale cached case meets the store's version conflict and is decided again on the
stored history, and a query reads what was written after the cached version first.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs
import pendulum
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.utils import Environment, get_topic

from gradingcore import chain, snapshot
from gradingcore import events as ev
from gradingcore.bounds import check_fact_date
from gradingcore.calendar import WorkdayCalendar, official_calendar
from gradingcore.clock import Clock, SystemClock, today
from gradingcore.commands import Command, OpenCase
from gradingcore.decisions import (
    ANSWERS,
    command_arguments,
    decide_draft,
    empty_state,
    governing_policy,
    open_case,
    selection_level,
)
from gradingcore.errors import CaseNotFound, ConflictError, GradingError, VersionMismatch
from gradingcore.i18n import Locale, Message, msg, msg_plural, render
from gradingcore.index import INDEX_MARKER, CaseIndexed, IndexComplete, index_id
from gradingcore.keys import KEY_FILE_VARIABLE, KEY_VARIABLE, ChainKey, KeyRing, configured_ring
from gradingcore.policy import Level, PolicyRegistry, default_policies
from gradingcore.rules import Judge
from gradingcore.serialization import EventMapper, from_state, sealed_row
from gradingcore.state import CaseState, evolve, fold
from gradingcore.stores import guard, opened, store_env
from gradingcore.topics import case_event_class
from gradingcore.values import USCC, CaseKey
from gradingcore.views import CaseView, Eligibility, eligibility, view
from gradingcore.writes import attempts, same_command

#: How many cases the service keeps folded in memory by default (0: none).
CACHE_SIZE = 1000


@attrs.frozen
class Outcome:
    """What a command recorded (or, repeated with the same command id, had recorded)."""

    case_id: UUID
    version: int
    events: tuple[ev.CaseEvent, ...]
    repeated: bool = False
    #: The case's folded state after the command, as the service folded it (None when the
    #: command recorded nothing or was a repeat): a caller following the case, like the
    #: simulator, need not fold the same events again.
    state: CaseState | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class ChainBreak:
    """One place where a case's stored history does not verify. ``problem`` is the English
    wording (JSON carries it); ``text`` the message, shown by :meth:`localized`."""

    case_id: UUID
    version: int
    problem: str
    text: str | Message | None = attrs.field(default=None, kw_only=True, eq=False)

    def localized(self, locale: Locale | str | None = None) -> str:
        return render(self.text if self.text is not None else self.problem, locale)


def chain_break(case_id: UUID, version: int, problem: Message) -> ChainBreak:
    return ChainBreak(case_id, version, render(problem, Locale.EN), text=problem)


def versions(first: int, last: int) -> Message:
    """``version 3`` or ``versions 3-5``: the versions a finding is about."""
    if first == last:
        return msg("version {first}", first=first)
    return msg("versions {first}-{last}", first=first, last=last)


@attrs.frozen
class _Loaded:
    """A case as last read or written by this service: its fold, its head digest, the command
    ids it answered, and its events when the service keeps them (``cache_events``)."""

    state: CaseState
    head: str
    command_ids: frozenset[str]
    events: tuple[ev.CaseEvent, ...] | None

    @classmethod
    def of(
        cls, events: Sequence[ev.CaseEvent], *, keep: bool, state: CaseState | None = None
    ) -> _Loaded:
        """The case of ``events`` (``state``: their fold, when known)."""
        return cls(
            fold(events) if state is None else state,
            events[-1].digest,
            frozenset(e.command_id for e in events if e.command_id),
            tuple(events) if keep else None,
        )

    @property
    def version(self) -> int:
        return self.state.version

    def then(self, new: Sequence[ev.CaseEvent], state: CaseState | None = None) -> _Loaded:
        """The case after ``new`` (``state``: their fold into this one's, when known)."""
        if not new:
            return self
        ids = {e.command_id for e in new if e.command_id}
        return _Loaded(
            fold(new, self.state) if state is None else state,
            new[-1].digest,
            self.command_ids | ids if ids else self.command_ids,
            None if self.events is None else (*self.events, *new),
        )


def _returned(refusal: GradingError) -> GradingError:
    """A refusal handed back as a value, not raised: without its traceback, whose frames hold
    the list it is put in (a reference cycle per refusal that only the collector would free)."""
    return refusal.with_traceback(None)


class _Persistence(Application[UUID]):
    """eventsourcing's application, used for its persistence only (the edge of the service).
    Its name keeps the table and setting names of stores written before decision 0022."""

    name = "GradingService"

    def construct_env(self, name: str, env: Any = None) -> Any:
        # Only what the caller configured: a stray PERSISTENCE_MODULE in the process
        # environment must not silently move the store.
        return Environment(name, dict(env or {}))


class GradingService:
    """Grading cases kept in an eventsourcing store: commands, queries, verification."""

    def __init__(
        self,
        store: str | os.PathLike[str] | None = None,
        *,
        policies: PolicyRegistry | None = None,
        calendar: WorkdayCalendar | None = None,
        clock: Clock | None = None,
        snapshot_every: int | None = None,
        cache_size: int = CACHE_SIZE,
        cache_events: bool = True,
        env: dict[str, str] | None = None,
        keys: KeyRing | None = None,
    ) -> None:
        settings = {
            **store_env(store),  # before anything opens: a directory is refused here
            "MAPPER_TOPIC": get_topic(EventMapper),
            **(env or {}),
        }
        if snapshot_every:
            settings["IS_SNAPSHOTTING_ENABLED"] = "y"
        self.policies = policies or default_policies()
        self.calendar = calendar or official_calendar()
        self.clock: Clock = clock or SystemClock()
        self._store = store  # as given: store errors name it, redacted (stores.guard)
        #: The chain keys (gradingcore.keys, decision 0079): given, or named by the
        #: environment; None for an unkeyed chain. The first writes, every one verifies.
        self.keys: KeyRing | None = keys if keys is not None else configured_ring()
        self._key: ChainKey | None = self.keys.current if self.keys else None
        self._app = opened(lambda: _Persistence(env=settings), store)
        self._mapper: EventMapper = self._app.mapper  # type: ignore[assignment]
        self._recorder: Any = self._app.recorder
        self._snapshot_every = snapshot_every or 0
        self._cache: OrderedDict[UUID, _Loaded] = OrderedDict()
        self._cache_size = cache_size
        self._cache_events = cache_events
        self._index_complete = False
        self._index_versions: dict[UUID, int] = {}
        # Whether a case (or an index stream) this service has not cached can be taken as not
        # stored, without asking the store: None until first asked (decision 0097).
        self._guess_absent: bool | None = None if cache_size > 0 else False
        self._today: tuple[datetime | None, pendulum.Date] = (None, pendulum.Date(1, 1, 1))

    def close(self) -> None:
        """Close the store's connections."""
        self._app.close()

    # --- commands --------------------------------------------------------------------------

    def execute(self, command: Command, *, expected_version: int | None = None) -> Outcome:
        """Decide the command against the case and save what it records, all or nothing.

        With ``expected_version`` (0: a case not opened yet) the command is recorded only on
        the case at that version, else :class:`VersionMismatch`: the events are saved at the
        versions after it, so the store's own version conflict refuses a write that another
        writer got in first (an HTTP ``If-Match`` cannot slip through between a check and the
        save). A repeated command id still returns its first outcome."""
        first_seen: int | None = None
        conflicted = False
        fresh = False
        tries = 0
        for tries in attempts(command):  # noqa: B007 - counted for the message
            loaded = self._loaded(command.case.case_id, fresh=fresh)
            version = loaded.version if loaded else 0
            first_seen = version if first_seen is None else first_seen
            repeated = self._repeated(loaded, command)
            if repeated is not None:
                return repeated
            if expected_version is not None and version != expected_version:
                if not fresh:  # a cached case may be behind the store: ask the store
                    fresh = True
                    first_seen = None
                    continue
                raise VersionMismatch(expected_version, version)
            try:
                new, state = self._decide(loaded, command)
            except GradingError as refusal:
                if not fresh and self._moved_on(loaded, command):
                    fresh = True  # decided on a cached case another writer has moved on from
                    first_seen = None
                    continue
                if conflicted:
                    raise ConflictError(
                        msg(
                            "another writer changed the case first and the command no longer "
                            "holds: {refusal}",
                            refusal=refusal,
                        ),
                        rule_ids=refusal.rule_ids,
                        citations=refusal.citations,
                        facts={**refusal.facts, "changed_by": self._changes(loaded, first_seen)},
                    ) from None
                raise
            if not new:
                return Outcome(command.case.case_id, version, ())
            sealed, rows = self._rows(loaded, new)
            try:
                self._recorder.insert_events(rows)
            except IntegrityError:
                self._forget(command.case.case_id)  # and the guesses (decision 0097)
                conflicted = fresh = True
                continue
            after = self._remember(loaded, sealed, state)
            return Outcome(
                command.case.case_id, sealed[-1].originator_version, tuple(sealed), state=after
            )
        gave_up = msg(
            "gave up after {tries} conflicting writes on case {case}: other writers keep "
            "changing it; try the command again (with the same command id it is recorded at "
            "most once)",
            tries=tries,
            case=command.case,
        )
        raise ConflictError(gave_up, facts={"attempts": tries})

    def execute_many(self, commands: Sequence[Command]) -> list[Outcome | GradingError]:
        """Execute many commands, saving what they record together: one transaction for the
        first command on each case, one for the second, and so on. Each is decided against its
        own case exactly as ``execute`` decides it (commands on one case in the order given),
        and each result is what ``execute`` would have returned, a refusal being its
        ``GradingError`` (the others still count). On a write conflict the commands of that
        transaction are executed again one by one."""
        results: list[Outcome | GradingError | None] = [None] * len(commands)
        for wave in _waves(commands):
            decided: list[tuple[int, _Loaded | None, list[ev.CaseEvent], CaseState | None]] = []
            rows: list[StoredEvent] = []
            for i in wave:
                command = commands[i]
                loaded = self._loaded(command.case.case_id, fresh=False)
                try:
                    repeated = self._repeated(loaded, command)
                except GradingError as reused:
                    results[i] = _returned(reused)
                    continue
                if repeated is not None:
                    results[i] = repeated
                    continue
                try:
                    new, state = self._decide(loaded, command)
                except GradingError as refusal:
                    if self._moved_on(loaded, command):
                        results[i] = self._again(command)
                    else:
                        results[i] = _returned(refusal)
                    continue
                if not new:
                    results[i] = Outcome(command.case.case_id, loaded.version if loaded else 0, ())
                    continue
                sealed, mine = self._rows(loaded, new)
                rows += mine
                decided.append((i, loaded, sealed, state))
            if not decided:
                continue
            try:
                self._recorder.insert_events(rows)
            except IntegrityError:
                self._stop_guessing()
                for i, *_ in decided:
                    self._forget(commands[i].case.case_id)
                    results[i] = self._again(commands[i])
                continue
            for i, loaded, sealed, state in decided:
                after = self._remember(loaded, sealed, state)
                results[i] = Outcome(
                    sealed[0].originator_id,
                    sealed[-1].originator_version,
                    tuple(sealed),
                    state=after,
                )
        return [r for r in results if r is not None]

    def _again(self, command: Command) -> Outcome | GradingError:
        try:
            return self.execute(command)
        except GradingError as error:
            return _returned(error)

    def write_history(self, events: Iterable[ev.CaseEvent]) -> None:
        """Write recorded events as they are, all or nothing (an import's judged history, a
        scenario's preloaded one). The store's version conflict refuses a clash."""
        events = list(events)
        rows = [self._mapper.to_stored_event(e) for e in events]
        rows += self._index_rows([e for e in events if isinstance(e, ev.CaseOpened)])
        try:
            self._recorder.insert_events(rows)
        except IntegrityError as error:
            self._stop_guessing()
            raise ConflictError(
                msg("the store already holds some of these events: {error}", error=str(error))
            ) from None
        for case_id in {e.originator_id for e in events}:
            self._forget(case_id)

    def _decide(
        self, loaded: _Loaded | None, command: Command
    ) -> tuple[list[ev.CaseEvent], CaseState | None]:
        """The events the command records, and the case's state after them."""
        at = self.clock.now()
        if at is not self._today[0]:  # a manual clock gives the same instant all day
            self._today = (at, today(self.clock))
        recorded = self._today[1]
        on = command.on or recorded
        check_fact_date(command.step, on, recorded)
        return self._decided(loaded.state if loaded else None, command, on, at)

    def _decided(
        self, state: CaseState | None, command: Command, on: pendulum.Date, at: datetime
    ) -> tuple[list[ev.CaseEvent], CaseState | None]:
        """What ``command`` records on ``state`` (None: no case yet), dated ``on``, at ``at``,
        and the case's state after it (the decision folds each event as it makes it: the cache
        takes that state, not a second fold)."""
        new: list[ev.CaseEvent] = []
        if state is None:
            opening = open_case(command, self._judge(command.case, None, on, command), at)
            new.append(opening)
            state = evolve(None, opening)
        if not isinstance(command, OpenCase):
            draft = decide_draft(state, command, self._judge(command.case, state, on, command), at)
            new += draft.events
            state = draft.state
        return new, state

    def _rows(
        self, loaded: _Loaded | None, new: Sequence[ev.CaseEvent]
    ) -> tuple[list[ev.CaseEvent], list[StoredEvent]]:
        """The new events chained to the case's head, and the rows to insert with them."""
        head = loaded.head if loaded else ""
        sealed: list[ev.CaseEvent] = []
        rows: list[StoredEvent] = []
        for event in new:
            event, row = sealed_row(event, head, self._key)
            head = event.digest
            sealed.append(event)
            rows.append(self._mapper.protect(row))
        rows += self._index_rows([e for e in sealed if isinstance(e, ev.CaseOpened)])
        return sealed, rows

    # --- the cache -------------------------------------------------------------------------

    def _loaded(self, case_id: UUID, *, fresh: bool) -> _Loaded | None:
        """The case from the cache (as it was: a command on a stale one meets the version
        conflict), or from the store when not cached or ``fresh``."""
        cached = None if fresh else self._cache.get(case_id)
        if cached is not None:
            self._cache.move_to_end(case_id)
            return cached
        if not fresh and self._guessing():
            return None
        return self._read(case_id)

    def _guessing(self) -> bool:
        """Whether a case not in the cache can be taken as not stored (decision 0097): the
        store held no event when this service first wrote, and since then the cache has
        dropped no case and no write has conflicted. A guess another writer proved wrong
        meets the store's version conflict (or, for a refusal, :meth:`_moved_on`), which ends
        the guessing for good; the command is then decided again on the stored case."""
        if self._guess_absent is None:
            self._guess_absent = not self._recorder.max_notification_id()
        return self._guess_absent

    def _stop_guessing(self) -> None:
        self._guess_absent = False
        self._index_versions.clear()

    def _current(self, case_id: UUID) -> _Loaded | None:
        """The case as stored now: the cached one fast-forwarded by what was written since."""
        cached = self._cache.get(case_id)
        if cached is None:
            return self._read(case_id)
        newer = [self._decode(r) for r in self._recorder.select_events(case_id, gt=cached.version)]
        if newer:
            cached = cached.then(newer)
            self._put(cached)
        return cached

    def _read(self, case_id: UUID) -> _Loaded | None:
        start: list[ev.CaseEvent] = []
        if self._snapshot_every and self._app.snapshots is not None:
            found = list(self._app.snapshots.get(case_id, desc=True, limit=1))
            if found:
                start = snapshot.events_of(found[0])  # type: ignore[arg-type]
        gt = start[-1].originator_version if start else None
        events = [*start, *(self._decode(r) for r in self._recorder.select_events(case_id, gt=gt))]
        if not events:
            return None
        loaded = _Loaded.of(events, keep=self._cache_events)
        self._put(loaded)
        return loaded

    def _remember(
        self, loaded: _Loaded | None, sealed: Sequence[ev.CaseEvent], state: CaseState | None
    ) -> CaseState:
        """Cache the case as written (``state``: the decision's fold of ``sealed``); take a
        snapshot when it crossed the interval. The case's state after ``sealed``."""
        before = loaded.version if loaded else 0
        if loaded is None:
            after = _Loaded.of(sealed, keep=self._cache_events, state=state)
        else:
            after = loaded.then(sealed, state)
        self._put(after)
        every = self._snapshot_every
        if every and self._app.snapshots is not None and after.version // every > before // every:
            # Snapshots live in their own table, written after the events: a lost snapshot
            # only costs a longer read.
            history = after.events or self.history(after.state.key)
            self._app.snapshots.put([snapshot.take(history)])
        return after.state

    def _put(self, loaded: _Loaded) -> None:
        if self._cache_size <= 0:
            return
        case_id = loaded.state.key.case_id
        self._cache[case_id] = loaded
        self._cache.move_to_end(case_id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
            self._guess_absent = False  # a dropped case is stored, and no longer cached

    def _forget(self, case_id: UUID) -> None:
        self._cache.pop(case_id, None)
        self._stop_guessing()

    def _moved_on(self, loaded: _Loaded | None, command: Command) -> bool:
        """Whether a refusal was decided on a case that is behind the store: a cached case
        another writer has moved on from, or a case taken as not stored that is."""
        if loaded is not None:
            return self._stale(loaded)
        if not self._guess_absent:
            return False
        if self._recorder.select_events(command.case.case_id, limit=1):
            self._stop_guessing()
            return True
        return False

    def _stale(self, loaded: _Loaded) -> bool:
        """Whether another writer has moved the case on since it was cached (a refusal on a
        stale case is decided again on the stored one, like a write conflict)."""
        case_id = loaded.state.key.case_id
        if self._cache.get(case_id) is not loaded:
            return False
        if self._recorder.select_events(case_id, gt=loaded.version, limit=1):
            self._forget(case_id)
            return True
        return False

    def _repeated(self, loaded: _Loaded | None, command: Command) -> Outcome | None:
        """What a command with an id the case already answered had recorded (idempotency)."""
        if loaded is None or command.command_id is None:
            return None
        if command.command_id not in loaded.command_ids:
            return None
        events = loaded.events or self.history(loaded.state.key)
        done = tuple(e for e in events if e.command_id == command.command_id)
        # The id with another command: refused (a field left at its default is compared as
        # the decision makes it, the command decided again where it was recorded).
        same_command(done[-1], command, lambda: self._normalized(events, done, command))
        return Outcome(done[0].originator_id, done[-1].originator_version, done, repeated=True)

    def _normalized(
        self, events: Sequence[ev.CaseEvent], done: Sequence[ev.CaseEvent], command: Command
    ) -> dict[str, object] | None:
        """The payload ``command`` would have recorded in the place of ``done`` (the events its
        id recorded): decided again on the case as it stood before them, on their date and at
        their time. None when it would not have been accepted there."""
        first, recorded = done[0], done[-1]
        before = [e for e in events if e.originator_version < first.originator_version]
        try:
            new, _ = self._decided(
                fold(before) if before else None, command, recorded.on, recorded.timestamp
            )
        except GradingError:
            return None
        answers = [e for e in new if ANSWERS.get(type(e)) is type(command)]
        return command_arguments(answers[-1]) if answers else None

    def _changes(self, loaded: _Loaded | None, before: int | None) -> list[str]:
        if loaded is None:
            return []
        events = loaded.events or self.history(loaded.state.key)
        return [f"v{e.originator_version} {e.name}" for e in events[before or 0 :]]

    def _decode(self, row: StoredEvent) -> ev.CaseEvent:
        return self._mapper.to_domain_event(row)  # type: ignore[no-any-return]

    # --- the enterprise index ----------------------------------------------------------------

    def _index_rows(self, opened: Sequence[ev.CaseOpened]) -> list[StoredEvent]:
        """The index entries of newly opened cases (and, once per old store, of all cases)."""
        if not opened:
            return []
        entries: list[tuple[USCC, str]] = []
        marker: list[Any] = []
        if not self._index_complete:
            if not self._recorder.select_events(INDEX_MARKER, limit=1):
                entries += [(k.uscc, k.specialty) for k in self._scan_keys()]
                marker.append(
                    IndexComplete(
                        originator_id=INDEX_MARKER,
                        originator_version=1,
                        timestamp=self.clock.now(),
                    )
                )
            self._index_complete = True
        entries += [(e.key.uscc, e.key.specialty) for e in opened]
        # The index streams' versions as this service last wrote them: a stale one (another
        # process indexed a case of the same enterprise) fails the insert, which clears them.
        versions = self._index_versions
        if len(versions) > CACHE_SIZE * 100:
            self._stop_guessing()  # forgotten versions are read again from now on
        for uscc, specialty in entries:
            stream = index_id(uscc)
            if stream not in versions:
                if self._guessing():  # a stream this service has not written: none stored
                    versions[stream] = 0
                else:
                    last = self._recorder.select_events(stream, desc=True, limit=1)
                    versions[stream] = last[0].originator_version if last else 0
            versions[stream] += 1
            marker.append(
                CaseIndexed(
                    originator_id=stream,
                    originator_version=versions[stream],
                    timestamp=self.clock.now(),
                    specialty=specialty,
                )
            )
        return [self._mapper.to_stored_event(m) for m in marker]

    def _scan_keys(self) -> list[CaseKey]:
        keys = []
        for case_id in self.case_ids():
            first = self._first(case_id)
            if isinstance(first, ev.CaseOpened):
                keys.append(first.key)
        return keys

    def _first(self, case_id: UUID) -> Any:
        rows = self._recorder.select_events(case_id, limit=1)
        if not rows:
            return None
        try:
            return self._mapper.to_domain_event(rows[0])
        except Exception:  # an unreadable first row: verify names it
            return None

    # --- policy and calendar ---------------------------------------------------------------

    def _judge(
        self, key: CaseKey, state: CaseState | None, on: pendulum.Date, command: Any = None
    ) -> Judge:
        """The judge of a command on ``on``: the governing policy (decision 0010) and the
        service's calendar."""
        level = selection_level(command) if isinstance(command, Command) else command
        return Judge(governing_policy(self.policies, key, state, on, level), self.calendar, on)

    def judge_for(self, key: CaseKey, on: pendulum.Date, level: Level | None = None) -> Judge:
        """The judge (policy and calendar) for a case on a date, as commands would use it."""
        try:
            state: CaseState | None = self.state(key)
        except CaseNotFound:
            state = None
        return self._judge(key, state, on, Level(level) if level is not None else None)

    def judge_of(self, state: CaseState, on: pendulum.Date) -> Judge:
        """The judge the per-case view uses for ``state`` on ``on`` (read models call it)."""
        return self._judge(state.key, state, on, None)

    # --- queries ---------------------------------------------------------------------------

    def history(self, key: CaseKey | UUID) -> list[ev.CaseEvent]:
        """Every event of the case, read from the store (never from a snapshot or the cache)."""
        case_id = key.case_id if isinstance(key, CaseKey) else key
        found = [self._decode(r) for r in self._recorder.select_events(case_id)]
        if not found:
            raise CaseNotFound(msg("no grading case {case}", case=key), facts={"case": str(key)})
        return found

    def exists(self, key: CaseKey | UUID) -> bool:
        """Whether the store holds a case of this key or id."""
        case_id = key.case_id if isinstance(key, CaseKey) else key
        return bool(self._recorder.select_events(case_id, limit=1))

    def version(self, key: CaseKey | UUID) -> int:
        """The case's stored version (how many events it has; 0 when there is no case): an
        ETag for adapters, read from the store."""
        case_id = key.case_id if isinstance(key, CaseKey) else key
        rows = self._recorder.select_events(case_id, desc=True, limit=1)
        return rows[0].originator_version if rows else 0

    def state(
        self,
        key: CaseKey | UUID,
        *,
        as_of: pendulum.Date | None = None,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> CaseState:
        """The case's state: as of a business date, as known at a recorded time, at a version,
        or any combination (bitemporal). The current state comes from the cache,
        fast-forwarded to what is stored."""
        case_id = key.case_id if isinstance(key, CaseKey) else key
        loaded = self._current(case_id)
        if loaded is None:
            raise CaseNotFound(msg("no grading case {case}", case=key), facts={"case": str(key)})
        if as_of is None and known_at is None and version is None:
            return loaded.state
        events: Iterable[ev.CaseEvent] = loaded.events or self.history(case_id)
        if version is not None:
            events = [e for e in events if e.originator_version <= version]
        if known_at is not None:
            events = [e for e in events if e.timestamp <= known_at]
        if as_of is not None:
            events = [e for e in events if e.on <= as_of]
        events = list(events)
        if not events or not isinstance(events[0], ev.CaseOpened):
            raise CaseNotFound(
                msg("no grading case {case} at that time", case=key), facts={"case": str(key)}
            )
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
        return view(self._judge(state.key, state, on), state, on)

    def eligibility(self, key: CaseKey, level: Level | int, on: pendulum.Date) -> Eligibility:
        """Whether an application for ``level`` on ``on`` would be accepted: every unmet rule
        with its citation. A case with no history is judged on an empty record."""
        try:
            state = self.state(key, as_of=on)
        except CaseNotFound:
            state = empty_state(key)
        judge = self._judge(key, None, on, Level(level))
        return eligibility(judge, state, Level(level), on)

    def case_ids(self) -> Iterator[UUID]:
        """The ids of every case in the store, in the order they were opened."""
        topic = get_topic(ev.CaseOpened)
        for notification in self._recorder.select_notifications(
            start=None, limit=2**62, topics=[topic]
        ):
            yield notification.originator_id

    def cases_of(self, uscc: USCC | str) -> list[CaseKey]:
        """The keys of every case of an enterprise, from the enterprise index (one keyed read;
        a store written before the index is scanned instead)."""
        uscc = USCC(str(uscc))
        if not self._index_complete and not self._recorder.select_events(INDEX_MARKER, limit=1):
            return [k for k in self._scan_keys() if k.uscc == uscc]
        self._index_complete = True
        rows = self._recorder.select_events(index_id(uscc))
        return [CaseKey(uscc, self._mapper.to_domain_event(r).specialty) for r in rows]

    def key_of(self, case_id: UUID) -> CaseKey | None:
        """The key of a case from its first event (None when that row no longer reads)."""
        first = self._first(case_id)
        return first.key if isinstance(first, ev.CaseOpened) else None

    def notifications(
        self,
        start: int | None = None,
        limit: int = 1000,
        *,
        stop: int | None = None,
        topics: Sequence[str] = (),
    ) -> list[tuple[int, Any]]:
        """Rows of the store's notification log from position ``start`` (through ``stop``),
        decoded, each with its position; only of ``topics`` when given (read models catch up
        with this; case events and index entries alike unless they choose)."""
        rows = self._recorder.select_notifications(
            start=start, limit=limit, stop=stop, topics=topics
        )
        return [(r.id, self._mapper.to_domain_event(r)) for r in rows]

    def log_head(self) -> int:
        """The id of the log's last notification (0 for an empty store)."""
        return int(self._recorder.max_notification_id() or 0)

    @property
    def datastore(self) -> Any:
        """eventsourcing's datastore of the store (SQLite or PostgreSQL; None in memory): read
        models keep their tables beside the events, in the same transactions' database."""
        return getattr(self._recorder, "datastore", None)

    # --- integrity -------------------------------------------------------------------------

    def verify(self, key: CaseKey | UUID, *, allow_unkeyed: bool = False) -> list[ChainBreak]:
        """Check a case's stored rows: versions contiguous from 1, each row a case event of
        gradingcore's own (its topic resolved without importing anything), its bytes the
        canonical bytes of its content, its digest over that content (keyed digests with the
        service's keys), and chained to the previous one. Empty when the history verifies.

        With keys every event must be keyed, unless ``allow_unkeyed`` (a store begun before
        keys were configured); without keys, keyed events cannot be checked: one finding says
        how many were not (decision 0079)."""
        case_id = key.case_id if isinstance(key, CaseKey) else key
        rows = self._recorder.select_events(case_id)
        if not rows:
            raise CaseNotFound(msg("no grading case {case}", case=key), facts={"case": str(key)})
        return verify_rows(
            case_id,
            rows,
            self._mapper.plain,
            case_event_class,
            self.keys,
            allow_unkeyed=allow_unkeyed,
        )


def verify_rows(
    case_id: UUID,
    rows: Sequence[StoredEvent],
    plain: Callable[[StoredEvent], bytes],
    event_class: Callable[[str], type | None],
    keys: KeyRing | None = None,
    *,
    allow_unkeyed: bool = False,
) -> list[ChainBreak]:
    """What is wrong with one aggregate's stored rows (a grading case's, a campaign record's,
    ``case_id`` its id): versions contiguous from 1, each row's topic one of ``event_class``'s
    (resolved without importing anything), its bytes (``plain``: decrypted, decompressed) the
    canonical bytes of its content, its digest over that content (keyed ones with ``keys``),
    and chained to the previous row. Empty when they verify."""
    breaks: list[ChainBreak] = []
    unchecked: list[int] = []
    previous = ""
    expected = 1
    for row in rows:
        if row.originator_version != expected:
            last = row.originator_version - 1
            gap = versions(expected, last)
            breaks.append(chain_break(case_id, expected, msg("{gap} missing (deleted)", gap=gap)))
        expected = row.originator_version + 1
        cls = event_class(row.topic)
        if cls is None:
            problem = msg(
                "unknown event type {topic} (not one of gradingcore's events)",
                topic=repr(row.topic),
            )
            breaks.append(chain_break(case_id, row.originator_version, problem))
            previous = ""
            continue
        try:
            raw = plain(row)
            state = chain.parse(raw)
            full = {
                **state,
                "originator_id": str(case_id),
                "originator_version": row.originator_version,
            }
            from_state(cls, dict(full))
        except Exception as error:  # a row that no longer reads is itself a finding
            unreadable = msg("unreadable: {error}", error=str(error))
            breaks.append(chain_break(case_id, row.originator_version, unreadable))
            previous = ""
            continue
        if chain.stored_bytes(state) != raw:
            problem = msg("stored bytes are not the canonical bytes (re-serialized or edited)")
            breaks.append(chain_break(case_id, row.originator_version, problem))
        for problem in chain.verify_link(
            row.topic, full, previous, keys, allow_unkeyed=allow_unkeyed
        ):
            if problem.id.startswith(chain.UNCHECKED):
                unchecked.append(row.originator_version)
            else:
                breaks.append(chain_break(case_id, row.originator_version, problem))
        previous = state.get("digest", "")
    if unchecked:
        problem = msg_plural(
            "{n} event with keyed digests not checked: no chain key given ({variable} or "
            "{file_variable}); without it the chain cannot be shown intact",
            "{n} events with keyed digests not checked: no chain key given ({variable} or "
            "{file_variable}); without it the chain cannot be shown intact",
            len(unchecked),
            variable=KEY_VARIABLE,
            file_variable=KEY_FILE_VARIABLE,
        )
        breaks.append(chain_break(case_id, unchecked[0], problem))
        breaks.sort(key=lambda b: b.version)
    return breaks


# Every failure of the store underneath is raised as a typed StoreError naming it (redacted).
for _method in (
    *("execute", "execute_many", "write_history", "history", "state", "view", "eligibility"),
    *("case_ids", "cases_of", "key_of", "exists", "version", "notifications", "verify"),
    "judge_for",
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


__all__ = ["CACHE_SIZE", "ChainBreak", "GradingService", "Outcome", "store_env", "verify_rows"]
