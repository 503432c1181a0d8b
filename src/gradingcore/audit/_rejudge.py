"""One recorded decision decided again: the aggregate step run on a scratch case made of the
events before it, and what it would record compared with what was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pendulum

from gradingcore import events as ev
from gradingcore.audit._commands import command_arguments, step_of
from gradingcore.audit._findings import AuditFinding, cite, finding, policy_of
from gradingcore.audit._policy import policy_findings
from gradingcore.audit._rules import rule_findings
from gradingcore.calendar import WorkdayCalendar
from gradingcore.case import Act, replay
from gradingcore.clock import ZONE
from gradingcore.errors import GradingError, RuleViolation
from gradingcore.policy import Policy, PolicyRegistry
from gradingcore.rules import Judge, periods
from gradingcore.serialization import to_state
from gradingcore.state import CaseState

#: Fields that differ between a recording and its re-judgement without meaning anything (the
#: calendar version has its own finding).
_INCIDENTAL = frozenset({"timestamp", "digest", "previous_hash", "calendar_version"})


def act_on(
    event: ev.CaseEvent, policy: Policy, calendar: WorkdayCalendar, state: CaseState
) -> pendulum.Date:
    """The business date the step was taken on. A deemed acceptance is dated the day of
    receipt, but was taken after the correction period: on the day it was recorded (in the
    authority's zone) if that is inside the period (the re-judgement then differs), else on the
    first day it could be deemed (any later day records the same)."""
    if not (isinstance(event, ev.ApplicationAccepted) and event.deemed):
        return event.on
    recorded = pendulum.instance(event.timestamp).in_timezone(policy.zone or ZONE).date()
    app = state.application
    if app is None:
        return max(recorded, event.on)
    try:
        first = periods.deemed_acceptance_from(Judge(policy, calendar, event.on), app)
    except GradingError:
        return max(recorded, event.on)
    return max(min(recorded, first), event.on)


def judge_step(
    before: list[ev.CaseEvent],
    group: list[ev.CaseEvent],
    policies: PolicyRegistry,
    calendar: WorkdayCalendar,
) -> list[AuditFinding]:
    """The findings of one decision (``group``, the events one command recorded) taken again
    on the case made of the events ``before`` it."""
    last = group[-1]
    policy = policy_of(policies, last)
    if policy is None:
        return [
            finding(
                None,
                "policy.unknown",
                False,
                f"{last.name} names policy {last.policy}, which is not known: it cannot "
                "be re-judged",
                "policy",
                last,
                named=str(last.policy),
            )
        ]
    state = replay(before).state
    on = act_on(last, policy, calendar, state)
    judge = Judge(policy, calendar, on)
    findings = policy_findings(policies, state, last, judge)
    detailed = rule_findings(judge, state, last)
    findings += detailed
    case = replay(before)
    act = Act(
        on=on,
        actor=last.actor,
        recorded_at=last.timestamp,
        command_id=last.command_id,
        correlation_id=last.correlation_id,
        causation_id=last.causation_id,
    )
    try:
        getattr(case, step_of(last))(act, judge, **command_arguments(last))
    except RuleViolation as refusal:
        already = {f.rule_id for f in detailed if f.breach}
        for rule_id, citation in zip(refusal.rule_ids, refusal.citations, strict=False):
            if rule_id in already:
                continue
            _, summary = cite(policy, rule_id)
            findings.append(
                AuditFinding(
                    rule_id,
                    False,
                    f"the rules refuse {last.name}: {refusal}",
                    "step",
                    last.originator_version,
                    last.on,
                    citation,
                    summary,
                    dict(refusal.facts),
                )
            )
        if not refusal.rule_ids:
            findings.append(
                finding(
                    policy,
                    "procedure.order",
                    False,
                    f"the rules refuse {last.name}: {refusal}",
                    "step",
                    last,
                )
            )
        return findings
    except GradingError as error:
        rule_id = error.rule_ids[0] if error.rule_ids else "procedure.order"
        return [
            *findings,
            finding(
                policy, rule_id, False, f"{last.name} cannot be re-judged: {error}", "step", last
            ),
        ]
    rejudged = list(case.collect_events())
    found = differences(group, rejudged)
    if found:
        rule_id = last.rules[0] if last.rules else "procedure.order"
        fields = ", ".join(sorted(found))
        findings.append(
            finding(
                policy,
                rule_id,
                False,
                f"{last.name} as recorded differs from the re-judgement in: {fields}",
                "step",
                last,
                **found,
            )
        )
    elif not detailed:
        for rule_id in last.rules:
            findings.append(
                finding(policy, rule_id, True, f"{last.name} re-judged: as recorded", "step", last)
            )
        if not last.rules:
            findings.append(
                finding(
                    policy,
                    "procedure.order",
                    True,
                    f"{last.name} re-judged: as recorded",
                    "step",
                    last,
                )
            )
    return findings


def differences(recorded: Sequence[ev.CaseEvent], rejudged: Sequence[Any]) -> dict[str, Any]:
    """The fields (or the event types) in which a re-judgement differs from the recording,
    each with both values; empty when they agree."""
    if [type(e) for e in recorded] != [type(e) for e in rejudged]:
        return {
            "events": {
                "recorded": [e.name for e in recorded],
                "rejudged": [type(e).__name__ for e in rejudged],
            }
        }
    found: dict[str, Any] = {}
    for mine, theirs in zip(recorded, rejudged, strict=True):
        a, b = to_state(mine), to_state(theirs)
        for name in sorted(set(a) | set(b)):
            if name in _INCIDENTAL or a.get(name) == b.get(name):
                continue
            found[name] = {"recorded": a.get(name), "rejudged": b.get(name)}
    return found
