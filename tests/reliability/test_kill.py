"""kill -9 (docs/reliability.md, "Crashes"): the simulator killed mid-run, again and again, on
one store: every case replays, every chain verifies, the anchor taken between kills still holds,
and a last uninterrupted run completes the same province an uninterrupted run records."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from gradingcore import GradingService, check_anchor, take_anchor

KILLS = 4
ARGS = ("simulate", "--enterprises", "120", "--years", "1", "--seed", "7")


def _rows(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(store, timeout=10) as db:
            return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])
    except sqlite3.OperationalError:  # no table yet
        return 0


def _kill_during_run(store: Path, after_rows: int) -> bool:
    """Start the simulator and kill -9 it once the store has ``after_rows`` rows: whether it
    was killed (rather than done first)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gradingcore_cli", *ARGS, "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _rows(store) < after_rows and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    return process.wait(30) == -signal.SIGKILL


def _intact(store: Path) -> GradingService:
    service = GradingService(str(store))
    for case_id in service.case_ids():
        assert service.verify(case_id) == []
        assert service.state(case_id).version == len(service.history(case_id))
    return service


def test_repeated_kill_9_of_the_simulator(tmp_path: Path) -> None:
    store = tmp_path / "province.db"
    anchor = None
    kills = 0
    for _ in range(KILLS):
        # The simulator saves several days per transaction: a resumed run may finish between
        # two looks at the store. That is no failure; it only ends the killing early.
        if not _kill_during_run(store, after_rows=_rows(store) + 40):
            break
        kills += 1
        service = _intact(store)
        if anchor is not None:
            assert check_anchor(service, anchor) == []
        anchor = take_anchor(service)
        service.close()
    assert kills >= 2, "the simulator finished before it could be killed twice"
    assert anchor is not None
    finished = subprocess.run(
        [sys.executable, "-m", "gradingcore_cli", *ARGS, "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    service = _intact(store)
    assert check_anchor(service, anchor) == []
    whole = tmp_path / "whole.db"
    subprocess.run(
        [sys.executable, "-m", "gradingcore_cli", *ARGS, "--store", str(whole)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    assert _rows(store) == _rows(whole)  # nothing lost, nothing doubled by the kills
    reference = GradingService(str(whole))
    for case_id in reference.case_ids():
        assert service.state(case_id) == reference.state(case_id)
