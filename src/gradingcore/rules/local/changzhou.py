"""Changzhou's scheme (seed 003): the municipal recognition (CZ-7) and the gate for new
level-1/2 applications (CZ-8), as rule functions at the policy seam."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

import attrs
import pendulum

from gradingcore.facts import Expert
from gradingcore.i18n import msg
from gradingcore.levels import Level
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.local import at_seam
from gradingcore.state import CaseState

#: The recognition's two grades (CZ-7): 达标企业 (qualified) and 标杆企业 (benchmark).
RecognitionGrade = Literal["达标企业", "标杆企业"]


@attrs.frozen
class Recognition:
    """Changzhou's recognition of an enterprise from a review's score (a city's list, not a
    level): which grade, from which score, reviewed when."""

    grade: RecognitionGrade
    score: Decimal
    reviewed_on: pendulum.Date
    finding: Finding


def recognition(judge: Judge, state: CaseState) -> Recognition | None:
    """CZ-7: the recognition the case's latest review earns (None below the qualified score, or
    with no review yet), judged over the grading case's own events."""
    reviews = [
        (app.reviewed_on, app.score)
        for app in (*state.past_applications, state.application)
        if app is not None and app.reviewed_on is not None and app.score is not None
    ]
    if not reviews:
        return None
    reviewed_on, score = max(reviews, key=lambda r: r[0])
    qualified = judge.value("CZ-7", "qualified_min")
    benchmark = judge.value("CZ-7", "benchmark_min")
    if score < qualified:
        return None
    grade: RecognitionGrade = "标杆企业" if score >= benchmark else "达标企业"
    finding = judge.finding(
        "CZ-7",
        True,
        msg(
            "review score {score} makes a {grade} (达标 from {qualified}, 标杆 from {benchmark})",
            score=score,
            grade=grade,
            qualified=qualified,
            benchmark=benchmark,
        ),
        score=str(score),
        grade=grade,
    )
    return Recognition(grade, score, reviewed_on, finding)


def earlier_certificate(state: CaseState) -> Level | None:
    """The best level 1 or 2 the enterprise was ever graded at in this case (原证书), if any."""
    levels = [g.level for g in state.gradings if g.level in (Level.LEVEL_1, Level.LEVEL_2)]
    return min(levels) if levels else None


@at_seam("apply", "CZ-8")
def new_level_gate(
    judge: Judge, *, state: CaseState, level: Level, on: pendulum.Date, **_: object
) -> list[Finding]:
    """CZ-8: without an earlier level-1/2 certificate, a new level-1 application needs a score
    of at least ``level_1_min`` and a new level-2 one at least ``level_2_min`` (the latest
    self-evaluation's, on which the application rests)."""
    if level is Level.LEVEL_3:
        return []
    held = earlier_certificate(state)
    if held is not None:
        return [
            judge.finding(
                "CZ-8",
                True,
                msg("not a new application: the enterprise was graded {level} before", level=held),
                earlier_level=int(held),
            )
        ]
    least = judge.value("CZ-8", "level_1_min" if level is Level.LEVEL_1 else "level_2_min")
    done = [s for s in state.self_evaluations if s.on <= on]
    score = done[-1].score if done else None
    holds = score is not None and score >= least
    shown = msg("no self-evaluation") if score is None else msg("score {score}", score=score)
    return [
        judge.finding(
            "CZ-8",
            holds,
            msg(
                "a new {level} application without an earlier level-1/2 certificate needs a "
                "score of at least {least}: {shown}",
                level=level,
                least=least,
                shown=shown,
            ),
            level=int(level),
            score=None if score is None else str(score),
            least=least,
        )
    ]


#: The five elements of 五落实 as the policy names them, and the hazard record's fields.
_FIVE = {
    "责任": "responsibility",
    "措施": "measures",
    "资金": "funds",
    "期限": "time_limit",
    "应急预案": "contingency_plan",
}


@at_seam("hazard", "CZ-4")
def five_in_place(judge: Judge, *, in_place: dict[str, str], **_: object) -> list[Finding]:
    """CZ-4: a hazard is fixed under the 五落实, every one of the policy's five in place; an
    incomplete record is refused naming what is missing."""
    wanted = judge.value("CZ-4", "five_in_place")
    missing = [name for name in wanted if not in_place.get(_FIVE.get(name, name), "")]
    return [
        judge.finding(
            "CZ-4",
            not missing,
            msg("the five in place (五落实): missing {missing}", missing="、".join(missing))
            if missing
            else msg("the five in place (五落实): all recorded"),
            missing=missing,
        )
    ]


@at_seam("team", "CZ-9")
def reviewer_pool(judge: Judge, *, experts: Sequence[Expert], **_: object) -> list[Finding]:
    """CZ-9: only members of the city's reviewer pool (评定人员库) review; every expert of the
    team must be one."""
    pool = judge.value("CZ-9", "pool")
    outside = [e.name for e in experts if pool not in e.pools]
    return [
        judge.finding(
            "CZ-9",
            not outside,
            msg("every expert a member of {pool}", pool=pool)
            if not outside
            else msg("not members of {pool}: {names}", pool=pool, names="、".join(outside)),
            outside=outside,
        )
    ]


__all__ = [
    "Recognition",
    "earlier_certificate",
    "five_in_place",
    "new_level_gate",
    "recognition",
    "reviewer_pool",
]
