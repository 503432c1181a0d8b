"""Messages, dates and errors rendered in a locale; the machine part never changes."""

from __future__ import annotations

import datetime

import pendulum

from gradingcore import CalendarCoverageError, Citation, RuleViolation
from gradingcore.i18n import (
    Locale,
    format_date,
    format_datetime,
    joined,
    msg,
    msg_plural,
    set_default_locale,
    use_locale,
)


def test_dates_are_long_chinese_dates_or_iso() -> None:
    day = pendulum.date(2024, 10, 23)
    assert format_date(day, "zh") == "2024年10月23日"
    assert format_date(day, Locale.EN) == "2024-10-23"
    assert format_date(datetime.date(2025, 1, 1), "zh") == "2025年1月1日"


def test_moments_to_the_minute_in_their_own_zone() -> None:
    moment = pendulum.datetime(2024, 10, 23, 14, 5, tz="Asia/Shanghai")
    assert format_datetime(moment, "zh") == "2024年10月23日 14:05"
    assert format_datetime(moment, "en") == "2024-10-23 14:05"


def test_a_message_renders_its_dates_in_its_locale() -> None:
    message = msg(
        "no official working-day calendar for {year}: load the State Council's "
        "notice for {year} (see docs/calendar.md) before computing dates in it",
        year=2031,
    )
    assert message.render("zh").startswith("没有2031年的官方工作日历")
    assert message.render("en").startswith("no official working-day calendar for 2031")


def test_joined_uses_the_locale_separator() -> None:
    both = joined(["a", "b"])
    assert both.render("zh") == "a；b"
    assert both.render("en") == "a; b"


def test_an_untranslated_id_shows_as_written_with_its_values() -> None:
    message = msg("not in any catalog {day}", day=pendulum.date(2024, 10, 23))
    assert message.render("en") == "not in any catalog 2024-10-23"
    assert message.render("zh") == "not in any catalog 2024年10月23日"


def test_plural_forms() -> None:
    one = msg_plural("{n} item", "{n} items", 1)
    many = msg_plural("{n} item", "{n} items", 3)
    assert (one.render("en"), many.render("en")) == ("1 item", "3 items")


def test_an_error_renders_in_any_locale_keeping_its_machine_part() -> None:
    citation = Citation("GOV", text_zh="国务院办公厅关于2031年部分节假日安排的通知")
    error = CalendarCoverageError(2031, citation=citation)
    zh, en = error.localized("zh"), error.localized("en")
    assert zh.startswith("没有2031年的官方工作日历")
    assert en.startswith("no official working-day calendar for 2031")
    assert error.message == en  # the English wording, for code that composes messages
    assert error.rule_ids == ("calendar.official",)
    assert error.citations == (citation,)
    assert error.facts == {"year": 2031}
    assert error.render("zh") == f"{zh} [calendar.official (GOV)]"
    assert error.render("en") == f"{en} [calendar.official (GOV)]"


def test_str_follows_the_configured_locale() -> None:
    error = CalendarCoverageError(2031)
    assert str(error).startswith("no official")  # the suite's GRADINGCORE_LANG=en
    try:
        set_default_locale("zh")
        assert str(error).startswith("没有2031年")
        with use_locale("en"):
            assert str(error).startswith("no official")
    finally:
        set_default_locale(None)


def test_a_plain_string_message_still_works() -> None:
    error = RuleViolation("plain", rule_ids=["x.y"])
    assert error.localized("zh") == "plain"
    assert str(error) == "plain [x.y]"
