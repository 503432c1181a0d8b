"""The app under uvicorn on loopback, started by `gradingcore serve` as a user would, on a
SQLite file and on PostgreSQL; tokens issued on the same store before it starts."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import attrs
import httpx
import pytest

pytest.importorskip("litestar", reason="the HTTP API needs the [http] extra")

from gradingcore import GradingService, uscc_check_character
from gradingcore.readmodels import VIEW_CLASSES
from gradingcore_http import TokenRegistry


def new_uscc(region: str = "410882") -> str:
    """A valid USCC no other test uses (the tests share one store per server)."""
    body = f"91{region}MA{secrets.randbelow(10**7):07d}"
    return body + uscc_check_character(body)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@attrs.define
class Server:
    """A running `gradingcore serve`: its base URL, its store and its log."""

    url: str
    store: str
    log: Path
    process: subprocess.Popen[bytes]
    tokens: dict[str, str] = attrs.field(factory=dict)

    def client(self, role: str | None = None, token: str | None = None) -> httpx.Client:
        headers = {}
        if role is not None or token is not None:
            headers["Authorization"] = f"Bearer {token or self.tokens[role or '']}"
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def access_log(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


#: The tokens every server gets: role name -> what `tokens issue` is given.
TOKENS: dict[str, dict[str, object]] = {
    "enterprise": {"role": "enterprise", "actor_id": "企业经办人", "uscc": "SET PER TEST"},
    "academy": {
        "role": "organizing_unit",
        "actor_id": "河南省应急管理科学技术研究院",
        "region": "41",
        "levels": (2,),
    },
    "henan": {
        "role": "authority",
        "actor_id": "河南省应急管理厅",
        "authority": "province",
        "region": "41",
        "levels": (2,),
    },
    "jiaozuo": {
        "role": "authority",
        "actor_id": "焦作市应急管理局",
        "authority": "city",
        "region": "4108",
        "levels": (3,),
    },
    "beijing": {
        "role": "authority",
        "actor_id": "北京市应急管理局",
        "authority": "province",
        "region": "11",
    },
    "leader": {"role": "review_team", "actor_id": "王振华", "expert_id": "x1"},
    "outsider": {"role": "review_team", "actor_id": "外组专家", "expert_id": "x9"},
    "supervisor": {"role": "supervisor", "actor_id": "属地应急管理局", "region": "41"},
    "auditor": {"role": "auditor", "actor_id": "审计", "region": "41"},
    "auditor_bj": {"role": "auditor", "actor_id": "北京审计", "region": "11"},
}


def issue(store: str, **spec: object) -> str:
    registry = TokenRegistry(store)
    try:
        text, _ = registry.issue(**spec)  # type: ignore[arg-type]
    finally:
        registry.close()
    return text


def start(store: str, tmp: Path, workers: int = 1, *, follow: bool = True) -> Server:
    port = free_port()
    log = tmp / f"serve-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("GRADINGCORE_STORE", None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gradingcore_cli", "serve", "--store", store),
                *("--port", str(port), "--workers", str(workers)),
                *(() if follow else ("--no-follow",)),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = Server(f"http://127.0.0.1:{port}", store, log, process)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{server.url}/ready", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"gradingcore serve did not start:\n{server.access_log()}")
        time.sleep(0.2)
    return server


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def own_database(url: str, suffix: str) -> str:
    """A database of its own beside the tests' one, created if need be: a server's follower
    must be the only writer of its store's views (decision 0076), so no other test may share
    them while it runs."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_{suffix}"
    with psycopg.connect(url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def empty_postgres(url: str) -> None:
    """Truncate the cases' and the tokens' tables and drop the views: each server starts on an
    empty store."""
    import psycopg

    GradingService(url).close()  # creates the tables if this database is new
    TokenRegistry(url).close()
    views = [t for cls in VIEW_CLASSES for t in cls.tables] + ["gradingcore_view_tracking"]
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("TRUNCATE gradingservice_events, apitokens_events")
        for table in views:
            connection.execute(f"DROP TABLE IF EXISTS {table}")


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("http") / "cases.db"
        GradingService(str(path)).close()  # `serve` reads an existing store only
        return str(path)
    url = own_database(request.getfixturevalue("postgres_url"), "http")
    empty_postgres(url)
    return url


@pytest.fixture(scope="session")
def server(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per store for the whole session; tests use USCCs of their own."""
    tokens = {}
    for name, spec in TOKENS.items():
        if name != "enterprise":
            tokens[name] = issue(store_url, **spec)
    running = start(store_url, tmp_path_factory.mktemp("serve"))
    running.tokens = tokens
    yield running
    stop(running)


@pytest.fixture
def uscc() -> str:
    return new_uscc()


@pytest.fixture
def enterprise_token(server: Server, uscc: str) -> str:
    """A token of the enterprise of this test's USCC."""
    return issue(server.store, role="enterprise", actor_id="企业经办人", uscc=uscc)


#: Debian's chromium, which .ci/run installs; Playwright drives it (no downloaded browser).
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the pages' tests (skipped where it is not installed)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()
