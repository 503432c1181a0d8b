"""Names of the library's codes for people (名称): statuses, stages, roles, event types.

In English a code is shown as it is (``in_progress``, ``organizing_unit``, ``SelfEvaluated``):
that is what the JSON output, the logs and the docs call it. In Chinese it is the term of
docs/glossary.md. The catalog's context says which code list a word belongs to, since the same
English may be two Chinese words (a case ``revoked`` 撤销, a licence ``revoked`` 吊销).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from gradingcore.i18n import Locale, Message, msg, msg_ctx
from gradingcore.levels import Level
from gradingcore.state import Stage
from gradingcore.values import Actor, AuthorityKind, Role
from gradingcore.views import Status

STATUS: Mapping[Status, Message] = {
    Status.NEW: msg_ctx("status", "new"),
    Status.IN_PROGRESS: msg_ctx("status", "in_progress"),
    Status.GRADED: msg_ctx("status", "graded"),
    Status.EXPIRED: msg_ctx("status", "expired"),
    Status.REVOKED: msg_ctx("status", "revoked"),
    Status.NOT_PASSED: msg_ctx("status", "not_passed"),
    Status.REJECTED: msg_ctx("status", "rejected"),
    Status.TERMINATED: msg_ctx("status", "terminated"),
}

STAGE: Mapping[Stage, Message] = {
    Stage.SUBMITTED: msg_ctx("stage", "submitted"),
    Stage.AWAITING_CORRECTION: msg_ctx("stage", "awaiting_correction"),
    Stage.ACCEPTED: msg_ctx("stage", "accepted"),
    Stage.FORWARDED: msg_ctx("stage", "forwarded"),
    Stage.REVIEW_ORDERED: msg_ctx("stage", "review_ordered"),
    Stage.TEAM_FORMED: msg_ctx("stage", "team_formed"),
    Stage.RECTIFYING: msg_ctx("stage", "rectifying"),
    Stage.RECTIFICATION_REPORTED: msg_ctx("stage", "rectification_reported"),
    Stage.READY_FOR_PUBLICITY: msg_ctx("stage", "ready_for_publicity"),
    Stage.FAILED: msg_ctx("stage", "failed"),
    Stage.PUBLICIZED: msg_ctx("stage", "publicized"),
    Stage.ANNOUNCED: msg_ctx("stage", "announced"),
    Stage.NOT_PASSED: msg_ctx("stage", "not_passed"),
    Stage.REJECTED: msg_ctx("stage", "rejected"),
    Stage.TERMINATED: msg_ctx("stage", "terminated"),
}

ROLE: Mapping[Role, Message] = {
    Role.ENTERPRISE: msg_ctx("role", "enterprise"),
    Role.ORGANIZING_UNIT: msg_ctx("role", "organizing_unit"),
    Role.REVIEW_TEAM: msg_ctx("role", "review_team"),
    Role.AUTHORITY: msg_ctx("role", "authority"),
    Role.SUPERVISOR: msg_ctx("role", "supervisor"),
    Role.AUDITOR: msg_ctx("role", "auditor"),
    Role.SYSTEM: msg_ctx("role", "system"),
}

AUTHORITY_KIND: Mapping[AuthorityKind, Message] = {
    AuthorityKind.MEM: msg_ctx("authority", "MEM"),
    AuthorityKind.PROVINCE: msg_ctx("authority", "province"),
    AuthorityKind.CITY: msg_ctx("authority", "city"),
}

#: Event types by name (the class name is the code: ``Applied``).
EVENT: Mapping[str, Message] = {
    "CaseOpened": msg_ctx("event", "CaseOpened"),
    "SelfEvaluated": msg_ctx("event", "SelfEvaluated"),
    "Applied": msg_ctx("event", "Applied"),
    "Resubmitted": msg_ctx("event", "Resubmitted"),
    "NonconformityFixed": msg_ctx("event", "NonconformityFixed"),
    "RectificationReported": msg_ctx("event", "RectificationReported"),
    "CorrectionRequested": msg_ctx("event", "CorrectionRequested"),
    "ApplicationAccepted": msg_ctx("event", "ApplicationAccepted"),
    "ApplicationForwarded": msg_ctx("event", "ApplicationForwarded"),
    "ApplicationRejected": msg_ctx("event", "ApplicationRejected"),
    "ReviewTeamFormed": msg_ctx("event", "ReviewTeamFormed"),
    "Reviewed": msg_ctx("event", "Reviewed"),
    "RectificationVerified": msg_ctx("event", "RectificationVerified"),
    "ReviewOrdered": msg_ctx("event", "ReviewOrdered"),
    "DirectRenewalConfirmed": msg_ctx("event", "DirectRenewalConfirmed"),
    "RectificationExtended": msg_ctx("event", "RectificationExtended"),
    "ListReported": msg_ctx("event", "ListReported"),
    "Publicized": msg_ctx("event", "Publicized"),
    "ObjectionRaised": msg_ctx("event", "ObjectionRaised"),
    "ObjectionResolved": msg_ctx("event", "ObjectionResolved"),
    "Announced": msg_ctx("event", "Announced"),
    "NotPassed": msg_ctx("event", "NotPassed"),
    "Revoked": msg_ctx("event", "Revoked"),
    "CommitmentFoundFalse": msg_ctx("event", "CommitmentFoundFalse"),
    "IncidentRecorded": msg_ctx("event", "IncidentRecorded"),
    "SocialIncidentRecorded": msg_ctx("event", "SocialIncidentRecorded"),
    "PenaltyRecorded": msg_ctx("event", "PenaltyRecorded"),
    "HazardRecorded": msg_ctx("event", "HazardRecorded"),
    "HazardFixed": msg_ctx("event", "HazardFixed"),
    "FollowUpVisited": msg_ctx("event", "FollowUpVisited"),
    "Inspected": msg_ctx("event", "Inspected"),
    "DishonestyListed": msg_ctx("event", "DishonestyListed"),
    "DishonestyDelisted": msg_ctx("event", "DishonestyDelisted"),
    "LicenceLost": msg_ctx("event", "LicenceLost"),
    "MajorChangeRecorded": msg_ctx("event", "MajorChangeRecorded"),
    "FraudFound": msg_ctx("event", "FraudFound"),
    "OperationFailureRecorded": msg_ctx("event", "OperationFailureRecorded"),
    "TownshipRecorded": msg_ctx("event", "TownshipRecorded"),
}

_TABLES: tuple[tuple[type[enum.Enum], Mapping[Any, Message]], ...] = (
    (Status, STATUS),
    (Stage, STAGE),
    (Role, ROLE),
    (AuthorityKind, AUTHORITY_KIND),
)


def label(code: enum.Enum | str, locale: Locale | str | None = None) -> str:
    """A level, status, stage, role, authority kind or event type name for people, in
    ``locale`` (``Level.LEVEL_2``: 二级 or level 2).
    A code with no label (one added since) is shown as the code itself, never dropped."""
    if isinstance(code, Level):
        return code.label(locale)
    for kind, table in _TABLES:
        if isinstance(code, kind):
            found = table.get(code)
            return found.render(locale) if found else str(code.value)
    if isinstance(code, str) and code in EVENT:
        return EVENT[code].render(locale)
    return str(code.value) if isinstance(code, enum.Enum) else str(code)


def actor_label(actor: Actor, locale: Locale | str | None = None) -> str:
    """Who did it: the host's id, the role and the authority (``河南省应急管理厅（定级部门/
    省级应急管理部门）`` or ``河南省应急管理厅 (authority/province)``)."""
    role = label(actor.role, locale)
    if actor.authority is None:
        return msg("{actor} ({role})", actor=actor.id, role=role).render(locale)
    authority = label(actor.authority, locale)
    return msg(
        "{actor} ({role}/{authority})", actor=actor.id, role=role, authority=authority
    ).render(locale)
