"""The auditor's re-judgement: a recorded history decided again, step by step.

``check(service, key)`` (or ``check_history(events, policies=..., calendar=...)``) rebuilds the
case event by event. For every recorded decision it builds the command the event answers
(:func:`command_arguments`), runs the very same aggregate step on a scratch case made of the
events before it, under the policy the event names (``id@version``) and the calendar, and
compares what the rules would record with what was recorded. It also follows every deadline
the events set to the event that met it (or to its absence), and lists the breaches the events
recorded themselves. Each outcome is an :class:`AuditFinding` naming its rule, its citation and
the event it concerns; a finding that does not hold is a breach.

Nothing here writes: the scratch cases live in memory only.

The modules, one idea each: ``_findings`` (what is found), ``_commands`` (event back to
command; a history's decisions), ``_check`` (the whole history), ``_rejudge`` (one decision
taken again), ``_policy`` and ``_rules`` (the policy it was judged under, the rules it weighed),
``_deadlines`` (deadlines and periods), ``_recorded`` (breaches the events recorded),
``_calendar`` (another calendar version).
"""

from __future__ import annotations

from gradingcore.audit._check import check, check_history
from gradingcore.audit._commands import (
    EVENT_STEPS,
    command_arguments,
    command_for,
    decisions,
    step_of,
)
from gradingcore.audit._findings import AuditFinding, AuditReport

__all__ = [
    "EVENT_STEPS",
    "AuditFinding",
    "AuditReport",
    "check",
    "check_history",
    "command_arguments",
    "command_for",
    "decisions",
    "step_of",
]
