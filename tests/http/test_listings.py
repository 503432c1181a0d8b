"""The read models over real HTTP: the registry with its filters, the deadline board and its
iCalendar feed, the public lists, the monthly form as JSON, CSV and XLSX, targets; who sees
which rows (decision 0075); a read sees the command posted just before it (decision 0076)."""

from __future__ import annotations

import re
from typing import Any

import pendulum

from tests.http.conftest import Server, issue, new_uscc
from tests.http.test_lifecycle import STEPS, run_case

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(answer: dict[str, Any], uscc: str, key: str = "entries") -> list[dict[str, Any]]:
    return [row for row in answer[key] if row["uscc"] == uscc]


def _day(text: str, days: int = 0) -> str:
    return pendulum.Date.fromisoformat(text).add(days=days).isoformat()


def test_a_read_sees_the_command_posted_just_before(server: Server, uscc: str) -> None:
    """The follower applies the log; the read waits for what the log held when it came in."""
    token = issue(server.store, role="enterprise", actor_id="企业经办人", uscc=uscc)
    opened = server.client(token=token).post(f"/cases/{uscc}/机械/self-evaluate", json=STEPS[0][2])
    assert opened.status_code == 200
    mine = server.client(token=token).get("/registry", params={"on": "2024-09-02"}).json()
    assert [(r["uscc"], r["status"]) for r in mine["entries"]] == [(uscc, "new")]


def test_the_registry_and_its_filters(server: Server, uscc: str, enterprise_token: str) -> None:
    run_case(server, uscc, enterprise_token)
    henan = server.client("henan")
    graded = _rows(henan.get("/registry", params={"on": "2024-12-01"}).json(), uscc)
    assert [(r["status"], r["level"], r["region"]) for r in graded] == [("graded", 2, "410882")]
    until = graded[0]["valid_until"]
    assert until is not None
    on = "2024-12-01"
    days = (pendulum.Date.fromisoformat(until) - pendulum.Date.fromisoformat(on)).days

    def registry(**params: object) -> list[dict[str, Any]]:
        answer = henan.get("/registry", params={"on": on, **params})
        assert answer.status_code == 200, answer.text
        return _rows(answer.json(), uscc)

    # expiring_within N: valid_until <= on + N, both edges.
    assert registry(expiring_within=days)
    assert registry(expiring_within=days - 1) == []
    assert registry(level=2, status="graded", industry="机械", region="410882")
    assert registry(level=3) == []
    assert registry(region="410100") == []
    assert registry(status="in_progress") == []
    revoked = henan.get("/registry", params={"on": "2025-03-10", "status": "revoked"}).json()
    assert _rows(revoked, uscc)[0]["revoked_on"] == "2025-03-10"

    bad = henan.get("/registry", params={"level": 7, "status": "done", "region": "41x"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["pointer"].startswith("#/query/")
    assert server.client().get("/registry").status_code == 401


def test_who_sees_which_rows_of_the_registry(
    server: Server, uscc: str, enterprise_token: str
) -> None:
    """The scope of reading the case itself: region and levels, own USCC, the team."""
    run_case(server, uscc, enterprise_token)
    on = {"on": "2024-12-01"}
    for name, sees in [
        ("henan", True),  # Henan, level 2
        ("academy", True),
        ("auditor", True),
        ("supervisor", True),
        ("jiaozuo", False),  # Jiaozuo handles level 3: the case is level 2
        ("beijing", False),
        ("auditor_bj", False),
        ("leader", True),  # on the case's review team
        ("outsider", False),
    ]:
        rows = _rows(server.client(name).get("/registry", params=on).json(), uscc)
        assert bool(rows) is sees, name
    other = issue(server.store, role="enterprise", actor_id="别家", uscc=new_uscc())
    mine = server.client(token=enterprise_token).get("/registry", params=on).json()["entries"]
    assert {r["uscc"] for r in mine} == {uscc}
    assert server.client(token=other).get("/registry", params=on).json()["entries"] == []


def test_the_board_overdue_edges_and_its_calendar(server: Server, uscc: str) -> None:
    token = issue(server.store, role="enterprise", actor_id="企业经办人", uscc=uscc)
    client = server.client(token=token)
    for _, step, body in STEPS[:2]:  # applied on 2024-09-23: the audit is owed after intake
        assert client.post(f"/cases/{uscc}/机械/{step}", json=body).status_code == 200
    academy = server.client("academy")
    first = _rows(academy.get("/board", params={"on": "2024-09-30"}).json(), uscc, "obligations")
    owed = [o for o in first if o["party"] == "organizing_unit" and o["due"]]
    assert owed, first
    due, rule = owed[0]["due"], owed[0]["rule_id"]
    assert owed[0]["cited"]

    def item(on: str, **params: object) -> list[dict[str, Any]]:
        answer = academy.get("/board", params={"on": on, **params}).json()
        return [o for o in _rows(answer, uscc, "obligations") if o["rule_id"] == rule]

    assert [o["overdue"] for o in item(due)] == [False]  # the last day: not overdue yet
    assert [o["overdue"] for o in item(_day(due, 1))] == [True]  # the day after: overdue
    assert item(due, overdue="true") == []
    assert item(_day(due, 1), overdue="true")
    assert item("2024-09-30", role="enterprise") == []
    assert item("2024-09-30", role="organizing_unit")
    everyone = academy.get("/board", params={"on": _day(due, 1)}).json()["obligations"]
    flags = [o["overdue"] for o in everyone]
    assert flags == sorted(flags, reverse=True)  # overdue first

    ics = academy.get("/board.ics", params={"on": "2024-09-30"})
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.startswith("BEGIN:VCALENDAR")
    assert due.replace("-", "") in ics.text
    # Its words in the request's language: Chinese first, English on Accept-Language.
    calname = [line for line in ics.text.splitlines() if line.startswith("X-WR-CALNAME")]
    assert re.search(r"[\u4e00-\u9fff]", calname[0]), calname
    assert ics.headers["Content-Language"] == "zh-CN"
    english = academy.get(
        "/board.ics", params={"on": "2024-09-30"}, headers={"Accept-Language": "en"}
    )
    assert "X-WR-CALNAME:Work-safety standardization grading: deadlines" in english.text
    assert english.headers["Content-Language"] == "en"
    assert uscc not in server.client("beijing").get("/board", params={"on": due}).text
    assert uscc not in server.client("jiaozuo").get("/board", params={"on": due}).text


def test_the_public_lists_are_open_to_everyone(
    server: Server, uscc: str, enterprise_token: str
) -> None:
    run_case(server, uscc, enterprise_token)
    public = server.client()  # no credential: as a website
    publicity = public.get("/lists/publicity", params={"on": "2024-10-22"}).json()
    assert publicity["list"] == "publicity"
    [entry] = _rows(publicity, uscc)
    assert (entry["level"], entry["on"]) == (2, "2024-10-22")
    ended = public.get("/lists/publicity", params={"on": "2024-11-05"}).json()
    assert _rows(ended, uscc) == []  # announced: its publicity ended

    period = {"from": "2024-11-05", "to": "2024-11-05"}
    [announced] = _rows(public.get("/lists/announcements", params=period).json(), uscc)
    assert announced["until"] is not None
    assert announced["authority"] == "河南省应急管理厅"
    before = {"from": "2024-11-01", "to": "2024-11-04"}
    assert _rows(public.get("/lists/announcements", params=before).json(), uscc) == []

    revocations = public.get(
        "/lists/revocations", params={"from": "2025-03-10", "to": "2025-03-10"}
    )
    [revoked] = _rows(revocations.json(), uscc)
    assert revoked["trigger"] == "revoke.fatal_accident"
    assert "企业经办人" not in revocations.text  # nothing of the people who acted
    wrong = public.get("/lists/announcements", params={"from": "2025-01-02", "to": "2025-01-01"})
    assert wrong.status_code == 422


def test_the_monthly_form_as_json_csv_and_xlsx(
    server: Server, uscc: str, enterprise_token: str
) -> None:
    henan = server.client("henan")
    month = {"region": "410882", "month": "2024-11"}

    def cell(form: dict[str, Any], column: str) -> int:
        row = next(r for r in form["rows"] if r["industry"] == "机械")
        count: int = row["level_2"][column]
        return count

    before = henan.get("/forms/monthly", params=month).json()
    run_case(server, uscc, enterprise_token)
    after = henan.get("/forms/monthly", params=month).json()
    assert after["unit"] == "410882"
    assert cell(after, "completed_in_month") == cell(before, "completed_in_month") + 1
    assert cell(after, "cumulative") == cell(before, "cumulative") + 1

    csv = henan.get("/forms/monthly", params={**month, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.startswith("填报单位：410882")
    xlsx = henan.get("/forms/monthly", params=month, headers={"Accept": XLSX})
    assert xlsx.headers["content-type"] == XLSX
    assert xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx.headers["content-disposition"]

    assert (
        server.client(token=enterprise_token).get("/forms/monthly", params=month).status_code == 403
    )
    assert server.client("auditor_bj").get("/forms/monthly", params=month).status_code == 403
    both = henan.get("/forms/monthly", params={**month, "township": "待王街道"})
    assert both.status_code == 422
    assert (
        henan.get("/forms/monthly", params={"region": "410882", "month": "2024-13"}).status_code
        == 422
    )


def test_targets_of_the_callers_regions(server: Server, enterprise_token: str) -> None:
    henan = server.client("henan").get("/targets", params={"on": "2025-12-31"}).json()
    ids = {t["id"] for t in henan["targets"]}
    assert {"erqi.2016", "erqi.2017"} <= ids
    for t in henan["targets"]:
        if t["counts"] != "milestone":
            assert t["in_scope"] == t["done"] + t["in_progress"] + t["not_started"]
        assert t["cited"]
    assert server.client("beijing").get("/targets").json()["targets"] == []
    assert server.client(token=enterprise_token).get("/targets").status_code == 403
