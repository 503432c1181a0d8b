"""The hash chain (decision 0007, 0021): canonical bytes, digests, and the bytes a store keeps.

Pure functions on JSON-ready data: no store, no clock, no event classes. An event's state is
serialized ONCE, as canonical JSON (RFC 8785, the JSON Canonicalization Scheme); the digest is
SHA-256 over the event type's topic, a newline and those bytes (the digest field left out, the
originator id and version put in); the stored row is the same serialization with the digest
put in and the id and version left out (they are the row's own columns). Nothing is encoded
twice, so what an auditor verifies is byte for byte what was hashed.

Why ``orjson`` and not the ``rfc8785`` package itself: the event states hold only strings,
integers, booleans, null, lists and objects with ASCII keys (amounts and dates are strings, no
floats: tests/chain/test_chain.py checks the event classes), and for those RFC 8785,
``orjson.dumps(option=OPT_SORT_KEYS)`` and ``json.dumps(sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` give the same bytes; the tests prove it against ``rfc8785`` for every
event the scenario files record and for arbitrary text. orjson is several times faster than the
standard library's C encoder (a province writes a million events, decision 0097), and a value
it will not write (an integer beyond 64 bits) goes through the standard encoder, so every row
written before keeps its digest (decision 0021: no chain version needed). Stored bytes are read
back by orjson too (:func:`parse`), except where it would read them otherwise than the standard
decoder does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson

from gradingcore.i18n import Message, msg
from gradingcore.keys import ChainKey, KeyRing, keyed

#: The standard library's encoder with the same output, for what orjson will not write.
_json_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_dumps = orjson.dumps
_SORTED = orjson.OPT_SORT_KEYS
_json_decode = json.JSONDecoder().decode
_loads = orjson.loads
# Every digit as "0", every other byte as " ": a run of 19 zeros marks a number orjson could
# read inexactly (it reads an integer beyond 64 bits as a float), or a long digit run in text.
_DIGITS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_RUN = b"0" * 19


def _encode(state: Any) -> bytes:
    """One encoder for the whole chain: sorted keys, no whitespace, UTF-8 text as it is."""
    try:
        return _dumps(state, option=_SORTED)
    except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits, a non-text key
        return _json_encode(state).encode()


def parse(data: bytes) -> Any:
    """The JSON-ready value of stored bytes, exactly as the standard library reads it.

    orjson reads them several times faster (decision 0097), but reads an integer beyond 64 bits
    as a float and refuses NaN, infinities and lone surrogates: bytes with a run of 19 digits,
    and bytes orjson refuses, go to the standard decoder (which reads them, or raises its own
    error as before)."""
    if _LONG_RUN not in data.translate(_DIGITS):
        try:
            return _loads(data)
        except orjson.JSONDecodeError:
            pass
    return _json_decode(data.decode())


# Fields whose place in the canonical text is found by exact search. Safe: every quote inside
# a JSON string is escaped, so ``"name":`` can only be a member of the object itself, and no
# nested object of an event has these names.
_DIGEST_EMPTY = b'"digest":"",'
_ID = b'"originator_id":"'
_VERSION = b'"originator_version":'


def canonical(state: Any) -> bytes:
    """The canonical JSON bytes (RFC 8785 for our data) of a JSON-ready value."""
    return _encode(state)


def digest_of(topic: str, body: bytes) -> str:
    """SHA-256 over ``topic``, a newline and the canonical bytes of a state without digest."""
    return hashlib.sha256(topic.encode() + b"\n" + body).hexdigest()


def digest_state(topic: str, state: dict[str, Any]) -> str:
    """The digest of an event state (any ``digest`` field in it is left out)."""
    return digest_of(topic, canonical({k: v for k, v in state.items() if k != "digest"}))


def seal(topic: str, state: dict[str, Any], key: ChainKey | None = None) -> tuple[str, bytes]:
    """Hash an event's full state (with ``originator_id``, ``originator_version``,
    ``previous_hash``; its ``digest`` empty) and give the digest and the bytes to store. With
    ``key`` the digest is keyed (HMAC-SHA256 over the same bytes, decision 0079).

    The state is encoded once; the hashed bytes and the stored bytes are cut from that text.
    """
    text = _encode({**state, "digest": ""})
    body = text.replace(_DIGEST_EMPTY, b"", 1)
    digest = digest_of(topic, body) if key is None else key.digest(topic.encode() + b"\n" + body)
    stored = _without_origin(text.replace(_DIGEST_EMPTY, b'"digest":"%s",' % digest.encode(), 1))
    return digest, stored


def stored_bytes(state: dict[str, Any]) -> bytes:
    """The bytes to store for a full state (an already sealed event, a snapshot): every field
    but ``originator_id`` and ``originator_version``, the row's own columns."""
    return _encode(
        {k: v for k, v in state.items() if k not in ("originator_id", "originator_version")}
    )


def _without_origin(text: bytes) -> bytes:
    start = text.index(_ID)
    end = text.index(b'"', start + len(_ID)) + 2  # the closing quote and the comma
    text = text[:start] + text[end:]
    start = text.index(_VERSION)
    end = text.index(b",", start)
    return text[:start] + text[end + 1 :]


#: The problem of a keyed event verified without the key (service.verify counts them once).
UNCHECKED = "keyed digest not checked: no chain key given"


def verify_link(
    topic: str,
    stored: dict[str, Any],
    previous: str,
    keys: KeyRing | None = None,
    *,
    allow_unkeyed: bool = False,
) -> list[Message]:
    """What is wrong with one stored row's state (its id and version put back in): its digest
    over its own content, and its link to the previous row's digest. Empty when it holds.

    A keyed digest is checked with its key from ``keys`` (without keys it cannot be, and says
    so). With ``keys`` every event must be keyed, unless ``allow_unkeyed`` (a store written
    before keys were configured); an unkeyed event after keyed ones is always a finding: it
    was written by someone without the key (decision 0079)."""
    problems: list[Message] = []
    digest = stored.get("digest")
    key_id = keyed(digest) if isinstance(digest, str) else None
    body = canonical({k: v for k, v in stored.items() if k != "digest"})
    if key_id is None:
        if digest_of(topic, body) != digest:
            problems.append(msg("content does not match its digest (edited)"))
        if keys is not None and not allow_unkeyed:
            problems.append(
                msg("not keyed: a plain SHA-256 digest (written without the chain key)")
            )
        elif keyed(previous) is not None:
            problems.append(
                msg("not keyed after keyed events (appended or replaced without the chain key)")
            )
    elif keys is None:
        problems.append(msg("keyed digest not checked: no chain key given (key {key})", key=key_id))
    else:
        key = keys.get(key_id)
        if key is None:
            problems.append(msg("keyed with key {key}, which is not in the key ring", key=key_id))
        elif not key.holds(topic.encode() + b"\n" + body, str(digest)):
            problems.append(
                msg("content does not match its keyed digest (edited, or forged without the key)")
            )
    if stored.get("previous_hash", "") != previous:
        problems.append(msg("not chained to the previous event (deleted, inserted or reordered)"))
    return problems


__all__ = [
    "UNCHECKED",
    "canonical",
    "digest_of",
    "digest_state",
    "parse",
    "seal",
    "stored_bytes",
    "verify_link",
]
