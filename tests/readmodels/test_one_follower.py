"""One follower per store (decision 0096), with real processes on a SQLite file and on
PostgreSQL: two processes catching the same views up at once apply no event twice (the
database refuses the batch of the one that did not see the other's, and it reads the tables
again); a second follower waits, says so, and takes over when the first stops."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pendulum
import pytest

from gradingcore import commands as c
from gradingcore.readmodels import ReadModels
from gradingcore.readmodels._runner import _took_over, _waiting
from gradingcore.service import GradingService
from gradingcore.simulation import simulate, simulation_service
from gradingcore.values import Actor, Role
from tests.readmodels.test_rebuild_and_crash import empty_postgres, snapshot

#: Catches the views up, again after each refused batch, once told to go; prints its refusals.
_CATCHER = """
import json, sys
from gradingcore.readmodels import ReadModels
from gradingcore.readmodels._storage import ViewPositionConflict
from gradingcore.service import GradingService
service = GradingService(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
refused = 0
while True:
    models = ReadModels(service)
    try:
        models.catch_up(checkpoint=int(sys.argv[2]))
    except ViewPositionConflict:
        refused += 1
        continue
    if all(s.behind == 0 for s in models.status()):
        break
print(json.dumps({"refused": refused}), flush=True)
"""

#: Follows the store until killed (a lease of two seconds on SQLite, for the test's sake).
_FOLLOWER = """
import logging, sys
from gradingcore.readmodels import ReadModels, _storage
from gradingcore.service import GradingService
logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
_storage.LEASE_SECONDS = 2.0
ReadModels(GradingService(sys.argv[1])).follow(poll=0.05, wait=0.2)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "GRADINGCORE_LANG": "en"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store of 300 simulated enterprises over three years, with no views yet."""
    if request.param == "sqlite":
        url = str(tmp_path / "followed.db")
        service = simulation_service(url)
    else:
        from tests.http.conftest import own_database

        url = own_database(request.getfixturevalue("postgres_url"), "followers")
        service = empty_postgres(url)
    simulate(service, enterprises=300, years=3, seed=7)
    service.close()
    return url


def _more_events(store: str, n: int) -> None:
    """A township recorded on ``n`` cases: events the views must apply once each."""
    service = GradingService(store)
    clerk = Actor("clerk-2", Role.SUPERVISOR)
    try:
        for i, case_id in enumerate(list(service.case_ids())[:n]):
            state = service.state(case_id)
            service.execute(
                c.RecordTownship(
                    case=state.key,
                    actor=clerk,
                    on=pendulum.Date(2025, 12, 31),
                    township=f"{state.enterprise.region}{100 + i % 7:03d}",
                )
            )
    finally:
        service.close()


def _caught_up(store: str, timeout: float = 120) -> ReadModels:
    models = ReadModels(GradingService(store))
    deadline = time.monotonic() + timeout
    while any(s.behind > 0 for s in models.status()):
        assert time.monotonic() < deadline, models.status()
        time.sleep(0.1)
    return models


def test_two_processes_catching_up_at_once_apply_nothing_twice(store: str, tmp_path: Path) -> None:
    script = tmp_path / "catcher.py"
    script.write_text(_CATCHER)
    children = [
        subprocess.Popen(
            [sys.executable, str(script), store, "101"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    for child in children:  # both start from the same (empty) positions
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    refused = 0
    for child in children:
        out, _ = child.communicate(timeout=300)
        assert child.returncode == 0, out
        refused += json.loads(out.strip().splitlines()[-1])["refused"]
    assert refused >= 1  # they did race: a batch of one of them was refused
    models = ReadModels(GradingService(store))
    assert all(s.behind == 0 for s in models.status())
    together = snapshot(models)
    assert together["rm_cases"]
    models.rebuild()  # the views as one process alone makes them
    assert snapshot(models) == together
    models.service.close()


def test_a_second_follower_waits_says_so_and_takes_over(store: str, tmp_path: Path) -> None:
    script = tmp_path / "follower.py"
    script.write_text(_FOLLOWER)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]

    def follower(log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            return subprocess.Popen(
                [sys.executable, str(script), store], stderr=out, stdout=out, env=_env()
            )

    first = follower(logs[0])
    second: subprocess.Popen[bytes] | None = None
    try:
        _caught_up(store).service.close()
        second = follower(logs[1])
        waiting = _waiting().render("en")
        deadline = time.monotonic() + 60
        while waiting not in logs[1].read_text():
            assert time.monotonic() < deadline, logs[1].read_text()
            assert second.poll() is None, logs[1].read_text()
            time.sleep(0.1)
        _more_events(store, 40)  # kept by the first while the second waits
        _caught_up(store).service.close()
        first.send_signal(signal.SIGKILL)  # dies holding the lock: the database frees it
        first.wait()
        _more_events(store, 80)
        models = _caught_up(store)  # the second took over
        assert _took_over().render("en") in logs[1].read_text()
        assert waiting not in logs[0].read_text()
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
        followed = snapshot(models)
        models.rebuild()
        assert snapshot(models) == followed
        models.service.close()
    finally:
        for child in (first, second):
            if child is not None and child.poll() is None:
                child.kill()
                child.wait()
