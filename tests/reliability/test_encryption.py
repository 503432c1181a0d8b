"""Encryption at rest (docs/reliability.md, "Personal data at rest"): with a key, no personal
field lies in the database as plain text; the store verifies as intact with the key; a wrong
key, or none, is a typed StoreKeyError (exit 4 from the CLI), never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pendulum
import pytest

from gradingcore import (
    Actor,
    CaseKey,
    Enterprise,
    GradingService,
    InvalidInput,
    ManualClock,
    StoreKeyError,
)
from gradingcore import commands as c
from gradingcore.cipher import KEY_VARIABLE, cipher_env, new_key
from tests.reliability.conftest import Run

KEY = CaseKey("91410882MA0000001T", "机械")
PHONE = "13812345678"


def _record(store: Path, key: str) -> GradingService:
    service = GradingService(str(store), clock=ManualClock("2024-05-10"), env=cipher_env(key))
    service.execute(
        c.OpenCase(
            case=KEY, actor=Actor("ent-1", "enterprise"), enterprise=Enterprise("恒通机械", "机械")
        )
    )
    service.execute(
        c.RecordHazard(
            case=KEY,
            actor=Actor("jz-inspector", "supervisor"),
            on=pendulum.date(2024, 5, 10),
            hazard_id="hz-1",
            major=True,
            fix_by=pendulum.date(2024, 6, 10),
            description=f"配电室漏水，联系人张伟 {PHONE}",
        )
    )
    return service


def _raw(store: Path) -> bytes:
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT state FROM stored_events").fetchall()
    return b"".join(bytes(r[0]) for r in rows) + store.read_bytes()


def test_no_plaintext_at_rest(tmp_path: Path) -> None:
    store = tmp_path / "cases.db"
    key = new_key()
    service = _record(store, key)
    service.close()
    raw = _raw(store)
    assert PHONE.encode() not in raw
    assert "张伟".encode() not in raw
    assert "恒通机械".encode() not in raw
    reader = GradingService(str(store), env=cipher_env(key))
    assert reader.verify(KEY) == []  # intact, not tampered
    assert PHONE in reader.history(KEY)[-1].description  # type: ignore[attr-defined]


def test_without_a_key_the_text_is_plain(tmp_path: Path) -> None:
    """The other side: the same history unencrypted holds the number (the test can fail)."""
    store = tmp_path / "plain.db"
    _record(store, None).close()  # type: ignore[arg-type]
    assert PHONE.encode() in _raw(store)


def test_a_wrong_key_or_none(tmp_path: Path) -> None:
    store = tmp_path / "cases.db"
    _record(store, new_key()).close()
    for env in (cipher_env(new_key()), {}):
        with pytest.raises(StoreKeyError, match="cannot be decrypted"):
            GradingService(str(store), env=env).history(KEY)


def test_a_malformed_key() -> None:
    with pytest.raises(InvalidInput, match="16, 24 or 32 bytes in base64"):
        cipher_env("not a key")


def test_the_cli_takes_the_key_from_the_environment(gradingcore: Run, tmp_path: Path) -> None:
    store = tmp_path / "cases.db"
    key = new_key()
    _record(store, key).close()
    case = f"{KEY}"
    right = gradingcore("verify", "--all", "--store", str(store), env_extra={KEY_VARIABLE: key})
    assert right.returncode == 0, right.stderr
    shown = gradingcore(
        "case", "timeline", case, "--store", str(store), env_extra={KEY_VARIABLE: key}
    )
    assert shown.returncode == 0, shown.stderr
    wrong = gradingcore(
        "case", "timeline", case, "--store", str(store), env_extra={KEY_VARIABLE: new_key()}
    )
    assert wrong.returncode == 4
    assert "Traceback" not in wrong.stderr
    assert key not in wrong.stderr
    file = tmp_path / "key.txt"
    file.write_text(key + "\n", encoding="utf-8")
    from_file = gradingcore(
        "verify",
        "--all",
        "--store",
        str(store),
        env_extra={"GRADINGCORE_CIPHER_KEY_FILE": str(file)},
    )
    assert from_file.returncode == 0, from_file.stderr
