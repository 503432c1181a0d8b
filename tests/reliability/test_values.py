"""Values are checked where they are built (docs/reliability.md, "Bounded input"): each bad value
is InvalidInput naming the field, at both edges of its bound (policy/data/limits/input.toml),
and a command refused for it writes nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest

from gradingcore import Actor, CaseKey, Enterprise, GradingService, InvalidInput, ManualClock
from gradingcore import commands as c
from gradingcore.facts import WorkGroup, YearStatistics
from gradingcore.importing import load
from gradingcore.limits import limits
from tests.reliability.conftest import fingerprint

KEY = CaseKey("91410882MA0000001T", "机械")
SUPERVISOR = Actor("jz-inspector", "supervisor")
ENTERPRISE = Actor("ent-1", "enterprise")
L = limits()


def incident(**payload: Any) -> c.RecordIncident:
    return c.RecordIncident(case=KEY, actor=SUPERVISOR, incident_id="i-1", **payload)


def refused(field: str, build: Any) -> str:
    with pytest.raises(InvalidInput) as caught:
        build()
    assert field in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize("number", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_not_finite(number: str) -> None:
    refused("RecordIncident.direct_loss_cny", lambda: incident(direct_loss_cny=Decimal(number)))
    refused(
        "SelfEvaluate.score",
        lambda: c.SelfEvaluate(
            case=KEY,
            actor=ENTERPRISE,
            score=Decimal(number),
            claimed_level=2,
            workgroup=WorkGroup("总经理", True, 3),
        ),
    )
    refused("YearStatistics.lost_workdays", lambda: YearStatistics(2023, number, 0, 0, 0, 0))


def test_losses_at_both_edges() -> None:
    assert incident(direct_loss_cny=L.max_loss_cny).direct_loss_cny == L.max_loss_cny
    refused("direct_loss_cny", lambda: incident(direct_loss_cny=L.max_loss_cny + 1))
    refused("direct_loss_cny", lambda: incident(direct_loss_cny=Decimal(-1)))


def test_people_at_both_edges() -> None:
    assert incident(deaths=L.max_deaths).deaths == L.max_deaths
    refused("RecordIncident.deaths", lambda: incident(deaths=L.max_deaths + 1))
    assert incident(serious_injuries=L.max_injuries).serious_injuries == L.max_injuries
    refused(
        "RecordIncident.serious_injuries", lambda: incident(serious_injuries=L.max_injuries + 1)
    )
    refused("RecordIncident.deaths", lambda: incident(deaths=-1))


@pytest.mark.parametrize("count", [1.5, Decimal("1.5"), True, "2"])
def test_counts_are_whole_numbers(count: Any) -> None:
    """1.5 injuries was stored and replayed as 1; True was stored as 1."""
    refused("RecordIncident.serious_injuries", lambda: incident(serious_injuries=count))


def test_text_at_both_edges() -> None:
    assert incident(description="字" * L.max_chars).description
    refused("RecordIncident.description", lambda: incident(description="字" * (L.max_chars + 1)))
    assert c.RecordPenalty(case=KEY, actor=SUPERVISOR, penalty_id="p" * L.max_id_chars)
    refused(
        "RecordPenalty.penalty_id",
        lambda: c.RecordPenalty(case=KEY, actor=SUPERVISOR, penalty_id="p" * (L.max_id_chars + 1)),
    )
    refused("Enterprise.name", lambda: Enterprise("厂" * (L.max_chars + 1), "机械"))


def test_unknown_level_role_authority() -> None:
    assert c.Apply(case=KEY, actor=ENTERPRISE, level=2).level == 2
    message = refused("Apply.level", lambda: c.Apply(case=KEY, actor=ENTERPRISE, level=4))
    assert "one of 1, 2, 3" in message
    refused("Apply.level", lambda: c.Apply(case=KEY, actor=ENTERPRISE, level=True))
    refused("Actor.role", lambda: Actor("x", "inspector"))
    refused("Actor.authority", lambda: Actor("x", "authority", "county"))


def test_dates_are_dates() -> None:
    """A date given as text was an AttributeError deep in a rule."""
    refused("Apply.on", lambda: c.Apply(case=KEY, actor=ENTERPRISE, level=2, on="2024-01-01"))
    refused("Apply.on", lambda: c.Apply(case=KEY, actor=ENTERPRISE, level=2, on=20240101))
    year = L.max_year + 1
    refused(
        "Apply.on",
        lambda: c.Apply(case=KEY, actor=ENTERPRISE, level=2, on=pendulum.date(year, 1, 1)),
    )


def test_a_fact_far_in_the_future_writes_nothing(tmp_path: Path) -> None:
    """A fact dated after the day it is recorded (by more than one day) is refused, and the
    store is byte-for-byte unchanged; one day ahead (a time-zone slip) is accepted."""
    store = tmp_path / "cases.db"
    clock = ManualClock("2024-05-10")
    service = GradingService(str(store), clock=clock)
    enterprise = Enterprise("焦作市恒通机械有限公司", "机械")
    service.execute(c.OpenCase(case=KEY, actor=ENTERPRISE, enterprise=enterprise))
    before = fingerprint(store)
    ahead = L.max_future_days_fact + 1
    with pytest.raises(InvalidInput, match="facts are recorded after they happen"):
        service.execute(
            c.RecordPenalty(
                case=KEY, actor=SUPERVISOR, penalty_id="p-1", on=pendulum.date(2024, 5, 10 + ahead)
            )
        )
    assert fingerprint(store) == before
    on_edge = pendulum.date(2024, 5, 10 + L.max_future_days_fact)
    service.execute(c.RecordPenalty(case=KEY, actor=SUPERVISOR, penalty_id="p-2", on=on_edge))
    assert len(service.history(KEY)) == 2


def _import_with(document: dict[str, Any], change: Any) -> str:
    doc = json.loads(json.dumps(document))
    change(doc)
    with pytest.raises(InvalidInput) as caught:
        load(doc)
    return str(caught.value)


def _first(doc: dict[str, Any], step: str) -> dict[str, Any]:
    return next(e for e in doc["cases"][0]["events"] if e["type"] == step)


def test_no_quiet_conversion_in_import(document: dict[str, Any]) -> None:
    """``true`` was read as the score 1 and ``null`` as the name "None"."""
    score = lambda d: _first(d, "self_evaluate")["payload"].update(score=True)  # noqa: E731
    assert "score" in _import_with(document, score)
    name = lambda d: d["cases"][0]["enterprise"].update(name=None)  # noqa: E731
    assert "cases[0].enterprise" in _import_with(document, name)
    level = lambda d: _first(d, "apply")["payload"].update(level="2")  # noqa: E731
    assert "level" in _import_with(document, level)
    role = lambda d: _first(d, "apply")["actor"].update(role="boss")  # noqa: E731
    assert "role" in _import_with(document, role)
    load(document)  # the document itself is fine
