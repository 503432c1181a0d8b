"""Every view answers what the per-case queries answer for the same cases, on a simulated
province (tests/readmodels/conftest.py)."""

from __future__ import annotations

from collections import Counter

import pendulum
import pytest

from gradingcore import events as ev
from gradingcore.readmodels import FORM_ROWS, ReadModels, default_targets
from gradingcore.readmodels._reports import COLUMNS, LEVELS
from gradingcore.service import GradingService
from gradingcore.state import CaseState, Stage
from gradingcore.values import Role
from tests.readmodels.conftest import END


@pytest.fixture(scope="module")
def cases(caught_up: ReadModels) -> dict[object, tuple[list[ev.CaseEvent], CaseState]]:
    """Each case's history and state, read case by case from the store."""
    service = caught_up.service
    found = {}
    for case_id in service.case_ids():
        history = service.history(case_id)
        found[case_id] = (history, service.state(case_id))
    return found


def test_registry_equals_each_case_view(caught_up: ReadModels, cases: dict) -> None:
    service: GradingService = caught_up.service
    entries = {e.key.case_id: e for e in caught_up.registry(END)}
    assert len(entries) == len(cases) > 1000
    for case_id, (_, state) in cases.items():
        one = service.view(case_id, END)
        entry = entries[case_id]
        assert (entry.status, entry.level, entry.valid_until, entry.stage) == (
            one.status,
            one.level,
            one.valid_until,
            one.stage,
        )
        assert entry.township == state.township
    graded = caught_up.registry(END, status="graded", level=3)
    assert graded, "the province has graded enterprises"
    assert {e.key.case_id for e in graded} == {
        k for k, e in entries.items() if e.status == "graded" and e.level == 3
    }


def test_registry_filters_and_expiry_edges(caught_up: ReadModels) -> None:
    everything = caught_up.registry(END)
    region = everything[0].region
    assert {e.key for e in caught_up.registry(END, region=region)} == {
        e.key for e in everything if e.region == region
    }
    assert {e.key for e in caught_up.registry(END, industry="机械")} == {
        e.key for e in everything if e.industry == "机械"
    }
    held = sorted((e for e in everything if e.valid_until), key=lambda e: e.valid_until)
    first = held[0]
    days = (first.valid_until - END).days
    # valid_until exactly N days away is "expiring within N"; one day fewer is not.
    within = caught_up.registry(END, expiring_within=days)
    assert first.key in {e.key for e in within}
    assert first.key not in {e.key for e in caught_up.registry(END, expiring_within=days - 1)}


def test_board_equals_each_case_obligations(caught_up: ReadModels, cases: dict) -> None:
    service = caught_up.service
    expected = Counter()
    for case_id in cases:
        for o in service.view(case_id, END).obligations:
            expected[(case_id, o.rule_id, o.party, o.due, o.overdue)] += 1
    board = caught_up.obligations(END)
    got = Counter(
        (i.key.case_id, i.obligation.rule_id, i.obligation.party, i.due, i.obligation.overdue)
        for i in board
    )
    assert got == expected
    assert sum(expected.values()) > 100
    # Overdue first, then by due date.
    flags = [i.obligation.overdue for i in board]
    assert flags == sorted(flags, reverse=True)
    overdue = [i.due for i in board if i.obligation.overdue]
    assert overdue == sorted(overdue)
    # Filters: by role, overdue only, due within N days (both edges).
    enterprise = caught_up.obligations(END, role=Role.ENTERPRISE)
    assert {i.obligation.party for i in enterprise} == {Role.ENTERPRISE}
    assert all(i.obligation.overdue for i in caught_up.obligations(END, overdue=True))
    upcoming = sorted(i.due for i in board if i.due and i.due > END)
    if upcoming:
        days = (upcoming[0] - END).days
        assert any(i.due == upcoming[0] for i in caught_up.obligations(END, due_within=days))
        assert all(
            i.due is not None and i.due <= END.add(days=days - 1)
            for i in caught_up.obligations(END, due_within=days - 1)
        )


def _events(cases: dict, cls: type) -> list[tuple[object, ev.CaseEvent]]:
    return [(k, e) for k, (history, _) in cases.items() for e in history if isinstance(e, cls)]


def test_announced_and_revoked_equal_the_histories(caught_up: ReadModels, cases: dict) -> None:
    start, end = pendulum.Date(2024, 1, 1), pendulum.Date(2025, 6, 30)
    announced = caught_up.announced(start, end)
    expected = {
        (k, e.on, int(e.level), e.valid_until, e.copied_to)
        for k, e in _events(cases, ev.Announced)
        if start <= e.on <= end
    }
    assert {
        (a.key.case_id, a.on, int(a.level), a.until, a.copied_to) for a in announced
    } == expected
    assert len(expected) > 50
    assert all(a.copied_to for a in announced)
    revoked = caught_up.revoked(pendulum.Date(2023, 1, 1), END)
    assert {(r.key.case_id, r.on, r.trigger) for r in revoked} == {
        (k, e.on, e.trigger) for k, e in _events(cases, ev.Revoked)
    }
    # The period's edges: an announcement on the first or the last day is in, one day out is not.
    day = sorted(a.on for a in announced)[0]
    assert day in {a.on for a in caught_up.announced(day, day)}
    assert not caught_up.announced(day.add(days=1), day.add(days=1)) or all(
        a.on == day.add(days=1) for a in caught_up.announced(day.add(days=1), day.add(days=1))
    )


def test_publicity_equals_each_case_stage(caught_up: ReadModels, cases: dict) -> None:
    service = caught_up.service
    publicized = _events(cases, ev.Publicized)
    days = sorted({e.on for _, e in publicized})[:: max(1, len(publicized) // 15)]
    checked = 0
    for day in days:
        expected = set()
        for case_id, (history, _) in cases.items():
            if not any(isinstance(e, ev.Publicized) and e.on <= day for e in history):
                continue
            app = service.state(case_id, as_of=day).application
            if (
                app is not None
                and app.stage is Stage.PUBLICIZED
                and app.publicized_on <= day <= app.publicity_complete_on
            ):
                expected.add((case_id, app.publicity_complete_on))
        got = {(p.key.case_id, p.until) for p in caught_up.publicity(day)}
        assert got == expected
        checked += len(expected)
    assert checked > 10


def _month_end(year: int, month: int) -> pendulum.Date:
    return pendulum.Date(year, month, 1).end_of("month")


def test_monthly_form_equals_each_case(caught_up: ReadModels, cases: dict) -> None:
    service = caught_up.service
    township = next(s.township for _, s in cases.values() if s.township and s.township.isdigit())
    for year, month in ((2024, 6), (2025, 3), (2025, 12)):
        start, end = pendulum.Date(year, month, 1), _month_end(year, month)
        expected: Counter[tuple[str, int, str]] = Counter()
        for case_id, (history, state) in cases.items():
            if state.township != township or state.enterprise.industry not in FORM_ROWS:
                continue
            row = state.enterprise.industry
            for e in history:
                if isinstance(e, ev.Announced) and e.on <= end:
                    expected[(row, int(e.level), "累计完成")] += 1
                    if e.on >= start:
                        expected[(row, int(e.level), "当月完成")] += 1
            if history[0].on > end:
                continue
            app = service.state(case_id, as_of=end).application
            if app is not None and app.is_open and (app.accepted_on or app.resubmitted_on):
                expected[(row, int(app.level), "正在评审")] += 1
        form = caught_up.monthly_form(year, month, township=township)
        got = Counter(
            {
                (r.industry, int(level), column): r.cell(level, column)
                for r in form.rows[:-1]
                for level in LEVELS
                for column in COLUMNS
                if r.cell(level, column)
            }
        )
        assert got == expected


def test_form_totals_and_cumulative(caught_up: ReadModels) -> None:
    """合计 is the sum of the rows; this month's cumulative is last month's plus this month's."""
    previous = caught_up.monthly_form(2023, 12, region="410000")
    nonzero = 0
    for month in range(1, 13):
        form = caught_up.monthly_form(2024, month, region="410000")
        sums = [sum(r.counts[i] for r in form.rows[:-1]) for i in range(9)]
        assert list(form.total.counts) == sums
        for row, before in zip(form.rows, previous.rows, strict=True):
            for level in LEVELS:
                assert row.cell(level, "累计完成") == before.cell(level, "累计完成") + row.cell(
                    level, "当月完成"
                )
        nonzero += sum(form.total.counts)
        previous = form
    assert nonzero > 0


def test_ranking_orders_townships(caught_up: ReadModels) -> None:
    ranking = caught_up.quarterly_ranking(2025, 2, "410000")
    assert [r.rank for r in ranking] == list(range(1, len(ranking) + 1))
    keys = [(-r.completed, -r.cumulative, r.township) for r in ranking]
    assert keys == sorted(keys)
    assert any(r.completed for r in ranking)
    total = caught_up.monthly_form(2025, 6, region="410000").total
    assert sum(r.cumulative for r in ranking) <= sum(
        total.cell(level, "累计完成") for level in LEVELS
    )


def test_targets_equal_each_case(caught_up: ReadModels, cases: dict) -> None:
    on = pendulum.Date(2025, 6, 30)
    for target in default_targets():
        if target.milestone:  # no counts (tests/schemes/test_scheme_targets.py)
            continue
        scoped = [s for _, s in cases.values() if s.enterprise.region.startswith(target.region)]
        # The simulated regions are cities: widen the target to the province, and its deadline
        # to the day asked about (the simulation starts in 2023), to exercise it.
        widened = type(target)(**{**_fields(target), "region": "410000", "deadline": on})
        progress = caught_up.targets(on, [widened])[0]
        states = [s for _, s in cases.values()]
        in_scope = [s for s in states if widened.covers(s)]
        done = [s for s in in_scope if widened.done(s, on)]
        assert progress.in_scope == len(in_scope) > 0
        assert progress.done == len(done)
        assert progress.in_scope == progress.done + progress.in_progress + progress.not_started
        assert not scoped or progress.in_scope >= len(scoped)


def _fields(target: object) -> dict:
    import attrs

    return attrs.asdict(target, recurse=False)  # type: ignore[arg-type]
