"""Revocation triggers (第十一条) and the direct renewal conditions (第十条).

Both read the facts recorded during a level's validity. A trigger that fires on a graded case
opens a "revocation due" obligation for the authority; the authority decides and records it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

import pendulum

from gradingcore.policy import Level
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.accidents import exceeds, toll
from gradingcore.rules.local import local_findings
from gradingcore.rules.periods import selfeval_next_due
from gradingcore.state import CaseState, Grading


def revocation_triggers(judge: Judge, state: CaseState, on: pendulum.Date) -> list[Finding]:
    """The triggers that fire on ``on`` for the level valid then (empty if none is valid)."""
    grading = state.level_on(on)
    if grading is None:
        return []
    return [f for f in _triggers(judge, state, grading, on) if not f.holds]


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
    yield judge.finding("revoke.fatal_accident", not fatal, f"fatal accidents: {fatal}")
    yield _twelve_months(judge, state, g, on)
    social = _during(state.social_incidents, g, on)
    yield judge.finding(
        "revoke.social_incident", not social, f"{len(social)} events with major adverse impact"
    )
    hidden = [f"{i.id} ({i.reporting})" for i in incidents if i.reporting != "on_time"]
    yield judge.finding("revoke.concealment", not hidden, f"accidents not reported: {hidden}")
    listed = state.dishonest_on(on) and any(g.valid_from <= d.on <= on for d in state.dishonesty)
    yield judge.finding(
        "revoke.dishonesty_list", not listed, "listed as dishonest" if listed else ""
    )
    frauds = _during(state.frauds, g, on) + _during(state.false_commitments, g, on)
    yield judge.finding("revoke.fraud", not frauds, f"{len(frauds)} findings of improper means")
    lost = _during(state.licence_losses, g, on)
    yield judge.finding("revoke.licence", not lost, ", ".join(d.what for d in lost))
    late = [
        h.id
        for h in state.hazards.values()
        if h.major
        and h.fix_by < on
        and (h.fixed_on is None or h.fixed_on > h.fix_by)
        and h.fix_by >= g.valid_from
    ]
    yield judge.finding(
        "revoke.hazard_unfixed", not late, f"major hazards not fixed in time: {late}"
    )
    failures = [d for d in _during(state.operation_failures, g, on) if d.flag]
    yield judge.finding("revoke.not_operating", not failures, f"{len(failures)} serious failures")
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
                f"from {first} to {incident.on}: {t.serious_injuries} serious "
                f"injuries, {t.direct_loss_cny} CNY",
                first=first,
                last=incident.on,
                **t.facts(),
            )
    return judge.finding(rule, True, "no 12-month window reaches the thresholds")


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
        return [judge.finding(rule, False, "not a renewal of the level held")]
    if g.revoked_on is not None and g.revoked_on <= on:
        return [judge.finding(rule, False, f"the level was revoked on {g.revoked_on}")]
    on = min(on, g.valid_until)
    t = toll(state.incidents, g.valid_from, on)
    problems = []
    if t.deaths >= judge.value(rule, "deaths_at_least"):
        problems.append("(一) a fatal accident during validity")
    if int(g.level) in judge.value(rule, "levels") and exceeds(
        t,
        deaths=None,
        injuries=judge.value(rule, "serious_injuries_at_least"),
        loss=judge.value(rule, "direct_loss_at_least_cny"),
    ):
        problems.append(f"(二) {t.serious_injuries} serious injuries, {t.direct_loss_cny} CNY")
    if _during(state.social_incidents, g, on):
        problems.append("(三) an event with major adverse social impact")
    if [p for p in _during(state.penalties, g, on) if p.flag]:
        problems.append("(四) a penalty for a major violation")
    if standards_revised:
        problems.append("(五) laws or the grading standard were revised")
    if _during(state.major_changes, g, on):
        problems.append("(六) a major change or a new, rebuilt or extended project")
    gap = _self_evaluation_gap(judge, state, g, on)
    if gap:
        problems.append(f"(七) {gap}")
    findings = [judge.finding(rule, not problems, "; ".join(problems) or "all of (一)-(七) hold")]
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
                f"{t.serious_injuries} serious injuries, {t.direct_loss_cny} CNY during validity",
                **t.facts(),
            )
        )
    return findings


def _self_evaluation_gap(judge: Judge, state: CaseState, g: Grading, on: pendulum.Date) -> str:
    """A year of validity with no self-evaluation (``selfeval.annual``), or ''."""
    last = g.valid_from
    for s in state.self_evaluations:
        if g.valid_from < s.on <= on:
            if s.on > selfeval_next_due(judge, last):
                return f"no self-evaluation between {last} and {s.on}"
            last = s.on
    due = selfeval_next_due(judge, last)
    return f"no self-evaluation since {last} (due {due})" if on > due else ""
