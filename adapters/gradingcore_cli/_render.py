"""Rendering a case for people: a header, the timeline and the open obligations (rich)."""

from __future__ import annotations

import sys

import pendulum
from rich.console import Console
from rich.table import Table

from gradingcore import CaseEvent, CaseKey, GradingService, event_summary


def console() -> Console:
    """Colour in a terminal; plain and wide when piped (nox, CI logs, files), so that dates in
    tables are not split."""
    return Console(width=None if sys.stdout.isatty() else 160, soft_wrap=False)


def timeline_table(events: list[CaseEvent]) -> Table:
    table = Table(show_lines=False, header_style="bold", expand=False)
    for column in ("v", "business date", "recorded (UTC)", "event", "actor", "rules", "deadlines"):
        table.add_column(column, overflow="fold")
    for e in events:
        table.add_row(
            str(e.originator_version),
            str(e.on),
            e.timestamp.strftime("%Y-%m-%d %H:%M"),
            f"[bold]{e.name}[/] {event_summary(e)}",
            str(e.actor),
            ", ".join(e.rules)
            + (f" [red]breach: {', '.join(e.breaches)}[/]" if e.breaches else ""),
            ", ".join(f"{d.rule_id} {d.due}" for d in e.deadlines),
        )
    return table


def print_case(service: GradingService, key: CaseKey, on: pendulum.Date) -> None:
    out = console()
    view = service.view(key, on)
    state = view.state
    level = (
        f"level {int(view.level)} valid through {view.valid_until}" if view.level else "no level"
    )
    out.rule(f"[bold]{state.enterprise.name}[/] {key}")
    stage = f" ({view.stage})" if view.stage else ""
    out.print(f"as of {on}: [bold]{view.status}[/]{stage}, {level}")
    out.print(timeline_table(service.history(key)))
    if view.obligations:
        for o in view.obligations:
            due = f" by {o.due}" if o.due else ""
            late = " [red]OVERDUE[/]" if o.overdue else ""
            out.print(
                f"  owed by {o.party}: {o.what}{due}{late}  [dim]{o.rule_id} ({o.citation})[/]"
            )
    else:
        out.print("  no open obligations")
