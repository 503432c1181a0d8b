"""Erqi's opinion (seed 002): delisting (摘牌收证, EQ-7) of a graded enterprise still failing a
follow-up visit (回访) after the deadline for fixing an earlier one, as a revocation trigger at
the policy seam."""

from __future__ import annotations

import pendulum

from gradingcore.i18n import msg
from gradingcore.rules._judge import Finding, Judge
from gradingcore.rules.local import at_seam
from gradingcore.state import CaseState, Grading
from gradingcore.summary import TRIGGER_FACTS


@at_seam("revocation", "EQ-7")
def still_failing(
    judge: Judge, *, state: CaseState, grading: Grading, on: pendulum.Date, **_: object
) -> list[Finding]:
    """EQ-7 as a trigger that *holds* while it has not fired: fired once a visit after the
    deadline (``fix_by``) of an earlier failed visit fails again, both while the level holds.
    A visit on the deadline itself is still within the time limit (限期)."""
    visits = [v for v in state.visits if grading.valid_from <= v.on <= on]
    again = [
        (first, later)
        for i, first in enumerate(visits)
        if not first.passed and first.fix_by is not None
        for later in visits[i + 1 :]
        if later.on > first.fix_by and not later.passed
    ]
    if not again:
        return [
            judge.finding("EQ-7", True, msg("no visit failed again after its deadline for fixing"))
        ]
    first, later = again[0]
    assert first.fix_by is not None
    return [
        judge.finding(
            "EQ-7",
            False,
            TRIGGER_FACTS["EQ-7"].bind(
                visit=later.id,
                on=later.on,
                fix_by=first.fix_by,
                earlier=first.id,
            ),
            visit=later.id,
            earlier_visit=first.id,
            fix_by=first.fix_by.isoformat(),
        )
    ]


__all__ = ["still_failing"]
