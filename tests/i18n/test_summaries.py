"""Every rule of every shipped policy has its summary in Chinese beside the English one
(``summary_zh``, ours: the verbatim source stays the citation's ``text_zh``), written in
Chinese, and shown where a rule's summary is shown in the reader's locale."""

from __future__ import annotations

import re

import pytest

from gradingcore.i18n import use_locale
from gradingcore.policy import default_policies
from tests.i18n.catalogs import english_words, glossary, missing_terms

POLICIES = list(default_policies())
RULES = [(p, r) for p in POLICIES for r in p.rules.values()]


def _id(item: object) -> str:
    policy, rule = item  # type: ignore[misc]
    return f"{policy.id}:{rule.id}"


@pytest.mark.parametrize("item", RULES, ids=[_id(i) for i in RULES])
def test_every_rule_has_a_chinese_summary(item) -> None:  # type: ignore[no-untyped-def]
    _policy, rule = item
    assert rule.summary_zh, f"{rule.id} has no summary_zh"
    assert re.search(r"[\u4e00-\u9fff]", rule.summary_zh)
    # Standards' numbers (GB/T 15499) and the ids of other rules (QY-6) are codes.
    bare = re.sub(r"GB/T|[A-Z]{2}-\d+", " ", rule.summary_zh)
    assert english_words(bare) == [], rule.summary_zh


@pytest.mark.parametrize("item", RULES, ids=[_id(i) for i in RULES])
def test_the_chinese_summary_uses_the_glossary_terms(item) -> None:  # type: ignore[no-untyped-def]
    """A glossary term of the English summary is its 中文 term in the Chinese one."""
    _policy, rule = item
    missing = [
        f"{t.english} is {t.chinese}"
        for t in missing_terms(rule.summary, rule.summary_zh, glossary())
    ]
    assert missing == [], rule.summary_zh


def test_the_summary_follows_the_readers_locale() -> None:
    rule = default_policies().get("cn.henan.2023").rules["publicity.duration"]
    assert rule.localized_summary("zh") == "公示不少于7个工作日。"
    assert rule.localized_summary("en") == "Publicity lasts at least 7 working days."
    with use_locale("zh"):
        assert rule.localized_summary() == rule.summary_zh
