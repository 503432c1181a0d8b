"""Input limits (输入限值): the plausibility bounds every value given to gradingcore is held to.

The numbers live in ``policy/data/limits/input.toml`` (never in code): they are not rules of
any policy but bounds far beyond any real case, so that a typing mistake or an attack is
refused as :class:`~gradingcore.errors.InvalidInput` naming the field, before anything is
written (decision 0029).
"""

from __future__ import annotations

import functools
import tomllib
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs


@attrs.frozen
class InputLimits:
    max_chars: int
    max_id_chars: int
    max_items: int
    max_loss_cny: Decimal
    max_statistic: Decimal
    max_deaths: int
    max_injuries: int
    max_representatives: int
    max_work_years: int
    max_future_days_fact: int
    min_year: int
    max_year: int
    import_max_bytes: int
    scenario_max_bytes: int
    max_nesting: int
    yaml_max_aliases: int


@functools.cache
def limits() -> InputLimits:
    """The limits shipped with gradingcore, read once."""
    text = (
        resources.files("gradingcore")
        .joinpath("policy/data/limits/input.toml")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = tomllib.loads(text)
    flat = {key: value for table in data.values() for key, value in table.items()}
    for name in ("max_loss_cny", "max_statistic"):
        flat[name] = Decimal(flat[name])
    return InputLimits(**flat)


__all__ = ["InputLimits", "limits"]
