"""Terms follow docs/glossary.md: its 中文 column is the only Chinese for each English term."""

from __future__ import annotations

import pytest

from tests.i18n.catalogs import Term, domains, glossary, missing_terms, translations

TERMS = glossary()


def test_the_glossary_is_read() -> None:
    pairs = {(t.english, t.chinese) for t in TERMS}
    assert ("rectification", "整改") in pairs
    assert ("self-evaluation report", "自评报告") in pairs
    assert ("unified social credit code", "统一社会信用代码") in pairs


def test_no_english_term_has_two_chinese_terms_in_the_glossary() -> None:
    chinese: dict[str, set[str]] = {}
    for term in TERMS:
        chinese.setdefault(term.english.lower(), set()).add(term.chinese)
    assert {e: c for e, c in chinese.items() if len(c) > 1} == {}


def two_ways(entries: list[tuple[str, str]], terms: list[Term]) -> list[str]:
    """Entries whose English uses a glossary term but whose Chinese lacks its 中文 term."""
    return [
        f"{english!r} -> {chinese!r}: {term.english} is {term.chinese}"
        for english, chinese in entries
        for term in missing_terms(english, chinese, terms)
    ]


@pytest.mark.parametrize("domain", domains(), ids=lambda d: d.name)
def test_every_translation_uses_the_glossary_term(domain) -> None:  # type: ignore[no-untyped-def]
    entries = [(e, c) for e, c in translations(domain.read()) if c]
    assert two_ways(entries, TERMS) == []


def test_a_term_translated_another_way_is_caught() -> None:
    """The check itself: 整顿 for rectification (the glossary says 整改) is reported."""
    entries = [("rectification due by {due}", "整顿期限为{due}"), ("rectification", "整改")]
    assert two_ways(entries, TERMS) == [
        "'rectification due by {due}' -> '整顿期限为{due}': rectification is 整改"
    ]


def test_the_longest_term_is_the_one_used() -> None:
    """ "acceptance check" is 验收 (a scheme's inspection), not 受理 (an application's)."""
    terms = [Term("acceptance", "受理"), Term("acceptance check", "验收")]
    assert two_ways([("the acceptance check ticks", "验收时勾选")], terms) == []
    assert two_ways([("acceptance check, then acceptance", "验收")], terms) != []
