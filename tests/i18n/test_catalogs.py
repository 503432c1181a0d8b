"""The catalogs are complete and compiled: a message the code marks but the zh-CN catalog does
not translate fails here, as does a stale .mo or a translation losing a placeholder."""

from __future__ import annotations

import gettext
import re

import pytest

from gradingcore.i18n import placeholders
from tests.i18n.catalogs import ROOT, Domain, domains

DOMAINS = domains()


@pytest.fixture(params=DOMAINS, ids=[d.name for d in DOMAINS])
def domain(request: pytest.FixtureRequest) -> Domain:
    return request.param  # type: ignore[no-any-return]


def test_the_core_domain_is_configured() -> None:
    assert "gradingcore" in [d.name for d in DOMAINS]


def test_every_marked_message_has_a_chinese_translation(domain: Domain) -> None:
    catalog = domain.read()
    extracted = domain.extracted()
    assert extracted, f"nothing extracted from {domain.package}: babel.cfg or keywords wrong"
    missing = []
    for (key, context), message in extracted.items():
        entry = catalog.get(message if isinstance(message, str) else message[0], context)
        if entry is None or entry.fuzzy:
            missing.append(key)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            missing.append(key)
    assert not missing, (
        f"{len(missing)} message(s) of {domain.name} untranslated in {domain.po()} "
        f"(run `nox -s i18n`, translate, rebuild): {missing}"
    )


def test_no_translation_is_left_over_from_removed_messages(domain: Domain) -> None:
    extracted = domain.extracted()
    stale = [
        m.id
        for m in domain.read()
        if m.id and (m.id if isinstance(m.id, str) else m.id[0], m.context) not in extracted
    ]
    assert not stale, f"{domain.po()} translates messages the code no longer has: {stale}"


def test_translations_keep_every_placeholder(domain: Domain) -> None:
    """A translation has the placeholders of its id (of the plural id, for Chinese's one
    form: the count is in it)."""
    wrong = []
    for message in domain.read():
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [(source, t) for t in strings if t and placeholders(t) != placeholders(source)]
    assert not wrong


def test_chinese_has_one_plural_form(domain: Domain) -> None:
    assert domain.read().num_plurals == 1


def test_the_compiled_catalog_is_the_po_file(domain: Domain) -> None:
    """The .mo the package loads says what the .po says (a build step was not skipped)."""
    mo = domain.installed_mo()
    assert mo.is_file(), f"{mo} missing: build the package or run `nox -s i18n -- compile`"
    with mo.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for message in domain.read():
        if not message.id:
            continue
        if message.context is not None:
            compiled_text = compiled.pgettext(message.context, message.id)
            assert compiled_text == message.string, message.id
        elif isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id
        else:
            assert compiled.ngettext(*message.id[:2], 1) == message.string[0], message.id


def test_no_message_is_marked_inside_an_f_string() -> None:
    """Babel (on Python < 3.12) does not look inside f-strings: a ``_("…")`` there would
    never reach the catalog, and stay English in every locale."""
    marked = re.compile(r"""\{\s*(?:_|ngettext|N_|msg|msg_plural|msg_ctx)\(\s*['"]""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for domain in DOMAINS
        if domain.source is None
        for path in sorted(domain.package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if marked.search(line) and re.search(r"""\bf['"]""", line)
    ]
    assert found == []


def test_chinese_translations_have_no_english_words(domain: Domain) -> None:
    """A translation keeps its placeholders, ids, codes, options and file names, and says the
    rest in Chinese. (Format specs and %-placeholders are code too.)"""
    from tests.i18n.catalogs import english_words

    english = []
    for message in domain.read():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if not text:
                continue
            bare = re.sub(r"\{[^{}]*\}|%\([a-z]+\)s", " ", text)
            words = english_words(bare, allowed=())
            if words:
                english.append((message.id, text, words))
    assert english == []
