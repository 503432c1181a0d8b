"""Clocks: the only place gradingcore reads the time, injected into the service.

Rules never read a clock; the service uses one to stamp when an event was recorded (UTC) and to
default a command's business date to "today" in the authority's zone.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Protocol

import pendulum

ZONE = "Asia/Shanghai"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told: for tests, scenarios and the simulator."""

    def __init__(self, start: datetime | pendulum.Date | str) -> None:
        self._now = _instant(start)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime | pendulum.Date | str) -> None:
        self._now = _instant(when)

    def advance(self, **delta: float) -> None:
        self._now = pendulum.instance(self._now).add(**delta)  # type: ignore[arg-type]


def today(clock: Clock, zone: str = ZONE) -> pendulum.Date:
    """The business date of the clock's instant in the authority's zone."""
    return _business_date(clock.now(), zone)


# Every command asks, and a simulated province moves its manual clock back and forth between a
# few days: the dates of recent instants are kept (aware instants hash by the moment they name).
@functools.lru_cache(maxsize=1024)
def _business_date(instant: datetime, zone: str) -> pendulum.Date:
    return pendulum.instance(instant).in_timezone(zone).date()


def _instant(when: datetime | pendulum.Date | str) -> datetime:
    if isinstance(when, str):
        parsed = pendulum.parse(when, tz=ZONE)
        if not isinstance(parsed, (datetime, pendulum.Date)):
            msg = f"not a date or an instant: {when!r}"
            raise ValueError(msg)
        when = parsed
    if isinstance(when, datetime):
        return pendulum.instance(when).in_timezone("UTC")
    return _noon(when.year, when.month, when.day)


@functools.lru_cache(maxsize=1024)
def _noon(year: int, month: int, day: int) -> datetime:
    """A business date as an instant: noon in the authority's zone, so the date is the same in
    UTC+8 (kept for the dates a simulation sets its clock to again and again)."""
    return pendulum.datetime(year, month, day, 12, tz=ZONE).in_timezone("UTC")
