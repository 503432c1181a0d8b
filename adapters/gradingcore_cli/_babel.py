"""Babel extraction method for the CLI's help texts (babel.cfg maps this very file to it):
they live in click's decorators and docstrings, so it walks the live command tree instead of
reading source."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def extract_click_help(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extractor interface: (line, function, message, comments) per help text."""
    from gradingcore_cli._app import cli
    from gradingcore_cli._i18n import help_texts

    for text in dict.fromkeys(help_texts(cli)):
        yield 0, None, text, ["Translators: a help text of the command line (click)."]
