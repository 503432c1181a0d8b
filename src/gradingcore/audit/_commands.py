"""From a recorded event back to the command that recorded it, and a history's decisions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from gradingcore import events as ev
from gradingcore.commands import _BASE, COMMANDS, Command
from gradingcore.values import CaseKey

#: The aggregate step (command) each event type records.
EVENT_STEPS: Mapping[type[ev.CaseEvent], str] = {
    ev.CaseOpened: "open",
    ev.SelfEvaluated: "self_evaluate",
    ev.Applied: "apply",
    ev.CorrectionRequested: "request_correction",
    ev.Resubmitted: "resubmit",
    ev.ApplicationAccepted: "accept",
    ev.ApplicationForwarded: "forward",
    ev.ApplicationRejected: "reject",
    ev.ReviewOrdered: "order_review",
    ev.DirectRenewalConfirmed: "confirm_direct_renewal",
    ev.ReviewTeamFormed: "form_review_team",
    ev.Reviewed: "record_review",
    ev.RectificationExtended: "extend_rectification",
    ev.NonconformityFixed: "fix_nonconformity",
    ev.RectificationReported: "report_rectification",
    ev.RectificationVerified: "verify_rectification",
    ev.ListReported: "report_list",
    ev.Publicized: "publicize",
    ev.ObjectionRaised: "raise_objection",
    ev.ObjectionResolved: "resolve_objection",
    ev.Announced: "announce",
    ev.NotPassed: "notify_failure",
    ev.Revoked: "revoke",
    ev.CommitmentFoundFalse: "find_commitment_false",
    ev.IncidentRecorded: "record_incident",
    ev.SocialIncidentRecorded: "record_social_incident",
    ev.PenaltyRecorded: "record_penalty",
    ev.HazardRecorded: "record_hazard",
    ev.HazardFixed: "fix_hazard",
    ev.DishonestyListed: "list_dishonest",
    ev.DishonestyDelisted: "delist_dishonest",
    ev.LicenceLost: "record_licence_loss",
    ev.MajorChangeRecorded: "record_major_change",
    ev.FraudFound: "record_fraud",
    ev.OperationFailureRecorded: "record_operation_failure",
}


def step_of(event: ev.CaseEvent) -> str:
    """The aggregate step (command name) that records events of this type."""
    return EVENT_STEPS[type(event)]


def command_arguments(event: ev.CaseEvent) -> dict[str, Any]:
    """The step's arguments as the event records them.

    The payload fields of an event are its command's fields, except the ones the step derives
    (a publicity's end, a validity, ``level_met``, ``deemed``): those are left out, so that the
    re-judgement derives them again.
    """
    command = COMMANDS[step_of(event)]
    wanted = {f.name for f in attrs.fields(command)} - set(_BASE)
    return {name: getattr(event, name) for name in wanted if hasattr(event, name)}


def command_for(event: ev.CaseEvent, key: CaseKey, **envelope: Any) -> Command:
    """The command that, decided again, records ``event`` (``on`` and ``actor`` included)."""
    cls = COMMANDS[step_of(event)]
    return cls(case=key, actor=event.actor, on=event.on, **envelope, **command_arguments(event))


def decisions(history: Sequence[ev.CaseEvent]) -> Iterable[tuple[int, list[ev.CaseEvent]]]:
    """The decisions of a history after its CaseOpened: each with the index of its first event
    and its events; the last event of each is the one its command answers.

    A forward or a rejection of an application the unit never accepted records the deemed
    acceptance first, in the same step."""
    i = 1
    while i < len(history):
        e = history[i]
        nxt = history[i + 1] if i + 1 < len(history) else None
        if (
            isinstance(e, ev.ApplicationAccepted)
            and e.deemed
            and nxt is not None
            and isinstance(nxt, (ev.ApplicationForwarded, ev.ApplicationRejected))
            and nxt.actor == e.actor
            and nxt.command_id == e.command_id
            and nxt.timestamp == e.timestamp
        ):
            yield i, [e, nxt]
            i += 2
        else:
            yield i, [e]
            i += 1
