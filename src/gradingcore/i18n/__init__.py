"""Chinese first, English second (国际化): locales, catalogs, late-rendered messages, dates.

See docs/i18n.md. The core's messages are :class:`Message` values made with :func:`msg` /
:func:`msg_plural` and rendered by whoever shows them, in the reader's locale.
"""

from __future__ import annotations

from gradingcore.i18n._catalogs import CORE, CORE_LOCALE_DIR, Catalog, CatalogMissing
from gradingcore.i18n._dates import format_date, format_datetime, format_weekday
from gradingcore.i18n._locales import (
    FIRST,
    Locale,
    current_locale,
    locale_from_environment,
    negotiate_locale,
    parse_locale,
    set_default_locale,
    use_locale,
)
from gradingcore.i18n._messages import (
    Joined,
    Message,
    joined,
    msg,
    msg_ctx,
    msg_plural,
    placeholders,
    render,
    render_value,
    reread,
)

__all__ = [
    "CORE",
    "CORE_LOCALE_DIR",
    "FIRST",
    "Catalog",
    "CatalogMissing",
    "Joined",
    "Locale",
    "Message",
    "current_locale",
    "format_date",
    "format_datetime",
    "format_weekday",
    "joined",
    "locale_from_environment",
    "msg",
    "msg_ctx",
    "msg_plural",
    "negotiate_locale",
    "parse_locale",
    "placeholders",
    "render",
    "render_value",
    "reread",
    "set_default_locale",
    "use_locale",
]
