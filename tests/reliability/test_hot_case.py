"""Independent facts on one hot case all land (docs/reliability.md, "Concurrency"): 8 threads
and 4 processes record penalties on the same case at once, on SQLite and PostgreSQL; every one
is recorded exactly once (0 lost, 0 doubled, none given up) and the chain verifies."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest

from gradingcore import Actor, CaseKey, Enterprise, GradingError, GradingService, ManualClock
from gradingcore import commands as c

THREADS, PROCESSES, EACH = 8, 4, 12
INSPECTOR = Actor("jz-inspector", "supervisor")
DAY = pendulum.date(2024, 5, 10)


def _service(store: str) -> GradingService:
    return GradingService(store, clock=ManualClock("2024-05-10"))


def _penalties(store: str, key: CaseKey, writer: str) -> list[str]:
    """Record EACH penalties as one writer; the failures, as text."""
    service = _service(store)
    failures = []
    for n in range(EACH):
        command = c.RecordPenalty(
            case=key,
            actor=INSPECTOR,
            on=DAY,
            penalty_id=f"{writer}-{n}",
            command_id=f"{writer}-{n}",
        )
        try:
            service.execute(command)
        except GradingError as error:
            failures.append(f"{type(error).__name__}: {error}")
    service.close()
    return failures


def _in_process(store: str, uscc: str, specialty: str, writer: str, out: object) -> None:
    out.put(_penalties(store, CaseKey(uscc, specialty), writer))  # type: ignore[attr-defined]


def _open(store: str, specialty: str) -> CaseKey:
    key = CaseKey("91410882MA0000001T", specialty)
    enterprise = Enterprise("恒通机械", "机械")
    _service(store).execute(
        c.OpenCase(case=key, actor=Actor("ent-1", "enterprise"), enterprise=enterprise)
    )
    return key


def _threads(store: str, key: CaseKey) -> list[str]:
    failures: list[str] = []
    workers = [
        threading.Thread(target=lambda w=w: failures.extend(_penalties(store, key, f"t{w}")))
        for w in range(THREADS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    return failures


def _processes(store: str, key: CaseKey) -> list[str]:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [
        context.Process(
            target=_in_process, args=(store, str(key.uscc), key.specialty, f"p{w}", out)
        )
        for w in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    failures = [f for _ in workers for f in out.get(timeout=180)]
    for worker in workers:
        worker.join(30)
    return failures


def _check(store: str, key: CaseKey, writers: int, run: Callable[[str, CaseKey], list[str]]):
    failures = run(store, key)
    assert failures == []
    service = _service(store)
    recorded = [e.penalty_id for e in service.history(key)[1:]]  # type: ignore[attr-defined]
    assert len(recorded) == writers * EACH  # none lost
    assert len(set(recorded)) == len(recorded)  # none doubled
    assert service.verify(key) == []


@pytest.mark.parametrize(
    ("name", "writers", "run"),
    [("threads", THREADS, _threads), ("processes", PROCESSES, _processes)],
)
def test_sqlite(tmp_path: Path, name: str, writers: int, run: Callable[..., list[str]]) -> None:
    store = str(tmp_path / "hot.db")
    _check(store, _open(store, "机械"), writers, run)


@pytest.mark.parametrize(
    ("name", "writers", "run"),
    [("threads", THREADS, _threads), ("processes", PROCESSES, _processes)],
)
def test_postgres(postgres_url: str, name: str, writers: int, run: Callable[..., list[str]]):
    import uuid

    key = _open(postgres_url, f"热点{uuid.uuid4().hex[:8]}")
    _check(postgres_url, key, writers, run)


def test_many_writers_opening_a_new_postgres_database(postgres_url: str) -> None:
    """Twelve services opening a database with no tables yet at once: each one opens (the
    catalog race of CREATE TABLE IF NOT EXISTS is retried, not raised)."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"gc_race_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(postgres_url, autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    url = urlunsplit(urlsplit(postgres_url)._replace(path=f"/{name}"))
    errors: list[str] = []

    def open_one() -> None:
        try:
            _service(url).close()
        except Exception as error:
            errors.append(repr(error))

    try:
        workers = [threading.Thread(target=open_one) for _ in range(12)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert errors == []
    finally:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        admin.close()
