"""The store's converter: attrs events and pendulum dates to JSON and back, exactly.

eventsourcing's default mapper calls ``vars()`` and its JSON transcoder matches exact types; both
fail on slotted attrs classes and pendulum types. So events go through a private cattrs
converter behind a :class:`~eventsourcing.persistence.Mapper` of our own. The canonical JSON
(:mod:`gradingcore.chain`) is encoded once, hashed for the chain and stored as it is, so an
auditor verifies a stored row as it is.
"""

from __future__ import annotations

import json
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
from gradingcore.errors import GradingError
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
    c.register_structure_hook(UUID, lambda v, _: UUID(v))
    c.register_unstructure_hook(frozenset, lambda s: sorted(s))
    return c


def _date(value: Any) -> pendulum.Date:
    if isinstance(value, str):
        return pendulum.Date.fromisoformat(value)
    msg = f"expected an ISO date string, got {value!r}"
    raise TypeError(msg)


T = TypeVar("T")

#: The one converter of the event store. Never cattrs' global converter.
converter = _make_converter()


def to_state(event: Any) -> dict[str, Any]:
    """An event (or a snapshot) as plain JSON-ready data, every field included."""
    try:
        return converter.unstructure(event)  # type: ignore[no-any-return]
    except Exception as error:
        raise SerializationError(f"cannot serialize {type(event).__name__}: {error}") from error


def from_state(cls: type[T], state: dict[str, Any]) -> T:
    """An event (or a snapshot) from plain data; a bad field is named in the error."""
    try:
        return converter.structure(state, cls)
    except cattrs.BaseValidationError as error:
        where = "; ".join(cattrs.transform_error(error, path=cls.__name__))
        raise SerializationError(f"cannot read {cls.__name__}: {where}") from None
    except (TypeError, ValueError, GradingError) as error:
        raise SerializationError(f"cannot read {cls.__name__}: {error}") from None


def digest(event: ev.CaseEvent) -> str:
    """The chain digest of an event as it is (its own ``digest`` field left out)."""
    return digest_state(get_topic(type(event)), to_state(event))


def full_state(event: ev.CaseEvent) -> dict[str, Any]:
    """An event's state as the chain hashes it: every field, and ``class_version`` when it is
    above 1 (the stored row says which version of the class wrote it)."""
    state = to_state(event)
    class_version = getattr(type(event), "class_version", 1)
    if class_version > 1:
        state["class_version"] = class_version
    return state


def sealed_row(event: ev.CaseEvent, previous_hash: str) -> tuple[ev.CaseEvent, StoredEvent]:
    """A newly decided event chained to ``previous_hash``, and its row: the state encoded once,
    hashed and stored as it is (:func:`gradingcore.chain.seal`)."""
    topic = get_topic(type(event))
    state = full_state(event)
    state["previous_hash"] = previous_hash
    hashed, data = chain.seal(topic, state)
    sealed = attrs.evolve(event, previous_hash=previous_hash, digest=hashed)
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
        msg = f"stored row names {row.topic!r}, not one of gradingcore's classes: not read"
        raise SerializationError(msg)
    if state is None:
        state = json.loads(row.state)
    from_version = state.pop("class_version", 1)
    while from_version < getattr(cls, "class_version", 1):
        getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
        from_version += 1
    state["originator_id"] = str(row.originator_id)
    state["originator_version"] = row.originator_version
    return from_state(cls, state)


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
        return from_row(stored_event, self.decode(stored_event))

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
            return json.loads(self.plain(stored_event))  # type: ignore[no-any-return]
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
    "sealed_row",
    "to_row",
    "to_state",
]
