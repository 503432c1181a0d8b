"""`gradingcore tokens issue|list|revoke` and `serve`'s refusals, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gradingcore import GradingService
from gradingcore_http import TokenRegistry


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gradingcore_cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_issue_list_revoke(tmp_path: Path) -> None:
    store = str(tmp_path / "cases.db")
    GradingService(store).close()
    issued = _run(
        *(
            "tokens",
            "issue",
            "--store",
            store,
            "--role",
            "authority",
            "--actor",
            "河南省应急管理厅",
        ),
        *("--authority", "province", "--region", "41", "--level", "2", "--json"),
    )
    assert issued.returncode == 0, issued.stderr
    token = json.loads(issued.stdout)
    assert token["token"].startswith("gct_")
    assert token["levels"] == [2]
    registry = TokenRegistry(store)
    who = registry.principal(token["token"])
    assert who is not None
    assert str(who.actor) == "河南省应急管理厅 (authority/province)"
    listed = _run("tokens", "list", "--store", store, "--json")
    assert [t["id"] for t in json.loads(listed.stdout)] == [token["id"]]
    assert token["token"] not in listed.stdout  # never the secret again
    assert token["token"].split("_", 2)[2] not in Path(f"{store}.tokens").read_bytes().decode(
        "latin-1"
    )
    revoked = _run("tokens", "revoke", token["id"], "--store", store)
    assert revoked.returncode == 0, revoked.stderr
    assert registry.principal(token["token"]) is None
    assert json.loads(_run("tokens", "list", "--store", store, "--json").stdout)[0]["revoked"]
    registry.close()


def test_bad_requests_are_refused_with_the_reason(tmp_path: Path) -> None:
    store = str(tmp_path / "cases.db")
    GradingService(store).close()
    no_uscc = _run("tokens", "issue", "--store", store, "--role", "enterprise", "--actor", "x")
    assert no_uscc.returncode == 2
    assert "--uscc" in no_uscc.stderr
    assert "Traceback" not in no_uscc.stderr
    unknown = _run("tokens", "revoke", "0000", "--store", store)
    assert unknown.returncode == 2
    missing = _run("serve", "--store", str(tmp_path / "none.db"), "--port", "0")
    assert missing.returncode != 0
    assert "Traceback" not in missing.stderr
    assert not (tmp_path / "none.db").exists()
