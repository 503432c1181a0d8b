"""The ``gradingcore`` command-line tool: a thin adapter over the public API of ``gradingcore``.

Each command group lives in its own module and is registered in :mod:`gradingcore_cli._app`.
"""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``gradingcore`` script."""
    try:
        from gradingcore_cli._app import cli
    except ModuleNotFoundError as missing:  # click or rich not installed
        raise SystemExit(
            f"gradingcore: the command-line tool needs {missing.name!r}: "
            "pip install 'gradingcore[cli]'"
        ) from None
    cli()


__all__ = ["main"]
