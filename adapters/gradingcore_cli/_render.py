"""Rendering a case for people: a header, the timeline and the open obligations (rich)."""

from __future__ import annotations

import os
import sys

import pendulum
from rich.console import Console
from rich.table import Table

from gradingcore import (
    CaseEvent,
    CaseKey,
    GradingService,
    Locale,
    Rule,
    actor_label,
    event_summary,
    i18n,
    label,
)
from gradingcore_cli._i18n import N_, _

_TIMELINE = (
    N_("v"),
    N_("business date"),
    N_("recorded (UTC)"),
    N_("event"),
    N_("actor"),
    N_("rules"),
    N_("deadlines"),
)


def console() -> Console:
    """Colour in a terminal; plain and wide when piped (nox, CI logs, files), so that dates in
    tables are not split: 160 columns, or ``COLUMNS`` when it asks for more."""
    width = None
    if not sys.stdout.isatty():
        asked = os.environ.get("COLUMNS", "")
        width = max(160, int(asked)) if asked.isdigit() else 160
    return Console(width=width, soft_wrap=False)


def day(value: pendulum.Date | None) -> str:
    """A date for people: 2024年10月23日 in Chinese, ISO in English (docs/i18n.md)."""
    return i18n.format_date(value) if value is not None else "—"


def rule_summary(rule: Rule) -> str:
    """A rule's summary in the reader's language: the policy data's Chinese wording where it
    has one (``summary_zh``), else the English."""
    chinese = getattr(rule, "summary_zh", "") or ""
    return chinese if chinese and i18n.current_locale() is Locale.ZH else rule.summary


def timeline_table(events: list[CaseEvent]) -> Table:
    table = Table(show_lines=False, header_style="bold", expand=False)
    for column in _TIMELINE:
        table.add_column(_(column), overflow="fold")
    for e in events:
        breach = _("breach: {rules}").format(rules=", ".join(e.breaches))
        table.add_row(
            str(e.originator_version),
            day(e.on),
            i18n.format_datetime(e.timestamp),
            f"[bold]{label(e.name)}[/] {event_summary(e)}",
            actor_label(e.actor),
            ", ".join(e.rules) + (f" [red]{breach}[/]" if e.breaches else ""),
            ", ".join(f"{d.rule_id} {day(d.due)}" for d in e.deadlines),
        )
    return table


def print_case(service: GradingService, key: CaseKey, on: pendulum.Date) -> None:
    out = console()
    view = service.view(key, on)
    state = view.state
    if view.level:
        level = _("{level} valid through {until}").format(
            level=label(view.level), until=day(view.valid_until)
        )
    else:
        level = _("no level")
    out.rule(f"[bold]{state.enterprise.name}[/] {key}")
    stage = _(" ({stage})").format(stage=label(view.stage)) if view.stage else ""
    out.print(
        _("as of {day}: {status}{stage}, {level}").format(
            day=day(on), status=f"[bold]{label(view.status)}[/]", stage=stage, level=level
        )
    )
    out.print(timeline_table(service.history(key)))
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
