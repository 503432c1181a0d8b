"""``gradingcore anchor``: a store-wide checkpoint of every case's head, to keep elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from gradingcore import check_anchor, i18n, load_anchor, redact_store, take_anchor
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _
from gradingcore_cli._store import EXIT_FINDINGS, emit, json_option, open_store, store_option


@cli.command()
@store_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the anchor (JSON). Keep it outside the store's reach.",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The previous anchor: the store must still hold it, and the new one names its root.",
)
@json_option
@handle_errors
def anchor(store: str, output: Path, previous: Path | None, as_json: bool) -> None:
    """Write an anchor of STORE: every case's head (version and digest), their Merkle root and
    the time; `verify --all --against FILE` later finds a case deleted, a tail truncated or a
    history changed before it. With a chain key the anchor is signed (Ed25519)
    (docs/reliability.md)."""
    service = open_store(store)
    # An unsigned previous anchor (taken before keys) may start a signed chain; a signed one
    # must verify.
    before = load_anchor(previous, keys=service.keys, signed=False) if previous else None
    if before is not None:
        findings = check_anchor(service, before)
        for f in findings:
            click.echo(
                _("BROKEN case {case} event v{version}: {problem}").format(
                    case=f.case_id, version=f.version, problem=f.localized()
                ),
                err=True,
            )
        if findings:
            click.echo(
                _("not anchored: the store no longer holds {file}").format(file=previous),
                err=True,
            )
            raise SystemExit(EXIT_FINDINGS)
    taken = take_anchor(service, previous=before, store=store)
    taken.write(output)
    if as_json:
        emit({"file": str(output), **taken.as_dict(), "cases": len(taken.heads)})
        return
    text = _("anchored {n} case(s) of {store} at {at}: root {root}").format(
        n=len(taken.heads),
        store=redact_store(store),
        at=i18n.format_datetime(taken.taken_at),
        root=taken.root,
    )
    if taken.previous_root:
        text += _(", after {root}").format(root=taken.previous_root)
    click.echo(f"{text} -> {output}")


__all__ = ["anchor"]
