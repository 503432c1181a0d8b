"""``gradingcore simulate --compare POLICY_FILE``: a draft policy beside the policy in force.

The same province (seed, population, behaviour) runs twice in memory; the tables put the two
side by side, then list the cases whose outcome differs with the step where they part.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click
import pendulum
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gradingcore import Level, label, load_policy, simulation
from gradingcore_cli._i18n import N_, _
from gradingcore_cli._render import console, day

#: The columns of the tallies and of the authorities' work (simulation.TALLIES, .WORKLOAD).
_COLUMNS = {
    "graded": N_("graded"),
    "failed": N_("failed"),
    "locked_out": N_("locked out"),
    "revoked": N_("revoked"),
    "reviews": N_("reviews"),
    "publicity": N_("publicity"),
    "announcements": N_("announcements"),
    "overdue": N_("overdue"),
}
#: A step of the core's description: "2024-03-01 Applied (rule ids)", "… Apply refused (…)".
_STEP = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\w+)( refused)?(?: \((.*)\))?$")

#: How many differing cases the table shows (--json lists them all).
SHOWN = 20


def run_comparison(
    path: str, enterprises: int, years: int, seed: int, start: pendulum.Date, as_json: bool
) -> None:
    draft = load_policy(path)  # a malformed file fails here, naming its line
    progress = Progress(
        TextColumn("[bold]" + _("simulating twice")),
        BarColumn(),
        TextColumn("{task.fields[side]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=as_json,
    )
    with progress:
        in_force = _("in force")
        task = progress.add_task("days", total=None, side=in_force)
        sides = iter((in_force, str(draft.ref)))
        side = [next(sides)]

        def report(done: int, total: int, events: int) -> None:
            if done == total and side[0] == in_force:
                side[0] = next(sides)
            progress.update(task, completed=done, total=total, side=side[0])

        result = simulation.compare(
            draft, enterprises=enterprises, years=years, seed=seed, start=start, progress=report
        )
    if as_json:
        click.echo(json.dumps(comparison_data(result), ensure_ascii=False, indent=2))
    else:
        print_comparison(result)


def _cell(cell: simulation.Cell) -> str:
    status, level, _ = cell
    return f"{status}" + (f" L{int(level)}" if level else "")


def _shown(cell: simulation.Cell) -> str:
    """A cell for people: the status and the level in the reader's language."""
    status, level, _industry = cell
    return label(status) + (" " + label(level) if level else "")


def _column(name: str) -> str:
    return _(_COLUMNS[name]) if name in _COLUMNS else name


def _step(text: str) -> str:
    """What a side did where the histories part, in the reader's language."""
    found = _STEP.match(text)
    if text == "nothing more":
        return _("nothing more")
    if found is None:
        return text
    on, name, refused, rules = found.groups()
    when = day(pendulum.Date.fromisoformat(on))
    what = _("`{command}` refused").format(command=name) if refused else label(name)
    return f"{when} {what}" + (f" ({rules})" if rules else "")


def comparison_data(result: simulation.Comparison) -> dict[str, Any]:
    """The comparison as plain data."""

    def side(s: simulation.Side) -> dict[str, Any]:
        return {
            "label": s.label,
            "tallies": [
                {"level": level, "industry": industry, **counts}
                for (level, industry), counts in s.tallies.items()
            ],
            "workload": s.workload,
            "refusals": dict(s.summary.refusals),
        }

    return {
        "draft": str(result.draft_policy),
        "enterprises": result.enterprises,
        "seed": result.seed,
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "in_force": side(result.in_force),
        "draft_run": side(result.draft),
        "differences": [
            {
                "uscc": str(d.key.uscc),
                "specialty": d.key.specialty,
                "industry": d.industry,
                "in_force": _cell(d.in_force),
                "draft": _cell(d.draft),
                "parted_on": d.parted_on.isoformat() if d.parted_on else None,
                "in_force_step": d.in_force_step,
                "draft_step": d.draft_step,
                "rule_ids": list(d.rule_ids),
            }
            for d in result.differences
        ],
        "differing_by_rule": result.differing_by_rule(),
        "elapsed_seconds": round(result.elapsed_seconds, 1),
    }


def print_comparison(result: simulation.Comparison) -> None:
    out = console()
    a, b = result.in_force, result.draft
    in_force = _("in force")
    totals = Table(
        title=_("Enterprises on {day}: {a} | {b}").format(
            day=day(result.end), a=in_force, b=b.label
        ),
        header_style="bold",
    )
    totals.add_column(_("level"))
    for tally in simulation.TALLIES:
        totals.add_column(_column(tally), justify="right")
    for level in (3, 2, 1, None):
        cells = [f"{a.total(t, level):,} | {b.total(t, level):,}" for t in simulation.TALLIES]
        totals.add_row(label(Level(level)) if level else _("all levels"), *cells)
    out.print(totals)

    industries = Table(title=_("By industry: in force | draft"), header_style="bold")
    industries.add_column(_("industry"))
    for tally in simulation.TALLIES:
        industries.add_column(_column(tally), justify="right")
    names = sorted({industry for _level, industry in (*a.tallies, *b.tallies)})
    for industry in names:
        row = []
        for tally in simulation.TALLIES:
            left = sum(c[tally] for (_lv, i), c in a.tallies.items() if i == industry)
            right = sum(c[tally] for (_lv, i), c in b.tallies.items() if i == industry)
            row.append(f"{left:,} | {right:,}" + (" *" if left != right else ""))
        industries.add_row(industry, *row)
    out.print(industries)

    work = Table(title=_("The authorities' work per month: in force | draft"), header_style="bold")
    work.add_column(_("month"))
    for name in simulation.WORKLOAD:
        work.add_column(_column(name), justify="right")
    for month, counts in a.workload.items():
        other = b.workload[month]
        if not any(counts.values()) and not any(other.values()):
            continue
        work.add_row(
            month,
            *(
                f"{counts[n]:,} | {other[n]:,}" + (" *" if counts[n] != other[n] else "")
                for n in simulation.WORKLOAD
            ),
        )
    out.print(work)

    title = _("{n} cases whose outcome differs").format(n=f"{len(result.differences):,}")
    if len(result.differences) > SHOWN:
        title += _(" (the first {n})").format(n=SHOWN)
    differing = Table(title=title, header_style="bold")
    for column in (
        "USCC",
        _("industry"),
        in_force,
        _("draft"),
        _("parted"),
        _("in force did"),
        _("draft did"),
        _("rules"),
    ):
        differing.add_column(column, overflow="fold")
    for d in result.differences[:SHOWN]:
        differing.add_row(
            str(d.key.uscc),
            d.industry,
            _shown(d.in_force),
            _shown(d.draft),
            day(d.parted_on) if d.parted_on else "-",
            _step(d.in_force_step),
            _step(d.draft_step),
            ", ".join(d.rule_ids),
        )
    out.print(differing)
    by_rule = ", ".join(f"{rule} {n:,}" for rule, n in result.differing_by_rule().items())
    text = _("[bold]{n}[/] enterprises, {start} to {end}, seed {seed}; {differ} differ").format(
        n=f"{result.enterprises:,}",
        start=day(result.start),
        end=day(result.end),
        seed=result.seed,
        differ=f"{len(result.differences):,}",
    )
    if by_rule:
        text += _(" (by rule: {rules})").format(rules=by_rule)
    out.print(
        text + _("; {seconds} s for both runs").format(seconds=f"{result.elapsed_seconds:.1f}")
    )


__all__ = ["comparison_data", "print_comparison", "run_comparison"]
