"""An enterprise's life as processes: seeking a level, holding it, renewing it, and every
party's steps of one application (第七条 to 第十条).

The parties act as ``_behaviour`` describes; they never check a rule before acting, except
where the rules make it their decision (the authority confirms a direct renewal when 第十条
holds). The service judges every command.
"""

from __future__ import annotations

from collections.abc import Generator
from decimal import Decimal

import attrs
import pendulum

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.facts import (
    Expert,
    ExpertDraw,
    ForceMajeure,
    Nonconformity,
    VerificationMethod,
    WorkGroup,
)
from gradingcore.levels import Level
from gradingcore.rules import direct_renewal_findings, periods
from gradingcore.simulation import _behaviour as rate
from gradingcore.simulation._population import CONSULTANCIES, person
from gradingcore.simulation._world import FirmRun, Process, Result, Step, World, ok, recorded
from gradingcore.values import Actor

#: Typical nonconformities, by element of GB/T 33000-2016 (企业安全生产标准化基本规范; the
#: clause numbers as recalled).
NONCONFORMITIES: tuple[tuple[str, str], ...] = (
    ("5.1.2", "安全生产责任制未覆盖全部岗位"),
    ("5.2.2", "安全生产规章制度未及时修订"),
    ("5.3.2", "特种作业人员证书台账不全"),
    ("5.3.2", "新员工三级安全教育记录缺失"),
    ("5.4.1", "设备设施检维修记录不完整"),
    ("5.4.2", "动火作业票审批不规范"),
    ("5.4.2", "有限空间作业未落实先通风、再检测、后作业"),
    ("5.4.4", "安全警示标志设置不全"),
    ("5.5.1", "安全风险辨识不全面"),
    ("5.5.3", "隐患排查治理台账未闭环"),
    ("5.6.2", "应急预案未按规定演练"),
    ("5.6.3", "应急物资配备不足"),
    ("5.7.2", "事故调查处理记录不完整"),
    ("5.8.1", "未按规定开展年度自评"),
)
CORRECTIONS = ("自评报告缺少主要负责人承诺书", "附件2评分表未签字", "营业执照复印件不清晰")
REJECTIONS = ("安全生产管理机构设置不符合要求", "自评报告与企业实际不符")

# --- An enterprise's life: seeking, holding and renewing a level ----------------------------------


def life(w: World, run: FirmRun) -> Process:
    """Year after year: without a level, perhaps seek one; with one, keep it and renew it."""
    day = w.start
    tried = False
    while day <= w.end:
        yield day
        state = run.state
        grading = state.level_on(day) if state else None
        if grading is None:
            outcome, day = yield from seek(w, run, day, tried)
            tried = tried or outcome is not None
        else:
            day = yield from hold(w, run, day)


def _next_season(day: pendulum.Date) -> pendulum.Date:
    return pendulum.Date(day.year + 1, 1, 1)


def seek(
    w: World, run: FirmRun, day: pendulum.Date, tried: bool
) -> Generator[Step, Result, tuple[str | None, pendulum.Date]]:
    """One year's try for a first level (or again after a failure): returns how it ended
    (None: did not try) and the day to go on from."""
    b, rng, firm = w.behaviour, run.rng, run.firm
    year_index = day.year - w.start.year
    chance = b.retry_rate if tried else b.uptake(year_index, firm.above_size, firm.industry)
    if rng.random() >= chance:
        return None, _next_season(day)
    intent = rng.random() < (
        b.level_2_intent_above_size if firm.above_size else b.level_2_intent_small
    )
    level = Level.LEVEL_2 if intent else Level.LEVEL_3
    window = rate.SELF_EVALUATION_WINDOW_LEVEL_2 if intent else rate.SELF_EVALUATION_WINDOW_LEVEL_3
    first = max(day, pendulum.Date(day.year, *rate.SELF_EVALUATION_WINDOW_FROM))
    on = w.workday_between(first, pendulum.Date(day.year, *window), rng)
    if on is None or not _governed(w, run, level, on):
        return None, _next_season(day)
    score = _score(b.self_score(rng, above_size=firm.above_size, graded=False))
    claimed = _claim(w, run, level, score, on)
    if claimed is None:
        # Not ready: the self-evaluation is recorded (claiming level 3), no application.
        yield from self_evaluate(w, run, on, score, Level.LEVEL_3)
        return "not ready", _next_season(day)
    level = claimed
    evaluated = yield from self_evaluate(w, run, on, score, level)
    if evaluated is None:
        return "stalled", _next_season(day)
    apply_on = w.wd(evaluated.publicity_complete_on, rate.APPLY_AFTER_PUBLICITY_WD, rng)
    by = rate.LEVEL_2_APPLY_BY if level is Level.LEVEL_2 else rate.LEVEL_3_APPLY_BY
    if apply_on > pendulum.Date(day.year, *by) or not _governed(w, run, level, apply_on):
        return "missed the window", _next_season(day)
    outcome, last = yield from application(w, run, level, apply_on, renewal=False)
    return outcome, (last if outcome == "announced" else _next_season(last))


def _claim(w: World, run: FirmRun, level: Level, score: Decimal, on: pendulum.Date) -> Level | None:
    """The level a self-evaluation claims: the one aimed at if the score reaches the score the
    simulated teams find it met at (``VERDICT_SCORE``, an assumption), else level 3 if it
    reaches that, else none (not ready to apply)."""
    for candidate in (level, Level.LEVEL_3):
        if score >= w.behaviour.verdict_score[candidate]:
            return candidate
    return None


def _governed(w: World, run: FirmRun, level: Level, on: pendulum.Date) -> bool:
    """Whether an application on ``on`` is one the run simulates (``policy`` restricts it)."""
    return w.policy is None or w.policy_for(run, level, on).id == w.policy


def _score(value: float) -> Decimal:
    """A score on the 0-100 scale, to half a point."""
    return Decimal(round(min(max(value, 0.0), 100.0) * 2)) / 2


def self_evaluate(
    w: World, run: FirmRun, on: pendulum.Date, score: Decimal, level: Level
) -> Generator[Step, Result, ev.SelfEvaluated | None]:
    """自评, perhaps with a mistake first (refused, then redone a few days later)."""
    rng = run.rng
    principal = person(rng)
    consultants = (rng.choice(CONSULTANCIES),) if rng.random() < w.behaviour.consultant_rate else ()
    if rng.random() < w.behaviour.self_evaluation_mistake_rate:
        wrong = WorkGroup(person(rng), leader_is_principal=False, employee_representatives=2)
        yield w.command(
            run,
            c.SelfEvaluate,
            w.enterprise(run),
            on,
            score=score,
            claimed_level=level,
            workgroup=wrong,
            consultants=consultants,
        )
        on = w.wd(on, rate.REDO_WD, rng)
    group = WorkGroup(
        principal, leader_is_principal=True, employee_representatives=rng.randint(1, 4)
    )
    result = yield w.command(
        run,
        c.SelfEvaluate,
        w.enterprise(run),
        on,
        score=score,
        claimed_level=level,
        workgroup=group,
        consultants=consultants,
    )
    return recorded(result, ev.SelfEvaluated) if ok(result) else None


def hold(w: World, run: FirmRun, day: pendulum.Date) -> Generator[Step, Result, pendulum.Date]:
    """Keep a level: self-evaluate every year, renew in the window; returns the first day
    without a valid level (revoked or expired), or the day a renewal was announced."""
    b, rng = w.behaviour, run.rng
    assert run.state is not None
    grading = run.state.level_on(day)
    assert grading is not None
    judge = w.judge(run, day)
    opens = periods.renewal_window_opens(judge, grading.valid_until)
    renew = rng.random() < b.renewal_rate
    renewal_self_evaluation = opens.subtract(days=rng.randint(*rate.RENEWAL_SELF_EVALUATION_DAYS))
    last = max([grading.valid_from, *(s.on for s in run.state.self_evaluations)])
    while True:
        annual = w.workday_on_or_after(
            last.add(days=rng.randint(*rate.ANNUAL_SELF_EVALUATION_DAYS))
        )
        if renew and annual >= renewal_self_evaluation:
            break
        if annual > grading.valid_until:
            return grading.valid_until.add(days=1)
        yield annual
        if not _still_valid(run, annual, grading.valid_from):
            return annual
        last = annual
        if rng.random() < b.annual_self_evaluation_rate:
            score = _score(b.self_score(rng, above_size=run.firm.above_size, graded=True))
            yield from self_evaluate(w, run, annual, score, grading.level)
    on = w.workday_on_or_after(max(renewal_self_evaluation, w.today))
    yield on
    if not _still_valid(run, on, grading.valid_from):
        return on
    level = grading.level
    if level is Level.LEVEL_3 and run.firm.above_size and rng.random() < b.upgrade_rate:
        level = Level.LEVEL_2
    score = _score(b.self_score(rng, above_size=run.firm.above_size, graded=True))
    level = _claim(w, run, level, score, on) or grading.level
    evaluated = yield from self_evaluate(w, run, on, score, level)
    if evaluated is None:
        return grading.valid_until.add(days=1)
    apply_on = w.workday_on_or_after(
        max(
            opens.add(days=rng.randint(*rate.RENEWAL_APPLY_DAYS)),
            evaluated.publicity_complete_on.add(days=1),
        )
    )
    if apply_on > grading.valid_until or not _governed(w, run, level, apply_on):
        return grading.valid_until.add(days=1)
    outcome, last_day = yield from application(w, run, level, apply_on, renewal=True)
    if outcome == "announced":
        return last_day
    # The old level runs out; the enterprise seeks one again the year after.
    return max(grading.valid_until.add(days=1), last_day)


def _still_valid(run: FirmRun, day: pendulum.Date, valid_from: pendulum.Date) -> bool:
    state = run.state
    now = state.level_on(day) if state else None
    return now is not None and now.valid_from == valid_from


# --- One application, from submission to its outcome -------------------------------------------


def application(
    w: World, run: FirmRun, level: Level, on: pendulum.Date, *, renewal: bool
) -> Generator[Step, Result, tuple[str, pendulum.Date]]:
    """Apply, then every party's steps to the announcement or the failure notice. Returns the
    outcome ("announced", "not passed", "rejected", "refused", "stalled") and its day."""
    b, rng = w.behaviour, run.rng
    policy = w.policy_for(run, level, on)
    ent, unit = w.enterprise(run), w.unit(run, level)
    authority = w.authority(run, level, policy)
    if level is Level.LEVEL_2 and rng.random() < b.application_mistake_rate:
        yield w.command(run, c.Apply, ent, on, level=level, reported_to_city=False)
        on = w.wd(on, (1, 1), rng)
    if not ok((yield w.command(run, c.Apply, ent, on, level=level))):
        return "refused", on
    applied = on
    # Intake (第七条(二)).
    if rng.random() < b.correction_request_rate:
        on = w.wd(applied, rate.CORRECTION_NOTICE_WD, rng)
        items = tuple(rng.sample(CORRECTIONS, rng.randint(1, 2)))
        if not ok((yield w.command(run, c.RequestCorrection, unit, on, items=items))):
            return "stalled", on
        on = w.wd(on, rate.RESUBMIT_WD, rng)
        if not ok((yield w.command(run, c.Resubmit, ent, on))):
            return "stalled", on
        audit = rate.AUDIT_WD
    elif rng.random() < b.explicit_acceptance_rate:
        on = w.wd(applied, rate.ACCEPT_WD, rng)
        if not ok((yield w.command(run, c.Accept, unit, on))):
            return "stalled", on
        audit = rate.AUDIT_WD
    else:
        audit = rate.DEEMED_AUDIT_WD
    late = rng.random() < b.late_audit_rate
    on = w.wd(on, rate.AUDIT_LATE_WD if late and audit == rate.AUDIT_WD else audit, rng)
    if rng.random() < b.rejection_rate:
        result = yield w.command(run, c.Reject, unit, on, reasons=(rng.choice(REJECTIONS),))
        return ("rejected" if ok(result) else "stalled"), on
    if not ok((yield w.command(run, c.Forward, unit, on, opinion="符合申请条件"))):
        return "stalled", on
    # Confirmation: a direct renewal when 第十条 holds, else a review (第七条(三), 第十条).
    on = w.wd(on, rate.ORDER_REVIEW_WD, rng)
    yield on
    if renewal and _direct_renewal(w, run, on):
        if not ok((yield w.command(run, c.ConfirmDirectRenewal, authority, on))):
            return "stalled", on
        ready = on
    else:
        if not ok((yield w.command(run, c.OrderReview, authority, on))):
            return "stalled", on
        reviewed = yield from review(w, run, level, on, authority)
        if isinstance(reviewed, tuple):
            return reviewed
        ready = reviewed
    return (yield from publicity(w, run, ready, authority))


def _direct_renewal(w: World, run: FirmRun, on: pendulum.Date) -> bool:
    """The authority's check of 第十条 (one of its own decisions): all of (一)-(七) hold."""
    assert run.state is not None
    findings = direct_renewal_findings(w.judge(run, on), run.state, on, standards_revised=False)
    return all(f.holds for f in findings)


def _team(w: World, run: FirmRun, on: pendulum.Date, *, mistake: bool) -> tuple[Expert, ...]:
    """A team of 3-5 from the city's pool: one leader, at least one with process background.
    A mistaken team has an expert short of years, one who served the enterprise within the
    year, or only two members."""
    rng = run.rng
    pool = w.experts(run.firm.city)
    leaders = [e for e in pool if e.leader]
    members = [e for e in pool if not e.leader]  # already not leaders: no copies to make
    size = rng.choice((3, 3, 3, 4, 5))
    chosen = rng.sample(members, size - 1)
    if not any(e.process_background for e in chosen):
        chosen[0] = rng.choice([e for e in members if e.process_background])
    team = [rng.choice(leaders), *chosen]
    if mistake:
        kind = rng.randrange(3)
        app = run.state.application if run.state else None
        if kind == 0 and app is not None and app.level is Level.LEVEL_2:
            team[-1] = attrs.evolve(team[-1], safety_work_years=3)  # HN 第十四条: 二级 only
        elif kind == 0:
            team[-1] = attrs.evolve(team[-1], consulted_enterprise=True)
        elif kind == 1:
            team[-1] = attrs.evolve(team[-1], last_safety_service_on=on.subtract(days=120))
        else:
            team = team[:2]
    return tuple(team)


def review(
    w: World, run: FirmRun, level: Level, on: pendulum.Date, authority: Actor
) -> Generator[Step, Result, pendulum.Date | tuple[str, pendulum.Date]]:
    """The team, the on-site review, the rectification and its check. Returns the day the case
    is ready for publicity, or how it ended and when."""
    b, rng = w.behaviour, run.rng
    unit, team = w.unit(run, level), w.team_actor(run)
    on = w.wd(on, rate.FORM_TEAM_WD, rng)
    draw = ExpertDraw("省安全生产专家库", reference=f"抽取-{on}")
    if rng.random() < b.team_mistake_rate:
        mistaken = _team(w, run, on, mistake=True)
        yield w.command(run, c.FormReviewTeam, unit, on, experts=mistaken, draw=draw)
        on = w.wd(on, (1, 1), rng)
    team_of = _team(w, run, on, mistake=False)
    if not ok((yield w.command(run, c.FormReviewTeam, unit, on, experts=team_of, draw=draw))):
        return "stalled", on
    on = w.wd(on, rate.REVIEW_WD, rng)
    assert run.state is not None
    evaluated = run.state.self_evaluations[-1].score
    score = _score(float(evaluated) - rng.gauss(*b.review_score_drop))
    hazard = rng.random() < b.major_hazard_in_review_rate
    count = rng.choices(
        range(len(b.nonconformity_count_weights)), weights=b.nonconformity_count_weights
    )[0]
    found = tuple(
        Nonconformity(
            f"N{n}", *rng.choice(NONCONFORMITIES), veto=n == 1 and rng.random() < b.veto_item_rate
        )
        for n in range(1, count + 1)
    )
    # The team's verdict (是否达到拟申请等级): met from the simulated teams' score, unless a
    # veto item failed.
    level_met = score >= b.verdict_score[level] and not any(n.veto for n in found)
    result = yield w.command(
        run,
        c.RecordReview,
        team,
        on,
        score=score,
        nonconformities=found,
        major_hazard_found=hazard,
        level_met=level_met,
    )
    if not ok(result):
        return "stalled", on
    reviewed: ev.Reviewed = recorded(result, ev.Reviewed)
    if hazard or not reviewed.level_met:
        reason = "现场评审发现重大事故隐患" if hazard else "现场评审未达到申请等级"
        return (yield from fail(w, run, w.wd(on, rate.NOTIFY_FAILURE_WD, rng), authority, reason))
    if not found:
        return on
    due = next(d.due for d in reviewed.deadlines if d.rule_id == "rectify.deadline")
    if rng.random() < b.extension_rate:
        asked = w.wd(on, (5, 15), rng)
        if asked <= due:
            result = yield w.command(
                run,
                c.ExtendRectification,
                authority,
                asked,
                workdays=rng.randint(*rate.EXTENSION_WORKDAYS),
                reason=rng.choice((ForceMajeure.NATURAL_DISASTER, ForceMajeure.EPIDEMIC)),
            )
            if ok(result):
                extended = recorded(result, ev.RectificationExtended)
                due = extended.deadlines[0].due
                on = asked
    in_time = rng.random() < b.rectification_on_time_rate
    fixes = sorted(filter(None, (w.workday_between(on.add(days=1), due, rng) for _ in found)))
    if not in_time or not fixes:
        # Half the nonconformities fixed in time, the rest tried late: refused (rectify.deadline).
        for nc, fixed_on in zip(found[: len(found) // 2], fixes, strict=False):
            yield w.command(
                run, c.FixNonconformity, w.enterprise(run), fixed_on, nonconformity_id=nc.id
            )
        late_try = w.wd(due, rate.RECTIFY_LATE_WD, rng)
        pending = found[len(found) // 2]
        yield w.command(
            run, c.FixNonconformity, w.enterprise(run), late_try, nonconformity_id=pending.id
        )
        notice = w.wd(late_try, rate.NOTIFY_FAILURE_WD, rng)
        return (yield from fail(w, run, notice, authority, "未在规定期限内完成整改"))
    for nc, fixed_on in zip(found, fixes, strict=True):
        if not ok(
            (
                yield w.command(
                    run,
                    c.FixNonconformity,
                    w.enterprise(run),
                    fixed_on,
                    nonconformity_id=nc.id,
                    evidence="整改照片及记录",
                )
            )
        ):
            return "stalled", fixed_on
    if not ok((yield w.command(run, c.ReportRectification, w.enterprise(run), fixes[-1]))):
        return "stalled", fixes[-1]
    late = rng.random() < b.late_verification_rate
    on = w.wd(fixes[-1], rate.VERIFY_LATE_WD if late else rate.VERIFY_WD, rng)
    passed = rng.random() >= b.verification_failure_rate
    method = rng.choice((VerificationMethod.WRITTEN, VerificationMethod.ON_SITE))
    if not ok(
        (yield w.command(run, c.VerifyRectification, team, on, passed=passed, method=method))
    ):
        return "stalled", on
    if not passed:
        return (
            yield from fail(
                w, run, w.wd(on, rate.NOTIFY_FAILURE_WD, rng), authority, "整改复核不合格"
            )
        )
    return on


def publicity(
    w: World, run: FirmRun, ready: pendulum.Date, authority: Actor
) -> Generator[Step, Result, tuple[str, pendulum.Date]]:
    """公示 (perhaps with an objection), then 公告 once it is complete (第七条(四)(五))."""
    b, rng = w.behaviour, run.rng
    on = w.wd(ready, rate.PUBLICIZE_WD, rng)
    app = run.state.application if run.state else None
    if app is not None and not app.direct_renewal:
        # 第七条(四): the unit reports the enterprise on its periodic list first.
        listed = yield w.command(
            run, c.ReportList, w.unit(run, app.level), on, list_id=f"{on:%Y-%m}"
        )
        if not ok(listed):
            return "stalled", on
    result = yield w.command(run, c.Publicize, authority, on)
    if not ok(result):
        return "stalled", on
    complete = recorded(result, ev.Publicized).complete_on
    last = complete
    if rng.random() < b.objection_rate:
        raised = w.wd(on, rate.OBJECTION_WD, rng)
        if raised <= complete:
            if not ok(
                (
                    yield w.command(
                        run,
                        c.RaiseObjection,
                        authority,
                        raised,
                        objection_id="O1",
                        summary="群众来信反映现场管理问题",
                    )
                )
            ):
                return "stalled", raised
            resolved = w.wd(raised, rate.RESOLVE_OBJECTION_WD, rng)
            substantiated = rng.random() < b.objection_substantiated_rate
            if not ok(
                (
                    yield w.command(
                        run,
                        c.ResolveObjection,
                        authority,
                        resolved,
                        objection_id="O1",
                        substantiated=substantiated,
                    )
                )
            ):
                return "stalled", resolved
            if substantiated:
                return (
                    yield from fail(
                        w,
                        run,
                        w.wd(resolved, rate.NOTIFY_FAILURE_WD, rng),
                        authority,
                        "公示期间反映问题经核实属实",
                    )
                )
            last = max(last, resolved)
    on = w.workday_on_or_after(last.add(days=rng.randint(*rate.ANNOUNCE_DAYS)))
    result = yield w.command(run, c.Announce, authority, on)
    return ("announced" if ok(result) else "stalled"), on


def fail(
    w: World, run: FirmRun, on: pendulum.Date, authority: Actor, reason: str
) -> Generator[Step, Result, tuple[str, pendulum.Date]]:
    """告知未通过, in writing with the reason (``announce.failure_notice``)."""
    result = yield w.command(run, c.NotifyFailure, authority, on, reasons=(reason,))
    return ("not passed" if ok(result) else "stalled"), on


__all__ = ["application", "hold", "life", "seek"]
