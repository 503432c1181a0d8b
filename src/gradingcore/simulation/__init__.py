"""The province simulator: a realistic population of Henan enterprises driven through the real
service, day by day on the official calendar (docs/simulation.md).

``simulate(simulation_service("memory"), enterprises=20, years=1, seed=7)`` returns a
:class:`Summary`: the cases by status, level and industry, the refusals by rule id, the events
recorded and how fast. The rates the simulated parties act on are in ``_behaviour``.
"""

from __future__ import annotations

from gradingcore.simulation._behaviour import Behaviour
from gradingcore.simulation._collector import province_collector
from gradingcore.simulation._compare import (
    TALLIES,
    WORKLOAD,
    Comparison,
    Difference,
    Side,
    compare,
)
from gradingcore.simulation._population import CITIES, INDUSTRIES, City, Firm, Industry, population
from gradingcore.simulation._simulator import (
    DEFAULT_START,
    Progress,
    simulate,
    simulate_runs,
    simulation_service,
)
from gradingcore.simulation._summary import Cell, Summary

__all__ = [
    "CITIES",
    "DEFAULT_START",
    "INDUSTRIES",
    "TALLIES",
    "WORKLOAD",
    "Behaviour",
    "Cell",
    "City",
    "Comparison",
    "Difference",
    "Firm",
    "Industry",
    "Progress",
    "Side",
    "Summary",
    "compare",
    "population",
    "province_collector",
    "simulate",
    "simulate_runs",
    "simulation_service",
]
