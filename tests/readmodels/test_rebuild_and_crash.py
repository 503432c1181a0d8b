"""A rebuilt view equals the incremental one (SQLite and PostgreSQL); a view process killed with
kill -9 and restarted, again and again, loses and doubles nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from gradingcore.readmodels import VIEW_CLASSES, ReadModels
from gradingcore.readmodels._cases import load_state
from gradingcore.service import GradingService
from gradingcore.simulation import simulate, simulation_service
from tests.readmodels.conftest import add_townships


def snapshot(models: ReadModels) -> dict[str, Any]:
    """Every row of every view table, in order; a stored state compared as the state it is."""
    found: dict[str, Any] = {}
    for cls in VIEW_CLASSES:
        for table in cls.tables:
            rows = models.store.query(f"SELECT * FROM {table}")
            if table == "rm_cases":
                rows = [(*r[:-1], load_state(r[-1])) for r in rows]
            found[table] = sorted(rows, key=repr)
    found["positions"] = [(s.name, s.position) for s in models.status()]
    return found


def _incremental(service: GradingService, cuts: int) -> ReadModels:
    """Caught up in ``cuts`` steps, each by a fresh ReadModels (the cache read back from the
    tables), committing every few events."""
    head = service.log_head()
    for i in range(1, cuts + 1):
        ReadModels(service).catch_up(checkpoint=97, until=head * i // cuts)
    return ReadModels(service)


def test_rebuilt_equals_incremental_sqlite(province: GradingService) -> None:
    models = _incremental(province, 7)
    assert all(s.behind == 0 for s in models.status())
    incremental = snapshot(models)
    assert len(incremental["rm_cases"]) > 1000
    assert incremental["rm_announced"]
    models.rebuild()
    assert snapshot(models) == incremental
    models.rebuild(["lists"])
    assert snapshot(models) == incremental


def empty_postgres(url: str) -> GradingService:
    """A simulation service on the PostgreSQL database ``url`` emptied of events and views
    (the database is shared by the session's tests)."""
    service = simulation_service(url)
    with service.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
        cursor.execute(f"TRUNCATE {service._app.recorder.events_table_name}")  # type: ignore[attr-defined]
        for cls in VIEW_CLASSES:
            for table in cls.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute("DROP TABLE IF EXISTS gradingcore_view_tracking")
    return service


@pytest.mark.postgres
def test_rebuilt_equals_incremental_postgres(postgres_url: str) -> None:
    service = empty_postgres(postgres_url)
    simulate(service, enterprises=250, years=3, seed=11)
    add_townships(service)
    models = _incremental(service, 5)
    incremental = snapshot(models)
    assert incremental["rm_cases"]
    assert incremental["rm_announced"]
    assert all(s.behind == 0 for s in models.status())
    models.rebuild()
    assert snapshot(models) == incremental
    service.close()


_RUNNER = """
import sys
from gradingcore.readmodels import ReadModels
from gradingcore.service import GradingService
models = ReadModels(GradingService(sys.argv[1]))
print("ready", flush=True)
models.catch_up(checkpoint=int(sys.argv[2]))
print("done", flush=True)
"""


def test_killed_runner_loses_and_doubles_nothing(province: GradingService, tmp_path: Path) -> None:
    store = str(tmp_path / "province.db")  # the file the province fixture copied
    script = tmp_path / "runner.py"
    script.write_text(_RUNNER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    rng = random.Random(10)
    models = ReadModels(province)
    head = models.head()
    kills, positions = 0, []
    while kills < 6:
        child = subprocess.Popen(
            [sys.executable, str(script), store, "23"], stdout=subprocess.PIPE, text=True, env=env
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Wait until the runner has committed something past the last kill (the machine may
        # be slow), then kill it a random moment later: mid-batch, or mid-commit.
        before = max(s.position for s in models.status())
        deadline = time.monotonic() + 60
        while max(s.position for s in models.status()) <= before and child.poll() is None:
            assert time.monotonic() < deadline, "the runner committed nothing in a minute"
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))
        if child.poll() is not None:  # finished before the kill: no kill to count
            out, _ = child.communicate()
            assert child.returncode == 0, out
            continue
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        positions.append([s.position for s in models.status()])
    assert any(0 < p < head for ps in positions for p in ps), positions
    assert positions == sorted(positions)  # never back
    child = subprocess.Popen(
        [sys.executable, str(script), store, "23"], stdout=subprocess.PIPE, text=True, env=env
    )
    out, _ = child.communicate(timeout=120)
    assert out.split() == ["ready", "done"]
    after_kills = snapshot(models)
    assert all(s.behind == 0 for s in models.status())
    models.rebuild()
    assert snapshot(models) == after_kills
