"""A citation as a reader sees it: the article's own Chinese words, "unverified" in the reader's
language; ``str()`` stays the English form that data (JSON) carries (decision 0082)."""

from __future__ import annotations

from gradingcore.citation import Citation
from gradingcore.i18n import use_locale

VERIFIED = Citation("HN", "第八条", "(四)", text_zh="申请定级之日前 1 年内……")
RECALLED = Citation("MEM", "第十条", verified=False)
BY_SUBJECT = Citation("MEM", subject="一级企业申请定级条件", verified=False)


def test_a_verified_citation_is_the_article_in_both_languages() -> None:
    assert VERIFIED.localized("zh") == VERIFIED.localized("en") == "HN 第八条(四)"


def test_unverified_is_marked_in_the_readers_language() -> None:
    assert RECALLED.localized("zh") == "MEM 第十条（未经核实）"
    assert RECALLED.localized("en") == "MEM 第十条 (unverified)"


def test_a_citation_by_subject_says_the_article_is_not_known() -> None:
    assert BY_SUBJECT.localized("zh") == "MEM，一级企业申请定级条件（条款号不详；未经核实）"
    assert BY_SUBJECT.localized("en") == (
        "MEM, 一级企业申请定级条件 (article not known; unverified)"
    )


def test_str_is_the_english_form_whatever_the_locale() -> None:
    with use_locale("zh"):
        assert str(RECALLED) == "MEM 第十条 (unverified)"
        assert RECALLED.localized() == "MEM 第十条（未经核实）"
