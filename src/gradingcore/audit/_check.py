"""The re-judgement of a whole history: every finding of every kind, in the history's order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import pendulum

from gradingcore import events as ev
from gradingcore.audit._calendar import calendar_findings
from gradingcore.audit._commands import decisions
from gradingcore.audit._findings import AuditFinding, AuditReport
from gradingcore.audit._open import open_deadline_findings
from gradingcore.audit._rejudge import judge_step
from gradingcore.calendar import WorkdayCalendar
from gradingcore.errors import GradingError
from gradingcore.policy import PolicyRegistry
from gradingcore.values import CaseKey


def check(service: Any, key: CaseKey | UUID, *, as_of: pendulum.Date | None = None) -> AuditReport:
    """Re-judge a case of ``service`` (a :class:`~gradingcore.GradingService`) from its stored
    events, under its policies and calendar. Open deadlines are judged as of ``as_of`` (default:
    the service clock's today)."""
    from gradingcore.clock import today

    events = service.history(key)
    return check_history(
        events,
        policies=service.policies,
        calendar=service.calendar,
        as_of=as_of or today(service.clock),
    )


def check_history(
    events: Sequence[ev.CaseEvent],
    *,
    policies: PolicyRegistry,
    calendar: WorkdayCalendar,
    as_of: pendulum.Date | None = None,
) -> AuditReport:
    """Re-judge a recorded history (see :mod:`gradingcore.audit`). ``as_of`` (default: the last
    event's business date) is the day open deadlines are judged on."""
    history = list(events)
    if not history or not isinstance(history[0], ev.CaseOpened):
        raise GradingError("a history starts with CaseOpened")
    opened = history[0]
    day = as_of or max(e.on for e in history)
    findings: list[AuditFinding] = []
    findings += calendar_findings(history, policies, calendar)
    for start, group in decisions(history):
        findings += judge_step(history[:start], group, policies, calendar)
    findings += open_deadline_findings(history, policies, calendar, day)
    findings.sort(key=lambda f: f.version)
    return AuditReport(
        case_id=opened.originator_id,
        key=opened.key,
        enterprise=opened.enterprise,
        events=tuple(history),
        findings=tuple(findings),
        calendar_version=calendar.version,
        as_of=day,
    )
