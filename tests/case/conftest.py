from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gradingcore.clock import ManualClock
from gradingcore.service import GradingService
from tests.case.harness import Case


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock("2024-01-02")


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each conformance test runs on every store: in-memory, a SQLite file, PostgreSQL."""
    if request.param == "memory":
        yield "memory"
    elif request.param == "sqlite":
        yield str(tmp_path / "cases.db")
    else:
        url: str = request.getfixturevalue("postgres_url")
        yield url


@pytest.fixture
def service(clock: ManualClock) -> Iterator[GradingService]:
    """A service on the in-memory store (rule tests)."""
    svc = GradingService("memory", clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def case(service: GradingService, clock: ManualClock) -> Case:
    return Case(service, clock)
