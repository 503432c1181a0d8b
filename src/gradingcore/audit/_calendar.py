"""The calendar a history is re-judged under, when its events were recorded under another."""

from __future__ import annotations

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, finding, policy_of
from gradingcore.calendar import WorkdayCalendar
from gradingcore.i18n import joined, msg
from gradingcore.policy import PolicyRegistry


def calendar_findings(
    history: list[ev.CaseEvent], policies: PolicyRegistry, calendar: WorkdayCalendar
) -> list[AuditFinding]:
    """Events recorded under another calendar version are re-judged under this one: said so,
    and any difference shows in the steps' findings."""
    other: dict[str, list[int]] = {}
    for e in history:
        if e.calendar_version and e.calendar_version != calendar.version:
            other.setdefault(e.calendar_version, []).append(e.originator_version)
    found = []
    for version, versions in other.items():
        first = history[versions[0] - 1] if versions[0] - 1 < len(history) else history[0]
        found.append(
            finding(
                policy_of(policies, first),
                "calendar.official",
                True,
                msg(
                    "events {events} were recorded under calendar {recorded}; re-judged under "
                    "{rejudged}",
                    events=joined([f"v{v}" for v in versions], msg(", ")),
                    recorded=version,
                    rejudged=calendar.version,
                ),
                "calendar",
                first,
                recorded=version,
                rejudged=calendar.version,
                events=versions,
            )
        )
    return found
