"""Self-evaluation, application and intake (第七条(一)(二), 第八条)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.decisions._draft import Draft, decides
from gradingcore.facts import COMMITMENTS, Channel, Deadline, WorkGroup, YearStatistics
from gradingcore.i18n import msg, msg_plural
from gradingcore.policy import Level
from gradingcore.rules import (
    application_findings,
    periods,
    score_in_range,
)
from gradingcore.state import Application, Stage
from gradingcore.values import Role, money


@decides(c.SelfEvaluate, ev.SelfEvaluated)
def self_evaluate(
    d: Draft,
    *,
    score: Decimal | int | str,
    claimed_level: Level | int,
    workgroup: WorkGroup,
    publicity_from: object = None,
    consultants: Sequence[str] = (),
    deductions: Sequence[str] = (),
) -> ev.SelfEvaluated:
    """自评: ``selfeval.workgroup``, ``selfeval.consultants``, ``selfeval.publicity``."""
    act, judge = d.act, d.judge
    d.role(Role.ENTERPRISE)
    d.not_before_last()
    score = money(score)
    led = workgroup.leader_is_principal and workgroup.employee_representatives > 0
    d.weigh(
        msg("self-evaluation refused"),
        [
            score_in_range(judge, score),
            judge.finding(
                "selfeval.workgroup",
                led,
                msg("led by the principal, with employee representatives")
                if led
                else msg(
                    "the work group must be led by the principal and include employee "
                    "representatives"
                ),
                leader_is_principal=workgroup.leader_is_principal,
                employee_representatives=workgroup.employee_representatives,
            ),
        ],
    )
    start = publicity_from or act.on
    complete = periods.selfeval_publicity_complete(judge, start)  # type: ignore[arg-type]
    return d.record(
        ev.SelfEvaluated,
        rules=("selfeval.workgroup", "selfeval.consultants", "selfeval.publicity"),
        score=score,
        claimed_level=Level(claimed_level),
        publicity_from=start,
        publicity_complete_on=complete,
        workgroup=workgroup,
        consultants=tuple(consultants),
        deductions=tuple(deductions),
    )


@decides(c.Apply, ev.Applied)
def apply(
    d: Draft,
    *,
    level: Level | int,
    commitments: Sequence[str] = COMMITMENTS,
    reported_to_city: bool = True,
    statistics: Sequence[YearStatistics] = (),
    channel: Channel | str = Channel.ONLINE,
) -> ev.Applied:
    """申请: every rule of 第八条 and the lockouts, all at once (``application_findings``)."""
    act, judge = d.act, d.judge
    d.role(Role.ENTERPRISE)
    d.not_before_last()
    level = Level(level)
    findings = d.weigh(
        msg("application for {level} refused", level=Level(level)),
        application_findings(
            judge,
            d.state,
            level,
            act.on,
            commitments=commitments,
            reported_to_city=reported_to_city,
            statistics=statistics,
            channel=Channel(channel),
        ),
    )
    latest = max(s.version for s in d.state.self_evaluations if s.on <= act.on)
    held = d.state.level_on(act.on)
    # Applying for a higher level than the one held is a new grading, not a renewal (0016).
    renewal = held is not None and level >= held.level
    pending = Application(level=level, applied_on=act.on, self_evaluation=latest)
    return d.record(
        ev.Applied,
        rules=tuple(f.rule_id for f in findings),
        deadlines=(
            Deadline(
                "intake.correction",
                periods.correction_due(judge, pending),
                Role.ORGANIZING_UNIT,
                "correction notice, or deemed accepted",
            ),
        ),
        level=level,
        commitments=tuple(commitments),
        self_evaluation=latest,
        reported_to_city=reported_to_city,
        renewal=renewal,
        statistics=tuple(statistics),
        channel=Channel(channel),
    )


@decides(c.RequestCorrection, ev.CorrectionRequested)
def request_correction(d: Draft, *, items: Sequence[str]) -> ev.CorrectionRequested:
    """补正: one notice listing every item, within N WD of receipt (``intake.correction``)."""
    act, judge = d.act, d.judge
    d.role(Role.ORGANIZING_UNIT)
    app = d.app(Stage.SUBMITTED)
    d.not_before_last()
    due = periods.correction_due(judge, app)
    d.weigh(
        msg("correction request refused"),
        [
            judge.finding(
                "intake.correction",
                act.on <= due and bool(items),
                msg("due by {due}, sent {on}", due=due, on=act.on)
                if items
                else msg("a notice must list the items"),
                due=due,
                on=act.on,
                items=len(items),
            )
        ],
    )
    return d.record(ev.CorrectionRequested, rules=("intake.correction",), items=tuple(items))


@decides(c.Resubmit, ev.Resubmitted)
def resubmit(
    d: Draft,
) -> ev.Resubmitted:
    """The enterprise resubmits the corrected report; the audit period starts again."""
    act, judge = d.act, d.judge
    d.role(Role.ENTERPRISE)
    d.app(Stage.AWAITING_CORRECTION)
    d.not_before_last()
    due = periods.audit_due_after(judge, act.on)
    return d.record(
        ev.Resubmitted,
        rules=("intake.audit",),
        deadlines=(Deadline("intake.audit", due, Role.ORGANIZING_UNIT, "audit and forward"),),
    )


@decides(c.Accept, ev.ApplicationAccepted)
def accept(
    d: Draft,
) -> ev.ApplicationAccepted:
    """受理: explicit within the correction period; after it, deemed as of receipt."""
    act, judge = d.act, d.judge
    d.role(Role.ORGANIZING_UNIT, Role.SYSTEM)
    app = d.app(Stage.SUBMITTED)
    d.not_before_last()
    if act.on <= periods.correction_due(judge, app):
        if act.actor.role is Role.SYSTEM:
            raise judge.refuse(
                msg(
                    "not yet deemed accepted: the unit may send a correction notice through {due}",
                    due=periods.correction_due(judge, app),
                ),
                "intake.deemed_acceptance",
                deemed_from=periods.deemed_acceptance_from(judge, app),
                on=act.on,
            )
        return _accepted(d, app, deemed=False)
    return _accepted(d, app, deemed=True)


def _accepted(d: Draft, app: Application, *, deemed: bool) -> ev.ApplicationAccepted:
    act, judge = d.act, d.judge
    on = app.applied_on if deemed else act.on
    due = periods.correction_due(judge, app)
    d.note(
        judge.finding(
            "intake.correction",
            True,
            msg(
                "no notice within the period: deemed accepted as of receipt "
                "(intake.deemed_acceptance)"
            )
            if deemed
            else msg("accepted on {on}, within the period ending {due}", on=act.on, due=due),
            due=due,
            on=on,
        )
    )
    return d.record(
        ev.ApplicationAccepted,
        on=on,
        deemed=deemed,
        rules=("intake.deemed_acceptance",) if deemed else ("intake.correction",),
        deadlines=(
            Deadline(
                "intake.audit",
                periods.audit_due_after(judge, on),
                Role.ORGANIZING_UNIT,
                "audit, then forward or reject",
            ),
        ),
    )


def _audited(
    d: Draft,
) -> tuple[str, ...]:
    """Accept by deeming if the unit skipped it; say whether the audit came late."""
    act, judge = d.act, d.judge
    d.role(Role.ORGANIZING_UNIT)
    app = d.app(Stage.SUBMITTED, Stage.ACCEPTED)
    d.not_before_last()
    if app.stage is Stage.SUBMITTED:
        if act.on <= periods.correction_due(judge, app):
            raise judge.refuse(
                msg("accept the application (or let the correction period pass) before auditing"),
                "procedure.order",
            )
        _accepted(d, app, deemed=True)
        app = d.state.application  # type: ignore[assignment]
    due = periods.audit_due(judge, app)
    late = act.on > due
    d.note(
        judge.finding(
            "intake.audit",
            not late,
            msg_plural(
                "due by {due}, done on {on}, {n} day late",
                "due by {due}, done on {on}, {n} days late",
                (act.on - due).in_days(),
                due=due,
                on=act.on,
            )
            if late
            else msg("due by {due}, done on {on}", due=due, on=act.on),
            due=due,
            on=act.on,
        )
    )
    return ("intake.audit",) if late else ()


@decides(c.Forward, ev.ApplicationForwarded)
def forward(d: Draft, *, opinion: str = "") -> ev.ApplicationForwarded:
    """报送: forwarded to the authority with the unit's opinion (``intake.audit``)."""
    breaches = _audited(d)
    return d.record(
        ev.ApplicationForwarded,
        rules=("intake.audit",),
        breaches=breaches,
        opinion=opinion,
    )


@decides(c.Reject, ev.ApplicationRejected)
def reject(d: Draft, *, reasons: Sequence[str]) -> ev.ApplicationRejected:
    """Not forwarded: the enterprise is told in writing with reasons (``intake.audit``)."""
    judge = d.judge
    if not reasons:
        raise judge.refuse(msg("a rejection must give its reasons"), "intake.audit")
    breaches = _audited(d)
    return d.record(
        ev.ApplicationRejected,
        rules=("intake.audit",),
        breaches=breaches,
        reasons=tuple(reasons),
    )
