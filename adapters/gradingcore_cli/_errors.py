"""Turning gradingcore's typed errors into messages and exit codes.

The exit codes (docs/reliability.md, "Exit codes"), so that a script can tell failures apart:

== =====================================================================================
0  done
1  a finding: a broken chain, a breach, a failed scenario
2  bad input or usage (click's own convention): a malformed value, an unknown case
3  refused by a rule (the rule ids and citations are printed), or a conflict to retry
4  the store could not be used: unreachable, locked, read-only, damaged, not SQLite
70 an internal error (a bug: please report it with the output of ``--debug``)
141 the reader of the output went away (``gradingcore … | head``), as a shell's SIGPIPE
== =====================================================================================

No traceback reaches the user unless ``gradingcore --debug`` (or ``GRADINGCORE_DEBUG=1``).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from gradingcore import (
    CalendarCoverageError,
    CaseNotFound,
    GradingError,
    InvalidInput,
    PolicyError,
    StoreError,
    translate_store_error,
)
from gradingcore_cli._i18n import _

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK = 0
#: A check found a breach, a verification a broken chain, a scenario failed.
EXIT_FINDINGS = 1
#: Bad input or usage (click's own usage errors exit 2 too).
EXIT_BAD_INPUT = 2
#: A command refused by a rule, or a write conflict that did not resolve.
EXIT_REFUSED = 3
#: The store could not be used.
EXIT_STORE = 4
#: Anything not foreseen: a bug (EX_SOFTWARE of sysexits.h).
EXIT_INTERNAL = 70
EXIT_PIPE_CLOSED = 141

#: Where ``handle_errors`` remembers the command's ``--store`` for the group's last resort.
_STORE_KEY = "gradingcore.store"


def exit_code(error: GradingError) -> int:
    """The exit status for a typed error (the table of the module docstring)."""
    if isinstance(error, StoreError):
        return EXIT_STORE
    if isinstance(error, CalendarCoverageError):
        return EXIT_REFUSED  # rule calendar.official: the library never guesses a year
    if isinstance(error, InvalidInput | CaseNotFound | PolicyError):
        return EXIT_BAD_INPUT
    return EXIT_REFUSED


def debugging() -> bool:
    """Whether ``--debug`` (or ``GRADINGCORE_DEBUG``) asks for tracebacks."""
    if os.environ.get("GRADINGCORE_DEBUG", "").lower() in ("1", "true", "yes", "y"):
        return True
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))


def fail(error: BaseException, store: Any = None) -> NoReturn:
    """Print ``error`` for a person (no traceback) and exit with its status."""
    if isinstance(error, BrokenPipeError):
        # The reader (``| head``) closed the pipe: nothing is wrong and nothing more can be
        # said. Point stdout at devnull so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(EXIT_PIPE_CLOSED) from None
    if not isinstance(error, GradingError):
        typed = translate_store_error(error, store)
        if typed is None:
            click.echo(
                _("internal error: {kind}: {error}").format(kind=type(error).__name__, error=error)
                + "\n"
                + _(
                    "this is a bug in gradingcore; run again with `gradingcore --debug ...` for "
                    "the traceback and report it"
                ),
                err=True,
            )
            raise SystemExit(EXIT_INTERNAL) from None
        error = typed
    click.echo(_("error: {error}").format(error=error), err=True)
    for citation in error.citations:
        if citation.text_zh:
            click.echo(f"  {citation.localized()}: {citation.text_zh}", err=True)
    raise SystemExit(exit_code(error)) from None


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print a GradingError with its rule ids and citations on stderr and exit with its
    status; any other failure of the store as a typed store error."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        store = kwargs.get("store")
        ctx = click.get_current_context(silent=True)
        if ctx is not None and store is not None:
            ctx.meta[_STORE_KEY] = store
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:
            if debugging():
                raise
            fail(error, store)

    return wrapper


class GradingGroup(click.Group):
    """The root group: the last resort for a failure no command handled (never a traceback
    unless ``--debug``)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:
            if debugging():
                raise
            fail(error, ctx.meta.get(_STORE_KEY))
