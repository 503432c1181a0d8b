"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a PostgreSQL database for the tests, or a skip when none is configured."""
    url = os.environ.get("GRADINGCORE_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL tests need GRADINGCORE_TEST_POSTGRES_URL (set by .ci/run)")
    return url
