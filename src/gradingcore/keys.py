"""Chain keys (链密钥): keyed digests and signed anchors, so that someone who can write the
database but holds no key cannot edit, insert or append an event unseen (decision 0079).

A chain key is 32 random bytes in base64 (:func:`new_key`). From it are derived, each for its
own purpose: the HMAC-SHA256 key of event digests, the Ed25519 key anchors are signed with
(``cryptography``), and the key id, 16 hex digits that name the key without revealing it.

- With a key, an event's digest is ``hmac-sha256:<key id>:<hex>``: HMAC-SHA256 over exactly the
  bytes the plain digest hashes (the topic, a newline, the canonical state without its digest).
  The algorithm and the key id are recorded in every event, so after a rotation old events
  still verify under the old key. Without a key the digest is the plain SHA-256 hex as before.
- The key ring is configured outside the store, never in it: the environment variable
  ``GRADINGCORE_CHAIN_KEY`` (one key, or several separated by commas), or a key file named by
  ``GRADINGCORE_CHAIN_KEY_FILE`` (one key a line, ``#`` comments). The first key writes and
  signs; every key verifies. Rotation puts a new key first and keeps the old ones
  (``gradingcore keys rotate``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg

#: The environment variable holding the key ring, and the one naming a key file.
KEY_VARIABLE = "GRADINGCORE_CHAIN_KEY"
KEY_FILE_VARIABLE = "GRADINGCORE_CHAIN_KEY_FILE"
#: The algorithm tag of a keyed digest (``hmac-sha256:<key id>:<hex>``).
ALGORITHM = "hmac-sha256"
_PREFIX = ALGORITHM + ":"
#: The signature algorithm of anchors.
SIGNATURE = "ed25519"

# Purposes of the derived keys: one secret, a key for each use, none usable for another.
_MAC = b"gradingcore.chain/hmac-sha256"
_SIGN = b"gradingcore.anchor/ed25519"
_ID = b"gradingcore.key/id"


def new_key() -> str:
    """A fresh chain key, base64 (keep it outside the store and its backups)."""
    return base64.b64encode(os.urandom(32)).decode("ascii")


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret, purpose, hashlib.sha256).digest()


@attrs.frozen
class ChainKey:
    """One chain key: its id, its HMAC key and its Ed25519 seed (the secret is not shown)."""

    key_id: str
    _mac: bytes = attrs.field(repr=False)
    _seed: bytes = attrs.field(repr=False)

    @classmethod
    def parse(cls, text: str) -> ChainKey:
        """A key from its base64 text; InvalidInput naming the variable when it is not one."""
        try:
            secret = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError):
            secret = b""
        if len(secret) != 32:
            raise InvalidInput(
                msg(
                    "a chain key is 32 bytes in base64 (gradingcore keys new, or "
                    "gradingcore.keys.new_key(), makes one); the key given is not"
                ),
                facts={"field": KEY_VARIABLE},
            )
        return cls(_derive(secret, _ID)[:8].hex(), _derive(secret, _MAC), _derive(secret, _SIGN))

    def digest(self, message: bytes) -> str:
        """The keyed digest of ``message``, tagged with the algorithm and this key's id."""
        return f"{_PREFIX}{self.key_id}:{hmac.new(self._mac, message, hashlib.sha256).hexdigest()}"

    def holds(self, message: bytes, digest: str) -> bool:
        """Whether ``digest`` is this key's digest of ``message`` (compared in constant time)."""
        return hmac.compare_digest(self.digest(message), digest)

    def sign(self, data: bytes) -> str:
        """The Ed25519 signature of ``data``, base64."""
        return base64.b64encode(self._signing_key().sign(data)).decode("ascii")

    def public_key(self) -> str:
        """The Ed25519 public key anchors are checked with, base64 (it may be shown)."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = self._signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def signed(self, data: bytes, signature: str) -> bool:
        """Whether ``signature`` (base64) is this key's Ed25519 signature of ``data``."""
        from cryptography.exceptions import InvalidSignature

        try:
            value = base64.b64decode(signature, validate=True)
            self._signing_key().public_key().verify(value, data)
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True

    def _signing_key(self) -> Any:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self._seed)


@attrs.frozen
class KeyRing:
    """The chain keys: the first writes and signs, every one verifies."""

    keys: tuple[ChainKey, ...]

    def __attrs_post_init__(self) -> None:
        if not self.keys:
            raise InvalidInput(
                msg("a key ring holds at least one key"), facts={"field": KEY_VARIABLE}
            )

    @classmethod
    def of(cls, texts: Iterable[str]) -> KeyRing:
        """A ring of base64 keys, the current one first."""
        return cls(tuple(ChainKey.parse(t) for t in texts))

    @property
    def current(self) -> ChainKey:
        return self.keys[0]

    def get(self, key_id: str) -> ChainKey | None:
        return next((k for k in self.keys if k.key_id == key_id), None)


def keyed(digest: str) -> str | None:
    """The key id of a keyed digest, or None for a plain SHA-256 one."""
    if not digest.startswith(_PREFIX):
        return None
    return digest[len(_PREFIX) :].partition(":")[0]


def key_lines(text: str) -> list[str]:
    """The keys of a key file's text: one a line, blank lines and ``#`` comments left out."""
    found = []
    for line in text.splitlines():
        line = line.partition("#")[0].strip()
        if line:
            found.append(line)
    return found


def configured_ring() -> KeyRing | None:
    """The key ring the environment gives (the variable, else the file it names), or None."""
    value = os.environ.get(KEY_VARIABLE, "").strip()
    if value:
        return KeyRing.of(k for k in (p.strip() for p in value.split(",")) if k)
    file = os.environ.get(KEY_FILE_VARIABLE, "").strip()
    if not file:
        return None
    try:
        text = Path(file).read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(
            msg(
                "{variable}: cannot read {file}: {reason}",
                variable=KEY_FILE_VARIABLE,
                file=file,
                reason=file_problem(error),
            ),
            facts={"field": KEY_FILE_VARIABLE},
        ) from None
    lines = key_lines(text)
    if not lines:
        raise InvalidInput(
            msg("{variable}: {file} holds no key", variable=KEY_FILE_VARIABLE, file=file),
            facts={"field": KEY_FILE_VARIABLE},
        )
    return KeyRing.of(lines)


def rotate(file: Path) -> ChainKey:
    """Put a new key first in the key file ``file`` (created, readable by its owner only, when
    it does not exist); the keys it held stay, to verify what they wrote. The new key."""
    key = new_key()
    try:
        old = file.read_text(encoding="utf-8") if file.exists() else ""
        new = file.with_name(file.name + ".new")
        fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(key + "\n" + old)
        os.replace(new, file)
    except OSError as error:  # a folder that does not exist, a file not ours: nothing written
        raise InvalidInput(
            msg(
                "cannot write the key file {file}: {reason}",
                file=str(file),
                reason=file_problem(error),
            ),
            facts={"field": "file", "file": str(file)},
        ) from None
    return ChainKey.parse(key)


def file_problem(error: OSError) -> Any:
    """Why a file could not be read or written, in the reader's words for the common causes
    (the system's own words otherwise)."""
    if isinstance(error, FileNotFoundError):
        return msg("no such file or folder")
    if isinstance(error, PermissionError):
        return msg("permission denied")
    if isinstance(error, IsADirectoryError):
        return msg("it is a directory")
    return error.strerror or str(error)


__all__ = [
    "ALGORITHM",
    "KEY_FILE_VARIABLE",
    "KEY_VARIABLE",
    "SIGNATURE",
    "ChainKey",
    "KeyRing",
    "configured_ring",
    "key_lines",
    "keyed",
    "new_key",
    "rotate",
]
