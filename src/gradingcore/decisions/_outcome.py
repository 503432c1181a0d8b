"""Publicity, announcement, failure, revocation and false commitments (第七条(四)(五), 第八条,
第九条, 第十一条)."""

from __future__ import annotations

from collections.abc import Sequence

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.decisions._draft import Draft, decides
from gradingcore.facts import COMMITMENTS, Deadline
from gradingcore.i18n import msg
from gradingcore.rules import periods
from gradingcore.rules.revocation import trigger_finding
from gradingcore.state import Stage
from gradingcore.values import Role


@decides(c.ReportList, ev.ListReported)
def report_list(d: Draft, *, list_id: str) -> ev.ListReported:
    """报送名单 (``publicity.list``, 第七条(四)): the organizing unit reports the enterprise, its
    rectification confirmed, on its periodic list to the authority (decision 0017)."""
    judge = d.judge
    d.role(Role.ORGANIZING_UNIT)
    app = d.app(Stage.READY_FOR_PUBLICITY)
    d.not_before_last()
    if app.direct_renewal or app.listed_on is not None:
        why = (
            msg("not reported on a list: a direct renewal needs no list")
            if app.direct_renewal
            else msg("not reported on a list: already listed")
        )
        raise judge.refuse(why, "publicity.list")
    if not list_id.strip():
        raise judge.refuse(msg("a reported list is named by its id"), "publicity.list")
    return d.record(ev.ListReported, rules=("publicity.list",), list_id=list_id)


@decides(c.Publicize, ev.Publicized)
def publicize(
    d: Draft,
) -> ev.Publicized:
    """公示 for at least N WD from ``on`` (``publicity.duration``), of an enterprise the unit
    reported on its list (``publicity.list``) or a direct renewal the authority confirmed."""
    act, judge = d.act, d.judge
    app = d.app(Stage.READY_FOR_PUBLICITY)
    d.authority(app.level)
    d.not_before_last()
    if judge.holds("publicity.list") and not (app.direct_renewal or app.listed_on):
        raise judge.refuse(
            msg("the organizing unit has not reported the enterprise on its list to the authority"),
            "publicity.list",
        )
    complete = periods.publicity_complete(judge, act.on)
    return d.record(
        ev.Publicized,
        rules=("publicity.duration",),
        complete_on=complete,
        deadlines=(
            Deadline(
                "publicity.duration",
                complete,
                Role.AUTHORITY,
                "publicity complete; announce from the next day",
            ),
        ),
    )


@decides(c.RaiseObjection, ev.ObjectionRaised)
def raise_objection(d: Draft, *, objection_id: str, summary: str = "") -> ev.ObjectionRaised:
    """An objection received during publicity (``publicity.objection``)."""
    act, judge = d.act, d.judge
    d.role(Role.AUTHORITY)
    app = d.app(Stage.PUBLICIZED)
    d.not_before_last()
    assert app.publicized_on is not None
    assert app.publicity_complete_on is not None
    during = app.publicized_on <= act.on <= app.publicity_complete_on
    d.weigh(
        msg("objection refused"),
        [
            judge.finding(
                "publicity.objection",
                during and objection_id not in app.objections,
                msg(
                    "publicity runs {first} to {last}; objection '{id}' on {on}",
                    first=app.publicized_on,
                    last=app.publicity_complete_on,
                    id=objection_id,
                    on=act.on,
                ),
                publicized_on=app.publicized_on,
                complete_on=app.publicity_complete_on,
                on=act.on,
            )
        ],
    )
    return d.record(
        ev.ObjectionRaised,
        rules=("publicity.objection",),
        objection_id=objection_id,
        summary=summary,
    )


@decides(c.ResolveObjection, ev.ObjectionResolved)
def resolve_objection(
    d: Draft, *, objection_id: str, substantiated: bool, finding: str = ""
) -> ev.ObjectionResolved:
    """核实: a substantiated objection fails the grading (``publicity.objection``)."""
    judge = d.judge
    app = d.app(Stage.PUBLICIZED)
    d.authority(app.level)
    d.not_before_last()
    if objection_id not in app.open_objections:
        raise judge.refuse(msg("no open objection '{id}'", id=objection_id), "publicity.objection")
    return d.record(
        ev.ObjectionResolved,
        rules=("publicity.objection",),
        objection_id=objection_id,
        substantiated=substantiated,
        finding=finding,
    )


@decides(c.Announce, ev.Announced)
def announce(d: Draft, *, copied_to: Sequence[str] = ()) -> ev.Announced:
    """公告: after complete publicity with no open objection; valid for the term."""
    act, judge = d.act, d.judge
    app = d.app(Stage.PUBLICIZED)
    d.authority(app.level)
    d.not_before_last()
    assert app.publicity_complete_on is not None
    d.weigh(
        msg("announcement refused"),
        [
            judge.finding(
                "publicity.duration",
                act.on > app.publicity_complete_on,
                msg("publicity complete at the end of {day}", day=app.publicity_complete_on),
                complete_on=app.publicity_complete_on,
                on=act.on,
            ),
            judge.finding(
                "publicity.objection",
                not app.open_objections,
                msg("objections not yet verified: {ids}", ids=", ".join(app.open_objections))
                if app.open_objections
                else msg("no objection open"),
            ),
        ],
    )
    until = periods.valid_until(judge, act.on)
    copied = tuple(copied_to) or tuple(judge.value("announce.level", "copied_to"))
    return d.record(
        ev.Announced,
        rules=("announce.level", "validity.term"),
        level=app.level,
        valid_from=act.on,
        valid_until=until,
        copied_to=copied,
        deadlines=(Deadline("validity.term", until, Role.ENTERPRISE, "level expires"),),
    )


@decides(c.NotifyFailure, ev.NotPassed)
def notify_failure(d: Draft, *, reasons: Sequence[str]) -> ev.NotPassed:
    """告知未通过: in writing, with reasons (``announce.failure_notice``); starts the
    ``lockout.after_failure``. Also for rectification not done in time (``rectify.late``)."""
    act, judge = d.act, d.judge
    app = d.app(Stage.FAILED, Stage.RECTIFYING, Stage.PUBLICIZED)
    d.authority(app.level)
    d.not_before_last()
    rules = ["announce.failure_notice", *app.failure_rules]
    if app.stage is Stage.RECTIFYING:
        due = periods.rectification_due(judge, app)
        if act.on <= due:
            raise judge.refuse(
                msg("rectification is due by {due}: not late yet", due=due),
                "rectify.late",
                due=due,
                on=act.on,
            )
        rules.append("rectify.late")
        d.note(
            judge.finding(
                "rectify.deadline",
                False,
                msg(
                    "rectification due by {due} was not reported; failure notified on {on} "
                    "(rectify.late)",
                    due=due,
                    on=act.on,
                ),
                due=due,
                on=act.on,
            )
        )
    if app.stage is Stage.PUBLICIZED:
        raise judge.refuse(
            msg("only a substantiated objection fails a publicized grading"),
            "publicity.objection",
        )
    if not reasons:
        raise judge.refuse(msg("a failure notice gives its reasons"), "announce.failure_notice")
    return d.record(
        ev.NotPassed,
        rules=rules,
        reasons=tuple(reasons),
        deadlines=(
            Deadline(
                "lockout.after_failure",
                periods.lockout_ends(judge, "lockout.after_failure", act.on),
                Role.ENTERPRISE,
                "locked out through this day",
            ),
        ),
    )


@decides(c.Revoke, ev.Revoked)
def revoke(
    d: Draft,
    *,
    trigger: str,
    facts: str = "",
    copied_to: Sequence[str] = (),
) -> ev.Revoked:
    """撤销 on a trigger of 第十一条 that the recorded facts meet (``revoke.*``)."""
    act, judge = d.act, d.judge
    grading = d.state.level_on(act.on)
    if grading is None:
        raise judge.refuse(msg("no level is valid on {day}", day=act.on), "revoke.announce")
    d.authority(grading.level)
    d.not_before_last()
    finding = trigger_finding(judge, d.state, trigger, act.on)
    if finding is None:
        raise judge.refuse(
            msg("'{trigger}' is not a revocation trigger", trigger=trigger), "revoke.announce"
        )
    if finding.holds:
        raise judge.refuse(
            msg("the recorded facts do not meet {trigger}: record them first", trigger=trigger),
            trigger,
        )
    copied = tuple(copied_to) or tuple(judge.value("announce.level", "copied_to"))
    return d.record(
        ev.Revoked,
        rules=(trigger, "revoke.announce"),
        trigger=trigger,
        facts=facts or finding.message,
        copied_to=copied,
        deadlines=(
            Deadline(
                "lockout.after_revocation",
                periods.lockout_ends(judge, "lockout.after_revocation", act.on),
                Role.ENTERPRISE,
                "locked out through this day",
            ),
        ),
    )


@decides(c.FindCommitmentFalse, ev.CommitmentFoundFalse)
def find_commitment_false(
    d: Draft, *, commitment: str, finding: str = ""
) -> ev.CommitmentFoundFalse:
    """承诺不实: grading stops at once; no application accepted for the lockout."""
    act, judge = d.act, d.judge
    if commitment not in COMMITMENTS:
        raise judge.refuse(
            msg("'{commitment}' is not one of 第八条's commitments", commitment=commitment),
            "lockout.false_commitment",
            commitments=list(COMMITMENTS),
        )
    app = d.state.application
    if app is None:
        raise judge.refuse(msg("no application made a commitment"), "lockout.false_commitment")
    d.authority(app.level)
    d.not_before_last()
    return d.record(
        ev.CommitmentFoundFalse,
        rules=("lockout.false_commitment", commitment),
        commitment=commitment,
        finding=finding,
        deadlines=(
            Deadline(
                "lockout.false_commitment",
                periods.lockout_ends(judge, "lockout.false_commitment", act.on),
                Role.ENTERPRISE,
                "locked out through this day",
            ),
        ),
    )
