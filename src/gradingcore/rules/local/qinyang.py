"""Qinyang's plan (seed 000, a draft): the level-3 window and the year's due date (QY-7), the
request to revoke after an accident (QY-12) and the yearly inspections of an enterprise not yet
standardized (QY-13), as rule functions at the policy seam."""

from __future__ import annotations

from typing import Any

import pendulum

from gradingcore.i18n import msg
from gradingcore.levels import Level
from gradingcore.policy._model import month_day
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.local import at_seam
from gradingcore.state import CaseState
from gradingcore.values import Role


def day_of_year(judge: Judge, rule_id: str, name: str, year: int) -> pendulum.Date:
    """The ``"MM-DD"`` value ``name`` of ``rule_id`` as a date of ``year``."""
    parsed = month_day(judge.value(rule_id, name))
    assert parsed is not None  # checked when the policy was loaded
    return pendulum.Date(year, *parsed)


@at_seam("apply", "QY-7")
def level3_window(judge: Judge, *, level: Level, on: pendulum.Date, **_: object) -> list[Finding]:
    """QY-7: a level-3 application reaches Jiaozuo's bureau by the end of May of its year."""
    if int(level) not in judge.value("QY-7", "levels"):
        return []
    last = day_of_year(judge, "QY-7", "apply_by", on.year)
    holds = on <= last
    return [
        judge.finding(
            "QY-7",
            holds,
            msg("level-3 applications are made by {last} each year", last=last)
            if holds
            else msg(
                "level-3 applications are made by {last} each year: {on} is too late; apply "
                "from January next year",
                last=last,
                on=on,
            ),
            apply_by=last.isoformat(),
            on=on.isoformat(),
        )
    ]


@at_seam("obligations", "QY-7")
def year_done_by(
    judge: Judge, *, state: CaseState, on: pendulum.Date, owe: Any, **_: object
) -> list[Any]:
    """QY-7: the year's level-3 grading is done by the end of November: an obligation on the
    authority while a level-3 application of that year is open."""
    app = state.application
    if app is None or not app.is_open or int(app.level) not in judge.value("QY-7", "levels"):
        return []
    due = day_of_year(judge, "QY-7", "done_by", app.applied_on.year)
    return [
        owe(
            "QY-7",
            Role.AUTHORITY,
            msg("finish the year's level-3 grading (applied {day})", day=app.applied_on),
            due,
            applied_on=app.applied_on.isoformat(),
        )
    ]


@at_seam("obligations", "QY-12")
def revocation_requested(
    judge: Judge, *, state: CaseState, on: pendulum.Date, owe: Any, **_: object
) -> list[Any]:
    """QY-12: any production-safety accident of a graded enterprise, while its level holds,
    makes Qinyang request the higher authority to revoke it; the authority still decides (the
    request stays open while the level does)."""
    grading = state.level_on(on)
    if grading is None:
        return []
    higher = judge.value("QY-12", "requested_of")
    return [
        owe(
            "QY-12",
            Role.AUTHORITY,
            msg(
                "revocation requested of {higher} after accident {incident} ({day}): decide",
                higher=higher,
                incident=incident.id,
                day=incident.on,
            ),
            incident=incident.id,
            incident_on=incident.on.isoformat(),
        )
        for incident in state.incidents
        if grading.valid_from <= incident.on <= on
    ]


@at_seam("obligations", "QY-13")
def inspections_due(
    judge: Judge, *, state: CaseState, on: pendulum.Date, owe: Any, **_: object
) -> list[Any]:
    """QY-13: an enterprise not yet standardized (holding no level on the day) is inspected at
    least ``inspections_per_year`` times a year, ``comprehensive_per_year`` of them
    comprehensively: the supervisor's obligation, open until the year's inspections are
    recorded, due on the year's last day (``year_ends``; 年度 read as the calendar year).
    Only the year of the day asked about is owed: a year gone by can no longer be made up."""
    if state.level_on(on) is not None:
        return []
    wanted = judge.value("QY-13", "inspections_per_year")
    wanted_comprehensive = judge.value("QY-13", "comprehensive_per_year")
    done = [i for i in state.inspections if i.on.year == on.year and i.on <= on]
    comprehensive = sum(1 for i in done if i.comprehensive)
    if len(done) >= wanted and comprehensive >= wanted_comprehensive:
        return []
    return [
        owe(
            "QY-13",
            Role.SUPERVISOR,
            f"inspect at least {wanted} times in {on.year}, {wanted_comprehensive} of them "
            f"comprehensively ({len(done)} recorded, {comprehensive} comprehensive)",
            day_of_year(judge, "QY-13", "year_ends", on.year),
            year=on.year,
            inspections=len(done),
            comprehensive=comprehensive,
        )
    ]


__all__ = [
    "day_of_year",
    "inspections_due",
    "level3_window",
    "revocation_requested",
    "year_done_by",
]
