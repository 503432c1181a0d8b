"""Shortcuts for the procedure tests: bring a case to a stage on a chosen day.

Every step before the one under test is taken on the same day (allowed: steps follow one
another in business time, and a day may hold several), after a self-evaluation 30 calendar days
earlier, whose 10 WD of internal publicity are then complete even across the Spring Festival.
The authority is the one of the level in Henan (the harness's enterprises are in 410882, Jiaozuo):
the province for level 2, the city for level 3.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.facts import Nonconformity, WorkGroup
from gradingcore.rules import Obligation
from gradingcore.service import Outcome
from gradingcore.values import Actor
from tests.case.harness import CITY, ENTERPRISE, PROVINCE, TEAM, UNIT, Case, D, team

AUTHORITY_OF_LEVEL: dict[int, Actor] = {2: PROVINCE, 3: CITY}
WORKGROUP = WorkGroup("张建国", leader_is_principal=True, employee_representatives=2)


def self_evaluation(**changes: Any) -> dict[str, Any]:
    """The payload of a SelfEvaluate: 82 points claiming level 2, the principal leading a work
    group with employee representatives; ``changes`` replace or add fields."""
    return {"score": Decimal(82), "claimed_level": 2, "workgroup": WORKGROUP, **changes}


def nonconformities(*ids: str, veto: bool = False) -> tuple[Nonconformity, ...]:
    """Nonconformities with the given ids, as a review report lists them."""
    return tuple(Nonconformity(i, "5.1", "安全生产台账不全", veto=veto) for i in ids)


def applied(case: Case, on: str, level: int = 2) -> None:
    """Self-evaluated 30 days before ``on`` (claiming ``level``), applied on ``on``."""
    case.self_evaluate(str(D(on).subtract(days=30)), level)
    case.run(c.Apply, on, ENTERPRISE, level=level)


def accepted(case: Case, on: str, level: int = 2) -> None:
    """Applied and explicitly accepted on ``on``."""
    applied(case, on, level)
    case.run(c.Accept, on, UNIT)


def forwarded(case: Case, on: str, level: int = 2) -> None:
    """Applied, accepted and forwarded to the authority on ``on``."""
    accepted(case, on, level)
    case.run(c.Forward, on, UNIT, opinion="符合申请条件")


def ordered(case: Case, on: str, level: int = 2) -> None:
    """Forwarded and the review ordered by the level's authority on ``on``."""
    forwarded(case, on, level)
    case.run(c.OrderReview, on, AUTHORITY_OF_LEVEL[level])


def team_formed(case: Case, on: str, level: int = 2) -> None:
    """The review ordered and a qualified team of three formed on ``on``."""
    ordered(case, on, level)
    case.run(c.FormReviewTeam, on, UNIT, experts=team())


def reviewed(
    case: Case,
    on: str,
    level: int = 2,
    *,
    score: int | str = 80,
    found: tuple[str, ...] = ("N1",),
    level_met: bool = True,
) -> None:
    """Reviewed on ``on`` (the report received that day) with nonconformities ``found`` and the
    team's verdict ``level_met`` (是否达到拟申请等级)."""
    team_formed(case, on, level)
    case.run(
        c.RecordReview,
        on,
        TEAM,
        score=Decimal(score),
        nonconformities=nonconformities(*found),
        level_met=level_met,
    )


def publicized(case: Case, on: str, level: int = 2) -> None:
    """Reviewed with no nonconformity and publicized by the level's authority on ``on``."""
    reviewed(case, on, level, score=90, found=())
    case.run(c.ReportList, on, UNIT, list_id="名单-1")
    case.run(c.Publicize, on, AUTHORITY_OF_LEVEL[level])


def rectified(case: Case, on: str, level: int = 2) -> None:
    """Reviewed with one nonconformity, fixed and reported on ``on``."""
    reviewed(case, on, level)
    case.run(c.FixNonconformity, on, ENTERPRISE, nonconformity_id="N1")
    case.run(c.ReportRectification, on, ENTERPRISE)


def owed(case: Case, on: str, rule_id: str) -> Obligation:
    """The one open obligation under ``rule_id`` in the case's view on ``on``."""
    found = [o for o in case.service.view(case.key, D(on)).obligations if o.rule_id == rule_id]
    assert len(found) == 1, f"{rule_id} owed {len(found)} times on {on}"
    return found[0]


def owed_ids(case: Case, on: str) -> list[str]:
    """The rule ids of every obligation open on ``on``."""
    return [o.rule_id for o in case.service.view(case.key, D(on)).obligations]


E = TypeVar("E", bound=ev.CaseEvent)


def recorded(outcome: Outcome, cls: type[E]) -> E:
    """The last event a command recorded, which must be a ``cls``."""
    event = outcome.events[-1]
    assert isinstance(event, cls), f"{event.name} recorded, not {cls.__name__}"
    return event


def last_event(case: Case, cls: type[E]) -> E:
    """The last event stored on the case, which must be a ``cls``."""
    event = case.service.history(case.key)[-1]
    assert isinstance(event, cls), f"{event.name} stored last, not {cls.__name__}"
    return event
