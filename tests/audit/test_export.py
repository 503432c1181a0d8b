"""Exporting a history to the import format and importing it again records the same events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pendulum
import pytest

from gradingcore import GradingService, ManualClock
from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.importing import FORMAT, export_history, import_histories, load
from gradingcore.values import Actor
from tests.case.harness import ENTERPRISE, UNIT, Case, D

SYSTEM = Actor("deadline-watch", "system")
APPLIED = "2024-03-18"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock("2024-01-02")


@pytest.fixture
def service(clock: ManualClock) -> Iterator[GradingService]:
    svc = GradingService("memory", clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def life(service: GradingService, clock: ManualClock) -> Case:
    life = Case(service, clock)
    life.self_evaluate("2024-03-01")
    life.run(c.Apply, APPLIED, ENTERPRISE, level=2)
    return life


def correction_due(life: Case) -> pendulum.Date:
    """The last day of the correction period the application set."""
    applied = life.service.history(life.key)[-1]
    assert isinstance(applied, ev.Applied)
    return next(d.due for d in applied.deadlines if d.rule_id == "intake.correction")


def round_trip(life: Case) -> tuple[dict[str, Any], list[ev.CaseEvent]]:
    """The case exported, and the history its import records in a new store."""
    case = export_history(life.service.history(life.key))
    target = GradingService("memory", clock=ManualClock("2024-01-02"))
    import_histories(target, load({"format": FORMAT, "cases": [case]}))
    return case, target.history(life.key)


def digests(events: list[ev.CaseEvent]) -> list[str]:
    return [e.digest for e in events]


class TestExportDeemedAcceptance:
    def test_a_case_waiting_at_accepted(self, life: Case) -> None:
        """A deemed acceptance with nothing after it is exported as an accept step dated the
        day it was taken, and imported again with the same digests."""
        taken = correction_due(life).add(days=1)
        life.run(c.Accept, str(taken), UNIT)
        original = life.service.history(life.key)
        assert isinstance(original[-1], ev.ApplicationAccepted)
        assert original[-1].deemed
        case, imported = round_trip(life)
        last = case["events"][-1]
        assert (last["type"], last["on"]) == ("accept", str(taken))
        assert digests(imported) == digests(original)

    def test_deemed_by_the_system(self, life: Case) -> None:
        """A deemed acceptance recorded by the system actor round-trips too."""
        life.run(c.Accept, str(life.wd(correction_due(life), 3)), SYSTEM)
        original = life.service.history(life.key)
        assert digests(round_trip(life)[1]) == digests(original)

    def test_explicit_acceptance_on_the_last_day(self, life: Case) -> None:
        """An acceptance on the last day of the correction period is explicit and dated that
        day; it round-trips unchanged."""
        due = correction_due(life)
        life.run(c.Accept, str(due), UNIT)
        original = life.service.history(life.key)
        assert not original[-1].deemed  # type: ignore[attr-defined]
        case, imported = round_trip(life)
        assert case["events"][-1]["on"] == str(due)
        assert digests(imported) == digests(original)

    def test_recorded_before_its_business_date(self, life: Case, clock: ManualClock) -> None:
        """A deemed acceptance whose recording clock lagged behind (recorded on a day inside
        the correction period) is exported as taken the first day after the period, which
        records the same event."""
        due = correction_due(life)
        clock.set(D(APPLIED))
        life.service.execute(
            c.Accept(case=life.key, actor=UNIT, on=due.add(days=1), enterprise=life.enterprise)
        )
        original = life.service.history(life.key)
        assert original[-1].deemed  # type: ignore[attr-defined]
        case, imported = round_trip(life)
        assert case["events"][-1]["on"] == str(due.add(days=1))
        assert digests(imported) == digests(original)

    def test_deemed_then_forwarded_later(self, life: Case) -> None:
        """A deemed acceptance followed by a forward of its own stays two steps; the forward
        imported does not deem the application again."""
        accepted = correction_due(life).add(days=1)
        life.run(c.Accept, str(accepted), UNIT)
        life.run(c.Forward, str(life.wd(accepted, 1)), UNIT, opinion="符合申请条件")
        original = life.service.history(life.key)
        case, imported = round_trip(life)
        assert [s["type"] for s in case["events"]] == [
            "self_evaluate",
            "apply",
            "accept",
            "forward",
        ]
        assert digests(imported) == digests(original)

    def test_deemed_by_the_forward(self, life: Case) -> None:
        """A forward that records the deemed acceptance first is one step; importing it records
        both events again."""
        life.run(c.Forward, str(life.wd(D(APPLIED), 6)), UNIT)
        original = life.service.history(life.key)
        assert [type(e) for e in original[-2:]] == [
            ev.ApplicationAccepted,
            ev.ApplicationForwarded,
        ]
        case, imported = round_trip(life)
        assert [s["type"] for s in case["events"]] == ["self_evaluate", "apply", "forward"]
        assert digests(imported) == digests(original)
