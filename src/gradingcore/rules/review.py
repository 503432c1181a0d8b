"""The review (第七条(三), 第十三至十五条): the team, the report, the score."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pendulum

from gradingcore.facts import Degree, Expert, Nonconformity, Title
from gradingcore.policy import Level
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.local import local_findings
from gradingcore.state import CaseState


def team_findings(
    judge: Judge,
    state: CaseState,
    experts: Sequence[Expert],
    on: pendulum.Date,
    *,
    organizing_unit_consulted: bool,
) -> list[Finding]:
    """Team size, expertise, each expert's qualification, and independence."""
    return [
        _team_size(judge, experts, on),
        judge.finding(
            "review.expertise",
            any(e.process_background for e in experts),
            "an expert with a background in the enterprise's processes or equipment"
            if any(e.process_background for e in experts)
            else "no expert has a background in the enterprise's processes or equipment",
        ),
        _qualification(judge, experts, on),
        _independence(judge, state, experts, on, organizing_unit_consulted),
        # The local schemes' conditions on reviewers (Changzhou's 评定人员库), where in force.
        *local_findings("team", judge, experts=experts),
    ]


def _team_size(judge: Judge, experts: Sequence[Expert], on: pendulum.Date) -> Finding:
    low = judge.value("review.team_size", "min_experts")
    high = judge.value("review.team_size", "max_experts")
    leaders = judge.value("review.team_size", "leaders")
    n, n_leaders = len(experts), sum(e.leader for e in experts)
    return judge.finding(
        "review.team_size",
        low <= n <= high and n_leaders == leaders,
        f"{n} experts ({low}-{high} needed), {n_leaders} leader(s) ({leaders} needed)",
        experts=n,
        leaders=n_leaders,
    )


def _qualification(judge: Judge, experts: Sequence[Expert], on: pendulum.Date) -> Finding:
    rule = "review.expert_qualification"
    min_years = judge.value(rule, "expert_min_years")
    leader_years = judge.value(rule, "leader_min_years")
    min_title = Title[judge.value(rule, "expert_min_title").upper()]
    leader_title = Title[judge.value(rule, "leader_min_title").upper()]
    min_degree = Degree[judge.value(rule, "min_degree").upper()]
    problems = []
    for e in experts:
        if e.degree < min_degree or not e.degree_related:
            problems.append(f"{e.name}: needs a related {min_degree.name.lower()} degree")
        if e.safety_work_years < min_years:
            problems.append(f"{e.name}: {e.safety_work_years} years of safety work (< {min_years})")
        if e.title < min_title:
            problems.append(f"{e.name}: title below {min_title.name.lower()}")
        if not e.trained_provincially:
            problems.append(f"{e.name}: no provincial standardization training passed")
        if e.leader and (e.title < leader_title or e.safety_work_years < leader_years):
            problems.append(
                f"{e.name} (leader): needs a {leader_title.name.lower()} title and "
                f"{leader_years} years of safety work"
            )
    return judge.finding(
        rule, not problems, "; ".join(problems) or "every expert is qualified", problems=problems
    )


def _independence(
    judge: Judge,
    state: CaseState,
    experts: Sequence[Expert],
    on: pendulum.Date,
    organizing_unit_consulted: bool,
) -> Finding:
    rule = "review.independence"
    since = on.subtract(years=judge.value(rule, "service_lookback_years"))
    consultants = {c for s in state.self_evaluations for c in s.consultants}
    problems = []
    if organizing_unit_consulted:
        problems.append("the organizing unit gave the enterprise training or consulting")
    for e in experts:
        if e.consulted_enterprise or e.name in consultants:
            problems.append(f"{e.name} gave the enterprise standardization training or consulting")
        if e.last_safety_service_on is not None and since <= e.last_safety_service_on <= on:
            problems.append(
                f"{e.name} served the enterprise on {e.last_safety_service_on} (since {since}): "
                "must stand aside"
            )
    return judge.finding(
        rule, not problems, "; ".join(problems) or "team and unit independent", problems=problems
    )


def score_in_range(judge: Judge, score: Decimal) -> Finding:
    """``score.range``: a self-evaluation or review score lies within the policy's range."""
    low, high = judge.value("score.range", "min"), judge.value("score.range", "max")
    return judge.finding(
        "score.range", low <= score <= high, f"score {score} in {low}-{high}", score=score
    )


def score_findings(
    judge: Judge,
    level: Level,
    score: Decimal,
    nonconformities: Sequence[Nonconformity],
    on: pendulum.Date,
) -> tuple[Finding, Finding]:
    """``score.range`` (refuses a bad score) and ``score.level_threshold`` (level met or not)."""
    in_range = score_in_range(judge, score)
    threshold = judge.value("score.level_threshold", f"level_{int(level)}")
    vetoed = [n.id for n in nonconformities if n.veto]
    met = score >= threshold and not vetoed
    detail = f"score {score}, level {int(level)} needs {threshold}"
    if vetoed:
        detail += f"; veto items: {', '.join(vetoed)}"
    return in_range, judge.finding(
        "score.level_threshold", met, detail, score=score, threshold=threshold, vetoed=vetoed
    )
