"""The campaign's events: one record (创建档案) per enterprise and campaign year.

Plain frozen attrs data, past tense, like the grading case's; stored through the same cattrs
mapper. ``on`` is the business date, ``policy`` the campaign policy it was decided under,
``rules`` the rule ids the step satisfied, ``late`` that it came after its step's date. Each
event is chained to the record's previous one like a grading case's (``previous_hash``,
``digest``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs
import pendulum

from gradingcore.policy import PolicyRef
from gradingcore.schemes.baoding._values import Acceptor, Affiliation, Outcome, Track
from gradingcore.values import USCC, Actor, Enterprise


@attrs.frozen(kw_only=True)
class CampaignEvent:
    """The envelope every campaign event carries."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    on: pendulum.Date
    actor: Actor
    policy: PolicyRef
    rules: tuple[str, ...] = ()
    command_id: str | None = None
    #: The hash chain, as on a case's events (gradingcore.chain): the digest of the record's
    #: previous event, and this event's own, set when it is saved.
    previous_hash: str = ""
    digest: str = ""

    @property
    def name(self) -> str:
        return type(self).__name__


@attrs.frozen(kw_only=True)
class Enrolled(CampaignEvent):
    """拉出名单 (BD-4): the enterprise is on a track's list, with who answers for it."""

    uscc: USCC
    year: int
    enterprise: Enterprise
    track: Track
    affiliation: Affiliation
    responsible_department: str
    responsible_person: str
    late: bool = False


@attrs.frozen(kw_only=True)
class CommitmentSigned(CampaignEvent):
    """签订承诺书 (BD-5); a problem enterprise's pledge sets its time limit (``fix_by``)."""

    fix_by: pendulum.Date | None = None
    late: bool = False


@attrs.frozen(kw_only=True)
class PlanAgreed(CampaignEvent):
    """制定方案 (BD-6): the plan made with the enterprise."""

    late: bool = False


@attrs.frozen(kw_only=True)
class WorkCompleted(CampaignEvent):
    """培育、帮扶、整治 (BD-7): the self-check and fixing reported done."""

    late: bool = False


@attrs.frozen(kw_only=True)
class Showcased(CampaignEvent):
    """示范观摩 (BD-8): chosen for an on-site meeting (a field) or an experience meeting."""

    field: str


@attrs.frozen(kw_only=True)
class AcceptanceRequested(CampaignEvent):
    """验收申请 (BD-9): the responsible department and the enterprise apply jointly."""

    to: Acceptor


@attrs.frozen(kw_only=True)
class Accepted(CampaignEvent):
    """验收合格 (BD-9): filed (建档) as a 安全诚信企业, or, for a problem enterprise, settled."""

    by: Acceptor
    outcome: Outcome
    criteria_met: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Publicized(CampaignEvent):
    """公示 (BD-10): on the list made public in November."""


@attrs.frozen(kw_only=True)
class Awarded(CampaignEvent):
    """授牌 (BD-11): approved by the city's safety committee and awarded."""

    approved_by: str


@attrs.frozen(kw_only=True)
class InspectionResisted(CampaignEvent):
    """抗拒执法检查: a supervisor records that the enterprise resisted an inspection."""

    description: str = ""


@attrs.frozen(kw_only=True)
class TitleWithdrawn(CampaignEvent):
    """撤销称号 (BD-12): the title withdrawn, naming the fact that triggered it."""

    trigger: str
    source: str


@attrs.frozen(kw_only=True)
class Blacklisted(CampaignEvent):
    """列入黑名单 (BD-13): a credit-stained enterprise, naming the trigger and its source."""

    trigger: str
    source: str


#: Every event type of the campaign, by name.
CAMPAIGN_EVENTS: tuple[type[CampaignEvent], ...] = (
    Enrolled,
    CommitmentSigned,
    PlanAgreed,
    WorkCompleted,
    Showcased,
    AcceptanceRequested,
    Accepted,
    Publicized,
    Awarded,
    InspectionResisted,
    TitleWithdrawn,
    Blacklisted,
)

__all__ = [
    "CAMPAIGN_EVENTS",
    "AcceptanceRequested",
    "Accepted",
    "Awarded",
    "Blacklisted",
    "CampaignEvent",
    "CommitmentSigned",
    "Enrolled",
    "InspectionResisted",
    "PlanAgreed",
    "Publicized",
    "Showcased",
    "TitleWithdrawn",
    "WorkCompleted",
]
