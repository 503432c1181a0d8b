"""The fold never changes a state it was given: each step returns a new state (the service's
cache, the read models and a query as of a date may all hold the earlier one)."""

from __future__ import annotations

import copy
from pathlib import Path

from gradingcore.simulation import simulate, simulation_service
from gradingcore.state import evolve, fold


def test_every_step_leaves_the_state_it_was_given_as_it_was(tmp_path: Path) -> None:
    service = simulation_service(tmp_path / "province.db")
    simulate(service, enterprises=60, years=3, seed=5)
    kinds = set()
    for case_id in service.case_ids():
        history = service.history(case_id)
        state = None
        for n, event in enumerate(history):
            before = copy.deepcopy(state)
            after = evolve(state, event)
            assert after is not state
            assert state == before  # untouched by the step
            assert after == fold(history[: n + 1])
            assert after.version == event.originator_version
            kinds.add(type(event).__name__)
            state = after
    assert len(kinds) > 15  # the steps of the procedure and of the facts alike
    service.close()
