"""``gradingcore simulate``: a province of enterprises through the real service, into a store.

Prints a progress bar while it runs (on stderr), then the cases by status, level and industry,
the refused commands by rule id, the events recorded and how fast, and the timeline of one
graded case.
"""

from __future__ import annotations

import click
import pendulum
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from gradingcore import (
    GradingService,
    InvalidInput,
    Level,
    Status,
    label,
    redact_store,
    simulation,
)
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _
from gradingcore_cli._render import console, day, print_case, rule_summary
from gradingcore_cli.compare import run_comparison


@cli.command()
@click.option(
    "--enterprises",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="How many enterprises the province has.",
)
@click.option(
    "--years",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Calendar years to simulate, from --start through 31 December.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="The same seed gives the same province and the same history.",
)
@click.option(
    "--store",
    default="province.db",
    show_default=True,
    help="SQLite file, 'memory', or a postgresql:// URL.",
)
@click.option(
    "--policy",
    default=None,
    metavar="ID",
    help="Only applications judged by this policy (see `gradingcore policies`).",
)
@click.option(
    "--start",
    default=str(simulation.DEFAULT_START),
    show_default=True,
    help="The first day (the run ends on 31 December of its last year).",
)
@click.option(
    "--batch/--no-batch",
    default=True,
    show_default=True,
    help="Save the commands of different cases of a day in one transaction.",
)
@click.option(
    "--compare",
    "compare_file",
    default=None,
    metavar="POLICY_FILE",
    help="Run the province twice, in memory: under the policy in force and under this policy "
    "file (a draft), and compare them side by side (--store is not used).",
)
@click.option("--json", "as_json", is_flag=True, help="With --compare: print JSON for machines.")
@handle_errors
def simulate(
    enterprises: int,
    years: int,
    seed: int,
    store: str,
    policy: str | None,
    start: str,
    batch: bool,
    compare_file: str | None,
    as_json: bool,
) -> None:
    """Simulate ENTERPRISES enterprises of Henan for YEARS years into STORE, then summarize."""
    try:
        first = pendulum.Date.fromisoformat(start)
    except ValueError:
        raise InvalidInput(
            _("--start must be a date (YYYY-MM-DD), not {text}").format(text=repr(start)),
            facts={"field": "start"},
        ) from None
    if compare_file is not None:
        run_comparison(compare_file, enterprises, years, seed, first, as_json)
        return
    if as_json:
        raise InvalidInput(_("--json goes with --compare"), facts={"field": "json"})
    service = simulation.simulation_service(store, start=first)
    if next(iter(service.case_ids()), None) is not None:
        click.echo(
            _(
                "note: {store} already holds cases; commands this seed already ran are not "
                "recorded again"
            ).format(store=redact_store(store)),
            err=True,
        )
    progress = Progress(
        TextColumn("[bold]" + _("simulating")),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(_("days")),
        TimeElapsedColumn(),
        TextColumn("{task.fields[events]:>9,} " + _("events")),
        console=Console(stderr=True),
        transient=False,
    )
    with progress:
        task = progress.add_task("days", total=None, events=0)

        def report(done: int, total: int, events: int) -> None:
            progress.update(task, completed=done, total=total, events=events)

        # The process is the CLI's own: the cyclic collector is off for the run (0086, 0098).
        with simulation.province_collector(report) as tended:
            summary = simulation.simulate(
                service,
                enterprises=enterprises,
                years=years,
                seed=seed,
                start=first,
                policy=policy,
                batch=batch,
                progress=tended,
            )
    print_summary(service, summary, store)
    if summary.example is not None:
        console().print()
        print_case(service, summary.example, summary.end)


def print_summary(service: GradingService, summary: simulation.Summary, store: str) -> None:
    """The summary's tables and totals."""
    out = console()
    levels: list[Level | None] = [Level.LEVEL_3, Level.LEVEL_2, Level.LEVEL_1, None]
    by_level = Table(
        title=_("Enterprises on {day} by status and level").format(day=day(summary.end)),
        caption=_("level: the one held, else the last one sought"),
        header_style="bold",
    )
    by_level.add_column(_("status"))
    for level in levels:
        by_level.add_column(label(level) if level else _("no level"), justify="right")
    by_level.add_column(_("total"), justify="right")
    for status, total in summary.by_status().items():
        counts = [
            summary.count(status=status, level=lv) if lv else _no_level(summary, status)
            for lv in levels
        ]
        by_level.add_row(label(status), *map(_n, counts), f"{total:,}")
    out.print(by_level)

    columns = [
        Status.GRADED,
        Status.IN_PROGRESS,
        Status.NOT_PASSED,
        Status.REJECTED,
        Status.REVOKED,
        Status.EXPIRED,
        Status.NEW,
    ]
    by_industry = Table(title=_("Enterprises by industry (HN art. 2)"), header_style="bold")
    by_industry.add_column(_("industry"))
    by_industry.add_column(_("total"), justify="right")
    for level in (Level.LEVEL_2, Level.LEVEL_3):
        by_industry.add_column(
            _("{status} {level}").format(status=label(Status.GRADED), level=label(level)),
            justify="right",
        )
    for status in columns[1:]:
        by_industry.add_column(label(status), justify="right")
    for industry, total in summary.by_industry().items():
        graded = [
            summary.count(Status.GRADED, lv, industry) for lv in (Level.LEVEL_2, Level.LEVEL_3)
        ]
        rest = [summary.count(status, None, industry) for status in columns[1:]]
        by_industry.add_row(industry, f"{total:,}", *map(_n, graded), *map(_n, rest))
    out.print(by_industry)

    policy = service.policies.select(simulation.CITIES[0].code, Level.LEVEL_3, summary.end)
    refusals = Table(
        title=_("Refused commands by rule id (each refusal names its rules)"), header_style="bold"
    )
    refusals.add_column(_("rule"))
    refusals.add_column(_("refusals"), justify="right")
    refusals.add_column(_("rule says"), overflow="fold")
    for rule_id, n in summary.refusals.items():
        rule = policy.rules.get(rule_id)
        refusals.add_row(rule_id, str(n), rule_summary(rule) if rule else "")
    if summary.refusals:
        out.print(refusals)

    events = Table(title=_("Events recorded by type"), header_style="bold")
    events.add_column(_("event"))
    events.add_column(_("count"), justify="right")
    for name, n in summary.events_by_type.items():
        events.add_row(label(name), f"{n:,}")
    out.print(events)

    totals = _(
        "[bold]{enterprises}[/] enterprises, {opened} cases opened, {commands} commands "
        "({refused} refused), [bold]{events}[/] events in {seconds} s ([bold]{rate}[/] "
        "events/s); {start} to {end}, seed {seed}"
    ).format(
        enterprises=f"{summary.enterprises:,}",
        opened=f"{summary.opened:,}",
        commands=f"{summary.commands:,}",
        refused=f"{summary.refused:,}",
        events=f"{summary.events:,}",
        seconds=f"{summary.elapsed_seconds:.1f}",
        rate=f"{summary.events_per_second:,.0f}",
        start=day(summary.start),
        end=day(summary.end),
        seed=summary.seed,
    )
    if summary.policy:
        totals += _(", policy {policy}").format(policy=summary.policy)
    out.print(totals + _("; store {store}").format(store=redact_store(store)))


def _no_level(summary: simulation.Summary, status: Status) -> int:
    return sum(n for (s, level, _), n in summary.cases.items() if s == status and level is None)


def _n(count: int) -> str:
    return f"{count:,}" if count else "-"
