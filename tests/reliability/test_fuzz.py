"""Fuzzing (docs/reliability.md, "Fuzzing"): random command payloads, import files and scenario
files raise nothing but typed GradingErrors, and a refusal writes nothing (the store's bytes and
row count unchanged, its chains verifying)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradingcore import (
    Actor,
    CaseKey,
    Enterprise,
    GradingError,
    GradingService,
    ManualClock,
    import_histories,
)
from gradingcore import commands as c
from gradingcore.importing import load
from gradingcore.inputs import payload_fields
from gradingcore.scenarios import parse_scenario
from tests.reliability.conftest import fingerprint

KEY = CaseKey("91410882MA0000001T", "机械")
ACTORS = [
    Actor("ent-1", "enterprise"),
    Actor("hn-academy", "organizing_unit"),
    Actor("team-1", "review_team"),
    Actor("hn", "authority", "province"),
    Actor("jz", "supervisor"),
]
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Any JSON value, and the Python values a caller might pass instead of the right one.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
python_values = (
    json_values
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.dates().map(lambda d: pendulum.date(d.year, d.month, d.day))
    | st.text(min_size=4000, max_size=4200)
    | st.sampled_from([Decimal("NaN"), Decimal("1e30"), -1, 10**9, 1.5, True, "2", ""])
)


def _rows(store: Path) -> int:
    with sqlite3.connect(store) as db:
        return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> tuple[GradingService, Path]:
    store = tmp_path_factory.mktemp("fuzz") / "cases.db"
    service = GradingService(str(store), clock=ManualClock("2024-05-10"))
    service.execute(c.OpenCase(case=KEY, actor=ACTORS[0], enterprise=Enterprise("恒通", "机械")))
    return service, store


@FUZZ
@given(data=st.data())
def test_command_payloads(opened: tuple[GradingService, Path], data: st.DataObject) -> None:
    service, store = opened
    name = data.draw(st.sampled_from(sorted(c.COMMANDS)), label="step")
    payload = {
        field: data.draw(python_values, label=field)
        for field, spec in payload_fields(name).items()
        if spec.default is attrs.NOTHING or data.draw(st.booleans())  # required ones always
    }
    before, rows = fingerprint(store), _rows(store)
    try:
        command = c.COMMANDS[name](
            case=KEY,
            actor=data.draw(st.sampled_from(ACTORS)),
            on=data.draw(st.sampled_from([None, pendulum.date(2024, 5, 10)])),
            **payload,
        )
        outcome = service.execute(command)
    except GradingError:
        assert fingerprint(store) == before
        assert _rows(store) == rows
        return
    assert _rows(store) == rows + len(outcome.events)
    assert service.verify(KEY) == []


@FUZZ
@given(data=st.data())
def test_import_files(
    document: dict[str, Any], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A valid import document with one value replaced by anything: parsed and judged, it is
    imported whole or refused with a GradingError, writing nothing."""
    doc = json.loads(json.dumps(document))
    node: Any = doc
    path = []
    while isinstance(node, dict | list) and node and data.draw(st.integers(0, 5)) > 0:
        key = data.draw(
            st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
        )
        path.append(key)
        if not isinstance(node[key], dict | list) or not node[key]:
            break
        node = node[key]
    if path:
        parent: Any = doc
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = data.draw(json_values, label=f"value at {path}")
    text = json.dumps(doc, ensure_ascii=False)
    store = tmp_path_factory.mktemp("import") / "cases.db"
    service = GradingService(str(store), clock=ManualClock("2025-12-31"))
    before = fingerprint(store)
    try:
        import_histories(service, load(text))
    except GradingError:
        assert fingerprint(store) == before
        assert list(service.case_ids()) == []


@FUZZ
@given(
    text=st.text(max_size=300) | json_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))
)
def test_scenario_files(text: str) -> None:
    with contextlib.suppress(GradingError):
        parse_scenario(text, "scenario_fuzz.yaml")


@FUZZ
@given(raw=st.binary(max_size=300))
def test_import_bytes(raw: bytes) -> None:
    with contextlib.suppress(GradingError):
        load(raw)
