"""The collector during a province run (decision 0086): the same history, and the process's
collector as it was afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gradingcore.simulation import province_collector, simulate, simulation_service
from gradingcore.simulation._collector import FREEZE_EVERY_DAYS, YOUNGEST_THRESHOLD


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def _heads(service: object) -> dict[object, str]:
    return {i: service.history(i)[-1].digest for i in service.case_ids()}  # type: ignore[attr-defined]


def test_the_same_history_and_the_collector_restored() -> None:
    plain, tuned = simulation_service("memory"), simulation_service("memory")
    before = gc.get_threshold()
    expected = simulate(plain, enterprises=80, years=1, seed=3)
    days: list[int] = []
    with province_collector(lambda done, total, events: days.append(done)) as tended:
        assert gc.get_threshold()[0] == YOUNGEST_THRESHOLD
        summary = simulate(tuned, enterprises=80, years=1, seed=3, progress=tended)
        assert gc.get_freeze_count() > 0
    assert summary == expected
    assert _heads(tuned) == _heads(plain)
    assert days[-1] == (summary.end - summary.start).days + 1  # the caller's progress, called
    assert len(days) > 100
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_freezes_every_so_many_days() -> None:
    with province_collector() as tended:
        gc.unfreeze()
        tended(FREEZE_EVERY_DAYS - 1, 365, 0)
        assert gc.get_freeze_count() == 0
        tended(FREEZE_EVERY_DAYS + 2, 365, 0)  # the 30th day had no step: frozen on the next
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        tended(FREEZE_EVERY_DAYS + 5, 365, 0)  # once a stretch
        assert gc.get_freeze_count() == 0


def test_restored_after_a_failure() -> None:
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError), province_collector():
        1 / 0  # noqa: B018
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_host_that_froze_keeps_its_frozen_objects() -> None:
    gc.freeze()
    held = gc.get_freeze_count()
    with province_collector() as tended:
        tended(FREEZE_EVERY_DAYS, 365, 0)
        assert gc.get_freeze_count() == held
    assert gc.get_freeze_count() == held
