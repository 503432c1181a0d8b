"""The root command group. Sub-command modules add themselves here, one import each."""

from __future__ import annotations

import click

from gradingcore_cli._errors import GradingGroup, handle_errors
from gradingcore_cli._i18n import LocalizedGroup, lang_option


class RootGroup(LocalizedGroup, GradingGroup):
    """Speaks the chosen language (``--lang``, docs/i18n.md); never shows a traceback."""


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gradingcore")
@lang_option
@click.option(
    "--debug",
    is_flag=True,
    help="Show the traceback of a failure (env GRADINGCORE_DEBUG=1 too).",
)
def cli(debug: bool) -> None:
    """gradingcore: grading cases of work-safety standardization (安全生产标准化定级).

    Exit codes: 0 done, 1 a finding (broken chain, breach), 2 bad input or usage, 3 refused by
    a rule, 4 the store could not be used, 70 an internal error (docs/reliability.md)."""


def _register() -> None:
    # Imported here, not at the top, so that each module can import `cli` without a cycle.
    from gradingcore_cli import (  # noqa: F401
        anchor,
        case,
        demo,
        importing,
        keys,
        policies,
        readmodels,
        scenario,
        simulate,
        verify,
        workdays,
    )

    _plugins()


#: Entry point group of commands other packages add (gradingcore_http: serve, tokens).
PLUGINS = "gradingcore.cli"


def _plugins() -> None:
    from importlib.metadata import entry_points

    for entry in entry_points(group=PLUGINS):
        try:
            command = entry.load()
        except ModuleNotFoundError as missing:
            command = _needs(entry.name, missing.name or "?")
        cli.add_command(command, entry.name)


def _needs(name: str, module: str) -> click.Command:
    """A command whose extra is not installed: it says which, instead of vanishing."""

    @click.command(name, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def missing(args: tuple[str, ...]) -> None:
        raise click.ClickException(
            f"`gradingcore {name}` needs {module!r}: pip install 'gradingcore[http]'"
        )

    missing.help = f"(needs the [http] extra: {module} is not installed)"
    return missing


_register()

__all__ = ["cli", "handle_errors"]
