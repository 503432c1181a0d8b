"""Drafts compared: the same simulated province under the policy in force and under a draft.

Both runs have the same seed, the same population and the same behaviour: each enterprise
draws from its own random stream, so until a rule decides differently for it, it lives the
same life in both. The comparison reports, side by side, the cases graded, failed, locked out
and revoked per level and industry, the authorities' work per month, and every case whose
outcome differs, with the first step where its two histories part and the rule ids that made
the difference (docs/simulation.md, "Drafts compared").
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pendulum

from gradingcore import events as ev
from gradingcore.decisions import governing_policy
from gradingcore.errors import GradingError
from gradingcore.policy import Policy, PolicyRef, PolicyRegistry, default_policies
from gradingcore.rules import Judge, open_obligations
from gradingcore.serialization import to_state
from gradingcore.service import GradingService
from gradingcore.simulation._behaviour import Behaviour
from gradingcore.simulation._simulator import (
    DEFAULT_START,
    Progress,
    simulate_runs,
    simulation_service,
)
from gradingcore.simulation._summary import Cell, Summary, cell
from gradingcore.simulation._world import FirmRun
from gradingcore.state import CaseState, fold
from gradingcore.values import CaseKey, Role
from gradingcore.views import Status

#: What each side counts per (level, industry).
TALLIES = ("graded", "failed", "locked_out", "revoked")
#: The authorities' work per month: reviews held, publicities begun, levels announced, and the
#: obligations of the authority, organizing unit or review team overdue at the month's end.
WORKLOAD = ("reviews", "publicity", "announcements", "overdue")
_WORK_EVENTS = {ev.Reviewed: "reviews", ev.Publicized: "publicity", ev.Announced: "announcements"}
_OFFICIALS = (Role.AUTHORITY, Role.ORGANIZING_UNIT, Role.REVIEW_TEAM)
#: Envelope fields that say how a step was recorded, not what happened.
_ENVELOPE = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "actor",
        "policy",
        "rules",
        "breaches",
        "calendar_version",
        "correlation_id",
        "causation_id",
        "command_id",
        "previous_hash",
        "digest",
    }
)


@attrs.frozen
class Side:
    """One run of the province: its summary, its tallies and its monthly workload."""

    label: str
    summary: Summary
    #: (level or None, industry) -> {graded, failed, locked_out, revoked}
    tallies: Mapping[tuple[int | None, str], Mapping[str, int]]
    #: "YYYY-MM" -> {reviews, publicity, announcements, overdue}
    workload: Mapping[str, Mapping[str, int]]

    def total(self, tally: str, level: int | None = None) -> int:
        """A tally over every industry (and every level, unless one is given)."""
        return sum(
            counts[tally]
            for (lv, _), counts in self.tallies.items()
            if level is None or lv == level
        )


@attrs.frozen
class Difference:
    """A case whose outcome differs: where it ends on each side, the first step where its
    histories part (what each side did that day) and the rule ids that made the difference."""

    key: CaseKey
    industry: str
    in_force: Cell
    draft: Cell
    parted_on: pendulum.Date | None
    in_force_step: str
    draft_step: str
    rule_ids: tuple[str, ...]


@attrs.frozen
class Comparison:
    """The province under the policy in force and under the draft, side by side."""

    draft_policy: PolicyRef
    enterprises: int
    years: int
    seed: int
    start: pendulum.Date
    end: pendulum.Date
    in_force: Side
    draft: Side
    differences: tuple[Difference, ...]
    elapsed_seconds: float = attrs.field(eq=False, default=0.0)

    def differing_by_rule(self) -> dict[str, int]:
        """How many differing cases each rule id made differ, most first."""
        counts: Counter[str] = Counter()
        for difference in self.differences:
            counts.update(difference.rule_ids or ("(none named)",))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def compare(
    draft: Policy,
    *,
    enterprises: int,
    years: int,
    seed: int = 0,
    start: pendulum.Date = DEFAULT_START,
    policies: PolicyRegistry | None = None,
    behaviour: Behaviour | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Simulate the same province twice, in memory: under ``policies`` (default: the packaged
    ones, drafts not chosen) and under them with ``draft`` in force and chosen first wherever
    it applies (:meth:`PolicyRegistry.comparing`)."""
    began = time.perf_counter()
    base = policies or default_policies()
    sides: list[tuple[Side, GradingService, list[FirmRun]]] = []
    for label, registry in (("in force", base), (str(draft.ref), base.comparing(draft))):
        service = simulation_service("memory", start=start, policies=registry)
        summary, runs = simulate_runs(
            service,
            enterprises=enterprises,
            years=years,
            seed=seed,
            start=start,
            behaviour=behaviour,
            progress=progress,
        )
        histories = {run.firm.key: _history(service, run.firm.key) for run in runs}
        side = Side(
            label,
            summary,
            _tallies(runs, summary.end),
            _workload(registry, service, histories, summary.start, summary.end),
        )
        sides.append((side, service, runs))
    (a, service_a, runs_a), (b, service_b, runs_b) = sides
    differences = tuple(
        d
        for run_a, run_b in zip(runs_a, runs_b, strict=True)
        if (d := _difference(base, run_a, run_b, service_a, service_b, a.summary.end))
    )
    return Comparison(
        draft_policy=draft.ref,
        enterprises=enterprises,
        years=years,
        seed=seed,
        start=a.summary.start,
        end=a.summary.end,
        in_force=a,
        draft=b,
        differences=differences,
        elapsed_seconds=time.perf_counter() - began,
    )


def _history(service: GradingService, key: CaseKey) -> list[ev.CaseEvent]:
    try:
        return service.history(key)
    except GradingError:
        return []  # the enterprise never acted: no case was opened


def _tallies(
    runs: Sequence[FirmRun], end: pendulum.Date
) -> dict[tuple[int | None, str], dict[str, int]]:
    tallies: dict[tuple[int | None, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(TALLIES, 0)
    )
    for run in runs:
        status, level, industry = cell(run.state, run.firm.industry, end)
        counts = tallies[(int(level) if level else None, industry)]
        state = run.state
        counts["graded"] += status is Status.GRADED
        counts["failed"] += bool(state and state.failures)
        counts["locked_out"] += any(
            any(r.startswith("lockout.") for r in rules) for _, _, rules in run.refusals
        )
        counts["revoked"] += bool(state and state.revocations)
    return dict(sorted(tallies.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])))


def _month_ends(start: pendulum.Date, end: pendulum.Date) -> list[pendulum.Date]:
    months = []
    day = start.end_of("month")
    while day <= end:
        months.append(day)
        day = day.add(days=1).end_of("month")
    return months


def _workload(
    registry: PolicyRegistry,
    service: GradingService,
    histories: Mapping[CaseKey, Sequence[ev.CaseEvent]],
    start: pendulum.Date,
    end: pendulum.Date,
) -> dict[str, dict[str, int]]:
    months = _month_ends(start, end)
    work = {f"{m.year}-{m.month:02d}": dict.fromkeys(WORKLOAD, 0) for m in months}
    for key, history in histories.items():
        for event in history:
            name = _WORK_EVENTS.get(type(event))
            if name is not None:
                work[f"{event.on.year}-{event.on.month:02d}"][name] += 1
        if not any(isinstance(e, ev.Applied) for e in history):
            continue  # no application: no official owes this case anything
        state: CaseState | None = None
        i = 0
        for month_end in months:
            while i < len(history) and history[i].on <= month_end:
                state = fold([history[i]], state)
                i += 1
            if state is None or state.application is None:
                continue
            policy = governing_policy(registry, key, state, month_end)
            judge = Judge(policy, service.calendar, month_end)
            overdue = [
                o
                for o in open_obligations(judge, state, month_end)
                if o.overdue and o.party in _OFFICIALS
            ]
            work[f"{month_end.year}-{month_end.month:02d}"]["overdue"] += len(overdue)
    return work


def _trace(
    history: Iterable[ev.CaseEvent], refusals: Iterable[tuple[pendulum.Date, str, tuple[str, ...]]]
) -> list[tuple[pendulum.Date, str, Any, ev.CaseEvent | None, tuple[str, ...]]]:
    """An enterprise's life as comparable steps: its events (what happened, not how it was
    recorded) and its refused commands, by day."""
    steps: list[tuple[pendulum.Date, str, Any, ev.CaseEvent | None, tuple[str, ...]]] = []
    for event in history:
        payload = {k: v for k, v in to_state(event).items() if k not in _ENVELOPE}
        steps.append((event.on, event.name, repr(sorted(payload.items())), event, ()))
    for on, command, rule_ids in refusals:
        steps.append((on, f"{command} refused", rule_ids, None, rule_ids))
    return sorted(steps, key=lambda s: s[0])  # stable: each day's events, then its refusals


def _difference(
    base: PolicyRegistry,
    run_a: FirmRun,
    run_b: FirmRun,
    service_a: GradingService,
    service_b: GradingService,
    end: pendulum.Date,
) -> Difference | None:
    outcome_a = cell(run_a.state, run_a.firm.industry, end)
    outcome_b = cell(run_b.state, run_b.firm.industry, end)
    if outcome_a == outcome_b:
        return None
    key = run_a.firm.key
    trace_a = _trace(_history(service_a, key), run_a.refusals)
    trace_b = _trace(_history(service_b, key), run_b.refusals)
    for i in range(max(len(trace_a), len(trace_b))):
        step_a = trace_a[i] if i < len(trace_a) else None
        step_b = trace_b[i] if i < len(trace_b) else None
        if step_a is not None and step_b is not None and step_a[:3] == step_b[:3]:
            continue
        on = min(s[0] for s in (step_a, step_b) if s is not None)
        return Difference(
            key=key,
            industry=run_a.firm.industry,
            in_force=outcome_a,
            draft=outcome_b,
            parted_on=on,
            in_force_step=_describe(step_a),
            draft_step=_describe(step_b),
            rule_ids=_rules_apart(service_a.policies, service_b.policies, step_a, step_b),
        )
    return Difference(key, run_a.firm.industry, outcome_a, outcome_b, None, "", "", ())


def _describe(step: tuple[pendulum.Date, str, Any, Any, Any] | None) -> str:
    if step is None:
        return "nothing more"
    on, label, _, _, rule_ids = step
    return f"{on.isoformat()} {label}" + (f" ({', '.join(rule_ids)})" if rule_ids else "")


def _rules_apart(
    policies_a: PolicyRegistry,
    policies_b: PolicyRegistry,
    step_a: tuple[Any, str, Any, ev.CaseEvent | None, tuple[str, ...]] | None,
    step_b: tuple[Any, str, Any, ev.CaseEvent | None, tuple[str, ...]] | None,
) -> tuple[str, ...]:
    """The rule ids that made the two steps differ: a refusal's on one side only; else the
    rules the two events rest on whose text or numbers differ between their policies."""
    refused_a = set(step_a[4]) if step_a else set()
    refused_b = set(step_b[4]) if step_b else set()
    if refused_a ^ refused_b:
        return tuple(sorted(refused_a ^ refused_b))
    events = [s[3] for s in (step_a, step_b) if s is not None and s[3] is not None]
    ids = sorted({r for e in events for r in (*e.rules, *(d.rule_id for d in e.deadlines))})
    if len(events) < 2:
        return tuple(ids)
    policy_a = policies_a.get(events[0].policy.id, events[0].policy.version)
    policy_b = policies_b.get(events[1].policy.id, events[1].policy.version)
    return tuple(r for r in ids if policy_a.rules.get(r) != policy_b.rules.get(r))


__all__ = ["TALLIES", "WORKLOAD", "Comparison", "Difference", "Side", "compare"]
