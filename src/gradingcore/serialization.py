"""The store's converter: attrs events and pendulum dates to JSON and back, exactly.

eventsourcing's default mapper calls ``vars()`` and its JSON transcoder matches exact types; both
fail on slotted attrs classes and pendulum types. So events go through a private cattrs
converter behind a :class:`~eventsourcing.persistence.Mapper` of our own. The canonical JSON
(:mod:`gradingcore.chain`) is encoded once, hashed for the chain and stored as it is, so an
auditor verifies a stored row as it is.
"""

from __future__ import annotations

import collections.abc
import enum
import types
import typing
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

import attrs
import cattrs
import pendulum
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic

from gradingcore import chain
from gradingcore import events as ev
from gradingcore.chain import canonical, digest_state
from gradingcore.errors import GradingError, Unconvertible, placed_reasons, reason_of
from gradingcore.i18n import msg
from gradingcore.keys import ChainKey
from gradingcore.topics import own_class


class SerializationError(GradingError):
    """An event could not be turned into stored data or back; names the type and the field."""


def _make_converter() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_unstructure_hook(pendulum.Date, lambda d: d.isoformat())
    c.register_structure_hook(pendulum.Date, lambda v, _: _date(v))
    c.register_unstructure_hook(datetime, lambda d: d.isoformat())
    c.register_structure_hook(datetime, lambda v, _: datetime.fromisoformat(v))
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook(Decimal, lambda v, _: Decimal(v))
    c.register_unstructure_hook(UUID, str)
    c.register_structure_hook(UUID, lambda v, _: v if isinstance(v, UUID) else UUID(v))
    c.register_unstructure_hook(frozenset, lambda s: sorted(s))
    return c


def _date(value: Any) -> pendulum.Date:
    if isinstance(value, str):
        return pendulum.Date.fromisoformat(value)
    raise Unconvertible(msg("expected an ISO date string, got {value}", value=repr(value)))


T = TypeVar("T")
S = TypeVar("S", bound=Any)  # an attrs event class with the chain fields

#: The one converter of the event store. Never cattrs' global converter.
converter = _make_converter()


def to_state(event: Any) -> dict[str, Any]:
    """An event (or a snapshot) as plain JSON-ready data, every field included."""
    try:
        return converter.unstructure(event)  # type: ignore[no-any-return]
    except Exception as error:
        raise SerializationError(
            msg("cannot serialize {kind}: {error}", kind=type(event).__name__, error=str(error))
        ) from error


def from_state(cls: type[T], state: dict[str, Any]) -> T:
    """An event (or a snapshot) from plain data; a bad field is named in the error."""
    try:
        return converter.structure(state, cls)
    except cattrs.BaseValidationError as error:
        where = placed_reasons(error, cls.__name__)
        raise SerializationError(
            msg("cannot read {kind}: {problem}", kind=cls.__name__, problem=where)
        ) from None
    except (TypeError, ValueError, GradingError) as error:
        raise SerializationError(
            msg("cannot read {kind}: {problem}", kind=cls.__name__, problem=reason_of(error))
        ) from None


def digest(event: ev.CaseEvent) -> str:
    """The chain digest of an event as it is (its own ``digest`` field left out)."""
    return digest_state(get_topic(type(event)), to_state(event))


def full_state(event: Any) -> dict[str, Any]:
    """An event's state as the chain hashes it: every field, and ``class_version`` when it is
    above 1 (the stored row says which version of the class wrote it)."""
    state = write_state(event)
    class_version = getattr(type(event), "class_version", 1)
    if class_version > 1:
        state["class_version"] = class_version
    return state


def _sealed(event: S, previous_hash: str, digest: str) -> S:
    """The event with its chain fields (a copy: events are frozen; the other fields are already
    of their types, so the copy skips ``__init__`` and its converters)."""
    cls = type(event)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in attrs.fields(cls))
    copy: S = object.__new__(cls)
    setattr_ = object.__setattr__
    for name in names:
        setattr_(copy, name, getattr(event, name))
    setattr_(copy, "previous_hash", previous_hash)
    setattr_(copy, "digest", digest)
    return copy


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def sealed_row(event: S, previous_hash: str, key: ChainKey | None = None) -> tuple[S, StoredEvent]:
    """A newly decided event chained to ``previous_hash``, and its row: the state encoded once,
    hashed (keyed with ``key``) and stored as it is (:func:`gradingcore.chain.seal`). Any event
    class with the chain fields: a grading case's, or a campaign record's."""
    topic = get_topic(type(event))
    state = full_state(event)
    state["previous_hash"] = previous_hash
    hashed, data = chain.seal(topic, state, key)
    sealed = _sealed(event, previous_hash, hashed)
    row = StoredEvent(
        originator_id=event.originator_id,
        originator_version=event.originator_version,
        topic=topic,
        state=data,
    )
    return sealed, row


def to_row(event: Any) -> StoredEvent:
    """An already sealed event (or a snapshot, an index entry) as a row, uncompressed."""
    state = full_state(event)
    return StoredEvent(
        originator_id=event.originator_id,
        originator_version=state["originator_version"],
        topic=get_topic(type(event)),
        state=chain.stored_bytes(state),
    )


def from_row(row: StoredEvent, state: dict[str, Any] | None = None) -> Any:
    """The event a row holds (``state``: its JSON already decoded), upcast to its class's
    current version."""
    cls = own_class(row.topic)
    if cls is None:
        raise SerializationError(
            msg(
                "stored row names {topic}, not one of gradingcore's classes: not read",
                topic=repr(row.topic),
            )
        )
    if state is None:
        state = chain.parse(row.state)
    if "class_version" in state or getattr(cls, "class_version", 1) > 1:
        from_version = state.pop("class_version", 1)
        while from_version < getattr(cls, "class_version", 1):
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
    state["originator_id"] = row.originator_id
    state["originator_version"] = row.originator_version
    return read_state(cls, state)


class EventMapper(Mapper[UUID]):
    """eventsourcing's Mapper with the cattrs converter in place of ``vars()`` and the
    transcoder. Compression and encryption, when configured, still apply."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        return self.protect(to_row(domain_event))

    def protect(self, row: StoredEvent) -> StoredEvent:
        """The row compressed and encrypted, when the store is configured so."""
        if not (self.compressor or self.cipher):
            return row
        data = row.state
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(row.originator_id, row.originator_version, row.topic, data)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        if self.cipher or self.compressor:
            return from_row(stored_event, self.decode(stored_event))
        try:  # the plain store's path, without the layers above (the log is read this way)
            state = chain.parse(stored_event.state)
        except Exception:
            state = self.decode(stored_event)  # its error names the row
        return from_row(stored_event, state)

    def plain(self, stored_event: StoredEvent) -> bytes:
        """The stored bytes of a row's state, decrypted and decompressed."""
        data = stored_event.state
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        return data

    def decode(self, stored_event: StoredEvent) -> dict[str, Any]:
        """The stored JSON state of a row, decrypted and decompressed (for verification)."""
        try:
            return chain.parse(self.plain(stored_event))  # type: ignore[no-any-return]
        except Exception as error:
            msg = (
                f"cannot decode stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {error}"
            )
            raise MapperDeserialisationError(msg) from error


__all__ = [
    "EventMapper",
    "SerializationError",
    "canonical",
    "converter",
    "digest",
    "digest_state",
    "from_row",
    "from_state",
    "full_state",
    "read_state",
    "sealed_row",
    "to_row",
    "to_state",
    "write_state",
]


# --- the read path, compiled -------------------------------------------------------------------
#
# Decoding through cattrs costs several times what decoding the JSON does: it dispatches on
# every field's type on every row. Rows hold only what ``to_state`` wrote, so each class's
# reader is compiled once from its fields' types into plain functions, and small value objects
# that repeat on every row (dates, actors, policy references, keys) are shared, not rebuilt:
# they are frozen, so sharing them is safe. Anything the compiled reader does not expect falls
# back to cattrs, whose error names the field (tests/case/test_serialization.py).

_Reader = Callable[[Any], Any]
_READERS: dict[Any, _Reader] = {}
_SHARED_MAX = 200_000


def _identity(value: Any) -> Any:
    return value


def _read_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _read_date(value: Any) -> pendulum.Date:
    found = _DATES.get(value)
    if found is None:
        if len(_DATES) > _SHARED_MAX:
            _DATES.clear()
        found = _DATES[value] = _date(value)
    return found


#: Dates by their ISO text, shared by every row that names them (a day repeats on many rows).
_DATES: dict[Any, pendulum.Date] = {}


def _reader(tp: Any) -> _Reader:
    """The compiled reader of values of type ``tp`` as ``to_state`` writes them."""
    found = _READERS.get(tp)
    if found is None:
        found = _READERS[tp] = _compile(tp)
    return found


def _compile(tp: Any) -> _Reader:
    if tp in (str, int, bool, Any):
        return _identity
    if tp is pendulum.Date:
        return _read_date
    if tp is datetime:
        return datetime.fromisoformat
    if tp is Decimal:
        return Decimal
    if tp is UUID:
        return _read_uuid
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = {m.value: m for m in tp}
        return members.__getitem__
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            inner = _reader(others[0])
            return lambda v: None if v is None else inner(v)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0])
        if item is _identity:
            return tuple
        return lambda v: tuple([item(x) for x in v])
    if origin in (frozenset,) and args:
        item = _reader(args[0])
        return lambda v: frozenset(item(x) for x in v)
    if origin in (dict, collections.abc.Mapping) and len(args) == 2 and args[0] is str:
        item = _reader(args[1])
        return (
            (lambda v: dict(v))
            if item is _identity
            else (lambda v: {k: item(x) for k, x in v.items()})
        )
    if attrs.has(tp):
        return _compile_class(tp)
    raise TypeError(f"no compiled reader for {tp!r}")  # the caller falls back to cattrs


def _compile_class(cls: type) -> _Reader:
    """A reader that builds ``cls`` from its state without going through ``__init__``: the
    values are already of their field's type (the converters would give them back as they
    are), and what is stored was validated when it was made."""
    attrs.resolve_types(cls)
    hints = {f.name: f.type for f in attrs.fields(cls)}
    names = frozenset(f.name for f in attrs.fields(cls))
    env: dict[str, Any] = {"new": object.__new__, "cls": cls, "names": names}
    body = [
        "def build(v):",
        "    if not names.issuperset(v):",
        "        raise KeyError(sorted(set(v) - names))",
        "    o = new(cls)",
    ]
    for n, f in enumerate(attrs.fields(cls)):
        read = _reader(hints[f.name])
        slot = next(k.__dict__[f.name] for k in cls.__mro__ if f.name in k.__dict__)
        env[f"set{n}"] = slot.__set__  # the slot itself: frozen, but ours to fill
        if f.default is attrs.NOTHING:
            got = f"v[{f.name!r}]"
        elif isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]
            env[f"factory{n}"] = f.default.factory
            got = f"(v[{f.name!r}] if {f.name!r} in v else factory{n}())"
        else:
            env[f"default{n}"] = f.default
            got = f"v.get({f.name!r}, default{n})"
        if read is _identity:
            body.append(f"    set{n}(o, {got})")
        else:
            env[f"read{n}"] = read
            missing = "" if f.default is attrs.NOTHING else f" if {f.name!r} in v else {got}"
            body.append(
                f"    set{n}(o, read{n}(v[{f.name!r}]){missing})"
                if missing
                else f"    set{n}(o, read{n}({got}))"
            )
    body.append("    return o")
    exec("\n".join(body), env)
    build: _Reader = env["build"]
    scalar = all(_is_scalar(hints[f.name]) for f in attrs.fields(cls))
    if scalar:  # a small value object: the same fields give the very same object
        memo: dict[tuple[Any, ...], Any] = {}

        def shared(value: Any) -> Any:
            key = tuple(value.items())
            found = memo.get(key)
            if found is None:
                if len(memo) > _SHARED_MAX:
                    memo.clear()
                found = memo[key] = build(value)
            return found

        return shared
    return build


def _is_scalar(tp: Any) -> bool:
    if tp in (str, int, bool, type(None)) or tp is pendulum.Date:
        return True
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return True
    args = typing.get_args(tp)
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and all(map(_is_scalar, args))


def read_state(cls: type[T], state: dict[str, Any]) -> T:
    """An event (or any stored object) from its state: the compiled reader, or cattrs (with
    its error naming the field) when the state is not what the reader expects."""
    try:
        return _reader(cls)(state)  # type: ignore[no-any-return]
    except Exception:
        return from_state(cls, state)


# --- the write path, compiled ------------------------------------------------------------------
#
# The mirror of the readers: each class's state is written by a function compiled once from its
# fields' types, giving what cattrs' unstructure gives (tests/chain/test_chain.py compares them
# for every event a province records), and falling back to cattrs for anything unexpected.

_WRITERS: dict[Any, _Reader] = {}


def _writer(tp: Any) -> _Reader:
    found = _WRITERS.get(tp)
    if found is None:
        found = _WRITERS[tp] = _compile_writer(tp)
    return found


def _iso(value: Any) -> str:
    return value.isoformat()  # type: ignore[no-any-return]


def _compile_writer(tp: Any) -> _Reader:
    if tp in (str, int, bool):
        return _identity
    if tp is pendulum.Date or tp is datetime:
        return _iso
    if tp in (Decimal, UUID):
        return str
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _identity  # str and int enums: equal to their values, and JSON writes them so
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            inner = _writer(others[0])
            return inner if inner is _identity else (lambda v: None if v is None else inner(v))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _writer(args[0])
        return list if item is _identity else (lambda v: [item(x) for x in v])
    if attrs.has(tp):
        return _compile_writer_class(tp)
    raise TypeError(f"no compiled writer for {tp!r}")  # the caller falls back to cattrs


def _compile_writer_class(cls: type) -> _Reader:
    attrs.resolve_types(cls)
    env: dict[str, Any] = {}
    items = []
    for n, f in enumerate(attrs.fields(cls)):
        write = _writer(f.type)
        if write is _identity:
            items.append(f"{f.name!r}: o.{f.name}")
        else:
            env[f"w{n}"] = write
            items.append(f"{f.name!r}: w{n}(o.{f.name})")
    source = "def write(o):\n    return {" + ", ".join(items) + "}\n"
    exec(source, env)
    return env["write"]  # type: ignore[no-any-return]


def write_state(obj: Any) -> dict[str, Any]:
    """``to_state`` through the compiled writer of the object's class (cattrs if it has none)."""
    try:
        return _writer(type(obj))(obj)  # type: ignore[no-any-return]
    except Exception:
        return to_state(obj)
