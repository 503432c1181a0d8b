"""Turning the dates callers pass into :class:`pendulum.Date`."""

from __future__ import annotations

import datetime
import functools

import pendulum

from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg

#: What the calendar accepts as a day: a plain ``datetime.date`` or a ``pendulum.Date``.
DateLike = datetime.date

#: The time zone of the official calendar: a day is a calendar day in Beijing time.
ZONE = "Asia/Shanghai"


def as_date(value: object, what: str = "date") -> pendulum.Date:
    """Return ``value`` as a :class:`pendulum.Date`, or raise :class:`InvalidInput`.

    A ``datetime`` (or ``pendulum.DateTime``) is refused: which day an instant falls on depends
    on the time zone, so the caller converts it to a date in Asia/Shanghai first.
    """
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise InvalidInput(
            msg(
                "{field} must be a date (datetime.date or pendulum.Date), not {kind}: {value}",
                field=what,
                kind=type(value).__name__,
                value=repr(value),
            ),
            facts={what: repr(value), "field": what},
        )
    if type(value) is pendulum.Date:
        return value
    return pendulum.Date(value.year, value.month, value.day)


# Deadlines and simulated days fall within a few years: about two lookups an event, each a
# pendulum.Date built in Python otherwise. Dates are immutable, so one object serves every caller.
@functools.lru_cache(maxsize=8192)
def from_ordinal(ordinal: int) -> pendulum.Date:
    """The :class:`pendulum.Date` of a proleptic Gregorian ordinal."""
    return pendulum.Date.fromordinal(ordinal)


def days_after(day: datetime.date, days: int) -> pendulum.Date:
    """The date ``days`` calendar days after ``day`` (before it if negative): what
    ``day.add(days=days)`` gives, by ordinal, without pendulum's general date arithmetic."""
    return from_ordinal(day.toordinal() + days)
