"""The state of a grading case, folded from its events.

``fold(events)`` is pure: no clock, no calendar, no policy, no I/O, so replaying the same events
always gives the same state. Whatever needs the calendar or the policy (deadlines, eligibility,
obligations) is derived from this state and the history by :mod:`gradingcore.rules`.
"""

from __future__ import annotations

import enum
import functools
import types
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pendulum

from gradingcore import events as ev
from gradingcore.facts import Expert, IncidentGrade, Nonconformity, Reporting
from gradingcore.policy import Level, PolicyRef
from gradingcore.values import CaseKey, Enterprise


class Stage(enum.StrEnum):
    """Where an application stands (lifecycle.md, "The path of one application")."""

    SUBMITTED = "submitted"
    AWAITING_CORRECTION = "awaiting_correction"
    ACCEPTED = "accepted"
    FORWARDED = "forwarded"
    REVIEW_ORDERED = "review_ordered"
    TEAM_FORMED = "team_formed"
    RECTIFYING = "rectifying"
    RECTIFICATION_REPORTED = "rectification_reported"
    READY_FOR_PUBLICITY = "ready_for_publicity"
    FAILED = "failed"  # failed a step; the authority must notify the enterprise
    PUBLICIZED = "publicized"
    # Closed:
    ANNOUNCED = "announced"
    NOT_PASSED = "not_passed"
    REJECTED = "rejected"
    TERMINATED = "terminated"  # commitment found false


CLOSED_STAGES = frozenset({Stage.ANNOUNCED, Stage.NOT_PASSED, Stage.REJECTED, Stage.TERMINATED})


@attrs.frozen
class Application:
    """One application for a level, from submission to its outcome."""

    level: Level
    applied_on: pendulum.Date
    self_evaluation: int
    policy: PolicyRef | None = None  # the policy it is judged by, chosen when it was made
    stage: Stage = Stage.SUBMITTED
    renewal: bool = False
    direct_renewal: bool = False
    correction_requested_on: pendulum.Date | None = None
    resubmitted_on: pendulum.Date | None = None
    accepted_on: pendulum.Date | None = None
    accepted_deemed: bool = False
    audited_on: pendulum.Date | None = None  # forwarded or rejected
    review_ordered_on: pendulum.Date | None = None
    team: tuple[Expert, ...] = ()
    team_formed_on: pendulum.Date | None = None
    reviewed_on: pendulum.Date | None = None
    report_received_on: pendulum.Date | None = None  # 企业收到现场评审报告
    score: Decimal | None = None
    nonconformities: tuple[Nonconformity, ...] = ()
    fixed: frozenset[str] = frozenset()
    level_met: bool | None = None
    extension_workdays: int = 0
    extensions: int = 0
    rectification_reported_on: pendulum.Date | None = None
    verified_on: pendulum.Date | None = None
    listed_on: pendulum.Date | None = None  # on a list the unit reported (publicity.list)
    publicized_on: pendulum.Date | None = None
    publicity_complete_on: pendulum.Date | None = None
    objections: Mapping[str, bool | None] = attrs.field(factory=dict)  # id -> substantiated
    failed_on: pendulum.Date | None = None
    failure_rules: tuple[str, ...] = ()
    closed_on: pendulum.Date | None = None

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def open_objections(self) -> tuple[str, ...]:
        return tuple(k for k, v in self.objections.items() if v is None)

    @property
    def unfixed(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nonconformities if n.id not in self.fixed)


@attrs.frozen
class Grading:
    """A level held: announced on a date, valid through ``valid_until`` unless revoked."""

    level: Level
    announced_on: pendulum.Date
    valid_from: pendulum.Date
    valid_until: pendulum.Date
    revoked_on: pendulum.Date | None = None
    revocation_trigger: str | None = None

    def valid_on(self, day: pendulum.Date) -> bool:
        ended = self.revoked_on is not None and day >= self.revoked_on
        return self.valid_from <= day <= self.valid_until and not ended


@attrs.frozen
class SelfEvaluation:
    version: int
    on: pendulum.Date
    score: Decimal
    claimed_level: Level
    publicity_complete_on: pendulum.Date
    consultants: tuple[str, ...]


@attrs.frozen
class Incident:
    id: str
    on: pendulum.Date
    deaths: int
    serious_injuries: int
    direct_loss_cny: Decimal
    grade: IncidentGrade
    reporting: Reporting


@attrs.frozen
class Visit:
    """A follow-up visit (回访): passed or not, and the deadline for fixing it set."""

    id: str
    on: pendulum.Date
    passed: bool
    fix_by: pendulum.Date | None = None


@attrs.frozen
class Inspection:
    """A supervisor's inspection (监督检查): when, and whether it was comprehensive."""

    id: str
    on: pendulum.Date
    comprehensive: bool


@attrs.frozen
class Hazard:
    id: str
    found_on: pendulum.Date
    major: bool
    fix_by: pendulum.Date
    fixed_on: pendulum.Date | None = None


@attrs.frozen
class Dated:
    """A dated fact with a short description (penalties, changes, listings, …)."""

    on: pendulum.Date
    what: str = ""
    flag: bool = True


@attrs.frozen
class CaseState:
    """What the events say about one case, at the last event folded."""

    key: CaseKey
    enterprise: Enterprise
    version: int = 0
    #: The business date of the latest step of the procedure (facts excepted): a new step may
    #: not come before it (``procedure.order``).
    last_step_on: pendulum.Date | None = None
    application: Application | None = None
    past_applications: tuple[Application, ...] = ()
    gradings: tuple[Grading, ...] = ()
    self_evaluations: tuple[SelfEvaluation, ...] = ()
    failures: tuple[pendulum.Date, ...] = ()  # days the enterprise was told it did not pass
    false_commitments: tuple[Dated, ...] = ()
    incidents: tuple[Incident, ...] = ()
    social_incidents: tuple[Dated, ...] = ()
    penalties: tuple[Dated, ...] = ()  # flag: major violation
    hazards: Mapping[str, Hazard] = attrs.field(factory=dict)
    dishonesty: tuple[Dated, ...] = ()  # flag: listed (True) or delisted (False)
    licence_losses: tuple[Dated, ...] = ()
    major_changes: tuple[Dated, ...] = ()
    frauds: tuple[Dated, ...] = ()
    operation_failures: tuple[Dated, ...] = ()  # flag: serious
    township: str | None = None  # 乡镇/街道: code or name, when recorded
    visits: tuple[Visit, ...] = ()  # follow-up visits (回访), in the order recorded
    inspections: tuple[Inspection, ...] = ()  # 监督检查, in the order recorded

    @property
    def grading(self) -> Grading | None:
        """The latest level announced (valid, expired or revoked)."""
        return self.gradings[-1] if self.gradings else None

    @property
    def revocations(self) -> tuple[pendulum.Date, ...]:
        return tuple(g.revoked_on for g in self.gradings if g.revoked_on is not None)

    def level_on(self, day: pendulum.Date) -> Grading | None:
        """The grading valid on ``day``, if any. A later grading supersedes an earlier one from
        its first day: a renewed level that is revoked does not revive the one it renewed."""
        started = [g for g in self.gradings if g.valid_from <= day]
        return started[-1] if started and started[-1].valid_on(day) else None

    def dishonest_on(self, day: pendulum.Date) -> bool:
        listed = [d for d in self.dishonesty if d.on <= day]
        return bool(listed) and listed[-1].flag


_COPIES: dict[type, Callable[[Any], Any]] = {}
_T = TypeVar("_T")


def compiled_maker(cls: type, source: Callable[[int, str], str]) -> Callable[[Any], Any]:
    """A function ``make(src)`` building an instance of ``cls`` without ``__init__``, field
    ``i`` (named ``name``) set to the expression ``source(i, name)`` of ``src``: one line per
    field, compiled once per class (as attrs compiles its own methods). Each field is set
    through its slot's own descriptor (what ``object.__setattr__`` finds after a lookup), about
    half the cost of a loop over the field names; the fold and the registry's reading of stored
    states run it for every event or row."""
    lines = ["def make(src):", "    new = new_(cls)"]
    namespace: dict[str, Any] = {"new_": object.__new__, "set_": object.__setattr__, "cls": cls}
    for i, field in enumerate(attrs.fields(cls)):
        slot = next((k.__dict__[field.name] for k in cls.__mro__ if field.name in k.__dict__), None)
        value = source(i, field.name)
        if isinstance(slot, types.MemberDescriptorType):
            namespace[f"set_{i}"] = slot.__set__
            lines.append(f"    set_{i}(new, {value})")
        else:  # not a slot (a class with a __dict__)
            lines.append(f"    set_(new, {field.name!r}, {value})")
    lines.append("    return new")
    exec("\n".join(lines), namespace)  # the names are attrs fields: identifiers
    make: Callable[[Any], Any] = namespace["make"]
    return make


def _copier(cls: type) -> Callable[[Any], Any]:
    """A copy of an instance of ``cls`` without ``__init__`` (the fold copies a state for
    every event replayed or caught up)."""
    return compiled_maker(cls, lambda _i, name: f"src.{name}")


def _with(obj: _T, **changes: Any) -> _T:
    """``attrs.evolve`` for the state's own frozen classes, which have no converters or
    validators: a copy with ``changes``, built without going through ``__init__`` (the fold
    runs this for every event replayed, so it is worth the few lines)."""
    cls = type(obj)
    copy = _COPIES.get(cls)
    if copy is None:
        copy = _COPIES[cls] = _copier(cls)
    new: _T = copy(obj)
    for name, value in changes.items():
        _SET(new, name, value)
    return new


_SET = object.__setattr__


def fold(events: Iterable[ev.CaseEvent], state: CaseState | None = None) -> CaseState:
    """The state after the given events, in order."""
    for event in events:
        state = evolve(state, event)
    if state is None:
        msg = "a case's history starts with CaseOpened"
        raise ValueError(msg)
    return state


def evolve(state: CaseState | None, event: ev.CaseEvent) -> CaseState:
    """One step of the fold."""
    if isinstance(event, ev.CaseOpened):
        return CaseState(key=event.key, enterprise=event.enterprise, version=1)
    if state is None:
        msg = f"{event.name} before CaseOpened"
        raise ValueError(msg)
    found = _STEPS.get(type(event))
    if found is None:
        found = _STEPS[type(event)] = (
            _apply.dispatch(type(event)),
            issubclass(type(event), ev.FACT_EVENTS),
        )
    step, fact = found
    last = state.last_step_on
    if not fact and (last is None or event.on > last):
        last = event.on
    new = step(event, state)
    if new is state:  # a step that changed nothing: copy, never touch the state given
        return _with(new, version=event.originator_version, last_step_on=last)
    # The step built ``new`` just now and nothing else holds it yet: set the version on it
    # rather than copy the whole state a second time for every event.
    _SET(new, "version", event.originator_version)
    _SET(new, "last_step_on", last)
    return new


#: Each event type's fold step and whether it is a fact's, looked up once (singledispatch's own
#: cache is a weak mapping, dearer than a dict on the fold's path).
_STEPS: dict[type, tuple[Callable[[Any, CaseState], CaseState], bool]] = {}


def _app(state: CaseState, **changes: Any) -> CaseState:
    """The state with the open application changed."""
    assert state.application is not None
    return _with(state, application=_with(state.application, **changes))


def _fail(state: CaseState, on: pendulum.Date, rules: tuple[str, ...]) -> CaseState:
    return _app(state, stage=Stage.FAILED, failed_on=on, failure_rules=rules)


@functools.singledispatch
def _apply(event: ev.CaseEvent, state: CaseState) -> CaseState:
    msg = f"no fold step for {type(event).__name__}"
    raise TypeError(msg)


@_apply.register
def _(e: ev.SelfEvaluated, s: CaseState) -> CaseState:
    record = SelfEvaluation(
        e.originator_version, e.on, e.score, e.claimed_level, e.publicity_complete_on, e.consultants
    )
    return _with(s, self_evaluations=(*s.self_evaluations, record))


@_apply.register
def _(e: ev.Applied, s: CaseState) -> CaseState:
    past = s.past_applications + ((s.application,) if s.application else ())
    application = Application(
        level=e.level,
        applied_on=e.on,
        self_evaluation=e.self_evaluation,
        policy=e.policy,
        renewal=e.renewal,
    )
    return _with(s, application=application, past_applications=past)


@_apply.register
def _(e: ev.CorrectionRequested, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.AWAITING_CORRECTION, correction_requested_on=e.on)


@_apply.register
def _(e: ev.Resubmitted, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.ACCEPTED, resubmitted_on=e.on)


@_apply.register
def _(e: ev.ApplicationAccepted, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.ACCEPTED, accepted_on=e.on, accepted_deemed=e.deemed)


@_apply.register
def _(e: ev.ApplicationForwarded, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.FORWARDED, audited_on=e.on)


@_apply.register
def _(e: ev.ApplicationRejected, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.REJECTED, audited_on=e.on, closed_on=e.on)


@_apply.register
def _(e: ev.ReviewOrdered, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.REVIEW_ORDERED, review_ordered_on=e.on)


@_apply.register
def _(e: ev.DirectRenewalConfirmed, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.READY_FOR_PUBLICITY, direct_renewal=True, review_ordered_on=e.on)


@_apply.register
def _(e: ev.ReviewTeamFormed, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.TEAM_FORMED, team=e.experts, team_formed_on=e.on)


@_apply.register
def _(e: ev.Reviewed, s: CaseState) -> CaseState:
    s = _app(
        s,
        reviewed_on=e.on,
        report_received_on=e.received_on or e.on,
        score=e.score,
        nonconformities=e.nonconformities,
        level_met=e.level_met,
        stage=Stage.RECTIFYING if e.nonconformities else Stage.READY_FOR_PUBLICITY,
    )
    if e.major_hazard_found or not e.level_met:
        return _fail(s, e.on, e.rules)
    return s


@_apply.register
def _(e: ev.RectificationExtended, s: CaseState) -> CaseState:
    assert s.application is not None
    return _app(
        s,
        extension_workdays=s.application.extension_workdays + e.workdays,
        extensions=s.application.extensions + 1,
    )


@_apply.register
def _(e: ev.NonconformityFixed, s: CaseState) -> CaseState:
    assert s.application is not None
    return _app(s, fixed=s.application.fixed | {e.nonconformity_id})


@_apply.register
def _(e: ev.RectificationReported, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.RECTIFICATION_REPORTED, rectification_reported_on=e.on)


@_apply.register
def _(e: ev.RectificationVerified, s: CaseState) -> CaseState:
    s = _app(s, verified_on=e.on, stage=Stage.READY_FOR_PUBLICITY)
    return s if e.passed else _fail(s, e.on, e.rules)


@_apply.register
def _(e: ev.ListReported, s: CaseState) -> CaseState:
    return _app(s, listed_on=e.on)


@_apply.register
def _(e: ev.Publicized, s: CaseState) -> CaseState:
    return _app(s, stage=Stage.PUBLICIZED, publicized_on=e.on, publicity_complete_on=e.complete_on)


@_apply.register
def _(e: ev.ObjectionRaised, s: CaseState) -> CaseState:
    assert s.application is not None
    return _app(s, objections={**s.application.objections, e.objection_id: None})


@_apply.register
def _(e: ev.ObjectionResolved, s: CaseState) -> CaseState:
    assert s.application is not None
    s = _app(s, objections={**s.application.objections, e.objection_id: e.substantiated})
    return _fail(s, e.on, e.rules) if e.substantiated else s


@_apply.register
def _(e: ev.Announced, s: CaseState) -> CaseState:
    grading = Grading(e.level, e.on, e.valid_from, e.valid_until)
    s = _app(s, stage=Stage.ANNOUNCED, closed_on=e.on)
    return _with(s, gradings=(*s.gradings, grading))


@_apply.register
def _(e: ev.NotPassed, s: CaseState) -> CaseState:
    s = _app(s, stage=Stage.NOT_PASSED, closed_on=e.on)
    return _with(s, failures=(*s.failures, e.on))


@_apply.register
def _(e: ev.Revoked, s: CaseState) -> CaseState:
    assert s.grading is not None
    revoked = _with(s.grading, revoked_on=e.on, revocation_trigger=e.trigger)
    return _with(s, gradings=(*s.gradings[:-1], revoked))


@_apply.register
def _(e: ev.CommitmentFoundFalse, s: CaseState) -> CaseState:
    if s.application is not None and s.application.is_open:
        s = _app(s, stage=Stage.TERMINATED, closed_on=e.on)
    finding = Dated(e.on, e.commitment)
    return _with(s, false_commitments=(*s.false_commitments, finding))


@_apply.register
def _(e: ev.IncidentRecorded, s: CaseState) -> CaseState:
    incident = Incident(
        e.incident_id, e.on, e.deaths, e.serious_injuries, e.direct_loss_cny, e.grade, e.reporting
    )
    return _with(s, incidents=(*s.incidents, incident))


@_apply.register
def _(e: ev.SocialIncidentRecorded, s: CaseState) -> CaseState:
    return _with(s, social_incidents=(*s.social_incidents, Dated(e.on, e.description)))


@_apply.register
def _(e: ev.PenaltyRecorded, s: CaseState) -> CaseState:
    return _with(s, penalties=(*s.penalties, Dated(e.on, e.description, e.major)))


@_apply.register
def _(e: ev.HazardRecorded, s: CaseState) -> CaseState:
    hazard = Hazard(e.hazard_id, e.on, e.major, e.fix_by)
    return _with(s, hazards={**s.hazards, e.hazard_id: hazard})


@_apply.register
def _(e: ev.HazardFixed, s: CaseState) -> CaseState:
    fixed = _with(s.hazards[e.hazard_id], fixed_on=e.on)
    return _with(s, hazards={**s.hazards, e.hazard_id: fixed})


@_apply.register
def _(e: ev.FollowUpVisited, s: CaseState) -> CaseState:
    visit = Visit(e.visit_id, e.on, e.passed, e.fix_by)
    return attrs.evolve(s, visits=(*s.visits, visit))


@_apply.register
def _(e: ev.Inspected, s: CaseState) -> CaseState:
    inspection = Inspection(e.inspection_id, e.on, e.comprehensive)
    return _with(s, inspections=(*s.inspections, inspection))


@_apply.register
def _(e: ev.DishonestyListed, s: CaseState) -> CaseState:
    return _with(s, dishonesty=(*s.dishonesty, Dated(e.on, e.list_name, True)))


@_apply.register
def _(e: ev.DishonestyDelisted, s: CaseState) -> CaseState:
    return _with(s, dishonesty=(*s.dishonesty, Dated(e.on, e.list_name, False)))


@_apply.register
def _(e: ev.LicenceLost, s: CaseState) -> CaseState:
    return _with(s, licence_losses=(*s.licence_losses, Dated(e.on, str(e.kind))))


@_apply.register
def _(e: ev.MajorChangeRecorded, s: CaseState) -> CaseState:
    return _with(s, major_changes=(*s.major_changes, Dated(e.on, e.description)))


@_apply.register
def _(e: ev.FraudFound, s: CaseState) -> CaseState:
    return _with(s, frauds=(*s.frauds, Dated(e.on, e.description)))


@_apply.register
def _(e: ev.OperationFailureRecorded, s: CaseState) -> CaseState:
    failure = Dated(e.on, e.description, e.serious)
    return _with(s, operation_failures=(*s.operation_failures, failure))


@_apply.register
def _(e: ev.TownshipRecorded, s: CaseState) -> CaseState:
    return _with(s, township=e.township)
