"""Deciding a campaign command: pure functions, one per command type, returning the events.

``decide(record, command, judge, facts)`` reads no clock and no store: the service passes the
record so far (None before enrolment), the judge (the campaign policy in force on the
command's date, and the calendar) and the grading case's facts of the same enterprise. A
refusal is a RuleViolation naming the rule id of the step and its citation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import pendulum

from gradingcore.i18n import Message, joined, msg, msg_ctx
from gradingcore.rules import Judge
from gradingcore.rules._judge import actor_message, coded
from gradingcore.schemes.baoding import _commands as cmd
from gradingcore.schemes.baoding import _events as ev
from gradingcore.schemes.baoding._stains import GradingFacts, blacklist_triggers, title_triggers
from gradingcore.schemes.baoding._state import CampaignRecord, record_id
from gradingcore.schemes.baoding._values import Outcome, Track, acceptor_of
from gradingcore.values import Role

C = TypeVar("C", bound=cmd.CampaignCommand)
Decider = Callable[[CampaignRecord | None, Any, Judge, GradingFacts], list[dict[str, Any]]]

_DECIDERS: dict[type[cmd.CampaignCommand], tuple[type[ev.CampaignEvent], Decider]] = {}

#: Who takes each step: the county or department (监管部门) lists, signs, plans, showcases,
#: accepts and publicizes; the enterprise reports its work and applies; the committee awards.
_OFFICIALS = (Role.SUPERVISOR, Role.AUTHORITY)


def _decider(command: type[C], event: type[ev.CampaignEvent]) -> Callable[[Decider], Decider]:
    def register(func: Decider) -> Decider:
        _DECIDERS[command] = (event, func)
        return func

    return register


def decide(
    record: CampaignRecord | None,
    command: cmd.CampaignCommand,
    judge: Judge,
    recorded_at: datetime,
    facts: GradingFacts | None = None,
) -> list[ev.CampaignEvent]:
    """The events ``command`` records on ``record``, stamped ``recorded_at`` (the service's
    clock, read outside); raises RuleViolation when refused."""
    facts = facts or GradingFacts()
    event_type, func = _DECIDERS[type(command)]
    if record is None and not isinstance(command, cmd.Enroll):
        raise judge.refuse(
            msg(
                "{uscc} is not enrolled in the {campaign} of {year}",
                uscc=command.uscc,
                campaign=judge.policy.title_zh,
                year=judge.policy.effective_from.year,
            ),
            "BD-4",
            uscc=str(command.uscc),
        )
    payloads = func(record, command, judge, facts)
    version = record.version if record else 0
    year = judge.policy.effective_from.year
    events: list[ev.CampaignEvent] = []
    for i, payload in enumerate(payloads):
        cls = payload.pop("type", event_type)
        events.append(
            cls(
                originator_id=record.id if record else record_id(command.uscc, year),
                originator_version=version + 1 + i,
                timestamp=recorded_at,
                on=command.on,
                actor=command.actor,
                policy=judge.policy.ref,
                command_id=command.command_id,
                **payload,
            )
        )
    return events


#: The fields of an enrolment as people name them (the field names stay in the facts).
_FIELD = {
    "responsible_department": msg_ctx("enrolment", "responsible_department"),
    "responsible_person": msg_ctx("enrolment", "responsible_person"),
}
_REQUEST = msg("the request for an acceptance check")


def _role(judge: Judge, command: cmd.CampaignCommand, rule_id: str, *roles: Role) -> None:
    if command.actor.role not in roles:
        allowed = joined([coded("role", r) for r in roles], msg(", "))
        raise judge.refuse(
            msg(
                "{actor} may not take this step (only: {allowed})",
                actor=actor_message(command.actor),
                allowed=allowed,
            ),
            rule_id,
            role=command.actor.role.value,
        )


def _once(judge: Judge, done: object, rule_id: str, what: Message) -> None:
    if done is not None:
        raise judge.refuse(
            msg("{what} is already recorded ({done})", what=what, done=done), rule_id
        )


def _needs(judge: Judge, earlier: object, rule_id: str, what: Message) -> None:
    if earlier is None:
        raise judge.refuse(msg("not yet possible: {what} first", what=what), rule_id)


def _late(judge: Judge, rule_id: str, on: pendulum.Date) -> bool:
    due: pendulum.Date = judge.value(rule_id, "due")
    return on > due


def _window(judge: Judge, rule_id: str, on: pendulum.Date, what: Message) -> None:
    start = judge.value(rule_id, "from")
    until = judge.value(rule_id, "until") if "until" in judge.policy.rule(rule_id).values else None
    if on < start or (until is not None and on > until):
        span = (
            msg("from {start} to {until}", start=start, until=until)
            if until
            else msg("from {start}", start=start)
        )
        raise judge.refuse(
            msg("{what} is only possible {span}, not on {on}", what=what, span=span, on=on),
            rule_id,
            on=on.isoformat(),
            start=start.isoformat(),
            until=until.isoformat() if until else None,
        )


@_decider(cmd.Enroll, ev.Enrolled)
def _enroll(
    record: CampaignRecord | None, c: cmd.Enroll, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    _role(judge, c, "BD-4", *_OFFICIALS)
    if record is not None:
        raise judge.refuse(
            msg("{uscc} is already enrolled ({track})", uscc=c.uscc, track=record.track), "BD-4"
        )
    if c.track.value not in judge.value("BD-1", "tracks"):
        raise judge.refuse(msg("{track} is not a track of this campaign", track=c.track), "BD-1")
    missing = [
        name
        for name, value in (
            ("responsible_department", c.responsible_department),
            ("responsible_person", c.responsible_person),
        )
        if not value.strip()
    ]
    if missing:
        raise judge.refuse(
            msg(
                "each enterprise on the lists names its responsible department and person: "
                "missing {missing}",
                missing=joined([_FIELD[name] for name in missing], msg(", ")),
            ),
            "BD-4",
            missing=missing,
        )
    return [
        {
            "uscc": c.uscc,
            "year": judge.policy.effective_from.year,
            "enterprise": c.enterprise,
            "track": c.track,
            "affiliation": c.affiliation,
            "responsible_department": c.responsible_department.strip(),
            "responsible_person": c.responsible_person.strip(),
            "late": _late(judge, "BD-4", c.on),
            "rules": ("BD-1", "BD-4"),
        }
    ]


@_decider(cmd.SignCommitment, ev.CommitmentSigned)
def _sign(
    record: CampaignRecord | None, c: cmd.SignCommitment, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-5", *_OFFICIALS)
    _once(judge, record.commitment_on, "BD-5", msg("the commitment"))
    if record.track is Track.PROBLEM and c.fix_by is None:
        raise judge.refuse(
            msg(
                "a problem enterprise's rectification pledge sets its time limit: fix_by is missing"
            ),
            "BD-5",
        )
    if c.fix_by is not None and c.fix_by < c.on:
        raise judge.refuse(
            msg("fix_by {fix_by} is before the pledge ({on})", fix_by=c.fix_by, on=c.on), "BD-5"
        )
    return [{"fix_by": c.fix_by, "late": _late(judge, "BD-5", c.on), "rules": ("BD-5",)}]


@_decider(cmd.AgreePlan, ev.PlanAgreed)
def _plan(
    record: CampaignRecord | None, c: cmd.AgreePlan, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-6", *_OFFICIALS)
    _needs(judge, record.commitment_on, "BD-6", msg("the commitment (BD-5)"))
    _once(judge, record.plan_on, "BD-6", msg("the plan"))
    return [{"late": _late(judge, "BD-6", c.on), "rules": ("BD-6",)}]


@_decider(cmd.CompleteWork, ev.WorkCompleted)
def _work(
    record: CampaignRecord | None, c: cmd.CompleteWork, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-7", Role.ENTERPRISE, *_OFFICIALS)
    _needs(judge, record.plan_on, "BD-7", msg("the plan (BD-6)"))
    _once(judge, record.work_done_on, "BD-7", msg("the work"))
    start = judge.value("BD-7", "from")
    if c.on < start:
        raise judge.refuse(
            msg("the work runs from {start}: it cannot be done on {on}", start=start, on=c.on),
            "BD-7",
            on=c.on.isoformat(),
            start=start.isoformat(),
        )
    late = c.on > judge.value("BD-7", "until")
    return [{"late": late, "rules": ("BD-7",)}]


@_decider(cmd.Showcase, ev.Showcased)
def _showcase(
    record: CampaignRecord | None, c: cmd.Showcase, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-8", *_OFFICIALS)
    _window(judge, "BD-8", c.on, msg("choosing a showcase"))
    _once(judge, record.showcased_in, "BD-8", msg("the showcase"))
    fields = judge.value("BD-8", "fields")
    if record.track.titled and c.field not in fields:
        raise judge.refuse(
            msg(
                "a showcase of a {track} is in one of {fields}, not '{field}'",
                track=record.track,
                fields="、".join(fields),
                field=c.field,
            ),
            "BD-8",
            field=c.field,
        )
    field = c.field if record.track.titled else "现场经验交流会"
    return [{"field": field, "rules": ("BD-8",)}]


@_decider(cmd.RequestAcceptance, ev.AcceptanceRequested)
def _request(
    record: CampaignRecord | None, c: cmd.RequestAcceptance, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-9", Role.ENTERPRISE, *_OFFICIALS)
    _needs(judge, record.work_done_on, "BD-9", msg("the work (BD-7)"))
    _once(judge, record.acceptance_requested_on, "BD-9", _REQUEST)
    _window(judge, "BD-9", c.on, msg("the acceptance check"))
    return [{"to": acceptor_of(record.affiliation), "rules": ("BD-9",)}]


@_decider(cmd.Accept, ev.Accepted)
def _accept(
    record: CampaignRecord | None, c: cmd.Accept, judge: Judge, facts: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-9", *_OFFICIALS)
    _needs(judge, record.acceptance_requested_on, "BD-9", _REQUEST)
    _once(judge, record.outcome, "BD-9", msg("the acceptance check"))
    _window(judge, "BD-9", c.on, msg("the acceptance check"))
    wanted = acceptor_of(record.affiliation)
    if c.by is not wanted:
        raise judge.refuse(
            msg(
                "a {affiliation} enterprise is accepted by {wanted}, not {by}",
                affiliation=record.affiliation,
                wanted=wanted,
                by=c.by,
            ),
            "BD-9",
            by=c.by.value,
            wanted=wanted.value,
        )
    rules: tuple[str, ...] = ("BD-9",)
    if record.track is Track.STANDARDIZED:
        # 标准化企业验收工作按国家和省有关规定进行: the grading's own outcome is the acceptance.
        if not facts.graded_on(c.on):
            raise judge.refuse(
                msg(
                    "a standardized enterprise is accepted under the national and provincial "
                    "rules: its grading case holds no valid level on {on}",
                    on=c.on,
                ),
                "BD-9",
            )
    else:
        rule_id = "BD-2" if record.track is Track.REGULARIZED else "BD-3"
        criteria = judge.value(rule_id, "criteria")
        unknown = [k for k in c.criteria_met if k not in criteria]
        if unknown:
            raise judge.refuse(
                msg("not criteria of {rule}: {names}", rule=rule_id, names="；".join(unknown)),
                rule_id,
            )
        unmet = [k for k in criteria if k not in c.criteria_met]
        if unmet:
            raise judge.refuse(
                msg(
                    "{n} of the {total} criteria of a {track} are not met: {unmet}",
                    n=len(unmet),
                    total=len(criteria),
                    track=record.track,
                    unmet=joined(unmet),
                ),
                rule_id,
                unmet=unmet,
            )
        rules += (rule_id,)
    outcome = Outcome.FILED if record.track.titled else Outcome.SETTLED
    return [
        {
            "by": c.by,
            "outcome": outcome,
            "criteria_met": tuple(c.criteria_met),
            "rules": rules,
        }
    ]


@_decider(cmd.Publicize, ev.Publicized)
def _publicize(
    record: CampaignRecord | None, c: cmd.Publicize, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-10", *_OFFICIALS)
    if not record.titled:
        why = (
            msg("only filed enterprises are made public: its title was withdrawn")
            if record.withdrawn
            else msg("only filed enterprises are made public: it is not filed (建档)")
        )
        raise judge.refuse(why, "BD-10")
    _once(judge, record.publicized_on, "BD-10", msg("the publicity"))
    _window(judge, "BD-10", c.on, msg("the publicity"))
    return [{"rules": ("BD-10",)}]


@_decider(cmd.Award, ev.Awarded)
def _award(
    record: CampaignRecord | None, c: cmd.Award, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-11", *_OFFICIALS)
    _needs(judge, record.publicized_on, "BD-11", msg("the publicity (BD-10)"))
    if not record.titled:
        raise judge.refuse(msg("its title was withdrawn"), "BD-11")
    _once(judge, record.awarded_on, "BD-11", msg("the award"))
    approver = judge.value("BD-11", "approved_by")
    if c.approved_by != approver:
        raise judge.refuse(
            msg(
                "the award is approved by {approver}, not '{given}'",
                approver=approver,
                given=c.approved_by,
            ),
            "BD-11",
            approved_by=c.approved_by,
        )
    return [{"approved_by": c.approved_by, "rules": ("BD-11",)}]


@_decider(cmd.RecordResistance, ev.InspectionResisted)
def _resisted(
    record: CampaignRecord | None, c: cmd.RecordResistance, judge: Judge, _: GradingFacts
) -> list[dict[str, Any]]:
    _role(judge, c, "BD-13", Role.SUPERVISOR, Role.AUTHORITY)
    return [{"description": c.description, "rules": ("BD-13",)}]


@_decider(cmd.ReviewCredit, ev.Blacklisted)
def _review(
    record: CampaignRecord | None, c: cmd.ReviewCredit, judge: Judge, facts: GradingFacts
) -> list[dict[str, Any]]:
    assert record is not None
    _role(judge, c, "BD-13", Role.SUPERVISOR, Role.AUTHORITY, Role.SYSTEM)
    since = judge.policy.effective_from
    found: list[dict[str, Any]] = []
    if record.titled:
        for stain in title_triggers(judge, facts, record.accepted_on or since, c.on):
            if stain.source not in record.withdrawn:
                found.append(_stain(ev.TitleWithdrawn, stain.trigger, stain.source, "BD-12"))
                break  # one withdrawal: the title is gone
    for stain in blacklist_triggers(judge, facts, record.resisted_on, since, c.on):
        if stain.source not in record.blacklisted:
            found.append(_stain(ev.Blacklisted, stain.trigger, stain.source, "BD-13"))
    return found


def _stain(cls: type[ev.CampaignEvent], trigger: str, source: str, rule_id: str) -> dict[str, Any]:
    return {"type": cls, "trigger": trigger, "source": source, "rules": (rule_id,)}


__all__ = ["decide"]
