"""Qinyang's plan (seed 000, a draft): the level-3 window (QY-7) as a rule function at the
policy seam."""

from __future__ import annotations

import pendulum

from gradingcore.levels import Level
from gradingcore.policy._model import month_day
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.local import at_seam


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
            f"level-3 applications are made by {last.isoformat()} each year"
            + ("" if holds else f": {on.isoformat()} is too late; apply from January next year"),
            apply_by=last.isoformat(),
            on=on.isoformat(),
        )
    ]


__all__ = ["day_of_year", "level3_window"]
