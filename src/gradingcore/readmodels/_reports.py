"""The monthly statistics form (工贸企业安全生产标准化月度报表, the attachment of 二七安监管
[2016]8号) and the quarterly ranking of townships (same document, 六(四)), from the ``monthly``
view.

Counts, per industry row and level, for the cases of the unit (a township, or a region):

- 当月完成: announced (公告) in the month at that level;
- 累计完成: announced at that level on or before the month's last day, so this month's
  cumulative is last month's plus this month's;
- 正在评审: applications for that level past intake (accepted, or resubmitted after a
  correction) on the month's last day and not yet decided then (announced, not passed,
  rejected or terminated).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs
import pendulum

from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg
from gradingcore.policy import Level
from gradingcore.readmodels._base import View, iso, region_pattern

#: The form's rows, in its order (the attachment of 二七安监管[2016]8号).
FORM_ROWS: tuple[str, ...] = ("冶金", "机械", "轻工", "有色", "纺织", "建材", "商贸", "烟草")
TOTAL_ROW = "合计"
#: The form's columns under each level.
COLUMNS: tuple[str, ...] = ("当月完成", "累计完成", "正在评审")
LEVELS: tuple[Level, ...] = (Level.LEVEL_1, Level.LEVEL_2, Level.LEVEL_3)


@attrs.frozen
class FormRow:
    """One row: for each level (一级, 二级, 三级) completed this month, cumulative, under review."""

    industry: str
    counts: tuple[int, ...]  # 9 numbers: level 1's three columns, then level 2's, then 3's

    def cell(self, level: Level, column: str) -> int:
        return self.counts[LEVELS.index(level) * 3 + COLUMNS.index(column)]


@attrs.frozen
class MonthlyForm:
    unit: str  # the township (乡镇/街道) or region reported on
    year: int
    month: int
    rows: tuple[FormRow, ...]  # the eight industries, then 合计

    @property
    def total(self) -> FormRow:
        return self.rows[-1]

    def row(self, industry: str) -> FormRow:
        return next(r for r in self.rows if r.industry == industry)


def month_bounds(year: int, month: int) -> tuple[pendulum.Date, pendulum.Date]:
    if not 1 <= month <= 12:
        raise InvalidInput(
            msg("month {month}: give 1 to 12", month=month), facts={"field": "month"}
        )
    first = pendulum.date(year, month, 1)
    return first, first.end_of("month")


def _unit(township: str | None, region: str | None) -> tuple[str, list[Any], str]:
    if township:
        return "e.township = ?", [township], township
    if region:
        return "e.region LIKE ?", [region_pattern(region)], region
    raise InvalidInput(msg("give a township or a region"), facts={"field": "township"})


def _counts(
    view: View, where: str, params: list[Any], start: pendulum.Date, end: pendulum.Date
) -> tuple[Counter[tuple[str, int]], Counter[tuple[str, int]], Counter[tuple[str, int]]]:
    done = view.query(
        "SELECT e.industry, d.level, d.on_day FROM rm_monthly_done d "
        f"JOIN rm_monthly_enterprise e ON e.case_id = d.case_id WHERE {where} AND d.on_day <= ?",
        [*params, iso(end)],
    )
    first = iso(start) or ""
    this_month = Counter((i, lv) for i, lv, on in done if on >= first)
    cumulative = Counter((i, lv) for i, lv, _ in done)
    review = view.query(
        "SELECT e.industry, r.level FROM rm_monthly_review r "
        f"JOIN rm_monthly_enterprise e ON e.case_id = r.case_id WHERE {where} "
        "AND r.intake_on <= ? AND (r.closed_on IS NULL OR r.closed_on > ?)",
        [*params, iso(end), iso(end)],
    )
    return this_month, cumulative, Counter((i, lv) for i, lv in review)


def monthly_form(
    view: View, year: int, month: int, *, township: str | None = None, region: str | None = None
) -> MonthlyForm:
    start, end = month_bounds(year, month)
    where, params, unit = _unit(township, region)
    this_month, cumulative, review = _counts(view, where, params, start, end)
    rows = []
    for industry in FORM_ROWS:
        counts: list[int] = []
        for level in LEVELS:
            key = (industry, int(level))
            counts += [this_month[key], cumulative[key], review[key]]
        rows.append(FormRow(industry, tuple(counts)))
    total = tuple(sum(column) for column in zip(*(r.counts for r in rows), strict=True))
    return MonthlyForm(unit, year, month, (*rows, FormRow(TOTAL_ROW, total)))


@attrs.frozen
class RankedTownship:
    """A township's standing in a quarter: ranked by enterprises graded in the quarter, then by
    the cumulative count, then by its code or name."""

    rank: int
    township: str
    completed: int  # announced in the quarter
    cumulative: int  # announced on or before the quarter's last day
    under_review: int  # on the quarter's last day


def quarterly_ranking(view: View, year: int, quarter: int, region: str) -> list[RankedTownship]:
    if not 1 <= quarter <= 4:
        raise InvalidInput(
            msg("quarter {quarter}: give 1 to 4", quarter=quarter), facts={"field": "quarter"}
        )
    start = pendulum.date(year, 3 * quarter - 2, 1)
    end = pendulum.date(year, 3 * quarter, 1).end_of("month")
    rows = view.query(
        "SELECT DISTINCT e.township FROM rm_monthly_enterprise e "
        "WHERE e.region LIKE ? AND e.township IS NOT NULL",
        [region_pattern(region)],
    )
    standings = []
    industries = ",".join("?" * len(FORM_ROWS))
    for (township,) in rows:
        where = f"e.township = ? AND e.industry IN ({industries})"
        month, cumulative, review = _counts(view, where, [township, *FORM_ROWS], start, end)
        standings.append(
            (township, sum(month.values()), sum(cumulative.values()), sum(review.values()))
        )
    standings.sort(key=lambda s: (-s[1], -s[2], s[0]))
    return [RankedTownship(i + 1, *s) for i, s in enumerate(standings)]
