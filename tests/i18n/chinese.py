"""What a Chinese refusal must be: Chinese words, the glossary's terms, and no English word
but ids, codes and the names the user typed (issue 14's "Done means")."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from gradingcore import GradingError
from tests.i18n.catalogs import english_words, glossary, missing_terms

TERMS = glossary()

#: The term a refusal under a rule of this family says in Chinese, whatever its detail: the
#: rule's subject in the vocabulary of the seeds (申请, 整改, 公示, ...). The longest prefix wins.
RULE_TERMS: Mapping[str, str] = {
    "apply.": "申请",
    "commit.": "申请",
    "lockout.": "申请",
    "level1.": "一级",
    "renewal.window": "申请",
    "renewal.direct": "直接延期",
    "scope.industry": "行业",
    "procedure.online": "线下办理",
    "selfeval.": "自评",
    "intake.correction": "补正",
    "intake.deemed_acceptance": "受理",
    "intake.audit": "理由",
    "review.": "现场评审",
    "review.independence": "现场评审组",
    "score.range": "得分",
    "score.level_threshold": "现场评审",
    "rectify.": "整改",
    "publicity.": "公示",
    "publicity.objection": "异议",
    "announce.failure_notice": "理由",
    "revoke.": "撤销",
    "authority.by_level": "定级",
    "calendar.official": "工作日历",
    "CZ-4": "五落实",
    "CZ-8": "申请",
    "CZ-9": "评定人员库",
    "QY-7": "三级申请",
}


def rule_term(rule_id: str) -> str | None:
    prefixes = [
        p for p in RULE_TERMS if rule_id == p or (p.endswith(".") and rule_id.startswith(p))
    ]
    return RULE_TERMS[max(prefixes, key=len)] if prefixes else None


def typed(values: Iterable[Any]) -> tuple[str, ...]:
    """Every text inside ``values`` (a command's payload, its actor): the names a user typed."""
    found: list[str] = []
    for value in values:
        if isinstance(value, enum.Enum):  # a code (a role, a level), not a name
            continue
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, Mapping):
            found += typed(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            found += typed(value)
        elif hasattr(value, "__attrs_attrs__"):
            found += typed(getattr(value, a.name) for a in value.__attrs_attrs__)
    return tuple(found)


def chinese_problems(error: GradingError, allowed: Iterable[str] = ()) -> list[str]:
    """What is wrong with ``error`` read in Chinese: English words left (ids, codes and the
    ``allowed`` names apart), a glossary term of its English not in its Chinese, or the
    subject of its rule missing."""
    zh, en = error.localized("zh"), error.localized("en")
    problems = []
    words = english_words(error.render("zh"), allowed=tuple(a for a in allowed if a))
    if words:
        problems.append(f"English words {words} in {zh!r}")
    problems += [f"{t.english} is {t.chinese}: {zh!r}" for t in missing_terms(en, zh, TERMS)]
    for rule_id in error.rule_ids:
        term = rule_term(rule_id)
        if term is not None and term not in zh:
            problems.append(f"{rule_id}: no {term} in {zh!r}")
    return problems
