"""A view: an eventsourcing ``Projection`` whose rows are written in batches, each batch in one
transaction with the position of its last event."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

import pendulum
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from gradingcore import events as ev
from gradingcore.readmodels._storage import Cursor, ViewStore


class View(Projection[ViewStore]):
    """Applies events in memory (``process_event``) and writes them (``commit``).

    ``tables`` and ``ddl`` are the view's own: a rebuild drops exactly these and its position.
    """

    tables: ClassVar[tuple[str, ...]] = ()
    ddl: ClassVar[tuple[str, ...]] = ()
    #: The event types the view applies (None: every case event); the reader skips the rest.
    watches: ClassVar[frozenset[type] | None] = None

    def __init__(self, view: ViewStore) -> None:
        super().__init__(view)
        self.pending = 0
        self._last_id: int | None = None
        self.reset()

    @property
    def tracking_name(self) -> str:
        """The key of this view's position in the tracking table."""
        return f"readmodels.{self.name}"

    def position(self) -> int:
        return self.view.position(self.tracking_name) or 0

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """eventsourcing's ``Projection`` protocol: apply, remember the position."""
        self.process(domain_event, tracking.notification_id)

    def process(self, domain_event: Any, notification_id: int) -> None:
        """Apply an event read at ``notification_id`` (written at the next commit)."""
        self.apply(domain_event)
        self._last_id = notification_id
        self.pending += 1

    def process_page(self, page: Sequence[tuple[int, Any]]) -> None:
        """Apply a page of events read in order, every one past this view's position; the
        position moves to the page's last event (those the view does not watch it has seen)."""
        watches, apply = self.watches, self.apply
        for _, event in page:
            if watches is None or type(event) in watches:
                apply(event)
        self._last_id = page[-1][0]
        self.pending += len(page)

    def advance(self, notification_id: int) -> None:
        """The log was read through ``notification_id`` (past this view's position): the
        position moves on with the next commit, whether or not there was anything to apply."""
        self._last_id = max(self._last_id or 0, notification_id)

    def commit(self) -> None:
        """Write what was applied since the last commit, with its position, all or nothing."""
        if self._last_id is None:
            return
        try:
            with self.view.transaction(commit=True) as cursor:
                self.flush(cursor)
                self.view.track(cursor, Tracking(self.tracking_name, self._last_id))
        except BaseException:
            self.reset()  # the cache may be ahead of the tables: read them again
            raise
        finally:
            self._last_id = None
            self.pending = 0

    def drop(self, cursor: Cursor) -> None:
        for table in self.tables:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        self.view.forget(cursor, self.tracking_name)
        self.reset()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.view.query(sql, params)

    @abstractmethod
    def reset(self) -> None:
        """Forget every cached row and buffered write."""

    @abstractmethod
    def apply(self, event: ev.CaseEvent) -> None:
        """Apply one event to the cache and buffer its writes."""

    @abstractmethod
    def flush(self, cursor: Cursor) -> None:
        """Write the buffered rows."""


def iso(day: pendulum.Date | None) -> str | None:
    """Dates are stored as ISO text: they sort and compare as dates in both databases."""
    return day.isoformat() if day is not None else None


def day(text: str | None) -> pendulum.Date | None:
    return pendulum.Date.fromisoformat(text) if text else None


def within(region: str, code: str) -> bool:
    """Whether ``code`` lies in ``region`` (GB/T 2260: ``410000`` a province, ``410100`` a city,
    ``410103`` a district); a 9-digit township code lies in its 6-digit county."""
    stem = region
    while stem.endswith("00") and len(stem) > 2:
        stem = stem[:-2]
    return code.startswith(stem)


def region_pattern(region: str | None) -> str:
    """The SQL LIKE pattern of the codes within ``region`` (every code when None)."""
    if not region:
        return "%"
    stem = region
    while stem.endswith("00") and len(stem) > 2:
        stem = stem[:-2]
    return stem + "%"
