"""Each request in its reader's language (语言协商, decision 0095).

The locale of a request is, in this order: ``?lang=zh|en`` (a link that chooses); the
``gradingcore_lang`` cookie the pages set when a ``?lang=`` chose (so that a browser keeps its
choice from page to page); ``Accept-Language``; zh-CN when nothing names a language we speak.
The whole request runs in it (:func:`gradingcore.i18n.use_locale`): the pages' words, dates,
labels and every problem's ``title``/``detail``. Each response says ``Content-Language`` and
``Vary: Accept-Language, Cookie`` (a cache must not serve one reader's language to another).
A ``?lang=`` naming a language we do not speak is refused (422, naming ``lang``).
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from gradingcore import GradingError, Locale, i18n
from gradingcore_cli._i18n import _

#: The cookie that keeps a browser's choice of language (set by ``?lang=`` on a page).
LANG_COOKIE = "gradingcore_lang"
#: The query parameter that chooses the language of one request.
LANG_PARAMETER = "lang"


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header chooses nothing
                return None
            found = jar.get(LANG_COOKIE)
            return found.value if found else None
    return None


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == wanted:
            return str(value.decode("latin-1"))
    return None


def chosen_locale(scope: Scope) -> tuple[Locale, str | None]:
    """The request's locale, and the ``?lang=`` value that chose it (None if it did not).

    Raises :class:`gradingcore.InvalidInput` for a ``?lang=`` we do not speak."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    given = query.get(LANG_PARAMETER)
    if given:
        return i18n.parse_locale(given[-1]), given[-1]
    cookie = _cookie(scope)
    if cookie in ("zh", "en"):
        return i18n.parse_locale(cookie), None
    return i18n.negotiate_locale(_header(scope, b"accept-language")), None


def _with_headers(headers: list[tuple[bytes, bytes]], locale: Locale) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _value in headers}
    out = [(n, v) for n, v in headers if n.lower() != b"vary"]
    vary = [v.decode("latin-1") for n, v in headers if n.lower() == b"vary"]
    vary_words = {w.strip().lower() for v in vary for w in v.split(",") if w.strip()}
    for word in ("Accept-Language", "Cookie"):
        if word.lower() not in vary_words:
            vary.append(word)
    out.append((b"vary", ", ".join(vary).encode("latin-1")))
    if b"content-language" not in names:
        out.append((b"content-language", locale.tag.encode("latin-1")))
    return out


async def _refuse(error: GradingError, scope: Scope, send: Send) -> None:
    """A ``?lang=`` we do not speak: a 422 problem in Chinese (nothing else chose a language)."""
    locale = i18n.negotiate_locale(_header(scope, b"accept-language"))
    with i18n.use_locale(locale):
        body = {
            "type": "https://gradingcore.invalid/problems/invalid-input",
            "title": _("Invalid input"),
            "status": 422,
            "detail": error.localized(locale),
            "instance": scope.get("path"),
            "errors": [{"pointer": "/query/lang", "detail": error.localized(locale)}],
            "facts": {"field": LANG_PARAMETER, "known": ["zh", "en"]},
        }
    content = json.dumps(body, ensure_ascii=False).encode()
    headers = _with_headers([(b"content-type", b"application/problem+json")], locale)
    headers.append((b"content-length", str(len(content)).encode()))
    start: Any = {"type": "http.response.start", "status": 422, "headers": headers}
    await send(start)
    body_event: Any = {"type": "http.response.body", "body": content}
    await send(body_event)


class LocaleMiddleware:
    """Runs each HTTP request in its locale and labels the response with it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # type: ignore[comparison-overlap]
            await self.app(scope, receive, send)
            return
        try:
            locale, given = chosen_locale(scope)
        except GradingError as error:
            await _refuse(error, scope, send)
            return
        keep = given is not None and _is_page(scope)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = _with_headers(list(message.get("headers", [])), locale)
                if keep:  # a page's ?lang= is kept for the pages that follow
                    headers.append(
                        (
                            b"set-cookie",
                            f"{LANG_COOKIE}={locale.language}; Path=/; SameSite=Lax; "
                            "Max-Age=31536000".encode("latin-1"),
                        )
                    )
                message = {**message, "headers": headers}
            await send(message)

        with i18n.use_locale(locale):
            await self.app(scope, receive, sending)


def _is_page(scope: Scope) -> bool:
    path = str(scope.get("path", ""))
    return path.startswith("/pages") or path == "/public"


def locale_middleware(app: ASGIApp) -> ASGIApp:
    return LocaleMiddleware(app)


def current_tag() -> str:
    """The request's locale as BCP 47 (``zh-CN``, ``en``): ``<html lang>``."""
    return i18n.current_locale().tag


__all__ = ["LANG_COOKIE", "LANG_PARAMETER", "chosen_locale", "locale_middleware"]
