"""Given / when / then for grading cases, in the spirit of Axon's ``AggregateTestFixture``.

::

    (scenario(policy="cn.henan.2023")
        .given(step("self_evaluate", on="2024-03-01", score=82, claimed_level=2))
        .when("apply", on="2024-03-14", level=2)
        .then_refused("apply.self_evaluation"))

``given`` takes steps, commands or recorded events; ``when`` one step; each ``then_*`` runs the
scenario the first time it is called and raises :class:`ScenarioFailure` (an
``AssertionError``) naming every expectation that does not hold. Every step is also checked for
the invariants (see :mod:`gradingcore.scenarios._runner`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Self, TypeAlias

import attrs
import pendulum

from gradingcore.commands import Command
from gradingcore.errors import GradingError
from gradingcore.events import CaseEvent, CaseOpened
from gradingcore.i18n import joined, msg
from gradingcore.levels import Level
from gradingcore.policy import default_policies
from gradingcore.scenarios._arguments import as_date, structure_arguments
from gradingcore.scenarios._errors import ScenarioError, ScenarioFailure
from gradingcore.scenarios._model import (
    UNSET,
    ActorLike,
    ActorSpec,
    EventMatch,
    Expect,
    ObligationMatch,
    Scenario,
    Step,
    Unset,
)
from gradingcore.scenarios._runner import ScenarioRun, StepOutcome, policy_of
from gradingcore.service import GradingService
from gradingcore.state import CaseState, Stage
from gradingcore.values import (
    USCC,
    Actor,
    AuthorityKind,
    CaseKey,
    Enterprise,
    Role,
    uscc_check_character,
)
from gradingcore.views import CaseView, Status

#: A business date: a ``date`` or ISO text ``YYYY-MM-DD``.
DateLike: TypeAlias = dt.date | str
#: An actor: an :class:`Actor`, a role or authority kind (``"supervisor"``, ``"city"``), or a
#: mapping with ``role`` and optionally ``id`` and ``authority``.
ActorInput: TypeAlias = Actor | ActorSpec | str | Mapping[str, Any] | None

DEFAULT_ENTERPRISE = Enterprise("示例机械制造有限公司", "机械")


def _date(value: DateLike, field: str, step: str | None = None) -> pendulum.Date:
    try:
        return as_date(value)
    except ValueError as error:
        text = error.text if isinstance(error, GradingError) else str(error)
        raise ScenarioError(text, step=step, field=field) from None


def parse_actor(value: ActorInput, step: str | None = None) -> ActorLike:
    """An actor from a scenario: ``"enterprise"``, ``"organizing_unit"``, ``"review_team"``,
    ``"authority"`` (the level's), ``"supervisor"``, ``"system"``, an authority kind
    (``"MEM"``, ``"province"``, ``"city"``), or ``{role, id, authority}``."""
    if value is None or isinstance(value, Actor | ActorSpec):
        return value
    try:
        if isinstance(value, str):
            kinds = {k.value.lower(): k for k in AuthorityKind}
            if value.strip().lower() in kinds:
                return ActorSpec(Role.AUTHORITY, kinds[value.strip().lower()])
            return ActorSpec(Role(value.strip()))
        unknown = set(value) - {"id", "role", "authority"}
        if unknown:
            raise ValueError(f"unknown actor keys {sorted(unknown)} (keys: id, role, authority)")
        role = Role(value["role"]) if "role" in value else Role.AUTHORITY
        kind = value.get("authority")
        ident = value.get("id")
        return ActorSpec(
            role, AuthorityKind(kind) if kind else None, str(ident) if ident is not None else None
        )
    except (ValueError, TypeError, AttributeError) as error:
        roles = ", ".join([*(r.value for r in Role), *(k.value for k in AuthorityKind)])
        raise ScenarioError(
            msg(
                "not an actor: {error} (an actor is one of: {roles}, or a mapping)",
                error=str(error),
                roles=roles,
            ),
            step=step,
            field="actor",
        ) from None


def step(
    name: str,
    on: DateLike,
    *,
    actor: ActorInput = None,
    command_id: str | None = None,
    **arguments: Any,
) -> Step:
    """One step: the command ``name`` (a key of ``gradingcore.commands.COMMANDS``) on ``on``.

    Arguments are the command's payload as plain values: ISO dates, numbers, level numbers,
    enum values, mappings for work groups, experts and nonconformities. A self-evaluation's
    work group and a review team's experts have defaults. Raises ScenarioError naming the step
    and field of a bad argument.
    """
    typed = structure_arguments(name, arguments)
    return Step(
        name=name,
        on=_date(on, "on", name),
        arguments=typed,
        actor=parse_actor(actor, name),
        command_id=command_id,
    )


def event(name: str | type[CaseEvent], /, **fields: Any) -> EventMatch:
    """An expected event, with some of its fields: ``event("ApplicationAccepted", deemed=True)``."""
    return EventMatch(name if isinstance(name, str) else name.__name__, fields)


def obligation(
    rule_id: str,
    *,
    due: DateLike | None = None,
    party: Role | str | None = None,
    overdue: bool | None = None,
) -> ObligationMatch:
    """An expected open obligation: ``obligation("rectify.deadline", due="2024-04-24")``."""
    return ObligationMatch(
        rule_id,
        _date(due, "due") if due is not None else None,
        Role(party) if party is not None else None,
        overdue,
    )


def default_uscc(region: str, serial: int = 1) -> USCC:
    """A valid USCC (GB 32100-2015) registered in ``region`` (a GB/T 2260 prefix, padded to
    a 6-digit code; Beijing's Chaoyang district for the whole country)."""
    code = {0: "110105", 2: f"{region}0100", 4: f"{region}01"}.get(len(region), region)
    body = f"91{code}MA{serial:07d}"[:17]
    return USCC(body + uscc_check_character(body))


def case_of(
    policy: str,
    enterprise: Enterprise | Mapping[str, Any] | None,
    uscc: str | USCC | None,
    specialty: str | None,
) -> tuple[Enterprise, CaseKey]:
    """The enterprise and the case key of a scenario; the USCC defaults to one registered in
    the policy's region, the specialty to the enterprise's industry."""
    if isinstance(enterprise, Mapping):
        try:
            enterprise = Enterprise(**enterprise)
        except TypeError as error:
            raise ScenarioError(str(error), field="enterprise") from None
    enterprise = enterprise or DEFAULT_ENTERPRISE
    if uscc is None:
        regions = policy_of(policy).regions if policy else ("",)
        uscc = default_uscc(enterprise.region or regions[0])
    try:
        key = CaseKey(uscc, enterprise.industry if specialty is None else specialty)
    except GradingError as error:
        raise ScenarioError(error.text, field="uscc") from None
    return enterprise, key


ThenEvent: TypeAlias = str | type[CaseEvent] | EventMatch
Given: TypeAlias = Step | Command | CaseEvent


class ScenarioTest:
    """A scenario written in code: ``given(...)``, ``when(...)``, then the ``then_*`` checks."""

    def __init__(
        self,
        scenario: Scenario,
        service: GradingService | None = None,
        *,
        check_invariants: bool = True,
    ) -> None:
        self.scenario = scenario
        self._service = service
        self._check_invariants = check_invariants
        self._given: list[Given] = []
        self._when: Step | Command | None = None
        self._run: ScenarioRun | None = None
        self._outcome: StepOutcome | None = None

    # --- building ------------------------------------------------------------------------

    def given(self, *items: Given) -> Self:
        """Steps, commands or recorded events that happened before (in order)."""
        self._not_ran("given")
        wrong = [item for item in items if not isinstance(item, Step | Command | CaseEvent)]
        if wrong:
            problem = msg(
                "given() takes steps, commands or events, not {value}", value=repr(wrong[0])
            )
            raise ScenarioError(problem)
        self._given.extend(items)
        return self

    def when(
        self,
        what: str | Step | Command,
        /,
        on: DateLike | None = None,
        *,
        actor: ActorInput = None,
        command_id: str | None = None,
        **arguments: Any,
    ) -> Self:
        """The step under test: a step name with its date and arguments, a Step, or a Command."""
        self._not_ran("when")
        if isinstance(what, str):
            if on is None:
                raise ScenarioError(msg("when() needs the business date: on=..."), step=what)
            what = step(what, on, actor=actor, command_id=command_id, **arguments)
        self._when = what
        return self

    def _not_ran(self, name: str) -> None:
        if self._run is not None:
            raise ScenarioError(msg("{call}() after a then: the scenario already ran", call=name))

    # --- running -------------------------------------------------------------------------

    def _ran(self) -> tuple[ScenarioRun, StepOutcome]:
        if self._run is not None and self._outcome is not None:
            return self._run, self._outcome
        if self._when is None:
            raise ScenarioError(msg("then() without when(): say which step is under test"))
        opened = next((e for e in self._given if isinstance(e, CaseOpened)), None)
        if opened is not None:
            self.scenario = attrs.evolve(
                self.scenario, key=opened.key, enterprise=opened.enterprise
            )
        run = ScenarioRun(self.scenario, self._service, check_invariants=self._check_invariants)
        self._run = run
        for n, item in enumerate(self._given, start=1):
            if isinstance(item, CaseEvent):
                run.preload([item])
                continue
            outcome = run.execute(item) if isinstance(item, Step) else run.execute_command(item)
            label = str(item) if isinstance(item, Step) else item.step
            if outcome.error is not None:
                refused = msg(
                    "given step {n} ({step}) was refused: {error}",
                    n=n,
                    step=label,
                    error=outcome.error,
                )
                raise ScenarioFailure(refused.render())
            if outcome.problems:
                found = msg(
                    "given step {n} ({step}): {problems}",
                    n=n,
                    step=label,
                    problems=joined(outcome.problems),
                )
                raise ScenarioFailure(found.render())
        when = self._when
        self._outcome = run.execute(when) if isinstance(when, Step) else run.execute_command(when)
        return run, self._outcome

    def _when_step(self) -> Step:
        when = self._when
        if isinstance(when, Step):
            return when
        assert when is not None
        on = when.on or self.service.view(self.key).on
        return Step(name=when.step, on=on)

    def _assert(self, expect: Expect) -> Self:
        run, outcome = self._ran()
        checks = run.verify(len(self._given) + 1, self._when_step(), outcome, expect)
        failed = [c for c in checks if not c.passed]
        if failed:
            raise ScenarioFailure("\n".join(str(c) for c in failed))
        return self

    # --- expectations --------------------------------------------------------------------

    def then(self, *events: ThenEvent) -> Self:
        """The step was accepted and recorded exactly these events, in order (names, event
        classes, or :func:`event` with fields); with no argument, only that it was accepted."""
        if not events:
            return self._assert(Expect())
        matches = tuple(e if isinstance(e, EventMatch) else event(e) for e in events)
        return self._assert(Expect(events=matches))

    def then_refused(self, *rule_ids: str) -> Self:
        """The step was refused naming every one of ``rule_ids`` (with citations), and wrote
        nothing."""
        return self._assert(Expect(refused=tuple(rule_ids)))

    def then_state(
        self,
        *,
        on: DateLike | None = None,
        status: Status | str | None = None,
        stage: Stage | str | Unset | None = UNSET,
        level: Level | int | Unset | None = UNSET,
        valid_until: DateLike | Unset | None = UNSET,
    ) -> Self:
        """The case's view on ``on`` (default: the step's date): status, stage, the level valid
        (None: none) and its last day."""
        try:
            expect = Expect(
                status=Status(status) if status is not None else None,
                stage=Stage(stage) if isinstance(stage, str) else stage,
                level=Level(level) if isinstance(level, int) else level,
                valid_until=_date(valid_until, "valid_until")
                if isinstance(valid_until, dt.date | str)
                else valid_until,
                as_of=_date(on, "on") if on is not None else None,
            )
        except ValueError as error:
            raise ScenarioError(str(error), step="then_state") from None
        return self._assert(expect)

    def then_obligations(
        self,
        *obligations: str | ObligationMatch,
        on: DateLike | None = None,
        absent: tuple[str, ...] = (),
    ) -> Self:
        """These obligations are open on ``on`` (default: the step's date), others may be too;
        the rule ids in ``absent`` are not."""
        matches = tuple(o if isinstance(o, ObligationMatch) else obligation(o) for o in obligations)
        as_of = _date(on, "on") if on is not None else None
        return self._assert(Expect(obligations=matches, absent=tuple(absent), as_of=as_of))

    # --- reading -------------------------------------------------------------------------

    @property
    def service(self) -> GradingService:
        """The service the scenario runs on (runs the scenario if it has not run yet)."""
        return self._ran()[0].service

    @property
    def key(self) -> CaseKey:
        return self.scenario.key

    @property
    def events(self) -> tuple[CaseEvent, ...]:
        """The events the step under test recorded (empty if it was refused)."""
        return self._ran()[1].events

    @property
    def error(self) -> GradingError | None:
        """The refusal of the step under test, if it was refused."""
        return self._ran()[1].error

    @property
    def state(self) -> CaseState:
        """The case's state after the step under test."""
        return self.service.state(self.key)

    def view(self, on: DateLike | None = None) -> CaseView:
        """The case's view on ``on`` (default: the step's date)."""
        day = _date(on, "on") if on is not None else self._when_step().on
        return self.service.view(self.key, day)


def scenario(
    *,
    policy: str | None = None,
    enterprise: Enterprise | Mapping[str, Any] | None = None,
    uscc: str | USCC | None = None,
    specialty: str | None = None,
    name: str = "scenario",
    service: GradingService | None = None,
    check_invariants: bool = True,
) -> ScenarioTest:
    """A given/when/then scenario for one grading case.

    ``policy`` (``id`` or ``id@version``) judges the case; without a ``service`` the scenario
    runs on its own in-memory store that knows only that policy (default: the national one).
    ``enterprise`` and ``uscc`` default to an enterprise registered in the policy's region.
    """
    if policy is None and service is None:
        policy = default_policies().national().id
    policy = policy or ""
    firm, key = case_of(policy, enterprise, uscc, specialty)
    model = Scenario(name=name, policy=policy, enterprise=firm, key=key, steps=())
    return ScenarioTest(model, service, check_invariants=check_invariants)


__all__ = [
    "ActorInput",
    "DateLike",
    "ScenarioTest",
    "case_of",
    "default_uscc",
    "event",
    "obligation",
    "parse_actor",
    "scenario",
    "step",
]
