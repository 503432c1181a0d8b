"""``gradingcore verify``: each case's hash chain and versions, as the rows lie in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import click
from rich.progress import Progress

from gradingcore import InvalidInput, check_anchor, load_anchor, redact_store
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _
from gradingcore_cli._render import console
from gradingcore_cli._store import (
    EXIT_FINDINGS,
    emit,
    json_option,
    open_store,
    resolve,
    store_option,
)


@cli.command()
@click.argument("case", metavar="[CASE]", required=False)
@click.option("--all", "every", is_flag=True, help="Verify every case in the store.")
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An anchor (gradingcore anchor): also find cases deleted, tails truncated and "
    "histories changed before it.",
)
@click.option(
    "--allow-unkeyed",
    is_flag=True,
    help="With a chain key: accept events written before keys were configured (an unkeyed "
    "event after keyed ones is still a finding).",
)
@store_option
@json_option
@handle_errors
def verify(
    case: str | None,
    every: bool,
    against: Path | None,
    allow_unkeyed: bool,
    store: str,
    as_json: bool,
) -> None:
    """Check the hash chain of CASE (or of --all cases): an event edited, deleted, inserted or
    reordered behind the library's back is named. With a chain key (GRADINGCORE_CHAIN_KEY or
    GRADINGCORE_CHAIN_KEY_FILE) keyed digests and the anchor's signature are checked too.
    Exits 1 when a chain is broken or cannot be checked."""
    if (case is None) == (not every):
        raise InvalidInput(_("give either CASE or --all"))
    service = open_store(store)
    anchor = load_anchor(against, keys=service.keys) if against is not None else None
    out = console()
    if every:
        ids = list(service.case_ids())
        results: list[tuple[UUID, list[Any]]] = []
        with Progress(console=out, transient=True, disable=as_json) as progress:
            task = progress.add_task("verifying", total=len(ids))
            for case_id in ids:
                results.append((case_id, service.verify(case_id, allow_unkeyed=allow_unkeyed)))
                progress.advance(task)
    else:
        case_id = resolve(service, case or "")
        results = [(case_id, service.verify(case_id, allow_unkeyed=allow_unkeyed))]
    if anchor is not None:
        anchored = check_anchor(service, anchor)
        wanted = {case_id for case_id, _ in results}
        found: dict[UUID, list[Any]] = dict(results)
        for finding in anchored:
            if every or finding.case_id in wanted:
                found.setdefault(finding.case_id, []).append(finding)
        results = list(found.items())
    broken = [(case_id, breaks) for case_id, breaks in results if breaks]
    if as_json:
        emit(
            {
                "store": redact_store(store),
                "cases": len(results),
                "verified": not broken,
                "broken": [
                    {
                        "case_id": str(case_id),
                        "case": _name(service, case_id),
                        "breaks": [{"version": b.version, "problem": b.problem} for b in breaks],
                    }
                    for case_id, breaks in broken
                ],
            }
        )
    else:
        for case_id, breaks in broken:
            name = _name(service, case_id)
            for b in breaks:
                out.print(
                    "[bold red]"
                    + _("BROKEN")
                    + "[/] "
                    + _("case {name} ({id}) event v{version}: {problem}").format(
                        name=name, id=case_id, version=b.version, problem=b.localized()
                    )
                )
        ok = len(results) - len(broken)
        verified = _("{ok} of {n} case(s) verify").format(ok=ok, n=len(results))
        broken_text = _("{n} broken").format(n=len(broken))
        out.print(verified + ("" if not broken else f"; [bold red]{broken_text}[/]"))
    if broken:
        raise SystemExit(EXIT_FINDINGS)


def _name(service: Any, case_id: UUID) -> str:
    """The case's key from its first row, if that row still reads."""
    key = service.key_of(case_id)
    return str(key) if key is not None else str(case_id)


__all__ = ["verify"]
