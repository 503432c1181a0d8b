from __future__ import annotations

from collections.abc import Iterator

import pytest

from gradingcore.service import GradingService
from gradingcore.simulation import simulation_service


@pytest.fixture
def service() -> Iterator[GradingService]:
    """A simulation service on the in-memory store."""
    svc = simulation_service("memory")
    yield svc
    svc.close()
