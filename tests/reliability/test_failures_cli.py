"""Every failure a user can meet is typed, with its documented exit status and no traceback
(docs/reliability.md, "Exit codes"): stores that cannot be used exit 4 naming the store
without its password, bad import files exit 2 naming the problem, and nothing is written."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import Run, fingerprint

EXIT_BAD_INPUT, EXIT_REFUSED, EXIT_STORE = 2, 3, 4


def _typed(result: Any, status: int) -> None:
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("error: ")


# --- stores that cannot be used: exit 4 ------------------------------------------------------


def test_a_directory(gradingcore: Run, tmp_path: Path, import_file: Path) -> None:
    for args in (
        ("verify", "--all", "--store", str(tmp_path)),
        ("import", str(import_file), "--store", str(tmp_path)),
    ):
        result = gradingcore(*args)
        _typed(result, EXIT_STORE)
        assert "is a directory" in result.stderr


def test_not_sqlite(gradingcore: Run, tmp_path: Path) -> None:
    store = tmp_path / "notes.db"
    store.write_text("minutes of the review meeting, not a database\n" * 40, encoding="utf-8")
    before = fingerprint(store)
    result = gradingcore("verify", "--all", "--store", str(store))
    _typed(result, EXIT_STORE)
    assert f"store {store} is not a readable gradingcore store" in result.stderr
    assert fingerprint(store) == before


@pytest.mark.parametrize("keep", [100, 20_000])
def test_truncated(gradingcore: Run, store: Path, keep: int) -> None:
    """A store cut short (its header only, or half its pages) is unreadable, not a crash."""
    with store.open("r+b") as file:
        file.truncate(keep)
    result = gradingcore("case", "timeline", "91410882MA0000001T/机械", "--store", str(store))
    _typed(result, EXIT_STORE)
    assert "damaged or truncated" in result.stderr


@pytest.fixture
def read_only_store(store: Path) -> Iterator[Path]:
    """The store in a directory nobody may write, for a process that is not root (root
    writes anyway, so as root the command runs as the user nobody)."""
    folder = Path(tempfile.mkdtemp(prefix="gc-ro-"))
    target = folder / "cases.db"
    shutil.copyfile(store, target)
    target.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield target
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def _as_a_user() -> tuple[str, ...]:
    """A prefix that runs the command as the user nobody when the tests run as root."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only file is writable to root")
    return ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")


def test_read_only(gradingcore: Run, read_only_store: Path, import_file: Path) -> None:
    """Writing to a read-only store is a typed error, exit 4, and leaves it unchanged."""
    demote = _as_a_user()
    doc = json.loads(import_file.read_text(encoding="utf-8"))
    doc["cases"][0]["specialty"] = "化工"  # a case the store does not have yet
    import_file = Path(tempfile.mkdtemp(prefix="gc-ro-import-")) / "history.json"
    import_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_file.chmod(0o644)
    import_file.parent.chmod(0o755)
    before = fingerprint(read_only_store)
    result = gradingcore("import", str(import_file), "--store", str(read_only_store), prefix=demote)
    _typed(result, EXIT_STORE)
    assert "is read-only" in result.stderr
    assert fingerprint(read_only_store) == before


def _locked(store: Path, seconds: float) -> threading.Event:
    """Hold ``store`` with an exclusive transaction for ``seconds``, or until the returned
    event is set (so that a slow machine cannot release it before the writer tries)."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(store, isolation_level=None, check_same_thread=False)
        connection.execute("BEGIN EXCLUSIVE")
        held.set()
        release.wait(seconds)
        connection.execute("ROLLBACK")
        connection.close()

    threading.Thread(target=hold, daemon=True).start()
    assert held.wait(10)
    return release


def _new_cases(import_file: Path) -> None:
    doc = json.loads(import_file.read_text(encoding="utf-8"))
    for case in doc["cases"]:
        case["specialty"] += "二"
    import_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_locked_longer_than_the_timeout(gradingcore: Run, store: Path, import_file: Path) -> None:
    """A writer held out for more than 5 s (here: until it gave up) gets a typed 'locked'
    error naming the store."""
    _new_cases(import_file)
    release = _locked(store, 120)
    result = gradingcore("import", str(import_file), "--store", str(store))
    release.set()
    _typed(result, EXIT_STORE)
    assert f"store {store} is locked" in result.stderr
    assert "more than 5 s" in result.stderr


def test_locked_shorter_than_the_timeout(gradingcore: Run, store: Path, import_file: Path) -> None:
    """The other edge: a lock released within the timeout only delays the writer."""
    _new_cases(import_file)
    _locked(store, 1.5)
    result = gradingcore("import", str(import_file), "--store", str(store))
    assert result.returncode == 0, result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_postgres_unreachable(gradingcore: Run, import_file: Path) -> None:
    """No server on the port: a typed error naming the URL with its password hidden."""
    url = f"postgresql://grader:s3cr3t-pw@127.0.0.1:{_free_port()}/cases"
    for args in (("verify", "--all"), ("import", str(import_file))):
        result = gradingcore(*args, "--store", url)
        _typed(result, EXIT_STORE)
        assert "postgresql://grader:***@127.0.0.1:" in result.stderr
        assert "s3cr3t-pw" not in result.stderr + result.stdout


# --- bad import files: exit 2, nothing written -----------------------------------------------


def _refused_import(gradingcore: Run, store: Path, file: Path, expected: str) -> None:
    before = fingerprint(store)
    result = gradingcore("import", str(file), "--store", str(store))
    _typed(result, EXIT_BAD_INPUT)
    assert expected in result.stderr
    assert fingerprint(store) == before


def test_specialty_null(gradingcore: Run, store: Path, document: dict[str, Any], tmp_path: Path):
    doc = json.loads(json.dumps(document))
    doc["cases"][0]["specialty"] = None
    file = tmp_path / "null.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    _refused_import(gradingcore, store, file, "cases[0].specialty: a string, not null")


def test_leading_0xff(gradingcore: Run, store: Path, import_file: Path, tmp_path: Path) -> None:
    file = tmp_path / "ff.json"
    file.write_bytes(b"\xff" + import_file.read_bytes())
    _refused_import(gradingcore, store, file, "not UTF-8 text: byte 0 is 0xff")


def test_nested_brackets(gradingcore: Run, store: Path, tmp_path: Path) -> None:
    """100,000 nested brackets are refused before parsing; 64 levels are only 'not an
    import', the limit's other edge."""
    file = tmp_path / "deep.json"
    file.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _refused_import(gradingcore, store, file, "nested more than 64 deep")
    file.write_text("[" * 64 + "]" * 64, encoding="utf-8")
    _refused_import(gradingcore, store, file, "a JSON object with 'format' and 'cases'")


def test_not_a_number(gradingcore: Run, store: Path, document: dict[str, Any], tmp_path: Path):
    text = json.dumps(document, ensure_ascii=False)
    file = tmp_path / "nan.json"
    file.write_text(text.replace('"score": "', '"score": NaN, "x": "', 1), encoding="utf-8")
    _refused_import(gradingcore, store, file, "NaN is not a number")


# --- usage and --debug ----------------------------------------------------------------------


def test_usage_error(gradingcore: Run) -> None:
    result = gradingcore("verify", "--no-such-option")
    assert result.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(gradingcore: Run, tmp_path: Path) -> None:
    """Only --debug shows where a failure came from."""
    store = tmp_path / "notes.db"
    store.write_text("not a database\n" * 100, encoding="utf-8")
    result = gradingcore("--debug", "verify", "--all", "--store", str(store))
    assert result.returncode != 0
    assert "Traceback" in result.stderr
