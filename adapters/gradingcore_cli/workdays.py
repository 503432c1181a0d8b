"""``gradingcore workdays``: working-day arithmetic on the official calendar."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from gradingcore import HolidayNotice, OfficialYear, WorkdayCalendar, i18n, official_calendar
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


if TYPE_CHECKING:
    _DateParamBase = click.ParamType[datetime.date, Any]
else:  # click < 8.2 has a ParamType that is not generic
    _DateParamBase = click.ParamType


class _DateType(_DateParamBase):
    """An ISO date, ``YYYY-MM-DD``."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        text = str(value)
        try:
            if _ISO_DATE.fullmatch(text):
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(
            _("{text} is not a date in the form YYYY-MM-DD").format(text=repr(text)), param, ctx
        )


DATE = _DateType()

_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")


def _calendar(ctx: click.Context) -> WorkdayCalendar:
    calendar = official_calendar()
    for path in ctx.obj.get("calendar_files", ()):
        calendar = calendar.with_year_file(path)
    return calendar


def _emit(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _day(day: datetime.date) -> str:
    return f"{i18n.format_date(day)} {i18n.format_weekday(day)}"


def _notice_data(notice: HolidayNotice | None) -> dict[str, Any] | None:
    if notice is None:
        return None
    return {
        "number": notice.number,
        "issued_on": notice.issued_on.isoformat() if notice.issued_on else None,
        "title": notice.title,
    }


@cli.group()
@click.option(
    "--calendar-file",
    "calendar_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML file with one year's official arrangement (repeatable). See docs/calendar.md.",
)
@click.pass_context
def workdays(ctx: click.Context, calendar_files: tuple[Path, ...]) -> None:
    """Working days (工作日) on the official calendar (rule calendar.official)."""
    ctx.ensure_object(dict)
    ctx.obj["calendar_files"] = calendar_files


@workdays.command("add")
@click.argument("start", type=DATE)
@click.argument("n", type=click.IntRange(min=0))
@_json_option
@click.pass_context
@handle_errors
def add(ctx: click.Context, start: datetime.date, n: int, as_json: bool) -> None:
    """Print the N-th working day after START (START itself not counted)."""
    calendar = _calendar(ctx)
    result = calendar.add_workdays(start, n)
    if as_json:
        _emit(
            {
                "start": start.isoformat(),
                "workdays": n,
                "result": result.isoformat(),
                "calendar": calendar.version,
            }
        )
    else:
        click.echo(result.isoformat())


@workdays.command("between")
@click.argument("start", type=DATE)
@click.argument("end", type=DATE)
@_json_option
@click.pass_context
@handle_errors
def between(ctx: click.Context, start: datetime.date, end: datetime.date, as_json: bool) -> None:
    """Print the number of working days after START up to and including END."""
    calendar = _calendar(ctx)
    count = calendar.workdays_between(start, end)
    if as_json:
        _emit(
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "workdays": count,
                "calendar": calendar.version,
            }
        )
    else:
        click.echo(str(count))


def _year_text(official: OfficialYear, version: str) -> list[str]:
    source = official.source or _("unknown")
    lines = [_("{year}  (source: {source})").format(year=official.year, source=source)]
    notice = official.notice
    if notice is not None:
        parts = [p for p in (notice.number, notice.title) if p]
        if notice.issued_on:
            parts.append(_("issued {day}").format(day=i18n.format_date(notice.issued_on)))
        lines.append(_("notice: {notice}").format(notice=_(", ").join(parts)))
    else:
        lines.append(_("notice: not recorded"))
    off = sorted(official.weekday_off_days)
    lines.append(_("off days on weekdays ({n}):").format(n=len(off)))
    lines.extend(f"  {_day(day)}" for day in off)
    worked = sorted(official.adjusted_workdays)
    lines.append(_("adjusted working days, 调休 ({n}):").format(n=len(worked)))
    lines.extend(f"  {_day(day)}" for day in worked)
    lines.append(_("calendar: {version}").format(version=version))
    return lines


@workdays.command("year")
@click.argument("year", type=int)
@_json_option
@click.pass_context
@handle_errors
def year_command(ctx: click.Context, year: int, as_json: bool) -> None:
    """List YEAR's off days on weekdays and its adjusted working days (调休)."""
    calendar = _calendar(ctx)
    official = calendar.year(year)
    if as_json:
        _emit(
            {
                "year": official.year,
                "off_days": [d.isoformat() for d in sorted(official.weekday_off_days)],
                "adjusted_workdays": [d.isoformat() for d in sorted(official.adjusted_workdays)],
                "notice": _notice_data(official.notice),
                "source": official.source,
                "calendar": calendar.version,
            }
        )
    else:
        for line in _year_text(official, calendar.version):
            click.echo(line)


__all__ = ["workdays"]
