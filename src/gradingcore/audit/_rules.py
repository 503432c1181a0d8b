"""Every rule a step weighs, met or not, for the steps that weigh several: an application's
eligibility, a review team, a direct renewal, a review's score."""

from __future__ import annotations

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, from_rule
from gradingcore.errors import GradingError
from gradingcore.policy import Level
from gradingcore.rules import (
    Judge,
    application_findings,
    direct_renewal_findings,
    score_in_range,
    team_findings,
    verdict_finding,
)
from gradingcore.state import CaseState


def rule_findings(judge: Judge, state: CaseState, event: ev.CaseEvent) -> list[AuditFinding]:
    """Every rule a step rests on, met or not, for the steps that weigh several rules."""
    policy, on = judge.policy, judge.on
    try:
        if isinstance(event, ev.Applied):
            found = application_findings(
                judge,
                state,
                Level(event.level),
                on,
                commitments=event.commitments,
                reported_to_city=event.reported_to_city,
                statistics=event.statistics,
                channel=event.channel,
            )
            return [from_rule(f, policy, event) for f in found]
        if isinstance(event, ev.ReviewTeamFormed) and state.application is not None:
            found = team_findings(
                judge,
                state,
                state.application.level,
                event.experts,
                on,
                organizing_unit_consulted=event.organizing_unit_consulted,
                organizing_unit_served_on=event.organizing_unit_served_on,
                draw=event.draw,
            )
            return [from_rule(f, policy, event) for f in found]
        if isinstance(event, ev.DirectRenewalConfirmed):
            found = direct_renewal_findings(
                judge, state, on, standards_revised=event.standards_revised
            )
            return [from_rule(f, policy, event) for f in found]
        if isinstance(event, ev.Reviewed) and state.application is not None:
            verdict = verdict_finding(
                judge,
                state.application.level,
                state.enterprise.industry,
                event.score,
                event.nonconformities,
                event.level_met,
            )
            # Not meeting the level is an outcome, not a breach: a verdict of met must agree
            # with the report's veto items and the policy's threshold, if any.
            return [
                from_rule(score_in_range(judge, event.score), policy, event),
                from_rule(verdict, policy, event),
            ]
    except GradingError:
        return []  # the step's own re-run reports what cannot be judged
    return []
