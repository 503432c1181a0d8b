"""The read models of one store: catch-up, status, rebuild, and the queries.

One reader follows the event log (``select_notifications`` in pages, decoded once by the
service's mapper) and hands each event to every view that has not applied it yet; each view
commits its rows with its position every ``checkpoint`` events and at the end. A view process
that dies loses only its uncommitted batch, and the next catch-up starts after the position its
tables were committed with.
"""

from __future__ import annotations

import bisect
import gc
import logging
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from threading import Event
from typing import Any

import attrs
import pendulum
from eventsourcing.utils import get_topic

from gradingcore.errors import InvalidInput
from gradingcore.events import EVENT_TYPES
from gradingcore.i18n import Message, msg
from gradingcore.policy import Level
from gradingcore.readmodels._base import View, region_pattern
from gradingcore.readmodels._cases import CasesView
from gradingcore.readmodels._lists import ListsView
from gradingcore.readmodels._monthly import MonthlyView
from gradingcore.readmodels._publication import ListEntry, announced, publicity, revoked
from gradingcore.readmodels._registry import BoardItem, RegistryEntry, board, registry
from gradingcore.readmodels._reports import MonthlyForm, RankedTownship, monthly_form
from gradingcore.readmodels._reports import quarterly_ranking as _ranking
from gradingcore.readmodels._storage import FollowerLock, view_store
from gradingcore.readmodels._targets import Target, TargetProgress, default_targets, progress
from gradingcore.service import GradingService
from gradingcore.state import CaseState
from gradingcore.values import Role
from gradingcore.views import Status

VIEW_CLASSES: tuple[type[View], ...] = (CasesView, ListsView, MonthlyView)
#: The views follow the cases' events only (the log also holds the enterprise index).
CASE_TOPICS: tuple[str, ...] = tuple(get_topic(cls) for cls in EVENT_TYPES)
#: Events read from the log at once.
PAGE = 2_000
#: Events a view applies between commits, by default.
CHECKPOINT = 500_000

#: Called with (events applied so far, events to apply) while catching up.
Progress = Callable[[int, int], None]
#: How often a follower waiting for the store's follower lock tries again (s).
FOLLOWER_WAIT = 2.0


def _waiting() -> Message:
    """What a follower says when another one keeps the views (once, then it waits)."""
    return msg(
        "another process keeps this store's read models: this follower waits and applies "
        "nothing until that one stops"
    )


def _took_over() -> Message:
    return msg("the other follower stopped: this process keeps the store's read models now")


log = logging.getLogger("gradingcore.readmodels")


@attrs.frozen
class ViewStatus:
    name: str
    position: int  # notification id of the last event applied
    head: int  # the log's last notification id

    @property
    def behind(self) -> int:
        return self.head - self.position


def _follow(view: View, page: list[tuple[int, Any]], position: int, checkpoint: int) -> None:
    """Hand ``view`` the events of ``page`` past ``position``, committing every ``checkpoint``
    events read: a page at a time, so that each view runs its own loop over the events."""
    if not page or page[-1][0] <= position:
        return
    if page[0][0] <= position:  # this view had gone further than the others
        page = page[bisect.bisect_right(page, position, key=itemgetter(0)) :]
    while page:
        room = max(checkpoint - view.pending, 1)
        if room >= len(page):
            view.process_page(page)
            page = []
        else:
            view.process_page(page[:room])
            page = page[room:]
        if view.pending >= checkpoint:
            view.commit()


class ReadModels:
    """The views of ``service``'s store, in the same database (a SQLite file or PostgreSQL)."""

    def __init__(self, service: GradingService) -> None:
        self.service = service
        ddl = [s for cls in VIEW_CLASSES for s in cls.ddl]
        self.store = view_store(service.datastore, ddl)
        self.views: dict[str, View] = {cls.name: cls(self.store) for cls in VIEW_CLASSES}

    # --- machinery -------------------------------------------------------------------------

    def _named(self, names: Iterable[str] | None) -> list[View]:
        if names is None:
            return list(self.views.values())
        unknown = [n for n in names if n not in self.views]
        if unknown:
            known = ", ".join(self.views)
            raise InvalidInput(
                f"no view {', '.join(unknown)} (views: {known})", facts={"field": "view"}
            )
        return [self.views[n] for n in names]

    def head(self) -> int:
        return self.service.log_head()

    def status(self) -> list[ViewStatus]:
        head = self.head()
        return [ViewStatus(v.name, v.position(), head) for v in self.views.values()]

    def catch_up(
        self,
        views: Sequence[str] | None = None,
        *,
        progress: Progress | None = None,
        checkpoint: int = CHECKPOINT,
        stop: Event | None = None,
        until: int | None = None,
    ) -> int:
        """Apply every event the views have not applied (up to notification id ``until``);
        return how many events were read."""
        # The views keep every case's state between commits: with the cyclic collector on, each
        # of its full passes walks them all, and a province's catch-up slows as it grows. The
        # states and events hold no cycles (refcounting frees them), so it is off meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._catch_up(views, progress, checkpoint, stop, until)
        finally:
            if collecting:
                gc.enable()

    def _catch_up(
        self,
        views: Sequence[str] | None,
        progress: Progress | None,
        checkpoint: int,
        stop: Event | None,
        until: int | None,
    ) -> int:
        chosen = self._named(views)
        positions = {v.name: v.position() for v in chosen}
        start = origin = min(positions.values(), default=0)
        head = self.head() if until is None else min(until, self.head())
        total, read = max(head - start, 0), 0
        while start < head and not (stop and stop.is_set()):
            page = self.service.notifications(start + 1, PAGE, stop=head, topics=CASE_TOPICS)
            for v in chosen:
                _follow(v, page, positions[v.name], checkpoint)
            read += len(page)
            # A short page is the end: what lies between is not a case's (the enterprise
            # index), and the views have seen it too.
            start = page[-1][0] if len(page) == PAGE else head
            if progress:
                progress(start - origin, total)
        for v in chosen:
            if start > positions[v.name]:
                v.advance(start)
            v.commit()
        return read

    def follow(
        self,
        *,
        poll: float = 0.5,
        stop: Event | None = None,
        checkpoint: int = CHECKPOINT,
        wait: float = FOLLOWER_WAIT,
    ) -> None:
        """Keep the views caught up, polling the log (SQLite has no notifications), while this
        process holds the store's follower lock; while another follower holds it, wait (trying
        again every ``wait`` seconds) and say so once in the log (decision 0096)."""
        stop = stop or Event()
        lock = FollowerLock(self.store)
        waiting = False
        try:
            while not stop.is_set():
                if not lock.acquire():
                    if not waiting:
                        log.warning(_waiting().render())
                        waiting = True
                    stop.wait(wait)
                    continue
                if waiting:
                    log.warning(_took_over().render())
                    waiting = False
                if not self.catch_up(checkpoint=checkpoint, stop=stop):
                    stop.wait(poll)
        finally:
            lock.release()

    def rebuild(
        self, views: Sequence[str] | None = None, *, progress: Progress | None = None
    ) -> int:
        """Drop the views' tables and positions, then replay the whole log into them."""
        chosen = self._named(views)
        with self.store.transaction(commit=True) as cursor:
            for v in chosen:
                v.drop(cursor)
        self.store.create_table()
        return self.catch_up([v.name for v in chosen], progress=progress)

    # --- queries ---------------------------------------------------------------------------

    def _cases(self) -> CasesView:
        return self.views["cases"]  # type: ignore[return-value]

    def states(
        self, *, region: str | None = None, industry: str | None = None, township: str | None = None
    ) -> list[CaseState]:
        """The stored states of the cases (for queries the views do not answer)."""
        return list(
            self._cases().stored_states(
                region_like=region_pattern(region), industry=industry, township=township
            )
        )

    def registry(
        self,
        on: pendulum.Date,
        *,
        region: str | None = None,
        industry: str | None = None,
        township: str | None = None,
        level: Level | int | None = None,
        status: Status | str | None = None,
        expiring_within: int | None = None,
    ) -> list[RegistryEntry]:
        """The 企业台账 on ``on``: every case with its level, validity and status."""
        return registry(
            self.states(region=region, industry=industry, township=township),
            on,
            level=Level(level) if level is not None else None,
            status=Status(status) if status is not None else None,
            expiring_within=expiring_within,
        )

    def obligations(
        self,
        on: pendulum.Date,
        *,
        role: Role | str | None = None,
        region: str | None = None,
        due_within: int | None = None,
        overdue: bool = False,
    ) -> list[BoardItem]:
        """The deadline board on ``on``: every open obligation across the cases."""
        return board(
            self.states(region=region),
            on,
            self.service.judge_of,
            role=Role(role) if role is not None else None,
            due_within=due_within,
            overdue=overdue,
        )

    def publicity(
        self, on: pendulum.Date, *, authority: str | None = None, region: str | None = None
    ) -> list[ListEntry]:
        return publicity(self.views["lists"], on, authority=authority, region=region)

    def announced(
        self,
        start: pendulum.Date,
        end: pendulum.Date,
        *,
        authority: str | None = None,
        region: str | None = None,
    ) -> list[ListEntry]:
        return announced(self.views["lists"], start, end, authority=authority, region=region)

    def revoked(
        self,
        start: pendulum.Date,
        end: pendulum.Date,
        *,
        authority: str | None = None,
        region: str | None = None,
    ) -> list[ListEntry]:
        return revoked(self.views["lists"], start, end, authority=authority, region=region)

    def monthly_form(
        self, year: int, month: int, *, township: str | None = None, region: str | None = None
    ) -> MonthlyForm:
        return monthly_form(self.views["monthly"], year, month, township=township, region=region)

    def quarterly_ranking(self, year: int, quarter: int, region: str) -> list[RankedTownship]:
        return _ranking(self.views["monthly"], year, quarter, region)

    def targets(
        self, on: pendulum.Date, targets: Sequence[Target] | None = None
    ) -> list[TargetProgress]:
        found = []
        for target in targets if targets is not None else default_targets():
            found.append(progress(target, self.states(region=target.region), on))
        return found
