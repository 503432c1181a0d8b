"""The JSON the API answers with: outcomes, views, states, histories, findings."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import pendulum

from gradingcore import CaseEvent, CaseKey, Outcome
from gradingcore_cli.report import eligibility_data, event_data, finding_data, view_data

__all__ = [
    "case_path",
    "eligibility_data",
    "event_data",
    "finding_data",
    "history_data",
    "outcome_data",
    "plain",
    "view_data",
]

#: The path segment of a case without a specialty.
NO_SPECIALTY = "-"


def case_path(key: CaseKey) -> str:
    return f"/cases/{key.uscc}/{key.specialty or NO_SPECIALTY}"


def plain(value: Any) -> Any:
    """Any value of the core as JSON data: attrs classes as objects, dates as ISO text,
    decimals as text (exact), enumerations by value."""
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, pendulum.Date | dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def outcome_data(key: CaseKey, outcome: Outcome) -> dict[str, Any]:
    return {
        "case": str(key),
        "case_id": str(outcome.case_id),
        "version": outcome.version,
        "repeated": outcome.repeated,
        "events": [event_data(e) for e in outcome.events],
    }


def history_data(events: list[CaseEvent]) -> list[dict[str, Any]]:
    """Every event with all its fields, as stored (the envelope and the payload)."""
    out = []
    for e in events:
        fields = plain(e)
        out.append({"version": e.originator_version, "type": e.name, "data": fields})
    return out
