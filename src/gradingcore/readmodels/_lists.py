"""The ``lists`` view: what an authority publishes (公示, 公告, 撤销), one row per event.

A publicity (公示) runs from its first day through ``complete_on``; it ends early when the
application is decided or fails before then (an announcement, a not-passed notice, a
substantiated objection, a commitment found false). The enterprise's columns are its own
table, so a township recorded later shows on the rows published before it.
"""

from __future__ import annotations

import json
from typing import ClassVar

from gradingcore import events as ev
from gradingcore.readmodels._base import View, iso
from gradingcore.readmodels._storage import Cursor

_ENTERPRISE = "rm_lists_enterprise"


class ListsView(View):
    name = "lists"
    tables: ClassVar[tuple[str, ...]] = (
        _ENTERPRISE,
        "rm_publicity",
        "rm_announced",
        "rm_revoked",
    )
    ddl: ClassVar[tuple[str, ...]] = (
        f"CREATE TABLE IF NOT EXISTS {_ENTERPRISE} ("
        "case_id TEXT PRIMARY KEY, uscc TEXT NOT NULL, specialty TEXT NOT NULL, "
        "name TEXT NOT NULL, industry TEXT NOT NULL, region TEXT NOT NULL, township TEXT, "
        "applied_level INTEGER, level INTEGER, publicity_version INTEGER)",
        "CREATE TABLE IF NOT EXISTS rm_publicity ("
        "case_id TEXT NOT NULL, version INTEGER NOT NULL, level INTEGER NOT NULL, "
        "from_on TEXT NOT NULL, complete_on TEXT NOT NULL, ended_on TEXT, "
        "authority_id TEXT NOT NULL, authority_kind TEXT, PRIMARY KEY (case_id, version))",
        "CREATE TABLE IF NOT EXISTS rm_announced ("
        "case_id TEXT NOT NULL, version INTEGER NOT NULL, on_day TEXT NOT NULL, "
        "level INTEGER NOT NULL, valid_from TEXT NOT NULL, valid_until TEXT NOT NULL, "
        "copied_to TEXT NOT NULL, authority_id TEXT NOT NULL, authority_kind TEXT, "
        "PRIMARY KEY (case_id, version))",
        "CREATE TABLE IF NOT EXISTS rm_revoked ("
        "case_id TEXT NOT NULL, version INTEGER NOT NULL, on_day TEXT NOT NULL, "
        "level INTEGER, trigger_rule TEXT NOT NULL, copied_to TEXT NOT NULL, "
        "authority_id TEXT NOT NULL, authority_kind TEXT, PRIMARY KEY (case_id, version))",
    )

    def reset(self) -> None:
        # case id -> [uscc, specialty, name, industry, region, township, applied, level, publicity]
        self.enterprises: dict[str, list[object]] = {}
        self.changed: set[str] = set()
        self.publicity: list[tuple[object, ...]] = []
        self.ended: list[tuple[object, ...]] = []
        self.announced: list[tuple[object, ...]] = []
        self.revoked: list[tuple[object, ...]] = []

    def _enterprise(self, case_id: str) -> list[object]:
        found = self.enterprises.get(case_id)
        if found is None:
            rows = self.query(
                "SELECT uscc, specialty, name, industry, region, township, applied_level, "
                f"level, publicity_version FROM {_ENTERPRISE} WHERE case_id = ?",
                (case_id,),
            )
            found = list(rows[0]) if rows else ["", "", "", "", "", None, None, None, None]
            self.enterprises[case_id] = found
        return found

    def apply(self, event: ev.CaseEvent) -> None:
        if not isinstance(event, _WATCHED):
            return
        case_id = str(event.originator_id)
        if isinstance(event, ev.CaseOpened):
            e = event.enterprise
            row: list[object] = [str(event.key.uscc), event.key.specialty, e.name, e.industry]
            self.enterprises[case_id] = [*row, e.region, None, None, None, None]
            self.changed.add(case_id)
            return
        enterprise = self._enterprise(case_id)
        self.changed.add(case_id)
        who = (event.actor.id, str(event.actor.authority) if event.actor.authority else None)
        if isinstance(event, ev.TownshipRecorded):
            enterprise[5] = event.township
        elif isinstance(event, ev.Applied):
            enterprise[6] = int(event.level)
        elif isinstance(event, ev.Publicized):
            enterprise[8] = event.originator_version
            self.publicity.append(
                (
                    case_id,
                    event.originator_version,
                    enterprise[6],
                    iso(event.on),
                    iso(event.complete_on),
                    None,
                    *who,
                )
            )
            return
        elif isinstance(event, ev.Announced):
            enterprise[7] = int(event.level)
            copied = json.dumps(list(event.copied_to), ensure_ascii=False)
            self.announced.append(
                (
                    case_id,
                    event.originator_version,
                    iso(event.on),
                    int(event.level),
                    iso(event.valid_from),
                    iso(event.valid_until),
                    copied,
                    *who,
                )
            )
        elif isinstance(event, ev.Revoked):
            copied = json.dumps(list(event.copied_to), ensure_ascii=False)
            self.revoked.append(
                (
                    case_id,
                    event.originator_version,
                    iso(event.on),
                    enterprise[7],
                    event.trigger,
                    copied,
                    *who,
                )
            )
        ends = not isinstance(event, ev.ObjectionResolved) or event.substantiated
        if isinstance(event, _ENDS_PUBLICITY) and enterprise[8] is not None and ends:
            self.ended.append((iso(event.on), case_id, enterprise[8]))
            enterprise[8] = None

    def flush(self, cursor: Cursor) -> None:
        cursor.executemany(
            f"INSERT INTO {_ENTERPRISE} VALUES (?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (case_id) DO UPDATE SET township = excluded.township, "
            "applied_level = excluded.applied_level, level = excluded.level, "
            "publicity_version = excluded.publicity_version",
            [(c, *self.enterprises[c]) for c in sorted(self.changed)],
        )
        cursor.executemany("INSERT INTO rm_publicity VALUES (?,?,?,?,?,?,?,?)", self.publicity)
        cursor.executemany(
            "UPDATE rm_publicity SET ended_on = ? WHERE case_id = ? AND version = ?", self.ended
        )
        cursor.executemany("INSERT INTO rm_announced VALUES (?,?,?,?,?,?,?,?,?)", self.announced)
        cursor.executemany("INSERT INTO rm_revoked VALUES (?,?,?,?,?,?,?,?)", self.revoked)
        self.changed.clear()
        self.publicity, self.ended, self.announced, self.revoked = [], [], [], []
        if len(self.enterprises) > _CACHE_LIMIT:
            self.enterprises.clear()


_ENDS_PUBLICITY = (ev.Announced, ev.NotPassed, ev.ObjectionResolved, ev.CommitmentFoundFalse)
_WATCHED = (
    ev.CaseOpened,
    ev.TownshipRecorded,
    ev.Applied,
    ev.Publicized,
    ev.Revoked,
    *_ENDS_PUBLICITY,
)
_CACHE_LIMIT = 200_000

ListsView.watches = frozenset(_WATCHED)
