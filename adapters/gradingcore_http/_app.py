"""The Litestar application: routes, error handling, limits, the access log.

``create_app(service)`` builds it on a :class:`GradingService` (or a store: a SQLite file, a
``postgresql://`` URL, ``"memory"``). The handlers call the service directly on the event loop:
one request at a time per process, and a province scales out with worker processes sharing
one store (decision 0045).
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from gradingcore import GradingError, GradingService, i18n
from gradingcore_cli._i18n import N_, _
from gradingcore_http._auth import Authenticator, BearerTokens
from gradingcore_http._cases import COMMAND_HANDLERS, QUERIES, json_response, principal
from gradingcore_http._directory import DIRECTORY
from gradingcore_http._locale import chosen_locale, locale_middleware
from gradingcore_http._openapi import openapi_document
from gradingcore_http._problems import MEDIA_TYPE, Problem, from_error, server_error
from gradingcore_http._tokens import TokenRegistry
from gradingcore_http._views import READ_WAIT, Follower, Views

#: Largest request body accepted (bytes): a command is a few kilobytes.
MAX_BODY = 256 * 1024

access_log = logging.getLogger("gradingcore.http.access")
error_log = logging.getLogger("gradingcore.http.error")


def _problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # A path no route matches is refused before the locale middleware runs: choose here too.
    try:
        locale = chosen_locale(request.scope)[0]
    except GradingError:
        locale = i18n.negotiate_locale(request.headers.get("accept-language"))
    with i18n.use_locale(locale):
        response = _problem(request, exc)
    response.headers.setdefault("Content-Language", locale.tag)
    response.headers.setdefault("Vary", "Accept-Language, Cookie")
    return response


def _problem(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, Problem):
        return exc.response(request.url.path)
    if isinstance(exc, GradingError):
        return from_error(exc).response(request.url.path)
    if isinstance(exc, HTTPException):
        status = exc.status_code
        if status >= 500:
            error_log.error("HTTP error %s on %s", status, request.url.path, exc_info=exc)
            return server_error().response(request.url.path)
        kind = {
            404: "not-found",
            405: "method-not-allowed",
            413: "too-large",
            400: "bad-request",
        }.get(status, "client-error")
        # Litestar's own details are English: ours say the same in the request's language.
        detail = {
            404: _("no resource at {path}").format(path=request.url.path),
            405: _("{method} is not allowed on {path}").format(
                method=request.method, path=request.url.path
            ),
            413: _("the body exceeds {n} bytes").format(n=request.app.state.max_body),
            400: _("the request is malformed"),
        }.get(status, _("the request was refused"))
        headers = dict(exc.headers or {})
        title = _(_TITLES.get(status, N_("Client error")))
        return Problem(status, kind, title, detail, headers=headers).response(request.url.path)
    error_log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return server_error().response(request.url.path)


_TITLES = {
    400: N_("Bad request"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    413: N_("Request body too large"),
}


class AccessLog:
    """One JSON line per request: method, path, status, duration and the actor's id. Never a
    body, a query string (it may name people) or a credential."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # type: ignore[comparison-overlap]
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            access_log.info(
                json.dumps(
                    {
                        "method": scope.get("method"),
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "actor": scope.get("gradingcore.actor"),
                        "pid": os.getpid(),
                    },
                    ensure_ascii=False,
                )
            )


def access_log_middleware(app: ASGIApp) -> ASGIApp:
    return AccessLog(app)


@get("/health", name="health")
async def health() -> Response[bytes]:
    """The process is up (it answers without touching the store)."""
    return json_response({"status": "ok"})


@get("/ready", name="ready")
async def ready(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The store answers: one notification read."""
    service: GradingService = request.app.state.service
    try:
        service.notifications(limit=1)
    except Exception as error:
        error_log.warning("store not ready: %s", type(error).__name__)
        raise Problem(
            503,
            "store-unavailable",
            _("The store is unavailable"),
            _("the store does not answer"),
            headers={"Retry-After": "5"},
        ) from None
    return json_response({"status": "ready"})


@get("/openapi.json", name="openapi")
async def openapi(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The OpenAPI 3.1 document of this API."""
    return Response(
        content=json.dumps(openapi_document(), ensure_ascii=False).encode(),
        media_type="application/json",
    )


def create_app(
    store: str,
    *,
    service: GradingService | None = None,
    authenticate: Authenticator | None = None,
    tokens: TokenRegistry | None = None,
    max_body: int = MAX_BODY,
    follow: bool = True,
    views_wait: float = READ_WAIT,
) -> Litestar:
    """The HTTP API (and pages) on ``store`` (a SQLite file, a ``postgresql://`` URL or
    ``"memory"``), or on a ``service`` already open on it. Without ``authenticate``, bearer
    tokens from the store's token registry (``gradingcore tokens issue``) are the
    credentials. With ``follow`` the app keeps the store's read models itself (a thread
    while it runs); without, another process must (``gradingcore serve`` runs one follower
    for all its workers, decision 0076). A read of the views waits up to ``views_wait``
    seconds for them to reach the log's head."""
    service = service or GradingService(store)
    registry = tokens or TokenRegistry(store)
    from gradingcore_http._listings import LISTINGS
    from gradingcore_http._pages import PAGES

    follower = Follower(store) if follow else None
    app = Litestar(
        route_handlers=[
            health,
            ready,
            openapi,
            DIRECTORY,
            *QUERIES,
            *COMMAND_HANDLERS,
            *LISTINGS,
            *PAGES,
        ],
        on_startup=[follower.start] if follower else [],
        on_shutdown=[follower.stop] if follower else [],
        exception_handlers={Exception: _problem_response},
        middleware=[access_log_middleware, locale_middleware],
        openapi_config=None,
        request_max_body_size=max_body,
        debug=False,
        logging_config=None,
    )
    app.state.service = service
    app.state.tokens = registry
    app.state.authenticate = authenticate or BearerTokens(registry)
    app.state.max_body = max_body
    app.state.views = Views(service, wait=views_wait)
    return app


def app_from_environment() -> Litestar:
    """The app factory ``gradingcore serve`` gives uvicorn: the store from GRADINGCORE_STORE,
    so that every worker process opens the same store. The workers only read the views:
    ``serve`` keeps them, once for all workers."""
    store = os.environ.get("GRADINGCORE_STORE")
    if not store:
        raise SystemExit("gradingcore serve: GRADINGCORE_STORE is not set")
    return create_app(store, follow=False)


__all__ = [
    "MAX_BODY",
    "MEDIA_TYPE",
    "access_log",
    "app_from_environment",
    "create_app",
    "principal",
]
