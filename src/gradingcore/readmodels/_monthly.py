"""The ``monthly`` view: what the monthly form (月度报表) and the quarterly ranking count.

One row per announcement (完成: announced on that day, at that level) and one per application
that passed intake (正在评审 from the day it was accepted, or resubmitted after a correction,
until the day it was decided: announced, not passed, rejected or terminated).
"""

from __future__ import annotations

from typing import ClassVar

from gradingcore import events as ev
from gradingcore.readmodels._base import View, iso
from gradingcore.readmodels._storage import Cursor

_ENTERPRISE = "rm_monthly_enterprise"


class MonthlyView(View):
    name = "monthly"
    tables: ClassVar[tuple[str, ...]] = (_ENTERPRISE, "rm_monthly_review", "rm_monthly_done")
    ddl: ClassVar[tuple[str, ...]] = (
        f"CREATE TABLE IF NOT EXISTS {_ENTERPRISE} ("
        "case_id TEXT PRIMARY KEY, industry TEXT NOT NULL, region TEXT NOT NULL, "
        "township TEXT, applied_version INTEGER, applied_level INTEGER, intake_on TEXT)",
        "CREATE TABLE IF NOT EXISTS rm_monthly_review ("
        "case_id TEXT NOT NULL, applied_version INTEGER NOT NULL, level INTEGER NOT NULL, "
        "intake_on TEXT NOT NULL, closed_on TEXT, PRIMARY KEY (case_id, applied_version))",
        "CREATE TABLE IF NOT EXISTS rm_monthly_done ("
        "case_id TEXT NOT NULL, version INTEGER NOT NULL, on_day TEXT NOT NULL, "
        "level INTEGER NOT NULL, PRIMARY KEY (case_id, version))",
    )

    def reset(self) -> None:
        # case id -> [industry, region, township, applied version, applied level, intake on]
        self.enterprises: dict[str, list[object]] = {}
        self.changed: set[str] = set()
        self.intakes: list[tuple[object, ...]] = []
        self.closed: list[tuple[object, ...]] = []
        self.done: list[tuple[object, ...]] = []

    def _enterprise(self, case_id: str) -> list[object]:
        found = self.enterprises.get(case_id)
        if found is None:
            rows = self.query(
                "SELECT industry, region, township, applied_version, applied_level, intake_on "
                f"FROM {_ENTERPRISE} WHERE case_id = ?",
                (case_id,),
            )
            found = list(rows[0]) if rows else ["", "", None, None, None, None]
            self.enterprises[case_id] = found
        return found

    def apply(self, event: ev.CaseEvent) -> None:
        if not isinstance(event, _WATCHED):
            return
        case_id = str(event.originator_id)
        if isinstance(event, ev.CaseOpened):
            e = event.enterprise
            self.enterprises[case_id] = [e.industry, e.region, None, None, None, None]
            self.changed.add(case_id)
            return
        row = self._enterprise(case_id)
        self.changed.add(case_id)
        if isinstance(event, ev.TownshipRecorded):
            row[2] = event.township
        elif isinstance(event, ev.Applied):
            row[3:6] = [event.originator_version, int(event.level), None]
        elif isinstance(event, ev.ApplicationAccepted | ev.Resubmitted):
            if row[3] is not None and row[5] is None:
                row[5] = iso(event.on)
                self.intakes.append((case_id, row[3], row[4], row[5], None))
        else:
            if isinstance(event, ev.Announced):
                self.done.append((case_id, event.originator_version, iso(event.on), event.level))
            if row[3] is not None:
                if row[5] is not None:
                    self.closed.append((iso(event.on), case_id, row[3]))
                row[3:6] = [None, None, None]

    def flush(self, cursor: Cursor) -> None:
        cursor.executemany(
            f"INSERT INTO {_ENTERPRISE} VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT (case_id) DO UPDATE SET township = excluded.township, "
            "applied_version = excluded.applied_version, "
            "applied_level = excluded.applied_level, intake_on = excluded.intake_on",
            [(c, *self.enterprises[c]) for c in sorted(self.changed)],
        )
        cursor.executemany("INSERT INTO rm_monthly_review VALUES (?,?,?,?,?)", self.intakes)
        cursor.executemany(
            "UPDATE rm_monthly_review SET closed_on = ? WHERE case_id = ? AND applied_version = ?",
            self.closed,
        )
        cursor.executemany(
            "INSERT INTO rm_monthly_done VALUES (?,?,?,?)",
            [(c, v, d, int(lv)) for c, v, d, lv in self.done],  # type: ignore[call-overload]
        )
        self.changed.clear()
        self.intakes, self.closed, self.done = [], [], []
        if len(self.enterprises) > _CACHE_LIMIT:
            self.enterprises.clear()


#: The events that decide an application (it is no longer under review from that day).
_DECIDES = (ev.Announced, ev.NotPassed, ev.ApplicationRejected, ev.CommitmentFoundFalse)
_WATCHED = (
    ev.CaseOpened,
    ev.TownshipRecorded,
    ev.Applied,
    ev.ApplicationAccepted,
    ev.Resubmitted,
    *_DECIDES,
)
_CACHE_LIMIT = 200_000

MonthlyView.watches = frozenset(_WATCHED)
