"""The views' storage: in the events' own database only, the position only moves forward (a
batch applied again is refused whole), stored states read back only as our own classes."""

from __future__ import annotations

import os
import pickle
from operator import attrgetter

import attrs
import pendulum
import pytest

from gradingcore.errors import InvalidInput
from gradingcore.readmodels import ReadModels
from gradingcore.readmodels._cases import _build, dump_state, load_state
from gradingcore.readmodels._storage import ViewPositionConflict
from gradingcore.service import GradingService
from gradingcore.state import CaseState


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
    with pytest.raises(ViewPositionConflict):
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


def test_a_state_written_by_attrs_own_pickling_still_reads_back(province: GradingService) -> None:
    """Stores caught up before decision 0067 hold states pickled by attrs (field names and
    values): they read back as the same states."""
    state = province.state(next(iter(province.case_ids())))
    assert load_state(pickle.dumps(state, protocol=5)) == state
    assert load_state(dump_state(state)) == state
    assert len(dump_state(state)) < len(pickle.dumps(state, protocol=5))


def test_a_stored_class_of_another_shape_is_refused(province: GradingService) -> None:
    """A state written before a class gained or lost a field is refused, naming the rebuild,
    rather than read back with a field missing or in the wrong place."""
    state = province.state(next(iter(province.case_ids())))
    n = len(attrs.fields(CaseState))
    with pytest.raises(pickle.UnpicklingError, match=f"CaseState has {n + 1} fields, not {n}"):
        load_state(_build_with_one_more_field(state))


def _build_with_one_more_field(state: CaseState) -> bytes:
    """The state's pickle with its CaseState written with one value too many."""
    values = attrgetter(*(f.name for f in attrs.fields(CaseState)))(state)
    return pickle.dumps(_Shaped(CaseState, (*values, None)), protocol=5)


class _Shaped:
    def __init__(self, cls: type, values: tuple[object, ...]) -> None:
        self.cls, self.values = cls, values

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (_build, (self.cls, self.values))


def test_a_stored_state_builds_only_attrs_classes() -> None:
    with pytest.raises(pickle.UnpicklingError, match="may not build"):
        load_state(pickle.dumps(_Shaped(pendulum.Date, (2024, 1, 1)), protocol=5))
