"""``gradingcore keys``: chain keys for keyed digests and signed anchors (decision 0079)."""

from __future__ import annotations

from pathlib import Path

import click

from gradingcore import KEY_FILE_VARIABLE, ChainKey, configured_chain_keys, new_chain_key
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _
from gradingcore_cli._store import emit, json_option


@cli.group()
def keys() -> None:
    """Chain keys: each event's digest an HMAC and each anchor signed, so that whoever can write
    the database without the key cannot change a history unseen (docs/reliability.md)."""


@keys.command()
@handle_errors
def new() -> None:
    """Print a new chain key (base64). Keep it outside the store and its backups, e.g.
    `gradingcore keys new > chain.key`, then GRADINGCORE_CHAIN_KEY_FILE=chain.key."""
    click.echo(new_chain_key())


@keys.command()
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=KEY_FILE_VARIABLE,
    required=True,
    help="The key file (env GRADINGCORE_CHAIN_KEY_FILE); created when it does not exist.",
)
@json_option
@handle_errors
def rotate(file: Path, as_json: bool) -> None:
    """Put a new key first in the key file: it writes and signs from now on; the old keys stay
    in the file, so the events and anchors they signed still verify."""
    from gradingcore.keys import key_lines
    from gradingcore.keys import rotate as rotate_file

    key = rotate_file(file)
    kept = [ChainKey.parse(k).key_id for k in key_lines(file.read_text(encoding="utf-8"))[1:]]
    if as_json:
        emit({"file": str(file), "current": key.key_id, "kept": kept})
        return
    click.echo(_("new chain key {id} in {file}").format(id=key.key_id, file=file))
    if kept:
        click.echo(_("kept to verify: {ids}").format(ids=", ".join(kept)))


@keys.command()
@json_option
@handle_errors
def show(as_json: bool) -> None:
    """The configured chain keys (GRADINGCORE_CHAIN_KEY or GRADINGCORE_CHAIN_KEY_FILE): each
    key's id and Ed25519 public key, the current one first. The keys themselves are never
    shown."""
    ring = configured_chain_keys()
    found = [] if ring is None else list(ring.keys)
    if as_json:
        emit([{"key_id": k.key_id, "public_key": k.public_key()} for k in found])
        return
    if not found:
        click.echo(_("no chain key configured: the chain is unkeyed"))
        return
    for n, key in enumerate(found):
        role = _("current") if n == 0 else _("verifies")
        click.echo(f"{key.key_id}  {role}  {key.public_key()}")


__all__ = ["keys"]
