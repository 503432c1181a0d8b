"""The SQLite store: eventsourcing's, in WAL mode, with its ``synchronous`` level chosen
(decision 0027).

eventsourcing opens SQLite files in WAL mode and leaves ``synchronous`` at SQLite's default,
FULL: every commit is on disk before the command is answered, even across a power loss.
NORMAL, in WAL mode, syncs at checkpoints only: a power loss (not a crash of the program) may
lose the last transactions, never corrupt the file. The service keeps FULL (a decision an
official was told is recorded stays recorded); the province simulator, whose runs are
reproducible and resume where they stopped, uses NORMAL. ``SQLITE_SYNCHRONOUS`` in the
service's settings chooses.

``SQLITE_WAL_AUTOCHECKPOINT`` (pages, SQLite's default 1000) sets how large the WAL grows
before its pages are copied back into the file: the province simulator uses 20000 (about
80 MB), so a page written on many days is copied back once, not once a day (decision 0097).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteDatastore,
    SQLiteFactory,
)
from eventsourcing.utils import Environment

from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg

#: The levels SQLite knows for ``PRAGMA synchronous`` in WAL mode that make sense here.
LEVELS = ("FULL", "NORMAL")

#: The default: every commit durable.
DEFAULT = "FULL"


class _Pool(SQLiteConnectionPool):
    synchronous = DEFAULT
    autocheckpoint: int | None = None  # SQLite's own default

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection.cursor().execute(f"PRAGMA synchronous={self.synchronous}")
        if self.autocheckpoint is not None:
            connection.cursor().execute(f"PRAGMA wal_autocheckpoint={self.autocheckpoint}")
        return connection


class Factory(SQLiteFactory):
    """eventsourcing's SQLite factory with ``SQLITE_SYNCHRONOUS`` (FULL or NORMAL) applied to
    every connection it opens."""

    SQLITE_SYNCHRONOUS = "SQLITE_SYNCHRONOUS"
    SQLITE_WAL_AUTOCHECKPOINT = "SQLITE_WAL_AUTOCHECKPOINT"

    def __init__(self, env: Environment | Any) -> None:
        super().__init__(env)
        level = (self.env.get(self.SQLITE_SYNCHRONOUS) or DEFAULT).strip().upper()
        if level not in LEVELS:
            raise InvalidInput(
                msg(
                    "SQLITE_SYNCHRONOUS must be one of {levels}, not {level}",
                    levels=", ".join(LEVELS),
                    level=repr(level),
                ),
                facts={"SQLITE_SYNCHRONOUS": level},
            )
        pages = (self.env.get(self.SQLITE_WAL_AUTOCHECKPOINT) or "").strip()
        if pages and not (pages.isdigit() and int(pages) > 0):
            raise InvalidInput(
                msg(
                    "SQLITE_WAL_AUTOCHECKPOINT must be a whole number of pages above 0, "
                    "not {pages}",
                    pages=repr(pages),
                ),
                facts={"SQLITE_WAL_AUTOCHECKPOINT": pages, "field": "SQLITE_WAL_AUTOCHECKPOINT"},
            )
        old: SQLiteDatastore = self.datastore
        pool = _Pool(db_name=old.pool.db_name, lock_timeout=old.pool.lock_timeout)
        pool.synchronous = level
        pool.autocheckpoint = int(pages) if pages else None
        old.pool.close()
        old.pool = pool


__all__ = ["DEFAULT", "LEVELS", "Factory"]
