"""The pages and the problems in the reader's language (issue 14, decision 0095): zh-CN when
nothing chooses, English by ``Accept-Language: en``, ``?lang=`` (kept in a cookie by the pages);
``Content-Language`` and ``Vary`` on every response. Real HTTP against ``gradingcore serve``,
the pages read as Debian's Chromium renders them."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from tests.http.conftest import Server
from tests.http.test_lifecycle import STEPS, run_case
from tests.i18n.catalogs import english_words

HAN = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+")
CHINESE = re.compile(r"[\u3400-\u9fff]")
USCC = re.compile(r"\b[0-9A-Z]{18}\b")


@pytest.fixture
def graded(server: Server, uscc: str, enterprise_token: str) -> str:
    """A case taken through every step, revoked at the end."""
    run_case(server, uscc, enterprise_token)
    return uscc


def _data(server: Server, uscc: str) -> str:
    """What the store holds about the case, as JSON (its Chinese is data, not our words)."""
    auditor = server.client("auditor")
    case = f"/cases/{uscc}/机械"
    parts = [
        auditor.get(f"{case}/history").text,
        auditor.get(f"{case}/check", params={"as_of": "2025-03-10"}).text,
        json.dumps(list(server.tokens)),
        "企业经办人 河南省应急管理科学技术研究院 河南省应急管理厅 王振华 属地应急管理局 审计",
        # An accident's grade is named by its own words in every language (decision 0019).
        "一般 较大 重大 特别重大",
    ]
    return "\n".join(parts)


def _pages(uscc: str) -> list[str]:
    return [
        "/pages/login",
        f"/pages/cases?q={uscc}",
        "/pages/cases?q=91110000000000000X",
        f"/pages/cases/{uscc}/机械?as_of=2025-03-10",
        "/pages/cases/91410882MA0000000P/机械",  # the error page
        "/pages/board?on=2024-12-31",
        f"/pages/board?on=2025-03-11&q={uscc}",
        "/public?on=2024-10-25",
        "/public?on=2025-03-11&from=2024-01-01",
    ]


def _read(browser: Any, server: Server, locale: str, path: str) -> tuple[str, str]:
    """The visible text of a page (the language switch left out) and its ``<html lang>``."""
    context = browser.new_context(base_url=server.url, locale=locale)
    context.add_cookies(
        [{"name": "gradingcore_token", "value": server.tokens["auditor"], "url": server.url}]
    )
    page = context.new_page()
    try:
        page.goto(path)
        page.evaluate("document.getElementById('lang-switch').remove()")
        return page.inner_text("body"), page.get_attribute("html", "lang") or ""
    finally:
        context.close()


def test_every_page_in_chinese_has_no_english_words(
    browser: Any, server: Server, graded: str
) -> None:
    # The demo actor's id and the USCC; the command that issues tokens, as it is typed; the
    # facts a revocation recorded, stored as written (data, in English: decision 0063).
    history = server.client("auditor").get(f"/cases/{graded}/机械/history").json()
    recorded = tuple(e["data"]["facts"] for e in history if e["type"] == "Revoked")
    typed = ("enterprise", graded, "91410882MA0000000P", "gradingcore tokens issue", *recorded)
    for path in _pages(graded):
        text, lang = _read(browser, server, "zh-CN", path)
        assert lang == "zh-CN", path
        # Other tests' cases share the server: every USCC is a code (GB 32100-2015).
        text = USCC.sub(" ", text)
        assert english_words(text, allowed=typed) == [], (path, text)


def test_every_page_in_english_has_no_chinese_but_data(
    browser: Any, server: Server, graded: str
) -> None:
    data = _data(server, graded)
    for path in _pages(graded):
        text, lang = _read(browser, server, "en-GB", path)
        assert lang == "en", path
        ours = [run for run in HAN.findall(text) if CHINESE.search(run) and run not in data]
        assert ours == [], (path, text)


def test_dates_on_pages_follow_the_language(server: Server, graded: str) -> None:
    zh = server.client().get("/public", params={"on": "2025-03-11", "from": "2024-01-01"})
    en = server.client().get(
        "/public",
        params={"on": "2025-03-11", "from": "2024-01-01"},
        headers={"Accept-Language": "en"},
    )
    assert "2025年3月10日" in zh.text
    assert "2025-03-10" not in zh.text
    assert "2025-03-10" in en.text
    assert "2025年" not in en.text


def test_no_accept_language_is_chinese_and_the_response_says_so(server: Server) -> None:
    for path in ("/public", "/pages/login", "/health"):
        response = server.client().get(path)
        assert response.headers["Content-Language"] == "zh-CN", path
        assert "Accept-Language" in response.headers["Vary"], path
    assert '<html lang="zh-CN">' in server.client().get("/public").text
    english = server.client().get("/public", headers={"Accept-Language": "fr;q=1, en;q=0.5"})
    assert english.headers["Content-Language"] == "en"
    assert '<html lang="en">' in english.text


def test_lang_chooses_and_the_pages_keep_it_in_a_cookie(server: Server) -> None:
    with server.client() as browser:
        chosen = browser.get("/public", params={"lang": "en"}, headers={"Accept-Language": "zh"})
        assert chosen.headers["Content-Language"] == "en"
        assert "gradingcore_lang=en" in chosen.headers["set-cookie"]
        assert "SameSite=Lax" in chosen.headers["set-cookie"]
        # The next page, without ?lang=, keeps the choice (a browser sends the cookie back).
        after = browser.get("/pages/login", headers={"Accept-Language": "zh"})
        assert after.headers["Content-Language"] == "en"
        assert "Sign in" in after.text
        back = browser.get("/public", params={"lang": "zh"})
        assert back.headers["Content-Language"] == "zh-CN"
        assert "登录" in browser.get("/pages/login").text
    # The API's answers are not pages: ?lang= chooses, but sets no cookie.
    health = server.client().get("/health", params={"lang": "en"})
    assert health.headers["Content-Language"] == "en"
    assert "set-cookie" not in health.headers


def test_a_lang_we_do_not_speak_is_refused_naming_it(server: Server) -> None:
    for path in ("/public", "/health"):
        response = server.client().get(path, params={"lang": "fr"})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["facts"]["field"] == "lang"
        assert problem["errors"][0]["pointer"] == "/query/lang"
        assert problem["title"] == "输入无效"
        assert response.headers["Content-Language"] == "zh-CN"


# --- problems --------------------------------------------------------------------------------


def _problems(
    server: Server, uscc: str, enterprise_token: str, lang: str | None
) -> dict[str, httpx.Response]:
    """One request for each status the API answers with a problem, in ``lang``."""
    headers = {"Accept-Language": lang} if lang else {}
    anonymous = server.client()
    enterprise = server.client(token=enterprise_token)
    auditor = server.client("auditor")
    case = f"/cases/{uscc}/机械"
    first = STEPS[0][2]
    calls: dict[str, httpx.Response] = {
        "401": anonymous.get(case, headers=headers),
        "403": auditor.post(f"{case}/self-evaluate", json=first, headers=headers),
        "403 scope": server.client("auditor_bj").get(case, headers=headers),
        "403 statistics": enterprise.get(
            "/forms/monthly", params={"region": "41"}, headers=headers
        ),
        "404 case": auditor.get("/cases/91410882MA0000000P/机械", headers=headers),
        "404 route": auditor.get("/no/such/path", headers=headers),
        "405": anonymous.delete("/health", headers=headers),
        "409": enterprise.post(
            f"{case}/apply", json={"on": "2024-09-13", "level": 2}, headers=headers
        ),
        "412": enterprise.post(
            f"{case}/apply",
            json={"on": "2024-09-23", "level": 2},
            headers={**headers, "If-Match": '"99"'},
        ),
        "422 query": auditor.get(case, params={"on": "2024-13-01"}, headers=headers),
        "422 choice": auditor.get("/registry", params={"status": "nope"}, headers=headers),
        "422 format": auditor.get(f"{case}/export", params={"format": "doc"}, headers=headers),
        "422 uscc": auditor.get("/cases/not-a-uscc/机械", headers=headers),
        "422 body": enterprise.post(f"{case}/apply", json={"level": "two"}, headers=headers),
        "422 key": enterprise.post(
            f"{case}/apply",
            json={"on": "2024-09-23", "level": 2},
            headers={**headers, "Idempotency-Key": "#" * 3},
        ),
        "400": enterprise.post(
            f"{case}/apply",
            content=b"{not json",
            headers={**headers, "Content-Type": "application/json"},
        ),
        "413": enterprise.post(
            f"{case}/self-evaluate",
            json={**first, "consultants": ["x" * 1000] * 300},
            headers=headers,
        ),
    }
    return calls


@pytest.fixture
def opened(server: Server, uscc: str, enterprise_token: str) -> str:
    """A case self-evaluated on 2024-09-02 (its internal publicity ends on 2024-09-13)."""
    client = server.client(token=enterprise_token)
    assert client.post(f"/cases/{uscc}/机械/self-evaluate", json=STEPS[0][2]).status_code == 200
    return uscc


def test_every_problem_in_chinese(server: Server, opened: str, enterprise_token: str) -> None:
    for name, response in _problems(server, opened, enterprise_token, None).items():
        assert str(response.status_code) == name.split()[0], (name, response.text)
        assert response.headers["content-type"] == "application/problem+json", name
        assert response.headers["Content-Language"] == "zh-CN", name
        assert "Accept-Language" in response.headers["Vary"], name
        problem = response.json()
        assert CHINESE.search(problem["title"]), (name, problem)
        assert english_words(problem["title"]) == [], (name, problem)
        assert CHINESE.search(problem["detail"]), (name, problem)
        typed = (opened, "91410882MA0000000P", "nope", "doc", "not-a-uscc", "two", "DELETE")
        typed += ("/no/such/path", "/health", "/level")  # a field's JSON pointer is a code
        assert english_words(problem["detail"], allowed=typed) == [], (name, problem)


def test_every_problem_in_english(server: Server, opened: str, enterprise_token: str) -> None:
    for name, response in _problems(server, opened, enterprise_token, "en").items():
        assert str(response.status_code) == name.split()[0], (name, response.text)
        assert response.headers["Content-Language"] == "en", name
        problem = response.json()
        assert not CHINESE.search(problem["title"]), (name, problem)
        # The case's specialty (机械) is data the request named: nothing else is Chinese.
        assert not CHINESE.search(problem["detail"].replace("机械", "")), (name, problem)
