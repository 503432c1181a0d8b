"""Each role's allowed and refused calls, as a matrix; a refused call writes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.http.conftest import Server, issue, new_uscc
from tests.http.test_lifecycle import STEPS

CASE_LEVEL = 2  # the case is an application for level 2 in Jiaozuo, Henan (410882)
PENALTY = {"on": "2024-09-24", "penalty_id": "P-1", "description": "罚款"}

#: (who, method, path under the case, body, status). "other" is another enterprise.
MATRIX: list[tuple[str, str, str, dict[str, Any] | None, int]] = [
    # reads
    ("enterprise", "GET", "", None, 200),
    ("other", "GET", "", None, 403),
    ("academy", "GET", "/timeline", None, 200),
    ("henan", "GET", "/check", None, 200),
    ("jiaozuo", "GET", "", None, 403),  # a city authority handles level 3; this is level 2
    ("beijing", "GET", "", None, 403),  # another province
    ("leader", "GET", "", None, 403),  # no team yet
    ("supervisor", "GET", "/verify", None, 200),
    ("auditor", "GET", "/export", None, 200),
    ("auditor_bj", "GET", "/timeline", None, 403),
    ("anonymous", "GET", "", None, 401),
    # commands refused before the service is asked (scope) and by the core (role)
    ("auditor", "POST", "/accept", {"on": "2024-09-24"}, 403),
    ("supervisor", "POST", "/accept", {"on": "2024-09-24"}, 403),
    ("other", "POST", "/accept", {"on": "2024-09-24"}, 403),
    ("beijing", "POST", "/accept", {"on": "2024-09-24"}, 403),
    ("jiaozuo", "POST", "/accept", {"on": "2024-09-24"}, 403),
    ("leader", "POST", "/accept", {"on": "2024-09-24"}, 403),
    ("anonymous", "POST", "/accept", {"on": "2024-09-24"}, 401),
    ("henan", "POST", "/accept", {"on": "2024-09-24"}, 409),  # the core: only an organizing unit
    ("enterprise", "POST", "/accept", {"on": "2024-09-24"}, 409),
    ("auditor", "POST", "/record-penalty", PENALTY, 403),
    ("auditor_bj", "POST", "/record-penalty", PENALTY, 403),
    ("enterprise", "POST", "/record-penalty", PENALTY, 409),
    # allowed commands, last
    ("supervisor", "POST", "/record-penalty", PENALTY, 200),
    ("academy", "POST", "/accept", {"on": "2024-09-24"}, 200),
]


def _fingerprint(server: Server, path: str) -> tuple[str, str]:
    """What a refused call must leave unchanged: the case's timeline, and on SQLite the
    store file byte for byte."""
    timeline = server.client("auditor").get(f"{path}/timeline")
    stored = ""
    if not server.store.startswith("postgresql"):
        stored = hashlib.sha256(Path(server.store).read_bytes()).hexdigest()
    return timeline.text, stored


@pytest.fixture
def applied(server: Server, uscc: str, enterprise_token: str) -> str:
    client = server.client(token=enterprise_token)
    for _, step, body in STEPS[:2]:  # self-evaluation, application for level 2
        assert client.post(f"/cases/{uscc}/机械/{step}", json=body).status_code == 200
    return f"/cases/{uscc}/机械"


def test_each_role_reaches_only_its_cases(
    server: Server, applied: str, enterprise_token: str
) -> None:
    other_token = issue(server.store, role="enterprise", actor_id="他企", uscc=new_uscc())
    clients = {name: server.client(name) for name in server.tokens}
    clients["enterprise"] = server.client(token=enterprise_token)
    clients["other"] = server.client(token=other_token)
    clients["anonymous"] = server.client()
    seen = []
    for who, method, suffix, body, expected in MATRIX:
        before = _fingerprint(server, applied)
        response = clients[who].request(method, applied + suffix, json=body)
        seen.append((who, method, suffix, response.status_code))
        assert response.status_code == expected, (who, method, suffix, response.text)
        if expected >= 400:
            assert response.headers["content-type"] == "application/problem+json"
            assert _fingerprint(server, applied) == before, (who, suffix, "wrote something")
    assert [s for *_, s in seen] == [m[-1] for m in MATRIX]


def test_a_refusal_by_the_rules_names_the_role_rule(server: Server, applied: str) -> None:
    problem = server.client("henan").post(applied + "/accept", json={"on": "2024-09-24"}).json()
    assert problem["status"] == 409
    assert problem["rule_ids"] == ["procedure.actor"], problem
    assert problem["citations"][0]["cited"]
    assert problem["facts"]["procedure.actor.role"] == "authority", problem["facts"]


def test_the_review_team_member_reaches_the_case_once_on_the_team(
    server: Server, applied: str
) -> None:
    academy, leader = server.client("academy"), server.client("leader")
    for _, step, body in STEPS[2:6]:  # accept, forward, order review, form the team with x1
        who = "henan" if step == "order-review" else "academy"
        assert server.client(who).post(f"{applied}/{step}", json=body).status_code == 200
    assert leader.get(applied).status_code == 200
    assert server.client("outsider").get(applied).status_code == 403
    assert academy.get(applied).status_code == 200


def test_an_enterprise_token_cannot_open_another_enterprises_case(
    server: Server, enterprise_token: str
) -> None:
    stranger = new_uscc()
    body = STEPS[0][2]
    response = server.client(token=enterprise_token).post(
        f"/cases/{stranger}/机械/self-evaluate", json=body
    )
    assert response.status_code == 403
    assert server.client("auditor").get(f"/cases/{stranger}/机械").status_code == 404


def test_a_revoked_token_is_refused_at_once(server: Server, uscc: str) -> None:
    from gradingcore_http import TokenRegistry

    registry = TokenRegistry(server.store)
    text, info = registry.issue(role="auditor", actor_id="临时审计", region="41")
    client = server.client(token=text)
    assert client.get("/cases").status_code == 200
    registry.revoke(info.id)
    assert client.get("/cases").status_code == 401
    assert server.client(token=text[:-2] + "zz").get("/cases").status_code == 401
    registry.close()
