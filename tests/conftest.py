"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator

import pytest

from tests._postgres import INSTALL_HINT, server_binaries, throwaway_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL database for the tests: GRADINGCORE_TEST_POSTGRES_URL when set,
    else a throwaway server started from the installed binaries for this session; a skip with
    the install hint only where no server binaries exist (decision 0033)."""
    url = os.environ.get("GRADINGCORE_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bin_dir = server_binaries()
    if bin_dir is None:
        pytest.skip(INSTALL_HINT)
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip(
                f"running as root without a 'postgres' user to run the server: {INSTALL_HINT}"
            )
    with throwaway_server(bin_dir) as started:
        yield started
