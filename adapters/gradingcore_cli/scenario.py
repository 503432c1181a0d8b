"""``gradingcore scenario run FILES…``: run scenario files, pass or fail per expectation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from gradingcore import GradingError, OfficialYear, load_year_file
from gradingcore.scenarios import (
    Check,
    ScenarioError,
    ScenarioResult,
    find_scenarios,
    load_scenario,
    run_scenario,
)
from gradingcore_cli._app import cli
from gradingcore_cli._i18n import _
from gradingcore_cli._render import day

#: Exit status when a scenario failed (or none was found), as pytest's.
EXIT_FAILED = 1
#: Exit status when a file could not be read (bad input; pytest's for collection errors too).
EXIT_FILE_ERRORS = 2


@cli.group()
def scenario() -> None:
    """Grading scenarios: one case per YAML file (see docs/scenarios.md)."""


@scenario.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures and the summary.")
@click.option(
    "--calendar-file",
    "calendar_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A year file (docs/calendar.md) every scenario's calendar also holds; repeatable.",
)
def run_command(
    paths: tuple[Path, ...], as_json: bool, quiet: bool, calendar_files: tuple[Path, ...]
) -> None:
    """Run the scenario files PATHS (a directory: every scenario_*.yaml below it).

    Prints each expectation as ok or FAIL; exits 2 if any file has errors (each reported with
    its line), else 1 if any scenario failed. A scenario's own ``calendar_files`` and the
    ``--calendar-file`` years are loaded into its calendar.
    """
    try:
        years = tuple(load_year_file(f) for f in calendar_files)
    except GradingError as error:
        click.echo(_("ERROR {message}").format(message=error.localized()), err=True)
        raise SystemExit(EXIT_FILE_ERRORS) from None
    files = list(find_scenarios(paths))
    reports: list[dict[str, Any]] = []
    failed = unreadable = 0
    for path in files:
        outcome = _run(path, years)
        if isinstance(outcome, ScenarioResult):
            reports.append(outcome.as_dict())
            failed += not outcome.passed
            if not as_json and (not quiet or not outcome.passed):
                click.echo(_text(outcome, quiet))
        else:
            reports.append({"file": str(path), "passed": False, "errors": outcome})
            failed += 1
            unreadable += 1
            if not as_json:
                click.echo(_("ERROR {file}").format(file=path))
                for line in outcome:
                    click.echo(f"  {line}")
    if as_json:
        click.echo(
            json.dumps(
                {"passed": len(files) - failed, "failed": failed, "scenarios": reports},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(
            _("{passed} passed, {failed} failed").format(passed=len(files) - failed, failed=failed)
        )
    if unreadable:
        raise SystemExit(EXIT_FILE_ERRORS)
    if failed or not files:
        raise SystemExit(EXIT_FAILED)


def _run(path: Path, years: tuple[OfficialYear, ...]) -> ScenarioResult | list[str]:
    """The result of one file, or its problems (each with its line)."""
    try:
        return run_scenario(load_scenario(path), calendar_years=years)
    except ScenarioError as error:
        errors = getattr(error, "errors", ()) or (error,)
        return [str(e) for e in errors]
    except GradingError as error:  # a year given twice with different days, for one
        return [f"{path}: {error.localized()}"]


def _text(result: ScenarioResult, quiet: bool) -> str:
    """The scenario's name (``name_zh`` in Chinese, when the file has one), then its checks
    (all, or the failures when ``quiet``), in the reader's language."""
    scenario = result.scenario
    mark = _("PASS") if result.passed and not quiet else _("FAIL")
    name = scenario.localized_name()
    head = f"{mark} {name}" + (f" ({scenario.where.path})" if scenario.where.path else "")
    checks = result.failures if quiet else result.checks
    return "\n".join([head, *(_check(c) for c in checks)])


def _check(check: Check) -> str:
    mark = _("ok  ") if check.passed else _("FAIL")
    if check.where.line:
        place = _("line {n}").format(n=check.where.line)
    else:
        place = _("step {n}").format(n=check.step)
    name = "" if check.step == 0 else check.step_name  # the scenario as a whole has no step
    text = f"  {mark} {place:<9} {name} {day(check.on) if check.on else ''}".rstrip()
    text += f": {check.localized()}"
    detail = check.localized_detail()
    return f"{text}\n         {detail}" if detail and not check.passed else text
