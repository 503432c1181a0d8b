"""Pages for people, rendered on the server with Jinja2 (autoescaped; no front-end build).

- ``/pages/cases``: the auditor's search by USCC or name; ``/pages/cases/{uscc}/{specialty}``
  the case's timeline with each event's rule ids and citations, the check's findings, the
  chain's verification and the export's downloads;
- ``/pages/board``: the authority's deadline board (overdue first) and the registry, filtered;
- ``/public``: the lists a website shows, in publicity now and announced (no credential, and
  nothing beyond what an announcement carries).

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
    CaseEvent,
    CaseKey,
    CaseView,
    Enterprise,
    GradingError,
    GradingService,
    Level,
    Status,
    check,
)
from gradingcore_http._cases import EXPORTS, _query_date, _today, case_key, etag, export_bytes
from gradingcore_http._directory import opened_cases, search
from gradingcore_http._present import event_data, finding_data
from gradingcore_http._principal import OutOfScope, Principal, check_scope
from gradingcore_http._problems import Problem

COOKIE = "gradingcore_token"

_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("gradingcore_http", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def _page(name: str, status: int = 200, **context: Any) -> Response[str]:
    return Response(
        content=_templates.get_template(name).render(**context),
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
            "Sign in",
            "sign in at /pages/login with an API token",
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
            "login.html", status=401, who=None, error="这个令牌无效或已撤销 (invalid or revoked)"
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
                    found[rule_id] = str(policy.citation(rule_id))
                except GradingError:
                    found[rule_id] = "unverified"
    return found


@get("/pages/cases/{uscc:str}/{specialty:str}", name="case-page", include_in_schema=False)
async def case_page(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[str]:
    who = _signed_in(request)
    service: GradingService = request.app.state.service
    key = case_key(uscc, specialty)
    try:
        state = service.state(key)
    except GradingError as error:
        return _page("error.html", status=404, who=who, message=error.message)
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
        events=[event_data(e) for e in events],
        citations=_citations(service, events),
        findings=[finding_data(f) for f in report.findings],
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
        raise Problem(403, "forbidden", "Outside the caller's scope", refusal.detail) from None
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


def _views(
    service: GradingService, on: pendulum.Date, who: Principal | None
) -> list[tuple[CaseKey, Enterprise, CaseView]]:
    """Every case on ``on`` the caller may read (everyone's for the public lists)."""
    out = []
    for key, enterprise in opened_cases(service):
        try:
            view = service.view(key, on)
        except GradingError:  # not yet opened on that date
            continue
        if who is not None:
            try:
                check_scope(who, key, view.state)
            except OutOfScope:
                continue
        out.append((key, enterprise, view))
    return out


def _href(key: CaseKey) -> str:
    return f"/pages/cases/{quote(str(key.uscc))}/{quote(key.specialty or '-')}"


@get("/pages/board", name="board-page", include_in_schema=False)
async def board_page(request: Request[Any, Any, Any]) -> Response[str]:
    who = _signed_in(request)
    service: GradingService = request.app.state.service
    on = _query_date(request, "on") or _today(service)
    filters = {
        name: request.query_params.get(name, "").strip()[:100]
        for name in ("status", "level", "industry", "region", "q")
    }
    deadlines = []
    registry = []
    for key, enterprise, view in _views(service, on, who):
        region = enterprise.region or key.uscc.region
        for o in view.obligations:
            if o.due is not None:
                deadlines.append(
                    {
                        "case": str(key),
                        "href": _href(key),
                        "enterprise": enterprise.name,
                        "rule_id": o.rule_id,
                        "party": str(o.party),
                        "what": o.what,
                        "due": o.due.isoformat(),
                        "overdue": o.overdue,
                        "citation": str(o.citation),
                    }
                )
        row = {
            "case": str(key),
            "href": _href(key),
            "enterprise": enterprise.name,
            "industry": enterprise.industry,
            "region": region,
            "status": str(view.status),
            "stage": str(view.stage) if view.stage else "",
            "level": str(int(view.level)) if view.level else "",
            "valid_until": view.valid_until.isoformat() if view.valid_until else "",
        }
        if _matches(row, filters):
            registry.append(row)
    deadlines.sort(key=lambda d: (not d["overdue"], d["due"], d["case"]))
    return _page(
        "board.html",
        who=who,
        on=on,
        deadlines=deadlines,
        registry=registry,
        filters=filters,
        statuses=[s.value for s in Status],
        levels=[str(int(level)) for level in Level],
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


@get("/public", name="public-page", include_in_schema=False)
async def public_page(request: Request[Any, Any, Any]) -> Response[str]:
    """In publicity now and announced: the enterprise, its specialty, the level and dates."""
    service: GradingService = request.app.state.service
    on = _query_date(request, "on") or _today(service)
    publicity, announced = [], []
    for key, enterprise, view in _views(service, on, None):
        app = view.state.application
        row = {
            "enterprise": enterprise.name,
            "uscc": str(key.uscc),
            "specialty": key.specialty,
            "level": view.level.zh if view.level else "",
        }
        if app is not None and app.is_open and app.publicized_on is not None:
            publicity.append(
                {
                    **row,
                    "level": app.level.zh,
                    "from": app.publicized_on.isoformat(),
                    "until": app.publicity_complete_on.isoformat()
                    if app.publicity_complete_on
                    else "",
                }
            )
        elif view.status is Status.GRADED and view.level is not None:
            grading = view.state.level_on(on)
            announced.append(
                {
                    **row,
                    "announced_on": grading.announced_on.isoformat() if grading else "",
                    "valid_until": view.valid_until.isoformat() if view.valid_until else "",
                }
            )
    return _page("public.html", who=None, on=on, publicity=publicity, announced=announced)


PAGES = [login_page, login, cases_page, case_page, case_download, board_page, public_page]

__all__ = ["COOKIE", "PAGES"]
