"""Where cases are kept (存储): naming a store safely, opening it, and typed errors for a store
that cannot be used.

A store is a SQLite file path, ``"memory"`` or a ``postgresql://`` URL. Whatever goes wrong
underneath (sqlite3, psycopg, eventsourcing's persistence errors) reaches a caller as one of
:class:`~gradingcore.errors.StoreError`'s subclasses, named by :func:`redact` so that no
password is ever shown (docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from eventsourcing.persistence import (
    IntegrityError,
    MapperDeserialisationError,
    PersistenceError,
)

from gradingcore.cipher import KEY_VARIABLE, cipher_env, configured_key
from gradingcore.errors import (
    GradingError,
    InvalidInput,
    StoreError,
    StoreKeyError,
    StoreLocked,
    StoreReadOnly,
    StoreUnavailable,
    StoreUnreadable,
)
from gradingcore.i18n import msg

#: Seconds a writer waits for another process's lock before :class:`StoreLocked` (SQLite), and
#: seconds to wait for a PostgreSQL connection before :class:`StoreUnavailable`.
LOCK_TIMEOUT = 5
CONNECT_TIMEOUT = 5

T = TypeVar("T")


def is_url(store: str | os.PathLike[str] | None) -> bool:
    return str(store or "").startswith(("postgresql://", "postgres://"))


def redact(store: str | os.PathLike[str] | None) -> str:
    """The store as it may be shown: a URL's password replaced by ``***``."""
    text = "memory" if store is None else str(store)
    if "://" not in text:
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _password(store: str | os.PathLike[str] | None) -> str:
    text = str(store or "")
    if "://" not in text:
        return ""
    return unquote(urlsplit(text).password or "")


def store_env(store: str | os.PathLike[str] | None) -> dict[str, str]:
    """eventsourcing's settings for a store given as a path, ``"memory"`` or a URL."""
    if store is None or str(store) in ("memory", ":memory:"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    # Encryption at rest when the environment names a key (gradingcore.cipher).
    return {**_store_env(str(store)), **cipher_env(configured_key())}


def _store_env(text: str) -> dict[str, str]:
    if is_url(text):
        url = urlsplit(text)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            # Seconds to wait for a connection (eventsourcing's default is 30).
            "POSTGRES_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        }
    path = Path(text)
    if path.is_dir():
        raise StoreUnavailable(
            msg(
                "store {store} is a directory: give a SQLite file (it is created if missing)",
                store=repr(text),
            ),
            store=text,
        )
    if path.parent and not path.parent.exists():
        raise InvalidInput(msg("the directory of store {store} does not exist", store=repr(text)))
    return {
        "PERSISTENCE_MODULE": "gradingcore.sqlite_store:Factory",  # WAL, synchronous chosen
        "SQLITE_DBNAME": str(path),
        "SQLITE_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
    }


def translate(error: BaseException, store: str | os.PathLike[str] | None) -> StoreError | None:
    """The typed error for a persistence failure, or None when ``error`` is not one.

    eventsourcing's :class:`IntegrityError` is not translated: it means another writer saved
    first, which the service handles (decides again)."""
    if isinstance(error, StoreError):
        return error
    name = redact(store)
    if isinstance(error, MapperDeserialisationError):
        return StoreKeyError(
            msg(
                "store {store}: its events cannot be decrypted or read: a wrong cipher key, an "
                "encrypted store read without its key ({variable}), or a damaged row ({kind})",
                store=name,
                variable=KEY_VARIABLE,
                kind=type(error.__cause__ or error).__name__,
            ),
            store=name,
        )
    if isinstance(error, IntegrityError) or not _is_persistence(error):
        return None
    reason = str(error).strip() or type(error).__name__
    secret = _password(store)
    if secret:
        reason = reason.replace(secret, "***")
    low = reason.lower()
    if "locked" in low:
        return StoreLocked(
            msg(
                "store {store} is locked: another process held it for more than {timeout} s; "
                "try again when it is done ({reason})",
                store=name,
                timeout=LOCK_TIMEOUT,
                reason=reason,
            ),
            store=name,
            facts={"timeout_s": LOCK_TIMEOUT, "reason": reason},
        )
    if "readonly" in low or "read-only" in low or "read only" in low:
        return StoreReadOnly(
            msg(
                "store {store} is read-only: it can be read but not written ({reason})",
                store=name,
                reason=reason,
            ),
            store=name,
            facts={"reason": reason},
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low or "no such" in low:
        return StoreUnreadable(
            msg(
                "store {store} is not a readable gradingcore store: a damaged or truncated "
                "file, or not a SQLite database ({reason})",
                store=name,
                reason=reason,
            ),
            store=name,
            facts={"reason": reason},
        )
    return StoreUnavailable(
        msg("store {store} could not be used: {reason}", store=name, reason=reason),
        store=name,
        facts={"reason": reason},
    )


def _is_persistence(error: BaseException) -> bool:
    if isinstance(error, PersistenceError | sqlite3.Error):
        return True
    with contextlib.suppress(ImportError):
        import psycopg
        import psycopg_pool

        if isinstance(error, psycopg.Error | psycopg_pool.PoolTimeout):
            return True
    return False


@contextlib.contextmanager
def store_errors(store: str | os.PathLike[str] | None) -> Iterator[None]:
    """Raise persistence failures inside the block as typed :class:`StoreError`."""
    try:
        yield
    except GradingError:
        raise
    except Exception as error:
        typed = translate(error, store)
        if typed is None:
            raise
        raise typed from error


#: Messages of PostgreSQL when two processes create the same tables at once (eventsourcing's
#: CREATE TABLE IF NOT EXISTS is not atomic in the catalog): opening again succeeds.
_SCHEMA_RACES = ("concurrently updated", "pg_type_typname_nsp_index", "already exists")
_OPEN_ATTEMPTS = 5


def opened(open_store: Callable[[], T], store: str | os.PathLike[str] | None) -> T:
    """``open_store()`` with typed errors, tried again when it lost a race to create the
    store's tables with another process or thread opening the same new store."""
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            with store_errors(store):
                return open_store()
        except (StoreError, IntegrityError) as error:
            # IntegrityError while opening is never a write conflict: a catalog race, or else
            # a store that cannot be used.
            cause = f"{error} {error.__cause__ or ''}"
            if attempt + 1 < _OPEN_ATTEMPTS and any(r in cause for r in _SCHEMA_RACES):
                time.sleep(0.05 * (attempt + 1))
                continue
            if isinstance(error, StoreError):
                raise
            raise StoreUnavailable(
                msg(
                    "store {store} could not be opened: {reason}",
                    store=redact(store),
                    reason=str(error),
                ),
                store=redact(store),
                facts={"reason": str(error)},
            ) from error
    raise AssertionError("unreachable")  # pragma: no cover


def guard(method: Callable[..., T]) -> Callable[..., T]:
    """``method`` of an object with a ``_store`` attribute (the store as given), raising
    typed store errors (generators too: their failures happen while they are iterated)."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(self: Any, *args: Any, **kwargs: Any) -> Any:
            with store_errors(getattr(self, "_store", None)):
                yield from method(self, *args, **kwargs)

        return generator

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
        with store_errors(getattr(self, "_store", None)):
            return method(self, *args, **kwargs)

    return wrapper


__all__ = [
    "CONNECT_TIMEOUT",
    "LOCK_TIMEOUT",
    "guard",
    "is_url",
    "opened",
    "redact",
    "store_env",
    "store_errors",
    "translate",
]
