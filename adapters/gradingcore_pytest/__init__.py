"""gradingcore's pytest plugin: fixtures for grading cases, and scenario files as tests.

Installed with gradingcore (entry point ``pytest11``: ``gradingcore``), it gives a host's tests

- ``grading_clock``: a :class:`~gradingcore.ManualClock` (2024-01-02, Asia/Shanghai);
- ``grading_calendar``: the official working-day calendar;
- ``grading_policy``: the policy cases are judged by (ini option ``gradingcore_policy``,
  default the national ``cn.mem.2021``);
- ``grading_service``: a :class:`~gradingcore.GradingService` on an in-memory store that judges
  every case by ``grading_policy``, on ``grading_calendar``, with ``grading_clock``;
- ``grading_scenario``: a given/when/then scenario (:func:`gradingcore.scenarios.scenario`)
  bound to ``grading_service``;

and collects every ``scenario_*.yaml`` file as one test. The plugin imports nothing of
gradingcore (nor any web framework or CLI library) until a fixture or a scenario file is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from gradingcore import GradingService, ManualClock, Policy, WorkdayCalendar
    from gradingcore.scenarios import Scenario, ScenarioTest

#: The clock's start: a working day inside the official calendar's coverage.
CLOCK_START = "2024-01-02"
#: The policy ``grading_policy`` gives when the ini option does not name one.
DEFAULT_POLICY = "cn.mem.2021"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "gradingcore_policy",
        "gradingcore: the policy (id or id@version) of the grading_policy fixture",
        default=DEFAULT_POLICY,
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``scenario_*.yaml`` (and ``.yml``) files, one test per file."""
    if file_path.suffix in (".yaml", ".yml") and file_path.name.startswith("scenario_"):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """A scenario file: one grading case, one test. A bad file is a collection error that
    lists every problem with its line."""

    def collect(self) -> Iterator[pytest.Item]:
        from gradingcore.scenarios import load_scenario

        scenario = load_scenario(self.path)
        yield ScenarioItem.from_parent(self, name=self.path.stem, scenario=scenario)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from gradingcore.scenarios import ScenarioError

        if isinstance(excinfo.value, ScenarioError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))


class ScenarioItem(pytest.Item):
    """Runs one scenario; fails with one line per expectation that did not hold."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        for rule_id in scenario.rules:
            self.extra_keyword_matches.add(rule_id)

    def runtest(self) -> None:
        from gradingcore.scenarios import ScenarioFailure, run_scenario

        result = run_scenario(self.scenario)
        if not result.passed:
            raise ScenarioFailure(result.report())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from gradingcore.scenarios import ScenarioFailure

        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.scenario.name}"


@pytest.fixture
def grading_clock() -> ManualClock:
    """A manual clock at 2024-01-02 (noon, Asia/Shanghai); scenarios move it step by step."""
    from gradingcore import ManualClock

    return ManualClock(CLOCK_START)


@pytest.fixture(scope="session")
def grading_calendar() -> WorkdayCalendar:
    """The official working-day calendar (2004-2026)."""
    from gradingcore import official_calendar

    return official_calendar()


@pytest.fixture(scope="session")
def grading_policy(pytestconfig: pytest.Config) -> Policy:
    """The policy named by the ini option ``gradingcore_policy`` (default ``cn.mem.2021``)."""
    from gradingcore import PolicyRef, default_policies

    name = str(pytestconfig.getini("gradingcore_policy"))
    if "@" in name:
        ref = PolicyRef.parse(name)
        return default_policies().get(ref.id, ref.version)
    return default_policies().get(name)


@pytest.fixture
def grading_service(
    grading_clock: ManualClock, grading_calendar: WorkdayCalendar, grading_policy: Policy
) -> Iterator[GradingService]:
    """A service on a fresh in-memory store, judging every case by ``grading_policy``."""
    from gradingcore import GradingService, PolicyRegistry

    service = GradingService(
        "memory",
        policies=PolicyRegistry([grading_policy]),
        calendar=grading_calendar,
        clock=grading_clock,
    )
    yield service
    service.close()


@pytest.fixture
def grading_scenario(
    grading_service: GradingService, grading_policy: Policy
) -> Callable[..., ScenarioTest]:
    """Makes given/when/then scenarios on ``grading_service``: ``grading_scenario()`` takes
    the keyword arguments of :func:`gradingcore.scenarios.scenario` but ``service``."""
    from gradingcore.scenarios import scenario

    def make(**options: Any) -> ScenarioTest:
        options.setdefault("policy", str(grading_policy.ref))
        return scenario(service=grading_service, **options)

    return make


__all__ = [
    "ScenarioFile",
    "ScenarioItem",
    "grading_calendar",
    "grading_clock",
    "grading_policy",
    "grading_scenario",
    "grading_service",
]
