"""The case resource: every command as a POST on the case, every query as a GET.

``POST /cases/{uscc}/{specialty}/{step}`` (the step in kebab case, ``self-evaluate``) decides a
command against the case; ``GET /cases/{uscc}/{specialty}[/...]`` reads it. A case without a
specialty is written ``-``. The case's version is its ETag; a command may send ``If-Match`` and
an ``Idempotency-Key``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from urllib.parse import quote

import pendulum
from litestar import Request, Response, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from gradingcore import (
    USCC,
    CaseKey,
    CaseNotFound,
    CaseState,
    GradingService,
    InvalidInput,
    Level,
    VersionMismatch,
    check,
    commands,
)
from gradingcore_cli._i18n import _
from gradingcore_cli.report import html_report, integrity_data, markdown, pdf_report, report_data
from gradingcore_http._convert import BodyInvalid, finite, structure
from gradingcore_http._present import (
    NO_SPECIALTY,
    eligibility_data,
    event_data,
    finding_data,
    history_data,
    outcome_data,
    plain,
    view_data,
)
from gradingcore_http._principal import OutOfScope, Principal, check_scope
from gradingcore_http._problems import Problem

CASE = "/cases/{uscc:str}/{specialty:str}"

#: Longest Idempotency-Key accepted.
KEY_LENGTH = 200


def segment(step: str) -> str:
    return step.replace("_", "-")


# --- shared steps of every handler -------------------------------------------------------


def services(request: Request[Any, Any, Any]) -> GradingService:
    service: GradingService = request.app.state.service
    return service


def principal(request: Request[Any, Any, Any]) -> Principal:
    """The caller, or a 401 problem."""
    headers = {k.lower(): v for k, v in request.headers.items()}
    who: Principal | None = request.app.state.authenticate(headers)
    if who is None:
        raise Problem(
            401,
            "unauthenticated",
            _("Authentication required"),
            _("send Authorization: Bearer <token> (gradingcore tokens issue)"),
            headers={"WWW-Authenticate": 'Bearer realm="gradingcore"'},
        )
    request.scope["gradingcore.actor"] = who.actor.id  # type: ignore[typeddict-unknown-key]
    return who


def case_key(uscc: str, specialty: str) -> CaseKey:
    try:
        code = USCC(uscc)
    except InvalidInput as error:
        detail = error.localized()
        raise Problem(
            422,
            "invalid-input",
            _("Invalid input"),
            detail,
            errors=[{"pointer": "#/path/uscc", "detail": detail}],
        ) from None
    return CaseKey(code, "" if specialty == NO_SPECIALTY else specialty)


def current(service: GradingService, key: CaseKey) -> CaseState | None:
    try:
        return service.state(key)
    except CaseNotFound:
        return None


def forbidden(refusal: OutOfScope) -> Problem:
    return Problem(
        403, "forbidden", _("Outside the caller's scope"), refusal.detail, facts=refusal.facts
    )


def etag(version: int) -> str:
    return f'"{version}"'


def readable(request: Request[Any, Any, Any], uscc: str, specialty: str) -> tuple[CaseKey, int]:
    """Authenticate, find the case (404) and check that the caller may read it (403)."""
    who = principal(request)
    key = case_key(uscc, specialty)
    state = current(services(request), key)
    if state is None:
        raise Problem(
            404,
            "case-not-found",
            _("No such grading case"),
            _("no grading case {case}").format(case=key),
        )
    try:
        check_scope(who, key, state)
    except OutOfScope as refusal:
        raise forbidden(refusal) from None
    return key, state.version


def _query_date(request: Request[Any, Any, Any], name: str) -> pendulum.Date | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    try:
        parsed = dt.date.fromisoformat(text)
        if len(text) != 10:
            raise ValueError(text)
    except ValueError:
        detail = _("expected a date as YYYY-MM-DD, got {value}").format(value=repr(text))
        raise _bad_query(name, detail) from None
    return pendulum.Date(parsed.year, parsed.month, parsed.day)


def _query_instant(request: Request[Any, Any, Any], name: str) -> dt.datetime | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        detail = _("expected an ISO timestamp with a zone, got {value}").format(value=repr(text))
        raise _bad_query(name, detail) from None
    if when.tzinfo is None:
        detail = _("{value} has no time zone: add one, e.g. +08:00 or Z").format(value=repr(text))
        raise _bad_query(name, detail)
    return when


def _query_int(request: Request[Any, Any, Any], name: str, low: int, high: int) -> int | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        detail = _("expected a whole number from {low} to {high}, got {value}")
        raise _bad_query(name, detail.format(low=low, high=high, value=repr(text)))
    return int(text)


def _bad_query(name: str, detail: str) -> Problem:
    return Problem(
        422,
        "invalid-input",
        _("Invalid input"),
        _("{field}: {detail}").format(field=name, detail=detail),
        errors=[{"pointer": f"#/query/{name}", "detail": detail}],
    )


def _today(service: GradingService) -> pendulum.Date:
    now = service.clock.now()
    return pendulum.instance(now).in_timezone("Asia/Shanghai").date()


def json_response(
    data: Any,
    version: int | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    headers = dict(headers or {})
    if version is not None:
        headers["ETag"] = etag(version)
    return Response(
        content=json.dumps(data, ensure_ascii=False).encode(),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


# --- commands ----------------------------------------------------------------------------


def stale(wanted: str, version: int) -> Problem:
    return Problem(
        412,
        "stale",
        _("The case has changed"),
        _("If-Match {wanted} does not match the case's version {version}: read it again").format(
            wanted=wanted, version=version
        ),
        headers={"ETag": etag(version)},
        current_version=version,
    )


def expected_version(request: Request[Any, Any, Any], version: int) -> int | None:
    """The version an ``If-Match`` asks the command to be recorded on (None: any), given the
    case's ``version`` as just read. The service saves the command's events right after that
    version, so a write by another worker in between is refused by the store itself (412),
    never recorded on a state the caller did not see (decision 0074)."""
    wanted = request.headers.get("if-match")
    if wanted is None:
        return None
    tags = [t.strip().removeprefix("W/") for t in wanted.split(",")]
    if "*" in tags:  # any current version: the case exists
        if version > 0:
            return None
        raise stale(wanted, version)
    if etag(version) in tags:
        return version
    # Not the version just read: the service refuses it (412), unless the request repeats
    # one it recorded, whose first result is returned (a retry whose answer was lost).
    numbers = [int(t[1:-1]) for t in tags if t[1:-1].isdigit() and t[0] == t[-1] == '"']
    return numbers[0] if numbers else -1


def _command_id(
    request: Request[Any, Any, Any], step: str, who: Principal, raw: bytes
) -> str | None:
    """The command id of an Idempotency-Key: the key and a digest of what was asked, so that
    the same key with another body is told apart (decision 0047)."""
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > KEY_LENGTH or "#" in key:
        raise Problem(
            422,
            "invalid-input",
            _("Invalid input"),
            _("Idempotency-Key must be 1 to {length} characters without '#'").format(
                length=KEY_LENGTH
            ),
            errors=[{"pointer": "#/header/Idempotency-Key", "detail": _("malformed key")}],
        )
    asked = json.dumps({"step": step, "actor": who.actor.id, "body": raw.decode()})
    return f"http:{key}#{hashlib.sha256(asked.encode()).hexdigest()[:24]}"


def _key_reused(state: CaseState | None, service: GradingService, command_id: str) -> None:
    if state is None:
        return
    prefix = command_id.partition("#")[0] + "#"
    for e in service.history(state.key):
        if e.command_id and e.command_id.startswith(prefix) and e.command_id != command_id:
            raise Problem(
                422,
                "idempotency-key-reused",
                _("Idempotency-Key already used"),
                _(
                    "this Idempotency-Key was used with another request on this case "
                    "(event v{version} {event}): use a new key"
                ).format(version=e.originator_version, event=e.name),
                facts={"version": e.originator_version, "event": e.name},
            )


def _body(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw, parse_constant=finite)
    except json.JSONDecodeError as error:  # Python's own words are English: say where instead
        detail = _("the body is not JSON (line {line}, column {column})").format(
            line=error.lineno, column=error.colno
        )
        raise Problem(400, "malformed-json", _("Malformed JSON"), detail) from None
    except (ValueError, UnicodeDecodeError) as error:  # NaN, Infinity; not UTF-8
        detail = _("the body is not JSON: {error}").format(error=error)
        raise Problem(400, "malformed-json", _("Malformed JSON"), detail) from None


def command_handler(step: str) -> HTTPRouteHandler:
    cls = commands.COMMANDS[step]

    async def handle(
        request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
    ) -> Response[bytes]:
        who = principal(request)
        key = case_key(uscc, specialty)
        raw = await request.body()
        body = _body(raw)
        try:
            typed, on, enterprise = structure(step, body)
        except BodyInvalid as invalid:
            raise Problem(
                422,
                "invalid-input",
                _("Invalid input"),
                str(invalid),
                errors=[{"pointer": p.pointer, "detail": p.detail} for p in invalid.problems],
            ) from None
        service = services(request)
        state = current(service, key)
        try:
            check_scope(
                who,
                key,
                state,
                step=step,
                opening_region=enterprise.region if enterprise else "",
            )
        except OutOfScope as refusal:
            raise forbidden(refusal) from None
        command_id = _command_id(request, step, who, raw)
        if command_id is not None:
            _key_reused(state, service, command_id)
        read = state.version if state else 0
        expected = expected_version(request, read)
        try:
            command = cls(
                case=key,
                actor=who.actor,
                on=on,
                enterprise=enterprise,
                command_id=command_id,
                **typed,
            )
        except TypeError as error:
            raise Problem(422, "invalid-input", _("Invalid input"), str(error)) from None
        try:
            outcome = service.execute(command, expected_version=expected)
        except VersionMismatch as moved:
            raise stale(request.headers.get("if-match", ""), moved.current) from None
        headers = {"Idempotent-Replayed": "true"} if outcome.repeated else {}
        version = outcome.version if not outcome.repeated else service.version(key)
        return json_response(outcome_data(key, outcome), version, headers=headers)

    handle.__name__ = f"command_{step}"
    return post(
        f"{CASE}/{segment(step)}",
        name=f"command-{segment(step)}",
    )(handle)


# --- queries -----------------------------------------------------------------------------


@get(CASE, name="view")
async def case_view(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    service = services(request)
    on = _query_date(request, "on") or _today(service)
    known_at = _query_instant(request, "known_at")
    at = _query_int(request, "version", 1, 10**9)
    level = _query_int(request, "level", 1, 3)
    view = service.view(key, on, known_at=known_at, version=at)
    if level is None:
        held = view.state.level_on(on)
        app = view.state.application
        level = int(held.level) if held else int(app.level) if app else 3
    eligibility = service.eligibility(key, Level(level), on)
    return json_response(view_data(view, eligibility), version)


@get(f"{CASE}/state", name="state")
async def case_state(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    service = services(request)
    state = service.state(
        key,
        as_of=_query_date(request, "as_of"),
        known_at=_query_instant(request, "known_at"),
        version=_query_int(request, "version", 1, 10**9),
    )
    return json_response(
        {"case": str(key), "version": state.version, "state": plain(state)}, version
    )


@get(f"{CASE}/eligibility", name="eligibility")
async def case_eligibility(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    service = services(request)
    level = _query_int(request, "level", 1, 3) or 3
    on = _query_date(request, "on") or _today(service)
    return json_response(eligibility_data(service.eligibility(key, Level(level), on)), version)


@get(f"{CASE}/history", name="history")
async def case_history(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    return json_response(history_data(services(request).history(key)), version)


@get(f"{CASE}/timeline", name="timeline")
async def case_timeline(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    return json_response([event_data(e) for e in services(request).history(key)], version)


@get(f"{CASE}/check", name="check")
async def case_check(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    service = services(request)
    on = _query_date(request, "as_of") or _today(service)
    report = check(service, key.case_id, as_of=on)
    data = {
        "case": str(key),
        "as_of": on.isoformat(),
        "ok": report.ok,
        "calendar": report.calendar_version,
        "breaches": len(report.breaches),
        "findings": [finding_data(f) for f in report.findings],
    }
    return json_response(data, version)


@get(f"{CASE}/verify", name="verify")
async def case_verify(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    service = services(request)
    breaks = service.verify(key.case_id)
    return json_response(integrity_data(key.case_id, breaks, len(service.history(key))), version)


EXPORTS = {
    "json": "application/json",
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
}


def export_bytes(service: GradingService, key: CaseKey, fmt: str, on: pendulum.Date) -> bytes:
    data = report_data(service, key.case_id, on)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode()
    if fmt == "md":
        return markdown(data).encode()
    if fmt == "html":
        return html_report(data).encode()
    return pdf_report(data)


@get(f"{CASE}/export", name="export")
async def case_export(
    request: Request[Any, Any, Any], uscc: FromPath[str], specialty: FromPath[str]
) -> Response[bytes]:
    key, version = readable(request, uscc, specialty)
    service = services(request)
    fmt = request.query_params.get("format", "json")
    if fmt not in EXPORTS:
        detail = _("expected one of {values}, got {value}")
        raise _bad_query(
            "format", detail.format(values=", ".join(map(repr, EXPORTS)), value=repr(fmt))
        )
    on = _query_date(request, "as_of") or _today(service)
    name = f"{key.uscc}-{key.specialty or 'case'}.{fmt}"
    return Response(
        content=export_bytes(service, key, fmt, on),
        media_type=EXPORTS[fmt],
        headers={
            "ETag": etag(version),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        },
    )


QUERIES: list[HTTPRouteHandler] = [
    case_view,
    case_state,
    case_eligibility,
    case_history,
    case_timeline,
    case_check,
    case_verify,
    case_export,
]

COMMAND_HANDLERS: list[HTTPRouteHandler] = [command_handler(step) for step in commands.COMMANDS]

__all__ = [
    "CASE",
    "COMMAND_HANDLERS",
    "EXPORTS",
    "QUERIES",
    "case_key",
    "current",
    "export_bytes",
    "principal",
    "readable",
    "segment",
]
