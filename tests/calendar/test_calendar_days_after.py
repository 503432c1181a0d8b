"""``calendar.days_after``: calendar-day offsets by ordinal, the same dates as pendulum's."""

from __future__ import annotations

import datetime

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from gradingcore.calendar import days_after

D = pendulum.Date


def test_across_month_year_and_leap_day_edges() -> None:
    assert days_after(D(2024, 2, 28), 1) == D(2024, 2, 29)  # a leap year's 29 February
    assert days_after(D(2023, 2, 28), 1) == D(2023, 3, 1)  # and a common year's
    assert days_after(D(2024, 12, 31), 1) == D(2025, 1, 1)
    assert days_after(D(2025, 1, 1), -1) == D(2024, 12, 31)
    assert days_after(D(2024, 3, 1), 0) == D(2024, 3, 1)


def test_a_pendulum_date_from_a_plain_date() -> None:
    day = days_after(datetime.date(2024, 9, 20), 33)
    assert type(day) is D
    assert day == D(2024, 10, 23)


@given(
    st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2060, 12, 31)),
    st.integers(min_value=-4000, max_value=4000),
)
def test_as_pendulum_adds_days(day: datetime.date, days: int) -> None:
    start = D(day.year, day.month, day.day)
    assert days_after(start, days) == start.add(days=days)
