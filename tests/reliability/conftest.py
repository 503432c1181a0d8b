"""What the reliability tests share: a real store with the demo's cases, an import document of
two of them, and the ``gradingcore`` command run as a real process (as a user runs it)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gradingcore import CaseKey, GradingService, ManualClock
from gradingcore.importing import FORMAT, export_history
from gradingcore_cli.demo import run_demo

#: Two of the demo's cases, exported and imported again by the tests.
CASES = (("91410882MA0000001T", "机械"), ("91410100MA00000034", "纺织"))

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reliability") / "demo.db"
    clock = ManualClock("2022-01-04")
    run_demo(GradingService(str(path), clock=clock), clock, lambda _: None)
    return path


@pytest.fixture
def store(demo_store: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store (a test may break it)."""
    copy = tmp_path / "cases.db"
    shutil.copyfile(demo_store, copy)
    return copy


@pytest.fixture(scope="session")
def document(demo_store: Path) -> dict[str, Any]:
    """An import document of two demo cases (valid: it imports into an empty store)."""
    service = GradingService(str(demo_store))
    keys = [CaseKey(uscc, specialty) for uscc, specialty in CASES]
    return {"format": FORMAT, "cases": [export_history(service.history(k)) for k in keys]}


@pytest.fixture
def import_file(document: dict[str, Any], tmp_path: Path) -> Path:
    file = tmp_path / "history.json"
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return file


@pytest.fixture
def gradingcore() -> Run:
    """``gradingcore ARGS`` in a child process: its exit status, stdout and stderr."""

    def run(
        *args: str,
        timeout: float = 60,
        prefix: tuple[str, ...] = (),
        env_extra: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "COLUMNS": "200", **(env_extra or {})}
        env.pop("GRADINGCORE_DEBUG", None)
        env.pop("GRADINGCORE_STORE", None)
        return subprocess.run(
            [*prefix, sys.executable, "-m", "gradingcore_cli", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
            **kwargs,
        )

    return run


def fingerprint(path: Path) -> str:
    """The bytes of a SQLite store and its write-ahead log, hashed: equal means untouched."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()
