"""Two worker processes on one PostgreSQL store taking commands on the same cases at once:
nothing is lost, nothing recorded twice, every chain verifies."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.http.conftest import TOKENS, Server, empty_postgres, issue, new_uscc, start, stop
from tests.http.test_lifecycle import STEPS

CASES = 3
PENALTIES = 8  # per case, posted all at once from as many threads


@pytest.fixture(scope="module")
def two_workers(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    empty_postgres(postgres_url)
    tokens = {name: issue(postgres_url, **TOKENS[name]) for name in ("supervisor", "auditor")}
    server = start(postgres_url, tmp_path_factory.mktemp("workers"), workers=2)
    server.tokens = tokens
    _both_workers_up(server)
    yield server
    stop(server)


def _pids(server: Server) -> set[int]:
    lines = Path(server.log).read_text("utf-8").splitlines()
    return {json.loads(line)["pid"] for line in lines if line.startswith("{")}


def _both_workers_up(server: Server) -> None:
    """uvicorn starts its workers one after the other: wait until both have answered."""
    deadline = time.monotonic() + 60
    with ThreadPoolExecutor(max_workers=8) as pool:
        while len(_pids(server)) < 2:
            assert time.monotonic() < deadline, "the second worker never answered"
            list(pool.map(lambda _: httpx.get(f"{server.url}/health", timeout=30), range(16)))
            time.sleep(0.2)


def _post_until_recorded(server: Server, path: str, body: dict[str, object], key: str) -> int:
    """What a host system does: retry a conflict with the same Idempotency-Key."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        headers = {"Authorization": f"Bearer {server.tokens['supervisor']}", "Idempotency-Key": key}
        for _ in range(20):
            response = client.post(f"{path}/record-penalty", json=body, headers=headers)
            if response.status_code != 409:
                return response.status_code
        return response.status_code


def test_two_workers_lose_nothing(two_workers: Server) -> None:
    server = two_workers
    cases = []
    for _ in range(CASES):
        uscc = new_uscc()
        token = issue(server.store, role="enterprise", actor_id="企业", uscc=uscc)
        opened = server.client(token=token).post(
            f"/cases/{uscc}/机械/self-evaluate", json=STEPS[0][2]
        )
        assert opened.status_code == 200, opened.text
        cases.append(f"/cases/{uscc}/机械")
    jobs = [
        (
            path,
            {"on": "2024-09-10", "penalty_id": f"P{n}", "description": f"第{n}次"},
            f"{path.split('/')[2]}-P{n}",
        )
        for n in range(PENALTIES)
        for path in cases
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda job: _post_until_recorded(server, *job), jobs))
    assert statuses == [200] * len(jobs)

    auditor = server.client("auditor")
    for path in cases:
        timeline = auditor.get(f"{path}/timeline").json()
        assert [e["version"] for e in timeline] == list(range(1, 3 + PENALTIES))
        recorded = sorted(e["command_id"].split("#")[0] for e in timeline[2:])
        uscc = path.split("/")[2]
        assert recorded == sorted(f"http:{uscc}-P{n}" for n in range(PENALTIES))
        assert auditor.get(f"{path}/verify").json()["verified"] is True

    lines = Path(server.log).read_text("utf-8").splitlines()
    took = {json.loads(x)["pid"] for x in lines if x.startswith("{") and "record-penalty" in x}
    assert len(took) == 2, "both workers took commands"


def test_a_stale_if_match_never_slips_through_between_two_workers(two_workers: Server) -> None:
    """Twelve facts posted at once, each with If-Match of the version all of them read: the
    store's version conflict lets exactly one be recorded on it; every other gets 412 with the
    version now current, and wrote nothing (decision 0074)."""
    server = two_workers
    uscc = new_uscc()
    token = issue(server.store, role="enterprise", actor_id="企业", uscc=uscc)
    path = f"/cases/{uscc}/机械"
    opened = server.client(token=token).post(f"{path}/self-evaluate", json=STEPS[0][2])
    assert opened.status_code == 200, opened.text
    read = opened.headers["ETag"]
    assert read == '"2"'

    def post(n: int) -> httpx.Response:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            return client.post(
                f"{path}/record-penalty",
                json={"on": "2024-09-10", "penalty_id": f"S{n}", "description": f"第{n}次"},
                headers={
                    "Authorization": f"Bearer {server.tokens['supervisor']}",
                    "If-Match": read,
                },
            )

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(post, range(12)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [412] * 11, [a.text for a in answers]
    for refused in (a for a in answers if a.status_code == 412):
        assert refused.json()["current_version"] == 3
        assert refused.headers["ETag"] == '"3"'
    timeline = server.client("auditor").get(f"{path}/timeline").json()
    assert [e["type"] for e in timeline] == ["CaseOpened", "SelfEvaluated", "PenaltyRecorded"]
