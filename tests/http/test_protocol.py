"""The HTTP protocol of the API: problems, ETag and If-Match, Idempotency-Key, limits,
health, readiness and the access log."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from gradingcore import GradingService
from tests.http.conftest import Server, issue, start, stop
from tests.http.test_lifecycle import STEPS

SELF_EVALUATION = STEPS[0][2]


def _post(server: Server, token: str, path: str, body: object, **headers: str) -> object:
    return server.client(token=token).post(path, json=body, headers=headers)


def test_a_validation_error_names_each_field_as_a_json_pointer(
    server: Server, uscc: str, enterprise_token: str
) -> None:
    body = {**SELF_EVALUATION, "score": "high", "claimed_level": 5, "colour": "red"}
    body["workgroup"] = {"leader": "总经理", "leader_is_principal": "yes"}
    response = server.client(token=enterprise_token).post(
        f"/cases/{uscc}/机械/self-evaluate", json=body
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert pointers == {
        "/score",
        "/claimed_level",
        "/colour",
        "/workgroup/leader_is_principal",
        "/workgroup/employee_representatives",
    }
    assert server.client("auditor").get(f"/cases/{uscc}/机械").status_code == 404


def test_malformed_json_nan_and_a_bad_uscc_are_problems(
    server: Server, uscc: str, enterprise_token: str
) -> None:
    client = server.client(token=enterprise_token)
    path = f"/cases/{uscc}/机械/self-evaluate"
    bad = client.post(path, content=b"{not json", headers={"content-type": "application/json"})
    assert bad.status_code == 400
    nan = client.post(path, content=b'{"score": NaN}', headers={"content-type": "application/json"})
    assert nan.status_code == 400
    mistyped = uscc[:-1] + ("1" if uscc[-1] == "0" else "0")  # a wrong check character
    wrong = client.post(f"/cases/{mistyped}/机械/apply", json={"level": 2})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["pointer"] == "#/path/uscc"
    for response in (bad, nan, wrong):
        assert "Traceback" not in response.text


def test_an_unknown_case_is_404(server: Server, uscc: str) -> None:
    response = server.client("auditor").get(f"/cases/{uscc}/机械/timeline")
    assert response.status_code == 404
    assert response.json()["type"].endswith("/case-not-found")
    assert server.client("auditor").get("/no/such/path").status_code == 404


def test_etag_and_if_match(server: Server, uscc: str, enterprise_token: str) -> None:
    client = server.client(token=enterprise_token)
    path = f"/cases/{uscc}/机械"
    first = client.post(f"{path}/self-evaluate", json=SELF_EVALUATION, headers={"If-Match": '"0"'})
    assert first.status_code == 200
    assert client.get(path).headers["ETag"] == '"2"'
    stale = client.post(
        f"{path}/apply", json={"on": "2024-09-23", "level": 2}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    assert stale.headers["ETag"] == '"2"'
    assert client.get(path).headers["ETag"] == '"2"'  # nothing written
    fresh = client.post(
        f"{path}/apply", json={"on": "2024-09-23", "level": 2}, headers={"If-Match": '"2"'}
    )
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] == '"3"'


def test_idempotency_key(server: Server, uscc: str, enterprise_token: str) -> None:
    client = server.client(token=enterprise_token)
    path = f"/cases/{uscc}/机械/self-evaluate"
    key = {"Idempotency-Key": "se-2024-09-02"}
    first = client.post(path, json=SELF_EVALUATION, headers=key)
    again = client.post(path, json=SELF_EVALUATION, headers=key)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["events"] == first.json()["events"]
    assert again.json()["repeated"] is True
    other = client.post(path, json={**SELF_EVALUATION, "score": 90}, headers=key)
    assert other.status_code == 422
    assert other.json()["type"].endswith("/idempotency-key-reused")
    timeline = server.client("auditor").get(f"/cases/{uscc}/机械/timeline").json()
    assert [e["type"] for e in timeline] == ["CaseOpened", "SelfEvaluated"]


def test_a_refusal_carries_rule_ids_citations_and_facts(
    server: Server, uscc: str, enterprise_token: str
) -> None:
    client = server.client(token=enterprise_token)
    path = f"/cases/{uscc}/机械"
    assert client.post(f"{path}/self-evaluate", json=SELF_EVALUATION).status_code == 200
    # internal publicity lasts 10 working days from 2024-09-02: it ends 2024-09-13
    early = client.post(f"{path}/apply", json={"on": "2024-09-13", "level": 2})
    assert early.status_code == 409
    problem = early.json()
    assert problem["rule_ids"] == ["apply.self_evaluation"]
    assert problem["citations"][0]["cited"] == "HN 第七条(二)"
    assert problem["citations"][0]["text_zh"]
    assert problem["facts"]["apply.self_evaluation.publicity_complete_on"] == "2024-09-13"
    english = client.post(
        f"{path}/apply", json={"on": "2024-09-13", "level": 2}, headers={"Accept-Language": "en"}
    )
    assert english.headers["Content-Language"] == "en"
    assert early.headers["Content-Language"] == "zh-CN"  # Chinese first
    assert english.json()["rule_ids"] == problem["rule_ids"]
    on_time = client.post(f"{path}/apply", json={"on": "2024-09-14", "level": 2})
    assert on_time.status_code == 200, on_time.text


def test_the_body_size_limit(server: Server, uscc: str, enterprise_token: str) -> None:
    client = server.client(token=enterprise_token)
    path = f"/cases/{uscc}/机械/self-evaluate"
    huge = {**SELF_EVALUATION, "consultants": ["x" * 1000] * 300}
    response = client.post(path, json=huge)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_health_ready_and_the_access_log(server: Server, uscc: str, enterprise_token: str) -> None:
    assert server.client().get("/health").json() == {"status": "ok"}
    assert server.client().get("/ready").json() == {"status": "ready"}
    client = server.client(token=enterprise_token)
    client.post(f"/cases/{uscc}/机械/self-evaluate", json=SELF_EVALUATION)
    client.get(f"/cases/{uscc}/机械", params={"on": "2024-09-03"})
    mine: list[dict[str, object]] = []
    for _ in range(50):  # the line is written as the response ends: wait for it a little
        lines = [json.loads(x) for x in server.access_log().splitlines() if x.startswith("{")]
        mine = [x for x in lines if uscc in str(x["path"])]
        if len(mine) >= 2:
            break
        time.sleep(0.1)
    assert [(x["method"], x["status"], x["actor"]) for x in mine] == [
        ("POST", 200, "企业经办人"),
        ("GET", 200, "企业经办人"),
    ]
    assert all(set(x) == {"method", "path", "status", "duration_ms", "actor", "pid"} for x in mine)
    log = server.access_log()
    assert enterprise_token not in log
    assert "总经理" not in log  # no bodies
    assert "2024-09-03" not in log  # no query strings


def test_a_damaged_store_is_a_problem_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The SQLite file is overwritten under a running server: every answer is still a
    problem (typed store error), and /ready says the store is not there."""
    folder = tmp_path_factory.mktemp("damaged")
    store = str(folder / "cases.db")
    GradingService(store).close()
    token = issue(store, role="auditor", actor_id="审计", region="41")
    server = start(store, folder)
    try:
        client = server.client(token=token)
        assert client.get("/cases").status_code == 200
        Path(store).write_bytes(b"this is not a SQLite database" * 100)
        broken = client.get("/cases")
        assert broken.status_code in (500, 503)
        assert broken.headers["content-type"] == "application/problem+json"
        assert broken.json()["type"].rsplit("/", 1)[1].startswith("store-")
        assert "Traceback" not in broken.text
        assert server.client().get("/ready").status_code == 503
    finally:
        stop(server)


def test_values_beyond_the_input_bounds_name_each_field(
    server: Server, uscc: str, enterprise_token: str
) -> None:
    """Text input meets the same bounds as built values (inputs.VALUE_CHECKS): each field
    beyond its bound is a pointer of the 422, and nothing is written."""
    body = {**SELF_EVALUATION, "consultants": ["c"] * 501, "deductions": ["d" * 4001]}
    response = server.client(token=enterprise_token).post(
        f"/cases/{uscc}/机械/self-evaluate", json=body
    )
    assert response.status_code == 422
    errors = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    assert set(errors) == {"/consultants", "/deductions"}
    assert "text.max_items" in errors["/consultants"]
    assert "text.max_chars" in errors["/deductions"]
    assert server.client("auditor").get(f"/cases/{uscc}/机械").status_code == 404
