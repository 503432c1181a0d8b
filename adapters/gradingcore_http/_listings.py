"""The read models over HTTP: the registry (企业台账), the deadline board and its iCalendar
feed, the public lists (公示, 公告, 撤销), the monthly form (月度报表) and targets.

Who sees what (decision 0075): the public lists are open to everyone, as a website shows
them; the registry and the board show the rows of the cases the caller may read one by one
(the same scope as ``GET /cases/{uscc}/{specialty}``: an enterprise its own, an authority or
organizing unit its region and levels, a review team member its team's cases, an auditor or
supervisor its region); the monthly form and targets are statistics of a region, for the
roles that cover it (not an enterprise, not a review team member).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pendulum
from litestar import Request, Response, get

from gradingcore import (
    CaseKey,
    GradingService,
    ReadModels,
    Role,
    Status,
    i18n,
    label,
    readmodels,
)
from gradingcore_cli._i18n import _
from gradingcore_cli.listings import entry_data, item_data, registry_data, target_data
from gradingcore_http._cases import (
    _bad_query,
    _query_date,
    _query_int,
    _today,
    forbidden,
    json_response,
    principal,
)
from gradingcore_http._principal import OutOfScope, Principal, check_scope, may_read_region
from gradingcore_http._views import Views

#: The monthly form's formats, by ``?format=`` and by the media type ``Accept`` names.
FORM_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ICS = "text/calendar"
#: Longest free-text filter accepted (industry, township, authority).
TEXT = 100


def views(request: Request[Any, Any, Any]) -> Views:
    found: Views = request.app.state.views
    return found


def service_of(request: Request[Any, Any, Any]) -> GradingService:
    service: GradingService = request.app.state.service
    return service


# --- query parameters ------------------------------------------------------------------------


def _text(request: Request[Any, Any, Any], name: str) -> str | None:
    text: str | None = request.query_params.get(name)
    if text is None or not text.strip():
        return None
    if len(text) > TEXT:
        raise _bad_query(name, _("at most {n} characters").format(n=TEXT))
    return text.strip()


def _region(request: Request[Any, Any, Any], name: str = "region") -> str | None:
    text: str | None = request.query_params.get(name)
    if text is None or text == "":
        return None
    if not text.isdigit() or not 2 <= len(text) <= 6:
        detail = _("expected a GB/T 2260 code of 2 to 6 digits, got {value}")
        raise _bad_query(name, detail.format(value=repr(text)))
    return text


def _choice(request: Request[Any, Any, Any], name: str, values: Sequence[str]) -> str | None:
    text: str | None = request.query_params.get(name)
    if text is None or text == "":
        return None
    if text not in values:
        detail = _("expected one of {values}, got {value}")
        raise _bad_query(name, detail.format(values=", ".join(map(repr, values)), value=repr(text)))
    return text


def _flag(request: Request[Any, Any, Any], name: str) -> bool:
    return _choice(request, name, ("true", "false")) == "true"


def _period(request: Request[Any, Any, Any]) -> tuple[pendulum.Date, pendulum.Date]:
    """``from`` and ``to``: by default the month up to today, as the CLI's lists."""
    end = _query_date(request, "to") or _today(service_of(request))
    start = _query_date(request, "from") or end.start_of("month")
    if start > end:
        raise _bad_query("from", _("{start} is after to ({end})").format(start=start, end=end))
    return start, end


def _month(request: Request[Any, Any, Any]) -> tuple[int, int]:
    text = request.query_params.get("month")
    if text is None:
        today = _today(service_of(request))
        return today.year, today.month
    try:
        first = dt.date.fromisoformat(f"{text}-01")
        if len(text) != 7:
            raise ValueError(text)
    except ValueError:
        detail = _("expected YYYY-MM, got {value}").format(value=repr(text))
        raise _bad_query("month", detail) from None
    return first.year, first.month


# --- scope -----------------------------------------------------------------------------------


def scope_of(models: ReadModels, who: Principal) -> Callable[[CaseKey, str], bool]:
    """Whether ``who`` may see a row of the case ``key`` in ``region``: the scope of reading
    the case itself (``check_scope``). Where it depends on the case's state (a level-bound
    authority, a review team member), the states are read once for the request."""
    needs_state = who.role is Role.REVIEW_TEAM or (
        who.levels and who.role in (Role.ORGANIZING_UNIT, Role.AUTHORITY)
    )
    if needs_state:
        region = None if who.role is Role.REVIEW_TEAM else who.region or None
        keys = set()
        for state in models.states(region=region):
            try:
                check_scope(who, state.key, state)
            except OutOfScope:
                continue
            keys.add(state.key)
        return lambda key, _region: key in keys

    def reads(key: CaseKey, region: str) -> bool:
        try:
            check_scope(who, key, None, opening_region=region)
        except OutOfScope:
            return False
        return True

    return reads


def _statistics(who: Principal, region: str) -> None:
    """The monthly form and targets: statistics of ``region``, for the roles covering it."""
    if who.role in (Role.ENTERPRISE, Role.REVIEW_TEAM):
        raise forbidden(
            OutOfScope(
                _(
                    "statistics of a region are for the authorities, organizing units, "
                    "supervisors and auditors covering it, not for a {role} token"
                ).format(role=label(who.role)),
                {"role": str(who.role)},
            )
        )
    if not may_read_region(who, region):
        raise forbidden(
            OutOfScope(
                _(
                    "statistics of region {region} are for the authorities, organizing units, "
                    "supervisors and auditors covering it (this {role} covers {scope})"
                ).format(region=region, role=label(who.role), scope=who.region or _("everywhere")),
                {"region": region, "scope_region": who.region},
            )
        )


# --- the registry and the board --------------------------------------------------------------


@get("/registry", name="registry")
async def registry(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The 企业台账 on a day, within the caller's scope."""
    who = principal(request)
    on = _query_date(request, "on") or _today(service_of(request))
    region, industry = _region(request), _text(request, "industry")
    township, level = _text(request, "township"), _query_int(request, "level", 1, 3)
    status = _choice(request, "status", [s.value for s in Status])
    expiring_within = _query_int(request, "expiring_within", 0, 36_500)
    models = await views(request).fresh(["cases"])
    reach = scope_of(models, who)
    found = models.registry(
        on,
        region=region,
        industry=industry,
        township=township,
        level=level,
        status=status,
        expiring_within=expiring_within,
    )
    entries = [e for e in found if reach(e.key, e.region)]
    return json_response({"on": on.isoformat(), "entries": [registry_data(e) for e in entries]})


async def _board(request: Request[Any, Any, Any]) -> tuple[pendulum.Date, list[Any]]:
    who = principal(request)
    on = _query_date(request, "on") or _today(service_of(request))
    role = _choice(request, "role", [r.value for r in Role if r is not Role.SYSTEM])
    region = _region(request)
    due_within = _query_int(request, "due_within", 0, 36_500)
    overdue = _flag(request, "overdue")
    models = await views(request).fresh(["cases"])
    reach = scope_of(models, who)
    items = models.obligations(on, role=role, region=region, due_within=due_within, overdue=overdue)
    return on, [i for i in items if reach(i.key, i.region)]


@get("/board", name="board")
async def board(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The deadline board on a day: every open obligation, overdue first."""
    on, items = await _board(request)
    return json_response({"on": on.isoformat(), "obligations": [item_data(i) for i in items]})


@get("/board.ics", name="board-calendar")
async def board_calendar(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The board's due dates as an iCalendar feed (RFC 5545) a calendar subscribes to, its
    words (SUMMARY, DESCRIPTION, the calendar's name) in the request's language."""
    _, items = await _board(request)
    stamp = service_of(request).clock.now()
    return Response(
        content=readmodels.board_calendar(
            items, pendulum.instance(stamp).in_timezone("UTC"), locale=i18n.current_locale()
        ),
        media_type=ICS,
        headers={"Content-Disposition": 'inline; filename="board.ics"'},
    )


# --- the public lists ------------------------------------------------------------------------


async def _published(request: Request[Any, Any, Any], which: str) -> Response[bytes]:
    """A public list: ``publicity`` on a day, ``announced`` or ``revoked`` in a period."""
    authority, region = _text(request, "authority"), _region(request)
    if which == "publicity":
        on = _query_date(request, "on") or _today(service_of(request))
        models = await views(request).fresh(["lists"])
        entries = models.publicity(on, authority=authority, region=region)
        asked = {"on": on.isoformat()}
    else:
        start, end = _period(request)
        models = await views(request).fresh(["lists"])
        fetch = models.announced if which == "announced" else models.revoked
        entries = fetch(start, end, authority=authority, region=region)
        asked = {"from": start.isoformat(), "to": end.isoformat()}
    return json_response({"list": which, **asked, "entries": [entry_data(e) for e in entries]})


@get("/lists/publicity", name="publicity")
async def publicity(request: Request[Any, Any, Any]) -> Response[bytes]:
    """In publicity (公示) on a day: open to everyone, as a website shows it."""
    return await _published(request, "publicity")


@get("/lists/announcements", name="announcements")
async def announcements(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Announced (公告) in a period, with the departments copied: open to everyone."""
    return await _published(request, "announced")


@get("/lists/revocations", name="revocations")
async def revocations(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Revoked (撤销) in a period, with the rule id of the trigger: open to everyone."""
    return await _published(request, "revoked")


# --- the monthly form and targets ------------------------------------------------------------


def _form_format(request: Request[Any, Any, Any]) -> str:
    chosen = _choice(request, "format", list(FORM_TYPES))
    if chosen is not None:
        return chosen
    accept = request.headers.get("accept", "")
    for fmt, media in FORM_TYPES.items():
        if media.partition(";")[0] in accept:
            return fmt
    return "json"


@get("/forms/monthly", name="monthly-form")
async def monthly_form(request: Request[Any, Any, Any]) -> Response[bytes]:
    """工贸企业安全生产标准化月度报表 of a township or a region, for a month."""
    who = principal(request)
    township, region = _text(request, "township"), _region(request)
    if (township is None) == (region is None):
        raise _bad_query("township", _("give township or region (one of them)"))
    year, month = _month(request)
    fmt = _form_format(request)
    models = await views(request).fresh(["monthly"])
    if region is not None:
        _statistics(who, region)
    elif township is not None:
        # A township's code lies in its county; a name is placed by the cases that carry it.
        cases = models.states(township=township)
        places = {s.enterprise.region or s.key.uscc.region for s in cases}
        for place in sorted(places) or [township if township.isdigit() else who.region]:
            _statistics(who, place)
    form = models.monthly_form(year, month, township=township, region=region)
    if fmt == "json":
        return json_response(readmodels.form_data(form))
    name = f"monthly-{form.unit}-{year}-{month:02d}.{fmt}"
    content = readmodels.form_xlsx(form) if fmt == "xlsx" else readmodels.form_csv(form).encode()
    return Response(
        content=content,
        media_type=FORM_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@get("/targets", name="targets")
async def targets(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Progress against the targets (目标任务) of the caller's regions on a day."""
    who = principal(request)
    on = _query_date(request, "on") or _today(service_of(request))
    _statistics(who, who.region)
    models = await views(request).fresh(["cases"])
    chosen = [t for t in readmodels.default_targets() if may_read_region(who, t.region)]
    found = models.targets(on, chosen)
    return json_response({"on": on.isoformat(), "targets": [target_data(p) for p in found]})


LISTINGS = [
    registry,
    board,
    board_calendar,
    publicity,
    announcements,
    revocations,
    monthly_form,
    targets,
]

__all__ = ["FORM_TYPES", "LISTINGS", "scope_of", "views"]
