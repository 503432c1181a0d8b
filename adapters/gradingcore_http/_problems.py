"""RFC 9457 problem details: every error the API returns, never a stack trace.

A refusal by the rules carries every rule id, its citation (with the words it quotes) and the
facts checked; a body that does not make a command names each field as a JSON pointer. The
typed errors of the core map to statuses by class, the most specific first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from litestar import Response

import gradingcore
from gradingcore import Citation, GradingError, i18n
from gradingcore_cli._i18n import CATALOG, N_, _

MEDIA_TYPE = "application/problem+json"

#: Where the problem types are described (docs/http.md, "Problems").
TYPE_BASE = "https://gradingcore.invalid/problems/"

#: Status and problem type of each typed error, most specific class first; a class added to
#: the core later falls back to its nearest listed base (looked up by name, so that this list
#: may name errors a core version does not have).
_BY_CLASS: list[tuple[str, int, str]] = [
    ("StoreUnavailable", 503, "store-unavailable"),  # StoreReadOnly too
    ("StoreLocked", 503, "store-unavailable"),
    ("StoreUnreadable", 500, "store-unreadable"),
    ("StoreError", 503, "store-unavailable"),
    ("CommandIdReused", 422, "idempotency-key-reused"),
    ("CaseNotFound", 404, "case-not-found"),
    ("VersionMismatch", 412, "stale"),
    ("ConflictError", 409, "conflict"),
    ("CalendarCoverageError", 422, "calendar-not-covered"),
    ("RuleViolation", 409, "rule-violation"),
    ("PolicyError", 422, "policy"),
    ("SerializationError", 500, "store-unreadable"),
    ("InvalidInput", 422, "invalid-input"),
    ("GradingError", 422, "refused"),
]


def _classes() -> list[tuple[type[BaseException], int, str]]:
    found = []
    for name, status, kind in _BY_CLASS:
        cls = getattr(gradingcore, name, None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            found.append((cls, status, kind))
    return found


_MAPPING = _classes()


class Problem(Exception):
    """An error response: status, type, title, detail and extension members."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions

    def body(self, instance: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": TYPE_BASE + self.kind,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            data["instance"] = instance
        data.update(self.extensions)
        return data

    def response(self, instance: str | None = None) -> Response[bytes]:
        return Response(
            content=json.dumps(self.body(instance), ensure_ascii=False, default=str).encode(),
            status_code=self.status,
            media_type=MEDIA_TYPE,
            headers=self.headers,
        )


def citation_data(citation: Citation) -> dict[str, Any]:
    return {
        "cited": str(citation),
        "document": citation.document,
        "article": citation.article,
        "item": citation.item,
        "text_zh": citation.text_zh,
        "verified": citation.verified,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def from_error(error: GradingError, accept_language: str | None = None) -> Problem:
    """The problem of a typed core error, its words in the language of the request (chosen by
    the locale middleware, or by ``accept_language`` when given; zh-CN first); rule ids,
    citations and facts do not change with the language."""
    status, kind = 422, "refused"
    for cls, code, name in _MAPPING:
        if isinstance(error, cls):
            status, kind = code, name
            break
    locale = (
        i18n.negotiate_locale(accept_language)
        if accept_language is not None
        else i18n.current_locale()
    )
    title = {
        404: N_("No such grading case"),
        409: N_("Refused by the rules") if kind == "rule-violation" else N_("Conflicting write"),
        412: N_("The case has changed"),
        500: N_("The stored history cannot be read"),
        503: N_("The store is unavailable"),
    }.get(status, N_("Invalid input"))
    detail = error.localized(locale)
    return Problem(
        status,
        kind,
        CATALOG.gettext(title, locale),
        detail,
        rule_ids=list(error.rule_ids),
        citations=[citation_data(c) for c in error.citations],
        facts=_plain(error.facts),
        headers={"Content-Language": locale.tag, **_retry(status)},
    )


def _retry(status: int) -> dict[str, str]:
    return {"Retry-After": "5"} if status == 503 else {}


def server_error() -> Problem:
    """What an unexpected failure shows: nothing of its insides (the log has the trace)."""
    return Problem(
        500,
        "internal",
        _("Internal error"),
        _("the server failed to handle the request; it has been logged"),
    )


__all__ = ["MEDIA_TYPE", "Problem", "citation_data", "from_error", "server_error"]
