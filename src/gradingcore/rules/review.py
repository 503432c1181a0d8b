"""The review (第七条(三), 第十三至十五条): the team, the report, the score."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pendulum

from gradingcore.facts import Degree, Expert, ExpertDraw, Nonconformity, Title
from gradingcore.i18n import Locale, Message, joined, msg, msg_ctx
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
            msg("an expert with a background in the enterprise's processes or equipment")
            if any(e.process_background for e in experts)
            else msg("no expert has a background in the enterprise's processes or equipment"),
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
        msg(
            "{n} experts ({low}-{high} needed), {leaders} leader(s) ({needed} needed)",
            n=n,
            low=low,
            high=high,
            leaders=n_leaders,
            needed=leaders,
        ),
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


#: The qualification data as people name them (the field names stay in the facts).
_DATUM = {
    "degree": msg_ctx("expert", "degree"),
    "degree_related": msg_ctx("expert", "degree_related"),
    "safety_work_years": msg_ctx("expert", "safety_work_years"),
    "title": msg_ctx("expert", "title"),
    "trained_provincially": msg_ctx("expert", "trained_provincially"),
}

#: The degrees and titles as the qualifications name them (学历, 职称).
_DEGREE = {
    Degree.NONE: msg_ctx("degree", "none"),
    Degree.ASSOCIATE: msg_ctx("degree", "associate"),
    Degree.BACHELOR: msg_ctx("degree", "bachelor"),
    Degree.MASTER: msg_ctx("degree", "master"),
    Degree.DOCTOR: msg_ctx("degree", "doctor"),
}
_TITLE = {
    Title.NONE: msg_ctx("title", "none"),
    Title.JUNIOR: msg_ctx("title", "junior"),
    Title.INTERMEDIATE: msg_ctx("title", "intermediate"),
    Title.SENIOR: msg_ctx("title", "senior"),
}


def _qualification(judge: Judge, level: Level, experts: Sequence[Expert]) -> Finding:
    """HN 第十四条第一款, for the levels the policy names (Henan: 二级 only; level 3 is the
    cities', 第十七条). Missing data is not qualified: the problem names the missing fields."""
    rule = "review.expert_qualification"
    levels = judge.value(rule, "levels")
    if int(level) not in levels:
        return judge.finding(
            rule,
            True,
            msg(
                "the policy's expert qualifications are for {levels}, not {level}",
                levels=joined([Level(n) for n in levels], msg(", ")),
                level=level,
            ),
            levels=levels,
        )
    min_years = judge.value(rule, "expert_min_years")
    leader_years = judge.value(rule, "leader_min_years")
    min_title = Title[judge.value(rule, "expert_min_title").upper()]
    leader_title = Title[judge.value(rule, "leader_min_title").upper()]
    min_degree = Degree[judge.value(rule, "min_degree").upper()]
    problems: list[Message] = []
    missing: dict[str, list[str]] = {}
    for e in experts:
        absent = [name for name in QUALIFICATION_DATA if getattr(e, name) is None]
        if absent:
            missing[e.name] = absent
            problems.append(
                msg(
                    "{name}: not known, so not qualified: {fields}",
                    name=e.name,
                    fields=joined([_DATUM[name] for name in absent], msg(", ")),
                )
            )
            continue
        assert e.degree is not None
        assert e.title is not None
        assert e.safety_work_years is not None
        if e.degree < min_degree or not e.degree_related:
            problems.append(
                msg(
                    "{name}: needs a related {degree} degree",
                    name=e.name,
                    degree=_DEGREE[min_degree],
                )
            )
        if e.safety_work_years < min_years:
            problems.append(
                msg(
                    "{name}: {years} years of safety work (< {least})",
                    name=e.name,
                    years=e.safety_work_years,
                    least=min_years,
                )
            )
        if e.title < min_title:
            problems.append(
                msg("{name}: title below {title}", name=e.name, title=_TITLE[min_title])
            )
        if not e.trained_provincially:
            problems.append(
                msg("{name}: no provincial standardization training passed", name=e.name)
            )
        if e.leader and (e.title < leader_title or e.safety_work_years < leader_years):
            problems.append(
                msg(
                    "{name} (leader): needs a {title} title and {years} years of safety work",
                    name=e.name,
                    title=_TITLE[leader_title],
                    years=leader_years,
                )
            )
    return judge.finding(
        rule,
        not problems,
        joined(problems) if problems else msg("every expert is qualified"),
        problems=[p.render(Locale.EN) for p in problems],
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
    problems: list[Message] = []
    if organizing_unit_consulted:
        problems.append(msg("the organizing unit gave the enterprise training or consulting"))
    if organizing_unit_served_on is not None and since <= organizing_unit_served_on <= on:
        problems.append(
            msg(
                "the organizing unit served the enterprise on {day} (within the year since "
                "{since})",
                day=organizing_unit_served_on,
                since=since,
            )
        )
    for e in experts:
        if e.consulted_enterprise or e.name in consultants:
            problems.append(
                msg(
                    "{name} gave the enterprise standardization training or consulting", name=e.name
                )
            )
        if e.last_safety_service_on is not None and e.last_safety_service_on <= on:
            problems.append(
                msg(
                    "{name} gave the enterprise technical services on {day}: must stand aside "
                    "(no time limit)",
                    name=e.name,
                    day=e.last_safety_service_on,
                )
            )
    if int(level) in judge.value(rule, "random_draw_levels"):
        if draw is None:
            problems.append(msg("the random draw from the provincial expert pool is not recorded"))
        elif draw.drawn_on is not None and draw.drawn_on > on:
            problems.append(
                msg("the experts were drawn on {day}, after {on}", day=draw.drawn_on, on=on)
            )
    return judge.finding(
        rule,
        not problems,
        joined(problems) if problems else msg("team and unit independent"),
        problems=[p.render(Locale.EN) for p in problems],
    )


def score_in_range(judge: Judge, score: Decimal) -> Finding:
    """``score.range``: a self-evaluation or review score lies within the policy's range."""
    low, high = judge.value("score.range", "min"), judge.value("score.range", "max")
    return judge.finding(
        "score.range",
        low <= score <= high,
        msg("score {score} in {low}-{high}", score=score, low=low, high=high),
        score=score,
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
    problems: list[Message] = []
    if level_met and vetoed:
        problems.append(msg("veto items failed: {ids}", ids=", ".join(vetoed)))
    if level_met and threshold is not None and score < threshold.min_score:
        problems.append(
            msg(
                "{industry} {level} needs {least} ({citation})",
                industry=industry,
                level=level,
                least=threshold.min_score,
                citation=threshold.citation,
            )
        )
    values = {"level": level, "score": score}
    if threshold is None:
        detail = (
            msg("the team's verdict: {level} met, score {score}", **values)
            if level_met
            else msg("the team's verdict: {level} not met, score {score}", **values)
        )
    else:
        values |= {"industry": industry, "least": threshold.min_score}
        values |= {"citation": threshold.citation}
        detail = (
            msg(
                "the team's verdict: {level} met, score {score} ({industry} needs "
                "{least}, {citation})",
                **values,
            )
            if level_met
            else msg(
                "the team's verdict: {level} not met, score {score} ({industry} needs "
                "{least}, {citation})",
                **values,
            )
        )
    if problems:
        detail = msg(
            "a verdict of met contradicts the report: {problems}", problems=joined(problems)
        )
    return judge.finding(
        rule,
        not problems,
        detail,
        score=score,
        level_met=level_met,
        threshold=None if threshold is None else threshold.min_score,
        vetoed=vetoed,
    )
