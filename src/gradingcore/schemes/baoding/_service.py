"""The campaign's application service: commands in, events out, kept in an eventsourcing store.

It composes an eventsourcing ``Application`` (the store: a SQLite file, ``"memory"`` or a
PostgreSQL URL, as for the grading service) and, when given the grading service, reads the
grading cases of the same enterprise for the facts BD-9, BD-12 and BD-13 rest on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pendulum
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import Environment, get_topic

from gradingcore.calendar import WorkdayCalendar, official_calendar
from gradingcore.clock import Clock, SystemClock
from gradingcore.errors import CaseNotFound, ConflictError
from gradingcore.keys import ChainKey, KeyRing, configured_ring
from gradingcore.policy import PolicyRegistry, default_policies
from gradingcore.rules import Judge
from gradingcore.schemes.baoding import _commands as cmd
from gradingcore.schemes.baoding import _events as ev
from gradingcore.schemes.baoding._decide import decide
from gradingcore.schemes.baoding._obligations import Step, steps
from gradingcore.schemes.baoding._stains import GradingFacts
from gradingcore.schemes.baoding._state import CampaignRecord, fold, record_id
from gradingcore.serialization import EventMapper, sealed_row
from gradingcore.service import ChainBreak, GradingService, store_env, verify_rows
from gradingcore.values import USCC

#: The campaign's event classes by topic: the only classes a record's rows may hold.
_CAMPAIGN_TOPICS: dict[str, type] = {get_topic(cls): cls for cls in ev.CAMPAIGN_EVENTS}

#: What the campaign's policies apply to (``[policy] applies_to`` in their files).
CAMPAIGN = "safety-integrity-campaign"


class _Store(Application[UUID]):
    name = "SafetyIntegrityCampaign"

    def construct_env(self, name: str, env: Any = None) -> Any:
        # Only what the caller configured, as for the grading service.
        return Environment(name, dict(env or {}))


class CampaignService:
    """The 安全诚信企业 campaign's records, one per enterprise and campaign year."""

    def __init__(
        self,
        store: str | os.PathLike[str] | None = None,
        *,
        grading: GradingService | None = None,
        policies: PolicyRegistry | None = None,
        calendar: WorkdayCalendar | None = None,
        clock: Clock | None = None,
        keys: KeyRing | None = None,
    ) -> None:
        self.grading = grading
        self.policies = policies or default_policies()
        self.calendar = calendar or official_calendar()
        self.clock: Clock = clock or SystemClock()
        #: The chain keys, as for the grading service: given, named by the environment, or
        #: None for an unkeyed chain (gradingcore.keys, decision 0079).
        self.keys: KeyRing | None = keys if keys is not None else configured_ring()
        self._key: ChainKey | None = self.keys.current if self.keys else None
        self._store = _Store(env={**store_env(store), "MAPPER_TOPIC": get_topic(EventMapper)})

    def judge(self, region: str, on: pendulum.Date) -> Judge:
        """The campaign policy in force in ``region`` on ``on``, with the calendar."""
        return Judge(self.policies.select_for(CAMPAIGN, region, on), self.calendar, on)

    def execute(self, command: cmd.CampaignCommand) -> tuple[ev.CampaignEvent, ...]:
        """Decide the command on the enterprise's record and save what it records.

        A refusal raises RuleViolation and writes nothing; a repeated command id returns what it
        recorded the first time.
        """
        region = (
            command.enterprise.region or command.uscc.region
            if isinstance(command, cmd.Enroll)
            else command.uscc.region
        )
        judge = self.judge(region, command.on)
        year = judge.policy.effective_from.year
        history = self._history(record_id(command.uscc, year))
        if command.command_id is not None:
            done = tuple(e for e in history if e.command_id == command.command_id)
            if done:
                return done
        record = fold(history) if history else None
        events = decide(record, command, judge, self.clock.now(), self.facts(command.uscc))
        if not events:
            return ()
        # Chained like a grading case's events: each to the record's previous one.
        head = history[-1].digest if history else ""
        rows = []
        sealed: list[ev.CampaignEvent] = []
        for event in events:
            event, row = sealed_row(event, head, self._key)
            head = event.digest
            sealed.append(event)
            rows.append(self._mapper.protect(row))
        try:
            self._store.recorder.insert_events(rows)
        except IntegrityError:
            raise ConflictError(
                f"another writer changed the campaign record of {command.uscc} first: "
                "read it again and retry",
                facts={"uscc": str(command.uscc)},
            ) from None
        return tuple(sealed)

    def facts(self, uscc: USCC) -> GradingFacts:
        """The events of every grading case of the enterprise (none without a grading service)."""
        if self.grading is None:
            return GradingFacts()
        # The enterprise index finds its cases with one keyed read (decision 0023).
        histories = [tuple(self.grading.history(key)) for key in self.grading.cases_of(uscc)]
        return GradingFacts(tuple(histories))

    def history(self, uscc: USCC | str, year: int) -> list[ev.CampaignEvent]:
        """Every event of the enterprise's record for ``year``."""
        found = self._history(record_id(uscc, year))
        if not found:
            raise CaseNotFound(f"no campaign record of {uscc} for {year}")
        return found

    def record(self, uscc: USCC | str, year: int) -> CampaignRecord:
        """The enterprise's record for ``year``, folded."""
        return fold(self.history(uscc, year))

    def steps(self, uscc: USCC | str, year: int, on: pendulum.Date) -> list[Step]:
        """The year's steps of the record as they stand on ``on`` (done, late, overdue)."""
        record = self.record(uscc, year)
        return steps(self.judge(record.enterprise.region or record.uscc.region, on), record, on)

    def verify(
        self, uscc: USCC | str, year: int, *, allow_unkeyed: bool = False
    ) -> list[ChainBreak]:
        """Check the stored rows of the enterprise's record for ``year`` as a grading case's
        are checked (:meth:`GradingService.verify`): versions contiguous, each row a campaign
        event, its bytes canonical, its digest over its content, chained to the previous one.
        Empty when the record verifies. Keyed like the grading service's (decision 0079)."""
        record = record_id(uscc, year)
        rows = self._store.recorder.select_events(record)
        if not rows:
            raise CaseNotFound(f"no campaign record of {uscc} for {year}")
        return verify_rows(
            record,
            rows,
            self._mapper.plain,
            _CAMPAIGN_TOPICS.get,
            self.keys,
            allow_unkeyed=allow_unkeyed,
        )

    @property
    def _mapper(self) -> EventMapper:
        return self._store.mapper  # type: ignore[return-value]

    def records(self) -> Iterator[CampaignRecord]:
        """Every record in the store, in the order they were enrolled."""
        topic = get_topic(ev.Enrolled)
        for n in self._store.recorder.select_notifications(start=None, limit=2**62, topics=[topic]):
            yield fold(self._history(n.originator_id))  # type: ignore[arg-type]

    def _history(self, record: UUID) -> list[ev.CampaignEvent]:
        return list(self._store.events.get(record))  # type: ignore[arg-type]


__all__ = ["CAMPAIGN", "CampaignService"]
