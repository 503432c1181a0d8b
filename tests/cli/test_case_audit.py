"""The auditor's commands on the demo store: timeline, show, diff, check, export, import, verify."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gradingcore import GradingService, ManualClock
from gradingcore.importing import FORMAT, export_history
from gradingcore_cli._app import cli
from gradingcore_cli.demo import run_demo

FIRST = "91410882MA0000001T"  # 焦作: graded after a correction
LATE = "91410100MA00000034"  # 郑州: rectification late, failure notified
AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "cases.db"
    clock = ManualClock("2022-01-04")
    service = GradingService(str(path), clock=clock)
    run_demo(service, clock, lambda _: None)
    service.close()
    return path


@pytest.fixture
def store(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store (tests may tamper with it)."""
    copy = tmp_path / "cases.db"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture
def run(store: Path) -> Callable[..., Any]:
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli, [*args, "--store", str(store)])

    return invoke


class TestTimeline:
    def test_lists_every_event_in_order(self, run: Callable[..., Any]) -> None:
        """The timeline shows each event with its date, actor, rules and deadlines."""
        result = run("case", "timeline", FIRST)
        assert result.exit_code == 0, result.output
        assert "CorrectionRequested" in result.output
        assert "intake.correction" in result.output
        assert "2024-09-29" in result.output
        assert "\x1b[" not in result.output  # plain when not a terminal

    def test_json(self, run: Callable[..., Any]) -> None:
        """--json gives every event with its envelope, in version order."""
        data = json.loads(run("case", "timeline", f"{FIRST}/机械", "--json").output)
        assert [e["version"] for e in data] == list(range(1, 16))
        assert data[3]["type"] == "CorrectionRequested"
        assert data[3]["actor"]["role"] == "organizing_unit"
        assert data[2]["deadlines"][0] == {
            "rule_id": "intake.correction",
            "due": "2024-09-29",
            "party": "organizing_unit",
            "what": "correction notice, or deemed accepted",
        }

    def test_by_case_id(self, run: Callable[..., Any]) -> None:
        """A case is found by its UUID as well as by its USCC."""
        first = json.loads(run("case", "timeline", FIRST, "--json").output)
        case_id = _case_id(FIRST, "机械")
        again = json.loads(run("case", "timeline", case_id, "--json").output)
        assert again == first

    def test_mistyped_uscc_is_a_clear_error(self, run: Callable[..., Any]) -> None:
        """A USCC with a wrong check character is refused with the library's message."""
        result = run("case", "timeline", FIRST[:-1] + "X")
        assert result.exit_code == 2
        assert "check character" in result.output
        assert "mistyped" in result.output

    def test_unknown_case(self, run: Callable[..., Any]) -> None:
        """A valid USCC with no case is an error naming it."""
        from gradingcore import uscc_check_character

        body = "91410882MA0000099"
        result = run("case", "timeline", body + uscc_check_character(body))
        assert result.exit_code == 2
        assert "no grading case" in result.output


class TestShow:
    def test_graded_state(self, run: Callable[..., Any]) -> None:
        """As of mid-2025 the first case holds level 2 and owes a self-evaluation."""
        data = json.loads(run("case", "show", FIRST, "--as-of", AS_OF, "--json").output)
        assert data["status"] == "graded"
        assert data["level"] == 2
        assert data["valid_until"] == "2027-11-05"
        assert [o["rule_id"] for o in data["obligations"]] == ["selfeval.annual"]
        assert not data["eligibility"]["eligible"]

    def test_at_a_version(self, run: Callable[..., Any]) -> None:
        """--version replays only the events up to it: at v3 the application awaits intake."""
        data = json.loads(
            run("case", "show", FIRST, "--as-of", AS_OF, "--version", "3", "--json").output
        )
        assert data["stage"] == "submitted"
        assert data["level"] is None

    def test_known_at(self, run: Callable[..., Any]) -> None:
        """--known-at replays only what had been recorded by then."""
        data = json.loads(
            run(
                "case",
                "show",
                FIRST,
                "--as-of",
                AS_OF,
                "--known-at",
                "2024-10-01T00:00:00+08:00",
                "--json",
            ).output
        )
        assert data["stage"] == "forwarded"

    def test_known_at_needs_a_zone(self, run: Callable[..., Any]) -> None:
        """A timestamp without a zone is refused."""
        result = run("case", "show", FIRST, "--known-at", "2024-10-01T00:00:00")
        assert result.exit_code == 2
        assert "time zone" in result.output


class TestDiff:
    def test_announcement(self, run: Callable[..., Any]) -> None:
        """From v14 to v15 the stage becomes announced and a grading appears."""
        data = json.loads(run("case", "diff", FIRST, "--from", "14", "--to", "15", "--json").output)
        changes = {c["field"]: (c["from"], c["to"]) for c in data["changes"]}
        assert changes["application.stage"] == ("publicized", "announced")
        assert changes["gradings[0].valid_until"] == (None, "2027-11-05")
        assert [e["type"] for e in data["events"]] == ["Announced"]

    def test_beyond_the_last_version(self, run: Callable[..., Any]) -> None:
        """A version the case does not have is refused."""
        result = run("case", "diff", FIRST, "--from", "1", "--to", "99")
        assert result.exit_code == 2


class TestCheck:
    def test_lawful_case_exits_zero(self, run: Callable[..., Any]) -> None:
        """A lawful history re-judges with no breach and exit status 0."""
        result = run("case", "check", FIRST, "--as-of", AS_OF, "--json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["ok"]
        assert any(f["rule_id"] == "review.independence" for f in data["findings"])
        cited = [f for f in data["findings"] if f["rule_id"] == "intake.correction"]
        assert cited[0]["citation"]["text_zh"]

    def test_late_rectification_exits_one(self, run: Callable[..., Any]) -> None:
        """The missed rectification deadline is a breach: exit status 1, named in the table."""
        result = run("case", "check", LATE, "--as-of", AS_OF)
        assert result.exit_code == 1
        assert "BREACH" in result.output
        assert "rectify.deadline" in result.output


class TestExport:
    def test_markdown(self, run: Callable[..., Any]) -> None:
        """The Markdown report has the forms' headings, the timeline, the findings and the
        Chinese citations, in Chinese unless English is chosen."""
        result = run("--lang", "zh", "case", "export", FIRST, "--format", "md", "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        assert "## 时间线" in result.output
        assert "## 企业自评报告（附件1），事件 v2" in result.output
        assert "## 现场评审报告（附件2）" in result.output
        assert "- 现场评审得分：" in result.output
        assert "- 是否达到拟申请等级：是" in result.output
        assert "要求补正" in result.output  # CorrectionRequested
        assert "2024年9月25日" in result.output
        assert "哈希链校验通过" in result.output
        assert "> " in result.output

    def test_markdown_in_english(self, run: Callable[..., Any]) -> None:
        result = run("--lang", "en", "case", "export", FIRST, "--format", "md", "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        assert "## Timeline" in result.output
        assert "## Self-evaluation report (附件1), event v2" in result.output
        assert "- Level applied for met: yes" in result.output
        assert "CorrectionRequested" in result.output
        assert "2024-09-25" in result.output
        assert "The hash chain of all" in result.output
        assert "时间线" not in result.output

    def test_json_and_html_to_files(self, run: Callable[..., Any], tmp_path: Path) -> None:
        """JSON and HTML go to files; the HTML is self-contained (no external resource)."""
        out = tmp_path / "r.json"
        assert run("case", "export", FIRST, "--format", "json", "-o", str(out)).exit_code == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["integrity"]["verified"]
        html = tmp_path / "r.html"
        assert run("case", "export", FIRST, "--format", "html", "-o", str(html)).exit_code == 0
        text = html.read_text(encoding="utf-8")
        assert "<style>" in text
        assert "http://" not in text
        assert "https://" not in text

    def test_pdf_needs_a_file(self, run: Callable[..., Any]) -> None:
        """A PDF is never written to the terminal."""
        result = run("case", "export", FIRST, "--format", "pdf")
        assert result.exit_code == 2


class TestImport:
    def _document(self, store: Path) -> dict[str, Any]:
        service = GradingService(str(store))
        from gradingcore import CaseKey

        cases = [
            export_history(service.history(CaseKey(u, s)))
            for u, s in ((FIRST, "机械"), (LATE, "纺织"))
        ]
        return {"format": FORMAT, "cases": cases}

    def test_round_trip(self, store: Path, tmp_path: Path) -> None:
        """An exported history imported into a new store records the very same events."""
        file = tmp_path / "history.json"
        file.write_text(json.dumps(self._document(store), ensure_ascii=False), encoding="utf-8")
        target = tmp_path / "new.db"
        result = CliRunner().invoke(cli, ["import", str(file), "--store", str(target), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["events"] == 15 + 9
        from gradingcore import CaseKey

        old, new = GradingService(str(store)), GradingService(str(target))
        key = CaseKey(FIRST, "机械")
        assert [e.digest for e in new.history(key)] == [e.digest for e in old.history(key)]
        assert new.verify(key) == []

    def test_a_refused_step_writes_nothing(self, store: Path, tmp_path: Path) -> None:
        """A step the rules refuse (a review ordered before the forward) stops the whole
        import, naming the step index and the rule; the target stays empty."""
        doc = self._document(store)
        doc["cases"][1]["events"][4]["on"] = "2025-01-01"  # order_review before the forward
        file = tmp_path / "bad.json"
        file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        target = tmp_path / "new.db"
        result = CliRunner().invoke(cli, ["import", str(file), "--store", str(target)])
        assert result.exit_code == 3
        assert "step 4" in result.output
        assert "procedure.order" in result.output
        assert list(GradingService(str(target)).case_ids()) == []

    def test_malformed_payload_is_named(self, store: Path, tmp_path: Path) -> None:
        """A payload field of the wrong type is named with its place; nothing is written."""
        doc = self._document(store)
        doc["cases"][0]["events"][0]["payload"]["score"] = "eighty"
        doc["cases"][0]["events"][1]["type"] = "no_such_step"
        file = tmp_path / "bad.json"
        file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        result = CliRunner().invoke(cli, ["import", str(file), "--store", str(tmp_path / "n.db")])
        assert result.exit_code == 2
        assert "cases[0].events[0]" in result.output
        assert "no_such_step" in result.output


# --- verify: tampering behind the library's back ---------------------------------------------


def _case_id(uscc: str, specialty: str) -> str:
    """The case's id as the stores write it: dashed (PostgreSQL's uuid, the CLI)."""
    from gradingcore import CaseKey

    return str(CaseKey(uscc, specialty).case_id)


def _row_id(uscc: str, specialty: str) -> str:
    """The case's id as eventsourcing's SQLite recorder writes it: 32 hex digits."""
    from gradingcore import CaseKey

    return CaseKey(uscc, specialty).case_id.hex


def _sqlite(store: Path, sql: str, *params: Any) -> None:
    with sqlite3.connect(store) as db:
        db.execute(sql, params)


class TestVerify:
    def test_all_verify(self, run: Callable[..., Any]) -> None:
        """The untouched demo store verifies: exit 0."""
        result = run("verify", "--all")
        assert result.exit_code == 0, result.output
        assert "6 of 6 case(s) verify" in result.output

    def test_edited_row(self, store: Path, run: Callable[..., Any]) -> None:
        """A row's state edited in the SQLite file is named by case and version."""
        cid = _row_id(FIRST, "机械")
        with sqlite3.connect(store) as db:
            (state,) = db.execute(
                "SELECT state FROM stored_events WHERE originator_id=? AND originator_version=9",
                (cid,),
            ).fetchone()
            db.execute(
                "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=9",
                (state.replace(b'"82.5"', b'"92.5"'), cid),
            )
        result = run("verify", "--all", "--json")
        assert result.exit_code == 1
        broken = json.loads(result.output)["broken"]
        assert broken[0]["case"] == f"{FIRST}/机械"
        assert broken[0]["breaks"][0]["version"] == 9
        assert "edited" in broken[0]["breaks"][0]["problem"]

    def test_deleted_row(self, store: Path, run: Callable[..., Any]) -> None:
        """A deleted row is named as the missing version."""
        _sqlite(
            store,
            "DELETE FROM stored_events WHERE originator_id=? AND originator_version=5",
            _row_id(FIRST, "机械"),
        )
        result = run("verify", FIRST)
        assert result.exit_code == 1
        assert f"case {FIRST}/机械" in result.output
        assert "event v5" in result.output
        assert "missing" in result.output

    def test_reordered_rows(self, store: Path, run: Callable[..., Any]) -> None:
        """Two rows whose versions are swapped are found at the first of them."""
        cid = _row_id(LATE, "纺织")
        for old, new in ((5, -1), (6, 5), (-1, 6)):
            _sqlite(
                store,
                "UPDATE stored_events SET originator_version=? WHERE originator_id=? "
                "AND originator_version=?",
                new,
                cid,
                old,
            )
        result = run("verify", "--all", "--json")
        assert result.exit_code == 1
        broken = json.loads(result.output)["broken"]
        assert [b["case"] for b in broken] == [f"{LATE}/纺织"]
        assert broken[0]["breaks"][0]["version"] == 5

    def test_case_or_all(self, run: Callable[..., Any]) -> None:
        """verify needs either CASE or --all."""
        assert run("verify").exit_code == 2


class TestSubprocess:
    def _gradingcore(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_COLOR": "1"}
        return subprocess.run(
            [sys.executable, "-m", "gradingcore_cli", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    def test_default_store_is_cases_db(self, store: Path) -> None:
        """Run as a real process in the store's directory, the default store is cases.db."""
        result = self._gradingcore("case", "check", LATE, "--as-of", AS_OF, cwd=store.parent)
        assert result.returncode == 1, result.stderr
        assert "rectify.deadline" in result.stdout
        shown = self._gradingcore("case", "show", FIRST, "--as-of", AS_OF, cwd=store.parent)
        assert shown.returncode == 0, shown.stderr
        assert "level 2 valid through 2027-11-05" in shown.stdout

    def test_verify_names_the_edited_event(self, store: Path) -> None:
        """verify as a process exits 1 and names the case and the event."""
        _sqlite(
            store,
            "DELETE FROM stored_events WHERE originator_id=? AND originator_version=3",
            _row_id(FIRST, "机械"),
        )
        result = self._gradingcore("verify", "--all", cwd=store.parent)
        assert result.returncode == 1
        assert f"{FIRST}/机械" in result.stdout
        assert "event v3" in result.stdout

    def test_missing_store(self, tmp_path: Path) -> None:
        """Reading a store that does not exist is an error, and creates nothing."""
        result = self._gradingcore("case", "timeline", FIRST, cwd=tmp_path)
        assert result.returncode == 4
        assert not (tmp_path / "cases.db").exists()


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[str]:
    clock = ManualClock("2022-01-04")
    service = GradingService(postgres_url, clock=clock)
    table = service._app.recorder.events_table_name  # type: ignore[attr-defined]
    with service._app.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
        cursor.execute(f"TRUNCATE {table}")
    run_demo(service, clock, lambda _: None)
    yield postgres_url
    service.close()


def _pg(url: str, sql: str, *params: Any) -> None:
    service = GradingService(url)
    table = service._app.recorder.events_table_name  # type: ignore[attr-defined]
    with service._app.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
        cursor.execute(sql.format(table=table), params)
    service.close()


class TestPostgres:
    def _run(self, url: str, *args: str) -> Any:
        return CliRunner().invoke(cli, [*args, "--store", url])

    def test_commands_work(self, pg_store: str) -> None:
        """timeline, show, check and verify work on PostgreSQL."""
        assert "CorrectionRequested" in self._run(pg_store, "case", "timeline", FIRST).output
        shown = json.loads(
            self._run(pg_store, "case", "show", FIRST, "--as-of", AS_OF, "--json").output
        )
        assert shown["level"] == 2
        assert self._run(pg_store, "case", "check", FIRST, "--as-of", AS_OF).exit_code == 0
        assert self._run(pg_store, "case", "check", LATE, "--as-of", AS_OF).exit_code == 1
        assert self._run(pg_store, "verify", "--all").exit_code == 0

    def test_edit_delete_reorder(self, pg_store: str) -> None:
        """Rows edited, deleted and reordered in PostgreSQL are each named by verify."""
        first, late = _case_id(FIRST, "机械"), _case_id(LATE, "纺织")
        _pg(
            pg_store,
            "UPDATE {table} SET state = convert_to(replace(convert_from(state, 'UTF8'),"
            " '\"82.5\"', '\"92.5\"'), 'UTF8') WHERE originator_id=%s AND originator_version=9",
            first,
        )
        result = self._run(pg_store, "verify", FIRST)
        assert result.exit_code == 1
        assert "event v9" in result.output
        _pg(pg_store, "DELETE FROM {table} WHERE originator_id=%s AND originator_version=12", first)
        assert "event v12" in self._run(pg_store, "verify", FIRST).output
        for old, new in ((5, -1), (6, 5), (-1, 6)):
            _pg(
                pg_store,
                "UPDATE {table} SET originator_version=%s WHERE originator_id=%s AND "
                "originator_version=%s",
                new,
                late,
                old,
            )
        result = self._run(pg_store, "verify", "--all", "--json")
        assert result.exit_code == 1
        broken = {b["case"]: b["breaks"][0]["version"] for b in json.loads(result.output)["broken"]}
        assert broken == {f"{FIRST}/机械": 9, f"{LATE}/纺织": 5}


# --- the HTML report in a real browser, and the PDF ------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
class TestHtmlInBrowser:
    def test_timeline_renders(self, run: Callable[..., Any], tmp_path: Path) -> None:
        """Headless Chromium loads the report; its DOM has the timeline, findings and the
        integrity result, and a screenshot is written."""
        html = tmp_path / "report.html"
        assert (
            run(
                "--lang",
                "zh",
                "case",
                "export",
                FIRST,
                "--format",
                "html",
                "--as-of",
                AS_OF,
                "-o",
                str(html),
            ).exit_code
            == 0
        )
        dom = _chromium(tmp_path, "--dump-dom", html.as_uri())
        assert dom.returncode == 0, dom.stderr
        assert 'id="timeline"' in dom.stdout
        assert 'lang="zh-CN"' in dom.stdout
        assert "要求补正" in dom.stdout  # CorrectionRequested
        assert "附件1缺少主要负责人承诺书" in dom.stdout
        assert "哈希链校验通过" in dom.stdout
        png = tmp_path / "report.png"
        shot = _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,1600", html.as_uri())
        assert shot.returncode == 0, shot.stderr
        assert png.stat().st_size > 10_000
