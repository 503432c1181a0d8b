"""The campaign's commands: what the county, the city, the enterprise and supervisors do.

Each names the enterprise (USCC), the business date ``on`` and the actor; the campaign year is
the year of the campaign policy in force on ``on``.
"""

from __future__ import annotations

import attrs
import pendulum

from gradingcore.schemes.baoding._values import Acceptor, Affiliation, Track
from gradingcore.values import USCC, Actor, Enterprise


def _uscc(value: USCC | str) -> USCC:
    return value if isinstance(value, USCC) else USCC(value)


@attrs.frozen(kw_only=True)
class CampaignCommand:
    """Who does what to which enterprise's record, on which business date."""

    uscc: USCC = attrs.field(converter=_uscc)
    on: pendulum.Date
    actor: Actor
    command_id: str | None = None


@attrs.frozen(kw_only=True)
class Enroll(CampaignCommand):
    """Put the enterprise on a track's list with its responsible department and person (BD-4)."""

    enterprise: Enterprise
    track: Track = attrs.field(converter=Track)
    affiliation: Affiliation = attrs.field(converter=Affiliation)
    responsible_department: str
    responsible_person: str


@attrs.frozen(kw_only=True)
class SignCommitment(CampaignCommand):
    """Sign the commitment (BD-5); a problem enterprise's pledge gives ``fix_by``."""

    fix_by: pendulum.Date | None = None


@attrs.frozen(kw_only=True)
class AgreePlan(CampaignCommand):
    """Agree the enterprise's plan (BD-6)."""


@attrs.frozen(kw_only=True)
class CompleteWork(CampaignCommand):
    """Report the self-check and fixing done (BD-7)."""


@attrs.frozen(kw_only=True)
class Showcase(CampaignCommand):
    """Choose the enterprise for July's meetings (BD-8): a field for a titled track."""

    field: str = ""


@attrs.frozen(kw_only=True)
class RequestAcceptance(CampaignCommand):
    """Apply for acceptance, the department and the enterprise jointly (BD-9)."""


@attrs.frozen(kw_only=True)
class Accept(CampaignCommand):
    """Accept the enterprise (BD-9): by which office, and the criteria found met."""

    by: Acceptor = attrs.field(converter=Acceptor)
    criteria_met: tuple[str, ...] = attrs.field(default=(), converter=tuple)


@attrs.frozen(kw_only=True)
class Publicize(CampaignCommand):
    """Put the filed enterprise on November's public list (BD-10)."""


@attrs.frozen(kw_only=True)
class Award(CampaignCommand):
    """Award the title after the committee's approval (BD-11)."""

    approved_by: str


@attrs.frozen(kw_only=True)
class RecordResistance(CampaignCommand):
    """Record that the enterprise resisted an inspection (a BD-13 trigger)."""

    description: str = ""


@attrs.frozen(kw_only=True)
class ReviewCredit(CampaignCommand):
    """Judge BD-12 and BD-13 on the facts recorded so far: the grading case's of the same
    enterprise and the campaign's own; records each withdrawal or blacklisting once."""


__all__ = [
    "Accept",
    "AgreePlan",
    "Award",
    "CampaignCommand",
    "CompleteWork",
    "Enroll",
    "Publicize",
    "RecordResistance",
    "RequestAcceptance",
    "ReviewCredit",
    "Showcase",
    "SignCommitment",
]
