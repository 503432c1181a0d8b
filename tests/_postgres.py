"""A throwaway PostgreSQL server for the test session, started from the installed binaries
(decision 0033): what pytest-postgresql's ``postgresql_proc`` does, plus running the server as
the ``postgres`` user when the tests run as root (initdb and pg_ctl refuse root)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Shown when no server binaries are installed (the PostgreSQL tests are skipped then).
INSTALL_HINT = (
    "PostgreSQL tests need a server: install its binaries (Debian: apt-get install postgresql; "
    "macOS: brew install postgresql) or set GRADINGCORE_TEST_POSTGRES_URL"
)


def server_binaries() -> Path | None:
    """The directory of ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest."""
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(os.path.realpath(found)).parent
    for bin_dir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        if Path(bin_dir, "pg_ctl").exists() and Path(bin_dir, "initdb").exists():
            return Path(bin_dir)
    return None


def _version(path: str) -> tuple[int, ...]:
    number = Path(path).parent.name
    return tuple(int(p) for p in number.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_server(bin_dir: Path) -> Iterator[str]:
    """A fresh cluster on 127.0.0.1 (trust auth, no durability), its URL; removed after."""
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="gradingcore-pg-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], cwd=folder, check=True, capture_output=True, timeout=120)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
            "-w", "-t", "60", "-o", options, "start")  # fmt: skip
        try:
            run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                "gradingcore_test")  # fmt: skip
            yield f"postgresql://postgres@127.0.0.1:{port}/gradingcore_test"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
