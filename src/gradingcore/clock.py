"""Clocks: the only place gradingcore reads the time, injected into the service.

Rules never read a clock; the service uses one to stamp when an event was recorded (UTC) and to
default a command's business date to "today" in the authority's zone.
"""

from __future__ import annotations

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
    key = (clock.now(), zone)
    found = _last.get(key)
    if found is None:  # every command asks; a manual clock gives the same instant all day
        _last.clear()
        found = _last[key] = pendulum.instance(key[0]).in_timezone(zone).date()
    return found


#: The last instant asked for and its business date (one entry: the common case).
_last: dict[tuple[datetime, str], pendulum.Date] = {}


def _instant(when: datetime | pendulum.Date | str) -> datetime:
    if isinstance(when, str):
        parsed = pendulum.parse(when, tz=ZONE)
        if not isinstance(parsed, (datetime, pendulum.Date)):
            msg = f"not a date or an instant: {when!r}"
            raise ValueError(msg)
        when = parsed
    if isinstance(when, datetime):
        return pendulum.instance(when).in_timezone("UTC")
    # A business date: noon in the authority's zone, so the date is the same in UTC+8.
    noon = pendulum.datetime(when.year, when.month, when.day, 12, tz=ZONE)
    return noon.in_timezone("UTC")
