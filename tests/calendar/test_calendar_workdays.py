"""WorkdayCalendar: the official calendar, counting working days, coverage and versions."""

from __future__ import annotations

import datetime
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradingcore import CalendarCoverageError, InvalidInput
from gradingcore.calendar import (
    OfficialYear,
    WorkdayCalendar,
    load_year_file,
    official_calendar,
)

FIXTURE_2027 = Path(__file__).parent / "data" / "2027-hypothetical.toml"
CAL = official_calendar()

D = pendulum.Date

dates_2005_2025 = st.dates(
    min_value=datetime.date(2005, 1, 1), max_value=datetime.date(2025, 12, 31)
)
counts = st.integers(min_value=0, max_value=200)


def walk(cal: WorkdayCalendar, start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after start, found the slow way: day by day."""
    day = start
    while n:
        day += datetime.timedelta(days=1)
        n -= cal.is_workday(day)
    return day


class TestOfficialCalendar:
    @pytest.mark.rule("calendar.official")
    def test_covers_2004_to_2026(self) -> None:
        """The shipped calendar holds exactly the years chinesecalendar carries, 2004–2026."""
        assert CAL.years == tuple(range(2004, 2027))

    def test_is_cached(self) -> None:
        """Built once: every call returns the same object."""
        assert official_calendar() is CAL

    def test_zone(self) -> None:
        """Days are days in Beijing time."""
        assert CAL.zone == "Asia/Shanghai"

    def test_version_shape(self) -> None:
        """The version names the data family, the years and a 12-digit sha256 prefix."""
        prefix, years, algo, digest = CAL.version.split(":")
        assert (prefix, years, algo) == ("cn-official", "2004-2026", "sha256")
        assert len(digest) == 12
        int(digest, 16)

    def test_version_is_stable(self) -> None:
        """Rebuilding from the same years gives the same version; the calendars are equal."""
        rebuilt = WorkdayCalendar(reversed(list(CAL)))
        assert rebuilt.version == CAL.version
        assert rebuilt == CAL
        assert hash(rebuilt) == hash(CAL)

    @pytest.mark.rule("calendar.official")
    def test_year_records_source_and_notice(self) -> None:
        """Each year names its source; the notices of 2024–2026 are recorded."""
        assert CAL.year(2024).source.startswith("chinesecalendar ")
        notice = CAL.year(2025).notice
        assert notice is not None
        assert notice.number == "国办发明电〔2024〕12号"
        assert notice.issued_on == D(2024, 11, 12)
        assert CAL.year(2010).notice is None

    def test_weekend_holidays_are_not_listed(self) -> None:
        """Only weekday off days are kept from chinesecalendar (a weekend is off anyway)."""
        assert all(d.isoweekday() < 6 for y in CAL for d in y.off_days)

    @pytest.mark.rule("calendar.official")
    def test_erratum_2005_12_31(self) -> None:
        """Saturday 2005-12-31 was worked (国办发明电〔2005〕35号): chinesecalendar is corrected."""
        assert CAL.is_workday(D(2005, 12, 31))
        assert "2005-12-31" in CAL.year(2005).source


class TestIsWorkday:
    @pytest.mark.rule("calendar.official")
    @pytest.mark.parametrize(
        "day",
        [D(2024, 9, 29), D(2024, 10, 12), D(2024, 5, 11), D(2024, 2, 4), D(2025, 1, 26)],
    )
    def test_adjusted_weekend_days_are_working_days(self, day: pendulum.Date) -> None:
        """Weekend days worked under the notice (调休) are working days."""
        assert day.isoweekday() >= 6
        assert CAL.is_workday(day)

    @pytest.mark.rule("calendar.official")
    @pytest.mark.parametrize(
        "day", [D(2024, 10, 1), D(2024, 10, 7), D(2025, 1, 28), D(2025, 2, 4), D(2025, 5, 5)]
    )
    def test_weekday_holidays_are_off(self, day: pendulum.Date) -> None:
        """Public holidays falling on weekdays are not working days."""
        assert day.isoweekday() < 6
        assert not CAL.is_workday(day)

    @pytest.mark.rule("calendar.official")
    def test_ordinary_days(self) -> None:
        """An ordinary Monday works, an ordinary Saturday does not."""
        assert CAL.is_workday(D(2024, 9, 23))
        assert not CAL.is_workday(D(2024, 9, 21))

    def test_accepts_plain_dates(self) -> None:
        """A datetime.date works as well as a pendulum.Date."""
        assert CAL.is_workday(datetime.date(2024, 9, 29))

    def test_refuses_datetimes(self) -> None:
        """A datetime is refused: which day it is depends on the zone."""
        with pytest.raises(InvalidInput):
            CAL.is_workday(datetime.datetime(2024, 9, 29, 12, 0))

    @pytest.mark.rule("calendar.official")
    def test_uncovered_year_fails_closed(self) -> None:
        """Asking about 2027 raises CalendarCoverageError naming 2027."""
        with pytest.raises(CalendarCoverageError) as caught:
            CAL.is_workday(D(2027, 1, 4))
        assert caught.value.year == 2027


class TestAddWorkdays:
    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_over_national_day_2024(self) -> None:
        """20 WD after Friday 2024-09-20 is 2024-10-23 (National Day week, two Saturdays worked)."""
        assert CAL.add_workdays(D(2024, 9, 20), 20) == D(2024, 10, 23)

    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_over_spring_festival_2025(self) -> None:
        """20 WD after 2025-01-20 is 2025-02-21 (Spring Festival, 28 Jan – 4 Feb off)."""
        assert CAL.add_workdays(D(2025, 1, 20), 20) == D(2025, 2, 21)

    def test_zero_returns_start(self) -> None:
        """n = 0 returns the start itself, working day or not."""
        assert CAL.add_workdays(D(2024, 10, 1), 0) == D(2024, 10, 1)

    @pytest.mark.rule("period.workdays")
    def test_start_not_counted(self) -> None:
        """The first working day after a working day is the next one, not itself."""
        assert CAL.add_workdays(D(2024, 9, 23), 1) == D(2024, 9, 24)

    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_from_a_holiday(self) -> None:
        """From a holiday, the first working day is the first after the holiday."""
        assert CAL.add_workdays(D(2024, 10, 3), 1) == D(2024, 10, 8)

    def test_returns_pendulum_date(self) -> None:
        """Given a datetime.date, the result is a pendulum.Date."""
        result = CAL.add_workdays(datetime.date(2024, 9, 20), 1)
        assert type(result) is pendulum.Date

    def test_negative_is_refused(self) -> None:
        """A negative count is invalid input."""
        with pytest.raises(InvalidInput, match="negative"):
            CAL.add_workdays(D(2024, 9, 20), -1)

    def test_non_int_is_refused(self) -> None:
        """A count that is not an int is invalid input."""
        with pytest.raises(InvalidInput):
            CAL.add_workdays(D(2024, 9, 20), 2.0)  # type: ignore[arg-type]

    @pytest.mark.rule("calendar.official")
    def test_crossing_into_2027_fails_closed(self) -> None:
        """20 WD after 2026-12-20 need 2027: CalendarCoverageError(2027), calendar.official."""
        with pytest.raises(CalendarCoverageError) as caught:
            CAL.add_workdays(D(2026, 12, 20), 20)
        assert caught.value.year == 2027
        assert caught.value.rule_ids == ("calendar.official",)
        assert "2027" in str(caught.value)

    @pytest.mark.rule("calendar.official")
    def test_within_2026_still_works(self) -> None:
        """A count that ends on 2026-12-31 does not need 2027."""
        assert CAL.add_workdays(D(2026, 12, 24), 5) == D(2026, 12, 31)

    def test_start_on_last_day_of_uncovered_year(self) -> None:
        """From 2003-12-31 only 2004 is needed: 1 WD later is 2004-01-02 (1 January off)."""
        assert CAL.add_workdays(D(2003, 12, 31), 1) == D(2004, 1, 2)

    @pytest.mark.rule("calendar.official")
    def test_start_in_uncovered_year(self) -> None:
        """From a day inside 2003 the count needs 2003 and fails closed naming it."""
        with pytest.raises(CalendarCoverageError) as caught:
            CAL.add_workdays(D(2003, 12, 1), 30)
        assert caught.value.year == 2003

    @pytest.mark.rule("calendar.official")
    def test_gap_between_covered_years_fails_closed(self) -> None:
        """With 2026 and 2028 but no 2027, counting across 2027 names 2027."""
        only = WorkdayCalendar([CAL.year(2026), _empty_2028()])
        with pytest.raises(CalendarCoverageError) as caught:
            only.add_workdays(D(2026, 12, 30), 10)
        assert caught.value.year == 2027

    @pytest.mark.rule("calendar.official")
    def test_empty_calendar_fails_closed(self) -> None:
        """A calendar without years covers nothing."""
        with pytest.raises(CalendarCoverageError) as caught:
            WorkdayCalendar().add_workdays(D(2024, 1, 1), 1)
        assert caught.value.year == 2024

    @pytest.mark.rule("period.workdays")
    @settings(max_examples=60, deadline=None)
    @given(start=dates_2005_2025, n=st.integers(min_value=0, max_value=60))
    def test_agrees_with_a_day_by_day_walk(self, start: datetime.date, n: int) -> None:
        """The precomputed lookup finds the same day as walking day by day."""
        assert CAL.add_workdays(start, n) == walk(CAL, start, n)

    @given(start=dates_2005_2025, n=st.integers(min_value=1, max_value=200))
    def test_result_is_a_workday(self, start: datetime.date, n: int) -> None:
        """For n >= 1 the result is always a working day."""
        assert CAL.is_workday(CAL.add_workdays(start, n))

    @given(start=dates_2005_2025, n=counts)
    def test_monotonic_in_n(self, start: datetime.date, n: int) -> None:
        """One more working day is strictly later."""
        assert CAL.add_workdays(start, n + 1) > CAL.add_workdays(start, n)


class TestWorkdaysBetween:
    def test_known_count(self) -> None:
        """From 2024-09-20 to 2024-10-23 there are 20 WD (start excluded, end included)."""
        assert CAL.workdays_between(D(2024, 9, 20), D(2024, 10, 23)) == 20

    def test_reverse_is_negative(self) -> None:
        """Counting backwards gives the negative count."""
        assert CAL.workdays_between(D(2024, 10, 23), D(2024, 9, 20)) == -20

    def test_same_day_is_zero(self) -> None:
        """No day lies strictly after a day and up to itself."""
        assert CAL.workdays_between(D(2030, 1, 1), D(2030, 1, 1)) == 0

    @pytest.mark.rule("calendar.official")
    def test_holiday_week_is_zero(self) -> None:
        """The National Day week 2024 holds no working day."""
        assert CAL.workdays_between(D(2024, 9, 30), D(2024, 10, 7)) == 0

    def test_uncovered_year_fails_closed(self) -> None:
        """A span reaching into 2027 names 2027."""
        with pytest.raises(CalendarCoverageError) as caught:
            CAL.workdays_between(D(2026, 12, 1), D(2027, 1, 5))
        assert caught.value.year == 2027

    def test_whole_year_2024(self) -> None:
        """2024 had 251 working days: 262 weekdays, 19 of them off, 8 weekend days worked."""
        slow_count = sum(CAL.is_workday(D(2024, 1, 1).add(days=i)) for i in range(366))
        assert CAL.workdays_between(D(2023, 12, 31), D(2024, 12, 31)) == slow_count == 251

    def test_workdays_lists_the_days(self) -> None:
        """workdays() lists the days that workdays_between counts."""
        days = CAL.workdays(D(2024, 9, 27), D(2024, 10, 14))
        assert days == (
            D(2024, 9, 29),
            D(2024, 9, 30),
            D(2024, 10, 8),
            D(2024, 10, 9),
            D(2024, 10, 10),
            D(2024, 10, 11),
            D(2024, 10, 12),
            D(2024, 10, 14),
        )
        assert len(days) == CAL.workdays_between(D(2024, 9, 27), D(2024, 10, 14))

    @given(start=dates_2005_2025, n=counts)
    def test_inverse_of_add_workdays(self, start: datetime.date, n: int) -> None:
        """workdays_between(d, add_workdays(d, n)) == n."""
        assert CAL.workdays_between(start, CAL.add_workdays(start, n)) == n

    @given(a=dates_2005_2025, b=dates_2005_2025, c=dates_2005_2025)
    def test_additive(self, a: datetime.date, b: datetime.date, c: datetime.date) -> None:
        """Counts add up along the way: (a, b] + (b, c] == (a, c]."""
        assert CAL.workdays_between(a, b) + CAL.workdays_between(b, c) == CAL.workdays_between(a, c)


def _empty_2028() -> OfficialYear:
    """A made-up 2028 (no holidays at all), for calendars with a gap."""
    return OfficialYear(year=2028, off_days=[], adjusted_workdays=[], source="test")


class TestLoadingYears:
    @pytest.mark.rule("calendar.official")
    def test_2027_is_not_covered(self) -> None:
        """Today the shipped calendar has no 2027: year(2027) fails closed."""
        with pytest.raises(CalendarCoverageError) as caught:
            CAL.year(2027)
        assert caught.value.year == 2027
        assert caught.value.rule_ids == ("calendar.official",)

    @pytest.mark.rule("calendar.official")
    def test_loading_2027_makes_it_count(self) -> None:
        """After loading the (hypothetical) 2027 file, 20 WD after 2026-12-20 is 2027-01-18."""
        cal = CAL.with_year_file(FIXTURE_2027)
        assert cal.years[-1] == 2027
        assert cal.add_workdays(D(2026, 12, 20), 20) == D(2027, 1, 18)
        assert cal.workdays_between(D(2026, 12, 20), D(2027, 1, 18)) == 20
        assert not cal.is_workday(D(2027, 2, 8))
        assert cal.is_workday(D(2027, 2, 20))

    def test_loading_changes_the_version(self) -> None:
        """The version changes when a year is added, and names the new range."""
        cal = CAL.with_year_file(FIXTURE_2027)
        assert cal.version != CAL.version
        assert cal.version.startswith("cn-official:2004-2027:sha256:")

    def test_original_is_unchanged(self) -> None:
        """with_year returns a new calendar; the official one still lacks 2027."""
        CAL.with_year(load_year_file(FIXTURE_2027))
        assert 2027 not in CAL
        assert CAL.years[-1] == 2026

    def test_same_data_again_is_allowed(self) -> None:
        """Loading a year again with identical days keeps the version and takes the new notice."""
        cal = CAL.with_year_file(FIXTURE_2027)
        again = cal.with_year_file(FIXTURE_2027)
        assert again.version == cal.version
        restated = OfficialYear(
            year=2024,
            off_days=CAL.year(2024).off_days,
            adjusted_workdays=CAL.year(2024).adjusted_workdays,
            source="a file",
        )
        assert CAL.with_year(restated).version == CAL.version
        assert CAL.with_year(restated).year(2024).source == "a file"

    @pytest.mark.rule("calendar.official")
    def test_different_data_for_a_loaded_year_is_refused(self) -> None:
        """An official year cannot be silently replaced by different data."""
        changed = OfficialYear(
            year=2024,
            off_days=CAL.year(2024).off_days - {D(2024, 10, 1)},
            adjusted_workdays=CAL.year(2024).adjusted_workdays,
        )
        with pytest.raises(InvalidInput, match="2024 is already loaded"):
            CAL.with_year(changed)

    def test_constructor_refuses_conflicting_years(self) -> None:
        """Two different arrangements of the same year cannot make one calendar."""
        empty = OfficialYear(year=2024, off_days=[], adjusted_workdays=[])
        with pytest.raises(InvalidInput, match="two different arrangements for 2024"):
            WorkdayCalendar([CAL.year(2024), empty])

    def test_non_contiguous_version(self) -> None:
        """Years with a gap are named as ranges."""
        cal = WorkdayCalendar([CAL.year(2025), CAL.year(2026), _empty_2028()])
        assert cal.version.startswith("cn-official:2025-2026,2028:sha256:")
        assert WorkdayCalendar().version.startswith("cn-official:none:sha256:")
