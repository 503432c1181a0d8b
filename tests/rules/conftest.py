"""Fixtures of the rule tests: the service on the in-memory store, its manual clock, a case."""

from tests.case.conftest import case, clock, service  # noqa: F401
