"""Every status, stage, role, authority kind and event type has a Chinese name; English shows
the code itself."""

from __future__ import annotations

import enum

import pytest

from gradingcore import EVENT_TYPES, AuthorityKind, Role, Stage, Status, label
from gradingcore.labels import EVENT

CODES: list[enum.Enum] = [*Status, *Stage, *Role, *AuthorityKind]


@pytest.mark.parametrize("code", CODES, ids=lambda c: f"{type(c).__name__}.{c.name}")
def test_every_code_has_a_chinese_name(code: enum.Enum) -> None:
    zh = label(code, "zh")
    assert zh != str(code.value)
    assert all("\u4e00" <= ch <= "\u9fff" for ch in zh), zh
    assert label(code, "en") == str(code.value)


@pytest.mark.parametrize("event", EVENT_TYPES, ids=lambda e: e.__name__)
def test_every_event_type_has_a_chinese_name(event: type) -> None:
    assert event.__name__ in EVENT
    assert label(event.__name__, "zh") != event.__name__
    assert label(event.__name__, "en") == event.__name__


def test_the_same_english_in_two_lists_is_two_words() -> None:
    assert label(Status.REVOKED, "zh") == "已撤销"
    assert label(Role.AUTHORITY, "zh") == "定级部门"
    assert label("Applied", "zh") == "申请"


def test_an_unknown_code_shows_as_itself() -> None:
    assert label("SomethingNew", "zh") == "SomethingNew"
