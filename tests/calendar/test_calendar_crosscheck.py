"""Cross-check of the official calendar against the independent `holidays` package.

`holidays.country_holidays("CN")` (class `holidays.China`; holidays 0.109 installed) encodes
every State Council notice since 2001: the holidays, their substitute days, and the weekend days
worked (`weekend_workdays`, used by `is_working_day`). So both the off days and the adjusted
working days can be compared, day by day, for every year 2004–2026.

Known exceptions are listed below with the reason; the comparison is otherwise exact.
"""

from __future__ import annotations

import datetime

import chinese_calendar
import holidays
import pytest

from gradingcore.calendar import official_calendar

YEARS = range(2004, 2027)
CAL = official_calendar()

#: Adjusted working days where chinesecalendar (raw) and holidays disagree, and who is right.
#: 2005-12-31 (Saturday) was worked: the notice for 2006 (国办发明电〔2005〕35号), item 一、元旦,
#: says "12月31日（星期六）上班". holidays has it; chinesecalendar 1.11.0 does not (upstream
#: issue chinese-calendar #125). gradingcore corrects it (see _official._ERRATA), so the
#: comparison of gradingcore's calendar with holidays below has no exception at all.
CHINESECALENDAR_MISSING_ADJUSTED = {datetime.date(2005, 12, 31)}


def china(year: int) -> holidays.HolidayBase:
    # The adjacent years are populated too: a substitution announced in next year's notice
    # (e.g. Saturday 2005-12-31 worked for New Year 2006) lands in this year.
    return holidays.country_holidays("CN", years=(year - 1, year, year + 1))


def days_of(year: int) -> list[datetime.date]:
    first = datetime.date(year, 1, 1)
    return [
        first + datetime.timedelta(days=i)
        for i in range((datetime.date(year + 1, 1, 1) - first).days)
    ]


class TestAgainstHolidaysPackage:
    def test_holidays_package_supports_weekend_workdays(self) -> None:
        """The installed holidays knows China's adjusted working days (e.g. Sunday 2024-09-29)."""
        cn = china(2024)
        assert datetime.date(2024, 9, 29) in cn.weekend_workdays
        assert cn.is_working_day(datetime.date(2024, 9, 29))
        assert "public" in cn.supported_categories

    @pytest.mark.parametrize("year", YEARS)
    def test_weekday_public_holidays_agree(self, year: int) -> None:
        """chinesecalendar and holidays list the same public holidays on weekdays, no exception."""
        cn = china(year)
        theirs = {d for d in cn if d.year == year and d.weekday() < 5}
        ours_raw = {d for d in chinese_calendar.holidays if d.year == year and d.weekday() < 5}
        assert ours_raw == theirs

    @pytest.mark.parametrize("year", YEARS)
    def test_adjusted_workdays_agree(self, year: int) -> None:
        """chinesecalendar and holidays list the same weekend working days, save the known gap."""
        cn = china(year)
        theirs = {d for d in cn.weekend_workdays if d.year == year}
        ours_raw = {d for d in chinese_calendar.workdays if d.year == year}
        missing = {d for d in CHINESECALENDAR_MISSING_ADJUSTED if d.year == year}
        # Exact except for the listed days (which pass whether or not upstream fixes them).
        assert ours_raw | missing == theirs

    @pytest.mark.rule("calendar.official")
    @pytest.mark.parametrize("year", YEARS)
    def test_every_day_agrees_with_gradingcore(self, year: int) -> None:
        """gradingcore's calendar and holidays agree on every single day of every year."""
        cn = china(year)
        disagree = [d for d in days_of(year) if CAL.is_workday(d) != cn.is_working_day(d)]
        assert disagree == []

    @pytest.mark.rule("calendar.official")
    @pytest.mark.parametrize("year", YEARS)
    def test_year_data_matches_holidays(self, year: int) -> None:
        """The year's weekday off days and adjusted working days equal holidays' sets."""
        cn = china(year)
        official = CAL.year(year)
        assert official.weekday_off_days == {d for d in cn if d.year == year and d.weekday() < 5}
        assert official.adjusted_workdays == {d for d in cn.weekend_workdays if d.year == year}
