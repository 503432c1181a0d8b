"""Where the views live: tables beside the events, in the same SQLite file or PostgreSQL database.

Each backend is one of eventsourcing's own tracking recorders (``SQLiteTrackingRecorder``,
``PostgresTrackingRecorder``) on the event store's own datastore, so a view's rows and the
position of the last event it applied are written in ONE transaction of the same database.

One follower per store (decision 0096). eventsourcing's single-row tracking only refuses a
position that does not move forward, so two processes that started from one position could both
commit their batches, the second applying events the first had applied. A view's position is
therefore written by compare-and-set: inside the batch's own write transaction, the stored
position must still be the one this process last read or wrote, or the batch is refused
(:class:`ViewPositionConflict`) and rolled back with its rows. And the follower takes a lock
held in the database itself (:class:`FollowerLock`), so that a second follower waits instead of
racing: a session-level advisory lock on PostgreSQL, a lease row on SQLite.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.persistence import IntegrityError, PersistenceError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from gradingcore.errors import ConflictError, InvalidInput
from gradingcore.i18n import msg

#: PostgreSQL's tracking table for the views (SQLite's is eventsourcing's fixed ``tracking``).
PG_TRACKING_TABLE = "gradingcore_view_tracking"
#: SQLite's follower lease: one row, who holds it and until when (seconds since the epoch).
SQLITE_LEASE_TABLE = "gradingcore_view_follower"
#: How often opening the views tries to create their tables when another process does too.
CREATE_TRIES = 5
#: How long a SQLite follower's lease lasts unless renewed (it renews at every poll).
LEASE_SECONDS = 30.0


class ViewPositionConflict(ConflictError):
    """A view's batch would not move its position forward from the one this process read:
    another process moved it meanwhile, or the batch applies events again. The batch is
    refused and rolled back with its rows; open the read models again to go on
    (``ReadModels(service)``: their caches read the tables anew)."""


def _moved(name: str, expected: int | None, found: Any, position: int) -> ViewPositionConflict:
    return ViewPositionConflict(
        msg(
            "the view {view} is at position {found}, this process read {expected}: its batch "
            "up to {position} would apply events twice, so it is rolled back; open the read "
            "models again to go on",
            view=name,
            found=found if found is not None else 0,
            expected=expected or 0,
            position=position,
        ),
        facts={
            "view": name,
            "expected_position": expected or 0,
            "found_position": found,
            "batch_position": position,
        },
    )


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...
    @property
    def rowcount(self) -> int: ...


class _SQLiteCursor:
    """A DB-API cursor with ``?`` parameters, as the views write them."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.raw.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.raw.executemany(sql, rows)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.raw.fetchall()]

    @property
    def rowcount(self) -> int:
        """Rows the last statement changed."""
        return int(getattr(self.raw, "sqlite_cursor", self.raw).rowcount)


class _PostgresCursor(_SQLiteCursor):
    """psycopg takes ``%s`` and returns dict rows: the views' SQL is translated here."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.raw.execute(sql.replace("?", "%s"), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.raw.executemany(sql.replace("?", "%s"), rows)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in self.raw.fetchall()]


class SQLiteViewStore(SQLiteTrackingRecorder):
    """The views' tables in the event store's SQLite file."""

    dialect = "sqlite"

    def __init__(self, datastore: SQLiteDatastore, ddl: Sequence[str]) -> None:
        self._ddl = list(ddl)
        #: Each view's position as this process last read or wrote it (None: no row).
        self.seen: dict[str, int | None] = {}
        super().__init__(datastore)

    def construct_create_table_statements(self) -> list[str]:
        lease = (
            f"CREATE TABLE IF NOT EXISTS {SQLITE_LEASE_TABLE} (id INTEGER PRIMARY KEY "
            "CHECK (id = 1), holder TEXT NOT NULL, until REAL NOT NULL)"
        )
        return [*super().construct_create_table_statements(), *self._ddl, lease]

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[_SQLiteCursor]:
        try:
            with self.datastore.transaction(commit=commit) as c:
                yield _SQLiteCursor(c)
        except IntegrityError as error:
            raise _why(self, error) from error

    table = "tracking"

    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        _track(self, cursor, tracking)

    def position(self, name: str) -> int | None:
        found = self.max_tracking_id(name)
        position = int(found) if found is not None else None
        self.seen.setdefault(name, position)
        return position

    def forget(self, cursor: Cursor, name: str) -> None:
        cursor.execute("DELETE FROM tracking WHERE application_name = ?", (name,))
        self.seen.pop(name, None)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction(commit=False) as c:
            c.execute(sql, params)
            return c.fetchall()


class PostgresViewStore(PostgresTrackingRecorder):
    """The views' tables in the event store's PostgreSQL database (its schema)."""

    dialect = "postgres"

    def __init__(self, datastore: PostgresDatastore, ddl: Sequence[str]) -> None:
        super().__init__(datastore, tracking_table_name=PG_TRACKING_TABLE)
        self._ddl = [d.replace(" BLOB", " BYTEA") for d in ddl]
        self.seen: dict[str, int | None] = {}

    @property
    def table(self) -> str:
        return f'"{self.datastore.schema}"."{PG_TRACKING_TABLE}"'

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            for statement in self._ddl:
                c.execute(statement)

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[_PostgresCursor]:
        try:
            with self.datastore.transaction(commit=commit) as c:
                yield _PostgresCursor(c)
        except IntegrityError as error:
            raise _why(self, error) from error

    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        _track(self, cursor, tracking)

    def position(self, name: str) -> int | None:
        found = self.max_tracking_id(name)
        position = int(found) if found is not None else None
        self.seen.setdefault(name, position)
        return position

    def forget(self, cursor: Cursor, name: str) -> None:
        cursor.execute(f"DELETE FROM {self.table} WHERE application_name = ?", (name,))
        self.seen.pop(name, None)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction(commit=False) as c:
            c.execute(sql, params)
            return c.fetchall()


#: The views' store: on SQLite or on PostgreSQL, with the same methods.
ViewStore = SQLiteViewStore | PostgresViewStore


def _why(store: ViewStore, error: IntegrityError) -> Exception:
    """A batch whose rows the views' own unique keys refused: when a view's position moved
    since this process read it, the batch applied events another process had applied first
    (:class:`ViewPositionConflict`); else the error itself (a bug, not a race)."""
    for name, expected in list(store.seen.items()):
        found = store.max_tracking_id(name)
        if found != expected:
            return _moved(name, expected, found, found or 0)
    return error


def _track(store: ViewStore, cursor: Cursor, tracking: Tracking) -> None:
    """Write a view's new position by compare-and-set, in the batch's transaction: the row
    must still hold the position this process last saw, and the new one lie past it (one
    statement, atomic in both databases: SQLite holds the write lock, PostgreSQL the row's
    lock, and re-checks the WHERE after another writer's commit)."""
    name, position = tracking.application_name, tracking.notification_id
    if name not in store.seen:  # never read here (a caller outside the runner): forward only
        store._insert_tracking(cursor.raw, tracking)  # type: ignore[attr-defined]
        store.seen[name] = position
        return
    expected = store.seen[name]
    if expected is None:
        cursor.execute(
            f"INSERT INTO {store.table} (application_name, notification_id) VALUES (?, ?) "
            "ON CONFLICT (application_name) DO NOTHING",
            (name, position),
        )
    else:
        cursor.execute(
            f"UPDATE {store.table} SET notification_id = ? "
            "WHERE application_name = ? AND notification_id = ? AND notification_id < ?",
            (position, name, expected, position),
        )
    if cursor.rowcount != 1:
        cursor.execute(
            f"SELECT notification_id FROM {store.table} WHERE application_name = ?", (name,)
        )
        rows = cursor.fetchall()
        # What this process saw stays: every later batch of these views is refused too, until
        # the read models are opened again (their caches then read the tables anew).
        raise _moved(name, expected, rows[0][0] if rows else None, position)
    store.seen[name] = position


class FollowerLock:
    """The right to follow a store's log and write its views, held in the database: one
    follower per store, a second one waits (decision 0096).

    PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection of
    its own, released when the session ends, however the process ends. SQLite: a lease row in
    the store's file, taken when free or expired, renewed by :meth:`acquire` once half of it
    has passed; a process that dies leaves it to expire after :data:`LEASE_SECONDS`."""

    def __init__(self, store: ViewStore) -> None:
        self.store = store
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._connection: Any = None
        self.held = False
        self._until = 0.0

    def _key(self) -> int:
        schema = getattr(self.store.datastore, "schema", "") or "public"
        digest = hashlib.sha256(f"gradingcore.readmodels:{schema}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    def acquire(self) -> bool:
        """Take (or keep) the lock; False while another follower holds it."""
        if isinstance(self.store, PostgresViewStore):
            if self.held:
                return True
            if self._connection is None:
                import psycopg

                datastore = self.store.datastore
                params: dict[str, Any] = dict(datastore.pool.kwargs or {})  # type: ignore[arg-type]
                self._connection = psycopg.connect(autocommit=True, **params)
            row = self._connection.execute(
                "SELECT pg_try_advisory_lock(%s)", (self._key(),)
            ).fetchone()
            self.held = bool(row[0] if not isinstance(row, dict) else next(iter(row.values())))
            return self.held
        now = time.time()
        if self.held and now < self._until - LEASE_SECONDS / 2:
            return True  # renewed recently: no write at every poll
        with self.store.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {SQLITE_LEASE_TABLE} (id, holder, until) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, until = excluded.until "
                f"WHERE {SQLITE_LEASE_TABLE}.holder = excluded.holder "
                f"OR {SQLITE_LEASE_TABLE}.until < ?",
                (self.holder, now + LEASE_SECONDS, now),
            )
            self.held = cursor.rowcount == 1
        self._until = now + LEASE_SECONDS if self.held else 0.0
        return self.held

    def release(self) -> None:
        if isinstance(self.store, PostgresViewStore):
            if self._connection is not None:
                self._connection.close()  # the session ends: the advisory lock goes with it
                self._connection = None
        elif self.held:
            with self.store.transaction(commit=True) as cursor:
                cursor.execute(f"DELETE FROM {SQLITE_LEASE_TABLE} WHERE holder = ?", (self.holder,))
        self.held = False


def view_store(datastore: Any, ddl: Sequence[str]) -> ViewStore:
    """The views' store on the same database as the events (the event store's datastore)."""
    store: ViewStore
    if isinstance(datastore, SQLiteDatastore):
        store = SQLiteViewStore(datastore, ddl)
    elif isinstance(datastore, PostgresDatastore):
        store = PostgresViewStore(datastore, ddl)
    else:
        msg = "read models live beside the events: give a SQLite file or a postgresql:// store"
        raise InvalidInput(msg, facts={"field": "store"})
    for attempt in range(CREATE_TRIES):
        try:
            store.create_table()
            break
        except PersistenceError:
            # Two processes opening new views at once: the other made (or is making) the
            # tables and the tracking's first row; the next try finds them made.
            if attempt == CREATE_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return store
