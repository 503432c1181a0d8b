"""Every deadline the events set, followed to the event that met it (or to its absence), and
every period (a validity, a lockout) with what happened inside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from gradingcore import events as ev
from gradingcore.audit._findings import AuditFinding, finding, policy_of
from gradingcore.facts import Deadline
from gradingcore.policy import PolicyRegistry

#: The events that meet a deadline of each rule (the first one after the deadline was set).
_MEETS: Mapping[str, tuple[type[ev.CaseEvent], ...]] = {
    "intake.correction": (ev.CorrectionRequested, ev.ApplicationAccepted),
    "intake.audit": (ev.ApplicationForwarded, ev.ApplicationRejected),
    "rectify.deadline": (ev.RectificationReported,),
    "rectify.verification": (ev.RectificationVerified,),
    "publicity.duration": (ev.Announced,),
}

#: The events that close an application: its deadlines still pending become moot.
_CLOSES = (ev.ApplicationRejected, ev.NotPassed, ev.CommitmentFoundFalse, ev.Announced)

#: Deadlines that are periods (a validity, a lockout): reported, never "met".
_PERIODS = (
    "validity.term",
    "lockout.after_failure",
    "lockout.after_revocation",
    "lockout.false_commitment",
)


@attrs.frozen
class _Pending:
    deadline: Deadline
    event: ev.CaseEvent


def deadline_findings(
    history: list[ev.CaseEvent], policies: PolicyRegistry, as_of: pendulum.Date
) -> list[AuditFinding]:
    """A finding for each deadline and period of ``history``; deadlines still open are judged
    as of ``as_of``."""
    findings: list[AuditFinding] = []
    pending: list[_Pending] = []

    def report(p: _Pending, holds: bool, message: str, by: ev.CaseEvent | None) -> None:
        d = p.deadline
        facts: dict[str, Any] = {
            "due": d.due,
            "party": d.party.value,
            "set_by": p.event.originator_version,
        }
        if by is not None:
            facts.update(met_on=by.on, met_by=by.originator_version)
        findings.append(
            finding(
                policy_of(policies, p.event),
                d.rule_id,
                holds,
                f"{d.party} to {d.what} by {d.due}: {message}",
                "deadline",
                p.event,
                **facts,
            )
        )

    for e in history:
        still: list[_Pending] = []
        for p in pending:
            d = p.deadline
            if type(e) in _MEETS.get(d.rule_id, ()):
                if isinstance(e, ev.ApplicationAccepted) and e.deemed:
                    report(
                        p,
                        True,
                        "no notice: deemed accepted as of receipt (intake.deemed_acceptance)",
                        e,
                    )
                elif d.rule_id == "publicity.duration":
                    report(
                        p,
                        e.on > d.due,
                        f"publicity complete; announced on {e.on} (v{e.originator_version})",
                        e,
                    )
                elif e.on <= d.due:
                    report(p, True, f"met on {e.on} (v{e.originator_version} {e.name})", e)
                else:
                    report(
                        p,
                        False,
                        f"missed: done on {e.on} (v{e.originator_version} "
                        f"{e.name}), {_late(d.due, e.on)}",
                        e,
                    )
            elif any(x.rule_id == d.rule_id for x in e.deadlines):
                report(p, True, f"replaced by v{e.originator_version} {e.name}", e)
            elif isinstance(e, _CLOSES):
                if (
                    isinstance(e, ev.NotPassed)
                    and "rectify.late" in e.rules
                    and d.rule_id == "rectify.deadline"
                ):
                    report(
                        p,
                        False,
                        f"missed; failure notified on {e.on} "
                        f"(v{e.originator_version}, rectify.late)",
                        e,
                    )
                else:
                    report(
                        p,
                        e.on <= d.due or d.rule_id == "intake.correction",
                        f"ended by v{e.originator_version} {e.name} on {e.on}",
                        e,
                    )
            else:
                still.append(p)
        pending = still
        for d in e.deadlines:
            p = _Pending(d, e)
            if d.rule_id in _PERIODS:
                findings.append(_period_finding(p, history, policies))
            else:
                pending.append(p)
    for p in pending:
        d = p.deadline
        if d.rule_id == "intake.correction":
            lapsed = as_of > d.due
            report(
                p,
                True,
                "lapsed: deemed accepted as of receipt" if lapsed else f"open as of {as_of}",
                None,
            )
        elif d.rule_id == "publicity.duration":
            # The end of a publicity, not a deadline to act by: announcing may follow any day.
            report(p, True, f"not announced as of {as_of}", None)
        elif as_of > d.due:
            report(p, False, f"missed: not done as of {as_of}, {_late(d.due, as_of)}", None)
        else:
            report(p, True, f"open as of {as_of}", None)
    return findings


def _late(due: pendulum.Date, on: pendulum.Date) -> str:
    days = (on - due).in_days()
    return f"{days} day{'s' if days != 1 else ''} late"


def _period_finding(
    p: _Pending, history: list[ev.CaseEvent], policies: PolicyRegistry
) -> AuditFinding:
    d, e = p.deadline, p.event
    policy = policy_of(policies, e)
    if d.rule_id == "validity.term":
        revoked = [x for x in history if isinstance(x, ev.Revoked) and e.on <= x.on <= d.due]
        ended = f"; revoked on {revoked[0].on}" if revoked else ""
        return finding(
            policy,
            d.rule_id,
            True,
            f"valid from {e.on} through {d.due}{ended}",
            "period",
            e,
            valid_until=d.due,
        )
    applied = [x for x in history if isinstance(x, ev.Applied) and e.on < x.on <= d.due]
    if applied:
        first = applied[0]
        return finding(
            policy,
            d.rule_id,
            False,
            f"locked out through {d.due}, yet an application was made on {first.on} "
            f"(v{first.originator_version})",
            "period",
            e,
            locked_until=d.due,
        )
    return finding(
        policy,
        d.rule_id,
        True,
        f"locked out through {d.due}; no application then",
        "period",
        e,
        locked_until=d.due,
    )
