"""One year of the official calendar, as the State Council's yearly notice sets it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import attrs
import pendulum

from gradingcore.calendar._dates import as_date
from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg

_RULE = ("calendar.official",)


def _date_set(values: Iterable[datetime.date]) -> frozenset[pendulum.Date]:
    if isinstance(values, (str, bytes, datetime.date)):
        raise InvalidInput(
            msg("expected a collection of dates, got {value}", value=repr(values)),
            facts={"field": "days"},
        )
    return frozenset(as_date(value, "day") for value in values)


def _optional_date(value: datetime.date | None) -> pendulum.Date | None:
    return None if value is None else as_date(value, "issued_on")


@attrs.frozen
class HolidayNotice:
    """The State Council General Office's notice (国务院办公厅关于某年部分节假日安排的通知).

    ``number`` is the document number (e.g. ``"国办发明电〔2024〕12号"``), ``issued_on`` the
    date it was issued.
    """

    number: str | None = None
    issued_on: pendulum.Date | None = attrs.field(default=None, converter=_optional_date)
    title: str = ""


@attrs.frozen
class OfficialYear:
    """The working-day arrangement of one calendar year (rule ``calendar.official``).

    ``off_days`` are the public holidays and their substitute days that fall on a weekday
    (Monday to Friday): weekends are off anyway unless they are listed in
    ``adjusted_workdays`` (调休: a Saturday or Sunday that is worked). Every other weekday is a
    working day. ``source`` says where the data came from (a package and version, or a file).

    A day belongs to the year it falls in, even when the notice of the next year moves it (a
    Saturday in late December worked for the New Year holiday is listed in that December's
    year).
    """

    year: int
    off_days: frozenset[pendulum.Date] = attrs.field(converter=_date_set)
    adjusted_workdays: frozenset[pendulum.Date] = attrs.field(converter=_date_set)
    notice: HolidayNotice | None = None
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise InvalidInput(
                msg("year must be an int, not {value}", value=repr(self.year)),
                rule_ids=_RULE,
                facts={"field": "year"},
            )
        if not 1 <= self.year <= 9998:
            raise InvalidInput(
                msg("year out of range: {year}", year=self.year),
                rule_ids=_RULE,
                facts={"field": "year", "year": self.year},
            )
        for day in sorted(self.off_days | self.adjusted_workdays):
            if day.year != self.year:
                raise InvalidInput(
                    msg(
                        "{day} is not in {year}: a year lists only its own days",
                        day=day.isoformat(),
                        year=self.year,
                    ),
                    rule_ids=_RULE,
                    facts={"year": self.year, "date": day.isoformat()},
                )
        for day in sorted(self.adjusted_workdays):
            if day.isoweekday() < 6:
                raise InvalidInput(
                    msg(
                        "{day} is a weekday: only a Saturday or Sunday can be a day worked in lieu",
                        day=day.isoformat(),
                    ),
                    rule_ids=_RULE,
                    facts={"year": self.year, "date": day.isoformat()},
                )
        both = sorted(self.off_days & self.adjusted_workdays)
        if both:
            raise InvalidInput(
                msg(
                    "{day} is listed both as a day off and as a day worked in lieu",
                    day=both[0].isoformat(),
                ),
                rule_ids=_RULE,
                facts={"year": self.year, "date": both[0].isoformat()},
            )

    @property
    def weekday_off_days(self) -> frozenset[pendulum.Date]:
        """The off days that fall Monday to Friday (the ones that change the count)."""
        return frozenset(day for day in self.off_days if day.isoweekday() < 6)

    def same_days(self, other: OfficialYear) -> bool:
        """Whether ``other`` gives the same working days for the same year.

        Off days that fall on a weekend change nothing, so they are ignored; the notice and the
        source are provenance, not data.
        """
        return (
            self.year == other.year
            and self.weekday_off_days == other.weekday_off_days
            and self.adjusted_workdays == other.adjusted_workdays
        )

    def workday_ordinals(self) -> tuple[int, ...]:
        """The proleptic ordinals of every working day of the year, ascending."""
        first = datetime.date(self.year, 1, 1).toordinal()
        last = datetime.date(self.year, 12, 31).toordinal()
        off = {day.toordinal() for day in self.off_days}
        worked = {day.toordinal() for day in self.adjusted_workdays}
        # Ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is 0 for Monday … 6 for Sunday.
        return tuple(
            ordinal
            for ordinal in range(first, last + 1)
            if ordinal in worked or ((ordinal - 1) % 7 < 5 and ordinal not in off)
        )

    def digest_line(self) -> str:
        """The canonical text of the year's data that the calendar version is computed over."""
        off = ",".join(day.isoformat() for day in sorted(self.weekday_off_days))
        worked = ",".join(day.isoformat() for day in sorted(self.adjusted_workdays))
        return f"{self.year}|off={off}|adjusted={worked}"
