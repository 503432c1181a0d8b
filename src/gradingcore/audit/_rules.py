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
    score_findings,
    team_findings,
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
            )
            return [from_rule(f, policy, event) for f in found]
        if isinstance(event, ev.ReviewTeamFormed):
            found = team_findings(
                judge,
                state,
                event.experts,
                on,
                organizing_unit_consulted=event.organizing_unit_consulted,
            )
            return [from_rule(f, policy, event) for f in found]
        if isinstance(event, ev.DirectRenewalConfirmed):
            found = direct_renewal_findings(
                judge, state, on, standards_revised=event.standards_revised
            )
            return [from_rule(f, policy, event) for f in found]
        if isinstance(event, ev.Reviewed) and state.application is not None:
            in_range, threshold = score_findings(
                judge, state.application.level, event.score, event.nonconformities, on
            )
            # Not meeting the level is an outcome, not a breach: the recorded verdict must match.
            return [
                from_rule(in_range, policy, event),
                from_rule(threshold, policy, event, holds=threshold.holds == event.level_met),
            ]
    except GradingError:
        return []  # the step's own re-run reports what cannot be judged
    return []
