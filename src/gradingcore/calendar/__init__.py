"""The official working-day calendar of mainland China and the period arithmetic built on it.

Rules (``rules.md``, "Counting time"):

* ``calendar.official``: working days follow the State Council's yearly holiday notice;
  a computation needing a year without official data fails with
  :class:`~gradingcore.errors.CalendarCoverageError` naming the year.
* ``period.workdays``: "within N working days of X" and "not less than N working days".
* ``period.civil_code``: periods in years, months and days under the Civil Code, articles
  201–203.

See ``docs/calendar.md``.
"""

from __future__ import annotations

from gradingcore.calendar._calendar import NOTICE_CITATION, WorkdayCalendar
from gradingcore.calendar._dates import days_after
from gradingcore.calendar._files import load_year_file
from gradingcore.calendar._official import official_calendar
from gradingcore.calendar._periods import (
    civil_deadline,
    civil_period_end,
    not_less_than_workdays,
    within_workdays,
)
from gradingcore.calendar._year import HolidayNotice, OfficialYear

__all__ = [
    "NOTICE_CITATION",
    "HolidayNotice",
    "OfficialYear",
    "WorkdayCalendar",
    "civil_deadline",
    "civil_period_end",
    "days_after",
    "load_year_file",
    "not_less_than_workdays",
    "official_calendar",
    "within_workdays",
]
