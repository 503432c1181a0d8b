"""The hash chain's bytes: RFC 8785 canonical JSON, encoded once, hashed and stored as they are."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path

import attrs
import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from gradingcore import EVENT_TYPES, GradingService, ManualClock, chain
from gradingcore.serialization import (
    from_state,
    full_state,
    read_state,
    sealed_row,
    to_state,
    write_state,
)
from gradingcore.simulation import simulate, simulation_service
from tests.case.harness import Case

#: JSON values as events hold them: text (any Unicode but lone surrogates), whole numbers,
#: booleans, null, lists and objects with ASCII keys.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1), inner, max_size=4)
    ),
    max_leaves=20,
)


def _events(tmp_path: Path) -> list[object]:
    clock = ManualClock("2024-01-02")
    case = Case(GradingService(str(tmp_path / "c.db"), clock=clock), clock)
    case.graded(2024)
    province = simulation_service("memory")
    simulate(province, enterprises=30, years=2, seed=5)
    events: list[object] = list(case.service.history(case.key))
    for case_id in province.case_ids():
        events += province.history(case_id)
    return events


class TestCanonicalBytes:
    @given(JSON)
    def test_equal_to_rfc8785_for_every_json_value_events_hold(self, value: object) -> None:
        """For strings, whole numbers, booleans, null, lists and objects with ASCII keys, our
        encoder gives RFC 8785's bytes (the ``rfc8785`` package)."""
        assert chain.canonical(value) == rfc8785.dumps(value)

    def test_equal_to_rfc8785_for_every_event_recorded(self, tmp_path: Path) -> None:
        """Every event of a graded case and of a small simulated province: same bytes."""
        events = _events(tmp_path)
        assert len({type(e) for e in events}) > 10
        for event in events:
            state = full_state(event)  # type: ignore[arg-type]
            assert chain.canonical(state) == rfc8785.dumps(state), type(event).__name__

    def test_the_compiled_writer_and_reader_are_cattrs_exactly(self, tmp_path: Path) -> None:
        """The compiled write and read paths give what cattrs gives, for every event recorded,
        and reading back what was written gives the event itself."""
        for event in _events(tmp_path):
            written = write_state(event)
            assert written == to_state(event), type(event).__name__
            assert read_state(type(event), dict(written)) == event
            assert from_state(type(event), dict(written)) == event

    def test_no_event_field_can_hold_a_float(self) -> None:
        """RFC 8785 writes numbers as ECMAScript does, which differs from Python for some
        floats: no event field, however nested, is a float (amounts are Decimal, as text)."""

        def floats(tp: object, seen: set[object]) -> bool:
            if tp is float:
                return True
            if attrs.has(tp) and tp not in seen:  # type: ignore[arg-type]
                seen.add(tp)
                hints = typing.get_type_hints(tp)  # type: ignore[arg-type]
                return any(floats(h, seen) for h in hints.values())
            args = typing.get_args(tp)
            if isinstance(tp, types.UnionType) or args:
                return any(floats(a, seen) for a in args)
            return False

        assert not [cls.__name__ for cls in EVENT_TYPES if floats(cls, set())]


#: Beyond what events hold: any whole number (orjson reads one beyond 64 bits as a float).
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT | st.from_regex(r"\A[0-9]{15,25}\Z"),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


class TestParse:
    """``chain.parse`` reads stored bytes as the standard library does, only faster."""

    @given(ANY_JSON)
    def test_what_the_standard_library_reads(self, value: object) -> None:
        data = chain.canonical(value)
        parsed = chain.parse(data)
        assert parsed == value
        # Types and key order too: 2**64 stays an int, never 1.8446744073709552e+19.
        assert repr(parsed) == repr(json.loads(data))

    def test_whole_numbers_at_the_edges_of_64_bits_stay_exact(self) -> None:
        # 18 digits (10**18 - 1) is read by orjson, 19 and more by the standard decoder.
        edges = (10**18 - 1, 10**18, 2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63) - 1)
        for number in edges:
            [parsed] = chain.parse(f"[{number}]".encode())
            assert type(parsed) is int, number
            assert parsed == number

    def test_what_orjson_refuses_reads_or_fails_as_before(self) -> None:
        nan = chain.parse(b"[NaN]")[0]
        assert nan != nan  # the standard decoder's float('nan')
        for broken, error in ((b'{"a":', json.JSONDecodeError), (b"\xff", UnicodeDecodeError)):
            with pytest.raises(error):
                chain.parse(broken)


class TestSeal:
    def test_the_stored_bytes_are_the_hashed_bytes_with_the_digest(self, tmp_path: Path) -> None:
        """One encoding: the row holds the canonical state, the digest in it, the id and version
        out (they are columns); the digest is over the state without itself."""
        for event in _events(tmp_path)[:40]:
            unsealed = attrs.evolve(event, digest="", previous_hash="")  # type: ignore[misc]
            sealed, row = sealed_row(unsealed, "ab" * 32)
            stored = json.loads(row.state)
            assert stored["digest"] == sealed.digest
            assert stored["previous_hash"] == "ab" * 32
            assert "originator_id" not in stored
            assert "originator_version" not in stored
            assert row.state == rfc8785.dumps(stored)
            full = {**stored, "originator_id": str(event.originator_id)}  # type: ignore[attr-defined]
            full["originator_version"] = row.originator_version
            assert chain.digest_state(row.topic, full) == sealed.digest
            assert to_state(sealed) == {
                **to_state(unsealed),
                **{"digest": sealed.digest, "previous_hash": "ab" * 32},
            }

    def test_an_edited_byte_breaks_the_digest(self) -> None:
        """verify_link names an edited row and a broken link (as messages, in either language),
        and passes a good one."""
        state = {"originator_id": "x", "originator_version": 1, "previous_hash": "", "on": "2024"}
        digest, stored = chain.seal("t:T", state)
        assert json.loads(stored)["digest"] == digest
        good = {**json.loads(stored), "originator_id": "x", "originator_version": 1}
        assert chain.verify_link("t:T", good, "") == []
        edited = {**good, "on": "2025"}
        assert [p.render("en") for p in chain.verify_link("t:T", edited, "")] == [
            "content does not match its digest (edited)"
        ]
        assert [p.render("zh") for p in chain.verify_link("t:T", good, "other")] == [
            "未链接到前一事件（被删除、插入或重排）"
        ]
