"""Pages for people, rendered on the server with Jinja2 (autoescaped; no front-end build).

- ``/pages/cases``: the auditor's search by USCC or name; ``/pages/cases/{uscc}/{specialty}``
  the case's timeline with each event's rule ids and citations, the check's findings, the
  chain's verification and the export's downloads;
- ``/pages/board``: the authority's deadline board (overdue first) and the registry, filtered;
- ``/public``: the lists a website shows, in publicity now, announced and revoked (no
  credential, and nothing beyond what an announcement carries).

The board and the lists read the read models (``gradingcore.ReadModels``, decision 0076).

A browser signs in once at ``/pages/login`` with an API token; it is kept in an HttpOnly,
SameSite=Strict cookie that only these pages read (the API itself takes the bearer header
only, so a cookie can never make a command).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import jinja2
import pendulum
from litestar import Request, Response, get, post
from litestar.params import FromPath

from gradingcore import (
    AuditFinding,
    CaseEvent,
    CaseKey,
    CaseNotFound,
    GradingError,
    GradingService,
    Level,
    ListEntry,
    Role,
    Status,
    check,
    i18n,
    label,
)
from gradingcore_cli._i18n import CATALOG, _
from gradingcore_http._cases import EXPORTS, _query_date, _today, case_key, etag, export_bytes
from gradingcore_http._deadlines import deadline_what
from gradingcore_http._directory import search
from gradingcore_http._listings import scope_of, views
from gradingcore_http._locale import current_tag
from gradingcore_http._present import event_data, finding_data
from gradingcore_http._principal import OutOfScope, Principal, check_scope
from gradingcore_http._problems import Problem

COOKIE = "gradingcore_token"


def _day(value: Any) -> str:
    """A date for people in the request's language (2024年10月23日 or 2024-10-23)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = pendulum.Date.fromisoformat(value)
    return i18n.format_date(value)


_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("gradingcore_http", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    extensions=["jinja2.ext.i18n"],
)
# The pages speak through the adapters' catalog (decision 0095), in the locale the request
# runs in (the locale middleware): the callables look the locale up at each call.
_templates.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=lambda text: CATALOG.gettext(text),
    ngettext=lambda singular, plural, n: CATALOG.ngettext(singular, plural, n),
    newstyle=True,
)
_templates.filters["day"] = _day
_templates.filters["label"] = lambda code: label(code) if code else ""


def _page(name: str, status: int = 200, **context: Any) -> Response[str]:
    return Response(
        content=_templates.get_template(name).render(lang=current_tag(), **context),
        media_type="text/html",
        status_code=status,
        headers={
            "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _who(request: Request[Any, Any, Any]) -> Principal | None:
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    who: Principal | None = request.app.state.authenticate({"authorization": f"Bearer {token}"})
    if who is not None:
        request.scope["gradingcore.actor"] = who.actor.id  # type: ignore[typeddict-unknown-key]
    return who


def _signed_in(request: Request[Any, Any, Any]) -> Principal:
    who = _who(request)
    if who is None:
        raise Problem(  # a browser follows the Location to the sign-in page
            303,
            "sign-in",
            _("Sign in"),
            _("sign in at /pages/login with an API token"),
            headers={"Location": "/pages/login"},
        )
    return who


@get("/pages/login", name="login-page", include_in_schema=False)
async def login_page() -> Response[str]:
    return _page("login.html", who=None, error=None)


@post("/pages/login", name="login", include_in_schema=False, status_code=303)
async def login(request: Request[Any, Any, Any]) -> Response[str]:
    form = await request.form()
    token = str(form.get("token") or "").strip()
    who = request.app.state.authenticate({"authorization": f"Bearer {token}"})
    if who is None:
        return _page(
            "login.html", status=401, who=None, error=_("This token is invalid or revoked.")
        )
    response: Response[str] = Response(
        content="", status_code=303, headers={"Location": "/pages/cases"}
    )
    response.set_cookie(COOKIE, token, path="/", httponly=True, samesite="strict")
    return response


@get("/pages/cases", name="cases-page", include_in_schema=False)
async def cases_page(request: Request[Any, Any, Any]) -> Response[str]:
    who = _signed_in(request)
    q = request.query_params.get("q", "")[:200]
    found = search(request.app.state.service, who, q) if q else []
    return _page("cases.html", who=who, q=q, found=found, searched=bool(q))


def _citations(service: GradingService, events: Iterable[CaseEvent]) -> dict[str, str]:
    """Each rule id an event names, with its citation under the policy that event recorded."""
    found: dict[str, str] = {}
    for e in events:
        try:
            policy = service.policies.get(e.policy.id, e.policy.version)
        except GradingError:
            continue
        for rule_id in (*e.rules, *e.breaches, *(d.rule_id for d in e.deadlines)):
            if rule_id not in found:
                try:
                    found[rule_id] = policy.citation(rule_id).localized()
                except GradingError:
                    found[rule_id] = _("unverified")
    return found


def _event(e: CaseEvent) -> dict[str, Any]:
    """An event for the timeline, its words in the request's language."""
    data = event_data(e, None)
    for deadline in data["deadlines"]:
        deadline["what"] = deadline_what(deadline["what"])
        deadline["party"] = Role(deadline["party"])
    data["actor"]["role"] = Role(data["actor"]["role"])
    return data


def _finding(f: AuditFinding) -> dict[str, Any]:
    data = finding_data(f, None)
    data["cited"] = f.citation.localized() if f.citation else ""
    data["text_zh"] = f.citation.text_zh if f.citation else ""
    return data


@get("/pages/cases/{uscc:str}/{specialty:str}", name="case-page", include_in_schema=False)
async def case_page(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[str]:
    who = _signed_in(request)
    service: GradingService = request.app.state.service
    key = case_key(uscc, specialty)
    try:
        state = service.state(key)
    except CaseNotFound:
        message = _("no grading case {case}").format(case=key)
        return _page("error.html", status=404, who=who, message=message)
    except GradingError as error:
        return _page("error.html", status=404, who=who, message=error.localized())
    try:
        check_scope(who, key, state)
    except OutOfScope as refusal:
        return _page("error.html", status=403, who=who, message=refusal.detail)
    on = _query_date(request, "as_of") or _today(service)
    events = service.history(key)
    report = check(service, key.case_id, as_of=on)
    breaks = service.verify(key.case_id)
    view = service.view(key, on)
    return _page(
        "case.html",
        who=who,
        key=key,
        enterprise=state.enterprise,
        view=view,
        on=on,
        events=[_event(e) for e in events],
        citations=_citations(service, events),
        findings=[_finding(f) for f in report.findings],
        breaches=len(report.breaches),
        breaks=breaks,
        formats=list(EXPORTS),
        base=f"/pages/cases/{quote(str(key.uscc))}/{quote(key.specialty or '-')}",
    )


@get(
    "/pages/cases/{uscc:str}/{specialty:str}/export", name="case-download", include_in_schema=False
)
async def case_download(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    who = _signed_in(request)
    service: GradingService = request.app.state.service
    key = case_key(uscc, specialty)
    state = service.state(key)
    try:
        check_scope(who, key, state)
    except OutOfScope as refusal:
        raise Problem(403, "forbidden", _("Outside the caller's scope"), refusal.detail) from None
    fmt = request.query_params.get("format", "html")
    if fmt not in EXPORTS:
        fmt = "html"
    on = _query_date(request, "as_of") or _today(service)
    name = f"{key.uscc}-{key.specialty or 'case'}.{fmt}"
    return Response(
        content=export_bytes(service, key, fmt, on),
        media_type=EXPORTS[fmt],
        headers={
            "ETag": etag(state.version),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        },
    )


def _href(key: CaseKey) -> str:
    return f"/pages/cases/{quote(str(key.uscc))}/{quote(key.specialty or '-')}"


@get("/pages/board", name="board-page", include_in_schema=False)
async def board_page(request: Request[Any, Any, Any]) -> Response[str]:
    """The deadline board and the registry, read from the read models (decision 0076) within
    the caller's scope."""
    who = _signed_in(request)
    service: GradingService = request.app.state.service
    on = _query_date(request, "on") or _today(service)
    filters = {
        name: request.query_params.get(name, "").strip()[:100]
        for name in ("status", "level", "industry", "region", "q")
    }
    models = await views(request).fresh(["cases"])
    reach = scope_of(models, who)
    deadlines = [
        {
            "case": str(i.key),
            "href": _href(i.key),
            "enterprise": i.name,
            "rule_id": i.obligation.rule_id,
            "party": i.obligation.party,
            "what": i.obligation.localized(),
            "due": i.obligation.due.isoformat(),
            "overdue": i.obligation.overdue,
            "citation": i.obligation.citation.localized(),
        }
        for i in models.obligations(on)
        if i.obligation.due is not None and reach(i.key, i.region)
    ]
    registry = []
    for e in models.registry(on):
        row = {
            "case": str(e.key),
            "href": _href(e.key),
            "enterprise": e.name,
            "industry": e.industry,
            "region": e.region,
            "status": str(e.status),
            "stage": str(e.stage) if e.stage else "",
            "level": str(int(e.level)) if e.level else "",
            "valid_until": e.valid_until.isoformat() if e.valid_until else "",
            "status_label": label(e.status),
            "stage_label": label(e.stage) if e.stage else "",
            "level_label": label(e.level) if e.level else "",
            "valid_until_day": _day(e.valid_until),
        }
        if reach(e.key, e.region) and _matches(row, filters):
            registry.append(row)
    return _page(
        "board.html",
        who=who,
        on=on,
        deadlines=deadlines,
        registry=registry,
        filters=filters,
        statuses=list(Status),
        levels=list(Level),
    )


def _matches(row: dict[str, str], filters: dict[str, str]) -> bool:
    if filters["status"] and row["status"] != filters["status"]:
        return False
    if filters["level"] and row["level"] != filters["level"]:
        return False
    if filters["industry"] and filters["industry"] not in row["industry"]:
        return False
    if filters["region"] and not row["region"].startswith(filters["region"]):
        return False
    q = filters["q"].upper()
    return not q or q in row["case"].upper() or q in row["enterprise"].upper()


def _public_row(e: ListEntry) -> dict[str, str]:
    """What an announcement carries: the enterprise, its code and specialty, level, dates."""
    return {
        "enterprise": e.name,
        "uscc": str(e.key.uscc),
        "specialty": e.key.specialty,
        "level": label(e.level) if e.level else "",
        "on": _day(e.on),
        "until": _day(e.until),
    }


@get("/public", name="public-page", include_in_schema=False)
async def public_page(request: Request[Any, Any, Any]) -> Response[str]:
    """In publicity on the day; announced and revoked from ``from`` (default the 1st of
    January) to the day, an announcement revoked by then left out of the announced: the
    lists of the read models, as a website shows them."""
    service: GradingService = request.app.state.service
    on = _query_date(request, "on") or _today(service)
    start = _query_date(request, "from") or on.start_of("year")
    models = await views(request).fresh(["lists"])
    revoked = models.revoked(start, on) if start <= on else []
    announced = models.announced(start, on) if start <= on else []
    ended = {(r.key, r.on) for r in revoked}
    current = [a for a in announced if not any(k == a.key and day >= a.on for k, day in ended)]
    return _page(
        "public.html",
        who=None,
        on=on,
        start=start,
        publicity=[_public_row(p) for p in models.publicity(on)],
        announced=[_public_row(a) for a in current],
        revoked=[_public_row(r) for r in revoked],
    )


PAGES = [login_page, login, cases_page, case_page, case_download, board_page, public_page]

__all__ = ["COOKIE", "PAGES"]
