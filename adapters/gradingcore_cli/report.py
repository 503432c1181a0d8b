"""The audit report of one case: timeline, findings with citations (Chinese and English), and
the integrity of its stored history, as JSON, Markdown, self-contained HTML or PDF."""

from __future__ import annotations

import html
from typing import Any

import pendulum

from gradingcore import (
    AuditFinding,
    AuditReport,
    AuthorityKind,
    CaseEvent,
    CaseView,
    ChainBreak,
    Citation,
    Eligibility,
    GradingService,
    InvalidInput,
    Level,
    Locale,
    Role,
    check,
    event_summary,
    i18n,
    label,
)
from gradingcore_cli._i18n import N_, _, ngettext


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


def event_data(e: CaseEvent, locale: Locale | None = Locale.EN) -> dict[str, Any]:
    """An event as plain data; ``says`` in ``locale``: English by default, since data stays
    locale-neutral (docs/i18n.md); None for the current locale (a report for people)."""
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
        "says": event_summary(e, locale),
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


def finding_data(f: AuditFinding, locale: Locale | None = Locale.EN) -> dict[str, Any]:
    """A finding as plain data; ``message`` in ``locale`` (English by default, as data; None
    for the current locale)."""
    return {
        "rule_id": f.rule_id,
        "holds": f.holds,
        "kind": f.kind,
        "version": f.version,
        "on": f.on.isoformat() if f.on else None,
        "message": f.localized(locale),
        "summary_en": f.summary,
        "summary_zh": f.summary_zh,
        "citation": _citation(f.citation),
        "facts": {k: _plain(v) for k, v in f.facts.items()},
    }


def eligibility_data(e: Eligibility) -> dict[str, Any]:
    """An eligibility as JSON: every unmet rule with its citation (CLI and HTTP alike)."""
    return {
        "level": int(e.level),
        "on": e.on.isoformat(),
        "eligible": e.eligible,
        "unmet": [
            {"rule_id": f.rule_id, "message": f.message, "citation": str(f.citation)}
            for f in e.unmet
        ],
    }


def view_data(view: CaseView, eligibility: Eligibility) -> dict[str, Any]:
    """A case's view on a day as JSON: status, level, validity, open obligations and
    eligibility (``case show --json`` and the HTTP API alike)."""
    state = view.state
    return {
        "case": str(state.key),
        "uscc": str(state.key.uscc),
        "specialty": state.key.specialty,
        "enterprise": state.enterprise.name,
        "version": state.version,
        "on": view.on.isoformat(),
        "status": str(view.status),
        "stage": str(view.stage) if view.stage else None,
        "level": int(view.level) if view.level else None,
        "valid_until": view.valid_until.isoformat() if view.valid_until else None,
        "obligations": [
            {
                "rule_id": o.rule_id,
                "party": str(o.party),
                "what": o.what,
                "due": o.due.isoformat() if o.due else None,
                "overdue": o.overdue,
                "citation": str(o.citation),
            }
            for o in view.obligations
        ],
        "eligibility": eligibility_data(eligibility),
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
    service: GradingService,
    case_id: Any,
    as_of: pendulum.Date | None = None,
    locale: Locale | None = Locale.EN,
) -> dict[str, Any]:
    """Everything the report shows, as plain data (the JSON format); the summaries and
    findings in ``locale``: English by default, None for the current locale (md/html/pdf)."""
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
        "integrity": integrity_data(case_id, breaks, len(audit.events), locale),
        "ok": audit.ok and not breaks,
        "timeline": [event_data(e, locale) for e in audit.events],
        "forms": forms_data(list(audit.events)),
        "findings": [finding_data(f, locale) for f in audit.findings],
        "breaches": len(audit.breaches),
    }


def integrity_data(
    case_id: Any, breaks: list[ChainBreak], events: int, locale: Locale | None = Locale.EN
) -> dict[str, Any]:
    """The chain's verification as data; each break's ``says`` in ``locale`` (English by
    default, None for the current locale), ``problem`` always the English wording."""
    return {
        "case_id": str(case_id),
        "verified": not breaks,
        "events": events,
        "breaks": [
            {"version": b.version, "problem": b.problem, "says": b.localized(locale)}
            for b in breaks
        ],
    }


def _who(actor: dict[str, Any]) -> str:
    role = label(Role(actor["role"]))
    if not actor["authority"]:
        return _("{actor} ({role})").format(actor=actor["id"], role=role)
    authority = label(AuthorityKind(actor["authority"]))
    return _("{actor} ({role}/{authority})").format(
        actor=actor["id"], role=role, authority=authority
    )


def _day(iso: str | None) -> str:
    return i18n.format_date(pendulum.Date.fromisoformat(iso)) if iso else "—"


def _moment(iso: str) -> str:
    moment = pendulum.parse(iso)
    assert isinstance(moment, pendulum.DateTime)
    return i18n.format_datetime(moment)


def _cited(citation: dict[str, Any] | None) -> str:
    """Where a rule is written, in the reader's language (HN 第七条(二)（未经核实）)."""
    if citation is None:
        return ""
    where = " ".join(p for p in (citation["document"], citation["article"]) if p)
    where += citation["item"] or ""
    return where if citation["verified"] else _("{where} (unverified)").format(where=where)


_KINDS = {
    "step": N_("step"),
    "rule": N_("rule"),
    "deadline": N_("deadline"),
    "period": N_("period"),
    "recorded": N_("recorded"),
    "policy": N_("policy"),
    "calendar": N_("calendar"),
}


def kind_label(kind: str) -> str:
    return _(_KINDS[kind]) if kind in _KINDS else kind


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def forms_data(events: list[CaseEvent]) -> dict[str, Any]:
    """The two forms of Henan's rules as the case last filled them: the self-evaluation report
    (附件1 企业自评报告: score, level claimed and applied for, internal publicity) and the
    on-site review report (附件2 现场评审报告: score, nonconformities, verdict)."""

    def last(name: str) -> Any:
        return next((e for e in reversed(events) if e.name == name), None)

    selfeval, applied, review = last("SelfEvaluated"), last("Applied"), last("Reviewed")
    return {
        "self_evaluation": None
        if selfeval is None
        else {
            "version": selfeval.originator_version,
            "on": selfeval.on.isoformat(),
            "score": str(selfeval.score),
            "claimed_level": int(selfeval.claimed_level),
            "applied_level": int(applied.level) if applied else None,
            "publicity_from": selfeval.publicity_from.isoformat(),
            "publicity_complete_on": selfeval.publicity_complete_on.isoformat(),
        },
        "review": None
        if review is None
        else {
            "version": review.originator_version,
            "on": review.on.isoformat(),
            "score": str(review.score),
            "level_met": review.level_met,
            "major_hazard_found": review.major_hazard_found,
            "nonconformities": [
                {"id": n.id, "clause": n.clause, "text": n.text, "veto": n.veto}
                for n in review.nonconformities
            ],
        },
    }


def _level(number: int | None) -> str:
    return label(Level(number)) if number else "—"


def _form_rows(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]], list[str]]]:
    """(heading, [(field, value)], [nonconformity lines]) for each form the case has."""
    forms: list[tuple[str, list[tuple[str, str]], list[str]]] = []
    selfeval = data["forms"]["self_evaluation"]
    if selfeval:
        forms.append(
            (
                _("Self-evaluation report (附件1), event v{version}").format(
                    version=selfeval["version"]
                ),
                [
                    (_("Self-evaluation score"), selfeval["score"]),
                    (_("Self-evaluated level"), _level(selfeval["claimed_level"])),
                    (_("Level applied for"), _level(selfeval["applied_level"])),
                    (
                        _("Internal publicity"),
                        _("{start} to {end}").format(
                            start=_day(selfeval["publicity_from"]),
                            end=_day(selfeval["publicity_complete_on"]),
                        ),
                    ),
                ],
                [],
            )
        )
    review = data["forms"]["review"]
    if review:
        lines = [
            f"{n['id']} {n['clause']} {n['text']}".strip()
            + (" " + _("(veto item)") if n["veto"] else "")
            for n in review["nonconformities"]
        ]
        forms.append(
            (
                _("On-site review report (附件2), event v{version}").format(
                    version=review["version"]
                ),
                [
                    (_("Date of the review"), _day(review["on"])),
                    (_("On-site review score"), review["score"]),
                    (_("Level applied for met"), _yes(review["level_met"])),
                    (_("Major accident hazard found"), _yes(review["major_hazard_found"])),
                    (_("Nonconformities"), str(len(lines))),
                ],
                lines,
            )
        )
    return forms


# --- Markdown -------------------------------------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(data: dict[str, Any]) -> str:
    """The report in Markdown, in the current locale (Chinese unless English is chosen)."""
    case = data["case"]
    result = _("no breach found") if data["ok"] else _("BREACHES FOUND")
    lines = [
        "# " + _("Audit report: {enterprise}").format(enterprise=case["enterprise"]),
        "",
        "- " + _("Case: `{key}` (id `{id}`)").format(key=case["key"], id=case["id"]),
        "- "
        + _("Industry: {industry}; region: {region}").format(
            industry=case["industry"], region=case["region"]
        ),
        "- "
        + _("As of: {day}; calendar: `{calendar}`").format(
            day=_day(data["as_of"]), calendar=data["calendar"]
        ),
        "- " + _("Result: {result}").format(result=result),
        "",
        "## " + _("Integrity"),
        "",
    ]
    integrity = data["integrity"]
    if integrity["verified"]:
        lines.append(_("The hash chain of all {n} events verifies.").format(n=integrity["events"]))
    else:
        lines.append(_("The stored history does NOT verify:"))
        lines += [f"- v{b['version']}: {b['says']}" for b in integrity["breaks"]]
    for heading, fields, nonconformities in _form_rows(data):
        lines += ["", f"## {heading}", ""]
        lines += ["- " + _("{field}: {value}").format(field=n, value=v) for n, v in fields]
        lines += [f"  - {line}" for line in nonconformities]
    columns = [_(c) for c in _TIMELINE]
    lines += [
        "",
        "## " + _("Timeline"),
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for e in data["timeline"]:
        rules = ", ".join(e["rules"]) + (
            "; " + _("breach: {rules}").format(rules=", ".join(e["breaches"]))
            if e["breaches"]
            else ""
        )
        deadlines = ", ".join(f"{d['rule_id']} {_day(d['due'])}" for d in e["deadlines"])
        lines.append(
            f"| {e['version']} | {_day(e['on'])} | {_moment(e['recorded'])} "
            f"| {_cell(_who(e['actor']))} | **{_cell(label(e['type']))}** {_cell(e['says'])} "
            f"| {_cell(rules)} | {_cell(deadlines)} |"
        )
    columns = [_(c) for c in _FINDINGS]
    lines += [
        "",
        "## " + _("Findings"),
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for f in data["findings"]:
        mark = _("ok") if f["holds"] else "**" + _("BREACH") + "**"
        lines.append(
            f"| {f['version']} | {mark} | `{f['rule_id']}` ({kind_label(f['kind'])}) "
            f"| {_cell(f['message'])} | {_cell(_cited(f['citation']))} |"
        )
    lines += ["", "## " + _("Citations"), ""]
    for rule_id, citation, summary in _citations(data):
        lines += [
            "- "
            + _("{rule} — {where}: {summary}").format(
                rule=f"`{rule_id}`", where=_cited(citation), summary=summary
            ),
            "  > " + (citation["text_zh"] or _("(text not recorded)")),
        ]
    return "\n".join(lines) + "\n"


#: Column names of the timeline and findings tables (the CLI's catalog translates them).
_TIMELINE = (
    N_("v"),
    N_("business date"),
    N_("recorded (UTC)"),
    N_("actor"),
    N_("event"),
    N_("rules"),
    N_("deadlines"),
)
_FINDINGS = (N_("v"), N_("result"), N_("rule"), N_("finding"), N_("citation"))


def _citations(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """Each cited rule once, with its summary in the report's language (the English one where
    the policy has no Chinese summary)."""
    chinese = i18n.current_locale() is Locale.ZH
    seen: dict[tuple[str, str], tuple[str, dict[str, Any], str]] = {}
    for f in data["findings"]:
        if f["citation"]:
            summary = (chinese and f.get("summary_zh")) or f["summary_en"]
            seen.setdefault(
                (f["rule_id"], f["citation"]["cited"]), (f["rule_id"], f["citation"], summary)
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
  @bottom-center {{ content: __FOOTER__; }}
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


def _page_footer() -> str:
    """The CSS ``content`` of the printed footer: 第 1 页，共 3 页 or Page 1 of 3."""
    text = _("Page {page} of {pages}")
    quoted = '"' + text.replace('"', '\\"') + '"'
    return quoted.replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')


def html_report(data: dict[str, Any]) -> str:
    """The self-contained HTML report, in the current locale (Chinese unless English)."""
    locale = i18n.current_locale()
    case = data["case"]
    ok = data["ok"]
    integrity = data["integrity"]
    title = _("Audit report: {enterprise}").format(enterprise=case["enterprise"])
    if ok:
        result = _("No breach found.")
    elif integrity["verified"]:
        result = ngettext(
            "Breaches found: {n} finding.", "Breaches found: {n} findings.", data["breaches"]
        ).format(n=data["breaches"])
    else:
        result = ngettext(
            "Breaches found: {n} finding, and the stored history does not verify.",
            "Breaches found: {n} findings, and the stored history does not verify.",
            data["breaches"],
        ).format(n=data["breaches"])
    css = _CSS.replace("__FOOTER__", _page_footer())
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{locale.tag}"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        '<dl class="meta">',
        "<dt>"
        + _e(_("Case"))
        + f'</dt><dd><code class="case-key">{_e(case["key"])}</code> '
        + f"(id <code>{_e(case['id'])}</code>)</dd>",
        "<dt>"
        + _e(_("Industry"))
        + "</dt><dd>"
        + _e(
            _("{industry}, region {region}").format(
                industry=case["industry"], region=case["region"]
            )
        )
        + "</dd>",
        "<dt>" + _e(_("As of")) + f"</dt><dd>{_e(_day(data['as_of']))}</dd>",
        "<dt>" + _e(_("Calendar")) + f"</dt><dd><code>{_e(data['calendar'])}</code></dd>",
        "</dl>",
        f'<p id="result" class="summary {"ok" if ok else "breach"}">{_e(result)}</p>',
        '<h2 id="integrity">' + _e(_("Integrity")) + "</h2>",
    ]
    if integrity["verified"]:
        verifies = _("The hash chain of all {n} events verifies.").format(n=integrity["events"])
        parts.append(f'<p class="ok">{_e(verifies)}</p>')
    else:
        fails = _("The stored history does NOT verify:")
        parts.append(f'<p class="breach">{_e(fails)}</p><ul>')
        parts += [f"<li>v{b['version']}: {_e(b['says'])}</li>" for b in integrity["breaks"]]
        parts.append("</ul>")
    for number, (heading, fields, nonconformities) in enumerate(_form_rows(data), 1):
        parts.append(f'<h2 id="form-{number}">{_e(heading)}</h2><dl class="meta">')
        parts += [f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in fields]
        parts.append("</dl>")
        if nonconformities:
            parts.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in nonconformities) + "</ul>")
    parts += [
        '<h2 id="timeline">' + _e(_("Timeline")) + "</h2>",
        '<table class="timeline"><thead><tr>',
        "".join(f"<th>{_e(_(c))}</th>" for c in _TIMELINE),
        "</tr></thead><tbody>",
    ]
    for e in data["timeline"]:
        breach = (
            '<br><span class="breach">'
            + _e(_("breach: {rules}").format(rules=", ".join(e["breaches"])))
            + "</span>"
            if e["breaches"]
            else ""
        )
        deadlines = "<br>".join(f"{_e(d['rule_id'])} {_e(_day(d['due']))}" for d in e["deadlines"])
        parts.append(
            f"<tr><td>{e['version']}</td><td>{_e(_day(e['on']))}</td>"
            f"<td>{_e(_moment(e['recorded']))}</td><td>{_e(_who(e['actor']))}</td>"
            f"<td><b>{_e(label(e['type']))}</b> {_e(e['says'])}</td>"
            f"<td>{_e(', '.join(e['rules']))}{breach}</td><td>{deadlines}</td></tr>"
        )
    parts += [
        "</tbody></table>",
        '<h2 id="findings">' + _e(_("Findings")) + "</h2>",
        '<table class="findings"><thead><tr>'
        + "".join(f"<th>{_e(_(c))}</th>" for c in _FINDINGS)
        + "</tr></thead><tbody>",
    ]
    for f in data["findings"]:
        mark = (
            '<span class="ok">' + _e(_("ok")) + "</span>"
            if f["holds"]
            else '<span class="breach">' + _e(_("BREACH")) + "</span>"
        )
        parts.append(
            f"<tr><td>{f['version']}</td><td>{mark}</td><td><code>{_e(f['rule_id'])}</code>"
            f"<br><small>{_e(kind_label(f['kind']))}</small></td><td>{_e(f['message'])}</td>"
            f"<td>{_e(_cited(f['citation']))}</td></tr>"
        )
    parts += ["</tbody></table>", '<h2 id="citations">' + _e(_("Citations")) + "</h2>"]
    for rule_id, citation, summary in _citations(data):
        parts.append(
            f'<p class="cite"><code>{_e(rule_id)}</code> — <b>{_e(_cited(citation))}</b>: '
            f"{_e(summary)}</p>"
            + '<blockquote lang="zh-CN">'
            + _e(citation["text_zh"] or _("(text not recorded)"))
            + "</blockquote>"
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


__all__ = [
    "eligibility_data",
    "event_data",
    "finding_data",
    "html_report",
    "markdown",
    "pdf_report",
    "report_data",
    "view_data",
]
