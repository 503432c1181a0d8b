"""Revocation triggers (第十一条) and the direct renewal conditions (第十条).

Both read the facts recorded during a level's validity. A trigger that fires on a graded case
opens a "revocation due" obligation for the authority; the authority decides and records it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

import pendulum

from gradingcore.i18n import Joined, Message, joined, msg
from gradingcore.policy import Level
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.accidents import exceeds, toll
from gradingcore.rules.local import local_findings
from gradingcore.rules.periods import selfeval_next_due
from gradingcore.state import CaseState, Grading
from gradingcore.summary import REPORTING
from gradingcore.summary import TRIGGER_FACTS as _FACTS


def revocation_triggers(judge: Judge, state: CaseState, on: pendulum.Date) -> list[Finding]:
    """The triggers that fire on ``on`` for the level valid then (empty if none is valid)."""
    grading = state.level_on(on)
    if grading is None:
        return []
    return [f for f in _triggers(judge, state, grading, on) if not f.holds]


def _list(items: Iterable[object]) -> Joined:
    # Translators: the separator of a list of ids (accidents, hazards, licences).
    return joined(items, msg(", "))


def trigger_finding(
    judge: Judge, state: CaseState, trigger: str, on: pendulum.Date
) -> Finding | None:
    """The finding for one trigger rule id, or None if it is not a trigger."""
    grading = state.level_on(on)
    if grading is None:
        return None
    for finding in _triggers(judge, state, grading, on):
        if finding.rule_id == trigger:
            return finding
    return None


class _Dated(Protocol):
    @property
    def on(self) -> pendulum.Date: ...


D = TypeVar("D", bound=_Dated)


def _during(items: Iterable[D], grading: Grading, on: pendulum.Date) -> list[D]:
    """The facts dated within the level's validity, up to ``on``."""
    return [i for i in items if grading.valid_from <= i.on <= on]


def _triggers(judge: Judge, state: CaseState, g: Grading, on: pendulum.Date) -> Iterator[Finding]:
    """Each trigger as a finding that *holds* while the trigger has not fired."""
    incidents = _during(state.incidents, g, on)
    fatal = [i.id for i in incidents if i.deaths > 0]
    yield judge.finding(
        "revoke.fatal_accident", not fatal, _FACTS["revoke.fatal_accident"].bind(ids=_list(fatal))
    )
    yield _twelve_months(judge, state, g, on)
    social = _during(state.social_incidents, g, on)
    yield judge.finding(
        "revoke.social_incident",
        not social,
        _FACTS["revoke.social_incident"].counted(len(social)),
    )
    hidden = [
        _FACTS["revoke.concealment.item"].bind(incident=i.id, reporting=REPORTING[i.reporting])
        for i in incidents
        if i.reporting != "on_time"
    ]
    yield judge.finding(
        "revoke.concealment", not hidden, _FACTS["revoke.concealment"].bind(ids=_list(hidden))
    )
    listed = state.dishonest_on(on) and any(g.valid_from <= d.on <= on for d in state.dishonesty)
    yield judge.finding(
        "revoke.dishonesty_list", not listed, _FACTS["revoke.dishonesty_list"] if listed else ""
    )
    frauds = _during(state.frauds, g, on) + _during(state.false_commitments, g, on)
    yield judge.finding(
        "revoke.fraud",
        not frauds,
        _FACTS["revoke.fraud"].counted(len(frauds)),
    )
    lost = _during(state.licence_losses, g, on)
    yield judge.finding("revoke.licence", not lost, _list([d.what for d in lost]))
    late = [
        h.id
        for h in state.hazards.values()
        if h.major
        and h.fix_by < on
        and (h.fixed_on is None or h.fixed_on > h.fix_by)
        and h.fix_by >= g.valid_from
    ]
    yield judge.finding(
        "revoke.hazard_unfixed",
        not late,
        _FACTS["revoke.hazard_unfixed"].bind(ids=_list(late)),
    )
    failures = [d for d in _during(state.operation_failures, g, on) if d.flag]
    yield judge.finding(
        "revoke.not_operating",
        not failures,
        _FACTS["revoke.not_operating"].counted(len(failures)),
    )
    # The local schemes' triggers (Erqi's delisting after a failed follow-up visit).
    yield from local_findings("revocation", judge, state=state, grading=g, on=on)


def _twelve_months(judge: Judge, state: CaseState, g: Grading, on: pendulum.Date) -> Finding:
    """``revoke.injuries_or_loss_12m``: any window of 12 consecutive months ending on an
    accident's day (the totals only grow at an accident, so those windows are enough)."""
    rule = "revoke.injuries_or_loss_12m"
    months = judge.value(rule, "window_months")
    injuries = judge.value(rule, "serious_injuries_at_least")
    loss = judge.value(rule, "direct_loss_at_least_cny")
    for incident in _during(state.incidents, g, on):
        first = max(incident.on.subtract(months=months).add(days=1), g.valid_from)
        t = toll(state.incidents, first, incident.on)
        if exceeds(t, deaths=None, injuries=injuries, loss=loss):
            return judge.finding(
                rule,
                False,
                _FACTS[rule].bind(
                    first=first,
                    last=incident.on,
                    injured=t.serious_injuries,
                    loss=t.direct_loss_cny,
                ),
                first=first,
                last=incident.on,
                **t.facts(),
            )
    return judge.finding(
        rule, True, msg("no window of {months} months reaches the thresholds", months=months)
    )


def direct_renewal_findings(
    judge: Judge, state: CaseState, on: pendulum.Date, *, standards_revised: bool
) -> list[Finding]:
    """``renewal.direct`` (and ``renewal.direct.level1``): may the authority go straight to
    publicity for a renewal of the same level, confirmed on ``on``? The level is the one held
    when the renewal was applied for; the conditions are read over its validity, also when the
    authority confirms after it expired."""
    rule = "renewal.direct"
    app = state.application
    g = state.level_on(app.applied_on) if app is not None else None
    if app is None or g is None or not app.renewal or app.level != g.level:
        return [judge.finding(rule, False, msg("not a renewal of the level held"))]
    if g.revoked_on is not None and g.revoked_on <= on:
        return [judge.finding(rule, False, msg("the level was revoked on {day}", day=g.revoked_on))]
    on = min(on, g.valid_until)
    t = toll(state.incidents, g.valid_from, on)
    problems: list[Message] = []
    if t.deaths >= judge.value(rule, "deaths_at_least"):
        problems.append(msg("(一) a fatal accident during validity"))
    if int(g.level) in judge.value(rule, "levels") and exceeds(
        t,
        deaths=None,
        injuries=judge.value(rule, "serious_injuries_at_least"),
        loss=judge.value(rule, "direct_loss_at_least_cny"),
    ):
        problems.append(
            msg(
                "(二) {injured} serious injuries, {loss} CNY",
                injured=t.serious_injuries,
                loss=t.direct_loss_cny,
            )
        )
    if _during(state.social_incidents, g, on):
        problems.append(msg("(三) an event with major adverse social impact"))
    if [p for p in _during(state.penalties, g, on) if p.flag]:
        problems.append(msg("(四) a penalty for a major violation"))
    if standards_revised:
        problems.append(msg("(五) laws or the grading standard were revised"))
    if _during(state.major_changes, g, on):
        problems.append(msg("(六) a major change or a new, rebuilt or extended project"))
    gap = _self_evaluation_gap(judge, state, g, on)
    if gap:
        problems.append(msg("(七) {gap}", gap=gap))
    verdict = joined(problems) if problems else msg("all of (一)-(七) hold")
    findings = [judge.finding(rule, not problems, verdict)]
    if g.level is Level.LEVEL_1:
        rule1 = "renewal.direct.level1"
        bad = exceeds(
            t,
            deaths=None,
            injuries=judge.value(rule1, "serious_injuries_at_least"),
            loss=judge.value(rule1, "direct_loss_at_least_cny"),
        )
        findings.append(
            judge.finding(
                rule1,
                not bad,
                msg(
                    "{injured} serious injuries, {loss} CNY during validity",
                    injured=t.serious_injuries,
                    loss=t.direct_loss_cny,
                ),
                **t.facts(),
            )
        )
    return findings


def _self_evaluation_gap(
    judge: Judge, state: CaseState, g: Grading, on: pendulum.Date
) -> Message | None:
    """A year of validity with no self-evaluation (``selfeval.annual``), or ''."""
    last = g.valid_from
    for s in state.self_evaluations:
        if g.valid_from < s.on <= on:
            if s.on > selfeval_next_due(judge, last):
                return msg("no self-evaluation between {first} and {last}", first=last, last=s.on)
            last = s.on
    due = selfeval_next_due(judge, last)
    if on > due:
        return msg("no self-evaluation since {day} (due {due})", day=last, due=due)
    return None
