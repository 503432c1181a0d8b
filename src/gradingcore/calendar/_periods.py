"""Periods and deadlines: the rules ``period.workdays`` and ``period.civil_code``.

Every function returns the *last day* of the period or time limit. That day counts in full
(until 24:00, Asia/Shanghai): an act done on it is in time, an act done the next day is late.
"""

from __future__ import annotations

import calendar as _gregorian

import pendulum

from gradingcore.calendar._calendar import WorkdayCalendar
from gradingcore.calendar._dates import DateLike, as_date, days_after
from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg


def within_workdays(cal: WorkdayCalendar, start: DateLike, n: int) -> pendulum.Date:
    """The deadline of "within ``n`` working days of ``start``" (rule ``period.workdays``).

    ``start`` is not counted; the deadline is the ``n``-th working day after it. Done on that
    day: in time; done the next day: late. Example: 20 WD after 2024-09-20 is 2024-10-23.
    """
    return cal.add_workdays(start, n)


def not_less_than_workdays(cal: WorkdayCalendar, start: DateLike, n: int) -> pendulum.Date:
    """The day a period of "not less than ``n`` working days from ``start``" is complete
    (rule ``period.workdays``).

    ``start`` counts if it is a working day; the period is complete at the end of its
    ``n``-th working day, the day returned. What the period guards (an application after
    publicity, say) may happen from the next calendar day on, not on the day returned.
    """
    day = as_date(start, "start")
    return cal.add_workdays(days_after(day, -1), n)


def _check_amounts(years: int, months: int, days: int) -> None:
    for name, value in (("years", years), ("months", months), ("days", days)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(
                msg("{field} must be an int, not {value}", field=name, value=repr(value)),
                facts={"field": name},
            )
        if value < 0:
            raise InvalidInput(
                msg("{field} must not be negative: {value}", field=name, value=value),
                facts={name: value, "field": name},
            )


def civil_period_end(
    start: DateLike, *, years: int = 0, months: int = 0, days: int = 0
) -> pendulum.Date:
    """The last day of a period under the Civil Code (rule ``period.civil_code``).

    民法典 第二百零一条: the day the period starts from is not counted. 第二百零二条: a period in
    years or months ends on the corresponding day of the last month, or on that month's last
    day where there is none. A period in days ends ``days`` days after ``start``. Years and
    months are applied first, then days.

    This is for validities and lockouts, which are never stretched over a holiday: a level
    announced 2024-10-12 is valid through 2027-10-12 (``years=3``); an enterprise told
    2024-06-15 that it failed is locked out through 2025-06-15 (``years=1``) and may apply
    from 2025-06-16. 2024-02-29 plus one year ends 2025-02-28. Needs no calendar.
    """
    _check_amounts(years, months, days)
    day = as_date(start, "start")
    total = day.month - 1 + months + 12 * years
    year, month = day.year + total // 12, total % 12 + 1
    last = _gregorian.monthrange(year, month)[1]
    end = pendulum.Date(year, month, min(day.day, last))
    return end.add(days=days) if days else end


def civil_deadline(
    cal: WorkdayCalendar, start: DateLike, *, years: int = 0, months: int = 0, days: int = 0
) -> pendulum.Date:
    """The last day of a time limit *for doing something* (rule ``period.civil_code``).

    Computed like :func:`civil_period_end`; then, by 民法典 第二百零三条, if that day is not
    a working day (a statutory holiday or a rest day), the last day is the next working day.
    Validities and lockouts use :func:`civil_period_end` and are never stretched.
    """
    end = civil_period_end(start, years=years, months=months, days=days)
    return cal.next_workday(end)
