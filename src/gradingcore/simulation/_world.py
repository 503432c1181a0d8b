"""The world every simulated process sees: the day, the calendar, the policies, the
behaviour, the parties, and how a command is built; and an enterprise's run (its random stream
and its case's state as the service recorded it).

A process is a generator: it yields a command (run on its ``on`` day; the driver sends back
the ``Outcome`` or the ``GradingError`` that refused it) or a date (wake up on that day).
"""

from __future__ import annotations

import abc
import random
from collections.abc import Generator
from typing import Any

import attrs
import pendulum

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.calendar import WorkdayCalendar, days_after
from gradingcore.errors import CalendarCoverageError, GradingError
from gradingcore.facts import Expert
from gradingcore.levels import Level
from gradingcore.policy import Policy, PolicyRegistry
from gradingcore.rules import Judge
from gradingcore.service import Outcome
from gradingcore.simulation._behaviour import Behaviour, Span
from gradingcore.simulation._population import City, Firm, expert_pool
from gradingcore.state import CaseState
from gradingcore.values import Actor, AuthorityKind, Role

Result = Outcome | GradingError | None
Step = c.Command | pendulum.Date
Process = Generator[Step, Result, Any]

ACADEMY = "河南省应急管理科学技术研究院"
PROVINCE = "河南省应急管理厅"


@attrs.define
class FirmRun:
    """An enterprise during the run: its random stream, its case's state as the service
    recorded it, and counters."""

    firm: Firm
    rng: random.Random
    state: CaseState | None = None
    commands: int = 0
    events: int = 0
    facts: int = 0
    exited: bool = False
    #: Its refused commands: the day, the command's type and the rule ids the refusal named.
    refusals: list[tuple[pendulum.Date, str, tuple[str, ...]]] = attrs.Factory(list)


class World(abc.ABC):
    """What every process may ask: the date, the calendar, the policies, the behaviour, and
    how to build a command. The driver (``_simulator``) adds the queue."""

    def __init__(
        self,
        *,
        calendar: WorkdayCalendar,
        policies: PolicyRegistry,
        behaviour: Behaviour,
        start: pendulum.Date,
        end: pendulum.Date,
        seed: int,
        policy: str | None,
    ) -> None:
        self.calendar = calendar
        self.policies = policies
        self.behaviour = behaviour
        self.start = start
        self.end = end
        self.seed = seed
        self.policy = policy
        self.today = start
        self._beyond = end.add(days=1)
        self._experts: dict[str, tuple[Expert, ...]] = {}

    @abc.abstractmethod
    def spawn(self, run: FirmRun, process: Process, *, after_exit: bool = False) -> None:
        """Schedule ``process`` for ``run`` (the driver owns the queue)."""

    # --- dates ---------------------------------------------------------------------------------

    def wd(self, day: pendulum.Date, span: Span, rng: random.Random) -> pendulum.Date:
        """A working day ``span`` working days after ``day``; past the calendar's last year,
        a day past the end of the run (so that the step is never taken)."""
        try:
            return self.calendar.add_workdays(day, rng.randint(*span))
        except CalendarCoverageError:
            return self._beyond

    def workday_on_or_after(self, day: pendulum.Date) -> pendulum.Date:
        try:
            return self.calendar.next_workday(day)
        except CalendarCoverageError:
            return self._beyond

    def workday_between(
        self, first: pendulum.Date, last: pendulum.Date, rng: random.Random
    ) -> pendulum.Date | None:
        """A working day from ``first`` through ``last``, uniformly; None if there is none."""
        if last < first:
            return None
        before = days_after(first, -1)
        count = self.calendar.workdays_between(before, last)
        return self.calendar.add_workdays(before, rng.randint(1, count)) if count > 0 else None

    # --- policy and parties ---------------------------------------------------------------

    def policy_for(self, run: FirmRun, level: Level, on: pendulum.Date) -> Policy:
        return self.policies.select(run.firm.enterprise.region, level, on)

    def judge(self, run: FirmRun, on: pendulum.Date) -> Judge:
        """The judge the service uses for a step outside a new application (decision 0010)."""
        state = run.state
        app = state.application if state else None
        if app is not None and app.policy is not None:
            return Judge(self.policies.get(app.policy.id, app.policy.version), self.calendar, on)
        grading = state.grading if state else None
        level = grading.level if grading else Level.LEVEL_3
        return Judge(self.policy_for(run, level, on), self.calendar, on)

    def authority(self, run: FirmRun, level: Level, policy: Policy) -> Actor:
        kind = AuthorityKind(policy.authorities[level].kind)
        if kind is AuthorityKind.CITY:
            return Actor(run.firm.city.bureau, Role.AUTHORITY, kind)
        if kind is AuthorityKind.PROVINCE:
            return Actor(PROVINCE, Role.AUTHORITY, kind)
        return Actor("应急管理部", Role.AUTHORITY, kind)

    def unit(self, run: FirmRun, level: Level) -> Actor:
        name = ACADEMY if level is Level.LEVEL_2 else run.firm.city.bureau
        return Actor(name, Role.ORGANIZING_UNIT)

    def team_actor(self, run: FirmRun) -> Actor:
        return Actor(f"{run.firm.city.short}现场评审组", Role.REVIEW_TEAM)

    def enterprise(self, run: FirmRun) -> Actor:
        return Actor(str(run.firm.key.uscc), Role.ENTERPRISE)

    def supervisor(self, run: FirmRun) -> Actor:
        return Actor(run.firm.city.bureau, Role.SUPERVISOR)

    def experts(self, city: City) -> tuple[Expert, ...]:
        pool = self._experts.get(city.code)
        if pool is None:
            pool = expert_pool(city, random.Random(f"experts:{self.seed}:{city.code}"))
            self._experts[city.code] = pool
        return pool

    def command(
        self, run: FirmRun, cls: type[c.Command], actor: Actor, on: pendulum.Date, **payload: Any
    ) -> c.Command:
        """A command on the enterprise's case (opening it if need be), with a command id
        unique in the run (so running the same seed again on the same store records nothing)."""
        run.commands += 1
        return cls(
            case=run.firm.key,
            actor=actor,
            on=on,
            enterprise=run.firm.enterprise,
            command_id=f"sim:{self.seed}:{run.firm.serial}:{run.commands}",
            **payload,
        )


def ok(result: Result) -> bool:
    return isinstance(result, Outcome)


def recorded(result: Result, cls: type[ev.CaseEvent]) -> Any:
    """The event of type ``cls`` a successful command recorded."""
    assert isinstance(result, Outcome)
    return next(e for e in result.events if isinstance(e, cls))


__all__ = ["ACADEMY", "PROVINCE", "FirmRun", "Process", "Result", "Step", "World", "ok", "recorded"]
