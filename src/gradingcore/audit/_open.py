"""The deadlines still open at the end of a history: what the rules say is owed as of a day
(:func:`gradingcore.rules.open_obligations`, the same function a case's view lists them with),
for the deadlines the history's events set. A deadline met, or missed by a step taken late, is
reported by that step's own decision, never here (one verdict per breach)."""

from __future__ import annotations

import pendulum

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, cite
from gradingcore.calendar import WorkdayCalendar
from gradingcore.decisions import governing_policy
from gradingcore.errors import GradingError
from gradingcore.i18n import Joined, Message, msg, msg_plural
from gradingcore.policy import PolicyRegistry
from gradingcore.rules import Judge, open_obligations
from gradingcore.rules._judge import coded
from gradingcore.state import fold
from gradingcore.values import Role


def open_deadline_findings(
    history: list[ev.CaseEvent],
    policies: PolicyRegistry,
    calendar: WorkdayCalendar,
    as_of: pendulum.Date,
) -> list[AuditFinding]:
    """A finding for each deadline set by the history and still owed on ``as_of``: holding
    through its due date, a breach from the day after."""
    state = fold(e for e in history if e.on <= as_of)
    set_by: dict[str, ev.CaseEvent] = {}
    for event in history:
        for deadline in event.deadlines:
            set_by[deadline.rule_id] = event
    try:
        policy = governing_policy(policies, state.key, state, as_of)
    except GradingError:
        return []
    found = []
    judge = Judge(policy, calendar, as_of)
    for owed in open_obligations(judge, state, as_of):
        rule_id, party = owed.rule_id, owed.party
        what: str | Message | Joined = owed.text
        due: object = owed.due
        if rule_id == "rectify.late":
            # Once the rectification deadline has passed the rules owe the authority's failure
            # notice instead; the deadline the enterprise missed is in the obligation's facts.
            rule_id, due = "rectify.deadline", owed.facts.get("rectification_due")
            party, what = Role.ENTERPRISE, msg("fix and report")
        setter = set_by.get(rule_id)
        if not isinstance(due, pendulum.Date) or setter is None:
            continue
        missed = as_of > due
        late = (as_of - due).in_days()
        who = coded("role", party)
        message = (
            msg_plural(
                "{party} to {what} by {due}: missed: not done as of {as_of}, {n} day late",
                "{party} to {what} by {due}: missed: not done as of {as_of}, {n} days late",
                late,
                party=who,
                what=what,
                due=due,
                as_of=as_of,
            )
            if missed
            else msg(
                "{party} to {what} by {due}: open as of {as_of}",
                party=who,
                what=what,
                due=due,
                as_of=as_of,
            )
        )
        citation, summary, summary_zh = cite(policy, rule_id)
        found.append(
            AuditFinding(
                rule_id,
                not missed,
                message,
                "deadline",
                setter.originator_version,
                setter.on,
                citation,
                summary,
                {"due": due, "party": party.value, "set_by": setter.originator_version},
                summary_zh=summary_zh,
            )
        )
    return found
