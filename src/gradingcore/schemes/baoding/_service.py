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
from gradingcore.policy import PolicyRegistry, default_policies
from gradingcore.rules import Judge
from gradingcore.schemes.baoding import _commands as cmd
from gradingcore.schemes.baoding import _events as ev
from gradingcore.schemes.baoding._decide import decide
from gradingcore.schemes.baoding._obligations import Step, steps
from gradingcore.schemes.baoding._stains import GradingFacts
from gradingcore.schemes.baoding._state import CampaignRecord, fold, record_id
from gradingcore.serialization import EventMapper
from gradingcore.service import GradingService, store_env
from gradingcore.values import USCC

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
    ) -> None:
        self.grading = grading
        self.policies = policies or default_policies()
        self.calendar = calendar or official_calendar()
        self.clock: Clock = clock or SystemClock()
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
        try:
            self._store.save(*events)
        except IntegrityError:
            raise ConflictError(
                f"another writer changed the campaign record of {command.uscc} first: "
                "read it again and retry",
                facts={"uscc": str(command.uscc)},
            ) from None
        return tuple(events)

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

    def records(self) -> Iterator[CampaignRecord]:
        """Every record in the store, in the order they were enrolled."""
        topic = get_topic(ev.Enrolled)
        for n in self._store.recorder.select_notifications(start=None, limit=2**62, topics=[topic]):
            yield fold(self._history(n.originator_id))  # type: ignore[arg-type]

    def _history(self, record: UUID) -> list[ev.CampaignEvent]:
        return list(self._store.events.get(record))  # type: ignore[arg-type]


__all__ = ["CAMPAIGN", "CampaignService"]
