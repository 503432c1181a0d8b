"""The audit report of one case: timeline, findings with citations (Chinese and English), and
the integrity of its stored history, as JSON, Markdown, self-contained HTML or PDF."""

from __future__ import annotations

import html
from typing import Any

import pendulum

from gradingcore import (
    AuditFinding,
    AuditReport,
    CaseEvent,
    ChainBreak,
    Citation,
    GradingService,
    InvalidInput,
    check,
    event_summary,
)


def _citation(citation: Citation | None) -> dict[str, Any] | None:
    if citation is None:
        return None
    return {
        "cited": str(citation),
        "document": citation.document,
        "article": citation.article,
        "item": citation.item,
        "text_zh": citation.text_zh,
        "verified": citation.verified,
        "note": citation.note,
    }


def event_data(e: CaseEvent) -> dict[str, Any]:
    return {
        "version": e.originator_version,
        "type": e.name,
        "on": e.on.isoformat(),
        "recorded": e.timestamp.isoformat(),
        "actor": {
            "id": e.actor.id,
            "role": str(e.actor.role),
            "authority": str(e.actor.authority) if e.actor.authority else None,
        },
        "says": event_summary(e),
        "policy": str(e.policy),
        "calendar": e.calendar_version,
        "rules": list(e.rules),
        "breaches": list(e.breaches),
        "deadlines": [
            {"rule_id": d.rule_id, "due": d.due.isoformat(), "party": str(d.party), "what": d.what}
            for d in e.deadlines
        ],
        "command_id": e.command_id,
        "digest": e.digest,
    }


def finding_data(f: AuditFinding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "holds": f.holds,
        "kind": f.kind,
        "version": f.version,
        "on": f.on.isoformat() if f.on else None,
        "message": f.message,
        "summary_en": f.summary,
        "citation": _citation(f.citation),
        "facts": {k: _plain(v) for k, v in f.facts.items()},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def report_data(
    service: GradingService, case_id: Any, as_of: pendulum.Date | None = None
) -> dict[str, Any]:
    """Everything the report shows, as plain data (the JSON format)."""
    breaks = service.verify(case_id)
    audit: AuditReport = check(service, case_id, as_of=as_of)
    return {
        "case": {
            "id": str(audit.case_id),
            "key": str(audit.key) if audit.key else None,
            "enterprise": audit.enterprise.name if audit.enterprise else None,
            "industry": audit.enterprise.industry if audit.enterprise else None,
            "region": audit.enterprise.region if audit.enterprise else None,
        },
        "as_of": audit.as_of.isoformat(),
        "calendar": audit.calendar_version,
        "integrity": integrity_data(case_id, breaks, len(audit.events)),
        "ok": audit.ok and not breaks,
        "timeline": [event_data(e) for e in audit.events],
        "findings": [finding_data(f) for f in audit.findings],
        "breaches": len(audit.breaches),
    }


def integrity_data(case_id: Any, breaks: list[ChainBreak], events: int) -> dict[str, Any]:
    return {
        "case_id": str(case_id),
        "verified": not breaks,
        "events": events,
        "breaks": [{"version": b.version, "problem": b.problem} for b in breaks],
    }


def _who(actor: dict[str, Any]) -> str:
    kind = f"/{actor['authority']}" if actor["authority"] else ""
    return f"{actor['id']} ({actor['role']}{kind})"


# --- Markdown -------------------------------------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(data: dict[str, Any]) -> str:
    case = data["case"]
    lines = [
        f"# 审计报告 Audit report: {case['enterprise']}",
        "",
        f"- Case 案卷: `{case['key']}` (id `{case['id']}`)",
        f"- Industry 行业: {case['industry']}; region 地区: {case['region']}",
        f"- As of 截至: {data['as_of']}; calendar 日历: `{data['calendar']}`",
        f"- Result 结论: {'no breach 未发现违规' if data['ok'] else 'BREACHES FOUND 发现违规'}",
        "",
        "## Integrity 完整性",
        "",
    ]
    integrity = data["integrity"]
    if integrity["verified"]:
        lines.append(
            f"The hash chain of all {integrity['events']} events verifies. 哈希链校验通过。"
        )
    else:
        lines.append("The stored history does NOT verify. 哈希链校验未通过：")
        lines += [f"- v{b['version']}: {b['problem']}" for b in integrity["breaks"]]
    lines += [
        "",
        "## Timeline 时间线",
        "",
        "| v | business date | recorded (UTC) | actor | event | rules | deadlines |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in data["timeline"]:
        actor = e["actor"]
        who = _who(actor)
        rules = ", ".join(e["rules"]) + (
            f"; breach: {', '.join(e['breaches'])}" if e["breaches"] else ""
        )
        deadlines = ", ".join(f"{d['rule_id']} {d['due']}" for d in e["deadlines"])
        lines.append(
            f"| {e['version']} | {e['on']} | {e['recorded'][:16].replace('T', ' ')} | {_cell(who)} "
            f"| **{e['type']}** {_cell(e['says'])} | {_cell(rules)} | {_cell(deadlines)} |"
        )
    lines += [
        "",
        "## Findings 审查结果",
        "",
        "| v | result | rule | finding | citation 出处 |",
        "|---|---|---|---|---|",
    ]
    for f in data["findings"]:
        mark = "ok" if f["holds"] else "**BREACH**"
        cited = f["citation"]["cited"] if f["citation"] else ""
        lines.append(
            f"| {f['version']} | {mark} | `{f['rule_id']}` ({f['kind']}) "
            f"| {_cell(f['message'])} | {_cell(cited)} |"
        )
    lines += ["", "## Citations 引用条文", ""]
    for rule_id, citation, summary in _citations(data):
        lines += [
            f"- `{rule_id}` — {citation['cited']}: {summary}",
            f"  > {citation['text_zh'] or '(text not recorded)'}",
        ]
    return "\n".join(lines) + "\n"


def _citations(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    seen: dict[tuple[str, str], tuple[str, dict[str, Any], str]] = {}
    for f in data["findings"]:
        if f["citation"]:
            seen.setdefault(
                (f["rule_id"], f["citation"]["cited"]),
                (f["rule_id"], f["citation"], f["summary_en"]),
            )
    return sorted(seen.values(), key=lambda t: t[0])


# --- HTML -----------------------------------------------------------------------------------

#: Chinese first: fontconfig (WeasyPrint) and browsers pick the first family that has a glyph.
#: Debian's fonts-noto-cjk provides the Noto families; the others are other systems' own.
_SANS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "Noto Serif CJK SC", sans-serif'
)
_SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif'
_MONO = '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace'

#: The screen layout, then the printed one: A4 with the case in the running head, page numbers
#: in the footer, and tables that break between rows and repeat their header on every page.
_CSS = f"""
body {{ font-family: {_SANS}; color: #1d2330; margin: 2em auto; max-width: 1100px;
       line-height: 1.45; font-size: 14px; padding: 0 1em; }}
h1 {{ font-size: 1.6em; border-bottom: 3px solid #2b5797; padding-bottom: .3em;
      string-set: report-title content(); }}
h2 {{ font-size: 1.25em; margin-top: 1.8em; color: #2b5797; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9em; }}
th, td {{ border: 1px solid #c9cfd9; padding: 4px 6px; vertical-align: top; text-align: left; }}
th {{ background: #eef2f8; }}
tr:nth-child(even) td {{ background: #fafbfd; }}
.ok {{ color: #1e7b34; font-weight: bold; }}
.breach {{ color: #b3261e; font-weight: bold; }}
.summary {{ padding: .7em 1em; border-radius: 6px; margin: 1em 0; }}
.summary.ok {{ background: #e6f4ea; }} .summary.breach {{ background: #fce8e6; }}
code {{ font-family: {_MONO}; font-size: .92em; }}
code.case-key {{ string-set: report-case content(); }}
blockquote {{ font-family: {_SERIF}; margin: .3em 0 .8em 1em; padding-left: .8em;
             border-left: 3px solid #c9cfd9; color: #394150; }}
dl.meta {{ display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }}
dl.meta dt {{ font-weight: bold; }} dl.meta dd {{ margin: 0; }}

@page {{
  size: A4;
  margin: 18mm 14mm 18mm 14mm;
  font-family: {_SANS};
  font-size: 7.5pt;
  color: #5a6272;
  @top-left {{ content: string(report-title); }}
  @top-right {{ content: string(report-case); }}
  @bottom-center {{
    content: "第 " counter(page) " 页，共 " counter(pages) " 页 · Page " counter(page)
             " of " counter(pages);
  }}
}}
@page :first {{
  @top-left {{ content: none; }}
  @top-right {{ content: none; }}
}}
@media print {{
  body {{ margin: 0; max-width: none; padding: 0; font-size: 9pt; line-height: 1.35; }}
  h1 {{ font-size: 15pt; margin-top: 0; }}
  h2 {{ font-size: 11.5pt; margin-top: 1.2em; break-after: avoid; }}
  table {{ font-size: 7.5pt; table-layout: fixed; }}
  thead {{ display: table-header-group; }}
  tr, blockquote {{ break-inside: avoid; }}
  p.cite {{ break-after: avoid; }}
  th, td {{ padding: 2pt 3pt; overflow-wrap: anywhere; }}
  .summary {{ break-inside: avoid; }}
  table.timeline th:nth-child(1) {{ width: 4%; }}
  table.timeline th:nth-child(2) {{ width: 9%; }}
  table.timeline th:nth-child(3) {{ width: 10%; }}
  table.timeline th:nth-child(4) {{ width: 15%; }}
  table.timeline th:nth-child(5) {{ width: 30%; }}
  table.timeline th:nth-child(6) {{ width: 19%; }}
  table.timeline th:nth-child(7) {{ width: 13%; }}
  table.findings th:nth-child(1) {{ width: 4%; }}
  table.findings th:nth-child(2) {{ width: 8%; }}
  table.findings th:nth-child(3) {{ width: 25%; }}
  table.findings th:nth-child(4) {{ width: 47%; }}
  table.findings th:nth-child(5) {{ width: 16%; }}
}}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def html_report(data: dict[str, Any]) -> str:
    case = data["case"]
    ok = data["ok"]
    integrity = data["integrity"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>审计报告 Audit report — {_e(case['enterprise'])}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>审计报告 Audit report: {_e(case['enterprise'])}</h1>",
        '<dl class="meta">',
        f'<dt>案卷 Case</dt><dd><code class="case-key">{_e(case["key"])}</code> '
        f"(id <code>{_e(case['id'])}</code>)</dd>",
        f"<dt>行业 Industry</dt><dd>{_e(case['industry'])}, region {_e(case['region'])}</dd>",
        f"<dt>截至 As of</dt><dd>{_e(data['as_of'])}</dd>",
        f"<dt>日历 Calendar</dt><dd><code>{_e(data['calendar'])}</code></dd>",
        "</dl>",
        f'<p id="result" class="summary {"ok" if ok else "breach"}">'
        + (
            "未发现违规 No breach found."
            if ok
            else f"发现违规 Breaches found: {data['breaches']} finding(s)"
            + ("" if integrity["verified"] else ", and the stored history does not verify")
            + "."
        )
        + "</p>",
        '<h2 id="integrity">完整性 Integrity</h2>',
    ]
    if integrity["verified"]:
        parts.append(
            f'<p class="ok">哈希链校验通过: the hash chain of all {integrity["events"]} '
            "events verifies.</p>"
        )
    else:
        parts.append(
            '<p class="breach">哈希链校验未通过: the stored history does not verify.</p><ul>'
        )
        parts += [f"<li>v{b['version']}: {_e(b['problem'])}</li>" for b in integrity["breaks"]]
        parts.append("</ul>")
    parts += [
        '<h2 id="timeline">时间线 Timeline</h2>',
        '<table class="timeline"><thead><tr>',
        "<th>v</th><th>业务日期 Business date</th><th>记录时间 Recorded (UTC)</th>"
        "<th>主体 Actor</th><th>事件 Event</th><th>规则 Rules</th><th>期限 Deadlines</th>",
        "</tr></thead><tbody>",
    ]
    for e in data["timeline"]:
        actor = e["actor"]
        who = _who(actor)
        breach = (
            f'<br><span class="breach">breach: {_e(", ".join(e["breaches"]))}</span>'
            if e["breaches"]
            else ""
        )
        deadlines = "<br>".join(f"{_e(d['rule_id'])} {_e(d['due'])}" for d in e["deadlines"])
        parts.append(
            f"<tr><td>{e['version']}</td><td>{_e(e['on'])}</td>"
            f"<td>{_e(e['recorded'][:16].replace('T', ' '))}</td><td>{_e(who)}</td>"
            f"<td><b>{_e(e['type'])}</b> {_e(e['says'])}</td>"
            f"<td>{_e(', '.join(e['rules']))}{breach}</td><td>{deadlines}</td></tr>"
        )
    parts += [
        "</tbody></table>",
        '<h2 id="findings">审查结果 Findings</h2>',
        '<table class="findings"><thead><tr><th>v</th><th>结果 Result</th><th>规则 Rule</th>'
        "<th>说明 Finding</th><th>出处 Citation</th></tr></thead><tbody>",
    ]
    for f in data["findings"]:
        mark = '<span class="ok">ok</span>' if f["holds"] else '<span class="breach">BREACH</span>'
        cited = _e(f["citation"]["cited"]) if f["citation"] else ""
        parts.append(
            f"<tr><td>{f['version']}</td><td>{mark}</td><td><code>{_e(f['rule_id'])}</code>"
            f"<br><small>{_e(f['kind'])}</small></td><td>{_e(f['message'])}</td><td>{cited}</td></tr>"
        )
    parts += ["</tbody></table>", '<h2 id="citations">引用条文 Citations</h2>']
    for rule_id, citation, summary in _citations(data):
        parts.append(
            f'<p class="cite"><code>{_e(rule_id)}</code> — <b>{_e(citation["cited"])}</b>: '
            f"{_e(summary)}</p>"
            f'<blockquote lang="zh-CN">{_e(citation["text_zh"] or "(text not recorded)")}'
            "</blockquote>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def pdf_report(data: dict[str, Any]) -> bytes:
    """The HTML report printed on A4 by WeasyPrint (``pip install 'gradingcore[reports]'``).

    WeasyPrint finds fonts through fontconfig: Chinese text needs a CJK font on the machine
    (Debian: ``apt-get install fonts-noto-cjk``), and WeasyPrint itself needs Pango
    (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``)."""
    try:
        from weasyprint import HTML
    except ImportError as missing:
        raise InvalidInput(
            f"PDF export needs WeasyPrint ({missing}): pip install 'gradingcore[reports]'"
        ) from None
    except OSError as missing:  # WeasyPrint is there, the system's Pango is not
        raise InvalidInput(
            f"PDF export needs Pango for WeasyPrint ({missing}): on Debian, "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"
        ) from None
    document: bytes = HTML(string=html_report(data)).write_pdf()
    return document


__all__ = ["event_data", "finding_data", "html_report", "markdown", "pdf_report", "report_data"]
