"""Commands: what a user asks of a case, as plain data.

Each command names the case (by its natural key), the actor, the business date (default: the
service clock's today) and an optional ``command_id`` for idempotency; the payload fields are
the rest. A command is decided by the handler registered for its type
(:mod:`gradingcore.decisions`); ``step`` is only its name in scenario files, imports and the
CLI. The scenario files, the HTTP API and the CLI all build these same objects (text input
through :mod:`gradingcore.inputs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

import attrs
import pendulum

from gradingcore.bounds import Bounded
from gradingcore.facts import (
    COMMITMENTS,
    Channel,
    Expert,
    ExpertDraw,
    ForceMajeure,
    IncidentGrade,
    LicenceLoss,
    Nonconformity,
    Reporting,
    VerificationMethod,
    WorkGroup,
    YearStatistics,
)
from gradingcore.policy import Level
from gradingcore.values import Actor, CaseKey, Enterprise

#: The fields every command has; the others are its payload.
ENVELOPE = ("case", "actor", "on", "command_id", "correlation_id", "causation_id", "enterprise")
_BASE = ENVELOPE


#: The names of each command class's payload fields (all but the envelope), found once.
_PAYLOADS: dict[type, tuple[str, ...]] = {}


@attrs.frozen(kw_only=True)
class Command(Bounded):
    """Base of every command. Every field is checked where the command is built
    (:mod:`gradingcore.bounds`): a bad value is InvalidInput naming the field."""

    step: ClassVar[str]

    case: CaseKey
    actor: Actor
    on: pendulum.Date | None = None
    command_id: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    #: Opens the case first if it does not exist yet.
    enterprise: Enterprise | None = None

    def arguments(self) -> Mapping[str, Any]:
        """The payload, as keyword arguments of the command's handler."""
        names = _PAYLOADS.get(type(self))
        if names is None:
            fields = attrs.fields(type(self))
            names = _PAYLOADS[type(self)] = tuple(f.name for f in fields if f.name not in _BASE)
        return {name: getattr(self, name) for name in names}


@attrs.frozen(kw_only=True)
class OpenCase(Command):
    step = "open"


@attrs.frozen(kw_only=True)
class SelfEvaluate(Command):
    step = "self_evaluate"
    score: Decimal
    claimed_level: Level
    workgroup: WorkGroup
    publicity_from: pendulum.Date | None = None
    consultants: tuple[str, ...] = ()
    deductions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Apply(Command):
    step = "apply"
    level: Level
    commitments: tuple[str, ...] = COMMITMENTS
    reported_to_city: bool = True
    statistics: tuple[YearStatistics, ...] = ()
    channel: Channel = Channel.ONLINE


@attrs.frozen(kw_only=True)
class RequestCorrection(Command):
    step = "request_correction"
    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Resubmit(Command):
    step = "resubmit"


@attrs.frozen(kw_only=True)
class Accept(Command):
    step = "accept"


@attrs.frozen(kw_only=True)
class Forward(Command):
    step = "forward"
    opinion: str = ""


@attrs.frozen(kw_only=True)
class Reject(Command):
    step = "reject"
    reasons: tuple[str, ...]


@attrs.frozen(kw_only=True)
class OrderReview(Command):
    step = "order_review"


@attrs.frozen(kw_only=True)
class ConfirmDirectRenewal(Command):
    step = "confirm_direct_renewal"
    standards_revised: bool = False


@attrs.frozen(kw_only=True)
class FormReviewTeam(Command):
    step = "form_review_team"
    experts: tuple[Expert, ...]
    organizing_unit_consulted: bool = False
    organizing_unit_served_on: pendulum.Date | None = None
    draw: ExpertDraw | None = None


@attrs.frozen(kw_only=True)
class RecordReview(Command):
    step = "record_review"
    score: Decimal
    nonconformities: tuple[Nonconformity, ...] = ()
    major_hazard_found: bool = False
    level_met: bool = True
    received_on: pendulum.Date | None = None


@attrs.frozen(kw_only=True)
class ExtendRectification(Command):
    step = "extend_rectification"
    workdays: int
    reason: ForceMajeure
    explanation: str = ""


@attrs.frozen(kw_only=True)
class FixNonconformity(Command):
    step = "fix_nonconformity"
    nonconformity_id: str
    evidence: str = ""


@attrs.frozen(kw_only=True)
class ReportRectification(Command):
    step = "report_rectification"


@attrs.frozen(kw_only=True)
class VerifyRectification(Command):
    step = "verify_rectification"
    passed: bool
    method: VerificationMethod = VerificationMethod.WRITTEN


@attrs.frozen(kw_only=True)
class ReportList(Command):
    """报送名单 (第七条(四)): the unit reports the enterprise on its periodic list ``list_id``."""

    step = "report_list"
    list_id: str


@attrs.frozen(kw_only=True)
class Publicize(Command):
    step = "publicize"


@attrs.frozen(kw_only=True)
class RaiseObjection(Command):
    step = "raise_objection"
    objection_id: str
    summary: str = ""


@attrs.frozen(kw_only=True)
class ResolveObjection(Command):
    step = "resolve_objection"
    objection_id: str
    substantiated: bool
    finding: str = ""


@attrs.frozen(kw_only=True)
class Announce(Command):
    step = "announce"
    copied_to: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class NotifyFailure(Command):
    step = "notify_failure"
    reasons: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Revoke(Command):
    step = "revoke"
    trigger: str
    facts: str = ""
    copied_to: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class FindCommitmentFalse(Command):
    step = "find_commitment_false"
    commitment: str
    finding: str = ""


@attrs.frozen(kw_only=True)
class RecordIncident(Command):
    step = "record_incident"
    incident_id: str
    deaths: int = 0
    serious_injuries: int = 0
    direct_loss_cny: Decimal = Decimal(0)
    grade: IncidentGrade = IncidentGrade.YIBAN
    reporting: Reporting = Reporting.ON_TIME
    description: str = ""


@attrs.frozen(kw_only=True)
class RecordSocialIncident(Command):
    step = "record_social_incident"
    incident_id: str
    description: str = ""


@attrs.frozen(kw_only=True)
class RecordPenalty(Command):
    step = "record_penalty"
    penalty_id: str
    major: bool = False
    description: str = ""


@attrs.frozen(kw_only=True)
class RecordHazard(Command):
    step = "record_hazard"
    hazard_id: str
    major: bool
    fix_by: pendulum.Date
    description: str = ""
    #: 五落实 (Changzhou, CZ-4): who answers for the fix, the measures, the funds, the
    #: contingency plan (the time limit is ``fix_by``); empty where no scheme asks for them.
    responsibility: str = ""
    measures: str = ""
    funds: str = ""
    contingency_plan: str = ""


@attrs.frozen(kw_only=True)
class FixHazard(Command):
    step = "fix_hazard"
    hazard_id: str


@attrs.frozen(kw_only=True)
class RecordFollowUpVisit(Command):
    """回访: a supervisor's follow-up visit of a graded enterprise; a failed one sets
    ``fix_by``, the deadline for fixing what it found (限期整改)."""

    step = "record_follow_up_visit"
    visit_id: str
    passed: bool
    fix_by: pendulum.Date | None = None
    findings: str = ""


@attrs.frozen(kw_only=True)
class RecordInspection(Command):
    """监督检查: a supervisor's inspection of an enterprise, comprehensive (全面检查) or not.
    Qinyang's plan (QY-13) asks for two a year of an enterprise not yet standardized."""

    step = "record_inspection"
    inspection_id: str
    comprehensive: bool = False
    findings: str = ""


@attrs.frozen(kw_only=True)
class ListDishonest(Command):
    step = "list_dishonest"
    list_name: str = "安全生产失信惩戒名单"


@attrs.frozen(kw_only=True)
class DelistDishonest(Command):
    step = "delist_dishonest"
    list_name: str = "安全生产失信惩戒名单"


@attrs.frozen(kw_only=True)
class RecordLicenceLoss(Command):
    step = "record_licence_loss"
    kind: LicenceLoss
    description: str = ""


@attrs.frozen(kw_only=True)
class RecordMajorChange(Command):
    step = "record_major_change"
    description: str = ""


@attrs.frozen(kw_only=True)
class RecordFraud(Command):
    step = "record_fraud"
    description: str = ""


@attrs.frozen(kw_only=True)
class RecordOperationFailure(Command):
    step = "record_operation_failure"
    description: str = ""
    serious: bool = True


@attrs.frozen(kw_only=True)
class RecordTownship(Command):
    step = "record_township"
    township: str


#: Every command by its step name (snake_case), for scenario files and adapters.
COMMANDS: dict[str, type[Command]] = {
    cls.step: cls
    for cls in (
        OpenCase,
        SelfEvaluate,
        Apply,
        RequestCorrection,
        Resubmit,
        Accept,
        Forward,
        Reject,
        OrderReview,
        ConfirmDirectRenewal,
        FormReviewTeam,
        RecordReview,
        ExtendRectification,
        FixNonconformity,
        ReportRectification,
        VerifyRectification,
        ReportList,
        Publicize,
        RaiseObjection,
        ResolveObjection,
        Announce,
        NotifyFailure,
        Revoke,
        FindCommitmentFalse,
        RecordIncident,
        RecordSocialIncident,
        RecordPenalty,
        RecordHazard,
        FixHazard,
        RecordFollowUpVisit,
        RecordInspection,
        ListDishonest,
        DelistDishonest,
        RecordLicenceLoss,
        RecordMajorChange,
        RecordFraud,
        RecordOperationFailure,
        RecordTownship,
    )
}
