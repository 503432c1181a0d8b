"""The collector during a province run (decisions 0086, 0098): the same history, no cyclic
garbage left for the collector, and the process's collector as it was afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gradingcore.simulation import province_collector, simulate, simulation_service


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def _heads(service: object) -> dict[object, str]:
    return {i: service.history(i)[-1].digest for i in service.case_ids()}  # type: ignore[attr-defined]


def test_the_same_history_and_the_collector_restored() -> None:
    plain, tuned = simulation_service("memory"), simulation_service("memory")
    expected = simulate(plain, enterprises=80, years=1, seed=3)
    days: list[int] = []
    assert gc.isenabled()
    with province_collector(lambda done, total, events: days.append(done)) as tended:
        assert not gc.isenabled()
        summary = simulate(tuned, enterprises=80, years=1, seed=3, progress=tended)
    assert summary == expected
    assert _heads(tuned) == _heads(plain)
    assert days[-1] == (summary.end - summary.start).days + 1  # the caller's progress, called
    assert len(days) > 100
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what the run left is not walked again at once


def test_the_run_leaves_almost_no_cyclic_garbage() -> None:
    """With the collector off, a cycle made per step would stay until the run ends: a refusal
    that kept its traceback left about 24,000 objects at 1,000 enterprises (decision 0086)."""
    gc.collect()
    service = simulation_service("memory")
    with province_collector() as tended:
        summary = simulate(service, enterprises=300, years=2, seed=5, progress=tended)
        assert summary.refused > 0  # refusals were handed back, the cycles' old source
        garbage = gc.collect()
    assert garbage < 200


def test_restored_after_a_failure() -> None:
    with pytest.raises(ZeroDivisionError), province_collector():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_host_that_switched_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    with province_collector():
        assert not gc.isenabled()
    assert not gc.isenabled()
