"""Baoding's 安全诚信企业 campaign (seed 001): its own small records beside the grading.

The campaign is not the national grading, so it does not live in the grading case: each
enterprise on the year's lists has a campaign record (创建档案) with its own events, decided by
pure functions under the campaign policy in force (``cn.baoding.2024``), on the core's values,
calendar and policy machinery. Titles are withdrawn (BD-12) and enterprises blacklisted (BD-13)
on the facts the grading case already records for the same enterprise. See
docs/schemes/baoding.md.
"""

from gradingcore.schemes.baoding._commands import (
    Accept,
    AgreePlan,
    Award,
    CampaignCommand,
    CompleteWork,
    Enroll,
    Publicize,
    RecordResistance,
    RequestAcceptance,
    ReviewCredit,
    Showcase,
    SignCommitment,
)
from gradingcore.schemes.baoding._decide import decide
from gradingcore.schemes.baoding._events import CAMPAIGN_EVENTS, CampaignEvent
from gradingcore.schemes.baoding._obligations import Step, steps
from gradingcore.schemes.baoding._service import CAMPAIGN, CampaignService
from gradingcore.schemes.baoding._stains import GradingFacts, Stain
from gradingcore.schemes.baoding._state import CampaignRecord, evolve, fold, record_id
from gradingcore.schemes.baoding._values import Acceptor, Affiliation, Outcome, Track

__all__ = [
    "CAMPAIGN",
    "CAMPAIGN_EVENTS",
    "Accept",
    "Acceptor",
    "Affiliation",
    "AgreePlan",
    "Award",
    "CampaignCommand",
    "CampaignEvent",
    "CampaignRecord",
    "CampaignService",
    "CompleteWork",
    "Enroll",
    "GradingFacts",
    "Outcome",
    "Publicize",
    "RecordResistance",
    "RequestAcceptance",
    "ReviewCredit",
    "Showcase",
    "SignCommitment",
    "Stain",
    "Step",
    "Track",
    "decide",
    "evolve",
    "fold",
    "record_id",
    "steps",
]
