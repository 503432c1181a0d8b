"""Grading scenarios: given / when / then in code, and one case per YAML file.

Host systems and regulators write scenarios of the grading rules and run them against the
library: in code with :func:`scenario` (in the spirit of Axon's ``AggregateTestFixture``), or
as YAML files run by ``gradingcore scenario run`` and collected by the pytest plugin
(``scenario_*.yaml``). Both build the same :class:`Scenario`; see ``docs/scenarios.md``.
Hypothesis strategies live in :mod:`gradingcore.scenarios.strategies` (hypothesis is optional).
"""

from __future__ import annotations

from gradingcore.scenarios._arguments import DEFAULTS, default_team
from gradingcore.scenarios._dsl import (
    ScenarioTest,
    case_of,
    default_uscc,
    event,
    obligation,
    parse_actor,
    scenario,
    step,
)
from gradingcore.scenarios._errors import ScenarioError, ScenarioFailure, ScenarioFileError
from gradingcore.scenarios._files import (
    PATTERNS,
    find_scenarios,
    is_scenario_file,
    load_scenario,
    parse_scenario,
)
from gradingcore.scenarios._model import (
    CHECK,
    UNSET,
    ActorSpec,
    EventMatch,
    Expect,
    ObligationMatch,
    Scenario,
    Step,
    Where,
)
from gradingcore.scenarios._runner import (
    DEFAULT_ROLES,
    Check,
    ScenarioResult,
    ScenarioRun,
    StepOutcome,
    run_scenario,
    scenario_service,
)

__all__ = [
    "CHECK",
    "DEFAULTS",
    "DEFAULT_ROLES",
    "PATTERNS",
    "UNSET",
    "ActorSpec",
    "Check",
    "EventMatch",
    "Expect",
    "ObligationMatch",
    "Scenario",
    "ScenarioError",
    "ScenarioFailure",
    "ScenarioFileError",
    "ScenarioResult",
    "ScenarioRun",
    "ScenarioTest",
    "Step",
    "StepOutcome",
    "Where",
    "case_of",
    "default_team",
    "default_uscc",
    "event",
    "find_scenarios",
    "is_scenario_file",
    "load_scenario",
    "obligation",
    "parse_actor",
    "parse_scenario",
    "run_scenario",
    "scenario",
    "scenario_service",
    "step",
]
