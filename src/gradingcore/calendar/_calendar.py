"""The working-day calendar: which days are working days, and counting them."""

from __future__ import annotations

import bisect
import hashlib
import os
from collections.abc import Iterable, Iterator

import pendulum

from gradingcore.calendar._dates import ZONE, DateLike, as_date, days_after, from_ordinal
from gradingcore.calendar._year import OfficialYear
from gradingcore.citation import Citation
from gradingcore.errors import CalendarCoverageError, InvalidInput
from gradingcore.i18n import msg

#: Where rule ``calendar.official`` is written: the State Council General Office's yearly
#: notice on the holiday arrangements (国务院办公厅关于某年部分节假日安排的通知).
NOTICE_CITATION = Citation(
    document="GOV",
    text_zh="国务院办公厅关于部分节假日安排的通知（每年一份）",
)

_VERSION_PREFIX = "cn-official"


def _coverage_error(year: int) -> CalendarCoverageError:
    return CalendarCoverageError(year, citation=NOTICE_CITATION)


def _year_ranges(years: Iterable[int]) -> str:
    """``[2004, 2005, 2006, 2028]`` → ``"2004-2006,2028"``."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    if not runs:
        return "none"
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


class WorkdayCalendar:
    """An immutable set of official years, and working-day arithmetic over them.

    Rule ``calendar.official``: weekends and public holidays are off, adjusted working days
    (调休) are on, as each year's State Council notice says. A computation that needs a year
    the calendar does not hold raises :class:`~gradingcore.errors.CalendarCoverageError`
    naming that year; it never guesses.

    Dates are accepted as ``datetime.date`` or ``pendulum.Date`` and returned as
    ``pendulum.Date``. Every working day of every year is precomputed as a sorted array of
    ordinals, so counting is a binary search, not a walk.
    """

    __slots__ = ("_covered", "_ordinals", "_version", "_workday_set", "_years")

    #: The time zone the calendar's days are days in.
    zone: str = ZONE

    def __init__(self, years: Iterable[OfficialYear] = ()) -> None:
        by_year: dict[int, OfficialYear] = {}
        for official in years:
            if not isinstance(official, OfficialYear):
                raise InvalidInput(
                    msg("expected an OfficialYear, got {value}", value=repr(official)),
                    facts={"field": "years"},
                )
            known = by_year.get(official.year)
            if known is not None and not known.same_days(official):
                raise InvalidInput(
                    msg(
                        "two different arrangements for {year} ({first}; {second})",
                        year=official.year,
                        first=known.source or msg("unknown source"),
                        second=official.source or msg("unknown source"),
                    ),
                    rule_ids=("calendar.official",),
                    facts={"year": official.year},
                )
            by_year[official.year] = official
        self._years: dict[int, OfficialYear] = dict(sorted(by_year.items()))
        self._covered: frozenset[int] = frozenset(self._years)
        ordinals: list[int] = []
        for official in self._years.values():
            ordinals.extend(official.workday_ordinals())
        self._ordinals: tuple[int, ...] = tuple(ordinals)
        self._workday_set: frozenset[int] = frozenset(ordinals)
        text = "\n".join(official.digest_line() for official in self._years.values())
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        self._version = f"{_VERSION_PREFIX}:{_year_ranges(self._years)}:sha256:{digest}"

    # -- what the calendar holds -------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The years covered, ascending."""
        return tuple(self._years)

    @property
    def version(self) -> str:
        """A stable, content-addressed name of the calendar data.

        ``"cn-official:<years>:sha256:<12 hex digits>"``; the digest is over the weekday off
        days and adjusted working days of every year, so two calendars with the same working
        days have the same version whatever their sources. Record it next to a computed
        deadline so that an auditor can tell which data it used.
        """
        return self._version

    def year(self, year: int) -> OfficialYear:
        """The arrangement of ``year``; :class:`CalendarCoverageError` if it is not loaded."""
        try:
            return self._years[year]
        except KeyError:
            raise _coverage_error(year) from None

    def __contains__(self, year: object) -> bool:
        return year in self._covered

    def __iter__(self) -> Iterator[OfficialYear]:
        return iter(self._years.values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkdayCalendar):
            return NotImplemented
        return self._version == other._version

    def __hash__(self) -> int:
        return hash(self._version)

    def __repr__(self) -> str:
        return f"WorkdayCalendar({self._version!r})"

    # -- building new calendars --------------------------------------------------------------

    def with_year(self, official_year: OfficialYear) -> WorkdayCalendar:
        """A new calendar that also holds ``official_year``.

        A year already held may be given again only with the same working days (its notice
        and source are then taken from ``official_year``); different data raises
        :class:`InvalidInput`: an official year is never silently replaced.
        """
        if not isinstance(official_year, OfficialYear):
            raise InvalidInput(
                msg("expected an OfficialYear, got {value}", value=repr(official_year)),
                facts={"field": "official_year"},
            )
        known = self._years.get(official_year.year)
        if known is not None and not known.same_days(official_year):
            raise InvalidInput(
                msg(
                    "{year} is already loaded ({known}) with different working days than {new}",
                    year=official_year.year,
                    known=known.source or msg("unknown source"),
                    new=official_year.source or msg("the new data"),
                ),
                rule_ids=("calendar.official",),
                facts={"year": official_year.year},
            )
        years = {**self._years, official_year.year: official_year}
        return WorkdayCalendar(years.values())

    def with_year_file(self, path: str | os.PathLike[str]) -> WorkdayCalendar:
        """A new calendar that also holds the year read from a TOML file.

        The file format is described in :func:`~gradingcore.calendar.load_year_file`.
        """
        from gradingcore.calendar._files import load_year_file

        return self.with_year(load_year_file(path))

    # -- asking about days -------------------------------------------------------------------

    def _require(self, first_year: int, last_year: int) -> None:
        for year in range(first_year, last_year + 1):
            if year not in self._covered:
                raise _coverage_error(year)

    def is_workday(self, day: DateLike) -> bool:
        """Whether ``day`` is a working day (rule ``calendar.official``)."""
        date = as_date(day, "day")
        self._require(date.year, date.year)
        return date.toordinal() in self._workday_set

    def add_workdays(self, start: DateLike, n: int) -> pendulum.Date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start``. Every year from the day after ``start`` to the result
        must be covered, else :class:`CalendarCoverageError` names the first missing year.
        """
        date = as_date(start, "start")
        if isinstance(n, bool) or not isinstance(n, int):
            raise InvalidInput(
                msg("number of working days must be an int, not {value}", value=repr(n)),
                facts={"field": "n"},
            )
        if n < 0:
            raise InvalidInput(
                msg("number of working days must not be negative: {n}", n=n),
                facts={"field": "n", "n": n},
            )
        if n == 0:
            return date
        ordinal = date.toordinal()
        first_year = from_ordinal(ordinal + 1).year
        index = bisect.bisect_right(self._ordinals, ordinal) + n - 1
        if index >= len(self._ordinals):
            # Runs past the last covered working day: the first missing year is the culprit.
            year = first_year
            while year in self._covered:
                year += 1
            raise _coverage_error(year)
        result = self._ordinals[index]
        self._require(first_year, from_ordinal(result).year)
        return from_ordinal(result)

    def workdays_between(self, start: DateLike, end: DateLike) -> int:
        """The number of working days ``d`` with ``start < d <= end``.

        So ``workdays_between(s, add_workdays(s, n)) == n``. If ``end`` is before ``start`` the
        result is the negative of ``workdays_between(end, start)``.
        """
        first = as_date(start, "start")
        last = as_date(end, "end")
        if last < first:
            return -self.workdays_between(last, first)
        if last == first:
            return 0
        self._require(days_after(first, 1).year, last.year)
        return bisect.bisect_right(self._ordinals, last.toordinal()) - bisect.bisect_right(
            self._ordinals, first.toordinal()
        )

    def next_workday(self, day: DateLike) -> pendulum.Date:
        """``day`` itself if it is a working day, else the first working day after it."""
        date = as_date(day, "day")
        if self.is_workday(date):
            return date
        return self.add_workdays(date, 1)

    def workdays(self, start: DateLike, end: DateLike) -> tuple[pendulum.Date, ...]:
        """The working days ``d`` with ``start < d <= end``, ascending."""
        first = as_date(start, "start")
        last = as_date(end, "end")
        if last <= first:
            return ()
        self._require(days_after(first, 1).year, last.year)
        low = bisect.bisect_right(self._ordinals, first.toordinal())
        high = bisect.bisect_right(self._ordinals, last.toordinal())
        return tuple(from_ordinal(ordinal) for ordinal in self._ordinals[low:high])
