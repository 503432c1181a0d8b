"""The reader of the output going away (``gradingcore … | head``) is not an error."""

from __future__ import annotations

import subprocess
import sys


def test_a_closed_pipe_ends_quietly_with_status_141() -> None:
    """The output's reader closed its end before anything was written: status 141, as a
    shell reports SIGPIPE, and no 'internal error' or traceback on stderr."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gradingcore_cli",
            "--lang",
            "en",
            "rules",
            "--policy",
            "cn.henan.2023",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 141, stderr.decode()
    assert b"internal error" not in stderr
    assert b"Traceback" not in stderr
