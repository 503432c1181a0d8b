"""Questions across a province, answered from the read models (docs/readmodels.md): the registry,
the public lists, the deadline board, the monthly form and ranking, targets, and the views
themselves. Every query first brings the views up to the log's head (a progress bar on a
terminal), then reads them; rich tables on a terminal, plain text when piped, ``--json`` always.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
import pendulum
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from gradingcore import (
    InvalidInput,
    Level,
    ReadModels,
    Role,
    Status,
    label,
    readmodels,
)
from gradingcore_cli._app import cli, handle_errors
from gradingcore_cli._i18n import N_, _
from gradingcore_cli._render import console, day
from gradingcore_cli._store import emit, json_option, open_store, store_option
from gradingcore_cli.listings import COUNT_KEYS, entry_data, item_data, registry_data, target_data

F = TypeVar("F", bound=Callable[..., Any])


def _date(text: str | None, field: str) -> pendulum.Date | None:
    if text is None:
        return None
    try:
        return pendulum.Date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("--{field} {text} is not a date in the form YYYY-MM-DD").format(
                field=field, text=repr(text)
            ),
            facts={"field": field},
        ) from None


def _today() -> pendulum.Date:
    return pendulum.today("Asia/Shanghai").date()


def _iso(on: pendulum.Date | None) -> str | None:
    return on.isoformat() if on is not None else None


def _shown(on: str | None) -> str:
    """An ISO date of the data, for people (2024年10月23日 in Chinese)."""
    return day(pendulum.Date.fromisoformat(on)) if on else ""


def _level(level: int | None) -> str:
    return label(Level(level)) if level else ""


def open_models(
    store: str, *, catch_up: bool = True, views: Sequence[str] | None = None
) -> ReadModels:
    """The read models of ``store``, caught up to the log's head."""
    models = ReadModels(open_store(store))
    if catch_up:
        _run(models, views, rebuild=False)
    return models


def _run(models: ReadModels, views: Sequence[str] | None, *, rebuild: bool) -> int:
    act = models.rebuild if rebuild else models.catch_up
    if not sys.stderr.isatty():
        return act(views)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task(_("rebuilding views") if rebuild else _("catching up"), total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return act(views, progress=step)


def catch_up_option(func: F) -> F:
    return click.option(
        "--no-catch-up",
        "no_catch_up",
        is_flag=True,
        help="Read the views as they are, without applying new events first.",
    )(func)


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A table for people; ``headers`` are message ids (``N_``), shown translated."""
    table = Table(title=title, header_style="bold")
    for h in headers:
        table.add_column(_(h) if h else "", overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console().print(table)


# --- registry --------------------------------------------------------------------------------


@cli.command("registry")
@store_option
@click.option("--region", help="A 6-digit region code (410000 the province, 410100 a city).")
@click.option("--industry", help="An industry, e.g. 机械.")
@click.option("--township", help="A township code or name.")
@click.option("--level", type=click.IntRange(1, 3), help="The level held on the day.")
@click.option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    help="The case's status on the day.",
)
@click.option("--expiring-within", type=click.IntRange(min=0), metavar="N", help="Days.")
@click.option("--on", "on_text", metavar="DATE", help="The day asked about (default: today).")
@catch_up_option
@json_option
@handle_errors
def registry_command(
    store: str,
    region: str | None,
    industry: str | None,
    township: str | None,
    level: int | None,
    status: str | None,
    expiring_within: int | None,
    on_text: str | None,
    no_catch_up: bool,
    as_json: bool,
) -> None:
    """The registry of enterprises (企业台账): level, validity, region, township, status."""
    on = _date(on_text, "on") or _today()
    models = open_models(store, catch_up=not no_catch_up, views=["cases"])
    entries = models.registry(
        on,
        region=region,
        industry=industry,
        township=township,
        level=level,
        status=status,
        expiring_within=expiring_within,
    )
    data = [registry_data(e) for e in entries]
    if as_json:
        emit({"on": on.isoformat(), "entries": data})
        return
    rows = [
        (
            str(e.key.uscc),
            e.key.specialty,
            e.name,
            e.region,
            e.township,
            label(e.status),
            label(e.level) if e.level else "",
            day(e.valid_until) if e.valid_until else "",
        )
        for e in entries
    ]
    title = _("Registry of enterprises on {day} ({n} cases)").format(day=day(on), n=len(rows))
    _table(title, REGISTRY_COLUMNS, rows)


#: The registry's columns for people (企业台账); --json keeps the English keys (decision 0084).
REGISTRY_COLUMNS = (
    N_("USCC"),
    N_("specialty"),
    N_("name"),
    N_("region"),
    N_("township"),
    N_("status"),
    N_("level"),
    N_("valid until"),
)


# --- the public lists ------------------------------------------------------------------------


@cli.command("lists")
@click.argument("which", metavar="LIST", type=click.Choice(["publicity", "announced", "revoked"]))
@store_option
@click.option(
    "--from", "from_text", metavar="DATE", help="First day (default: the 1st of the month)."
)
@click.option(
    "--to", "to_text", metavar="DATE", help="Last day; publicity: the day (default: today)."
)
@click.option("--authority", help="The authority's id, or its kind (MEM, province, city).")
@click.option("--region", help="A 6-digit region code.")
@catch_up_option
@json_option
@handle_errors
def lists_command(
    which: str,
    store: str,
    from_text: str | None,
    to_text: str | None,
    authority: str | None,
    region: str | None,
    no_catch_up: bool,
    as_json: bool,
) -> None:
    """The lists an authority publishes (LIST): `publicity`, in publicity now (公示, with its
    end); `announced`, announced in a period (公告, with the departments copied); `revoked`,
    revoked in a period (撤销)."""
    end = _date(to_text, "to") or _today()
    start = _date(from_text, "from") or end.start_of("month")
    if start > end:
        raise InvalidInput(
            _("--from {start} is after --to {end}").format(start=start, end=end),
            facts={"field": "from"},
        )
    models = open_models(store, catch_up=not no_catch_up, views=["lists"])
    if which == "publicity":
        entries = models.publicity(end, authority=authority, region=region)
        title = _("In publicity on {day}").format(day=day(end))
    elif which == "announced":
        entries = models.announced(start, end, authority=authority, region=region)
        title = _("Announced {start} – {end}").format(start=day(start), end=day(end))
    else:
        entries = models.revoked(start, end, authority=authority, region=region)
        title = _("Revoked {start} – {end}").format(start=day(start), end=day(end))
    data = [entry_data(e) for e in entries]
    if as_json:
        emit({"list": which, "from": start.isoformat(), "to": end.isoformat(), "entries": data})
        return
    last = {"publicity": N_("ends"), "announced": N_("valid until"), "revoked": N_("trigger")}
    rows = [
        (
            d["uscc"],
            d["name"],
            d["region"],
            _level(d["level"]),
            _shown(d["on"]),
            d["trigger"] if which == "revoked" else _shown(d["until"]),
            "、".join(d["copied_to"]),
        )
        for d in data
    ]
    headers = (N_("USCC"), N_("name"), N_("region"), N_("level"), N_("on"), last[which])
    _table(f"{title} ({len(rows)})", (*headers, N_("copied to")), rows)


# --- the deadline board ----------------------------------------------------------------------


@cli.command("obligations")
@store_option
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    help="Only what this party owes.",
)
@click.option("--region", help="A 6-digit region code.")
@click.option("--due-within", type=click.IntRange(min=0), metavar="N", help="Due within N days.")
@click.option("--overdue", is_flag=True, help="Only the overdue ones.")
@click.option("--on", "on_text", metavar="DATE", help="The day asked about (default: today).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "ics"]), default="table", show_default=True
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The calendar file to write (e.g. board.ics).",
)
@catch_up_option
@json_option
@handle_errors
def obligations_command(
    store: str,
    role: str | None,
    region: str | None,
    due_within: int | None,
    overdue: bool,
    on_text: str | None,
    fmt: str,
    output: Path | None,
    no_catch_up: bool,
    as_json: bool,
) -> None:
    """The deadline board: every open obligation across cases, overdue first, with its rule id
    and due date; `--format ics` writes the due dates as a calendar file (RFC 5545)."""
    on = _date(on_text, "on") or _today()
    models = open_models(store, catch_up=not no_catch_up, views=["cases"])
    items = models.obligations(on, role=role, region=region, due_within=due_within, overdue=overdue)
    if fmt == "ics":
        ics = readmodels.board_calendar(items, pendulum.now("UTC"))
        if output is None:
            click.echo(ics.decode(), nl=False)
        else:
            output.write_bytes(ics)
            due = sum(1 for i in items if i.due)
            click.echo(_("wrote {file} ({n} due dates)").format(file=output, n=due), err=True)
        return
    data = [item_data(i) for i in items]
    if as_json:
        emit({"on": on.isoformat(), "obligations": data})
        return
    rows = [
        (
            _shown(i.obligation.due.isoformat() if i.obligation.due else None) or "—",
            _("OVERDUE") if i.obligation.overdue else "",
            label(i.obligation.party),
            i.obligation.rule_id,
            i.name,
            str(i.key.uscc),
            i.region,
            i.obligation.localized(),
        )
        for i in items
    ]
    headers = (N_("due"), "", N_("party"), N_("rule"), N_("name"), N_("USCC"), N_("region"))
    title = _("Open obligations on {day} ({n})").format(day=day(on), n=len(rows))
    _table(title, (*headers, N_("what")), rows)


# --- the monthly form and the ranking --------------------------------------------------------


@cli.group("report")
def report_group() -> None:
    """Statistics reports: the monthly form (月度报表), the quarterly township ranking."""


def _month(text: str) -> tuple[int, int]:
    try:
        first = pendulum.Date.fromisoformat(f"{text}-01")
    except ValueError:
        raise InvalidInput(
            _("--month {text}: give YYYY-MM").format(text=repr(text)), facts={"field": "month"}
        ) from None
    return first.year, first.month


@report_group.command("monthly")
@store_option
@click.option("--township", help="A township code or name (乡镇/街道).")
@click.option("--region", help="A 6-digit region code instead of a township.")
@click.option("--month", "month_text", required=True, metavar="YYYY-MM")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "xlsx", "csv", "json"]), default="table"
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="The file.")
@catch_up_option
@handle_errors
def monthly_command(
    store: str,
    township: str | None,
    region: str | None,
    month_text: str,
    fmt: str,
    output: Path | None,
    no_catch_up: bool,
) -> None:
    """工贸企业安全生产标准化月度报表 for a township or a region and a month."""
    if bool(township) == bool(region):
        raise InvalidInput(
            _("give --township or --region (one of them)"), facts={"field": "township"}
        )
    year, month = _month(month_text)
    models = open_models(store, catch_up=not no_catch_up, views=["monthly"])
    form = models.monthly_form(year, month, township=township, region=region)
    if fmt == "xlsx":
        if output is None:
            raise InvalidInput(
                _("--format xlsx writes a file: give --output"), facts={"field": "output"}
            )
        output.write_bytes(readmodels.form_xlsx(form, form_headings()))
        click.echo(_("wrote {file}").format(file=output), err=True)
        return
    if fmt in ("csv", "json"):
        if fmt == "csv":
            text = readmodels.form_csv(form, form_headings())
        else:
            text = readmodels.form_json(form) + "\n"  # data: the same in every language
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
        return
    words = form_headings()
    headers = [words.industry] + [f"{lv} {c}" for lv in words.levels for c in words.columns]
    rows = [(words.row_name(r.industry), *r.counts) for r in form.rows]
    table = Table(title=f"{words.title} {words.fill(words.unit_line, form)}", header_style="bold")
    for h in headers:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*map(str, row))
    console().print(table)


def form_headings() -> readmodels.FormHeadings:
    """The monthly form's words in the reader's language: in Chinese the form's own
    (readmodels.FORM_HEADINGS, which tests/i18n compares them with), else their translation."""
    return readmodels.FormHeadings(
        title=_(
            "Monthly report on the work-safety standardization of industry and trade enterprises"
        ),
        unit_line=_(
            "Reporting unit: {unit} township (sub-district) office, year {year}, month {month}"
        ),
        unit_cells=(
            _("Reporting unit: {unit}"),
            _("year {year}"),
            _("month {month}"),
        ),
        industry=_("Industry"),
        levels=(_("Level 1"), _("Level 2"), _("Level 3")),
        columns=(_("Completed this month"), _("Completed in total"), _("Under review")),
        counted=_(" (enterprises)"),
        total=_("Total"),
    )


@report_group.command("ranking")
@store_option
@click.option("--region", required=True, help="The region whose townships are ranked.")
@click.option("--quarter", "quarter_text", required=True, metavar="YYYY-QN", help="e.g. 2024-Q2")
@catch_up_option
@json_option
@handle_errors
def ranking_command(
    store: str, region: str, quarter_text: str, no_catch_up: bool, as_json: bool
) -> None:
    """The quarterly ranking of townships (达标创建情况排名): graded in the quarter first."""
    year_text, _sep, q = quarter_text.upper().partition("-Q")
    if not (year_text.isdigit() and q.isdigit()):
        raise InvalidInput(
            _("--quarter {text}: give YYYY-QN (2024-Q2)").format(text=repr(quarter_text)),
            facts={"field": "quarter"},
        )
    models = open_models(store, catch_up=not no_catch_up, views=["monthly"])
    ranked = models.quarterly_ranking(int(year_text), int(q), region)
    data = [
        {
            "rank": r.rank,
            "township": r.township,
            "completed": r.completed,
            "cumulative": r.cumulative,
            "under_review": r.under_review,
        }
        for r in ranked
    ]
    if as_json:
        emit({"region": region, "quarter": quarter_text, "ranking": data})
        return
    rows = [tuple(d.values()) for d in data]
    # The quarter for people: 2024年第3季度 in Chinese, 2024-Q3 (as typed) in English.
    quarter = _("{year}-Q{quarter}").format(year=int(year_text), quarter=int(q))
    title = _("Townships of {region} ranked, {quarter}").format(region=region, quarter=quarter)
    headers = (N_("rank"), N_("township"), N_("completed in the quarter"), N_("cumulative"))
    _table(title, (*headers, N_("under review")), rows)


# --- targets ---------------------------------------------------------------------------------


@cli.command("targets")
@store_option
@click.option("--on", "on_text", metavar="DATE", help="The day asked about (default: today).")
@catch_up_option
@json_option
@handle_errors
def targets_command(store: str, on_text: str | None, no_catch_up: bool, as_json: bool) -> None:
    """Progress against the coverage targets (目标任务): done, in progress, not started."""
    on = _date(on_text, "on") or _today()
    models = open_models(store, catch_up=not no_catch_up, views=["cases"])
    progress = models.targets(on)
    data = [target_data(p) for p in progress]
    if as_json:
        emit({"on": on.isoformat(), "targets": data})
        return
    headers = (N_("target"), N_("deadline"), N_("scope"), N_("done"), N_("in progress"))
    rows = [
        (
            p.target.id,
            day(p.target.deadline),
            *(d[key] for key in COUNT_KEYS),  # none for a milestone
            _(TARGET_STATUS.get(p.status, p.status)),
        )
        for p, d in zip(progress, data, strict=True)
    ]
    title = _("Targets on {day}").format(day=day(on))
    _table(title, (*headers, N_("not started"), N_("needed"), N_("status")), rows)


#: The progress of a target, as gradingcore.readmodels says it (TargetProgress.status).
TARGET_STATUS = {
    "nothing in scope": N_("nothing in scope"),
    "met": N_("met"),
    "missed": N_("missed"),
    "on track": N_("on track"),
    "behind": N_("behind"),
    "due": N_("due"),
    "date passed": N_("date passed"),
}


# --- the views -------------------------------------------------------------------------------


@cli.group("views")
def views_group() -> None:
    """The read models themselves: their position against the log, rebuilding them."""


def _view_names(view: str | None) -> list[str] | None:
    return [view] if view else None


@views_group.command("status")
@store_option
@json_option
@handle_errors
def status_command(store: str, as_json: bool) -> None:
    """Each view's position (the last event applied) against the log's head."""
    models = ReadModels(open_store(store))
    data = [
        {"view": s.name, "position": s.position, "head": s.head, "behind": s.behind}
        for s in models.status()
    ]
    if as_json:
        emit({"views": data})
        return
    headers = (N_("view"), N_("position"), N_("head"), N_("behind"))
    _table(_("Views"), headers, [tuple(d.values()) for d in data])


@views_group.command("rebuild")
@click.argument("view", required=False)
@store_option
@handle_errors
def rebuild_command(view: str | None, store: str) -> None:
    """Drop a view (or every view) and replay the whole log into it."""
    models = ReadModels(open_store(store))
    read = _run(models, _view_names(view), rebuild=True)
    text = _("rebuilt {view} from {n} events") if view else _("rebuilt every view from {n} events")
    click.echo(text.format(view=view, n=read), err=True)


@views_group.command("catch-up")
@click.argument("view", required=False)
@store_option
@click.option("--follow", is_flag=True, help="Keep following the log until interrupted.")
@handle_errors
def catch_up_command(view: str | None, store: str, follow: bool) -> None:
    """Apply the events the views have not applied yet."""
    models = ReadModels(open_store(store))
    read = _run(models, _view_names(view), rebuild=False)
    click.echo(_("applied {n} events").format(n=read), err=True)
    if follow:
        with contextlib.suppress(KeyboardInterrupt):
            models.follow()
