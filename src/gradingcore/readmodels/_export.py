"""Files for people: the deadline board as iCalendar (icalendar), the monthly form as XLSX laid
out like the paper form (openpyxl), CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from gradingcore.readmodels._registry import BoardItem
from gradingcore.readmodels._reports import COLUMNS, LEVELS, MonthlyForm

TITLE = "工贸企业安全生产标准化月度报表"


def board_calendar(items: Sequence[BoardItem], stamp: datetime) -> bytes:
    """An iCalendar file (RFC 5545) with one all-day event on each due date; ``stamp`` is the
    DTSTAMP of every event (when the board was made). The UID is stable across exports, so a
    subscribed calendar updates an obligation rather than adding it twice."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//gradingcore//deadline board//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "安全生产标准化定级 期限")
    for item in items:
        o = item.obligation
        if o.due is None:
            continue
        event = Event()
        event.add("uid", f"{item.key.case_id}.{o.rule_id}.{o.due.isoformat()}@gradingcore")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", o.due)
        event.add("dtend", o.due.add(days=1))
        event.add("summary", f"{item.name}: {o.what} ({o.rule_id})")
        event.add(
            "description",
            f"{item.key} · owed by {o.party} · {o.rule_id} ({o.citation})"
            + (" · OVERDUE" if o.overdue else ""),
        )
        event.add("categories", [str(o.party)])
        cal.add_component(event)
    ics: bytes = cal.to_ical()
    return ics


def _header(form: MonthlyForm) -> list[str]:
    return ["行业"] + [f"{level.zh}{c} (家)" for level in LEVELS for c in COLUMNS]


def form_csv(form: MonthlyForm) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"填报单位：{form.unit}", f"{form.year} 年", f"{form.month} 月"])
    writer.writerow(_header(form))
    for row in form.rows:
        writer.writerow([row.industry, *row.counts])
    return out.getvalue()


def form_data(form: MonthlyForm) -> dict[str, Any]:
    return {
        "form": TITLE,
        "unit": form.unit,
        "year": form.year,
        "month": form.month,
        "rows": [
            {
                "industry": row.industry,
                **{level.zh: {c: row.cell(level, c) for c in COLUMNS} for level in LEVELS},
            }
            for row in form.rows
        ],
    }


def form_json(form: MonthlyForm) -> str:
    return json.dumps(form_data(form), ensure_ascii=False, indent=2)


def form_xlsx(form: MonthlyForm) -> bytes:
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
    ws.cell(1, 1, TITLE).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    ws.cell(2, 1, f"填报单位：{form.unit} 乡（镇）办事处 {form.year} 年 {form.month} 月")
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    for i, level in enumerate(LEVELS):
        col = 2 + 3 * i
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + 2)
        ws.cell(3, col, level.zh)
        for j, column in enumerate(COLUMNS):
            ws.cell(4, col + j, f"{column} (家)")
    for r, row in enumerate(form.rows, start=5):
        ws.cell(r, 1, row.industry)
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
