"""Hypothesis strategies for gradingcore's public types: USCCs, enterprises, business dates,
actors, review teams and commands of every step (``docs/scenarios.md``).

Hypothesis is optional (``pip install 'gradingcore[testing]'``): only this module needs it,
and importing it without hypothesis says so (docs/decisions/0011-scenarios.md).
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ModuleNotFoundError as missing:  # pragma: no cover - exercised in a subprocess test
    raise ModuleNotFoundError(
        "gradingcore.scenarios.strategies needs hypothesis: pip install 'gradingcore[testing]'",
        name=missing.name,
    ) from None

from gradingcore.scenarios._strategies import (
    FIRST_DAY,
    INDUSTRIES,
    LAST_DAY,
    REGIONS,
    actors,
    business_dates,
    case_keys,
    commands,
    enterprises,
    experts,
    industries,
    levels,
    nonconformities,
    payloads,
    regions,
    review_teams,
    usccs,
    work_groups,
)

__all__ = [
    "FIRST_DAY",
    "INDUSTRIES",
    "LAST_DAY",
    "REGIONS",
    "actors",
    "business_dates",
    "case_keys",
    "commands",
    "enterprises",
    "experts",
    "industries",
    "levels",
    "nonconformities",
    "payloads",
    "regions",
    "review_teams",
    "usccs",
    "work_groups",
]
