"""The ``cases`` view: every case's folded state, with the columns a registry filters on.

The registry (企业台账), the deadline board and the targets read it. A case's status and its
open obligations depend on the day asked about, so they are not stored: each query calls the
same rules as the per-case view (:func:`gradingcore.views.view`) on the stored state. The state
is folded by :func:`gradingcore.state.evolve`, the fold the aggregate itself uses.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterator
from typing import Any, ClassVar
from uuid import UUID

from gradingcore import events as ev
from gradingcore.readmodels._base import View, iso
from gradingcore.readmodels._storage import Cursor
from gradingcore.state import CaseState, evolve

#: Modules whose classes a stored state may hold; anything else is refused when read back.
_ALLOWED_MODULES = ("gradingcore.", "pendulum", "decimal", "datetime", "uuid", "enum")
_ALLOWED_BUILTINS = frozenset({"frozenset", "set", "dict", "tuple", "list", "getattr"})


class _StateUnpickler(pickle.Unpickler):
    """Python's "restricting globals" pattern: a stored state names only our value classes."""

    def find_class(self, module: str, name: str) -> Any:
        if (
            module.startswith(_ALLOWED_MODULES)
            or module == "gradingcore"  # the public names are pickled under the package
            or module in ("copyreg", "_codecs")
            or (module == "builtins" and name in _ALLOWED_BUILTINS)
        ):
            return super().find_class(module, name)
        msg = f"a stored case state may not name {module}.{name}"
        raise pickle.UnpicklingError(msg)


def dump_state(state: CaseState) -> bytes:
    # pickle, not JSON: the view writes a state per changed case and batch, and pickle is the
    # one encoding fast enough for the catch-up target (decision 0038).
    return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def load_state(blob: bytes | memoryview) -> CaseState:
    state = _StateUnpickler(io.BytesIO(bytes(blob))).load()
    if not isinstance(state, CaseState):
        msg = f"a stored case state is a {type(state).__name__}"
        raise pickle.UnpicklingError(msg)
    return state


class CasesView(View):
    name = "cases"
    tables: ClassVar[tuple[str, ...]] = ("rm_cases",)
    ddl: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS rm_cases ("
        "case_id TEXT PRIMARY KEY, uscc TEXT NOT NULL, specialty TEXT NOT NULL, "
        "name TEXT NOT NULL, industry TEXT NOT NULL, region TEXT NOT NULL, township TEXT, "
        "above_size INTEGER NOT NULL, level INTEGER, valid_from TEXT, valid_until TEXT, "
        "revoked_on TEXT, version INTEGER NOT NULL, state BLOB NOT NULL)",
        "CREATE INDEX IF NOT EXISTS rm_cases_region ON rm_cases (region)",
    )

    def reset(self) -> None:
        self.states: dict[UUID, CaseState] = {}
        self.dirty: set[UUID] = set()

    def apply(self, event: ev.CaseEvent) -> None:
        case_id = event.originator_id
        state = self.states.get(case_id)
        if state is None and not isinstance(event, ev.CaseOpened):
            state = self._stored(case_id)
        self.states[case_id] = evolve(state, event)
        self.dirty.add(case_id)

    def _stored(self, case_id: UUID) -> CaseState | None:
        rows = self.query("SELECT state FROM rm_cases WHERE case_id = ?", (str(case_id),))
        return load_state(rows[0][0]) if rows else None

    def flush(self, cursor: Cursor) -> None:
        rows = []
        for case_id in sorted(self.dirty):
            s = self.states[case_id]
            g = s.grading
            rows.append(
                (
                    str(case_id),
                    str(s.key.uscc),
                    s.key.specialty,
                    s.enterprise.name,
                    s.enterprise.industry,
                    s.enterprise.region or s.key.uscc.region,
                    s.township,
                    int(s.enterprise.above_designated_size),
                    int(g.level) if g else None,
                    iso(g.valid_from) if g else None,
                    iso(g.valid_until) if g else None,
                    iso(g.revoked_on) if g else None,
                    s.version,
                    dump_state(s),
                )
            )
        cursor.executemany(
            "INSERT INTO rm_cases VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (case_id) DO UPDATE SET township = excluded.township, "
            "level = excluded.level, valid_from = excluded.valid_from, "
            "valid_until = excluded.valid_until, revoked_on = excluded.revoked_on, "
            "version = excluded.version, state = excluded.state",
            rows,
        )
        self.dirty.clear()
        if len(self.states) > _CACHE_LIMIT:
            self.states.clear()  # written: a later event reads its case back from the table

    def stored_states(
        self,
        *,
        region_like: str = "%",
        industry: str | None = None,
        township: str | None = None,
    ) -> Iterator[CaseState]:
        """The states of the cases in a region (a LIKE pattern), industry and township."""
        sql = "SELECT state FROM rm_cases WHERE region LIKE ?"
        params: list[Any] = [region_like]
        if industry:
            sql += " AND industry = ?"
            params.append(industry)
        if township:
            sql += " AND township = ?"
            params.append(township)
        for (blob,) in self.query(sql + " ORDER BY uscc, specialty", params):
            yield load_state(blob)


#: States kept in memory between commits (a catch-up of a province keeps them all).
_CACHE_LIMIT = 200_000
