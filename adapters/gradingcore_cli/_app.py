"""The root command group. Sub-command modules add themselves here, one import each."""

from __future__ import annotations

import click

from gradingcore_cli._errors import handle_errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gradingcore")
def cli() -> None:
    """gradingcore: grading cases of work-safety standardization (安全生产标准化定级)."""


def _register() -> None:
    # Imported here, not at the top, so that each module can import `cli` without a cycle.
    from gradingcore_cli import (  # noqa: F401
        case,
        demo,
        importing,
        policies,
        scenario,
        serve,
        simulate,
        verify,
        workdays,
    )


_register()

__all__ = ["cli", "handle_errors"]
