"""The breaches the events recorded themselves (an official's late audit or verification,
docs/decisions/0008-who-is-late.md)."""

from __future__ import annotations

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, finding, policy_of
from gradingcore.policy import PolicyRegistry


def recorded_breaches(history: list[ev.CaseEvent], policies: PolicyRegistry) -> list[AuditFinding]:
    """A breach finding for each rule id an event lists in its ``breaches``."""
    found = []
    for e in history:
        for rule_id in e.breaches:
            found.append(
                finding(
                    policy_of(policies, e),
                    rule_id,
                    False,
                    f"{e.name} recorded a breach of {rule_id} ({e.actor})",
                    "recorded",
                    e,
                )
            )
    return found
