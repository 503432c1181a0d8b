"""Whether a step was judged under the right policy (ADR 0010)."""

from __future__ import annotations

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, finding
from gradingcore.errors import GradingError
from gradingcore.policy import Level, PolicyRegistry
from gradingcore.rules import Judge
from gradingcore.state import CaseState


def policy_findings(
    policies: PolicyRegistry, state: CaseState, event: ev.CaseEvent, judge: Judge
) -> list[AuditFinding]:
    """An application is judged by the policy selected for its region, level and date, and
    every later step of it by the same one (ADR 0010)."""
    if isinstance(event, ev.Applied):
        try:
            wanted = policies.select(state.enterprise.region, Level(event.level), event.on).ref
        except GradingError as error:
            return [
                finding(
                    judge.policy,
                    "policy.selection",
                    False,
                    f"no policy governs this application: {error}",
                    "policy",
                    event,
                )
            ]
        if wanted != event.policy:
            return [
                finding(
                    judge.policy,
                    "policy.selection",
                    False,
                    f"applied under {event.policy}, but {wanted} governs it",
                    "policy",
                    event,
                    recorded=str(event.policy),
                    selected=str(wanted),
                )
            ]
        return []
    app = state.application
    if (
        app is not None
        and app.is_open
        and app.policy is not None
        and not isinstance(event, ev.SelfEvaluated)
        and event.policy != app.policy
    ):
        return [
            finding(
                judge.policy,
                "policy.selection",
                False,
                f"{event.name} was judged under {event.policy}, its application under {app.policy}",
                "policy",
                event,
                recorded=str(event.policy),
                application=str(app.policy),
            )
        ]
    return []
