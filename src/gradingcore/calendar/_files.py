"""Reading one official year from a small TOML file.

The format (every key other than ``year`` and ``[days]`` is optional)::

    year = 2027

    [notice]
    number = "国办发明电〔2026〕N号"
    issued_on = 2026-11-10
    title = "国务院办公厅关于2027年部分节假日安排的通知"

    [days]
    off = [2027-01-01, 2027-02-08]            # public holidays falling Monday to Friday
    adjusted_workdays = [2027-02-20]          # Saturdays or Sundays worked (调休)

Dates are TOML local dates (no quotes). Unknown keys are refused, so that a typo is not
silently ignored.
"""

from __future__ import annotations

import datetime
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gradingcore.calendar._year import HolidayNotice, OfficialYear
from gradingcore.errors import InvalidInput
from gradingcore.i18n import Joined, Message, msg

_TOP_KEYS = {"year", "notice", "days"}
_NOTICE_KEYS = {"number", "issued_on", "title"}
_DAYS_KEYS = {"off", "adjusted_workdays"}


def _fail(path: Path, what: str | Message | Joined, field: str | None = None) -> InvalidInput:
    """A refusal naming the file (and the key, in ``facts["field"]``, when one is wrong)."""
    facts = {"file": str(path)} | ({"field": field} if field else {})
    return InvalidInput(
        msg("{file}: {problem}", file=path.name, problem=what),
        rule_ids=("calendar.official",),
        facts=facts,
    )


def _check_keys(
    path: Path, table: Mapping[str, Any], allowed: set[str], where: str | Message
) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _fail(
            path,
            msg(
                "unknown key(s) {keys} in {where} (allowed: {allowed})",
                keys=", ".join(unknown),
                where=where,
                allowed=", ".join(sorted(allowed)),
            ),
            field=unknown[0],
        )


def _is_date(value: object) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _table(path: Path, data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _fail(path, msg("[{key}] must be a table", key=key), field=key)
    return value


def _dates(path: Path, days: Mapping[str, Any], key: str) -> list[datetime.date]:
    values = days.get(key, [])
    field = f"days.{key}"
    if not isinstance(values, list):
        raise _fail(path, msg("{key} must be a list of dates", key=field), field=field)
    for value in values:
        if not _is_date(value):
            problem = msg(
                "{key}: {value} is not a date (write 2027-01-01, unquoted)",
                key=field,
                value=repr(value),
            )
            raise _fail(path, problem, field=field)
    seen: set[datetime.date] = set()
    for value in values:
        if value in seen:
            problem = msg("{key}: {day} is listed twice", key=field, day=value.isoformat())
            raise _fail(path, problem, field=field)
        seen.add(value)
    return list(values)


def _notice(path: Path, data: Mapping[str, Any]) -> HolidayNotice | None:
    table = _table(path, data, "notice")
    if table is None:
        return None
    _check_keys(path, table, _NOTICE_KEYS, "[notice]")
    number = table.get("number")
    if number is not None and not isinstance(number, str):
        raise _fail(path, msg("{key} must be a string", key="notice.number"), "notice.number")
    issued_on = table.get("issued_on")
    if issued_on is not None and not _is_date(issued_on):
        problem = msg("{key}: {value} is not a date", key="notice.issued_on", value=repr(issued_on))
        raise _fail(path, problem, "notice.issued_on")
    title = table.get("title", "")
    if not isinstance(title, str):
        raise _fail(path, msg("{key} must be a string", key="notice.title"), "notice.title")
    return HolidayNotice(number=number, issued_on=issued_on, title=title)


def load_year_file(path: str | os.PathLike[str]) -> OfficialYear:
    """Read one :class:`OfficialYear` from a TOML file (format in this module's docstring).

    Any problem (unreadable file, bad TOML, missing or unknown keys, a date outside the year,
    a weekday listed as an adjusted working day, a day both off and worked) raises
    :class:`InvalidInput` naming the file and what is wrong.
    """
    file = Path(path)
    try:
        with file.open("rb") as stream:
            data = tomllib.load(stream)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _fail(file, msg("cannot read the file: {reason}", reason=reason)) from None
    except tomllib.TOMLDecodeError as error:
        raise _fail(file, msg("not valid TOML: {reason}", reason=str(error))) from None

    _check_keys(file, data, _TOP_KEYS, msg("the top level"))
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        problem = msg("'year' must be an integer, got {value}", value=repr(year))
        raise _fail(file, problem, "year")
    days = _table(file, data, "days")
    if days is None:
        raise _fail(file, msg("the [days] table is missing"), "days")
    _check_keys(file, days, _DAYS_KEYS, "[days]")
    off = _dates(file, days, "off")
    worked = _dates(file, days, "adjusted_workdays")
    notice = _notice(file, data)
    try:
        return OfficialYear(
            year=year,
            off_days=off,
            adjusted_workdays=worked,
            notice=notice,
            source=str(file),
        )
    except InvalidInput as error:
        raise _fail(file, error.text, error.facts.get("field")) from None
