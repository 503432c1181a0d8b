"""Which locale a rendering uses: explicit, context, process default, GRADINGCORE_LANG,
LC_ALL/LC_MESSAGES/LANG, then zh-CN."""

from __future__ import annotations

import threading

import pytest

from gradingcore import InvalidInput
from gradingcore.i18n import (
    Locale,
    current_locale,
    locale_from_environment,
    negotiate_locale,
    parse_locale,
    set_default_locale,
    use_locale,
)


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """An environment that names no language (a container with LANG=C.UTF-8)."""
    for variable in ("GRADINGCORE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return monkeypatch


@pytest.mark.parametrize(
    ("name", "locale"),
    [
        ("zh", Locale.ZH),
        ("zh-CN", Locale.ZH),
        ("zh_CN.UTF-8", Locale.ZH),
        ("zh-Hans", Locale.ZH),
        ("ZH_cn.utf8@pinyin", Locale.ZH),
        ("en", Locale.EN),
        ("en_US.UTF-8", Locale.EN),
        ("en-GB", Locale.EN),
    ],
)
def test_names_of_our_languages(name: str, locale: Locale) -> None:
    assert parse_locale(name) is locale


@pytest.mark.parametrize("name", ["fr", "de_DE.UTF-8", "C", "", "klingon"])
def test_another_language_is_refused_naming_the_field(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_locale(name)
    assert refused.value.facts["field"] == "locale"
    assert refused.value.facts["value"] == name


def test_a_bare_environment_is_chinese(bare: pytest.MonkeyPatch) -> None:
    assert locale_from_environment() is None
    assert current_locale() is Locale.ZH


def test_posix_order_lc_all_then_lc_messages_then_lang(bare: pytest.MonkeyPatch) -> None:
    bare.setenv("LANG", "en_US.UTF-8")
    assert current_locale() is Locale.EN
    bare.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    assert current_locale() is Locale.ZH
    bare.setenv("LC_ALL", "en_GB.UTF-8")
    assert current_locale() is Locale.EN
    # LC_ALL set to another language names none we speak: Chinese, not LANG's English.
    bare.setenv("LC_ALL", "fr_FR.UTF-8")
    assert current_locale() is Locale.ZH


def test_configuration_beats_the_system(bare: pytest.MonkeyPatch) -> None:
    bare.setenv("LC_ALL", "zh_CN.UTF-8")
    bare.setenv("GRADINGCORE_LANG", "en")
    assert current_locale() is Locale.EN


def test_explicit_then_context_then_process_default(bare: pytest.MonkeyPatch) -> None:
    try:
        set_default_locale("en")
        assert current_locale() is Locale.EN
        with use_locale("zh") as chosen:
            assert chosen is Locale.ZH
            assert current_locale() is Locale.ZH
            assert current_locale("en") is Locale.EN
        assert current_locale() is Locale.EN
    finally:
        set_default_locale(None)
    assert current_locale() is Locale.ZH


def test_the_process_default_reaches_threads_the_context_does_not(
    bare: pytest.MonkeyPatch,
) -> None:
    seen: list[Locale] = []

    def worker() -> None:
        seen.append(current_locale())

    try:
        set_default_locale("en")
        with use_locale("zh"):
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join()
    finally:
        set_default_locale(None)
    assert seen == [Locale.EN]


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, Locale.ZH),
        ("", Locale.ZH),
        ("en", Locale.EN),
        ("en-US,en;q=0.9", Locale.EN),
        ("zh-CN,zh;q=0.9,en;q=0.8", Locale.ZH),
        ("en;q=0.8,zh;q=0.9", Locale.ZH),
        ("en;q=0.9,zh;q=0.9", Locale.EN),  # equal q: the earlier entry
        ("fr-FR,fr;q=0.9", Locale.ZH),
        ("fr,en;q=0.1", Locale.EN),
        ("en;q=0", Locale.ZH),
        ("*", Locale.ZH),
        ("en;q=bogus,zh;q=0.1", Locale.ZH),
    ],
)
def test_accept_language(header: str | None, locale: Locale) -> None:
    assert negotiate_locale(header) is locale


def test_tags() -> None:
    assert Locale.ZH.tag == "zh-CN"
    assert Locale.ZH.language == "zh"
    assert Locale.EN.tag == "en"
