"""The read-model commands on a simulated province's SQLite file: JSON, plain text when piped,
the iCalendar and XLSX files, the views' status and rebuild, errors with their exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar
from openpyxl import load_workbook

from gradingcore import label
from gradingcore.readmodels import FORM_ROWS, ReadModels, board_calendar
from gradingcore.service import GradingService
from gradingcore_cli._app import cli
from tests.i18n.catalogs import english_words
from tests.readmodels.conftest import END


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def fresh(province: GradingService, tmp_path: Path) -> str:
    """A copy of the province with no views yet."""
    return str(tmp_path / "province.db")


@pytest.fixture(scope="module")
def store(caught_up_file: Path) -> str:
    """The province with its views caught up (the commands only read them)."""
    return str(caught_up_file)


def _json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_views_status_then_a_query_catches_up_then_rebuild(
    fresh: str, province: GradingService
) -> None:
    store = fresh
    case_events = sum(len(province.history(case_id)) for case_id in province.case_ids())
    before = _json("views", "status", "--store", store)["views"]
    assert {v["view"]: v["position"] for v in before} == {"cases": 0, "lists": 0, "monthly": 0}
    head = before[0]["head"]
    _json("registry", "--store", store, "--on", END.isoformat())  # catches `cases` up
    after = {v["view"]: v["behind"] for v in _json("views", "status", "--store", store)["views"]}
    assert after == {"cases": 0, "lists": head, "monthly": head}
    result = run("views", "rebuild", "lists", "--store", store)
    assert result.exit_code == 0
    # The log also holds the enterprise index: the views read the cases' events only.
    assert f"from {case_events} events" in result.output
    assert case_events < head
    after = {v["view"]: v["behind"] for v in _json("views", "status", "--store", store)["views"]}
    assert after == {"cases": 0, "lists": 0, "monthly": head}
    result = run("views", "rebuild", "nosuch", "--store", store)
    assert result.exit_code == 2
    assert "no view nosuch" in result.output


def test_registry_json_and_plain_text(store: str, caught_up: ReadModels) -> None:
    data = _json("registry", "--store", store, "--on", END.isoformat(), "--status", "graded")
    expected = caught_up.registry(END, status="graded")
    assert [(d["uscc"], d["level"], d["valid_until"]) for d in data["entries"]] == [
        (str(e.key.uscc), int(e.level), e.valid_until.isoformat())  # type: ignore[arg-type,union-attr]
        for e in expected
    ]
    text = run("registry", "--store", store, "--on", END.isoformat(), "--level", "3").output
    assert "\x1b[" not in text  # piped: no colour codes
    assert "Registry of enterprises" in text
    chinese = run("--lang", "zh", "registry", "--store", store, "--on", END.isoformat()).output
    assert "企业台账" in chinese
    assert "统一社会信用代码" in chinese
    assert str(expected[0].key.uscc) in text or expected[0].level != 3


def test_lists_and_bad_dates(store: str) -> None:
    data = _json(
        "lists", "announced", "--from", "2024-01-01", "--to", "2024-12-31", "--store", store
    )
    assert data["entries"]
    assert all("2024-01-01" <= e["on"] <= "2024-12-31" and e["copied_to"] for e in data["entries"])
    bad = run("lists", "revoked", "--from", "2024-13-01", "--store", store)
    assert bad.exit_code == 2
    assert "--from '2024-13-01'" in bad.output
    backwards = run(
        "lists", "revoked", "--from", "2024-02-01", "--to", "2024-01-01", "--store", store
    )
    assert backwards.exit_code == 2


def test_obligations_ics(store: str, tmp_path: Path, caught_up: ReadModels) -> None:
    ics = tmp_path / "board.ics"
    result = run(
        "obligations",
        "--store",
        store,
        "--on",
        END.isoformat(),
        "--format",
        "ics",
        "--output",
        str(ics),
    )
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    items = [i for i in caught_up.obligations(END) if i.due]
    assert len(events) == len(items) > 0
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert sorted(e.decoded("DTSTART") for e in events) == sorted(i.due for i in items)
    data = _json("obligations", "--store", store, "--on", END.isoformat(), "--overdue")
    assert data["obligations"]
    assert all(o["overdue"] and o["due"] < END.isoformat() for o in data["obligations"])


def test_the_board_calendar_in_the_readers_language(caught_up: ReadModels) -> None:
    """SUMMARY, DESCRIPTION and CATEGORIES in the locale asked for (the HTTP adapter passes
    the request's), the same events and UIDs in both: Chinese names the party by its glossary
    name and says 已逾期; English says owed by and overdue."""
    items = [i for i in caught_up.obligations(END) if i.due]
    stamp = datetime(2025, 6, 30, tzinfo=UTC)
    zh, en = (
        Calendar.from_ical(board_calendar(items, stamp, locale=lang)) for lang in ("zh", "en")
    )
    assert str(zh["X-WR-CALNAME"]) == "企业安全生产标准化定级 期限"
    assert str(en["X-WR-CALNAME"]) == "Work-safety standardization grading: deadlines"
    zh_events, en_events = zh.walk("VEVENT"), en.walk("VEVENT")
    assert [str(e["UID"]) for e in zh_events] == [str(e["UID"]) for e in en_events]
    for item, z, e in zip(items, zh_events, en_events, strict=True):
        o = item.obligation
        assert str(z["SUMMARY"]) == f"{item.name}：{o.localized('zh')}（{o.rule_id}）"
        assert str(e["SUMMARY"]) == f"{item.name}: {o.localized('en')} ({o.rule_id})"
        assert f"由{label(o.party, 'zh')}履行" in str(z["DESCRIPTION"])
        assert f"owed by {o.party.value}" in str(e["DESCRIPTION"])
        assert o.citation.localized("zh") in str(z["DESCRIPTION"])
        assert str(z["DESCRIPTION"]).endswith("已逾期") == o.overdue
        assert str(e["DESCRIPTION"]).endswith("overdue") == o.overdue
        assert english_words(str(z["DESCRIPTION"]), allowed=(str(item.key),)) == []
    assert any(i.obligation.overdue for i in items)


def test_the_board_calendar_follows_lang(store: str, tmp_path: Path) -> None:
    """`obligations --format ics` writes the calendar in the run's language."""
    for lang, word in (("zh", "履行"), ("en", "owed by")):
        ics = tmp_path / f"board-{lang}.ics"
        args = ("obligations", "--store", store, "--on", END.isoformat(), "--format", "ics")
        assert run("--lang", lang, *args, "--output", str(ics)).exit_code == 0
        (first, *_) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert word in str(first["DESCRIPTION"])


def test_monthly_form_xlsx_csv_json(store: str, tmp_path: Path) -> None:
    """In Chinese the form's own words (the attachment of 二七安监管[2016]8号); JSON is data."""
    xlsx = tmp_path / "form.xlsx"
    args = ("report", "monthly", "--store", store, "--region", "410000", "--month", "2025-06")
    assert run("--lang", "zh", *args, "--format", "xlsx", "--output", str(xlsx)).exit_code == 0
    sheet = load_workbook(xlsx).active
    assert sheet["A1"].value == "工贸企业安全生产标准化月度报表"
    header = sheet["A2"].value
    assert header.startswith("填报单位：410000")
    assert "乡（镇）办事处" in header
    assert "2025 年 6 月" in header
    assert sheet["A3"].value == "行业"
    assert [sheet.cell(3, c).value for c in (2, 5, 8)] == ["一级", "二级", "三级"]
    assert sheet.cell(4, 2).value == "当月完成 (家)"
    assert [sheet.cell(r, 1).value for r in range(5, 14)] == [*FORM_ROWS, "合计"]
    for col in range(2, 11):
        assert sheet.cell(13, col).value == sum(sheet.cell(r, col).value for r in range(5, 13))
    data = json.loads(run("--lang", "zh", *args, "--format", "json").output)
    assert [r["industry"] for r in data["rows"]] == [*FORM_ROWS, "合计"]
    assert data["rows"][-1]["level_3"]["cumulative"] == sheet.cell(13, 9).value
    assert set(data["rows"][0]) == {"industry", "level_1", "level_2", "level_3"}
    assert set(data["rows"][0]["level_1"]) == {"completed_in_month", "cumulative", "under_review"}
    assert json.loads(run("--lang", "en", *args, "--format", "json").output) == data
    csv = run("--lang", "zh", *args, "--format", "csv").output.splitlines()
    assert csv[0].startswith("填报单位：410000")
    assert csv[1].startswith("行业,一级当月完成 (家),一级累计完成 (家)")
    assert len(csv) == 2 + 9
    neither = run("report", "monthly", "--store", store, "--month", "2025-06")
    assert neither.exit_code == 2
    bad_month = run(
        "report", "monthly", "--store", store, "--region", "410000", "--month", "6/2025"
    )
    assert bad_month.exit_code == 2


def test_monthly_form_in_english_on_request(store: str, tmp_path: Path) -> None:
    """--lang en: the same counts under English headings; the industries are data."""
    args = ("report", "monthly", "--store", store, "--region", "410000", "--month", "2025-06")
    xlsx = {lang: tmp_path / f"form-{lang}.xlsx" for lang in ("zh", "en")}
    for lang, path in xlsx.items():
        assert run("--lang", lang, *args, "--format", "xlsx", "--output", str(path)).exit_code == 0
    zh, en = (load_workbook(xlsx[lang]).active for lang in ("zh", "en"))
    assert en["A1"].value.startswith("Monthly report on the work-safety standardization")
    assert en["A2"].value.startswith("Reporting unit: 410000")
    assert [en.cell(3, c).value for c in (1, 2, 5, 8)] == [
        "Industry",
        "Level 1",
        "Level 2",
        "Level 3",
    ]
    assert en.cell(4, 2).value == "Completed this month (enterprises)"
    assert [en.cell(r, 1).value for r in range(5, 14)] == [*FORM_ROWS, "Total"]
    counts = [[sheet.cell(r, c).value for c in range(2, 11)] for sheet in (zh, en) for r in [13]]
    assert counts[0] == counts[1]
    csv = run("--lang", "en", *args, "--format", "csv").output.splitlines()
    assert csv[0].startswith("Reporting unit: 410000")
    assert csv[-1].startswith("Total,")
    table = run("--lang", "en", *args).output
    assert "Monthly report" in table
    assert "Total" in table


def test_the_chinese_headings_are_the_forms_own() -> None:
    """The CLI's Chinese for the form's words is the form's text (readmodels.FORM_HEADINGS),
    not a translation of ours."""
    from gradingcore import i18n
    from gradingcore.readmodels import FORM_HEADINGS
    from gradingcore_cli.readmodels import form_headings

    with i18n.use_locale("zh"):
        assert form_headings() == FORM_HEADINGS


def test_ranking_and_targets(store: str) -> None:
    ranking = _json(
        "report", "ranking", "--store", store, "--region", "410100", "--quarter", "2025-Q2"
    )
    assert [r["rank"] for r in ranking["ranking"]] == list(range(1, len(ranking["ranking"]) + 1))
    targets = _json("targets", "--store", store, "--on", "2025-06-30")["targets"]
    assert [t["id"] for t in targets][:3] == ["erqi.2016", "erqi.2017", "erqi.2018"]


def test_a_missing_store_is_a_store_error(tmp_path: Path) -> None:
    result = run("registry", "--store", str(tmp_path / "none.db"))
    assert result.exit_code == 4
    assert "does not exist" in result.output
