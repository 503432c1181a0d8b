"""Running a scenario: each step through a real service, each expectation checked.

Every step is executed by :class:`~gradingcore.service.GradingService` on a store of its own
(in memory unless the caller gives a service), with a manual clock set to the step's date. After
each step the invariants every scenario relies on are checked: the state folded from the stored
history equals the state built from the events as they were decided, and every new event
round-trips through the store's converter and mapper. A refused step must write nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from gradingcore.calendar import OfficialYear, official_calendar
from gradingcore.clock import ManualClock
from gradingcore.commands import COMMANDS, Command
from gradingcore.errors import CaseNotFound, GradingError
from gradingcore.events import CaseEvent
from gradingcore.i18n import Joined, Locale, Message, format_date, joined, msg, msg_ctx, render
from gradingcore.labels import EVENT, ROLE, STAGE, STATUS
from gradingcore.levels import Level
from gradingcore.policy import Policy, PolicyRef, PolicyRegistry, default_policies
from gradingcore.scenarios._errors import ScenarioError
from gradingcore.scenarios._model import (
    CHECK,
    UNSET,
    ActorLike,
    ActorSpec,
    EventMatch,
    Expect,
    ObligationMatch,
    Scenario,
    Step,
    Where,
)
from gradingcore.serialization import from_row, from_state, to_row, to_state
from gradingcore.service import GradingService
from gradingcore.state import CaseState, fold
from gradingcore.values import Actor, AuthorityKind, Role
from gradingcore.views import CaseView

_STEPS_BY_ROLE: Mapping[Role, tuple[str, ...]] = {
    Role.ENTERPRISE: (
        "open",
        "self_evaluate",
        "apply",
        "resubmit",
        "fix_nonconformity",
        "report_rectification",
    ),
    Role.ORGANIZING_UNIT: (
        "request_correction",
        "accept",
        "forward",
        "reject",
        "form_review_team",
        "report_list",
    ),
    Role.REVIEW_TEAM: ("record_review", "verify_rectification"),
    Role.AUTHORITY: (
        "order_review",
        "confirm_direct_renewal",
        "extend_rectification",
        "publicize",
        "raise_objection",
        "resolve_objection",
        "announce",
        "notify_failure",
        "revoke",
        "find_commitment_false",
    ),
    Role.SUPERVISOR: (
        "record_incident",
        "record_social_incident",
        "record_penalty",
        "record_hazard",
        "fix_hazard",
        "record_follow_up_visit",
        "record_inspection",
        "list_dishonest",
        "delist_dishonest",
        "record_licence_loss",
        "record_major_change",
        "record_fraud",
        "record_operation_failure",
        "record_township",
    ),
}
#: The role that does each step when a scenario names no actor.
DEFAULT_ROLES: Mapping[str, Role] = {
    name: role for role, names in _STEPS_BY_ROLE.items() for name in names
}

_ACTOR_IDS = {
    Role.REVIEW_TEAM: "现场评审组",
    Role.SUPERVISOR: "属地应急管理部门",
    Role.AUDITOR: "auditor",
    Role.SYSTEM: "gradingcore",
}


def policy_of(name: str, registry: PolicyRegistry | None = None) -> Policy:
    """The policy named ``id`` or ``id@version`` (the latest version for a bare id)."""
    registry = registry or default_policies()
    try:
        if "@" in name:
            ref = PolicyRef.parse(name)
            return registry.get(ref.id, ref.version)
        return registry.get(name)
    except GradingError as error:
        raise ScenarioError(error.message, field="policy") from None


def scenario_service(
    policy: Policy,
    start: pendulum.Date | None = None,
    *,
    calendar_years: Iterable[OfficialYear] = (),
) -> GradingService:
    """A service on a fresh in-memory store that judges every case by ``policy`` alone, on
    the official calendar (with ``calendar_years`` added: a scenario's ``calendar_files``, or
    ``gradingcore scenario run --calendar-file``), with a :class:`ManualClock` starting on
    ``start``. A draft (征求意见稿) named by a scenario is judged as if adopted: that is what
    it is there for."""
    clock = ManualClock(start or pendulum.Date(2024, 1, 2))
    calendar = official_calendar()
    for year in calendar_years:
        calendar = calendar.with_year(year)
    return GradingService(
        "memory",
        policies=PolicyRegistry([policy]).adopting(policy.id),
        calendar=calendar,
        clock=clock,
    )


#: A check's wording: a message rendered in the reader's language, or text as the file has it.
Text = str | Message | Joined


@attrs.frozen
class Check:
    """One expectation of one step, and whether it held.

    ``text`` says what was expected and ``problems`` what was found instead, as messages
    rendered in the reader's language (:meth:`localized`, :meth:`localized_detail`);
    ``what`` and ``detail`` are their English wording, which JSON carries."""

    step: int  # 1-based index of the step; 0 for the scenario as a whole
    step_name: str
    on: pendulum.Date | None
    text: Text
    passed: bool
    problems: tuple[Text, ...] = ()
    where: Where = attrs.field(factory=Where)

    @property
    def what(self) -> str:
        return render(self.text, "en")

    @property
    def detail(self) -> str:
        return self.localized_detail("en")

    def localized(self, locale: Locale | str | None = None) -> str:
        """What was expected, in ``locale``."""
        return render(self.text, locale)

    def localized_detail(self, locale: Locale | str | None = None) -> str:
        """What was found instead (empty when the check held), in ``locale``."""
        return joined(self.problems).render(locale)

    def line(self, locale: Locale | str | None = None) -> str:
        """The check as one line (two when it failed), in ``locale``."""
        mark = (msg_ctx("scenario", "ok  ") if self.passed else msg_ctx("scenario", "FAIL")).render(
            locale
        )
        if self.where.line:
            place = msg("line {n}", n=self.where.line).render(locale)
        else:
            place = msg("step {n}", n=self.step).render(locale)
        on = format_date(self.on, locale) if self.on else ""
        head = f"{mark} {place:<9} {self.step_name} {on}".rstrip()
        text = f"{head}: {self.localized(locale)}"
        detail = self.localized_detail(locale)
        return f"{text}\n       {detail}" if detail and not self.passed else text

    def __str__(self) -> str:
        return self.line()

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "step_name": self.step_name,
            "on": self.on.isoformat() if self.on else None,
            "what": self.what,
            "passed": self.passed,
            "detail": self.detail,
            "file": self.where.path,
            "line": self.where.line,
        }


@attrs.frozen
class ScenarioResult:
    """What a scenario run found: every check, and whether all held."""

    scenario: Scenario
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def report(self, locale: Locale | str | None = None) -> str:
        """The scenario's name, then one line per check (a failure with what was found), in
        ``locale``."""
        head = (msg_ctx("scenario", "PASS") if self.passed else msg_ctx("scenario", "FAIL")).render(
            locale
        )
        where = f" ({self.scenario.where.path})" if self.scenario.where.path else ""
        lines = [f"{head} {self.scenario.localized_name(locale)}{where}"]
        lines += ["  " + c.line(locale).replace("\n", "\n  ") for c in self.checks]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.scenario.name,
            "name_zh": self.scenario.name_zh,
            "file": self.scenario.where.path,
            "policy": self.scenario.policy,
            "rules": list(self.scenario.rules),
            "passed": self.passed,
            "checks": [c.as_dict() for c in self.checks],
        }


@attrs.frozen
class StepOutcome:
    """What one step did: the events it recorded, or the refusal; rows written; invariants."""

    command: Command | None
    events: tuple[CaseEvent, ...] = ()
    error: GradingError | None = None
    written: int = 0
    problems: tuple[Text, ...] = ()


class ScenarioRun:
    """A scenario being run: its service, its case, and the state built from its events."""

    def __init__(
        self,
        scenario: Scenario,
        service: GradingService | None = None,
        *,
        check_invariants: bool = True,
        calendar_years: Iterable[OfficialYear] = (),
    ) -> None:
        self.scenario = scenario
        self.check_invariants = check_invariants
        self.key = scenario.key
        if service is None:
            self.policy: Policy | None = policy_of(scenario.policy)
            first = scenario.steps[0].on if scenario.steps else None
            years = (*scenario.calendar, *calendar_years)
            service = scenario_service(self.policy, first, calendar_years=years)
        else:
            self.policy = policy_of(scenario.policy, service.policies) if scenario.policy else None
        self.service = service
        # A case already in a caller's store is where the run starts from.
        self._live: CaseState | None = self._state()
        if scenario.history:
            self.preload(scenario.history)

    # --- doing ---------------------------------------------------------------------------

    def preload(self, events: Iterable[CaseEvent]) -> None:
        """Write recorded events to the store as they are (a history to start from)."""
        events = tuple(events)
        self.service.write_history(events)
        self._live = fold(events, self._live)

    def execute(self, step: Step) -> StepOutcome:
        """Run one step (nothing for ``check``); a refusal is returned, not raised."""
        if step.name == CHECK:
            return StepOutcome(command=None)
        command = COMMANDS[step.name](
            case=self.key,
            actor=self.actor(step.name, step.actor, step.on, step.arguments),
            on=step.on,
            enterprise=self.scenario.enterprise,
            command_id=step.command_id,
            **step.arguments,
        )
        return self.execute_command(command)

    def execute_command(self, command: Command) -> StepOutcome:
        """Execute a command as given; a refusal is returned, not raised."""
        if command.on is not None and isinstance(self.service.clock, ManualClock):
            self.service.clock.set(command.on)
        before = self._rows()
        try:
            outcome = self.service.execute(command)
        except GradingError as error:
            written = self._rows() - before
            return StepOutcome(command, error=error, written=written)
        problems: list[Text] = []
        if not outcome.repeated:
            try:
                self._live = fold(outcome.events, self._live)
            except (AssertionError, ValueError, TypeError, KeyError) as error:
                problems.append(
                    msg(
                        "the events recorded do not follow the state built so far: {error}",
                        error=repr(error),
                    )
                )
                self._live = None
        problems += self.invariants(() if outcome.repeated else outcome.events)
        return StepOutcome(
            command, outcome.events, written=self._rows() - before, problems=tuple(problems)
        )

    def _rows(self) -> int:
        return self.service.version(self.key)

    def actor(
        self, name: str, given: ActorLike, on: pendulum.Date, arguments: Mapping[str, Any]
    ) -> Actor:
        """The actor of a step: as given, or filled in from the step's default role and the
        policy's organizing unit and authority for the level of the case."""
        if isinstance(given, Actor):
            return given
        spec = given or ActorSpec(DEFAULT_ROLES.get(name, Role.ENTERPRISE))
        if spec.role is Role.ENTERPRISE:
            return Actor(spec.id or self.scenario.enterprise.name or "enterprise", spec.role)
        if spec.role not in (Role.ORGANIZING_UNIT, Role.AUTHORITY):
            return Actor(
                spec.id or _ACTOR_IDS.get(spec.role, spec.role.value), spec.role, spec.authority
            )
        level = self._level(name, on, arguments)
        policy = self._policy(on, level)
        if spec.role is Role.ORGANIZING_UNIT:
            unit = policy.organizing_units.get(level) if policy else None
            return Actor(spec.id or unit or "组织单位", spec.role)
        authority = policy.authorities.get(level) if policy else None
        kind = spec.authority or (AuthorityKind(authority.kind) if authority else None)
        if spec.id:
            return Actor(spec.id, spec.role, kind)
        if authority is not None and kind == authority.kind:
            return Actor(authority.name_zh, spec.role, kind)
        return Actor(f"{kind.value if kind else ''} authority".strip(), spec.role, kind)

    def _state(self) -> CaseState | None:
        try:
            return self.service.state(self.key)
        except CaseNotFound:
            return None

    def _level(self, name: str, on: pendulum.Date, arguments: Mapping[str, Any]) -> Level:
        if name == "apply" and "level" in arguments:
            return Level(arguments["level"])
        if name == "self_evaluate" and "claimed_level" in arguments:
            return Level(arguments["claimed_level"])
        state = self._state()
        if state is not None:
            held = state.level_on(on)
            app = state.application
            if name == "revoke" and held is not None:
                return held.level
            if app is not None and app.is_open:
                return app.level
            if held is not None:
                return held.level
            if app is not None:
                return app.level
            if state.grading is not None:
                return state.grading.level
        levels = self.policy.levels if self.policy else frozenset({Level.LEVEL_3})
        return max(levels)

    def _policy(self, on: pendulum.Date, level: Level) -> Policy | None:
        if self.policy is not None:
            return self.policy
        try:
            return self.service.judge_for(self.key, on, level).policy
        except GradingError:
            return None

    # --- checking ------------------------------------------------------------------------

    def invariants(self, new: Iterable[CaseEvent]) -> list[Text]:
        """The invariants after a step: empty when they hold (or are not checked)."""
        if not self.check_invariants:
            return []
        problems: list[Text] = []
        try:
            stored = fold(self.service.history(self.key))
        except CaseNotFound:
            return []
        if stored != self._live:
            problems.append(
                msg(
                    "the state replayed from the store differs from the state built "
                    "from the events as they were decided"
                )
            )
            self._live = stored  # reported once, not again at every later step
        if self.service.state(self.key) != stored:
            problems.append(msg("the service's cached case differs from the replayed state"))
        for event in new:
            label = msg(
                "{event} v{version}", event=_event(event.name), version=event.originator_version
            )
            if from_state(type(event), to_state(event)) != event:
                problems.append(
                    msg("{event} does not round-trip through the store's converter", event=label)
                )
            if from_row(to_row(event)) != event:
                problems.append(
                    msg("{event} does not round-trip through the store's mapper", event=label)
                )
        return problems

    def view(self, on: pendulum.Date) -> CaseView:
        return self.service.view(self.key, on)

    def verify(
        self, index: int, step: Step, outcome: StepOutcome, expect: Expect | None = None
    ) -> list[Check]:
        """Check ``expect`` (default: the step's own) against what the step did."""
        expect = expect if expect is not None else step.expect
        checks: list[Check] = []

        def check(key: str, what: Text, problems: list[Text]) -> None:
            line = expect.lines.get(key, step.where.line)
            checks.append(
                Check(
                    index,
                    step.name,
                    step.on,
                    what,
                    not problems,
                    tuple(problems),
                    Where(step.where.path, line),
                )
            )

        error = outcome.error
        accepted = msg_ctx("scenario", "accepted")
        if expect.refused is not None:
            named: Text = ", ".join(expect.refused) or msg("any rule")
            check(
                "refused", msg("refused ({rules})", rules=named), _refusal_problems(expect, outcome)
            )
        elif error is not None:
            check("step", accepted, [msg("refused: {error}", error=error)])
        elif outcome.command is not None:
            check("step", accepted, [])
        if outcome.problems:
            check("step", msg_ctx("scenario", "invariants"), list(outcome.problems))
        if expect.events is not None:
            shown = ", ".join(str(m) for m in expect.events)
            found: list[Text] = [] if error is None else [msg("refused: {error}", error=error)]
            check(
                "events",
                msg("events [{events}]", events=shown),
                found or _event_problems(expect.events, outcome.events),
            )
        if expect.checks_view:
            self._verify_view(step, expect, check)
        checks.sort(key=lambda c: c.where.line or 0)
        return checks

    def _verify_view(self, step: Step, expect: Expect, check: Any) -> None:
        on = expect.as_of or step.on
        try:
            view = self.view(on)
        except GradingError as error:
            check("status", msg("the case as of {on}", on=on), [error])
            return
        if expect.status is not None:
            check(
                "status",
                msg("status {status}", status=STATUS[expect.status]),
                _differs(expect.status, view.status, STATUS.get(view.status)),
            )
        if expect.stage is not UNSET:
            wanted = expect.stage
            found_stage = view.stage
            none = msg_ctx("scenario", "none")
            check(
                "stage",
                msg("stage {stage}", stage=STAGE[wanted] if wanted else none),
                _differs(wanted, found_stage, STAGE[found_stage] if found_stage else None),
            )
        if expect.level is not UNSET:
            wanted_level = Level(expect.level) if expect.level else None
            # Translators: a level as expected, by its name (二级, level 2): keep it as it is.
            level_text = msg_ctx("scenario", "{level}", level=wanted_level)
            check(
                "level",
                level_text if wanted_level else msg("no level valid"),
                _differs(wanted_level, view.level),
            )
        if expect.valid_until is not UNSET:
            until = expect.valid_until or msg("no day (no level)")
            check(
                "valid_until",
                msg("valid until {day}", day=until),
                _differs(expect.valid_until, view.valid_until),
            )
        open_: Text = (
            joined((_obligation_text(o) for o in view.obligations), msg(", "))
            if view.obligations
            else msg_ctx("scenario", "none")
        )
        for wanted_o in expect.obligations:
            found = any(_obligation_matches(wanted_o, o) for o in view.obligations)
            problems: list[Text] = [] if found else [msg("open: {open}", open=open_)]
            check("obligations", msg("obligation {obligation}", obligation=wanted_o), problems)
        for rule_id in expect.absent:
            found = any(o.rule_id == rule_id for o in view.obligations)
            problems = [msg("open: {open}", open=open_)] if found else []
            check("absent", msg("no obligation {rule}", rule=rule_id), problems)

    def run(self) -> ScenarioResult:
        """Every step in order, every expectation checked; stops at an unexpected refusal."""
        checks: list[Check] = []
        for index, step in enumerate(self.scenario.steps, start=1):
            outcome = self.execute(step)
            found = self.verify(index, step, outcome)
            checks += found
            if outcome.error is not None and step.expect.refused is None:
                rest = len(self.scenario.steps) - index
                if rest:
                    checks.append(
                        Check(
                            index,
                            step.name,
                            step.on,
                            msg("{n} later step(s) not run", n=rest),
                            False,
                            (msg("the scenario stops at an unexpected refusal"),),
                            step.where,
                        )
                    )
                break
        else:
            if self.check_invariants and not any(c.what == "invariants" for c in checks):
                checks.append(
                    Check(
                        0,
                        "scenario",
                        None,
                        msg(
                            "invariants held after every step "
                            "(replay equals live state; events round-trip)"
                        ),
                        True,
                        where=self.scenario.where,
                    )
                )
        return ScenarioResult(self.scenario, tuple(checks))


def run_scenario(
    scenario: Scenario,
    service: GradingService | None = None,
    *,
    check_invariants: bool = True,
    calendar_years: Iterable[OfficialYear] = (),
) -> ScenarioResult:
    """Run every step of ``scenario`` and check every expectation (on a fresh in-memory store
    judged by the scenario's policy, its calendar holding the scenario's ``calendar_files`` and
    ``calendar_years``, unless a service is given)."""
    run = ScenarioRun(
        scenario, service, check_invariants=check_invariants, calendar_years=calendar_years
    )
    try:
        return run.run()
    finally:
        if service is None:
            run.service.close()


# --- comparisons -----------------------------------------------------------------------------


def _event(name: str) -> Text:
    """An event type by its name for people (申请 / Applied)."""
    return EVENT.get(name, name)


def _events(events: Iterable[CaseEvent]) -> Joined:
    return joined((_event(e.name) for e in events), msg(", "))


def _refusal_problems(expect: Expect, outcome: StepOutcome) -> list[Text]:
    error = outcome.error
    if error is None:
        recorded = _events(outcome.events) if outcome.events else msg("nothing")
        return [msg("accepted: recorded {events}", events=recorded)]
    problems: list[Text] = []
    missing = [r for r in expect.refused or () if r not in error.rule_ids]
    if missing:
        problems.append(
            msg("the refusal does not name {rules}: {error}", rules=", ".join(missing), error=error)
        )
    if not error.rule_ids:
        problems.append(msg("the refusal names no rule id: {error}", error=error))
    elif not error.citations:
        problems.append(msg("the refusal carries no citation"))
    if outcome.written:
        problems.append(msg("the refused command wrote {n} event(s)", n=outcome.written))
    return problems


def _differs(wanted: object, found: object, shown: object = None) -> list[Text]:
    """Nothing when ``found`` is what was ``wanted``, else what was found (``shown``: its
    name for people, when it has one)."""
    if wanted == found:
        return []
    value = shown if shown is not None else found
    return [msg("found {found}", found=msg_ctx("scenario", "None") if value is None else value)]


def _obligation_text(o: Any) -> Message:
    party = ROLE[o.party]
    if o.due and o.overdue:
        return msg("{rule} due {due} ({party}, overdue)", rule=o.rule_id, due=o.due, party=party)
    if o.due:
        return msg("{rule} due {due} ({party})", rule=o.rule_id, due=o.due, party=party)
    if o.overdue:
        return msg("{rule} ({party}, overdue)", rule=o.rule_id, party=party)
    return msg("{rule} ({party})", rule=o.rule_id, party=party)


def _obligation_matches(wanted: ObligationMatch, o: Any) -> bool:
    return (
        o.rule_id == wanted.rule_id
        and (wanted.due is None or o.due == wanted.due)
        and (wanted.party is None or o.party == wanted.party)
        and (wanted.overdue is None or o.overdue == wanted.overdue)
    )


def _event_problems(wanted: tuple[EventMatch, ...], events: tuple[CaseEvent, ...]) -> list[Text]:
    names = [e.name for e in events]
    if [m.name for m in wanted] != names:
        return [msg("recorded [{events}]", events=", ".join(names))]
    problems: list[Text] = []
    for match, event in zip(wanted, events, strict=True):
        state = to_state(event)
        for field, value in match.fields.items():
            if field not in state:
                problems.append(
                    msg("{event} has no field {field}", event=event.name, field=repr(field))
                )
            elif not same(value, state[field]):
                stored = event.name + "." + field
                problems.append(msg("{field} is {value}", field=stored, value=repr(state[field])))
    return problems


def same(wanted: Any, stored: Any) -> bool:
    """Whether a value written in a scenario equals a field as the store keeps it."""
    if isinstance(wanted, date):
        return bool(stored == wanted.isoformat())
    if isinstance(wanted, int | float | Decimal) and not isinstance(wanted, bool):
        try:
            return Decimal(str(wanted)) == Decimal(str(stored))
        except ArithmeticError:
            return False
    if isinstance(wanted, list | tuple) and isinstance(stored, list | tuple):
        return len(wanted) == len(stored) and all(
            same(w, s) for w, s in zip(wanted, stored, strict=True)
        )
    if isinstance(wanted, Mapping) and isinstance(stored, Mapping):
        return all(k in stored and same(v, stored[k]) for k, v in wanted.items())
    return bool(wanted == stored)


__all__ = [
    "DEFAULT_ROLES",
    "Check",
    "ScenarioResult",
    "ScenarioRun",
    "StepOutcome",
    "policy_of",
    "run_scenario",
    "same",
    "scenario_service",
]
