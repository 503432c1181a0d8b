"""The pages in headless Chromium (Debian's, started by the test): sign in, search, open a
case, read its timeline with rule ids and citations, download the report, filter the board,
the public lists (the board and the lists read the read models). A screenshot of each page is
kept in build/test-artefacts/pages/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.http.conftest import Server
from tests.http.test_lifecycle import STEPS, run_case

# The pages are read in a real Chromium (the browser fixture, tests/http/conftest.py).
pytest.importorskip("playwright.sync_api")

ARTEFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artefacts" / "pages"


@pytest.fixture
def page(browser: Any, server: Server, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(base_url=server.url, accept_downloads=True, locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()


def _shot(page: Any, store: str, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    kind = "postgres" if store.startswith("postgresql") else "sqlite"
    page.screenshot(path=str(ARTEFACTS / f"{kind}-{name}.png"), full_page=True)


def _sign_in(page: Any, token: str) -> None:
    page.goto("/pages/cases")  # redirected to the sign-in page
    assert page.url.endswith("/pages/login")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_url("**/pages/cases")


def test_the_auditor_finds_a_case_reads_it_and_downloads_the_report(
    page: Any, server: Server, uscc: str, enterprise_token: str, tmp_path: Path
) -> None:
    run_case(server, uscc, enterprise_token)
    _sign_in(page, server.tokens["auditor"])
    page.fill("input[name=q]", uscc)
    page.click("button[type=submit]")
    _shot(page, server.store, "search")
    page.click(f"#found a:has-text('{uscc}')")
    page.wait_for_selector("#timeline")
    _shot(page, server.store, "case")
    rows = page.locator("#timeline tr")
    assert rows.count() == 1 + len(STEPS) + 1  # header, CaseOpened, one event per step
    assert "撤销" in page.inner_text("#timeline")  # the event's name, in the page's language
    assert "apply.self_evaluation" in page.inner_text("#timeline")
    assert "HN 第七条(二)" in page.inner_text("#timeline")  # the rule's citation beside it
    assert page.inner_text("#chain").startswith(f"{len(STEPS) + 1} 个事件")
    assert page.locator("#findings tr").count() > 1
    with page.expect_download() as download:
        page.click("a.download:has-text('pdf')")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert saved.name == f"{uscc}-机械.pdf"


def test_another_provinces_auditor_sees_nothing(
    page: Any, server: Server, uscc: str, enterprise_token: str
) -> None:
    client = server.client(token=enterprise_token)
    assert client.post(f"/cases/{uscc}/机械/self-evaluate", json=STEPS[0][2]).status_code == 200
    _sign_in(page, server.tokens["auditor_bj"])
    page.goto(f"/pages/cases?q={uscc}")
    assert "未找到" in page.inner_text("main")
    response = page.goto(f"/pages/cases/{uscc}/机械")
    assert response.status == 403


def test_the_board_overdue_first_and_its_filter(
    page: Any, server: Server, uscc: str, enterprise_token: str
) -> None:
    client = server.client(token=enterprise_token)
    for _, step, body in STEPS[:2]:  # self-evaluated, applied on 2024-09-23: acceptance owed
        assert client.post(f"/cases/{uscc}/机械/{step}", json=body).status_code == 200
    _sign_in(page, server.tokens["academy"])
    page.goto("/pages/board?on=2024-12-31")
    _shot(page, server.store, "board")
    first = page.locator("#deadlines tr").nth(1)
    assert "逾期" in first.inner_text()
    page.fill("#filters input[name=q]", uscc)
    page.select_option("#filters select[name=status]", "in_progress")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**status=in_progress**")
    _shot(page, server.store, "registry")
    registry = page.locator("#registry tr")
    assert registry.count() == 2
    assert uscc in registry.nth(1).inner_text()
    page.select_option("#filters select[name=status]", "graded")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**status=graded**")
    assert "没有符合条件的案件" in page.inner_text("#registry")


def test_the_public_lists(page: Any, server: Server, uscc: str, enterprise_token: str) -> None:
    run_case(server, uscc, enterprise_token)
    page.goto("/public?on=2024-10-25")
    _shot(page, server.store, "public")
    assert uscc in page.inner_text("#publicity")
    page.goto("/public?on=2024-12-01")
    assert uscc in page.inner_text("#announced")
    assert "二级" in page.inner_text("#announced")
    assert "企业经办人" not in page.inner_text("main")  # no personal data
    page.goto("/public?on=2025-03-11&from=2024-01-01")
    _shot(page, server.store, "public-revoked")
    assert uscc not in page.inner_text("#announced")  # revoked: no longer announced
    assert uscc in page.inner_text("#revoked")
    assert "2025年3月10日" in page.inner_text("#revoked")
    assert "企业经办人" not in page.inner_text("main")


def test_a_wrong_token_does_not_sign_in(page: Any, server: Server) -> None:
    page.goto("/pages/login")
    page.fill("input[name=token]", "gct_0_nope")
    page.click("button[type=submit]")
    assert "无效" in page.inner_text("[role=alert]")
