"""The auditor's re-judgement: a recorded history decided again, step by step.

``check(service, key)`` (or ``check_history(events, policies=..., calendar=...)``) rebuilds the
case event by event. For every recorded decision it builds the command the event answers
(:func:`command_for`) and decides it again, exactly ``decide(fold(before), command)`` under the
policy the event names (``id@version``) and the calendar, comparing what the rules would record
with what was recorded. The findings are the decision's own: every rule it weighed (a deadline
met or missed by the step taken late among them), or its refusal, or the fields in which the
record differs; each breach is reported once (decision 0024). The deadlines still open at the
end are the rules' open obligations as of the day judged. Each outcome is an
:class:`AuditFinding` naming its rule, its citation and the event it concerns; a finding that
does not hold is a breach.

Nothing here writes.

The modules, one idea each: ``_findings`` (what is found), ``_commands`` (a history's
decisions), ``_check`` (the whole history), ``_rejudge`` (one decision taken again), ``_open``
(deadlines still open), ``_calendar`` (another calendar version).
"""

from __future__ import annotations

from gradingcore.audit._check import check, check_history
from gradingcore.audit._commands import command_arguments, command_for, decisions, step_of
from gradingcore.audit._findings import AuditFinding, AuditReport

__all__ = [
    "AuditFinding",
    "AuditReport",
    "check",
    "check_history",
    "command_arguments",
    "command_for",
    "decisions",
    "step_of",
]
