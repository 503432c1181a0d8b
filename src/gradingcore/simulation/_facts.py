"""What the supervisors record, as processes: inspections (hazards, penalties), accidents and
rarer facts, each followed by the authority's check of the revocation triggers (第十一条).
"""

from __future__ import annotations

import math
import random
from decimal import Decimal
from typing import Any

import pendulum

from gradingcore import commands as c
from gradingcore.calendar import days_after
from gradingcore.facts import IncidentGrade, LicenceLoss, Reporting
from gradingcore.rules import revocation_triggers
from gradingcore.simulation import _behaviour as rate
from gradingcore.simulation._behaviour import incident_grade
from gradingcore.simulation._world import FirmRun, Process, World, ok

HAZARDS = ("消防通道堵塞", "电气线路老化", "防护栏缺失", "压力容器超期未检", "粉尘清扫不及时")
MAJOR_HAZARDS = ("涉爆粉尘除尘系统不符合标准", "有限空间作业未审批", "危险化学品储存超量")


def facts(w: World, run: FirmRun) -> Process:
    """Each year, plan the enterprise's inspections and accidents and its rarer facts, each a
    process of its own."""
    b, rng, firm = w.behaviour, run.rng, run.firm
    year = w.start.year
    while year <= w.end.year:
        first = max(w.start, pendulum.Date(year, 1, 1))
        last = pendulum.Date(year, 12, 31)
        yield first
        graded = run.state is not None and run.state.level_on(first) is not None
        inspections = b.inspections_graded if graded else b.inspections_ungraded
        risk = rate.INDUSTRY_RISK.get(firm.industry, 1.0)
        for _ in range(inspections):
            day = w.workday_between(first, last, rng)
            if day is None:
                continue
            if rng.random() < b.general_hazard_per_inspection:
                w.spawn(run, general_hazard(w, run, day))
            if rng.random() < b.major_hazard_per_inspection * risk:
                w.spawn(run, major_hazard(w, run, day))
            if rng.random() < b.penalty_per_inspection:
                w.spawn(run, penalty(w, run, day))
        size = 1.0 if firm.above_size else b.small_accident_factor
        if rng.random() < b.accident_rate * risk * size:
            w.spawn(run, accident(w, run, _day_in(first, last, rng)))
        for chance, make in (
            (b.dishonesty_rate, dishonesty),
            (b.major_change_rate, major_change),
            (b.social_incident_rate, social_incident),
            (b.fraud_rate, fraud),
            (b.operation_failure_rate, operation_failure),
            (b.exit_rate, leave_business),
        ):
            if rng.random() < chance:
                w.spawn(run, make(w, run, _day_in(first, last, rng)))
        year += 1


def _day_in(first: pendulum.Date, last: pendulum.Date, rng: random.Random) -> pendulum.Date:
    """Any calendar day from ``first`` through ``last``: accidents keep no office hours."""
    return first.add(days=rng.randint(0, (last - first).days))


def _fact_id(run: FirmRun, prefix: str, day: pendulum.Date) -> str:
    run.facts += 1
    return f"{prefix}-{day.format('YYYYMMDD')}-{run.facts}"


def revoke_if_due(w: World, run: FirmRun, on: pendulum.Date) -> Process:
    """The authority's check, a few working days after a fact: if a trigger of 第十一条 fires
    for the level held, it revokes the level citing it."""
    yield on
    state = run.state
    grading = state.level_on(on) if state else None
    if state is None or grading is None:
        return
    fired = revocation_triggers(w.judge(run, on), state, on)
    if not fired:
        return
    authority = w.authority(run, grading.level, w.judge(run, on).policy)
    yield w.command(run, c.Revoke, authority, on, trigger=fired[0].rule_id)


def _then_revoke(w: World, run: FirmRun, day: pendulum.Date) -> None:
    w.spawn(run, revoke_if_due(w, run, w.wd(day, rate.REVOKE_WD, run.rng)), after_exit=True)


def general_hazard(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    rng = run.rng
    yield day
    fix_by = days_after(day, rng.randint(*rate.GENERAL_HAZARD_FIX_DAYS))
    hazard_id = _fact_id(run, "H", day)
    result = yield w.command(
        run,
        c.RecordHazard,
        w.supervisor(run),
        day,
        hazard_id=hazard_id,
        major=False,
        fix_by=fix_by,
        description=rng.choice(HAZARDS),
    )
    if ok(result):
        fixed = days_after(day, rng.randint(1, (fix_by - day).days))
        w.spawn(run, _fix(w, run, fixed, hazard_id))


def major_hazard(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    """A major hazard with a deadline, fixed in time, late or never; late or never fires
    ``revoke.hazard_unfixed`` for a graded enterprise, which the authority checks after it."""
    b, rng = w.behaviour, run.rng
    yield day
    fix_by = day.add(days=rng.randint(*rate.MAJOR_HAZARD_FIX_DAYS))
    hazard_id = _fact_id(run, "MH", day)
    result = yield w.command(
        run,
        c.RecordHazard,
        w.supervisor(run),
        day,
        hazard_id=hazard_id,
        major=True,
        fix_by=fix_by,
        description=rng.choice(MAJOR_HAZARDS),
    )
    if not ok(result):
        return
    draw = rng.random()
    if draw < b.major_hazard_on_time:
        w.spawn(run, _fix(w, run, day.add(days=rng.randint(1, (fix_by - day).days)), hazard_id))
        return
    if draw < b.major_hazard_on_time + b.major_hazard_late:
        w.spawn(run, _fix(w, run, fix_by.add(days=rng.randint(5, 60)), hazard_id))
    yield from revoke_if_due(w, run, w.wd(fix_by, rate.REVOKE_WD, rng))


def _fix(w: World, run: FirmRun, day: pendulum.Date, hazard_id: str) -> Process:
    yield w.command(run, c.FixHazard, w.supervisor(run), day, hazard_id=hazard_id)


def penalty(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    major = run.rng.random() < w.behaviour.major_penalty_share
    yield day
    yield w.command(
        run,
        c.RecordPenalty,
        w.supervisor(run),
        day,
        penalty_id=_fact_id(run, "P", day),
        major=major,
        description="重大安全生产违法行为" if major else "安全生产违法行为",
    )


def accident(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    """A production-safety accident with its toll, recorded on its day; the authority then
    checks the revocation triggers (fatal, 12-month totals, concealment)."""
    b, rng = w.behaviour, run.rng
    yield day
    fatal = rng.random() < b.fatal_share
    deaths = rng.choices((1, 2, 3), weights=rate.DEATH_COUNT_WEIGHTS)[0] if fatal else 0
    injuries = rng.choices(
        range(len(rate.SERIOUS_INJURY_WEIGHTS)), weights=rate.SERIOUS_INJURY_WEIGHTS
    )[0]
    loss = Decimal(round(rate.LOSS_MEDIAN_CNY * math.exp(rng.gauss(0, rate.LOSS_SIGMA)), -2))
    reporting = Reporting.ON_TIME
    if rng.random() < b.misreported_share:
        reporting = rng.choice(
            (Reporting.CONCEALED, Reporting.LATE, Reporting.FALSE, Reporting.OMITTED)
        )
    result = yield w.command(
        run,
        c.RecordIncident,
        w.supervisor(run),
        day,
        incident_id=_fact_id(run, "A", day),
        deaths=deaths,
        serious_injuries=injuries,
        direct_loss_cny=loss,
        grade=IncidentGrade(incident_grade(deaths, injuries, loss)),
        reporting=reporting,
        description="生产安全事故",
    )
    if ok(result):
        _then_revoke(w, run, day)


def dishonesty(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    """Listed as dishonest (失信惩戒名单), then delisted a year or two later."""
    yield day
    if not ok((yield w.command(run, c.ListDishonest, w.supervisor(run), day))):
        return
    _then_revoke(w, run, day)
    off = day.add(days=run.rng.randint(*rate.DISHONESTY_LISTED_DAYS))
    yield off
    yield w.command(run, c.DelistDishonest, w.supervisor(run), off)


def _fact_then_revoke(
    w: World, run: FirmRun, day: pendulum.Date, cls: type[c.Command], **payload: Any
) -> Process:
    yield day
    if ok((yield w.command(run, cls, w.supervisor(run), day, **payload))):
        _then_revoke(w, run, day)


def major_change(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    yield day
    yield w.command(run, c.RecordMajorChange, w.supervisor(run), day, description="新建项目投产")


def social_incident(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    return _fact_then_revoke(
        w,
        run,
        day,
        c.RecordSocialIncident,
        incident_id=_fact_id(run, "S", day),
        description="群体性事件",
    )


def fraud(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    return _fact_then_revoke(w, run, day, c.RecordFraud, description="评审资料弄虚作假")


def operation_failure(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    return _fact_then_revoke(
        w, run, day, c.RecordOperationFailure, description="安全生产标准化管理体系未有效运行"
    )


def leave_business(w: World, run: FirmRun, day: pendulum.Date) -> Process:
    """The enterprise stops trading: its licence is cancelled; it takes no further step."""
    yield day
    result = yield w.command(
        run,
        c.RecordLicenceLoss,
        w.supervisor(run),
        day,
        kind=LicenceLoss.LEFT_BUSINESS,
        description="企业停产注销",
    )
    if ok(result):
        run.exited = True
        _then_revoke(w, run, day)


__all__ = ["facts", "revoke_if_due"]
