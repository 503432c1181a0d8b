"""The calendar a history is re-judged under, when its events were recorded under another."""

from __future__ import annotations

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, finding, policy_of
from gradingcore.calendar import WorkdayCalendar
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
                f"events v{', v'.join(map(str, versions))} were recorded under calendar {version}; "
                f"re-judged under {calendar.version}",
                "calendar",
                first,
                recorded=version,
                rejudged=calendar.version,
                events=versions,
            )
        )
    return found
