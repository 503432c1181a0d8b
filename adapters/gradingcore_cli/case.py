"""``gradingcore case``: an auditor's look at one case: timeline, state, diff, check, export."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Any

import attrs
import click
import pendulum
from rich.table import Table

from gradingcore import InvalidInput, Level, Locale, check, label
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _, ngettext
from gradingcore_cli._render import console, day, timeline_table
from gradingcore_cli._store import (
    EXIT_FINDINGS,
    case_argument,
    emit,
    json_option,
    open_store,
    resolve,
    store_option,
)
from gradingcore_cli.report import (
    event_data,
    finding_data,
    html_report,
    kind_label,
    markdown,
    pdf_report,
    report_data,
    view_data,
)


def _date(text: str | None) -> pendulum.Date | None:
    if text is None:
        return None
    try:
        return pendulum.Date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("{text} is not a date in the form YYYY-MM-DD").format(text=repr(text))
        ) from None


def _instant(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("{text} is not an ISO timestamp (2024-05-01T12:00+08:00)").format(text=repr(text))
        ) from None
    if when.tzinfo is None:
        raise InvalidInput(
            _("{text} has no time zone: add one, e.g. +08:00 or Z").format(text=repr(text))
        )
    return when


@cli.group()
def case() -> None:
    """One grading case for an auditor: CASE is a USCC, USCC/specialty or the case's id."""


@case.command()
@case_argument
@store_option
@json_option
@handle_errors
def timeline(case: str, store: str, as_json: bool) -> None:
    """Every event in order: business date, recorded time, actor, what it says, rules, deadlines."""
    service = open_store(store)
    events = service.history(resolve(service, case))
    if as_json:
        emit([event_data(e, Locale.EN) for e in events])
        return
    console().print(timeline_table(events))


@case.command()
@case_argument
@store_option
@click.option("--as-of", "as_of", metavar="DATE", help="Business date (default: today).")
@click.option(
    "--known-at",
    "known_at",
    metavar="TIMESTAMP",
    help="Only what was recorded by then (ISO timestamp with a zone).",
)
@click.option("--version", "version", type=click.IntRange(min=1), help="Only events up to N.")
@click.option(
    "--level",
    type=click.IntRange(1, 3),
    help="Level to judge eligibility for (default: held, else applied for, else 3).",
)
@json_option
@handle_errors
def show(
    case: str,
    store: str,
    as_of: str | None,
    known_at: str | None,
    version: int | None,
    level: int | None,
    as_json: bool,
) -> None:
    """The state then, replayed from the events (never snapshots): status, level, validity,
    open obligations and eligibility."""
    service = open_store(store)
    case_id = resolve(service, case)
    on = _date(as_of) or pendulum.today("Asia/Shanghai").date()
    view = service.view(case_id, on, known_at=_instant(known_at), version=version)
    state = view.state
    if level is None:
        held = state.level_on(on)
        app = state.application
        level = int(held.level) if held else int(app.level) if app else 3
    eligibility = service.eligibility(state.key, Level(level), on)
    data = view_data(view, eligibility)
    if as_json:
        emit(data)
        return
    out = console()
    out.rule(f"[bold]{data['enterprise']}[/] {data['case']}")
    if view.level:
        held_text = _("{level} valid through {until}").format(
            level=label(view.level), until=day(view.valid_until)
        )
    else:
        held_text = _("no level held")
    stage = _(" ({stage})").format(stage=label(view.stage)) if view.stage else ""
    out.print(
        _("as of {day}: {status}{stage}, {level}").format(
            day=day(on), status=f"[bold]{label(view.status)}[/]", stage=stage, level=held_text
        )
    )
    if view.obligations:
        for o in view.obligations:
            due = _(" by {day}").format(day=day(o.due)) if o.due else ""
            late = " [red]" + _("OVERDUE") + "[/]" if o.overdue else ""
            out.print(
                "  "
                + _("owed by {party}: {what}").format(party=label(o.party), what=o.localized())
                + f"{due}{late}  [dim]{o.rule_id} ({o.citation.localized()})[/]"
            )
    else:
        out.print("  " + _("no open obligations"))
    verdict = (
        "[green]" + _("eligible") + "[/]"
        if eligibility.eligible
        else "[red]" + _("not eligible") + "[/]"
    )
    out.print(
        _("application for {level} on {day}: {verdict}").format(
            level=label(eligibility.level), day=day(eligibility.on), verdict=verdict
        )
    )
    for u in eligibility.unmet:
        out.print(f"  [red]{u.rule_id}[/] ({u.citation.localized()}): {u.localized()}")


def _plain(state: Any) -> dict[str, Any]:
    data: dict[str, Any] = attrs.asdict(state)
    return data


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for k, v in value.items():
            flat.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return flat
    if isinstance(value, list | tuple):
        if not value:
            return {prefix: []}
        flat = {}
        for i, v in enumerate(value):
            flat.update(_flatten(v, f"{prefix}[{i}]"))
        return flat
    if isinstance(value, frozenset | set):
        return {prefix: sorted(str(v) for v in value)}
    if isinstance(value, enum.Enum):
        value = value.value
    return {prefix: value if value is None or isinstance(value, bool | int | str) else str(value)}


@case.command()
@case_argument
@store_option
@click.option("--from", "v1", type=click.IntRange(min=1), required=True, help="Version before.")
@click.option("--to", "v2", type=click.IntRange(min=1), required=True, help="Version after.")
@json_option
@handle_errors
def diff(case: str, store: str, v1: int, v2: int, as_json: bool) -> None:
    """What changed in the case's state from version V1 to V2, field by field."""
    service = open_store(store)
    case_id = resolve(service, case)
    last = len(service.history(case_id))
    for v in (v1, v2):
        if v > last:
            raise InvalidInput(
                ngettext(
                    "the case has {n} event: no version {v}",
                    "the case has {n} events: no version {v}",
                    last,
                ).format(n=last, v=v)
            )
    before = _flatten(_plain(service.state(case_id, version=v1)))
    after = _flatten(_plain(service.state(case_id, version=v2)))
    changes = [
        {"field": name, "from": before.get(name), "to": after.get(name)}
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]
    events = [event_data(e, Locale.EN) for e in service.history(case_id)[min(v1, v2) : max(v1, v2)]]
    if as_json:
        emit({"from": v1, "to": v2, "events": events, "changes": changes})
        return
    out = console()
    out.print(f"v{v1} → v{v2}: " + ", ".join(f"v{e['version']} {label(e['type'])}" for e in events))
    table = Table(header_style="bold")
    for column in (_("field"), f"v{v1}", f"v{v2}"):
        table.add_column(column, overflow="fold")
    for c in changes:
        table.add_row(c["field"], _show(c["from"]), _show(c["to"]))
    out.print(table if changes else _("no change"))


def _show(value: Any) -> str:
    if isinstance(value, bool):  # before int: a flag reads as yes or no
        return _("yes") if value else _("no")
    return "—" if value is None else str(value)


@case.command("check")
@case_argument
@store_option
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Judge open deadlines on this business date (default: today).",
)
@json_option
@handle_errors
def check_command(case: str, store: str, as_of: str | None, as_json: bool) -> None:
    """Re-judge the whole history under its recorded policy and calendar versions and list
    every rule outcome with its citation. Exits 1 when a finding is a breach."""
    service = open_store(store)
    case_id = resolve(service, case)
    on = _date(as_of) or pendulum.today("Asia/Shanghai").date()
    report = check(service, case_id, as_of=on)
    if as_json:
        emit(
            {
                "case": str(report.key),
                "as_of": on.isoformat(),
                "ok": report.ok,
                "calendar": report.calendar_version,
                "breaches": len(report.breaches),
                "findings": [finding_data(f, Locale.EN) for f in report.findings],
            }
        )
    else:
        table = Table(header_style="bold")
        for column in (_("v"), _("result"), _("rule"), _("finding"), _("citation")):
            table.add_column(column, overflow="fold")
        for f in report.findings:
            mark = "[green]" + _("ok") + "[/]" if f.holds else "[bold red]" + _("BREACH") + "[/]"
            table.add_row(
                str(f.version),
                mark,
                f"{f.rule_id}\n[dim]{kind_label(f.kind)}[/]",
                f.localized(),
                f.citation.localized() if f.citation else "",
            )
        out = console()
        out.print(table)
        n = len(report.breaches)
        found = ngettext("{n} breach finding", "{n} breach findings", n).format(n=n)
        out.print(
            f"{report.key}: "
            + ("[green]" + _("no breach") + "[/]" if report.ok else f"[bold red]{found}[/]")
        )
    if not report.ok:
        raise SystemExit(EXIT_FINDINGS)


@case.command()
@case_argument
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md", "html", "pdf"]),
    default="html",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: stdout; a PDF needs a file).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Judge open deadlines on this date.")
@handle_errors
def export(case: str, store: str, fmt: str, output: Path | None, as_of: str | None) -> None:
    """A self-contained audit report: timeline, findings, citations (中文 and English) and the
    integrity of the stored history."""
    import json

    service = open_store(store)
    case_id = resolve(service, case)
    on = _date(as_of) or pendulum.today("Asia/Shanghai").date()
    # JSON is data: its summaries are English, whatever the locale (docs/i18n.md).
    data = report_data(service, case_id, on, Locale.EN if fmt == "json" else None)
    if fmt == "pdf":
        if output is None:
            raise InvalidInput(_("a PDF is written to a file: give -o report.pdf"))
        output.write_bytes(pdf_report(data))
        click.echo(_("wrote {path}").format(path=output))
        return
    text = {
        "json": lambda: json.dumps(data, ensure_ascii=False, indent=2),
        "md": lambda: markdown(data),
        "html": lambda: html_report(data),
    }[fmt]()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(_("wrote {path}").format(path=output))


__all__ = ["case"]
