"""The public lists, read from the ``lists`` view: in publicity now, announced, revoked."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pendulum

from gradingcore.policy import Level
from gradingcore.readmodels._base import View, day, iso, region_pattern
from gradingcore.values import USCC, CaseKey


@attrs.frozen
class ListEntry:
    """One line of a published list: who, at which level, from and until when."""

    list: str  # publicity, announced, revoked
    key: CaseKey
    name: str
    industry: str
    region: str
    township: str | None
    level: Level | None
    on: pendulum.Date  # publicity: its first day; else the day announced or revoked
    until: pendulum.Date | None  # publicity: its end; announced: valid until
    valid_from: pendulum.Date | None = None
    copied_to: tuple[str, ...] = ()
    authority: str = ""
    trigger: str | None = None  # revoked: the rule id of 第十一条 invoked


_ENTERPRISE = "e.uscc, e.specialty, e.name, e.industry, e.region, e.township"
_FROM = " FROM rm_lists_enterprise e JOIN {table} r ON r.case_id = e.case_id"


def _where(
    authority: str | None, region: str | None, extra: str, params: list[Any]
) -> tuple[str, list[Any]]:
    sql = f" WHERE e.region LIKE ? AND {extra}"
    params = [region_pattern(region), *params]
    if authority:
        sql += " AND (r.authority_id = ? OR r.authority_kind = ?)"
        params += [authority, authority]
    return sql, params


def _head(row: tuple[Any, ...]) -> dict[str, Any]:
    uscc, specialty, name, industry, region, township = row[:6]
    return {
        "key": CaseKey(USCC(uscc), specialty),
        "name": name,
        "industry": industry,
        "region": region,
        "township": township,
    }


def publicity(
    view: View, on: pendulum.Date, *, authority: str | None = None, region: str | None = None
) -> list[ListEntry]:
    """In publicity on ``on``: its window includes the day and nothing ended it before."""
    where, params = _where(
        authority,
        region,
        "r.from_on <= ? AND r.complete_on >= ? AND (r.ended_on IS NULL OR r.ended_on > ?)",
        [iso(on)] * 3,
    )
    sql = (
        "SELECT "
        + _ENTERPRISE
        + ", r.level, r.from_on, r.complete_on, r.authority_id"
        + _FROM.format(table="rm_publicity")
        + where
        + " ORDER BY r.complete_on, e.uscc, e.specialty"
    )
    return [
        ListEntry(
            "publicity",
            **_head(row),
            level=Level(row[6]) if row[6] is not None else None,
            on=day(row[7]),  # type: ignore[arg-type]
            until=day(row[8]),
            authority=row[9],
        )
        for row in view.query(sql, params)
    ]


def announced(
    view: View,
    start: pendulum.Date,
    end: pendulum.Date,
    *,
    authority: str | None = None,
    region: str | None = None,
) -> list[ListEntry]:
    """Announced (公告) from ``start`` through ``end``, with the departments copied (抄送)."""
    where, params = _where(
        authority, region, "r.on_day >= ? AND r.on_day <= ?", [iso(start), iso(end)]
    )
    sql = (
        "SELECT "
        + _ENTERPRISE
        + ", r.level, r.on_day, r.valid_from, r.valid_until, r.copied_to, r.authority_id"
        + _FROM.format(table="rm_announced")
        + where
        + " ORDER BY r.on_day, e.uscc, e.specialty"
    )
    return [
        ListEntry(
            "announced",
            **_head(row),
            level=Level(row[6]),
            on=day(row[7]),  # type: ignore[arg-type]
            valid_from=day(row[8]),
            until=day(row[9]),
            copied_to=tuple(json.loads(row[10])),
            authority=row[11],
        )
        for row in view.query(sql, params)
    ]


def revoked(
    view: View,
    start: pendulum.Date,
    end: pendulum.Date,
    *,
    authority: str | None = None,
    region: str | None = None,
) -> list[ListEntry]:
    """Revoked (撤销) from ``start`` through ``end``, with the trigger and departments copied."""
    where, params = _where(
        authority, region, "r.on_day >= ? AND r.on_day <= ?", [iso(start), iso(end)]
    )
    sql = (
        "SELECT "
        + _ENTERPRISE
        + ", r.level, r.on_day, r.trigger_rule, r.copied_to, r.authority_id"
        + _FROM.format(table="rm_revoked")
        + where
        + " ORDER BY r.on_day, e.uscc, e.specialty"
    )
    return [
        ListEntry(
            "revoked",
            **_head(row),
            level=Level(row[6]) if row[6] is not None else None,
            on=day(row[7]),  # type: ignore[arg-type]
            until=None,
            trigger=row[8],
            copied_to=tuple(json.loads(row[9])),
            authority=row[10],
        )
        for row in view.query(sql, params)
    ]
