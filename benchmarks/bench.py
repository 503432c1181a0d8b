"""``nox -s bench``: gradingcore's paths against bare eventsourcing, measured in one run.

Each path is timed for gradingcore and for a bare eventsourcing application doing the same work
with events of the same size on the same kind of store, interleaved in this one process, so the
ratio is what to compare across machines (the seconds depend on the machine and its load). The
results go to benchmarks/results.json and docs/performance.md is written from them, with a
pyinstrument profile of gradingcore's side of each path saying where its time goes.

    python benchmarks/bench.py               # the province at 10,000, 30,000, 100,000 (11 min)
    python benchmarks/bench.py --quick       # small sizes, a minute or two
    python benchmarks/bench.py --province 3000,10000 --years 3   # other sizes

PostgreSQL is measured on GRADINGCORE_BENCH_POSTGRES_URL (else GRADINGCORE_TEST_POSTGRES_URL, else
a throwaway server started as the test suite starts one): its tables are emptied first.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pendulum
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import Environment

from gradingcore import CaseKey, Enterprise, GradingService, ManualClock
from gradingcore import commands as c
from gradingcore.simulation import province_collector, simulate, simulation_service
from gradingcore.simulation._simulator import WAL_AUTOCHECKPOINT
from gradingcore.values import Actor, Role

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
PERFORMANCE = ROOT / "docs" / "performance.md"

SUPERVISOR = Actor("supervisor-1", Role.SUPERVISOR)
ENTERPRISE = Enterprise("焦作市恒通机械有限公司", "机械")


# --- bare eventsourcing: the same work, nothing of ours ------------------------------------------


class BareCase(Aggregate):
    """A bare aggregate whose events carry, as their payload, the JSON state of one of our
    stored events: the same size and the same structure (nested objects, lists, text), decoded
    by eventsourcing's own transcoder."""

    @event("Opened")
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.count = 0

    @event("Recorded")
    def record(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.count += 1


class BareApp(Application[UUID]):
    name = "BareBench"

    def construct_env(self, name: str, env: Any = None) -> Any:
        return Environment(name, dict(env or {}))


def bare_env(store: str, cache: int, synchronous: str = "FULL") -> dict[str, str]:
    env = (
        {"AGGREGATE_CACHE_MAXSIZE": str(cache), "AGGREGATE_CACHE_FASTFORWARD": "n"} if cache else {}
    )
    if store.startswith("postgresql://"):
        from urllib.parse import urlparse

        url = urlparse(store)
        return {
            **env,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/"),
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": url.username or "postgres",
            "POSTGRES_PASSWORD": url.password or "",
        }
    # eventsourcing's SQLite, with the same synchronous level as ours (decision 0027).
    return {
        **env,
        "PERSISTENCE_MODULE": "gradingcore.sqlite_store:Factory",
        "SQLITE_DBNAME": store,
        "SQLITE_SYNCHRONOUS": synchronous,
    }


def _clear_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("gradingservice_events", "barebench_events", "gradingservice_snapshots"):
            with contextlib.suppress(Exception):
                conn.execute(f"TRUNCATE {table}")


# --- helpers ----------------------------------------------------------------------------------


def profile(func: Callable[[], Any]) -> str:
    """A pyinstrument profile of ``func`` as text (the top of the call tree)."""
    try:
        from pyinstrument import Profiler
    except ImportError:  # pragma: no cover - the bench group installs it
        return "(pyinstrument is not installed: pip install pyinstrument)"
    profiler = Profiler(interval=0.0005)
    profiler.start()
    func()
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False)
    lines = [line for line in text.splitlines() if line.strip()][4:44]
    return "\n".join(line[:110] for line in lines)


def timed(func: Callable[[], Any]) -> float:
    began = time.perf_counter()
    func()
    return time.perf_counter() - began


def rounds(ours: Callable[[], float], bare: Callable[[], float], n: int) -> tuple[float, float]:
    """Interleaved rounds; the median of each side (seconds per unit). Each round starts from
    a collected heap: a full collection of the process's heap (about 0.1 s on this machine
    under load) falls into whichever round happens to cross the collector's threshold, and
    would otherwise decide a ratio measured in tenths of a second."""
    mine, theirs = [], []
    for _ in range(n):
        gc.collect()
        mine.append(ours())
        gc.collect()
        theirs.append(bare())
    return statistics.median(mine), statistics.median(theirs)


def _payloads(
    service: GradingService, case_id: Any = None, limit: int = 5000
) -> list[dict[str, Any]]:
    """The JSON states of our stored rows (of one case, or of the log), as bare's payloads."""
    recorder = service._app.recorder
    if case_id is not None:
        rows = recorder.select_events(case_id)
    else:
        rows = recorder.select_notifications(start=None, limit=limit)
    return [json.loads(r.state) for r in rows]


def _graded_case(service: GradingService, clock: ManualClock, key: CaseKey) -> None:
    """A case through its first announcement (the tutorial's path), then facts."""
    from tests.case.harness import Case  # the test suite's paths of a case

    case = Case(service, clock)
    case.key = key
    case.graded(2024)


# --- the paths --------------------------------------------------------------------------------


def command_path(
    store_kind: str, store: Callable[[str], str], commands: int, synchronous: str = "FULL"
) -> dict[str, Any]:
    """One command per transaction on a cached case (the default cache on our side, the same
    size of aggregate cache without fast-forward on bare's)."""
    clock = ManualClock("2024-01-02")
    env = {"SQLITE_SYNCHRONOUS": synchronous} if "SQLite" in store_kind else {}
    service = GradingService(store("ours"), clock=clock, env=env)
    key = CaseKey("91410882MA0000001T", "机械")
    _graded_case(service, clock, key)
    clock.set(pendulum.Date(2025, 3, 3))  # the facts below are recorded the day they happen
    service.execute(
        c.RecordPenalty(case=key, actor=SUPERVISOR, on=pendulum.Date(2025, 3, 3), penalty_id="P0")
    )
    payload = _payloads(service, key.case_id)[-1]  # a PenaltyRecorded, as stored
    size = len(json.dumps(payload))
    bare = BareApp(env=bare_env(store("bare"), 1000, synchronous))
    aggregate = BareCase(payload)
    bare.save(aggregate)
    serial = [0]

    def ours_batch() -> float:
        def run() -> None:
            for _ in range(commands):
                serial[0] += 1
                service.execute(
                    c.RecordPenalty(
                        case=key,
                        actor=SUPERVISOR,
                        on=pendulum.Date(2025, 3, 3),
                        penalty_id=f"P{serial[0]}",
                        description="罚款",
                    )
                )

        return timed(run) / commands

    def bare_batch() -> float:
        def run() -> None:
            for _ in range(commands):
                case = bare.repository.get(aggregate.id)
                case.record(payload)
                bare.save(case)

        return timed(run) / commands

    ours_batch(), bare_batch()  # warm up
    mine, theirs = rounds(ours_batch, bare_batch, 5)
    prof = profile(lambda: ours_batch())
    service.close()
    bare.close()
    return {
        "path": f"command, one per transaction, {store_kind}",
        "unit": "ms per command",
        "ours": mine * 1e3,
        "bare": theirs * 1e3,
        "ratio": mine / theirs,
        "target": "<= 1.2x bare",
        "met": mine / theirs <= 1.2,
        "event_bytes": size,
        "profile": prof,
    }


def replay(store: str, events: int) -> dict[str, Any]:
    """Rebuild a case of ``events`` events from the store: no snapshot, no cache."""
    clock = ManualClock("2024-01-02")
    service = GradingService(store + ".ours.db", clock=clock)
    key = CaseKey("91410882MA0000001T", "机械")
    _graded_case(service, clock, key)
    clock.set(pendulum.Date(2025, 3, 3))  # the facts below are recorded the day they happen
    commands = [
        c.RecordPenalty(
            case=key, actor=SUPERVISOR, on=pendulum.Date(2025, 3, 3), penalty_id=f"P{i}"
        )
        for i in range(events - service.version(key))
    ]
    for command in commands:
        service.execute(command)
    assert service.version(key) == events
    payloads = _payloads(service, key.case_id)
    bare = BareApp(env=bare_env(store + ".bare.db", 0))
    aggregate = BareCase(payloads[0])
    for payload in payloads[1:]:
        aggregate.record(payload)
    bare.save(aggregate)
    fresh = GradingService(store + ".ours.db", cache_size=0)

    mine, theirs = rounds(
        lambda: timed(lambda: fresh.state(key)),
        lambda: timed(lambda: bare.repository.get(aggregate.id)),
        7,
    )
    prof = profile(lambda: [fresh.state(key) for _ in range(5)])
    return {
        "path": f"replay of a case of {events} events (no snapshot, no cache), SQLite",
        "unit": "ms per replay",
        "ours": mine * 1e3,
        "bare": theirs * 1e3,
        "ratio": mine / theirs,
        "target": "<= 1.3x bare",
        "met": mine / theirs <= 1.3,
        "profile": prof,
    }


def queries(store: str) -> list[dict[str, Any]]:
    """State as of a date and eligibility on a case of 50 events (cached, fast-forwarded)."""
    clock = ManualClock("2024-01-02")
    service = GradingService(store + ".q.db", clock=clock)
    key = CaseKey("91410882MA0000001T", "机械")
    _graded_case(service, clock, key)
    clock.set(pendulum.Date(2025, 3, 3))  # the facts below are recorded the day they happen
    for i in range(50 - service.version(key)):
        service.execute(
            c.RecordPenalty(
                case=key, actor=SUPERVISOR, on=pendulum.Date(2025, 3, 3), penalty_id=f"P{i}"
            )
        )
    assert service.version(key) == 50
    day = pendulum.Date(2025, 1, 6)
    n = 300
    results = []
    for name, func in (
        ("state as of a date, a case of 50 events", lambda: service.state(key, as_of=day)),
        ("eligibility, a case of 50 events", lambda: service.eligibility(key, 2, day)),
    ):
        func()

        def many(func: Callable[[], Any] = func) -> None:
            for _ in range(n):
                func()

        samples = [timed(many) / n for _ in range(5)]
        ms = statistics.median(samples) * 1e3
        results.append(
            {
                "path": name,
                "unit": "ms per query",
                "ours": ms,
                "bare": None,
                "ratio": None,
                "target": "<= 1 ms",
                "met": ms <= 1.0,
                "profile": profile(many),
            }
        )
    return results


def log_decode(store: str, enterprises: int) -> dict[str, Any]:
    """Read and decode the whole notification log (what read models catch up with)."""
    service = simulation_service(store + ".log.db")
    summary = simulate(service, enterprises=enterprises, years=2, seed=7)
    payloads = _payloads(service, limit=10**9)
    assert summary.events <= len(payloads)
    bare = BareApp(env=bare_env(store + ".log-bare.db", 0))
    batch: list[BareCase] = []
    for n, payload in enumerate(payloads):  # cases of 20 events, 100 cases to a transaction
        if n % 20 == 0:
            if len(batch) >= 100:
                bare.save(*batch)
                batch = []
            batch.append(BareCase(payload))
        else:
            batch[-1].record(payload)
    if batch:
        bare.save(*batch)
    del payloads, batch  # neither side's rounds carry the setup's objects in the heap

    def ours() -> float:
        def run() -> None:
            start, count = 1, 0
            while True:
                page = service.notifications(start=start, limit=1000)
                if not page:
                    break
                count += len(page)
                start = page[-1][0] + 1
            assert count

        return timed(run)

    def theirs(keep: bool = True) -> float:
        # The same work as ours: each page decoded and handed back whole, its events alive
        # until the next page (what a read model's catch-up holds). ``keep=False`` decodes
        # each row and drops it at once, which no page-wise reader does; reported beside.
        def run() -> None:
            start = 1
            mapper = bare.mapper
            while True:
                page = bare.recorder.select_notifications(start=start, limit=1000)
                if not page:
                    break
                if keep:
                    decoded = [(row.id, mapper.to_domain_event(row)) for row in page]
                    assert decoded
                else:
                    for row in page:
                        mapper.to_domain_event(row)
                start = page[-1].id + 1

        return timed(run)

    ours_rows = len(service._app.recorder.select_notifications(start=None, limit=10**9))
    bare_rows = len(bare.recorder.select_notifications(start=None, limit=10**9))
    mine, other = rounds(ours, theirs, 5)
    _, dropped = rounds(ours, lambda: theirs(keep=False), 3)
    rate, bare_rate = ours_rows / mine, bare_rows / other
    return {
        "path": f"read and decode the whole log ({ours_rows:,} rows), SQLite",
        "unit": "rows per second",
        "ours": rate,
        "bare": bare_rate,
        "ratio": rate / bare_rate,
        "target": ">= 0.8x bare's rate",
        "met": rate / bare_rate >= 0.8,
        "bare_dropping_each_row": bare_rows / dropped,
        "ratio_to_dropping": rate / (bare_rows / dropped),
        "profile": profile(lambda: ours()),
    }


def _child_province(enterprises: int, years: int, path: str, batch: bool) -> None:
    if path.startswith("postgresql://"):
        _clear_postgres(path)
    service = simulation_service(path)
    transactions = [0]
    insert = service._recorder.insert_events

    def counted(rows: Any, **kwargs: Any) -> Any:  # the bench counts the transactions
        transactions[0] += 1
        return insert(rows, **kwargs)

    service._recorder.insert_events = counted
    written = _written()
    began = time.perf_counter()
    # As the CLI's simulate runs it: the cyclic collector off for the run (0086, 0098).
    with province_collector() as tended:
        summary = simulate(
            service, enterprises=enterprises, years=years, seed=2026, batch=batch, progress=tended
        )
    seconds = time.perf_counter() - began
    written = _written(since=written)
    heads = {}
    if enterprises <= 3000:
        heads = {str(i): service.history(i)[-1].digest for i in service.case_ids()}
    print(
        json.dumps(
            {
                "seconds": seconds,
                "events": summary.events,
                "transactions": transactions[0],
                "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "heads": heads,
                "written": written,
                "store_digest": _store_digest(path),
            }
        )
    )


def _store_digest(path: str) -> str | None:
    """SHA-256 of every stored row of a SQLite file (case and index streams alike), in the
    order of (originator, version): two stores holding the same events give the same digest,
    whatever order their transactions committed them in. None for PostgreSQL."""
    if path.startswith("postgresql://"):
        return None
    import hashlib
    import sqlite3

    digest = hashlib.sha256()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY originator_id, originator_version"
        )
        for originator, version, topic, state in rows:
            digest.update(f"{originator}\x00{version}\x00{topic}\x00".encode())
            digest.update(state if isinstance(state, bytes) else str(state).encode())
            digest.update(b"\x01")
    return digest.hexdigest()


def _child_bare(events: int, per_transaction: int, path: str, sample: str) -> None:
    """Bare eventsourcing saving ``events`` events of our province's shapes (the JSON states of
    the first rows of ``sample``), ``per_transaction`` to a transaction, on cases of about 20."""
    states = _sample_payloads(sample)
    bare = BareApp(env=_province_env(path))
    written = _written()
    began = time.perf_counter()
    done = 0
    while done < events:
        batch: list[BareCase] = []
        for _ in range(max(1, per_transaction // 20)):
            case = BareCase(states[done % len(states)])
            done += 1
            for _ in range(min(19, events - done)):
                case.record(states[done % len(states)])
                done += 1
            batch.append(case)
            if done >= events:
                break
        bare.save(*batch)
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "events": done, "written": _written(since=written)}))


def _sample_payloads(sample: str) -> list[dict[str, Any]]:
    """The JSON states of the first rows of our province store ``sample``: bare's payloads."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(sample)) as conn:
        rows = conn.execute("SELECT state FROM stored_events LIMIT 2000")
        return [json.loads(r[0]) for r in rows]


def _written(since: list[int] | None = None) -> list[int] | None:
    """Bytes and write calls this process has written so far (Linux's ``/proc/self/io``,
    ``wchar`` and ``syscw``), less ``since``; None where there is no such file."""
    try:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    except OSError:
        return None
    now = [int(fields["wchar"]), int(fields["syscw"])]
    return now if since is None else [a - b for a, b in zip(now, since, strict=True)]


def _province_env(path: str) -> dict[str, str]:
    """Bare's store for a province: SQLite with the settings of ``simulation_service``'s
    (synchronous NORMAL, the same WAL checkpoint), so both sides write to the same store."""
    return {**bare_env(path, 0, "NORMAL"), "SQLITE_WAL_AUTOCHECKPOINT": WAL_AUTOCHECKPOINT}


def _child_bare_in_order(per_transaction: int, path: str, sample: str) -> None:
    """Bare eventsourcing writing the very rows of our province store ``sample`` in its log's
    order, ``per_transaction`` rows to a transaction, each case a bare aggregate: the same
    cases, the same scatter of writes over them (a case's events come on many days), which
    bare's batched baseline (a case's 20 events at once) does not have."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(sample)) as conn:
        rows = conn.execute("SELECT originator_id FROM stored_events ORDER BY rowid")
        order = [r[0] for r in rows]
    payloads = _sample_payloads(sample)
    bare = BareApp(env=_province_env(path))
    cases: dict[str, BareCase] = {}
    written = _written()
    began = time.perf_counter()
    for start in range(0, len(order), per_transaction):
        touched: dict[str, BareCase] = {}
        for i in range(start, min(start + per_transaction, len(order))):
            originator, payload = order[i], payloads[i % len(payloads)]
            case = cases.get(originator)
            if case is None:
                case = cases[originator] = BareCase(payload)
            else:
                case.record(payload)
            touched[originator] = case
        bare.save(*touched.values())
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "rows": len(order), "written": _written(since=written)}))


def _run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def same_history(one: dict[str, Any], many: dict[str, Any]) -> bool | None:
    """Whether two province children recorded the same history: the digest of every stored
    row, and the cases' head digests where both collected them (at most 3,000 enterprises).
    None when neither could be compared (PostgreSQL), never False for want of a comparison:
    the check once read "differ" at 10,000 because no heads are collected at that size."""
    verdicts = []
    if one.get("store_digest") is not None and many.get("store_digest") is not None:
        verdicts.append(one["store_digest"] == many["store_digest"])
    if one.get("heads") and many.get("heads"):
        verdicts.append(one["heads"] == many["heads"])
    return all(verdicts) if verdicts else None


def _per_event(written: list[int] | None, events: int) -> list[float] | None:
    return None if written is None else [w / events for w in written]


def province(directory: Path, sizes: list[int], years: int) -> list[dict[str, Any]]:
    """The simulator into a SQLite file at each size (batched saves), then bare eventsourcing
    writing as many events in transactions of the same size, right after."""
    results = []
    small = min(sizes)

    def a_small_province() -> None:
        simulate(simulation_service(str(directory / "profiled.db")), enterprises=300, years=2)

    prof = profile(a_small_province)
    one = _run_child("--child-province", str(small), str(years), str(directory / "one.db"), "0")
    many = _run_child("--child-province", str(small), str(years), str(directory / "b0.db"), "1")
    identical = same_history(one, many)
    for size in sizes:
        ours = _run_child(
            "--child-province", str(size), str(years), str(directory / f"p{size}.db"), "1"
        )
        per_tx = max(1, round(ours["events"] / max(1, ours["transactions"])))
        bare = _run_child(
            "--child-bare",
            str(ours["events"]),
            str(per_tx),
            str(directory / f"bare{size}.db"),
            str(directory / f"p{size}.db"),
        )
        in_order = _run_child(
            "--child-bare-in-order",
            str(per_tx),
            str(directory / f"order{size}.db"),
            str(directory / f"p{size}.db"),
        )
        rate, bare_rate = ours["events"] / ours["seconds"], bare["events"] / bare["seconds"]
        # The same rows written (index entries included), so ours' events over bare's time.
        in_order_rate = ours["events"] / in_order["seconds"]
        projected = ours["seconds"] * 100_000 / size
        results.append(
            {
                "path": f"province: {size:,} enterprises x {years} years, SQLite file",
                "unit": "events per second",
                "ours": rate,
                "bare": bare_rate,
                "ratio": rate / bare_rate,
                "target": ">= 0.3x bare's batched rate; 100,000 x 3 years <= 3 min, <= 1 GiB",
                # Memory is judged where it is measured, at 100,000 (it does not grow linearly).
                "met": rate / bare_rate >= 0.3
                and projected <= 180
                and (size < 100_000 or ours["peak_mib"] <= 1024),
                "seconds": ours["seconds"],
                "bare_in_our_order": in_order_rate,
                "ratio_in_our_order": rate / in_order_rate,
                # [bytes, write calls] an event, each side over the events it saved.
                "written_per_event": {
                    "ours": _per_event(ours.get("written"), ours["events"]),
                    "bare": _per_event(bare.get("written"), bare["events"]),
                    "bare_in_our_order": _per_event(in_order.get("written"), ours["events"]),
                },
                "events": ours["events"],
                "events_per_transaction": per_tx,
                "peak_mib": ours["peak_mib"],
                "projected_100k_seconds": projected,
                "batched_equals_one_by_one": identical,
                "profile": prof if size == small else "",
            }
        )
    return results


def province_postgres(url: str, size: int, years: int) -> dict[str, Any]:
    """The simulator into PostgreSQL at one size (batched saves), projected to 100,000."""
    ours = _run_child("--child-province", str(size), str(years), url, "1")
    _clear_postgres(url)
    projected = ours["seconds"] * 100_000 / size
    per_tx = max(1, round(ours["events"] / max(1, ours["transactions"])))
    return {
        "path": f"province: {size:,} enterprises x {years} years, PostgreSQL",
        "unit": "events per second",
        "ours": ours["events"] / ours["seconds"],
        "bare": None,
        "ratio": None,
        "target": "100,000 x 3 years <= 10 min (projected linearly from this size)",
        "met": projected <= 600,
        "seconds": ours["seconds"],
        "events": ours["events"],
        "events_per_transaction": per_tx,
        "peak_mib": ours["peak_mib"],
        "projected_100k_seconds": projected,
        "batched_equals_one_by_one": None,
        "profile": "",
    }


@contextlib.contextmanager
def postgres_server() -> Any:
    """The PostgreSQL URL to measure on: GRADINGCORE_BENCH_POSTGRES_URL, else the test suite's
    GRADINGCORE_TEST_POSTGRES_URL, else a throwaway server started as the test suite starts
    one (tests/_postgres.py); None when there is none (the PostgreSQL paths are skipped)."""
    url = os.environ.get("GRADINGCORE_BENCH_POSTGRES_URL") or os.environ.get(
        "GRADINGCORE_TEST_POSTGRES_URL"
    )
    if url:
        yield url
        return
    from tests._postgres import server_binaries, throwaway_server

    binaries = server_binaries()
    if binaries is None:
        yield None
        return
    with throwaway_server(binaries) as started:
        yield started


# --- the report -------------------------------------------------------------------------------


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "-"
    if "per second" in unit:
        return f"{value:,.0f}"
    return f"{value:.3f}"


def _written_line(per_event: dict[str, list[float] | None] | None) -> str:
    """What each side wrote an event, as the report says it (empty where not measured)."""
    shown = []
    for key, name in (
        ("ours", "ours"),
        ("bare", "bare batched"),
        ("bare_in_our_order", "bare in our order"),
    ):
        value = (per_event or {}).get(key)
        if value is None:
            return ""
        written, calls = value
        shown.append(f"{name} {written / 1024:.1f} KiB in {calls:.1f} write calls")
    return " Written an event (`/proc/self/io`): " + ", ".join(shown) + "."


def write_report(results: dict[str, Any]) -> None:
    lines = [
        "# Performance",
        "",
        "Written by `nox -s bench` (benchmarks/bench.py) from benchmarks/results.json: do not edit",
        "by hand. Each path is measured for gradingcore and for a bare eventsourcing application",
        "doing the same work with events of the same size, interleaved in one process; the ratio",
        "is what compares across machines, the absolute figures depend on the machine and its",
        "load. Targets are those of issue 9.",
        "",
        f"Run: {results['when']} on {results['machine']}, Python {results['python']}"
        + (
            f", load average {results['load_average_at_end']:.1f} at the end;"
            if "load_average_at_end" in results
            else ";"
        ),
        f"sizes: {results['sizes']}.",
        "",
        "| path | unit | ours | bare | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results["paths"]:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        lines.append(
            f"| {r['path']} | {r['unit']} | {_fmt(r['ours'], r['unit'])} | "
            f"{_fmt(r['bare'], r['unit'])} | {ratio} | {r['target']} | "
            f"{'yes' if r['met'] else '**no**'} |"
        )
    lines += ["", "## The province", ""]
    for r in results["paths"]:
        if "peak_mib" in r:
            same = {
                True: "batched saves record the very same events as saving one by one (digest "
                "for digest, checked at the smallest size)",
                False: "batched saves **differ from** saving one by one (digest for digest, "
                "checked at the smallest size)",
                None: "not compared digest for digest (the SQLite runs are)",
            }[r["batched_equals_one_by_one"]]
            lines.append(
                f"- {r['path']}: {r['seconds']:.1f} s for {r['events']:,} events "
                f"({r['events_per_transaction']} per transaction), peak memory "
                f"{r['peak_mib']:.0f} MiB; 100,000 enterprises would take about "
                f"{r['projected_100k_seconds'] / 60:.1f} min at this rate (linear); {same}."
                + (
                    f" Bare writing the very rows of our store in its log's order (the same "
                    f"cases, a case's events on many days): {r['bare_in_our_order']:,.0f} "
                    f"events/s, ours {r['ratio_in_our_order']:.2f}x that."
                    if "bare_in_our_order" in r
                    else ""
                )
                + _written_line(r.get("written_per_event"))
            )
    lines += ["", "## What remains, and why", "", results.get("notes", "").strip(), ""]
    lines += ["## Profiles", "", "pyinstrument, gradingcore's side of each path.", ""]
    for r in results["paths"]:
        if r.get("profile"):
            lines += [f"### {r['path']}", "", "```text", r["profile"], "```", ""]
    PERFORMANCE.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


NOTES = ROOT / "benchmarks" / "notes.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a minute or two)")
    parser.add_argument("--province", default=None, help="enterprise counts, comma-separated")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--commands", type=int, default=None)
    parser.add_argument(
        "--postgres-province",
        type=int,
        default=None,
        help="enterprises of the PostgreSQL province (default: the smallest SQLite size)",
    )
    parser.add_argument("--child-province", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--child-bare", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--child-bare-in-order", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument(
        "--report", action="store_true", help="only rewrite docs/performance.md from results.json"
    )
    options = parser.parse_args()
    if options.report:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        results["notes"] = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
        write_report(results)
        return
    if options.child_province:
        e, y, path, batch = options.child_province
        _child_province(int(e), int(y), path, batch == "1")
        return
    if options.child_bare:
        events, per_tx, path, sample = options.child_bare
        _child_bare(int(events), int(per_tx), path, sample)
        return
    if options.child_bare_in_order:
        per_tx, path, sample = options.child_bare_in_order
        _child_bare_in_order(int(per_tx), path, sample)
        return
    sys.path.insert(0, str(ROOT))  # tests.case.harness: the test suite's paths of a case
    default_sizes = "1000,3000" if options.quick else "10000,30000,100000"
    sizes = [int(s) for s in (options.province or default_sizes).split(",")]
    commands = options.commands or (100 if options.quick else 300)
    paths: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as name, postgres_server() as postgres:
        directory = Path(name)
        for level in ("FULL", "NORMAL"):
            paths.append(
                command_path(
                    f"SQLite file, synchronous={level}",
                    lambda who, level=level: str(directory / f"cmd-{who}-{level}.db"),
                    commands,
                    level,
                )
            )
            print(paths[-1]["path"], f"{paths[-1]['ratio']:.2f}x", flush=True)
        if postgres:
            _clear_postgres(postgres)
            paths.append(command_path("PostgreSQL", lambda who: postgres, commands))
            print(paths[-1]["path"], f"{paths[-1]['ratio']:.2f}x", flush=True)
        paths.append(replay(str(directory / "replay"), 1000))
        print(paths[-1]["path"], f"{paths[-1]['ratio']:.2f}x", flush=True)
        paths += queries(str(directory / "queries"))
        print("queries", [f"{p['ours']:.3f} ms" for p in paths[-2:]], flush=True)
        paths.append(log_decode(str(directory / "log"), 300 if options.quick else 1000))
        print(paths[-1]["path"], f"{paths[-1]['ratio']:.2f}x", flush=True)
        paths += province(directory, sizes, options.years)
        print("province", [f"{p['ratio']:.2f}x" for p in paths[-len(sizes) :]], flush=True)
        if postgres:
            size = options.postgres_province or min(sizes)
            paths.append(province_postgres(postgres, size, options.years))
            print(paths[-1]["path"], f"{paths[-1]['seconds']:.0f} s", flush=True)
    results = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)",
        "python": platform.python_version(),
        "load_average_at_end": os.getloadavg()[0],
        "sizes": f"{commands} commands per round; province {', '.join(map(str, sizes))} "
        f"x {options.years} years",
        "postgres": "measured" if postgres else "no server (PostgreSQL paths skipped)",
        "paths": paths,
        "notes": NOTES.read_text(encoding="utf-8") if NOTES.exists() else "",
    }
    RESULTS.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    write_report(results)
    print(f"wrote {RESULTS.relative_to(ROOT)} and {PERFORMANCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
