"""Gettext catalogs (消息目录): compiled ``.mo`` files, one domain per package.

The ``.po`` files are edited with Babel (``nox -s i18n`` extracts and updates them, see
docs/i18n.md); the ``.mo`` files are compiled from them by the build (hatch_build.py) and are
not in git. English is the language of the message ids, so it needs no catalog: an id
without a translation is shown as written.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

import attrs
from babel.support import NullTranslations, Translations

from gradingcore.errors import GradingError
from gradingcore.i18n._locales import Locale, current_locale

#: The core's catalogs: src/gradingcore/locale/<locale>/LC_MESSAGES/gradingcore.po
CORE_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


class CatalogMissing(GradingError):
    """A catalog's compiled ``.mo`` file is not installed (a build without the compile step)."""


@attrs.frozen
class Catalog:
    """The translations of one gettext domain (``gradingcore``, ``gradingcore_cli``, …) kept
    in ``directory`` (``<directory>/<locale>/LC_MESSAGES/<domain>.mo``)."""

    domain: str
    directory: Path

    def translations(self, locale: Locale | str | None = None) -> NullTranslations:
        return _load(self.domain, str(self.directory), current_locale(locale))

    def gettext(self, message: str, locale: Locale | str | None = None) -> str:
        return self.translations(locale).ugettext(message)

    def ngettext(
        self, singular: str, plural: str, n: int, locale: Locale | str | None = None
    ) -> str:
        return self.translations(locale).ungettext(singular, plural, n)

    def pgettext(self, context: str, message: str, locale: Locale | str | None = None) -> str:
        return self.translations(locale).upgettext(context, message)


@functools.cache
def _load(domain: str, directory: str, locale: Locale) -> NullTranslations:
    if locale is Locale.EN:
        return NullTranslations()
    found = gettext.find(domain, directory, [locale.value])
    if found is None:
        raise CatalogMissing(
            f"the {locale.tag} catalog of {domain} is not compiled: no {domain}.mo under "
            f"{directory}/{locale.value}/LC_MESSAGES (build the package, or run "
            f"`pybabel compile -d {directory} -D {domain}`; see docs/i18n.md)",
            facts={"domain": domain, "locale": locale.tag, "directory": directory},
        )
    with open(found, "rb") as file:
        return Translations(file, domain=domain)


#: The catalog of the core's own messages.
CORE = Catalog("gradingcore", CORE_LOCALE_DIR)
