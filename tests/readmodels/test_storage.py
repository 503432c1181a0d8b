"""The views' storage: in the events' own database only, the position only moves forward (a
batch applied again is refused whole), stored states read back only as our own classes."""

from __future__ import annotations

import os
import pickle

import pytest
from eventsourcing.persistence import IntegrityError

from gradingcore.errors import InvalidInput
from gradingcore.readmodels import ReadModels
from gradingcore.readmodels._cases import load_state
from gradingcore.service import GradingService


def test_views_need_a_database_beside_the_events() -> None:
    with pytest.raises(InvalidInput, match="SQLite file or a postgresql"):
        ReadModels(GradingService("memory"))


def test_a_batch_applied_again_is_refused_with_its_rows(province: GradingService) -> None:
    models = ReadModels(province)
    page = province.notifications(1, 50)
    models.catch_up(["lists"], until=page[-1][0])
    view = models.views["lists"]
    rows = models.store.query("SELECT COUNT(*) FROM rm_lists_enterprise")
    assert view.position() == page[-1][0]
    for number, event in page:  # the same events once more, as a second runner would
        view.process(event, number)
    with pytest.raises(IntegrityError):
        view.commit()
    assert models.store.query("SELECT COUNT(*) FROM rm_lists_enterprise") == rows
    assert view.position() == page[-1][0]


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("true",))


def test_a_stored_state_names_only_our_classes() -> None:
    with pytest.raises(pickle.UnpicklingError, match="may not name"):
        load_state(pickle.dumps(_Evil()))
    with pytest.raises(pickle.UnpicklingError, match="is a dict"):
        load_state(pickle.dumps({"a": 1}))
