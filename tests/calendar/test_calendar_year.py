"""OfficialYear and HolidayNotice: one year's arrangement, validated on construction."""

from __future__ import annotations

import datetime

import attrs
import pendulum
import pytest

from gradingcore import InvalidInput
from gradingcore.calendar import HolidayNotice, OfficialYear


def make_year(**changes: object) -> OfficialYear:
    fields: dict[str, object] = {
        "year": 2027,
        "off_days": [datetime.date(2027, 1, 1)],
        "adjusted_workdays": [datetime.date(2027, 2, 20)],
    }
    fields.update(changes)
    return OfficialYear(**fields)  # type: ignore[arg-type]


class TestHolidayNotice:
    def test_defaults(self) -> None:
        """A notice may be recorded without number or date; the title defaults to empty."""
        notice = HolidayNotice(number=None, issued_on=None)
        assert (notice.number, notice.issued_on, notice.title) == (None, None, "")

    def test_issued_on_becomes_pendulum_date(self) -> None:
        """A plain datetime.date given as issue date is kept as a pendulum.Date."""
        notice = HolidayNotice(
            number="国办发明电〔2024〕12号", issued_on=datetime.date(2024, 11, 12)
        )
        assert type(notice.issued_on) is pendulum.Date
        assert notice.issued_on == pendulum.Date(2024, 11, 12)

    def test_is_frozen(self) -> None:
        """A notice cannot be changed once made."""
        notice = HolidayNotice(number="x", issued_on=None)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            notice.number = "y"  # type: ignore[misc]


class TestOfficialYear:
    def test_dates_become_frozen_sets_of_pendulum_dates(self) -> None:
        """Off and adjusted days given as lists of datetime.date are stored as frozensets."""
        year = make_year()
        assert year.off_days == frozenset({pendulum.Date(2027, 1, 1)})
        assert all(type(d) is pendulum.Date for d in year.off_days | year.adjusted_workdays)
        assert isinstance(year.adjusted_workdays, frozenset)

    def test_defaults(self) -> None:
        """Notice and source are optional."""
        year = make_year()
        assert year.notice is None
        assert year.source == ""

    def test_day_outside_the_year_is_refused(self) -> None:
        """A day of another year in the list is refused, naming the day."""
        with pytest.raises(InvalidInput, match="2026-12-31 is not in 2027"):
            make_year(off_days=[datetime.date(2026, 12, 31)])

    def test_adjusted_outside_the_year_is_refused(self) -> None:
        """An adjusted working day of another year is refused, naming the day."""
        with pytest.raises(InvalidInput, match="2026-12-26"):
            make_year(adjusted_workdays=[datetime.date(2026, 12, 26)])

    def test_weekday_adjusted_workday_is_refused(self) -> None:
        """An adjusted working day must be a Saturday or Sunday; a Monday is refused by date."""
        with pytest.raises(InvalidInput, match="2027-02-22 is a weekday") as caught:
            make_year(adjusted_workdays=[datetime.date(2027, 2, 22)])
        assert caught.value.facts["date"] == "2027-02-22"
        assert caught.value.rule_ids == ("calendar.official",)

    def test_day_both_off_and_worked_is_refused(self) -> None:
        """A Saturday listed both off and worked is refused, naming the day."""
        saturday = datetime.date(2027, 2, 20)
        with pytest.raises(InvalidInput, match="2027-02-20 is listed both"):
            make_year(off_days=[saturday], adjusted_workdays=[saturday])

    def test_datetime_is_refused(self) -> None:
        """A datetime is not a day: it is refused rather than truncated."""
        with pytest.raises(InvalidInput, match="must be a date"):
            make_year(off_days=[datetime.datetime(2027, 1, 1, 8, 0)])

    def test_non_int_year_is_refused(self) -> None:
        """The year must be an int."""
        with pytest.raises(InvalidInput, match="year must be an int"):
            make_year(year="2027", off_days=[], adjusted_workdays=[])

    def test_workday_ordinals(self) -> None:
        """Weekdays not off and adjusted weekend days are the working days, in order."""
        year = make_year()
        days = [pendulum.Date.fromordinal(o) for o in year.workday_ordinals()]
        assert days == sorted(days)
        assert pendulum.Date(2027, 1, 1) not in days  # a Friday off
        assert pendulum.Date(2027, 1, 4) in days  # an ordinary Monday
        assert pendulum.Date(2027, 1, 2) not in days  # an ordinary Saturday
        assert pendulum.Date(2027, 2, 20) in days  # an adjusted Saturday
        assert len(days) == 261 - 1 + 1  # 261 weekdays in 2027, one off, one Saturday worked

    def test_same_days_ignores_weekend_off_days_and_provenance(self) -> None:
        """Listing a weekend holiday, a notice or a source does not change the working days."""
        plain = make_year()
        richer = make_year(
            off_days=[datetime.date(2027, 1, 1), datetime.date(2027, 1, 2)],
            notice=HolidayNotice(number="n", issued_on=None),
            source="elsewhere",
        )
        assert plain.same_days(richer)
        assert plain.digest_line() == richer.digest_line()
        assert not plain.same_days(make_year(adjusted_workdays=[]))
