"""The command line in the reader's language (docs/i18n.md): ``--lang zh|en``, else
``GRADINGCORE_LANG``, else ``LC_ALL``/``LC_MESSAGES``/``LANG``, else Chinese.

Three catalogs speak here. The CLI's own messages are marked ``_()`` / ``ngettext()`` in its
modules (domain ``gradingcore_cli``). Its help texts are the strings of click's decorators and
docstrings: rather than a marker on each, :func:`speaking` swaps the whole command tree's
texts for their translations while a command runs (and :mod:`gradingcore_cli._babel` extracts
them from the same tree). click's own words ("Usage:", "Missing option", …) are click's
gettext messages: domain ``click``, which click looks up through the standard library's
gettext, whose language is the ``LANGUAGE`` variable set for the run.
"""

from __future__ import annotations

import contextlib
import gettext as stdlib_gettext
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from gradingcore import Locale, i18n

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CATALOG = i18n.Catalog("gradingcore_cli", LOCALE_DIR)
#: click's own messages, translated under the domain click's gettext calls use.
CLICK_DOMAIN = "click"


def _(text: str) -> str:
    """``text`` in the current locale (the run's, see :func:`speaking`)."""
    return CATALOG.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    return CATALOG.ngettext(singular, plural, n)


def N_(text: str) -> str:  # noqa: N802 (gettext's own name for the marker)
    """Marks a text for extraction that is translated later with ``_()`` (a column name)."""
    return text


def lang_argument(args: Sequence[str]) -> str | None:
    """The value of the root ``--lang`` among the arguments, before click parses them: help
    and usage errors are printed while parsing, so the locale must be known first."""
    for position, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and position + 1 < len(args):
            return args[position + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def choose(args: Sequence[str]) -> Locale:
    """``--lang`` if it names a language we speak, else the library's order (docs/i18n.md).
    A ``--lang`` we do not speak is left to click, which refuses it as a usage error."""
    given = lang_argument(args)
    if given in ("zh", "en"):
        return i18n.parse_locale(given)
    return i18n.current_locale()


def _commands(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _commands(sub)


def _forget_help_options(command: click.Command) -> None:
    # click (8.2+) keeps the --help option it made, with its help text in the language of the
    # run that made it: forget it, so that the next run makes its own.
    for each in _commands(command):
        if getattr(each, "_help_option", None) is not None:
            each._help_option = None


def _texts(command: click.Command) -> Iterator[tuple[Any, str]]:
    """(object, attribute) for every translatable text of a command and its sub-commands."""
    for attribute in ("help", "short_help", "epilog"):
        yield command, attribute
    for param in command.params:
        if isinstance(param, click.Option):
            yield param, "help"
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _texts(sub)


def _path_types(command: click.Command) -> Iterator[click.Path]:
    """Every click.Path type of a command's tree: each names itself ("file", "directory",
    "path") when it is made, at import, before --lang is read."""
    for param in command.params:
        if isinstance(param.type, click.Path):
            yield param.type
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _path_types(sub)


def _path_word(kind: click.Path) -> str:
    # The words click's Path.__init__ gives its name (click's own catalog translates them).
    if kind.file_okay and not kind.dir_okay:
        return "file"
    return "directory" if kind.dir_okay and not kind.file_okay else "path"


def help_texts(command: click.Command) -> Iterator[str]:
    """Every help text of the tree, as click stores it (the extraction's message ids)."""
    for owner, attribute in _texts(command):
        text = getattr(owner, attribute)
        if isinstance(text, str) and text.strip():
            yield text


@contextlib.contextmanager
def speaking(command: click.Command, locale: Locale) -> Iterator[Locale]:
    """Within the block, everything the CLI prints is in ``locale``: the core's renderings,
    the CLI's messages, the tree's help texts and click's own words. Restored afterwards, so
    that in-process runs (tests) do not leak a language into one another."""
    swapped = []
    for owner, attribute in _texts(command):
        text = getattr(owner, attribute)
        if isinstance(text, str) and text.strip():
            swapped.append((owner, attribute, text))
            setattr(owner, attribute, CATALOG.gettext(text, locale))
    _forget_help_options(command)
    language, domain = os.environ.get("LANGUAGE"), stdlib_gettext.textdomain()
    stdlib_gettext.bindtextdomain(CLICK_DOMAIN, str(LOCALE_DIR))
    stdlib_gettext.textdomain(CLICK_DOMAIN)
    os.environ["LANGUAGE"] = locale.value
    named = [(kind, kind.name) for kind in _path_types(command)]
    for kind, _name in named:  # "File 'x' does not exist" is 文件 'x' 不存在 in Chinese
        kind.name = stdlib_gettext.dgettext(CLICK_DOMAIN, _path_word(kind))
    try:
        with i18n.use_locale(locale) as chosen:
            yield chosen
    finally:
        for owner, attribute, text in swapped:
            setattr(owner, attribute, text)
        for kind, name in named:
            kind.name = name
        _forget_help_options(command)
        stdlib_gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language


class LocalizedGroup(click.Group):
    """A root group whose runs speak the chosen locale (mixed into the CLI's root group)."""

    def main(self, args: Sequence[str] | None = None, *pargs: Any, **kwargs: Any) -> Any:
        import sys

        arguments = list(sys.argv[1:] if args is None else args)
        with speaking(self, choose(arguments)):
            return super().main(arguments, *pargs, **kwargs)


def lang_option(func: Any) -> Any:
    """The root ``--lang``: read before parsing by :class:`LocalizedGroup`; declared here so
    that help shows it and click refuses a language we do not speak."""
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
        expose_value=False,
        is_eager=True,
        help="Language of the output: zh (简体中文, the default) or en; "
        "else GRADINGCORE_LANG, LC_ALL, LC_MESSAGES or LANG.",
    )(func)
