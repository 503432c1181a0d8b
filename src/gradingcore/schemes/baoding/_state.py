"""What a campaign record's events say, folded: the record of one enterprise for one year."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import attrs
import pendulum

from gradingcore.schemes.baoding import _events as ev
from gradingcore.schemes.baoding._values import Affiliation, Outcome, Track
from gradingcore.values import USCC, Enterprise

#: Namespace of the records' ids: uuid5 of ``year/USCC``.
CAMPAIGN_NAMESPACE = uuid.UUID("0b4c1d2e-7f3a-5e61-8d9c-3a2b1c0d9e8f")


def record_id(uscc: USCC | str, year: int) -> uuid.UUID:
    """The id of an enterprise's record for a campaign year."""
    return uuid.uuid5(CAMPAIGN_NAMESPACE, f"{year}/{USCC(str(uscc))}")


@attrs.frozen
class CampaignRecord:
    """The state of one enterprise's record (创建档案) in one campaign year."""

    id: uuid.UUID
    uscc: USCC
    year: int
    enterprise: Enterprise
    track: Track
    affiliation: Affiliation
    enrolled_on: pendulum.Date
    version: int = 1
    commitment_on: pendulum.Date | None = None
    fix_by: pendulum.Date | None = None
    plan_on: pendulum.Date | None = None
    work_done_on: pendulum.Date | None = None
    showcased_in: str | None = None
    acceptance_requested_on: pendulum.Date | None = None
    accepted_on: pendulum.Date | None = None
    outcome: Outcome | None = None
    publicized_on: pendulum.Date | None = None
    awarded_on: pendulum.Date | None = None
    resisted_on: tuple[pendulum.Date, ...] = ()
    withdrawn: tuple[str, ...] = ()  # the sources (facts) a title was withdrawn on
    blacklisted: tuple[str, ...] = ()  # the sources a blacklisting rests on
    late_steps: tuple[str, ...] = ()  # rule ids of steps taken after their date

    @property
    def titled(self) -> bool:
        """Holds the title 安全诚信企业: filed, and not withdrawn."""
        return self.outcome is Outcome.FILED and not self.withdrawn


def evolve(state: CampaignRecord | None, event: ev.CampaignEvent) -> CampaignRecord:
    """One step of the fold; the first event is the enrolment."""
    if isinstance(event, ev.Enrolled):
        return CampaignRecord(
            id=event.originator_id,
            uscc=event.uscc,
            year=event.year,
            enterprise=event.enterprise,
            track=event.track,
            affiliation=event.affiliation,
            enrolled_on=event.on,
            late_steps=("BD-4",) if event.late else (),
        )
    if state is None:
        msg = f"{event.name} before Enrolled"
        raise ValueError(msg)
    late = getattr(event, "late", False)
    state = attrs.evolve(
        state,
        version=event.originator_version,
        late_steps=state.late_steps + (event.rules[:1] if late else ()),
    )
    match event:
        case ev.CommitmentSigned():
            return attrs.evolve(state, commitment_on=event.on, fix_by=event.fix_by)
        case ev.PlanAgreed():
            return attrs.evolve(state, plan_on=event.on)
        case ev.WorkCompleted():
            return attrs.evolve(state, work_done_on=event.on)
        case ev.Showcased():
            return attrs.evolve(state, showcased_in=event.field)
        case ev.AcceptanceRequested():
            return attrs.evolve(state, acceptance_requested_on=event.on)
        case ev.Accepted():
            return attrs.evolve(state, accepted_on=event.on, outcome=event.outcome)
        case ev.Publicized():
            return attrs.evolve(state, publicized_on=event.on)
        case ev.Awarded():
            return attrs.evolve(state, awarded_on=event.on)
        case ev.InspectionResisted():
            return attrs.evolve(state, resisted_on=(*state.resisted_on, event.on))
        case ev.TitleWithdrawn():
            return attrs.evolve(state, withdrawn=(*state.withdrawn, event.source))
        case ev.Blacklisted():
            return attrs.evolve(state, blacklisted=(*state.blacklisted, event.source))
    msg = f"unknown campaign event {event.name}"
    raise TypeError(msg)


def fold(events: Iterable[ev.CampaignEvent]) -> CampaignRecord:
    """The record after the given events, in order."""
    state: CampaignRecord | None = None
    for event in events:
        state = evolve(state, event)
    if state is None:
        msg = "a campaign record starts with Enrolled"
        raise ValueError(msg)
    return state


__all__ = ["CAMPAIGN_NAMESPACE", "CampaignRecord", "evolve", "fold", "record_id"]
