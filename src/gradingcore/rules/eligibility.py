"""Eligibility to apply (第八条, 第十条, level 1's extra conditions).

``application_findings`` judges an application on a date against the whole history and
returns every finding, met or not, so a refusal (or an eligibility query) lists all unmet rules
with their citations, not only the first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import pendulum

from gradingcore.facts import COMMITMENTS, Channel, IncidentGrade, YearStatistics
from gradingcore.i18n import Message, joined, msg, msg_ctx
from gradingcore.policy import Level
from gradingcore.rules import periods
from gradingcore.rules._judge import Finding, Judge, coded
from gradingcore.rules.accidents import exceeds, toll
from gradingcore.rules.local import local_findings
from gradingcore.state import CaseState, SelfEvaluation


def application_findings(
    judge: Judge,
    state: CaseState,
    level: Level,
    on: pendulum.Date,
    *,
    commitments: Sequence[str] = COMMITMENTS,
    reported_to_city: bool = True,
    statistics: Sequence[YearStatistics] = (),
    channel: Channel = Channel.ONLINE,
) -> list[Finding]:
    """Every rule an application for ``level`` on ``on`` must meet, each as a finding (the
    rules the policy does not hold, such as Henan's report to the city under the national
    policy, are not judged)."""
    findings = [
        _open_application(judge, state),
        *_optional(judge, "scope.industry", lambda: _industry(judge, state)),
        *_optional(judge, "procedure.online", lambda: online_finding(judge, channel)),
        _self_evaluation(judge, state, level, on),
        *_optional(
            judge, "apply.report_to_city", lambda: _report_to_city(judge, level, reported_to_city)
        ),
        *_commitments_given(judge, commitments),
        _no_accident(judge, state, on),
        _no_social_incident(judge, state, on),
        judge.finding(
            "commit.not_dishonest",
            not state.dishonest_on(on),
            msg("on the dishonesty list")
            if state.dishonest_on(on)
            else msg("not on the dishonesty list"),
        ),
        _lockout(judge, "lockout.after_failure", state.failures, on, _NOT_PASSED),
        _lockout(judge, "lockout.after_revocation", state.revocations, on, _REVOKED),
        _lockout(
            judge,
            "lockout.false_commitment",
            tuple(f.on for f in state.false_commitments),
            on,
            _FALSE_COMMITMENT,
        ),
        _hazards_fixed(judge, state, on),
        _renewal_window(judge, state, level, on),
    ]
    if level is Level.LEVEL_1:
        findings += [_level1_history(judge, state, on), _level1_record(judge, statistics, on)]
    # The local schemes' conditions (Changzhou's gate, Qinyang's window), where in force.
    findings += local_findings("apply", judge, state=state, level=level, on=on)
    return findings


#: The figures of GB 6441 / GB/T 15499 a level-1 applicant reports, as people name them.
_FIGURE = {
    "lost_workdays": msg_ctx("figure", "lost_workdays"),
    "deaths_per_thousand": msg_ctx("figure", "deaths_per_thousand"),
    "serious_injuries_per_thousand": msg_ctx("figure", "serious_injuries_per_thousand"),
    "injury_frequency_rate": msg_ctx("figure", "injury_frequency_rate"),
    "injury_severity_rate": msg_ctx("figure", "injury_severity_rate"),
}

#: The lockouts' causes: "never ...", and "... on {day}: locked out through {ends}".
_NOT_PASSED = (
    msg("never told it did not pass"),
    msg("told it did not pass on {day}: locked out through {ends}"),
)
_REVOKED = (msg("never revoked"), msg("revoked on {day}: locked out through {ends}"))
_FALSE_COMMITMENT = (
    msg("never found to have made a false commitment"),
    msg("found to have made a false commitment on {day}: locked out through {ends}"),
)


def _optional(judge: Judge, rule_id: str, find: Callable[[], Finding]) -> list[Finding]:
    """The finding of ``rule_id`` if the policy holds that rule, else none."""
    return [find()] if judge.holds(rule_id) else []


def _industry(judge: Judge, state: CaseState) -> Finding:
    """``scope.industry`` (HN 第二条, MEM's wider list): the enterprise's industry is one the
    policy grades (docs/decisions/0017)."""
    industries = judge.value("scope.industry", "industries")
    industry = state.enterprise.industry
    return judge.finding(
        "scope.industry",
        industry in industries,
        msg("industry '{industry}' is within the policy's scope", industry=industry)
        if industry in industries
        else msg(
            "industry '{industry}' is not within ({industries}) the policy's scope",
            industry=industry,
            industries="、".join(industries),
        ),
        industry=industry,
        industries=industries,
    )


def online_finding(judge: Judge, channel: Channel) -> Finding:
    """``procedure.online`` (HN 第十六条): every step through the ministry's information
    system; nothing is handled offline."""
    system = judge.value("procedure.online", "system")
    online = Channel(channel) is Channel.ONLINE
    return judge.finding(
        "procedure.online",
        online,
        msg("handled through {system}", system=system)
        if online
        else msg("not handled offline: use {system}", system=system),
        channel=str(channel),
    )


def latest_self_evaluation(state: CaseState, on: pendulum.Date) -> SelfEvaluation | None:
    done = [s for s in state.self_evaluations if s.on <= on]
    return done[-1] if done else None


def _open_application(judge: Judge, state: CaseState) -> Finding:
    app = state.application
    busy = app is not None and app.is_open
    return judge.finding(
        "procedure.order",
        not busy,
        msg(
            "an application for {level} is still open ({stage})",
            level=app.level,
            stage=coded("stage", app.stage),
        )
        if busy and app
        else msg("no application is open"),
    )


def _self_evaluation(judge: Judge, state: CaseState, level: Level, on: pendulum.Date) -> Finding:
    latest = latest_self_evaluation(state, on)
    if latest is None:
        return judge.finding("apply.self_evaluation", False, msg("no self-evaluation on record"))
    if level < latest.claimed_level:
        # Level 1 is the highest: an application may be for the self-evaluated level (自评等级)
        # or a lower one (a larger number), never a higher one (docs/decisions/0016).
        return judge.finding(
            "apply.self_evaluation",
            False,
            msg(
                "the self-evaluation claims {claimed}: {level} is higher than that",
                claimed=latest.claimed_level,
                level=level,
            ),
            claimed_level=int(latest.claimed_level),
        )
    complete = latest.publicity_complete_on
    return judge.finding(
        "apply.self_evaluation",
        on > complete,
        msg("internal publicity complete at the end of {day}", day=complete),
        publicity_complete_on=complete,
        applied_on=on,
    )


def _report_to_city(judge: Judge, level: Level, reported: bool) -> Finding:
    needed = int(level) in judge.value("apply.report_to_city", "levels")
    return judge.finding(
        "apply.report_to_city",
        reported or not needed,
        msg("filed with the city authority")
        if reported or not needed
        else msg("not filed with the city"),
    )


def _commitments_given(judge: Judge, commitments: Sequence[str]) -> list[Finding]:
    """A failed finding for each commitment of 第八条 the principal did not make; the ones made
    are judged against the record by the other findings (or recorded as given)."""
    return [
        judge.finding(
            rule_id, False, msg("the principal's commitment is missing from the application")
        )
        for rule_id in COMMITMENTS
        if rule_id not in commitments
    ]


def lookback_start(judge: Judge, rule_id: str, on: pendulum.Date) -> pendulum.Date:
    """The first day of the look-back year before ``on`` (``period.civil_code``, counted back)."""
    return on.subtract(years=judge.value(rule_id, "lookback_years"))


def _no_accident(judge: Judge, state: CaseState, on: pendulum.Date) -> Finding:
    rule = "commit.no_accident_1y"
    first = lookback_start(judge, rule, on)
    t = toll(state.incidents, first, on)
    bad = exceeds(
        t,
        deaths=judge.value(rule, "deaths_at_least"),
        injuries=judge.value(rule, "serious_injuries_at_least"),
        loss=judge.value(rule, "direct_loss_at_least_cny"),
    )
    return judge.finding(
        rule,
        not bad,
        msg(
            "accidents from {first} to {last}: {deaths} deaths, {injuries} serious injuries, "
            "{loss} CNY direct loss",
            first=first,
            last=on,
            deaths=t.deaths,
            injuries=t.serious_injuries,
            loss=t.direct_loss_cny,
        ),
        first=first,
        last=on,
        **t.facts(),
    )


def _no_social_incident(judge: Judge, state: CaseState, on: pendulum.Date) -> Finding:
    """HN 第八条(五) gives no period of its own: it stands outside (四)'s "申请定级之日前 1 年内".
    The text's structure bounds it (an enterprise revoked for such an event may apply again a
    year after, 第八条(八) and 第十一条(三); 第十条第二款(三) lets it renew through a review), so
    the policy holds its own look-back, read from its own value, not from (四)'s
    (docs/decisions/0015-social-incident-period.md)."""
    rule = "commit.no_social_incident"
    first = lookback_start(judge, rule, on)
    inside = [s for s in state.social_incidents if first <= s.on <= on]
    return judge.finding(
        rule,
        not inside,
        msg(
            "{n} events with major adverse social impact from {first} to {last}",
            n=len(inside),
            first=first,
            last=on,
        ),
        first=first,
        events=[str(s.on) for s in inside],
    )


def _lockout(
    judge: Judge,
    rule_id: str,
    starts: Sequence[pendulum.Date],
    on: pendulum.Date,
    what: tuple[Message, Message],
) -> Finding:
    """``what``: the lockout's cause as "never ..." and as "... on {day}: locked out through
    {ends}" (two messages, since Chinese words them differently)."""
    past = [d for d in starts if d <= on]
    never, since = what
    if not past:
        return judge.finding(rule_id, True, never)
    ends = periods.lockout_ends(judge, rule_id, past[-1])
    return judge.finding(
        rule_id,
        on > ends,
        since.bind(day=past[-1], ends=ends),
        since=past[-1],
        locked_until=ends,
        eligible_from=ends.add(days=1),
    )


def _hazards_fixed(judge: Judge, state: CaseState, on: pendulum.Date) -> Finding:
    open_ = [
        h.id
        for h in state.hazards.values()
        if h.major and h.found_on <= on and (h.fixed_on is None or h.fixed_on > on)
    ]
    return judge.finding(
        "commit.hazards_fixed",
        not open_,
        msg("major hazards not fixed: {ids}", ids=", ".join(open_))
        if open_
        else msg("no major hazard open"),
        open_hazards=open_,
    )


def _renewal_window(judge: Judge, state: CaseState, level: Level, on: pendulum.Date) -> Finding:
    """第十条 speaks of applying again (再次申请定级) from 3 months before expiry: an
    application for a higher level than the one held is not applying again, and the window
    does not hold it back (docs/decisions/0016)."""
    grading = state.level_on(on)
    if grading is None:
        return judge.finding("renewal.window", True, msg("no valid level: a new application"))
    if level < grading.level:
        return judge.finding(
            "renewal.window",
            True,
            msg(
                "{held} held: an application for the higher {level} is not held "
                "to the renewal window",
                held=grading.level,
                level=level,
            ),
            valid_until=grading.valid_until,
        )
    opens = periods.renewal_window_opens(judge, grading.valid_until)
    return judge.finding(
        "renewal.window",
        on >= opens,
        msg(
            "{held} valid through {until}: may apply again from {opens}",
            held=grading.level,
            until=grading.valid_until,
            opens=opens,
        ),
        valid_until=grading.valid_until,
        window_opens=opens,
    )


def _level1_history(judge: Judge, state: CaseState, on: pendulum.Date) -> Finding:
    rule = "level1.history"
    years = judge.value(rule, "effective_years")
    had_level1 = any(g.level is Level.LEVEL_1 and g.announced_on <= on for g in state.gradings)
    ran_long = any(
        g.level in (Level.LEVEL_2, Level.LEVEL_3)
        and min(on, g.revoked_on or on, g.valid_until) >= g.valid_from.add(years=years)
        for g in state.gradings
    )
    worst_ever = [i for i in state.incidents if i.grade is IncidentGrade.TEBIE_ZHONGDA]
    major_since = on.subtract(years=judge.value(rule, "no_major_accident_years"))
    large_since = on.subtract(years=judge.value(rule, "no_relatively_large_accident_years"))
    major = [i for i in state.incidents if i.grade is IncidentGrade.ZHONGDA and i.on >= major_since]
    large = [i for i in state.incidents if i.grade is IncidentGrade.JIAODA and i.on >= large_since]
    problems: list[Message] = []
    if not (had_level1 or ran_long):
        problems.append(
            msg("no earlier level 1, nor level 2 or 3 run for {years} years", years=years)
        )
    if worst_ever:
        problems.append(msg("a 特别重大 accident (特别重大事故) on record"))
    if major:
        problems.append(msg("a 重大 accident (重大事故) since {day}", day=major_since))
    if large:
        problems.append(msg("a 较大 accident (较大事故) since {day}", day=large_since))
    return judge.finding(
        rule,
        not problems,
        joined(problems) if problems else msg("history meets level 1's conditions"),
    )


def _level1_record(
    judge: Judge, statistics: Sequence[YearStatistics], on: pendulum.Date
) -> Finding:
    rule = "level1.record"
    if not statistics:
        return judge.finding(
            rule, False, msg("level-1 applicants report GB 6441 accident statistics")
        )
    ordered = sorted(statistics, key=lambda s: s.year)
    rising = [
        msg(
            "{name} rose from {before} ({year_before}) to {after} ({year_after})",
            name=_FIGURE.get(name, name),
            before=a.figures()[name],
            year_before=a.year,
            after=b.figures()[name],
            year_after=b.year,
        )
        for a, b in itertools.pairwise(ordered)
        for name in a.figures()
        if b.figures()[name] > a.figures()[name]
    ]
    return judge.finding(
        rule,
        not rising,
        joined(rising) if rising else msg("no figure rose year on year"),
        years=len(ordered),
    )
