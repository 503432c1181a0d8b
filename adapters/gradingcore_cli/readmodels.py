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
    BoardItem,
    InvalidInput,
    ListEntry,
    ReadModels,
    Role,
    Status,
    readmodels,
)
from gradingcore_cli._app import cli, handle_errors
from gradingcore_cli._render import console
from gradingcore_cli._store import emit, json_option, open_store, store_option

F = TypeVar("F", bound=Callable[..., Any])


def _date(text: str | None, field: str) -> pendulum.Date | None:
    if text is None:
        return None
    try:
        return pendulum.Date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"--{field} {text!r} is not a date in the form YYYY-MM-DD", facts={"field": field}
        ) from None


def _today() -> pendulum.Date:
    return pendulum.today("Asia/Shanghai").date()


def _iso(day: pendulum.Date | None) -> str | None:
    return day.isoformat() if day is not None else None


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
        task = bar.add_task("rebuilding views" if rebuild else "catching up", total=None)

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
    table = Table(title=title, header_style="bold")
    for h in headers:
        table.add_column(h, overflow="fold")
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
    data = [
        {
            "uscc": str(e.key.uscc),
            "specialty": e.key.specialty,
            "name": e.name,
            "region": e.region,
            "township": e.township,
            "industry": e.industry,
            "above_designated_size": e.above_designated_size,
            "status": str(e.status),
            "stage": str(e.stage) if e.stage else None,
            "level": int(e.level) if e.level else None,
            "valid_from": _iso(e.valid_from),
            "valid_until": _iso(e.valid_until),
            "revoked_on": _iso(e.revoked_on),
        }
        for e in entries
    ]
    if as_json:
        emit({"on": on.isoformat(), "entries": data})
        return
    headers = ("USCC", "专业", "name", "region", "township", "status", "level", "valid until")
    rows = [
        (
            d["uscc"],
            d["specialty"],
            d["name"],
            d["region"],
            d["township"],
            d["status"],
            d["level"],
            d["valid_until"],
        )
        for d in data
    ]
    _table(f"企业台账 on {on} ({len(rows)} cases)", headers, rows)


# --- the public lists ------------------------------------------------------------------------


def _entry_data(e: ListEntry) -> dict[str, Any]:
    return {
        "list": e.list,
        "uscc": str(e.key.uscc),
        "specialty": e.key.specialty,
        "name": e.name,
        "industry": e.industry,
        "region": e.region,
        "township": e.township,
        "level": int(e.level) if e.level else None,
        "on": e.on.isoformat(),
        "until": _iso(e.until),
        "valid_from": _iso(e.valid_from),
        "copied_to": list(e.copied_to),
        "authority": e.authority,
        "trigger": e.trigger,
    }


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
        raise InvalidInput(f"--from {start} is after --to {end}", facts={"field": "from"})
    models = open_models(store, catch_up=not no_catch_up, views=["lists"])
    if which == "publicity":
        entries = models.publicity(end, authority=authority, region=region)
        title = f"公示 on {end}"
    elif which == "announced":
        entries = models.announced(start, end, authority=authority, region=region)
        title = f"公告 {start} – {end}"
    else:
        entries = models.revoked(start, end, authority=authority, region=region)
        title = f"撤销 {start} – {end}"
    data = [_entry_data(e) for e in entries]
    if as_json:
        emit({"list": which, "from": start.isoformat(), "to": end.isoformat(), "entries": data})
        return
    last = {"publicity": "ends", "announced": "valid until", "revoked": "trigger"}[which]
    rows = [
        (
            d["uscc"],
            d["name"],
            d["region"],
            d["level"],
            d["on"],
            d["trigger"] if which == "revoked" else d["until"],
            "、".join(d["copied_to"]),
        )
        for d in data
    ]
    _table(f"{title} ({len(rows)})", ("USCC", "name", "region", "level", "on", last, "抄送"), rows)


# --- the deadline board ----------------------------------------------------------------------


def _item_data(item: BoardItem) -> dict[str, Any]:
    o = item.obligation
    return {
        "uscc": str(item.key.uscc),
        "specialty": item.key.specialty,
        "name": item.name,
        "region": item.region,
        "township": item.township,
        "rule_id": o.rule_id,
        "party": str(o.party),
        "what": o.what,
        "due": _iso(o.due),
        "overdue": o.overdue,
        "cited": str(o.citation),
    }


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
            click.echo(f"wrote {output} ({sum(1 for i in items if i.due)} due dates)", err=True)
        return
    data = [_item_data(i) for i in items]
    if as_json:
        emit({"on": on.isoformat(), "obligations": data})
        return
    rows = [
        (
            d["due"] or "—",
            "OVERDUE" if d["overdue"] else "",
            d["party"],
            d["rule_id"],
            d["name"],
            d["uscc"],
            d["region"],
            d["what"],
        )
        for d in data
    ]
    headers = ("due", "", "party", "rule", "name", "USCC", "region", "what")
    _table(f"open obligations on {on} ({len(rows)})", headers, rows)


# --- the monthly form and the ranking --------------------------------------------------------


@cli.group("report")
def report_group() -> None:
    """Statistics reports: the monthly form (月度报表), the quarterly township ranking."""


def _month(text: str) -> tuple[int, int]:
    try:
        first = pendulum.Date.fromisoformat(f"{text}-01")
    except ValueError:
        raise InvalidInput(f"--month {text!r}: give YYYY-MM", facts={"field": "month"}) from None
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
        raise InvalidInput("give --township or --region (one of them)", facts={"field": "township"})
    year, month = _month(month_text)
    models = open_models(store, catch_up=not no_catch_up, views=["monthly"])
    form = models.monthly_form(year, month, township=township, region=region)
    if fmt == "xlsx":
        if output is None:
            raise InvalidInput(
                "--format xlsx writes a file: give --output", facts={"field": "output"}
            )
        output.write_bytes(readmodels.form_xlsx(form))
        click.echo(f"wrote {output}", err=True)
        return
    if fmt in ("csv", "json"):
        text = readmodels.form_csv(form) if fmt == "csv" else readmodels.form_json(form) + "\n"
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
        return
    headers = ["行业"] + [f"{lv}{c}" for lv in ("一级", "二级", "三级") for c in readmodels.COLUMNS]
    rows = [(r.industry, *r.counts) for r in form.rows]
    _table(f"{readmodels.FORM_TITLE} 填报单位：{form.unit} {year} 年 {month} 月", headers, rows)


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
    year_text, _, q = quarter_text.upper().partition("-Q")
    if not (year_text.isdigit() and q.isdigit()):
        raise InvalidInput(f"--quarter {quarter_text!r}: give YYYY-Qn", facts={"field": "quarter"})
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
    _table(
        f"{region} {quarter_text}", ("rank", "township", "当季完成", "累计完成", "正在评审"), rows
    )


# --- targets ---------------------------------------------------------------------------------


_COUNT_KEYS = ("in_scope", "done", "in_progress", "not_started", "required")


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
    data = [
        {
            "id": p.target.id,
            "name": p.target.name,
            "region": p.target.region,
            "deadline": p.target.deadline.isoformat(),
            "share": str(p.target.share),
            "counts": p.target.counts,
            # A milestone (a plan's dated step no fact records) has no counts.
            **(
                dict.fromkeys(_COUNT_KEYS)
                if p.target.milestone
                else {
                    "in_scope": p.in_scope,
                    "done": p.done,
                    "in_progress": p.in_progress,
                    "not_started": p.not_started,
                    "required": p.required,
                }
            ),
            "on_track": p.on_track,
            "status": p.status,
            "cited": str(p.target.citation),
        }
        for p in models.targets(on)
    ]
    if as_json:
        emit({"on": on.isoformat(), "targets": data})
        return
    headers = ("target", "deadline", "scope", "done", "in progress", "not started", "needed")
    rows = [
        (
            d["id"],
            d["deadline"],
            d["in_scope"],
            d["done"],
            d["in_progress"],
            d["not_started"],
            d["required"],
            d["status"],
        )
        for d in data
    ]
    _table(f"targets on {on}", (*headers, "status"), rows)


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
    _table("views", ("view", "position", "head", "behind"), [tuple(d.values()) for d in data])


@views_group.command("rebuild")
@click.argument("view", required=False)
@store_option
@handle_errors
def rebuild_command(view: str | None, store: str) -> None:
    """Drop a view (or every view) and replay the whole log into it."""
    models = ReadModels(open_store(store))
    read = _run(models, _view_names(view), rebuild=True)
    click.echo(f"rebuilt {view or 'every view'} from {read} events", err=True)


@views_group.command("catch-up")
@click.argument("view", required=False)
@store_option
@click.option("--follow", is_flag=True, help="Keep following the log until interrupted.")
@handle_errors
def catch_up_command(view: str | None, store: str, follow: bool) -> None:
    """Apply the events the views have not applied yet."""
    models = ReadModels(open_store(store))
    read = _run(models, _view_names(view), rebuild=False)
    click.echo(f"applied {read} events", err=True)
    if follow:
        with contextlib.suppress(KeyboardInterrupt):
            models.follow()
