"""gradingcore over HTTP: a Litestar app for host systems, with roles, and pages for the
grading authority and the auditor (docs/http.md).

Built on the public API of :mod:`gradingcore` only. ``create_app(service)`` makes the ASGI app;
``gradingcore serve`` runs it with uvicorn.
"""

from __future__ import annotations

from gradingcore_http._app import MAX_BODY, app_from_environment, create_app
from gradingcore_http._auth import Authenticator, BearerTokens, chain
from gradingcore_http._openapi import openapi_document
from gradingcore_http._principal import FACT_STEPS, Principal
from gradingcore_http._tokens import TokenInfo, TokenRegistry

__all__ = [
    "FACT_STEPS",
    "MAX_BODY",
    "Authenticator",
    "BearerTokens",
    "Principal",
    "TokenInfo",
    "TokenRegistry",
    "app_from_environment",
    "chain",
    "create_app",
    "openapi_document",
]
