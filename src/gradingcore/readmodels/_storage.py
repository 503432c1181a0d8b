"""Where the views live: tables beside the events, in the same SQLite file or PostgreSQL database.

Each backend is one of eventsourcing's own tracking recorders (``SQLiteTrackingRecorder``,
``PostgresTrackingRecorder``) on the event store's own datastore, so a view's rows and the
position of the last event it applied are written in ONE transaction of the same database. The
single-row tracking statement only moves a position forward: a batch that would apply an event
a second time fails and rolls back with its rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from gradingcore.errors import InvalidInput

#: PostgreSQL's tracking table for the views (SQLite's is eventsourcing's fixed ``tracking``).
PG_TRACKING_TABLE = "gradingcore_view_tracking"


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...


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
        super().__init__(datastore)

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self._ddl]

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[_SQLiteCursor]:
        with self.datastore.transaction(commit=commit) as c:
            yield _SQLiteCursor(c)

    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        self._insert_tracking(cursor.raw, tracking)  # type: ignore[attr-defined]

    def position(self, name: str) -> int | None:
        found = self.max_tracking_id(name)
        return int(found) if found is not None else None

    def forget(self, cursor: Cursor, name: str) -> None:
        cursor.execute("DELETE FROM tracking WHERE application_name = ?", (name,))

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

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            for statement in self._ddl:
                c.execute(statement)

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[_PostgresCursor]:
        with self.datastore.transaction(commit=commit) as c:
            yield _PostgresCursor(c)

    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        self._insert_tracking(cursor.raw, tracking)  # type: ignore[attr-defined]

    def position(self, name: str) -> int | None:
        found = self.max_tracking_id(name)
        return int(found) if found is not None else None

    def forget(self, cursor: Cursor, name: str) -> None:
        table = f'"{self.datastore.schema}"."{PG_TRACKING_TABLE}"'
        cursor.execute(f"DELETE FROM {table} WHERE application_name = ?", (name,))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction(commit=False) as c:
            c.execute(sql, params)
            return c.fetchall()


#: The views' store: on SQLite or on PostgreSQL, with the same methods.
ViewStore = SQLiteViewStore | PostgresViewStore


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
    store.create_table()
    return store
