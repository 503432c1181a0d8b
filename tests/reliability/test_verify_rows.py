"""What ``verify`` trusts in a row (docs/reliability.md, "Verification"): its topic only when it
names one of gradingcore's own event classes (nothing is imported because a row names it), and
its bytes only when they are the canonical bytes of its content."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from gradingcore import CaseKey
from tests.reliability.conftest import CASES, Run

ROW = CaseKey(*CASES[0]).case_id.hex


def _update(store: Path, column: str, value: object, version: int = 2) -> None:
    with sqlite3.connect(store) as db:
        db.execute(
            f"UPDATE stored_events SET {column}=? WHERE originator_id=? AND originator_version=?",
            (value, ROW, version),
        )


def _state(store: Path, version: int = 2) -> bytes:
    with sqlite3.connect(store) as db:
        (state,) = db.execute(
            "SELECT state FROM stored_events WHERE originator_id=? AND originator_version=?",
            (ROW, version),
        ).fetchone()
    return bytes(state)


def test_a_foreign_topic_is_a_finding_not_an_import(
    gradingcore: Run, store: Path, tmp_path: Path
) -> None:
    """A row naming a module on the path: verify reports it (exit 1) and never imports it;
    reading the case refuses the row (typed, no traceback) and does not import it either."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    marker = tmp_path / "imported"
    (plugins / "h13_planted.py").write_text(
        f"open({str(marker)!r}, 'w').close()\nclass Event: pass\n", encoding="utf-8"
    )
    _update(store, "topic", "h13_planted:Event")
    env = {"PYTHONPATH": str(plugins)}
    result = gradingcore("verify", "--all", "--store", str(store), env_extra=env)
    assert result.returncode == 1, result.stderr
    assert "event v2: unknown event type 'h13_planted:Event'" in result.stdout
    shown = gradingcore(
        "case", "timeline", "/".join(CASES[0]), "--store", str(store), env_extra=env
    )
    assert shown.returncode != 0
    assert "Traceback" not in shown.stderr
    assert not marker.exists()


def test_the_same_json_serialized_again_is_a_finding(gradingcore: Run, store: Path) -> None:
    """Decision 0006 promises the bytes as stored: the same content with other spacing or key
    order passes a JSON comparison but not verify."""
    content = json.loads(_state(store))
    _update(store, "state", json.dumps(content, indent=1).encode())
    result = gradingcore("verify", "--all", "--store", str(store))
    assert result.returncode == 1
    assert "event v2: stored bytes are not the canonical bytes" in result.stdout
    assert result.stdout.count("BROKEN") == 1  # the digest still holds: only the bytes differ


def test_canonical_bytes_verify(gradingcore: Run, store: Path) -> None:
    """The other side: the row written back byte for byte as it was still verifies."""
    _update(store, "state", _state(store))
    assert gradingcore("verify", "--all", "--store", str(store)).returncode == 0
