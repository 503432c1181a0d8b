"""Every step of a case over real HTTP, each by the role that takes it: self-evaluation,
application, acceptance, review, rectification, publicity, announcement, an accident and the
revocation; then the auditor reads it all back."""

from __future__ import annotations

from typing import Any

import httpx

from tests.http.conftest import Server

ENTERPRISE = {"name": "焦作市恒通机械制造有限公司", "industry": "机械"}
#: Every qualification datum written out: data left out is not qualified (decision 0014).
KNOWN = {"degree": 2, "degree_related": True, "trained_provincially": True}
TEAM = [
    {"id": "x1", "name": "王振华", "leader": True, "title": 3, "safety_work_years": 18, **KNOWN},
    {"id": "x2", "name": "李秀英", "title": 2, "safety_work_years": 9, "process_background": True}
    | KNOWN,
    {"id": "x3", "name": "赵国强", "title": 2, "safety_work_years": 7, **KNOWN},
]
#: The random draw from the provincial expert pool (HN 第六条), recorded with the team.
DRAW = {"pool": "河南省安全生产专家库", "reference": "抽取记录-2024-105"}

#: (who, step, body): the demo's first grading of a level-2 enterprise, then its revocation.
STEPS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "enterprise",
        "self-evaluate",
        {
            "on": "2024-09-02",
            "enterprise": ENTERPRISE,
            "score": 84,
            "claimed_level": 2,
            "workgroup": {
                "leader": "总经理",
                "leader_is_principal": True,
                "employee_representatives": 3,
            },
        },
    ),
    ("enterprise", "apply", {"on": "2024-09-23", "level": 2}),
    ("academy", "accept", {"on": "2024-09-24"}),
    ("academy", "forward", {"on": "2024-09-30", "opinion": "自评报告齐全，符合申请条件"}),
    ("henan", "order-review", {"on": "2024-10-02"}),
    ("academy", "form-review-team", {"on": "2024-10-05", "experts": TEAM, "draw": DRAW}),
    (
        "leader",
        "record-review",
        {
            "on": "2024-10-08",
            "score": "82.5",
            "nonconformities": [
                {"id": "N1", "clause": "5.5.3", "text": "特种作业人员证书台账不全"}
            ],
        },
    ),
    ("enterprise", "fix-nonconformity", {"on": "2024-10-17", "nonconformity_id": "N1"}),
    ("enterprise", "report-rectification", {"on": "2024-10-17"}),
    ("leader", "verify-rectification", {"on": "2024-10-21", "passed": True, "method": "on_site"}),
    ("academy", "report-list", {"on": "2024-10-22", "list_id": "2024年第10批"}),
    ("henan", "publicize", {"on": "2024-10-22"}),
    ("henan", "announce", {"on": "2024-11-05"}),
    (
        "supervisor",
        "record-incident",
        {
            "on": "2025-03-03",
            "incident_id": "2025-豫-017",
            "deaths": 1,
            "direct_loss_cny": 1350000,
            "description": "检修作业时发生机械伤害事故",
        },
    ),
    ("henan", "revoke", {"on": "2025-03-10", "trigger": "revoke.fatal_accident"}),
]


def run_case(server: Server, uscc: str, enterprise_token: str) -> list[httpx.Response]:
    clients = {name: server.client(name) for name in server.tokens}
    clients["enterprise"] = server.client(token=enterprise_token)
    done = []
    version = 0
    for who, step, body in STEPS:
        response = clients[who].post(
            f"/cases/{uscc}/机械/{step}", json=body, headers={"If-Match": f'"{version}"'}
        )
        assert response.status_code == 200, (step, response.text)
        version = response.json()["version"]
        assert response.headers["ETag"] == f'"{version}"'
        done.append(response)
    return done


def test_every_step_of_a_case_over_http(server: Server, uscc: str, enterprise_token: str) -> None:
    done = run_case(server, uscc, enterprise_token)
    types = [e["type"] for r in done for e in r.json()["events"]]
    assert types[:2] == ["CaseOpened", "SelfEvaluated"]
    assert "Announced" in types
    assert types[-1] == "Revoked"
    auditor = server.client("auditor")
    case = f"/cases/{uscc}/机械"
    graded = auditor.get(case, params={"on": "2024-11-05"}).json()
    assert (graded["status"], graded["level"]) == ("graded", 2)
    assert graded["valid_until"] is not None
    before = auditor.get(case, params={"on": "2024-11-04"}).json()
    assert before["status"] == "in_progress"
    revoked = auditor.get(case, params={"on": "2025-03-10"})
    assert revoked.json()["status"] == "revoked"
    assert revoked.headers["ETag"] == f'"{len(types)}"'

    timeline = auditor.get(f"{case}/timeline").json()
    assert [e["type"] for e in timeline] == types
    assert all(e["policy"].startswith("cn.henan") for e in timeline), timeline[0]["policy"]
    assert auditor.get(f"{case}/verify").json()["verified"] is True
    check = auditor.get(f"{case}/check", params={"as_of": "2025-03-10"}).json()
    assert check["findings"]
    assert check["ok"] is True, [f for f in check["findings"] if not f["holds"]]

    at_version = auditor.get(f"{case}/state", params={"version": 2}).json()
    assert at_version["version"] == 2
    assert at_version["state"]["application"] is None
    as_of = auditor.get(f"{case}/state", params={"as_of": "2024-10-01"}).json()
    assert as_of["state"]["application"]["stage"] == "forwarded"
    first_recorded = timeline[0]["recorded"]
    known = auditor.get(f"{case}/state", params={"known_at": first_recorded}).json()
    assert known["version"] >= 1

    history = auditor.get(f"{case}/history").json()
    assert history[1]["data"]["score"] == "84"
    eligible = auditor.get(f"{case}/eligibility", params={"level": 2, "on": "2025-03-11"}).json()
    assert eligible["eligible"] is False
    assert eligible["unmet"]

    for fmt, media in [
        ("json", "application/json"),
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("pdf", "application/pdf"),
    ]:
        export = auditor.get(f"{case}/export", params={"format": fmt})
        assert export.status_code == 200, export.text
        assert export.headers["content-type"].startswith(media)
        assert "attachment" in export.headers["content-disposition"]
    assert auditor.get(f"{case}/export", params={"format": "pdf"}).content.startswith(b"%PDF")
    assert uscc in auditor.get(f"{case}/export", params={"format": "md"}).text
