"""What a simulation did: its cases by status, level and industry, its refusals by rule id,
the events it recorded and how fast."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import attrs
import pendulum

from gradingcore.levels import Level
from gradingcore.state import CaseState
from gradingcore.values import CaseKey
from gradingcore.views import Status, status_on

#: A cell of the summary: a status, the level held (graded) or sought (otherwise; None for an
#: enterprise that never applied) and an industry.
Cell = tuple[Status, Level | None, str]


@attrs.frozen(kw_only=True, hash=False)
class Summary:
    """The outcome of ``simulate``: equal for equal seeds and parameters (the timing aside)."""

    seed: int
    enterprises: int
    years: int
    start: pendulum.Date
    end: pendulum.Date
    policy: str | None
    #: Enterprises by (status on ``end``, level, industry); they add up to ``enterprises``.
    cases: Mapping[Cell, int]
    #: Refused commands by the rule ids their refusals name (a refusal may name several).
    refusals: Mapping[str, int]
    #: Events recorded, by event type.
    events_by_type: Mapping[str, int]
    commands: int
    refused: int
    events: int
    #: Cases opened in the store (an enterprise's case opens with its first command).
    opened: int
    #: A graded case with a long history, to show as an example (None if no case is graded).
    example: CaseKey | None
    elapsed_seconds: float = attrs.field(eq=False, default=0.0)

    @property
    def events_per_second(self) -> float:
        return self.events / self.elapsed_seconds if self.elapsed_seconds else 0.0

    def count(
        self, status: Status | None = None, level: Level | None = None, industry: str | None = None
    ) -> int:
        """Enterprises in the cells that match every criterion given."""
        return sum(
            n
            for (s, lv, ind), n in self.cases.items()
            if (status is None or s == status)
            and (level is None or lv == level)
            and (industry is None or ind == industry)
        )

    def by_status(self) -> dict[Status, int]:
        totals: Counter[Status] = Counter()
        for (status, _, _), n in self.cases.items():
            totals[status] += n
        return dict(sorted(totals.items(), key=lambda kv: list(Status).index(kv[0])))

    def by_industry(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for (_, _, industry), n in self.cases.items():
            totals[industry] += n
        return dict(totals.most_common())


def cell(state: CaseState | None, industry: str, on: pendulum.Date) -> Cell:
    """Where an enterprise's case stands on ``on``: its status, the level it holds (graded) or
    last sought, and its industry."""
    if state is None:
        return Status.NEW, None, industry
    status = status_on(state, on)
    grading = state.level_on(on)
    if grading is not None:
        return status, grading.level, industry
    if state.application is not None:
        return status, state.application.level, industry
    last = state.grading
    return status, last.level if last else None, industry


def ordered_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Most frequent first, ties by name: a stable order for equal runs."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


__all__ = ["Cell", "Summary", "cell", "ordered_counts"]
