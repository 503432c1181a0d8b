"""Turning gradingcore's typed errors into messages and exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from gradingcore import GradingError

P = ParamSpec("P")
R = TypeVar("R")

#: Exit status of a command refused by a rule (2 is click's own usage error).
EXIT_REFUSED = 3


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print a GradingError with its rule ids and citations on stderr and exit non-zero."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except GradingError as error:
            click.echo(f"error: {error}", err=True)
            for citation in error.citations:
                if citation.text_zh:
                    click.echo(f"  {citation}: {citation.text_zh}", err=True)
            raise SystemExit(EXIT_REFUSED) from None

    return wrapper
