"""The official years 2004–2026, from the ``chinesecalendar`` package (module ``chinese_calendar``).

``chinese_calendar.holidays`` lists every day off for a holiday, weekends included;
``chinese_calendar.workdays`` lists the adjusted working days (调休). An :class:`OfficialYear`
needs only the off days that fall on a weekday and the adjusted working days, so the rest is
dropped. The years covered are the years in the package's data; any other year fails closed.

Nothing is read at import time: :func:`official_calendar` builds the calendar on first call and
caches it.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict

import pendulum

from gradingcore.calendar._calendar import WorkdayCalendar
from gradingcore.calendar._year import HolidayNotice, OfficialYear

#: Days where ``chinesecalendar`` departs from the State Council's notice, corrected here.
#: Each entry: day → (True if it is an adjusted working day, the notice that says so).
_ERRATA: dict[datetime.date, tuple[bool, str]] = {
    # 国办发明电〔2005〕35号 (2006 holidays), 一、元旦: "12月31日（星期六）上班". chinesecalendar
    # 1.11.0 has it as a rest day (upstream issue chinese-calendar #125).
    datetime.date(2005, 12, 31): (True, "国办发明电〔2005〕35号"),
}

#: The notices checked against their published text. Other years: notice unknown (None).
_NOTICES: dict[int, HolidayNotice] = {
    2024: HolidayNotice(
        number="国办发明电〔2023〕7号",
        issued_on=pendulum.Date(2023, 10, 25),
        title="国务院办公厅关于2024年部分节假日安排的通知",
    ),
    2025: HolidayNotice(
        number="国办发明电〔2024〕12号",
        issued_on=pendulum.Date(2024, 11, 12),
        title="国务院办公厅关于2025年部分节假日安排的通知",
    ),
    2026: HolidayNotice(
        number="国办发明电〔2025〕7号",
        issued_on=pendulum.Date(2025, 11, 4),
        title="国务院办公厅关于2026年部分节假日安排的通知",
    ),
}


def _chinesecalendar_years() -> list[OfficialYear]:
    import chinese_calendar

    version = str(getattr(chinese_calendar, "__version__", "unknown"))
    holidays: dict[datetime.date, object] = chinese_calendar.holidays
    workdays: dict[datetime.date, object] = chinese_calendar.workdays

    off: dict[int, set[datetime.date]] = defaultdict(set)
    worked: dict[int, set[datetime.date]] = defaultdict(set)
    for day in holidays:
        if day.isoweekday() < 6:  # a weekend holiday changes nothing
            off[day.year].add(day)
    for day in workdays:
        worked[day.year].add(day)
    corrected: dict[int, list[str]] = defaultdict(list)
    for day, (is_workday, notice) in _ERRATA.items():
        (worked if is_workday else off)[day.year].add(day)
        (off if is_workday else worked)[day.year].discard(day)
        corrected[day.year].append(f"{day.isoformat()} per {notice}")

    years = sorted({day.year for day in holidays} | {day.year for day in workdays})
    result = []
    for year in years:
        source = f"chinesecalendar {version}"
        if corrected[year]:
            source += "; corrected: " + ", ".join(corrected[year])
        result.append(
            OfficialYear(
                year=year,
                off_days=off[year],
                adjusted_workdays=worked[year],
                notice=_NOTICES.get(year),
                source=source,
            )
        )
    return result


@functools.cache
def official_calendar() -> WorkdayCalendar:
    """The official working-day calendar shipped with the library (2004–2026 today).

    Built from the ``chinesecalendar`` package on first call, then cached. A year it does not
    cover raises :class:`~gradingcore.errors.CalendarCoverageError` until the year's notice is
    loaded (``official_calendar().with_year_file(path)``).
    """
    return WorkdayCalendar(_chinesecalendar_years())
