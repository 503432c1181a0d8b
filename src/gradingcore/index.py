"""The enterprise index (企业索引): which specialties of a USCC have a case, so that a case is
found by the enterprise's code with one keyed read instead of a scan of every case.

Each enterprise has one stream of :class:`CaseIndexed` events, its id derived from the USCC; the
service writes the entry in the same transaction as the case's ``CaseOpened``. A store written
before the index existed has no :data:`INDEX_MARKER` stream: the service then fills the index
in once, before its first write, and reads by scanning until then (decision 0023).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import attrs

from gradingcore.values import USCC

_NAMESPACE = uuid.UUID("6d1f3f3e-4a0b-4f57-9c59-2b8f8a9d1c11")

#: The stream whose presence says the store's index is complete.
INDEX_MARKER = uuid.uuid5(_NAMESPACE, "index/1")


@attrs.frozen(kw_only=True)
class CaseIndexed:
    """One specialty of an enterprise has a case (``specialty`` may be empty)."""

    originator_id: uuid.UUID
    originator_version: int
    timestamp: datetime
    specialty: str


@attrs.frozen(kw_only=True)
class IndexComplete:
    """Written once to :data:`INDEX_MARKER` when every case of the store is indexed."""

    originator_id: uuid.UUID
    originator_version: int
    timestamp: datetime


def index_id(uscc: USCC | str) -> uuid.UUID:
    """The id of an enterprise's index stream."""
    return uuid.uuid5(_NAMESPACE, f"uscc/{uscc}")


__all__ = ["INDEX_MARKER", "CaseIndexed", "IndexComplete", "index_id"]
