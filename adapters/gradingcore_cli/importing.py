"""``gradingcore import``: histories from elsewhere, judged by the rules, written all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from gradingcore import GradingService, import_histories, load_import, redact_store
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _
from gradingcore_cli._render import console
from gradingcore_cli._store import emit, json_option, store_option


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@json_option
@handle_errors
def import_command(file: Path, store: str, as_json: bool) -> None:
    """Read FILE (docs/audit.md's JSON format), judge every step by the rules on an in-memory
    store, then write every case to STORE in one go; on any refusal nothing is written."""
    cases = load_import(file)
    service = GradingService(store)
    result = import_histories(service, cases)
    if as_json:
        emit(
            {
                "store": redact_store(store),
                "cases": [{"case": str(k), "events": n} for k, n in result.cases],
                "events": result.events,
            }
        )
        return
    out = console()
    for key, n in result.cases:
        out.print(_("imported {key}: {n} events").format(key=key, n=n))
    out.print(
        _("{cases} case(s), {events} events written to {store}").format(
            cases=len(result.cases), events=result.events, store=redact_store(store)
        )
    )


__all__ = ["import_command"]
