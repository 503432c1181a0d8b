"""Messages rendered late (消息): an English id and its values, translated when shown.

A refusal is raised once but read by a clerk in Chinese and an auditor in English, so an
error keeps the message's id and values, not a finished string. :func:`msg` and
:func:`msg_plural` are also the keywords Babel extracts (babel.cfg), so every message the code
can produce is in the catalog's template.

Values are rendered in the same locale: a date becomes 2024年10月23日 or 2024-10-23, a
:class:`Message` is translated too, a :class:`Joined` list gets the locale's separator.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from gradingcore.i18n._catalogs import CORE, Catalog
from gradingcore.i18n._dates import format_date, format_datetime
from gradingcore.i18n._locales import Locale, current_locale


def _frozen(params: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(params.items()))


@attrs.frozen
class Message:
    """A message id (English, with ``{name}`` placeholders), its plural id and count, and the
    values of its placeholders."""

    id: str
    params: tuple[tuple[str, Any], ...] = ()
    plural: str | None = None
    n: int | None = None
    #: gettext's msgctxt: which of several meanings of the same English (a status "revoked"
    #: is 撤销, a licence "revoked" is 吊销).
    context: str | None = None
    catalog: Catalog = attrs.field(default=CORE, eq=False, repr=False)

    def render(self, locale: Locale | str | None = None) -> str:
        chosen = current_locale(locale)
        if self.context is not None:
            text = self.catalog.pgettext(self.context, self.id, chosen)
        elif self.plural is not None and self.n is not None:
            text = self.catalog.ngettext(self.id, self.plural, self.n, chosen)
        else:
            text = self.catalog.gettext(self.id, chosen)
        values = {name: render_value(value, chosen) for name, value in self.params}
        if self.n is not None:
            values.setdefault("n", str(self.n))
        return text.format(**values) if values or "{" in text else text

    def placeholders(self) -> set[str]:
        return placeholders(self.id)

    def counted(self, n: int) -> Message:
        """The same plural message for ``n`` things (a message with plural forms written once,
        its count known where it is used)."""
        return attrs.evolve(self, n=n)

    def bind(self, **params: Any) -> Message:
        """The same message with (more) values: a message written once where Babel extracts
        it, its values known where it is used."""
        return attrs.evolve(self, params=_frozen({**dict(self.params), **params}))

    def __str__(self) -> str:
        return self.render()


def msg(id: str, /, **params: Any) -> Message:
    """A message of the core catalog: ``msg("level {level} refused", level=2)``."""
    return Message(id, _frozen(params))


def msg_plural(singular: str, plural: str, n: int, /, **params: Any) -> Message:
    """A message with plural forms: ``msg_plural("{n} working day", "{n} working days", n)``
    (Chinese has one form, English two; the catalog's Plural-Forms header says which)."""
    return Message(singular, _frozen(params), plural=plural, n=n)


def msg_ctx(context: str, id: str, /, **params: Any) -> Message:
    """A message in a context: ``msg_ctx("status", "revoked")``, where the same English has
    another Chinese elsewhere."""
    return Message(id, _frozen(params), context=context)


@attrs.frozen
class Joined:
    """Several values shown as one list, with the locale's separator (``；`` or ``; ``)."""

    items: tuple[Any, ...]
    separator: Message

    def render(self, locale: Locale | str | None = None) -> str:
        chosen = current_locale(locale)
        sep = self.separator.render(chosen)
        return sep.join(render_value(item, chosen) for item in self.items)

    def __str__(self) -> str:
        return self.render()


def joined(items: Iterable[Any], separator: Message | None = None) -> Joined:
    # Translators: the separator between clauses of one sentence, e.g. failed rules.
    return Joined(tuple(items), separator or msg("; "))


def render_value(value: Any, locale: Locale | str | None = None) -> str:
    """One placeholder's value in ``locale``: messages translated, dates localized, a value
    with a ``label(locale)`` method (a level: 二级) by its label, other enums by their value,
    everything else as ``str()``."""
    if isinstance(value, Message | Joined):
        return value.render(locale)
    labelled = getattr(value, "label", None)
    if callable(labelled):
        return str(labelled(locale))
    from gradingcore.errors import GradingError

    if isinstance(value, GradingError):  # a refusal quoted whole, with its rule ids
        return value.render(locale)
    localized = getattr(value, "localized", None)
    if callable(localized):  # a citation (HN 第八条（未经核实）), a finding
        return str(localized(locale))
    if isinstance(value, datetime.datetime):
        return format_datetime(value, locale)
    if isinstance(value, datetime.date):
        return format_date(value, locale)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def render(text: str | Message | Joined, locale: Locale | str | None = None) -> str:
    """A message, or a plain string that needs no translation (a name, an id), in ``locale``."""
    return text if isinstance(text, str) else text.render(locale)


def reread(text: str, templates: Iterable[Message]) -> Message | None:
    """The message among ``templates`` whose English ``text`` is, its values read back from
    the text, or None when no template words it.

    Stored data stays English (decision 0063): where a program stored the English of one of
    its own messages (a revocation's facts are its trigger's finding), this gives the message
    again, to be shown in the reader's language. A value read back is re-read against the same
    templates (a reporting status inside a list of accidents), an ISO date becomes a date, and
    a value with ", " is a list, shown with the locale's separator. The first template that words
    ``text`` wins; one of placeholders alone (``"{ids}"``) never does.
    """
    listed = tuple(templates)
    for template in listed:
        forms = [template.id] if template.plural is None else [template.id, template.plural]
        for english in forms:
            pattern = _pattern(english)
            found = pattern.fullmatch(text) if pattern is not None else None
            if found is None:
                continue
            values = {name: _read_value(v, listed) for name, v in found.groupdict().items()}
            if template.plural is not None and "n" in values:
                return template.bind(**values).counted(int(found["n"]))
            return template.bind(**values)
    return None


@functools.lru_cache(maxsize=512)
def _pattern(english: str) -> re.Pattern[str] | None:
    parts: list[str] = []
    seen: set[str] = set()
    words = ""
    for literal, field, _spec, _conversion in string.Formatter().parse(english):
        parts.append(re.escape(literal))
        words += literal
        if field is None:
            continue
        if field in seen:
            parts.append(f"(?P={field})")
        else:
            parts.append(rf"(?P<{field}>\d+)" if field == "n" else rf"(?P<{field}>.+?)")
            seen.add(field)
    return re.compile("".join(parts), re.DOTALL) if words.strip() else None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read_value(value: str, templates: tuple[Message, ...]) -> Any:
    if _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if ", " in value:  # a list (of ids, of accidents with their reporting) before a message
        # Translators: the separator of a list of ids (accidents, hazards, licences).
        return joined([_read_value(item, templates) for item in value.split(", ")], msg(", "))
    return reread(value, templates) or value


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a message id or translation."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}
