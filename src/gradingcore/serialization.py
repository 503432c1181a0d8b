"""The store's converter: attrs events and pendulum dates to JSON and back, exactly.

eventsourcing's default mapper calls ``vars()`` and its JSON transcoder matches exact types; both
fail on slotted attrs classes and pendulum types. So events go through a private cattrs
converter behind a :class:`~eventsourcing.persistence.Mapper` of our own. The same canonical
JSON is what the hash chain digests, so an auditor can verify a stored row as it is.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

import cattrs
import pendulum
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from gradingcore import events as ev
from gradingcore.errors import GradingError


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


def canonical(state: dict[str, Any]) -> bytes:
    """The canonical JSON bytes of an event's state: sorted keys, no spaces, UTF-8."""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_state(topic: str, state: dict[str, Any]) -> str:
    """SHA-256 over the topic and every field but the digest itself."""
    body = {k: v for k, v in state.items() if k != "digest"}
    return hashlib.sha256(topic.encode() + b"\n" + canonical(body)).hexdigest()


def digest(event: ev.CaseEvent) -> str:
    return digest_state(get_topic(type(event)), to_state(event))


class EventMapper(Mapper[UUID]):
    """eventsourcing's Mapper with the cattrs converter in place of ``vars()`` and the
    transcoder. Compression and encryption, when configured, still apply."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        topic = get_topic(type(domain_event))
        state = to_state(domain_event)
        state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        data = canonical(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=originator_version,
            topic=topic,
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        state = self.decode(stored_event)
        from_version = state.pop("class_version", 1)
        while from_version < getattr(cls, "class_version", 1):
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        state["originator_id"] = str(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        return from_state(cls, state)

    def decode(self, stored_event: StoredEvent) -> dict[str, Any]:
        """The stored JSON state of a row, decrypted and decompressed (for verification)."""
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            return json.loads(data)  # type: ignore[no-any-return]
        except Exception as error:
            msg = (
                f"cannot decode stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {error}"
            )
            raise MapperDeserialisationError(msg) from error
