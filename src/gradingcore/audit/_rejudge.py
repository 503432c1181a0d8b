"""One recorded decision decided again: ``decide(fold(before), command)`` under the recorded
policy and the calendar, and what it would record compared with what was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pendulum

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, cite, finding, from_rule, policy_of
from gradingcore.calendar import WorkdayCalendar
from gradingcore.clock import ZONE
from gradingcore.commands import Command
from gradingcore.decisions import command_for, decide_draft, governing_policy, selection_level
from gradingcore.errors import GradingError, RuleViolation
from gradingcore.i18n import Message, msg
from gradingcore.policy import Policy, PolicyRegistry
from gradingcore.rules import Judge, periods
from gradingcore.rules._judge import coded
from gradingcore.serialization import to_state
from gradingcore.state import CaseState, fold

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
    """The findings of one decision (``group``, the events one command recorded) taken again:
    ``decide(fold(before), command)`` under the policy the event names and ``calendar``. Each
    rule outcome is reported once: as the decision weighed it, or as its refusal."""
    last = group[-1]
    policy = policy_of(policies, last)
    if policy is None:
        return [
            finding(
                None,
                "policy.unknown",
                False,
                msg(
                    "{event} names policy {policy}, which is not known: it cannot be re-judged",
                    event=_event(last),
                    policy=str(last.policy),
                ),
                "policy",
                last,
                named=str(last.policy),
            )
        ]
    state = fold(before)
    command = command_for(
        last,
        state.key,
        command_id=last.command_id,
        correlation_id=last.correlation_id,
        causation_id=last.causation_id,
    )
    on = act_on(last, policy, calendar, state)
    findings = _policy_finding(policies, state, command, last, policy, on)
    try:
        draft = decide_draft(state, command, Judge(policy, calendar, on), last.timestamp)
    except RuleViolation as refusal:
        for rule_id, citation in zip(refusal.rule_ids, refusal.citations, strict=False):
            _, summary, summary_zh = cite(policy, rule_id)
            findings.append(
                AuditFinding(
                    rule_id,
                    False,
                    msg("the rules refuse {event}: {refusal}", event=_event(last), refusal=refusal),
                    "step",
                    last.originator_version,
                    last.on,
                    citation,
                    summary,
                    dict(refusal.facts),
                    summary_zh=summary_zh,
                )
            )
        if not refusal.rule_ids:
            findings.append(
                finding(
                    policy,
                    "procedure.order",
                    False,
                    msg("the rules refuse {event}: {refusal}", event=_event(last), refusal=refusal),
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
                policy,
                rule_id,
                False,
                msg("{event} cannot be re-judged: {error}", event=_event(last), error=error),
                "step",
                last,
            ),
        ]
    found = differences(group, draft.events)
    if found:
        # The rule the differing value rests on: an outcome the decision derived (a review's
        # level met), else the first condition that failed, else the step's first rule.
        failed = [f.rule_id for f in draft.weighed if not f.holds]
        named = [f.rule_id for f in draft.outcomes] + failed + list(last.rules)
        rule_id = named[0] if named else "procedure.order"
        fields = ", ".join(sorted(found))
        findings.append(
            finding(
                policy,
                rule_id,
                False,
                msg(
                    "{event} as recorded differs from the re-judgement in: {fields}",
                    event=_event(last),
                    fields=fields,
                ),
                "step",
                last,
                **found,
            )
        )
        return findings
    weighed = [*draft.weighed, *draft.outcomes]
    for found_rule in weighed:
        holds = found_rule.holds or found_rule in draft.outcomes
        kind = "deadline" if "due" in found_rule.facts else "rule"
        findings.append(from_rule(found_rule, policy, last, holds=holds, kind=kind))
    covered = {f.rule_id for f in weighed}
    for rule_id in [r for r in last.rules if r not in covered] or (
        [] if weighed else ["procedure.order"]
    ):
        findings.append(
            finding(
                policy,
                rule_id,
                True,
                msg("{event} re-judged: as recorded", event=_event(last)),
                "step",
                last,
            )
        )
    return findings


def _policy_finding(
    policies: PolicyRegistry,
    state: CaseState,
    command: Command,
    event: ev.CaseEvent,
    policy: Policy,
    on: pendulum.Date,
) -> list[AuditFinding]:
    """Whether the event names the policy that governs it (decision 0010), chosen by the same
    function the service chose it with."""
    try:
        wanted = governing_policy(policies, state.key, state, on, selection_level(command)).ref
    except GradingError as error:
        return [
            finding(
                policy,
                "policy.selection",
                False,
                msg("no policy governs this step: {error}", error=error),
                "policy",
                event,
            )
        ]
    if wanted == event.policy:
        return []
    return [
        finding(
            policy,
            "policy.selection",
            False,
            msg(
                "{event} was judged under {recorded}, but {wanted} governs it",
                event=_event(event),
                recorded=str(event.policy),
                wanted=str(wanted),
            ),
            "policy",
            event,
            recorded=str(event.policy),
            selected=str(wanted),
        )
    ]


def _event(event: ev.CaseEvent) -> Message:
    """An event's type by its name for people (申请 / Applied), as gradingcore.labels has it."""
    return coded("event", event.name)


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
