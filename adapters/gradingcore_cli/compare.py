"""``gradingcore simulate --compare POLICY_FILE``: a draft policy beside the policy in force.

The same province (seed, population, behaviour) runs twice in memory; the tables put the two
side by side, then list the cases whose outcome differs with the step where they part.
"""

from __future__ import annotations

import json
from typing import Any

import click
import pendulum
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gradingcore import load_policy, simulation
from gradingcore_cli._render import console

#: How many differing cases the table shows (--json lists them all).
SHOWN = 20


def run_comparison(
    path: str, enterprises: int, years: int, seed: int, start: pendulum.Date, as_json: bool
) -> None:
    draft = load_policy(path)  # a malformed file fails here, naming its line
    progress = Progress(
        TextColumn("[bold]simulating twice"),
        BarColumn(),
        TextColumn("{task.fields[side]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=as_json,
    )
    with progress:
        task = progress.add_task("days", total=None, side="in force")
        sides = iter(("in force", str(draft.ref)))
        side = [next(sides)]

        def report(done: int, total: int, events: int) -> None:
            if done == total and side[0] == "in force":
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
    totals = Table(title=f"Enterprises on {result.end}: in force | {b.label}", header_style="bold")
    totals.add_column("level")
    for tally in simulation.TALLIES:
        totals.add_column(tally.replace("_", " "), justify="right")
    for level in (3, 2, 1, None):
        cells = [f"{a.total(t, level):,} | {b.total(t, level):,}" for t in simulation.TALLIES]
        totals.add_row(f"level {level}" if level else "all levels", *cells)
    out.print(totals)

    industries = Table(title="By industry: in force | draft", header_style="bold")
    industries.add_column("industry")
    for tally in simulation.TALLIES:
        industries.add_column(tally.replace("_", " "), justify="right")
    names = sorted({industry for _, industry in (*a.tallies, *b.tallies)})
    for industry in names:
        row = []
        for tally in simulation.TALLIES:
            left = sum(c[tally] for (_, i), c in a.tallies.items() if i == industry)
            right = sum(c[tally] for (_, i), c in b.tallies.items() if i == industry)
            row.append(f"{left:,} | {right:,}" + (" *" if left != right else ""))
        industries.add_row(industry, *row)
    out.print(industries)

    work = Table(title="The authorities' work per month: in force | draft", header_style="bold")
    work.add_column("month")
    for name in simulation.WORKLOAD:
        work.add_column(name, justify="right")
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

    differing = Table(
        title=f"{len(result.differences):,} cases whose outcome differs"
        + (f" (the first {SHOWN})" if len(result.differences) > SHOWN else ""),
        header_style="bold",
    )
    for column in (
        "USCC",
        "industry",
        "in force",
        "draft",
        "parted",
        "in force did",
        "draft did",
        "rules",
    ):
        differing.add_column(column, overflow="fold")
    for d in result.differences[:SHOWN]:
        differing.add_row(
            str(d.key.uscc),
            d.industry,
            _cell(d.in_force),
            _cell(d.draft),
            d.parted_on.isoformat() if d.parted_on else "-",
            d.in_force_step,
            d.draft_step,
            ", ".join(d.rule_ids),
        )
    out.print(differing)
    by_rule = ", ".join(f"{rule} {n:,}" for rule, n in result.differing_by_rule().items())
    out.print(
        f"[bold]{result.enterprises:,}[/] enterprises, {result.start} to {result.end}, seed "
        f"{result.seed}; {len(result.differences):,} differ"
        + (f" (by rule: {by_rule})" if by_rule else "")
        + f"; {result.elapsed_seconds:.1f} s for both runs"
    )


__all__ = ["comparison_data", "print_comparison", "run_comparison"]
