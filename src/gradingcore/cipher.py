"""Encryption at rest (静态加密): every stored event encrypted with eventsourcing's AES-GCM cipher
(``eventsourcing.cryptography:AESCipher``, the ``cryptography`` package), so that names, phone
numbers and other personal fields never lie in the database as plain text (decision 0034).

The key is 32 random bytes in base64 (:func:`new_key`). It is given in code, or named outside
the store URL: the environment variable ``GRADINGCORE_CIPHER_KEY``, or a settings file whose
path ``GRADINGCORE_CIPHER_KEY_FILE`` names (the file holds the key alone). Encrypted rows keep
their hash chain: the digest is over the plain canonical bytes, so ``verify`` with the key finds
an encrypted store intact. A wrong key, or none for an encrypted store, is
:class:`~gradingcore.errors.StoreKeyError`.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg

#: The environment variable holding the key, and the one naming a file that holds it.
KEY_VARIABLE = "GRADINGCORE_CIPHER_KEY"
KEY_FILE_VARIABLE = "GRADINGCORE_CIPHER_KEY_FILE"
CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"


def new_key() -> str:
    """A fresh AES-256 key, base64 (keep it outside the store and its backups)."""
    return base64.b64encode(os.urandom(32)).decode("ascii")


def configured_key() -> str | None:
    """The key the environment gives (the variable, else the file it names), or None."""
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if key:
        return key
    file = os.environ.get(KEY_FILE_VARIABLE, "").strip()
    if not file:
        return None
    try:
        return Path(file).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise InvalidInput(
            msg(
                "{variable}: cannot read {file}: {reason}",
                variable=KEY_FILE_VARIABLE,
                file=file,
                reason=error.strerror or str(error),
            ),
            facts={"field": KEY_FILE_VARIABLE},
        ) from None


def cipher_env(key: str | None) -> dict[str, str]:
    """eventsourcing's settings that encrypt every row with ``key`` (none when None)."""
    if key is None:
        return {}
    try:
        size = len(base64.b64decode(key, validate=True))
    except (binascii.Error, ValueError):
        size = -1
    if size not in (16, 24, 32):
        raise InvalidInput(
            msg(
                "a cipher key is 16, 24 or 32 bytes in base64 (gradingcore.cipher.new_key() "
                "makes one); the key given is not"
            ),
            facts={"field": KEY_VARIABLE},
        )
    return {"CIPHER_TOPIC": CIPHER_TOPIC, "CIPHER_KEY": key}


__all__ = ["KEY_FILE_VARIABLE", "KEY_VARIABLE", "cipher_env", "configured_key", "new_key"]
