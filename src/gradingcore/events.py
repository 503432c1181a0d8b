"""The events of a grading case: its whole truth.

Every event is a frozen attrs class of plain data. The envelope fields, common to all, say when
it took effect (``on``, a business date in the authority's zone), who did it, which rules it
satisfied or invoked, under which policy and calendar, and the hash chain an auditor verifies.
``timestamp`` is when the store recorded it (UTC), set from the service's clock.

Events are data only: no method changes anything. :func:`gradingcore.state.evolve` folds them
and :func:`gradingcore.decisions.decide` makes them (decision 0020).

Events carry ``class_version`` for upcasting: a later version of an event class adds a static
``upcast_v1_v2(state)`` and eventsourcing's mapper applies it when an old event is read.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

import attrs
import pendulum

from gradingcore.facts import (
    Channel,
    Deadline,
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
from gradingcore.policy import Level, PolicyRef
from gradingcore.values import Actor, CaseKey, Enterprise, money

#: The topic older rows name in ``CaseOpened.originator_topic`` (decision 0020).
CASE_TOPIC = "gradingcore.case:GradingCase"


@attrs.frozen(kw_only=True)
class CaseEvent:
    """Base of every event of a grading case: the envelope."""

    class_version: ClassVar[int] = 1

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    on: pendulum.Date
    actor: Actor
    policy: PolicyRef
    rules: tuple[str, ...] = ()
    breaches: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    calendar_version: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    command_id: str | None = None
    previous_hash: str = ""
    digest: str = ""

    @property
    def name(self) -> str:
        return type(self).__name__


@attrs.frozen(kw_only=True)
class CaseOpened(CaseEvent):
    """The case of one enterprise and specialty was opened (its first event)."""

    key: CaseKey
    enterprise: Enterprise
    #: Kept for the stored shape: rows written before decision 0020 name the aggregate class
    #: that replayed them; nothing resolves it any more.
    originator_topic: str = CASE_TOPIC


# --- The enterprise -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SelfEvaluated(CaseEvent):
    """自评: the enterprise evaluated itself and published the report internally."""

    score: Decimal = attrs.field(converter=money)
    claimed_level: Level = attrs.field(converter=Level)
    publicity_from: pendulum.Date
    publicity_complete_on: pendulum.Date
    workgroup: WorkGroup
    consultants: tuple[str, ...] = ()
    deductions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Applied(CaseEvent):
    """申请: the enterprise applied for a level, its principal committing to 第八条."""

    level: Level = attrs.field(converter=Level)
    commitments: tuple[str, ...]
    self_evaluation: int  # version of the SelfEvaluated event it rests on
    reported_to_city: bool = False
    renewal: bool = False
    statistics: tuple[YearStatistics, ...] = ()
    channel: Channel = Channel.ONLINE


@attrs.frozen(kw_only=True)
class Resubmitted(CaseEvent):
    """补正: the enterprise resubmitted its report after a correction request."""


@attrs.frozen(kw_only=True)
class NonconformityFixed(CaseEvent):
    """One nonconformity was fixed."""

    nonconformity_id: str
    evidence: str = ""


@attrs.frozen(kw_only=True)
class RectificationReported(CaseEvent):
    """整改情况书面报告: the enterprise reported its rectification to the review team."""


# --- The organizing unit --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CorrectionRequested(CaseEvent):
    """补正告知: one written notice listing everything to correct."""

    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ApplicationAccepted(CaseEvent):
    """受理: explicit, or deemed (then ``on`` is the day of receipt)."""

    deemed: bool = False


@attrs.frozen(kw_only=True)
class ApplicationForwarded(CaseEvent):
    """报送: audited and forwarded to the authority with the unit's opinion."""

    opinion: str = ""


@attrs.frozen(kw_only=True)
class ApplicationRejected(CaseEvent):
    """Audited and found not to meet the conditions; the enterprise is told why."""

    reasons: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ReviewTeamFormed(CaseEvent):
    """现场评审组: the experts drawn for the on-site review."""

    experts: tuple[Expert, ...]
    organizing_unit_consulted: bool = False
    organizing_unit_served_on: pendulum.Date | None = None  # its last safety service, if any
    draw: ExpertDraw | None = None  # 随机抽取 from the provincial pool (HN 第六条)


# --- The review team ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Reviewed(CaseEvent):
    """现场评审报告: score (现场评审得分), nonconformities, and the team's verdict whether the
    applied level is met (是否达到拟申请等级); ``received_on`` is the day the enterprise received
    it, from which rectification runs (None: on the report's own date)."""

    score: Decimal = attrs.field(converter=money)
    nonconformities: tuple[Nonconformity, ...] = ()
    major_hazard_found: bool = False
    level_met: bool = True
    received_on: pendulum.Date | None = None


@attrs.frozen(kw_only=True)
class RectificationVerified(CaseEvent):
    """整改确认: the review team confirmed (or not) the rectification."""

    passed: bool
    method: VerificationMethod = VerificationMethod.WRITTEN


# --- The grading authority ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReviewOrdered(CaseEvent):
    """确认: the authority confirmed the forwarded report and ordered the review."""


@attrs.frozen(kw_only=True)
class DirectRenewalConfirmed(CaseEvent):
    """第十条: the authority confirmed a direct renewal: straight to publicity."""

    standards_revised: bool = False


@attrs.frozen(kw_only=True)
class RectificationExtended(CaseEvent):
    """整改期限延长: once, on force majeure, by at most the policy's working days."""

    workdays: int
    reason: ForceMajeure
    explanation: str = ""


@attrs.frozen(kw_only=True)
class ListReported(CaseEvent):
    """报送名单: the organizing unit reported the enterprise, on its periodic list of those whose
    rectification was confirmed and which meet the standard, to the authority (第七条(四))."""

    list_id: str


@attrs.frozen(kw_only=True)
class Publicized(CaseEvent):
    """公示: public notice from ``on``; complete at the end of ``complete_on``."""

    complete_on: pendulum.Date


@attrs.frozen(kw_only=True)
class ObjectionRaised(CaseEvent):
    """A report during publicity that the enterprise does not meet the standard."""

    objection_id: str
    summary: str = ""


@attrs.frozen(kw_only=True)
class ObjectionResolved(CaseEvent):
    """核实: the authority verified an objection."""

    objection_id: str
    substantiated: bool
    finding: str = ""


@attrs.frozen(kw_only=True)
class Announced(CaseEvent):
    """公告: the level is confirmed, valid from ``valid_from`` through ``valid_until``."""

    level: Level = attrs.field(converter=Level)
    valid_from: pendulum.Date
    valid_until: pendulum.Date
    copied_to: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class NotPassed(CaseEvent):
    """未通过定级: the enterprise was told in writing, with reasons."""

    reasons: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Revoked(CaseEvent):
    """撤销: the level was revoked on a trigger of 第十一条."""

    trigger: str
    facts: str = ""
    copied_to: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class CommitmentFoundFalse(CaseEvent):
    """承诺不实: grading stops; no application accepted for the lockout."""

    commitment: str
    finding: str = ""


# --- Supervisors: the facts the rules read ---------------------------------------------------


@attrs.frozen(kw_only=True)
class IncidentRecorded(CaseEvent):
    """生产安全事故: an accident on ``on``, with its toll."""

    incident_id: str
    deaths: int = 0
    serious_injuries: int = 0
    direct_loss_cny: Decimal = attrs.field(default=Decimal(0), converter=money)
    grade: IncidentGrade = IncidentGrade.YIBAN
    reporting: Reporting = Reporting.ON_TIME
    description: str = ""


@attrs.frozen(kw_only=True)
class SocialIncidentRecorded(CaseEvent):
    """An event with major adverse social impact (造成重大社会不良影响的事件)."""

    incident_id: str
    description: str = ""


@attrs.frozen(kw_only=True)
class PenaltyRecorded(CaseEvent):
    """An administrative penalty; ``major`` for a major violation (重大安全生产违法行为)."""

    penalty_id: str
    major: bool = False
    description: str = ""


@attrs.frozen(kw_only=True)
class HazardRecorded(CaseEvent):
    """An accident hazard found, with the deadline to fix it; ``major`` for 重大事故隐患."""

    hazard_id: str
    major: bool
    fix_by: pendulum.Date
    description: str = ""
    #: 五落实 (CZ-4), where the policy asks for them: responsibility, measures, funds, plan.
    responsibility: str = ""
    measures: str = ""
    funds: str = ""
    contingency_plan: str = ""


@attrs.frozen(kw_only=True)
class HazardFixed(CaseEvent):
    """A recorded hazard was fixed."""

    hazard_id: str


@attrs.frozen(kw_only=True)
class FollowUpVisited(CaseEvent):
    """回访: a follow-up visit of a graded enterprise, passed or not; a failed one sets the
    deadline for fixing what it found (``fix_by``)."""

    visit_id: str
    passed: bool
    fix_by: pendulum.Date | None = None
    findings: str = ""


@attrs.frozen(kw_only=True)
class Inspected(CaseEvent):
    """监督检查: an inspection of the enterprise by its supervisor, comprehensive or not."""

    inspection_id: str
    comprehensive: bool = False
    findings: str = ""


@attrs.frozen(kw_only=True)
class DishonestyListed(CaseEvent):
    """列入安全生产失信惩戒名单."""

    list_name: str = "安全生产失信惩戒名单"


@attrs.frozen(kw_only=True)
class DishonestyDelisted(CaseEvent):
    """移出失信惩戒名单."""

    list_name: str = "安全生产失信惩戒名单"


@attrs.frozen(kw_only=True)
class LicenceLost(CaseEvent):
    """A licence was cancelled, revoked or withdrawn, or the enterprise left the business."""

    kind: LicenceLoss
    description: str = ""


@attrs.frozen(kw_only=True)
class MajorChangeRecorded(CaseEvent):
    """A major change of process, equipment, product or materials, or a new/rebuilt project."""

    description: str = ""


@attrs.frozen(kw_only=True)
class FraudFound(CaseEvent):
    """False materials or other improper means used to obtain the level."""

    description: str = ""


@attrs.frozen(kw_only=True)
class OperationFailureRecorded(CaseEvent):
    """The system was not run continuously and effectively; ``serious`` for 情节严重."""

    description: str = ""
    serious: bool = True


@attrs.frozen(kw_only=True)
class TownshipRecorded(CaseEvent):
    """乡镇/街道: the township the enterprise lies in, by its 9-digit statistical division code
    (统计用区划代码) or by name; the monthly form is made per township."""

    township: str


#: Every concrete event class, for the converter's tagged union and for documentation.
EVENT_TYPES: tuple[type[CaseEvent], ...] = (
    CaseOpened,
    SelfEvaluated,
    Applied,
    CorrectionRequested,
    Resubmitted,
    ApplicationAccepted,
    ApplicationForwarded,
    ApplicationRejected,
    ReviewOrdered,
    DirectRenewalConfirmed,
    ReviewTeamFormed,
    Reviewed,
    RectificationExtended,
    NonconformityFixed,
    RectificationReported,
    RectificationVerified,
    ListReported,
    Publicized,
    ObjectionRaised,
    ObjectionResolved,
    Announced,
    NotPassed,
    Revoked,
    CommitmentFoundFalse,
    IncidentRecorded,
    SocialIncidentRecorded,
    PenaltyRecorded,
    HazardRecorded,
    HazardFixed,
    FollowUpVisited,
    Inspected,
    DishonestyListed,
    DishonestyDelisted,
    LicenceLost,
    MajorChangeRecorded,
    FraudFound,
    OperationFailureRecorded,
    TownshipRecorded,
)


#: Supervisors' facts (and the opening): they may be recorded late with an earlier business
#: date, so they do not count as steps of the procedure (``procedure.order``).
FACT_EVENTS: tuple[type[CaseEvent], ...] = (
    IncidentRecorded,
    SocialIncidentRecorded,
    PenaltyRecorded,
    HazardRecorded,
    HazardFixed,
    FollowUpVisited,
    Inspected,
    DishonestyListed,
    DishonestyDelisted,
    LicenceLost,
    MajorChangeRecorded,
    FraudFound,
    OperationFailureRecorded,
    TownshipRecorded,
    CaseOpened,
)
