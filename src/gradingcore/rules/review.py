"""The review (第七条(三), 第十三至十五条): the team, the report, the score."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pendulum

from gradingcore.facts import Degree, Expert, ExpertDraw, Nonconformity, Title
from gradingcore.policy import Level
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.local import local_findings
from gradingcore.state import CaseState


def team_findings(
    judge: Judge,
    state: CaseState,
    level: Level,
    experts: Sequence[Expert],
    on: pendulum.Date,
    *,
    organizing_unit_consulted: bool,
    organizing_unit_served_on: pendulum.Date | None = None,
    draw: ExpertDraw | None = None,
) -> list[Finding]:
    """Team size, expertise, each expert's qualification, and independence (the last two where
    the policy holds them: they are Henan's rules, docs/decisions/0012 and 0014)."""
    findings = [
        _team_size(judge, experts, on),
        judge.finding(
            "review.expertise",
            any(e.process_background for e in experts),
            "an expert with a background in the enterprise's processes or equipment"
            if any(e.process_background for e in experts)
            else "no expert has a background in the enterprise's processes or equipment",
        ),
    ]
    if judge.holds("review.expert_qualification"):
        findings.append(_qualification(judge, level, experts))
    if judge.holds("review.independence"):
        findings.append(
            _independence(
                judge,
                state,
                level,
                experts,
                on,
                organizing_unit_consulted,
                organizing_unit_served_on,
                draw,
            )
        )
    # The local schemes' conditions on reviewers (Changzhou's 评定人员库), where in force.
    findings += local_findings("team", judge, experts=experts)
    return findings


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


#: The data ``review.expert_qualification`` reads about each expert, by field name.
QUALIFICATION_DATA = (
    "degree",
    "degree_related",
    "safety_work_years",
    "title",
    "trained_provincially",
)


def _qualification(judge: Judge, level: Level, experts: Sequence[Expert]) -> Finding:
    """HN 第十四条第一款, for the levels the policy names (Henan: 二级 only; level 3 is the
    cities', 第十七条). Missing data is not qualified: the problem names the missing fields."""
    rule = "review.expert_qualification"
    levels = judge.value(rule, "levels")
    if int(level) not in levels:
        return judge.finding(
            rule,
            True,
            f"the policy's expert qualifications are for level(s) {levels}, not level {int(level)}",
            levels=levels,
        )
    min_years = judge.value(rule, "expert_min_years")
    leader_years = judge.value(rule, "leader_min_years")
    min_title = Title[judge.value(rule, "expert_min_title").upper()]
    leader_title = Title[judge.value(rule, "leader_min_title").upper()]
    min_degree = Degree[judge.value(rule, "min_degree").upper()]
    problems = []
    missing: dict[str, list[str]] = {}
    for e in experts:
        absent = [name for name in QUALIFICATION_DATA if getattr(e, name) is None]
        if absent:
            missing[e.name] = absent
            problems.append(f"{e.name}: not known, so not qualified: {', '.join(absent)}")
            continue
        assert e.degree is not None
        assert e.title is not None
        assert e.safety_work_years is not None
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
        rule,
        not problems,
        "; ".join(problems) or "every expert is qualified",
        problems=problems,
        missing=missing,
    )


def _independence(
    judge: Judge,
    state: CaseState,
    level: Level,
    experts: Sequence[Expert],
    on: pendulum.Date,
    organizing_unit_consulted: bool,
    organizing_unit_served_on: pendulum.Date | None,
    draw: ExpertDraw | None,
) -> Finding:
    """HN 第十三条 (no training or consulting, unit and experts, ever), 第十五条 (no safety
    services within the look-back, unit and experts), 第十四条第二款 (an expert who ever gave the
    enterprise technical services stands aside: no time limit), 第六条 (drawn at random from
    the provincial pool, recorded on the team's event)."""
    rule = "review.independence"
    since = on.subtract(years=judge.value(rule, "service_lookback_years"))
    consultants = {c for s in state.self_evaluations for c in s.consultants}
    problems = []
    if organizing_unit_consulted:
        problems.append("the organizing unit gave the enterprise training or consulting")
    if organizing_unit_served_on is not None and since <= organizing_unit_served_on <= on:
        problems.append(
            f"the organizing unit served the enterprise on {organizing_unit_served_on} "
            f"(within the year since {since})"
        )
    for e in experts:
        if e.consulted_enterprise or e.name in consultants:
            problems.append(f"{e.name} gave the enterprise standardization training or consulting")
        if e.last_safety_service_on is not None and e.last_safety_service_on <= on:
            problems.append(
                f"{e.name} gave the enterprise technical services on {e.last_safety_service_on}: "
                "must stand aside (no time limit)"
            )
    if int(level) in judge.value(rule, "random_draw_levels"):
        if draw is None:
            problems.append("the random draw from the provincial expert pool is not recorded")
        elif draw.drawn_on is not None and draw.drawn_on > on:
            problems.append(f"the experts were drawn on {draw.drawn_on}, after {on}")
    return judge.finding(
        rule, not problems, "; ".join(problems) or "team and unit independent", problems=problems
    )


def score_in_range(judge: Judge, score: Decimal) -> Finding:
    """``score.range``: a self-evaluation or review score lies within the policy's range."""
    low, high = judge.value("score.range", "min"), judge.value("score.range", "max")
    return judge.finding(
        "score.range", low <= score <= high, f"score {score} in {low}-{high}", score=score
    )


def verdict_finding(
    judge: Judge,
    level: Level,
    industry: str,
    score: Decimal,
    nonconformities: Sequence[Nonconformity],
    level_met: bool,
) -> Finding:
    """``score.level_threshold``: the team's verdict (是否达到拟申请等级, 附件2) decides; a verdict
    of met is refused with a failed veto item, or below the policy's threshold for the
    enterprise's industry and level where the policy holds one (docs/decisions/0013)."""
    rule = "score.level_threshold"
    vetoed = [n.id for n in nonconformities if n.veto]
    threshold = judge.policy.rule(rule, judge.on).threshold(industry, level)
    problems = []
    if level_met and vetoed:
        problems.append(f"veto items failed: {', '.join(vetoed)}")
    if level_met and threshold is not None and score < threshold.min_score:
        problems.append(
            f"{industry} level {int(level)} needs {threshold.min_score} ({threshold.citation})"
        )
    verdict = "met" if level_met else "not met"
    detail = f"the team's verdict: level {int(level)} {verdict}, score {score}"
    if threshold is not None:
        detail += f" ({industry} needs {threshold.min_score}, {threshold.citation})"
    if problems:
        detail = f"a verdict of met contradicts the report: {'; '.join(problems)}"
    return judge.finding(
        rule,
        not problems,
        detail,
        score=score,
        level_met=level_met,
        threshold=None if threshold is None else threshold.min_score,
        vetoed=vetoed,
    )
