"""A simulated province in a SQLite file (and on PostgreSQL), with townships recorded, shared by
the read-model tests: simulating is the slow part, so it is done once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from gradingcore import commands as c
from gradingcore.readmodels import ReadModels
from gradingcore.service import GradingService
from gradingcore.simulation import simulate, simulation_service
from gradingcore.values import Actor, Role

ENTERPRISES = 1500
YEARS = 3
SEED = 2026
#: The day the comparisons ask about: the simulation's last day.
END = pendulum.Date(2025, 12, 31)


def add_townships(service: GradingService) -> None:
    """Give two of every three cases a township: a 9-digit code within its region, or a name."""
    clerk = Actor("clerk-1", Role.SUPERVISOR)
    cmds = []
    for i, case_id in enumerate(service.case_ids()):
        if i % 3 == 2:
            continue
        state = service.state(case_id)
        region = state.enterprise.region
        township = f"{region}{1 + i % 4:03d}" if i % 5 else "城关镇"
        cmds.append(c.RecordTownship(case=state.key, actor=clerk, on=END, township=township))
    for outcome in service.execute_many(cmds):
        assert not isinstance(outcome, Exception), outcome


@pytest.fixture(scope="session")
def province_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("province") / "province.db"
    service = simulation_service(path)
    simulate(service, enterprises=ENTERPRISES, years=YEARS, seed=SEED)
    add_townships(service)
    service.close()
    return path


@pytest.fixture
def province(province_file: Path, tmp_path: Path) -> Iterator[GradingService]:
    """A copy of the province's SQLite file, for a test that writes views into it."""
    copy = tmp_path / "province.db"
    shutil.copy(province_file, copy)
    service = GradingService(copy)
    yield service
    service.close()


@pytest.fixture(scope="session")
def caught_up_file(province_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the province with its views caught up once (read-only tests share it)."""
    copy = tmp_path_factory.mktemp("caught") / "province.db"
    shutil.copy(province_file, copy)
    service = GradingService(copy)
    ReadModels(service).catch_up()
    service.close()
    return copy


@pytest.fixture(scope="session")
def caught_up(caught_up_file: Path) -> ReadModels:
    return ReadModels(GradingService(caught_up_file))
