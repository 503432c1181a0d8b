"""Fixtures of the i18n tests: the rule tests' service, clock and case (for real refusals)."""

from tests.case.conftest import case, clock, service  # noqa: F401
