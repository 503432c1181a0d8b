"""The driver: a province's enterprises through the real service, day by day.

Every simulated party's step is a process (``_life``, ``_facts``) that waits on a priority queue
ordered by date (then by the order the steps were planned in). Each day the driver sets the
service's clock to that day, executes the day's commands (batched: commands of different cases
are saved in one transaction), sends each process its outcome or its refusal, and repeats
until no step of the day is left. Every step is a ``service.execute`` of a real command, so
every rule is enforced; a refusal is counted by rule id in the summary.

Same seed and parameters, same province and same history: the random draws come from one
stream per enterprise, the queue's order is fixed, and the recorded time of every event is
noon (Asia/Shanghai) of its business day.
"""

from __future__ import annotations

import heapq
import itertools
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pendulum

from gradingcore.clock import ManualClock
from gradingcore.commands import Command
from gradingcore.errors import GradingError, InvalidInput, PolicyError
from gradingcore.i18n import msg
from gradingcore.levels import Level
from gradingcore.service import GradingService, Outcome
from gradingcore.simulation._behaviour import Behaviour
from gradingcore.simulation._facts import facts
from gradingcore.simulation._life import life
from gradingcore.simulation._population import CITIES, population
from gradingcore.simulation._summary import Summary, cell, ordered_counts
from gradingcore.simulation._world import FirmRun, Process, Result, World
from gradingcore.state import fold

#: The first day of a default run: the first Monday of 2023, the year Henan's rules (policy
#: ``cn.henan.2023``) take effect. Three years from it end on 2025-12-31.
DEFAULT_START = pendulum.Date(2023, 1, 2)

#: SQLite pages the WAL of a simulation's file grows to before a checkpoint (about 80 MB): a
#: province touches the same index pages day after day, copied back once per stretch of days.
WAL_AUTOCHECKPOINT = "20000"

#: Called after each simulated day with (days done, days in the run, events recorded so far).
Progress = Callable[[int, int, int], None]


def simulation_service(
    store: str | os.PathLike[str] | None = "memory",
    *,
    start: pendulum.Date = DEFAULT_START,
    cache_size: int = 200_000,
    **options: Any,
) -> GradingService:
    """A service for a simulation: a ``ManualClock`` at ``start``, and up to ``cache_size``
    cases kept folded in memory between commands (the service's cache, safe with other
    writers: a stale case meets the store's version conflict and is decided again). A SQLite
    file is written with ``synchronous=NORMAL`` (decision 0027): a run is reproducible and
    resumes where it stopped, so a power loss costs at most its last transactions; and its WAL
    grows to :data:`WAL_AUTOCHECKPOINT` pages before they are copied back (decision 0097)."""
    env = {
        "SQLITE_SYNCHRONOUS": "NORMAL",
        "SQLITE_WAL_AUTOCHECKPOINT": WAL_AUTOCHECKPOINT,
        **options.pop("env", {}),
    }
    # The folded states only (not the events): 100,000 cases fit in memory.
    return GradingService(
        store,
        clock=ManualClock(start),
        cache_size=cache_size,
        cache_events=False,
        env=env,
        **options,
    )


def simulate(
    service: GradingService,
    *,
    enterprises: int,
    years: int,
    seed: int = 0,
    start: pendulum.Date = DEFAULT_START,
    policy: str | None = None,
    behaviour: Behaviour | None = None,
    batch: bool = True,
    progress: Progress | None = None,
) -> Summary:
    """Simulate ``enterprises`` enterprises of Henan for ``years`` calendar years from ``start``
    (through 31 December of the last year) through ``service``, whose clock must be a
    ``ManualClock``. ``policy`` restricts the applications to those that policy judges.
    ``batch=False`` saves each command on its own (the same history, more slowly)."""
    summary, _ = simulate_runs(
        service,
        enterprises=enterprises,
        years=years,
        seed=seed,
        start=start,
        policy=policy,
        behaviour=behaviour,
        batch=batch,
        progress=progress,
    )
    return summary


def simulate_runs(
    service: GradingService,
    *,
    enterprises: int,
    years: int,
    seed: int = 0,
    start: pendulum.Date = DEFAULT_START,
    policy: str | None = None,
    behaviour: Behaviour | None = None,
    batch: bool = True,
    progress: Progress | None = None,
) -> tuple[Summary, list[FirmRun]]:
    """As :func:`simulate`, with every enterprise's run (its final state and its refusals)."""
    began = time.perf_counter()
    end = _check(service, enterprises=enterprises, years=years, start=start, policy=policy)
    assert isinstance(service.clock, ManualClock)
    world = _Driver(
        service,
        service.clock,
        behaviour=behaviour or Behaviour(),
        start=start,
        end=end,
        seed=seed,
        policy=policy,
        batch=batch,
        progress=progress,
    )
    runs = [
        FirmRun(firm, random.Random(f"gradingcore-simulation:{seed}:{firm.serial}"))
        for firm in population(enterprises, random.Random(f"gradingcore-population:{seed}"))
    ]
    for run in runs:
        world.spawn(run, life(world, run))
        world.spawn(run, facts(world, run))
    world.run()
    return world.summary(runs, years=years, elapsed=time.perf_counter() - began), runs


def _check(
    service: GradingService,
    *,
    enterprises: int,
    years: int,
    start: pendulum.Date,
    policy: str | None,
) -> pendulum.Date:
    """The last day of the run, once the parameters are known to make sense."""
    if not isinstance(service.clock, ManualClock):
        raise InvalidInput(
            msg(
                "a simulation moves the service's clock: build the service with a {clock} "
                "({factory} does)",
                clock="ManualClock",
                factory="simulation_service",
            ),
            facts={"field": "clock"},
        )
    if enterprises < 1 or years < 1:
        raise InvalidInput(
            msg(
                "a simulation needs at least one enterprise and one year (got {enterprises} "
                "enterprises, {years} years)",
                enterprises=enterprises,
                years=years,
            ),
            facts={"field": "enterprises" if enterprises < 1 else "years"},
        )
    end = pendulum.Date(start.year + years - 1, 12, 31)
    covered = [y for y in range(start.year, end.year + 1) if y not in service.calendar]
    if covered:
        known = service.calendar.years
        last = max(known) if known else start.year - 1
        most = last - start.year + 1
        raise InvalidInput(
            msg(
                "{years} years from {start} would run through {end}, but the official calendar "
                "covers {first}-{last} only: at most {most} years from {start} (the library "
                "never guesses a year's working days)",
                years=years,
                start=start,
                end=end,
                first=min(known) if known else "-",
                last=last,
                most=max(most, 0),
            ),
            rule_ids=("calendar.official",),
            facts={"start": str(start), "end": str(end), "missing_years": covered},
        )
    for level in (Level.LEVEL_2, Level.LEVEL_3):
        # A day no policy governs would refuse every step: say so before anything is written.
        service.policies.select(CITIES[0].code, level, start)
    if policy is not None:
        service.policies.get(policy)  # an unknown id is a PolicyError naming the known ones
        if not _judges_any(service, policy, start, end):
            raise PolicyError(
                msg(
                    "policy {policy} judges no application of level 2 or 3 in Henan from "
                    "{start} through {end}",
                    policy=repr(policy),
                    start=start,
                    end=end,
                ),
                facts={"policy": policy, "start": str(start), "end": str(end)},
            )
    return end


def _judges_any(
    service: GradingService, policy: str, start: pendulum.Date, end: pendulum.Date
) -> bool:
    day = start
    while day <= end:
        for level in (Level.LEVEL_2, Level.LEVEL_3):
            try:
                if service.policies.select(CITIES[0].code, level, day).id == policy:
                    return True
            except PolicyError:
                pass
        day = day.add(months=1)
    return False


class _Task:
    """A process waiting in the queue, with the command it will run (None: just wake up)."""

    __slots__ = ("after_exit", "pending", "process", "run")

    def __init__(self, run: FirmRun, process: Process, after_exit: bool) -> None:
        self.run = run
        self.process = process
        self.after_exit = after_exit
        self.pending: Command | None = None


class _Driver(World):
    def __init__(
        self,
        service: GradingService,
        clock: ManualClock,
        *,
        behaviour: Behaviour,
        start: pendulum.Date,
        end: pendulum.Date,
        seed: int,
        policy: str | None,
        batch: bool,
        progress: Progress | None,
    ) -> None:
        super().__init__(
            calendar=service.calendar,
            policies=service.policies,
            behaviour=behaviour,
            start=start,
            end=end,
            seed=seed,
            policy=policy,
        )
        self.service = service
        self.clock = clock
        self.batch = batch
        self.progress = progress
        self._queue: list[tuple[int, int, _Task]] = []
        self._order = itertools.count()
        self._round: list[_Task] = []
        self.commands = 0
        self.refused = 0
        self.events = 0
        self.refusals: Counter[str] = Counter()
        self.events_by_type: Counter[str] = Counter()

    # --- the queue ----------------------------------------------------------------------------

    def spawn(self, run: FirmRun, process: Process, *, after_exit: bool = False) -> None:
        self._advance(_Task(run, process, after_exit), None)

    def _advance(self, task: _Task, result: Result) -> None:
        """Resume the process with ``result`` until it waits for a later day or a command."""
        while True:
            try:
                step = task.process.send(result)
            except StopIteration:
                return
            day = step.on if isinstance(step, Command) else step
            assert day is not None, "a simulated command is always dated"
            if day < self.today:
                msg = f"a process went back in time: {day} < {self.today} ({step!r})"
                raise RuntimeError(msg)
            if day > self.end:
                task.process.close()
                return
            if isinstance(step, Command):
                task.pending = step
                if day == self.today:
                    self._round.append(task)
                else:
                    heapq.heappush(self._queue, (day.toordinal(), next(self._order), task))
                return
            if day == self.today:
                result = None
                continue
            task.pending = None
            heapq.heappush(self._queue, (day.toordinal(), next(self._order), task))
            return

    def run(self) -> None:
        total = (self.end - self.start).days + 1
        while self._round or self._queue:
            if not self._round:
                self.today = pendulum.Date.fromordinal(self._queue[0][0])
            self.clock.set(self.today)
            ordinal = self.today.toordinal()
            while self._queue and self._queue[0][0] == ordinal:
                task = heapq.heappop(self._queue)[2]
                if task.pending is None:
                    if self._alive(task):
                        self._advance(task, None)
                else:
                    self._round.append(task)
            while self._round:
                tasks = [t for t in self._round if self._alive(t)]
                self._round = []
                results = self._execute([t.pending for t in tasks if t.pending is not None])
                for task, result in zip(tasks, results, strict=True):
                    self._count(task.run, result, task.pending)
                    task.pending = None
                    self._advance(task, result)
            if self.progress is not None:
                self.progress((self.today - self.start).days + 1, total, self.events)
        if self.progress is not None:
            self.progress(total, total, self.events)

    def _alive(self, task: _Task) -> bool:
        if task.run.exited and not task.after_exit:
            task.process.close()
            return False
        return True

    def _execute(self, commands: Sequence[Command]) -> list[Outcome | GradingError]:
        if self.batch:
            return self.service.execute_many(commands)
        results: list[Outcome | GradingError] = []
        for command in commands:
            try:
                results.append(self.service.execute(command))
            except GradingError as refusal:
                # Returned, not raised: its traceback's frames would hold this list (a cycle).
                results.append(refusal.with_traceback(None))
        return results

    def _count(
        self, run: FirmRun, result: Outcome | GradingError, command: Command | None = None
    ) -> None:
        self.commands += 1
        if isinstance(result, GradingError):
            self.refused += 1
            name = type(command).__name__ if command is not None else "?"
            run.refusals.append((self.today, name, result.rule_ids))
            for rule_id in result.rule_ids or (type(result).__name__,):
                self.refusals[rule_id] += 1
            return
        # The service folded the new events into its cache already: its state, not a second fold.
        run.state = result.state if result.state is not None else fold(result.events, run.state)
        if not result.repeated:
            self.events += len(result.events)
            run.events += len(result.events)
            self.events_by_type.update(e.name for e in result.events)

    # --- the outcome ----------------------------------------------------------------------------

    def summary(self, runs: Sequence[FirmRun], *, years: int, elapsed: float) -> Summary:
        cells = Counter(cell(r.state, r.firm.industry, self.end) for r in runs)
        graded = [r for r in runs if r.state is not None and r.state.level_on(self.end)]
        example = max(graded, key=lambda r: (r.events, -r.firm.serial), default=None)
        return Summary(
            seed=self.seed,
            enterprises=len(runs),
            years=years,
            start=self.start,
            end=self.end,
            policy=self.policy,
            cases=dict(sorted(cells.items(), key=_cell_order)),
            refusals=ordered_counts(self.refusals),
            events_by_type=ordered_counts(self.events_by_type),
            commands=self.commands,
            refused=self.refused,
            events=self.events,
            opened=sum(1 for r in runs if r.state is not None),
            example=example.firm.key if example else None,
            elapsed_seconds=elapsed,
        )


def _cell_order(item: tuple[Any, int]) -> tuple[str, int, str]:
    (status, level, industry), _ = item
    return str(status), int(level) if level else 0, industry


__all__ = ["DEFAULT_START", "Progress", "simulate", "simulate_runs", "simulation_service"]
