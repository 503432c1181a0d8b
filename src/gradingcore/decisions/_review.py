"""Confirmation, the review team, the review and rectification (第七条(三), 第十三至十五条)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pendulum

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.decisions._draft import Draft, decides
from gradingcore.facts import (
    Deadline,
    Expert,
    ExpertDraw,
    ForceMajeure,
    Nonconformity,
    VerificationMethod,
)
from gradingcore.i18n import msg
from gradingcore.policy._model import as_date
from gradingcore.rules import (
    direct_renewal_findings,
    periods,
    score_in_range,
    team_findings,
    verdict_finding,
)
from gradingcore.state import Stage
from gradingcore.values import Role, money


@decides(c.OrderReview, ev.ReviewOrdered)
def order_review(
    d: Draft,
) -> ev.ReviewOrdered:
    """确认: the authority confirms the forwarded report and orders the review."""
    app = d.app(Stage.FORWARDED)
    d.authority(app.level)
    d.not_before_last()
    return d.record(ev.ReviewOrdered, rules=("review.confirmation",))


@decides(c.ConfirmDirectRenewal, ev.DirectRenewalConfirmed)
def confirm_direct_renewal(
    d: Draft, *, standards_revised: bool = False
) -> ev.DirectRenewalConfirmed:
    """第十条: a renewal of the same level goes straight to publicity when (一)-(七) hold."""
    act, judge = d.act, d.judge
    app = d.app(Stage.FORWARDED)
    d.authority(app.level)
    d.not_before_last()
    findings = d.weigh(
        msg("direct renewal refused"),
        direct_renewal_findings(judge, d.state, act.on, standards_revised=standards_revised),
    )
    return d.record(
        ev.DirectRenewalConfirmed,
        rules=tuple(f.rule_id for f in findings),
        standards_revised=standards_revised,
    )


@decides(c.FormReviewTeam, ev.ReviewTeamFormed)
def form_review_team(
    d: Draft,
    *,
    experts: Sequence[Expert],
    organizing_unit_consulted: bool = False,
    organizing_unit_served_on: pendulum.Date | None = None,
    draw: ExpertDraw | None = None,
) -> ev.ReviewTeamFormed:
    """现场评审组: size, expertise, qualification and independence, all checked; the random
    draw from the provincial pool (HN 第六条) is recorded on the event."""
    act, judge = d.act, d.judge
    d.role(Role.ORGANIZING_UNIT)
    app = d.app(Stage.REVIEW_ORDERED)
    d.not_before_last()
    served = None if organizing_unit_served_on is None else as_date(organizing_unit_served_on)
    findings = d.weigh(
        msg("review team refused"),
        team_findings(
            judge,
            d.state,
            app.level,
            experts,
            act.on,
            organizing_unit_consulted=organizing_unit_consulted,
            organizing_unit_served_on=served,
            draw=draw,
        ),
    )
    return d.record(
        ev.ReviewTeamFormed,
        rules=tuple(f.rule_id for f in findings),
        experts=tuple(experts),
        organizing_unit_consulted=organizing_unit_consulted,
        organizing_unit_served_on=served,
        draw=draw,
    )


@decides(c.RecordReview, ev.Reviewed)
def record_review(
    d: Draft,
    *,
    score: Decimal | int | str,
    nonconformities: Sequence[Nonconformity] = (),
    major_hazard_found: bool = False,
    level_met: bool = True,
    received_on: pendulum.Date | None = None,
) -> ev.Reviewed:
    """现场评审报告: the team's verdict whether the applied level is met (是否达到拟申请等级,
    附件2) is recorded, checked against a failed veto item and the policy's threshold for the
    industry where it holds one (``score.level_threshold``, decision 0013); not met, or a major
    hazard (``review.major_hazard``), fails the review at once. Rectification runs from
    ``received_on``, the day the enterprise received the report (default: its date; 0018)."""
    act, judge = d.act, d.judge
    d.role(Role.REVIEW_TEAM)
    app = d.app(Stage.TEAM_FORMED)
    d.not_before_last()
    score = money(score)
    ids = [n.id for n in nonconformities]
    received = act.on if received_on is None else as_date(received_on)
    industry = d.state.enterprise.industry
    d.weigh(
        msg("review report refused"),
        [
            score_in_range(judge, score),
            judge.finding(
                "review.report",
                len(set(ids)) == len(ids),
                msg("nonconformity ids are unique"),
                ids=ids,
            ),
            verdict_finding(judge, app.level, industry, score, nonconformities, level_met),
        ],
    )
    if received < act.on:
        raise judge.refuse(
            msg(
                "the report of {on} cannot have been received on {received}, before it",
                on=act.on,
                received=received,
            ),
            "rectify.deadline",
            received_on=received,
            report_on=act.on,
        )
    rules = ["review.report", "score.range", "score.level_threshold"]
    if major_hazard_found:
        rules.append("review.major_hazard")
    deadlines: tuple[Deadline, ...] = ()
    if nonconformities and level_met and not major_hazard_found:
        due = periods.within_workdays_after(judge, "rectify.deadline", received)
        deadlines = (Deadline("rectify.deadline", due, Role.ENTERPRISE, "fix and report"),)
    return d.record(
        ev.Reviewed,
        rules=rules,
        deadlines=deadlines,
        score=score,
        nonconformities=tuple(nonconformities),
        major_hazard_found=major_hazard_found,
        level_met=level_met,
        # Recorded only when given: None reads as the report's own date (decision 0018), as
        # on the events written before the field existed.
        received_on=None if received_on is None else received,
    )


@decides(c.ExtendRectification, ev.RectificationExtended)
def extend_rectification(
    d: Draft,
    *,
    workdays: int,
    reason: ForceMajeure | str,
    explanation: str = "",
) -> ev.RectificationExtended:
    """``rectify.extension``: on force majeure, once, by at most N WD, before the deadline."""
    act, judge = d.act, d.judge
    app = d.app(Stage.RECTIFYING)
    d.authority(app.level)
    d.not_before_last()
    rule = "rectify.extension"
    most = judge.value(rule, "max_workdays")
    times = judge.value(rule, "max_times")
    due = periods.rectification_due(judge, app)
    d.weigh(
        msg("extension refused"),
        [
            judge.finding(
                rule,
                0 < workdays <= most,
                msg("{workdays} WD asked, at most {most}", workdays=workdays, most=most),
                workdays=workdays,
                max_workdays=most,
            ),
            judge.finding(
                rule,
                app.extensions < times,
                msg(
                    "{n} extension(s) granted already, at most {times}",
                    n=app.extensions,
                    times=times,
                ),
                extensions=app.extensions,
            ),
            judge.finding(
                rule,
                act.on <= due,
                msg("asked {on}, deadline {due}", on=act.on, due=due),
                due=due,
            ),
        ],
    )
    extended = periods.within_workdays_after(
        judge,
        "rectify.deadline",
        periods.rectification_start(app),
        extra=app.extension_workdays + workdays,
    )
    return d.record(
        ev.RectificationExtended,
        rules=(rule,),
        workdays=workdays,
        reason=ForceMajeure(reason),
        explanation=explanation,
        deadlines=(Deadline("rectify.deadline", extended, Role.ENTERPRISE, "fix and report"),),
    )


def _in_time(
    d: Draft,
) -> None:
    act, judge = d.act, d.judge
    app = d.app(Stage.RECTIFYING)
    d.not_before_last()
    due = periods.rectification_due(judge, app)
    if act.on > due:
        raise judge.refuse(
            msg(
                "rectification was due by {due}; {on} is late (it counts as failed: rectify.late)",
                due=due,
                on=act.on,
            ),
            "rectify.deadline",
            due=due,
            on=act.on,
        )


@decides(c.FixNonconformity, ev.NonconformityFixed)
def fix_nonconformity(
    d: Draft, *, nonconformity_id: str, evidence: str = ""
) -> ev.NonconformityFixed:
    """One nonconformity fixed, within the rectification period."""
    judge = d.judge
    d.role(Role.ENTERPRISE)
    _in_time(d)
    app = d.state.application
    assert app is not None
    if nonconformity_id not in app.unfixed:
        known = nonconformity_id in {n.id for n in app.nonconformities}
        raise judge.refuse(
            msg("nonconformity '{id}' is already fixed", id=nonconformity_id)
            if known
            else msg("nonconformity '{id}' is not in the review report", id=nonconformity_id),
            "rectify.deadline",
            nonconformity_id=nonconformity_id,
        )
    return d.record(
        ev.NonconformityFixed,
        rules=("rectify.deadline",),
        nonconformity_id=nonconformity_id,
        evidence=evidence,
    )


@decides(c.ReportRectification, ev.RectificationReported)
def report_rectification(
    d: Draft,
) -> ev.RectificationReported:
    """整改报告: every nonconformity fixed and reported in writing, in time."""
    act, judge = d.act, d.judge
    d.role(Role.ENTERPRISE)
    _in_time(d)
    app = d.state.application
    assert app is not None
    if app.unfixed:
        raise judge.refuse(
            msg("not fixed yet: {ids}", ids=", ".join(app.unfixed)),
            "rectify.deadline",
            unfixed=list(app.unfixed),
        )
    due = periods.within_workdays_after(judge, "rectify.verification", act.on)
    return d.record(
        ev.RectificationReported,
        rules=("rectify.deadline",),
        deadlines=(Deadline("rectify.verification", due, Role.REVIEW_TEAM, "verify"),),
    )


@decides(c.VerifyRectification, ev.RectificationVerified)
def verify_rectification(
    d: Draft,
    *,
    passed: bool,
    method: VerificationMethod | str = VerificationMethod.WRITTEN,
) -> ev.RectificationVerified:
    """整改确认 within N WD (``rectify.verification``); late is recorded as a breach."""
    act, judge = d.act, d.judge
    d.role(Role.REVIEW_TEAM)
    app = d.app(Stage.RECTIFICATION_REPORTED)
    d.not_before_last()
    due = periods.verification_due(judge, app)
    late = act.on > due
    d.note(
        judge.finding(
            "rectify.verification",
            not late,
            msg("due by {due}, verified on {on}", due=due, on=act.on),
            due=due,
            on=act.on,
        )
    )
    return d.record(
        ev.RectificationVerified,
        rules=("rectify.verification",),
        breaches=("rectify.verification",) if late else (),
        passed=passed,
        method=VerificationMethod(method),
    )
