"""The README's test command runs the PostgreSQL tests wherever a server is installed
(decision 0033): it finds the binaries, and only where there are none is the skip's hint given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import _postgres


def test_no_binaries_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_postgres.shutil, "which", lambda _: None)
    monkeypatch.setattr(_postgres.glob, "glob", lambda _: [])
    assert _postgres.server_binaries() is None
    assert "install" in _postgres.INSTALL_HINT


def test_debian_s_newest_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for version in ("9.6", "15", "13"):
        bin_dir = tmp_path / version / "bin"
        bin_dir.mkdir(parents=True)
        for name in ("pg_ctl", "initdb"):
            (bin_dir / name).touch()
    monkeypatch.setattr(_postgres.shutil, "which", lambda _: None)
    monkeypatch.setattr(_postgres.glob, "glob", lambda _: [str(p) for p in tmp_path.glob("*/bin")])
    assert _postgres.server_binaries() == tmp_path / "15" / "bin"


def test_the_session_s_database_answers(postgres_url: str) -> None:
    """Whichever server the session got (the CI's, or one this suite started), it answers."""
    import psycopg

    with psycopg.connect(postgres_url) as connection:
        assert connection.execute("select 1").fetchone() == (1,)
