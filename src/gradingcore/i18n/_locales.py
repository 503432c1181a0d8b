"""The locales gradingcore speaks (语言): simplified Chinese first, English second.

Which one a message is rendered in is decided in this order: the locale passed explicitly;
the one set for the current context (:func:`use_locale`, e.g. one HTTP request); the process
default (:func:`set_default_locale`, e.g. the CLI's ``--lang``); the host's configuration in
``GRADINGCORE_LANG``; the environment's ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (POSIX
order); and zh-CN when none of these names a language we
speak. ``C``/``POSIX`` name no language, so a bare server falls back to Chinese, the language
of the people who read the output.
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import os
from collections.abc import Iterator, Mapping

from gradingcore.errors import InvalidInput


class Locale(enum.Enum):
    """A locale gradingcore has a catalog for. The value is the gettext/Babel identifier."""

    ZH = "zh_CN"
    EN = "en"

    @property
    def tag(self) -> str:
        """The BCP 47 tag (``zh-CN``, ``en``), for HTTP ``Content-Language`` and HTML ``lang``."""
        return self.value.replace("_", "-")

    @property
    def language(self) -> str:
        """The bare language code (``zh``, ``en``), as the CLI's ``--lang`` takes it."""
        return self.value.split("_")[0]


#: The first locale: where nothing chooses one, messages are Chinese.
FIRST = Locale.ZH

#: The variable a host sets to configure gradingcore's locale without touching the system's.
CONFIG_VARIABLE = "GRADINGCORE_LANG"
_ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")
_scoped: contextvars.ContextVar[Locale | None] = contextvars.ContextVar(
    "gradingcore_locale", default=None
)
# A plain global, not only a ContextVar: threads started later (a server's workers) do not
# inherit the context of the thread that configured the process.
_process_default: Locale | None = None


def _match(text: str) -> Locale | None:
    """The locale a POSIX or BCP 47 name designates (``zh_CN.UTF-8``, ``zh-Hans``, ``en-GB``),
    or None for names of other languages and for ``C``/``POSIX``."""
    name = text.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    language = name.split("_")[0]
    if language == "zh":
        # Traditional-script and Taiwan/Hong Kong names are still Chinese: zh-CN is the
        # nearest catalog we have, and far nearer than English.
        return Locale.ZH
    if language == "en":
        return Locale.EN
    return None


def parse_locale(text: str | Locale) -> Locale:
    """The locale for a user-given name (``zh``, ``en``, ``zh-CN``, ``zh_CN.UTF-8``).

    Raises :class:`InvalidInput` naming the field ``locale`` for a language we do not speak.
    """
    if isinstance(text, Locale):
        return text
    found = _match(text)
    if found is None:
        # Late: messages render in a locale, so _messages imports this module.
        from gradingcore.i18n._messages import msg

        raise InvalidInput(
            msg("unknown locale {value}: gradingcore speaks zh (zh-CN) and en", value=repr(text)),
            facts={"field": "locale", "value": text, "known": ["zh", "en"]},
        )
    return found


def locale_from_environment(environ: Mapping[str, str] | None = None) -> Locale | None:
    """The locale named by ``GRADINGCORE_LANG``, else by ``LC_ALL``, ``LC_MESSAGES`` or
    ``LANG`` (the first one set wins, as in POSIX), or None when that variable names no
    language we speak. A ``GRADINGCORE_LANG`` naming another language is refused."""
    environ = os.environ if environ is None else environ
    configured = environ.get(CONFIG_VARIABLE)
    if configured:
        return parse_locale(configured)
    for variable in _ENVIRONMENT:
        value = environ.get(variable)
        if value:
            return _match(value)
    return None


def negotiate_locale(accept_language: str | None) -> Locale:
    """The locale for an HTTP ``Accept-Language`` header (RFC 9110 §12.5.4): the speakable
    language with the highest q-value; zh-CN when the header is missing or names none."""
    best: tuple[float, int, Locale] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        name, _, parameters = part.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        found = FIRST if name.strip() == "*" else _match(name)
        if found is None or quality <= 0:
            continue
        # Highest q first; among equal q, the earlier entry (a header lists its preference).
        candidate = (quality, -position, found)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else FIRST


def set_default_locale(locale: Locale | str | None) -> None:
    """Set (or with None clear) the process default, which ``str(error)`` and every rendering
    without an explicit locale follow unless a context chose another (:func:`use_locale`)."""
    global _process_default
    _process_default = None if locale is None else parse_locale(locale)


@contextlib.contextmanager
def use_locale(locale: Locale | str) -> Iterator[Locale]:
    """Render in ``locale`` within the block (this thread or task only): one HTTP request."""
    chosen = parse_locale(locale)
    token = _scoped.set(chosen)
    try:
        yield chosen
    finally:
        _scoped.reset(token)


def current_locale(explicit: Locale | str | None = None) -> Locale:
    """The locale a rendering uses: ``explicit``, else the context's, else the process
    default, else ``GRADINGCORE_LANG``, else the system's (``LC_ALL``…), else zh-CN."""
    if explicit is not None:
        return parse_locale(explicit)
    return _scoped.get() or _process_default or locale_from_environment() or FIRST
