"""Periods and deadlines: rules period.workdays and period.civil_code, both edges of each.

Convention: a function returns the last day of a period or time limit. An act done on that day
is in time; an act done on the next calendar day is late. What a "not less than" period guards
may happen from the day after the day returned.
"""

from __future__ import annotations

import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradingcore import CalendarCoverageError, InvalidInput
from gradingcore.calendar import (
    civil_deadline,
    civil_period_end,
    not_less_than_workdays,
    official_calendar,
    within_workdays,
)

CAL = official_calendar()
D = pendulum.Date


def in_time(done: datetime.date, last_day: datetime.date) -> bool:
    """An act is in time when done on or before the last day of its time limit."""
    return done <= last_day


class TestWithinWorkdays:
    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_rectification_over_national_day(self) -> None:
        """Review report received 2024-09-20: 20 WD to rectify end 2024-10-23 (rectify.deadline)."""
        assert within_workdays(CAL, D(2024, 9, 20), 20) == D(2024, 10, 23)

    @pytest.mark.rule("period.workdays")
    def test_last_day_in_time_next_day_late(self) -> None:
        """Rectification reported on 2024-10-23 is in time; on 2024-10-24 it is late."""
        deadline = within_workdays(CAL, D(2024, 9, 20), 20)
        assert in_time(D(2024, 10, 23), deadline)
        assert not in_time(D(2024, 10, 24), deadline)

    @pytest.mark.rule("period.workdays")
    def test_next_day_is_late_even_on_a_rest_day(self) -> None:
        """A deadline on Friday 2024-09-27: Saturday 2024-09-28 is already late."""
        deadline = within_workdays(CAL, D(2024, 9, 20), 5)
        assert deadline == D(2024, 9, 27)
        assert not in_time(D(2024, 9, 28), deadline)

    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_start_day_not_counted(self) -> None:
        """Received on Monday 2024-09-23, 5 WD for a correction notice end on the worked Sunday
        2024-09-29."""
        deadline = within_workdays(CAL, D(2024, 9, 23), 5)
        # 24, 25, 26, 27 and Sunday 29 (worked): the fifth WD; Monday 30 is the sixth.
        assert deadline == D(2024, 9, 29)
        assert CAL.workdays_between(D(2024, 9, 23), deadline) == 5

    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_received_on_a_holiday(self) -> None:
        """Received during the National Day week, 5 WD end 2024-10-12 (adjusted Saturday)."""
        assert within_workdays(CAL, D(2024, 10, 3), 5) == D(2024, 10, 12)

    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_spring_festival(self) -> None:
        """20 WD from 2025-01-20 span the Spring Festival and end 2025-02-21."""
        assert within_workdays(CAL, D(2025, 1, 20), 20) == D(2025, 2, 21)

    @pytest.mark.rule("calendar.official")
    def test_fails_closed_past_coverage(self) -> None:
        """A deadline reaching into 2027 raises CalendarCoverageError naming 2027."""
        with pytest.raises(CalendarCoverageError) as caught:
            within_workdays(CAL, D(2026, 12, 20), 20)
        assert caught.value.year == 2027

    @pytest.mark.rule("period.workdays")
    @given(
        start=st.dates(min_value=datetime.date(2005, 1, 1), max_value=datetime.date(2025, 12, 31)),
        n=st.integers(min_value=1, max_value=40),
    )
    def test_deadline_is_the_nth_workday(self, start: datetime.date, n: int) -> None:
        """The deadline is a working day, exactly n WD after the start."""
        deadline = within_workdays(CAL, start, n)
        assert CAL.is_workday(deadline)
        assert CAL.workdays_between(start, deadline) == n
        assert CAL.workdays_between(start, deadline.subtract(days=1)) == n - 1


class TestNotLessThanWorkdays:
    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_publicity_starting_on_a_workday(self) -> None:
        """Publicity from Monday 2024-09-30 for >= 7 WD is complete at the end of 2024-10-14."""
        # 30 Sep (1), 8–11 Oct (2–5), Saturday 12 Oct worked (6), 14 Oct (7).
        assert not_less_than_workdays(CAL, D(2024, 9, 30), 7) == D(2024, 10, 14)

    @pytest.mark.rule("period.workdays")
    def test_guarded_act_allowed_from_the_next_day(self) -> None:
        """Announcing on 2024-10-14 is too early; from 2024-10-15 it is allowed."""
        complete = not_less_than_workdays(CAL, D(2024, 9, 30), 7)
        allowed_from = complete.add(days=1)
        assert D(2024, 10, 14) < allowed_from
        assert allowed_from == D(2024, 10, 15)

    @pytest.mark.rule("period.workdays")
    def test_start_counts_when_a_workday(self) -> None:
        """Starting Friday 2024-09-27 counts that Friday: 10 WD complete on 2024-10-15."""
        assert not_less_than_workdays(CAL, D(2024, 9, 27), 10) == D(2024, 10, 15)

    @pytest.mark.rule("period.workdays")
    def test_start_not_a_workday_does_not_count(self) -> None:
        """Starting Saturday 2024-09-28 (a rest day), 10 WD complete one WD later, 2024-10-16."""
        assert not_less_than_workdays(CAL, D(2024, 9, 28), 10) == D(2024, 10, 16)

    @pytest.mark.rule("period.workdays", "calendar.official")
    def test_start_on_adjusted_workday_counts(self) -> None:
        """Sunday 2024-09-29 was worked, so it counts as the first WD."""
        assert not_less_than_workdays(CAL, D(2024, 9, 29), 1) == D(2024, 9, 29)
        assert not_less_than_workdays(CAL, D(2024, 9, 29), 2) == D(2024, 9, 30)

    @pytest.mark.rule("period.workdays")
    def test_relation_to_within(self) -> None:
        """Not-less-than from S is within-N-WD from the day before S."""
        for start in (D(2024, 9, 27), D(2024, 9, 28), D(2025, 1, 27)):
            assert not_less_than_workdays(CAL, start, 10) == within_workdays(
                CAL, start.subtract(days=1), 10
            )

    @pytest.mark.rule("period.workdays")
    @given(
        start=st.dates(min_value=datetime.date(2005, 1, 1), max_value=datetime.date(2025, 12, 31)),
        n=st.integers(min_value=1, max_value=40),
    )
    def test_holds_exactly_n_workdays(self, start: datetime.date, n: int) -> None:
        """From S to the completion day, both included, there are exactly n WD; one day less
        holds n - 1."""
        complete = not_less_than_workdays(CAL, start, n)
        day_before = pendulum.Date(start.year, start.month, start.day).subtract(days=1)
        assert CAL.workdays_between(day_before, complete) == n
        assert CAL.workdays_between(day_before, complete.subtract(days=1)) == n - 1


class TestCivilPeriodEnd:
    @pytest.mark.rule("period.civil_code")
    def test_validity_three_years(self) -> None:
        """A level announced 2024-10-12 is valid through 2027-10-12 (validity.term)."""
        last = civil_period_end(D(2024, 10, 12), years=3)
        assert last == D(2027, 10, 12)
        assert in_time(D(2027, 10, 12), last)  # still valid on the last day
        assert not in_time(D(2027, 10, 13), last)  # expired the day after

    @pytest.mark.rule("period.civil_code")
    def test_lockout_one_year(self) -> None:
        """Told of failure 2024-06-15: locked out through 2025-06-15, may apply from 2025-06-16."""
        last = civil_period_end(D(2024, 6, 15), years=1)
        assert last == D(2025, 6, 15)
        may_apply_from = last.add(days=1)
        assert may_apply_from == D(2025, 6, 16)
        assert D(2025, 6, 15) < may_apply_from

    @pytest.mark.rule("period.civil_code")
    def test_leap_day_plus_a_year(self) -> None:
        """2024-02-29 plus one year: no 29 February in 2025, so 2025-02-28."""
        assert civil_period_end(D(2024, 2, 29), years=1) == D(2025, 2, 28)

    @pytest.mark.rule("period.civil_code")
    def test_leap_day_plus_four_years(self) -> None:
        """2024-02-29 plus four years has a corresponding day: 2028-02-29."""
        assert civil_period_end(D(2024, 2, 29), years=4) == D(2028, 2, 29)

    @pytest.mark.rule("period.civil_code")
    @pytest.mark.parametrize(
        ("start", "months", "end"),
        [
            (D(2024, 1, 31), 1, D(2024, 2, 29)),
            (D(2023, 1, 31), 1, D(2023, 2, 28)),
            (D(2024, 3, 31), 1, D(2024, 4, 30)),
            (D(2024, 8, 31), 1, D(2024, 9, 30)),
            (D(2024, 12, 31), 2, D(2025, 2, 28)),
            (D(2024, 11, 30), 3, D(2025, 2, 28)),
            (D(2024, 1, 15), 1, D(2024, 2, 15)),
            (D(2024, 10, 12), 13, D(2025, 11, 12)),
        ],
    )
    def test_months_clamp_to_month_end(
        self, start: pendulum.Date, months: int, end: pendulum.Date
    ) -> None:
        """A month later is the corresponding day, or the month's last day where there is none."""
        assert civil_period_end(start, months=months) == end

    @pytest.mark.rule("period.civil_code")
    def test_days(self) -> None:
        """A period of 10 days from 2024-09-23 ends 2024-10-03 (start not counted)."""
        assert civil_period_end(D(2024, 9, 23), days=10) == D(2024, 10, 3)

    @pytest.mark.rule("period.civil_code")
    def test_years_months_days_together(self) -> None:
        """Years and months first, then days."""
        assert civil_period_end(D(2024, 1, 31), years=1, months=1, days=1) == D(2025, 3, 1)

    @pytest.mark.rule("period.civil_code")
    def test_zero_is_the_start(self) -> None:
        """An empty period ends where it starts."""
        assert civil_period_end(D(2024, 5, 5)) == D(2024, 5, 5)

    @pytest.mark.rule("period.civil_code")
    def test_validity_is_not_stretched(self) -> None:
        """A validity ending on a holiday (2024-10-01) ends on that holiday, unlike a time limit."""
        assert not CAL.is_workday(D(2024, 10, 1))
        assert civil_period_end(D(2021, 10, 1), years=3) == D(2024, 10, 1)
        assert civil_deadline(CAL, D(2021, 10, 1), years=3) == D(2024, 10, 8)

    @pytest.mark.rule("period.civil_code")
    def test_lockout_is_not_stretched(self) -> None:
        """The lockout ends on Sunday 2025-06-15; it is not moved to Monday."""
        assert D(2025, 6, 15).isoweekday() == 7
        assert civil_period_end(D(2024, 6, 15), years=1) == D(2025, 6, 15)

    @pytest.mark.rule("period.civil_code")
    def test_needs_no_calendar(self) -> None:
        """Pure arithmetic: works in years no calendar covers."""
        assert civil_period_end(D(2030, 10, 12), years=3) == D(2033, 10, 12)

    def test_returns_pendulum_date(self) -> None:
        """A datetime.date in, a pendulum.Date out."""
        assert type(civil_period_end(datetime.date(2024, 1, 1), days=1)) is pendulum.Date

    @pytest.mark.rule("period.civil_code")
    @pytest.mark.parametrize("amounts", [{"years": -1}, {"months": -2}, {"days": -3}])
    def test_negative_amounts_are_refused(self, amounts: dict[str, int]) -> None:
        """A negative period is invalid input."""
        with pytest.raises(InvalidInput, match="negative"):
            civil_period_end(D(2024, 1, 1), **amounts)

    @pytest.mark.rule("period.civil_code")
    @given(
        start=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)),
        months=st.integers(min_value=0, max_value=60),
    )
    def test_month_end_rule(self, start: datetime.date, months: int) -> None:
        """The end is in the right month, on the same day or the month's last day."""
        end = civil_period_end(start, months=months)
        total = start.month - 1 + months
        assert (end.year, end.month) == (start.year + total // 12, total % 12 + 1)
        assert end.day == start.day or (end.day < start.day and end.add(days=1).day == 1)


class TestCivilDeadline:
    @pytest.mark.rule("period.civil_code", "calendar.official")
    def test_moves_off_a_statutory_holiday(self) -> None:
        """A month from 2024-09-01 ends on National Day 2024-10-01; the deadline moves to 10-08."""
        assert civil_period_end(D(2024, 9, 1), months=1) == D(2024, 10, 1)
        deadline = civil_deadline(CAL, D(2024, 9, 1), months=1)
        assert deadline == D(2024, 10, 8)
        assert in_time(D(2024, 10, 8), deadline)
        assert not in_time(D(2024, 10, 9), deadline)

    @pytest.mark.rule("period.civil_code")
    def test_moves_off_a_rest_day(self) -> None:
        """A year from 2024-06-15 ends Sunday 2025-06-15; a time limit runs to Monday 06-16."""
        assert civil_deadline(CAL, D(2024, 6, 15), years=1) == D(2025, 6, 16)

    @pytest.mark.rule("period.civil_code", "calendar.official")
    def test_stays_on_an_adjusted_workday(self) -> None:
        """A month from 2024-09-12 ends Saturday 2024-10-12, a working day: it stays there."""
        assert civil_deadline(CAL, D(2024, 9, 12), months=1) == D(2024, 10, 12)

    @pytest.mark.rule("period.civil_code")
    def test_stays_on_an_ordinary_workday(self) -> None:
        """A time limit ending on a working day (Thursday 2025-10-16) is not moved."""
        assert civil_period_end(D(2024, 10, 16), years=1) == D(2025, 10, 16)
        assert civil_deadline(CAL, D(2024, 10, 16), years=1) == D(2025, 10, 16)

    @pytest.mark.rule("period.civil_code")
    def test_days_over_a_holiday(self) -> None:
        """10 days from 2024-09-23 end 2024-10-03 (a holiday): the deadline is 2024-10-08."""
        assert civil_deadline(CAL, D(2024, 9, 23), days=10) == D(2024, 10, 8)

    @pytest.mark.rule("period.civil_code", "calendar.official")
    def test_fails_closed_past_coverage(self) -> None:
        """Whether 2027-10-12 is a working day is unknown: CalendarCoverageError(2027)."""
        with pytest.raises(CalendarCoverageError) as caught:
            civil_deadline(CAL, D(2024, 10, 12), years=3)
        assert caught.value.year == 2027


class TestDocstringsCiteRules:
    @pytest.mark.rule("period.workdays", "period.civil_code")
    @pytest.mark.parametrize(
        ("function", "rule_id"),
        [
            (within_workdays, "period.workdays"),
            (not_less_than_workdays, "period.workdays"),
            (civil_period_end, "period.civil_code"),
            (civil_deadline, "period.civil_code"),
        ],
    )
    def test_docstring_names_rule(self, function: object, rule_id: str) -> None:
        """Each period function names the rule it implements."""
        assert rule_id in (getattr(function, "__doc__", "") or "")
