"""The ``cases`` view: every case's folded state, with the columns a registry filters on.

The registry (企业台账), the deadline board and the targets read it. A case's status and its
open obligations depend on the day asked about, so they are not stored: each query calls the
same rules as the per-case view (:func:`gradingcore.views.view`) on the stored state. The state
is folded by :func:`gradingcore.state.evolve`, the fold the aggregate itself uses.
"""

from __future__ import annotations

import copyreg
import io
import pickle
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter, itemgetter
from typing import Any, ClassVar
from uuid import UUID

import attrs

from gradingcore import events as ev
from gradingcore.readmodels._base import View, iso
from gradingcore.readmodels._storage import Cursor
from gradingcore.state import CaseState, compiled_maker, evolve

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


class StateWriter:
    """Pickles states one after another with one pickler, its memo cleared between them.

    pickle, not JSON: the view writes a state per changed case and batch, and pickle is the one
    encoding fast enough for the catch-up target (decision 0038). Our attrs classes are written
    as their class and field values in order (decision 0067): half the bytes of attrs' own
    name-to-value pickles, in about two thirds of the time.
    """

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._pickler = pickle.Pickler(self._out, protocol=pickle.HIGHEST_PROTOCOL)
        self._pickler.dispatch_table = _DISPATCH

    def __call__(self, state: CaseState) -> bytes:
        self._out.seek(0)
        self._out.truncate()
        self._pickler.clear_memo()
        self._pickler.dump(state)
        return self._out.getvalue()


def dump_state(state: CaseState) -> bytes:
    return StateWriter()(state)


def load_state(blob: bytes | memoryview) -> CaseState:
    state = _StateUnpickler(io.BytesIO(bytes(blob))).load()
    if not isinstance(state, CaseState):
        msg = f"a stored case state is a {type(state).__name__}"
        raise pickle.UnpicklingError(msg)
    return state


def _build(cls: type, values: tuple[Any, ...]) -> Any:
    """An instance of one of our attrs classes from its field values in order, set without
    ``__init__`` (as attrs' own unpickling does: converters and validators ran when it was
    made)."""
    found = _BUILDERS.get(cls)
    if found is None:
        if not attrs.has(cls):
            msg = f"a stored case state may not build a {cls.__name__}"
            raise pickle.UnpicklingError(msg)
        found = _BUILDERS[cls] = (_builder(cls), len(attrs.fields(cls)))
    build, fields = found
    if len(values) != fields:
        # Written before the class changed: `gradingcore views rebuild cases` writes it again.
        msg = f"a stored {cls.__name__} has {len(values)} fields, not {fields}"
        raise pickle.UnpicklingError(msg)
    return build(values)


def _builder(cls: type) -> Callable[[tuple[Any, ...]], Any]:
    """A function making an instance of ``cls`` from its field values, compiled once per class:
    a registry over a province reads every stored state back."""
    return compiled_maker(cls, lambda i, _name: f"src[{i}]")


def _reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = tuple(f.name for f in attrs.fields(cls))
    values = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (_build, (cls, (values(obj),)))
    return lambda obj: (_build, (cls, values(obj)))


def _state_classes() -> set[type]:
    """The attrs classes a case state is made of (the field types of CaseState, recursively)."""
    found: set[type] = set()

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and attrs.has(tp):
            if tp in found:
                return
            found.add(tp)
            for field in attrs.fields(attrs.resolve_types(tp)):
                visit(field.type)
        for arg in typing.get_args(tp):
            visit(arg)

    visit(CaseState)
    return found


_BUILDERS: dict[type, tuple[Callable[[tuple[Any, ...]], Any], int]] = {}
_DISPATCH = {**copyreg.dispatch_table, **{cls: _reducer(cls) for cls in _state_classes()}}


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
        # Keyed by the case id's integer: a UUID hashes and compares in Python, twice an event.
        self.states: dict[int, CaseState] = {}  # as committed (a cache of the table)
        self.changed: dict[int, CaseState] = {}  # folded since the last commit

    def apply(self, event: ev.CaseEvent) -> None:
        self._fold((event,))

    def process_page(self, page: Sequence[tuple[int, Any]]) -> None:
        self._fold(map(_EVENT, page))
        self._last_id = page[-1][0]
        self.pending += len(page)

    def _fold(self, events: Iterable[ev.CaseEvent]) -> None:
        # The fold of every event of the log: one loop, its names at hand.
        states, changed, fold, opened = self.states, self.changed, evolve, ev.CaseOpened
        for event in events:
            case_id = event.originator_id.int
            state = changed.get(case_id)
            if state is None:
                state = states.get(case_id)
                if state is None and type(event) is not opened:
                    state = self._stored(event.originator_id)
            changed[case_id] = fold(state, event)

    def _stored(self, case_id: UUID) -> CaseState | None:
        rows = self.query("SELECT state FROM rm_cases WHERE case_id = ?", (str(case_id),))
        return load_state(rows[0][0]) if rows else None

    def flush(self, cursor: Cursor) -> None:
        rows, dump_state = [], StateWriter()
        for case_id, s in self.changed.items():
            g = s.grading
            rows.append(
                (
                    str(UUID(int=case_id)),
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
        rows.sort(key=itemgetter(0))  # one order of writes, whatever order the events came in
        cursor.executemany(
            "INSERT INTO rm_cases VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (case_id) DO UPDATE SET township = excluded.township, "
            "level = excluded.level, valid_from = excluded.valid_from, "
            "valid_until = excluded.valid_until, revoked_on = excluded.revoked_on, "
            "version = excluded.version, state = excluded.state",
            rows,
        )
        if len(self.states) + len(self.changed) > _CACHE_LIMIT:
            self.states.clear()  # written: a later event reads its case back from the table
        self.states.update(self.changed)
        self.changed.clear()

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


_EVENT = itemgetter(1)
#: States kept in memory between commits (a catch-up of a province keeps them all).
_CACHE_LIMIT = 200_000
