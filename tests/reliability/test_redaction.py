"""A store URL's password is never shown (docs/reliability.md, "Credentials"): not by
``import`` or ``simulate`` on a working PostgreSQL, not in ``--json``, not in errors."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tests.reliability.conftest import Run

SECRET = "hunter2-s3cr3t"


def _with_password(url: str) -> tuple[str, str]:
    """The URL with SECRET as its password (the test server trusts any), and as it is shown."""
    parts = urlsplit(url)
    host = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
    user = parts.username or "postgres"
    given = urlunsplit(parts._replace(netloc=f"{user}:{SECRET}@{host}"))
    shown = urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    return given, shown


def test_import_and_simulate(
    gradingcore: Run, postgres_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    url, shown = _with_password(postgres_url)
    doc = json.loads(json.dumps(document))
    run = uuid.uuid4().hex[:8]
    for case in doc["cases"]:
        case["specialty"] += run  # new cases on every run of the suite
    file = tmp_path / "history.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for args in (("import", str(file)), ("import", "--json", str(file))):
        result = gradingcore(*args, "--store", url)
        output = result.stdout + result.stderr
        assert SECRET not in output
        if "--json" in args:  # the same cases again: refused, naming the store safely
            assert result.returncode == 3
        else:
            assert result.returncode == 0, output
            assert f"written to {shown}" in output
    result = gradingcore("simulate", "--enterprises", "2", "--years", "1", "--store", url)
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert shown in " ".join(result.stdout.split())  # rich wraps the line


def test_json_output_of_import(gradingcore: Run, postgres_url: str, document: Any, tmp_path: Path):
    url, shown = _with_password(postgres_url)
    doc = json.loads(json.dumps(document))
    for case in doc["cases"]:
        case["specialty"] += uuid.uuid4().hex[:8]
    file = tmp_path / "history.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = gradingcore("import", "--json", str(file), "--store", url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["store"] == shown
