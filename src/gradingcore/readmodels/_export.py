"""Files for people: the deadline board as iCalendar (icalendar), the monthly form as XLSX laid
out like the paper form (openpyxl), CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from gradingcore.i18n import Locale, current_locale, msg, render
from gradingcore.labels import ROLE
from gradingcore.readmodels._registry import BoardItem
from gradingcore.readmodels._reports import COLUMNS, LEVELS, TOTAL_ROW, MonthlyForm

TITLE = "工贸企业安全生产标准化月度报表"


@attrs.frozen
class FormHeadings:
    """The words a person reads on the monthly form: by default the form's own (the attachment
    of 二七安监管[2016]8号, verbatim); an adapter passes them in another language (the CLI's
    ``--lang en``). The counts and the industries (data) are the same whatever the words."""

    title: str = TITLE
    #: The line under the title; ``{unit}``, ``{year}``, ``{month}`` are filled in.
    unit_line: str = "填报单位：{unit} 乡（镇）办事处 {year} 年 {month} 月"
    #: The CSV's first row: the same line split in three cells.
    unit_cells: tuple[str, str, str] = ("填报单位：{unit}", "{year} 年", "{month} 月")
    industry: str = "行业"
    #: Over each level's three columns (一级, 二级, 三级), and those columns.
    levels: tuple[str, ...] = tuple(level.zh for level in LEVELS)
    columns: tuple[str, ...] = COLUMNS
    #: After each column's name: the unit counted.
    counted: str = " (家)"
    total: str = TOTAL_ROW

    def row_name(self, industry: str) -> str:
        """An industry row keeps its name (data); the total row is named in these words."""
        return self.total if industry == TOTAL_ROW else industry

    def fill(self, text: str, form: MonthlyForm) -> str:
        return text.format(unit=form.unit, year=form.year, month=form.month)


#: The form's own words.
FORM_HEADINGS = FormHeadings()
#: The stable keys of the form's JSON (data: the same in every language, decision 0084).
LEVEL_KEYS = ("level_1", "level_2", "level_3")
COLUMN_KEYS = ("completed_in_month", "cumulative", "under_review")


def board_calendar(
    items: Sequence[BoardItem], stamp: datetime, locale: Locale | str | None = None
) -> bytes:
    """An iCalendar file (RFC 5545) with one all-day event on each due date; ``stamp`` is the
    DTSTAMP of every event (when the board was made). The UID is stable across exports, so a
    subscribed calendar updates an obligation rather than adding it twice.

    The calendar's name and each event's SUMMARY, DESCRIPTION and CATEGORIES are in ``locale``
    (the configured one, Chinese by default; the HTTP adapter passes the request's): the
    obligation's wording, the party by its glossary name, the citation with its marks
    (未经核实), 已逾期. Rule ids, case keys and enterprises' names are the same in every
    language."""
    from icalendar import Calendar, Event

    chosen = current_locale(locale)
    cal = Calendar()
    cal.add("prodid", "-//gradingcore//deadline board//" + chosen.language.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", msg("Work-safety standardization grading: deadlines").render(chosen))
    for item in items:
        o = item.obligation
        if o.due is None:
            continue
        party = ROLE.get(o.party, str(o.party))
        event = Event()
        event.add("uid", f"{item.key.case_id}.{o.rule_id}.{o.due.isoformat()}@gradingcore")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", o.due)
        event.add("dtend", o.due.add(days=1))
        summary = msg("{name}: {what} ({rule})", name=item.name, what=o.text, rule=o.rule_id)
        event.add("summary", summary.render(chosen))
        description = msg(
            "{case} · owed by {party} · {rule} ({citation})",
            case=str(item.key),
            party=party,
            rule=o.rule_id,
            citation=o.citation,
        ).render(chosen)
        if o.overdue:
            description += msg(" · overdue").render(chosen)
        event.add("description", description)
        event.add("categories", [render(party, chosen)])
        cal.add_component(event)
    ics: bytes = cal.to_ical()
    return ics


def _header(words: FormHeadings) -> list[str]:
    return [words.industry] + [
        f"{level}{column}{words.counted}" for level in words.levels for column in words.columns
    ]


def form_csv(form: MonthlyForm, words: FormHeadings = FORM_HEADINGS) -> str:
    """The form as a spreadsheet for people: the unit line, the header, the rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([words.fill(cell, form) for cell in words.unit_cells])
    writer.writerow(_header(words))
    for row in form.rows:
        writer.writerow([words.row_name(row.industry), *row.counts])
    return out.getvalue()


def form_data(form: MonthlyForm) -> dict[str, Any]:
    """The form as data: English keys (``level_2``, ``cumulative``), the industries as the
    form names them (the total row ``合计``), whatever the reader's language."""
    return {
        "form": "monthly",
        "title_zh": TITLE,
        "unit": form.unit,
        "year": form.year,
        "month": form.month,
        "rows": [
            {
                "industry": row.industry,
                **{
                    LEVEL_KEYS[i]: {
                        COLUMN_KEYS[j]: row.cell(level, column) for j, column in enumerate(COLUMNS)
                    }
                    for i, level in enumerate(LEVELS)
                },
            }
            for row in form.rows
        ],
    }


def form_json(form: MonthlyForm) -> str:
    return json.dumps(form_data(form), ensure_ascii=False, indent=2)


def form_xlsx(form: MonthlyForm, words: FormHeadings = FORM_HEADINGS) -> bytes:
    """The form as the attachment prints it: title, 填报单位 … 乡（镇）办事处 … 年 … 月, the
    three levels over their three columns, the eight industries and 合计."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{form.year}-{form.month:02d}"
    last = 1 + 3 * len(LEVELS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(1, 1, words.title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    ws.cell(2, 1, words.fill(words.unit_line, form))
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    ws.cell(3, 1, words.industry)
    for i, level in enumerate(words.levels):
        col = 2 + 3 * i
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 2)
        ws.cell(3, col, level)
        for j, column in enumerate(words.columns):
            ws.cell(4, col + j, f"{column}{words.counted}")
    for r, row in enumerate(form.rows, start=5):
        ws.cell(r, 1, words.row_name(row.industry))
        for c, value in enumerate(row.counts, start=2):
            ws.cell(r, c, value)
    thin = Side(style="thin")
    for cells in ws.iter_rows(min_row=3, max_row=4 + len(form.rows), max_col=last):
        for cell in cells:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.column_dimensions["A"].width = 8
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
