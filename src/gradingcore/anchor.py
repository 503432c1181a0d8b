"""Anchors (锚点): a store-wide checkpoint of every case's head, kept outside the store.

The hash chain of a case finds an event edited, inserted or reordered inside its history, but
not a whole case deleted, nor its last events removed, nor a history rewritten with digests
recomputed. An anchor, taken now and kept elsewhere (another machine, a signed e-mail, a
notary), closes that gap: it lists every case's head (its last version and that event's
digest) and one root digest over them, a Merkle tree (RFC 6962's tree hash, so that one case
can be proven against the root with :func:`inclusion_proof`). Verified against an anchor, a
store must still hold every anchored case, at least up to its anchored version, with the very
same event at that version (decision 0032).

Anchors chain: each names the root of the one before it, and is only taken when the store still
holds what the previous one anchored.

Signed (decision 0079): when the service has chain keys (:mod:`gradingcore.keys`), an anchor is
signed with Ed25519 by the current key, and names the key's id and public key. Loaded with keys,
an anchor must be signed by one of them, its signature over the canonical bytes of everything
else in the file; an unsigned anchor, an unknown key or a wrong signature is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs

from gradingcore.chain import canonical
from gradingcore.errors import InvalidInput, Unconvertible, reason_of
from gradingcore.i18n import msg, render
from gradingcore.keys import SIGNATURE, ChainKey, KeyRing
from gradingcore.service import ChainBreak, GradingService, chain_break, versions
from gradingcore.stores import redact

#: The format tag of an anchor file.
FORMAT = "gradingcore.anchor/1"


@attrs.frozen
class Head:
    """A case's head when the anchor was taken: its last version and that event's digest."""

    case_id: UUID
    version: int
    digest: str

    def leaf(self) -> bytes:
        """The Merkle leaf of this head (RFC 6962: SHA-256 of 0x00 and the entry)."""
        return _hash(b"\x00" + f"{self.case_id}:{self.version}:{self.digest}".encode())


@attrs.frozen
class Anchor:
    """A checkpoint: every case's head, their Merkle root, when, and the previous root."""

    taken_at: datetime
    heads: tuple[Head, ...]
    root: str
    previous_root: str | None = None
    store: str = ""
    #: The Ed25519 signature (``algorithm``, ``key_id``, ``public_key``, ``value``), if signed.
    signature: dict[str, str] | None = None

    def content(self) -> dict[str, Any]:
        """The anchor as written, its signature left out: what the signature signs."""
        return {
            "format": FORMAT,
            "taken_at": self.taken_at.isoformat(),
            "store": self.store,
            "previous_root": self.previous_root,
            "root": self.root,
            "cases": [
                {"case_id": str(h.case_id), "version": h.version, "digest": h.digest}
                for h in self.heads
            ],
        }

    def as_dict(self) -> dict[str, Any]:
        data = self.content()
        if self.signature is not None:
            data["signature"] = dict(self.signature)
        return data

    def signed_by(self, key: ChainKey) -> Anchor:
        """This anchor signed with ``key`` (Ed25519 over the canonical bytes of its content)."""
        return attrs.evolve(
            self,
            signature={
                "algorithm": SIGNATURE,
                "key_id": key.key_id,
                "public_key": key.public_key(),
                "value": key.sign(canonical(self.content())),
            },
        )

    def write(self, path: Path) -> None:
        text = json.dumps(self.as_dict(), ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8")


def _hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """RFC 6962's Merkle tree hash of ``leaves`` (the hash of nothing for none)."""
    if not leaves:
        return _hash(b"")
    if len(leaves) == 1:
        return leaves[0]
    split = 1 << ((len(leaves) - 1).bit_length() - 1)  # the largest power of 2 below n
    return _hash(b"\x01" + merkle_root(leaves[:split]) + merkle_root(leaves[split:]))


def inclusion_proof(anchor: Anchor, case_id: UUID) -> list[str]:
    """The sibling hashes (hex, leaf to root) proving ``case_id``'s head is in ``anchor``."""
    leaves = [h.leaf() for h in anchor.heads]
    index = next((i for i, h in enumerate(anchor.heads) if h.case_id == case_id), None)
    if index is None:
        raise InvalidInput(
            msg("case {case} is not in the anchor", case=case_id), facts={"case": str(case_id)}
        )
    return [p.hex() for p in _path(index, leaves)]


def _path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    if len(leaves) <= 1:
        return []
    split = 1 << ((len(leaves) - 1).bit_length() - 1)
    if index < split:
        return [*_path(index, leaves[:split]), merkle_root(leaves[split:])]
    return [*_path(index - split, leaves[split:]), merkle_root(leaves[:split])]


def proves(head: Head, index: int, size: int, proof: Sequence[str], root: str) -> bool:
    """Whether ``proof`` shows ``head``, the ``index``-th of ``size`` heads, under ``root``."""
    node = head.leaf()
    for sibling, left in zip(proof, _sides(index, size), strict=True):
        pair = bytes.fromhex(sibling)
        node = _hash(b"\x01" + pair + node) if left else _hash(b"\x01" + node + pair)
    return node.hex() == root


def _sides(index: int, size: int) -> list[bool]:
    """For each level from the leaf up, whether the sibling is on the left."""
    if size <= 1:
        return []
    split = 1 << ((size - 1).bit_length() - 1)
    if index < split:
        return [*_sides(index, split), False]
    return [*_sides(index - split, size - split), True]


def heads(service: GradingService) -> list[Head]:
    """Every case's head in the store, by case id."""
    found = []
    for case_id in service.case_ids():
        last = service.history(case_id)[-1]
        found.append(Head(case_id, last.originator_version, last.digest))
    return sorted(found, key=lambda h: str(h.case_id))


def take(service: GradingService, *, previous: Anchor | None = None, store: str = "") -> Anchor:
    """An anchor of the store now. With ``previous``, the store must still hold what it
    anchored (InvalidInput naming what it lacks), and the new anchor names its root."""
    if previous is not None:
        findings = check(service, previous)
        if findings:
            first = findings[0]
            raise InvalidInput(
                msg(
                    "the store no longer holds what the previous anchor anchored: case {case} "
                    "v{version}: {problem} (and {more} more): verify --against it first",
                    case=first.case_id,
                    version=first.version,
                    problem=first.text if first.text is not None else first.problem,
                    more=len(findings) - 1,
                ),
                facts={"findings": len(findings)},
            )
    found = heads(service)
    anchor = Anchor(
        taken_at=service.clock.now(),
        heads=tuple(found),
        root=merkle_root([h.leaf() for h in found]).hex(),
        previous_root=previous.root if previous else None,
        store=redact(store),
    )
    keys = getattr(service, "keys", None)
    return anchor.signed_by(keys.current) if keys is not None else anchor


def load(path: Path, keys: KeyRing | None = None, *, signed: bool = True) -> Anchor:
    """An anchor file, checked: its root must be the root of its heads; with ``keys``, it must
    be signed by one of them over the canonical bytes of the rest of the file (an unsigned one
    is accepted only when not ``signed``: the previous anchor of the first signed one, taken
    before keys were configured)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise Unconvertible(
                msg(
                    "format {given}, expected {expected}",
                    given=repr(data.get("format")),
                    expected=repr(FORMAT),
                )
            )
        anchor = Anchor(
            taken_at=datetime.fromisoformat(data["taken_at"]),
            heads=tuple(
                Head(UUID(c["case_id"]), int(c["version"]), str(c["digest"])) for c in data["cases"]
            ),
            root=str(data["root"]),
            previous_root=data.get("previous_root"),
            store=str(data.get("store", "")),
            signature=_signature(data.get("signature")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InvalidInput(
            msg("{file} is not an anchor file: {problem}", file=str(path), problem=_why(error)),
            facts={"file": str(path)},
        ) from None
    if merkle_root([h.leaf() for h in anchor.heads]).hex() != anchor.root:
        raise InvalidInput(
            msg(
                "{file}: its root is not the root of its cases (the file was edited)",
                file=str(path),
            ),
            facts={"file": str(path)},
        )
    if keys is not None and (signed or anchor.signature is not None):
        _check_signature(path, {k: v for k, v in data.items() if k != "signature"}, anchor, keys)
    return anchor


def _signature(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), str) for k in ("algorithm", "key_id", "value")
    ):
        raise Unconvertible(msg("its signature is not an object of algorithm, key_id and value"))
    return {str(k): str(v) for k, v in value.items()}


def _check_signature(path: Path, content: Any, anchor: Anchor, keys: KeyRing) -> None:
    """The anchor's signature, by a key of ``keys`` (never the public key the file names)."""
    signature = anchor.signature
    facts = {"field": "signature"}
    if signature is None:
        raise InvalidInput(
            msg(
                "{file}: the anchor is not signed, and chain keys are configured: an anchor "
                "taken with the keys is signed",
                file=str(path),
            ),
            facts=facts,
        )
    key = keys.get(signature["key_id"])
    if signature["algorithm"] != SIGNATURE or key is None:
        raise InvalidInput(
            msg(
                "{file}: the anchor is signed with {algorithm} key {key}, which is not in the "
                "key ring",
                file=str(path),
                algorithm=signature["algorithm"],
                key=signature["key_id"],
            ),
            facts=facts,
        )
    if not key.signed(canonical(content), signature["value"]):
        raise InvalidInput(
            msg(
                "{file}: the anchor's signature does not verify with key {key} (the file was "
                "edited, or signed by someone else)",
                file=str(path),
                key=key.key_id,
            ),
            facts=facts,
        )


def check(service: GradingService, anchor: Anchor) -> list[ChainBreak]:
    """What the store lacks of what ``anchor`` anchored: a case deleted, a tail truncated, an
    event at or before the anchored head that is not the anchored one. Empty when it holds."""
    present = set(service.case_ids())
    findings: list[ChainBreak] = []
    for head in anchor.heads:
        if head.case_id not in present:
            findings.append(chain_break(head.case_id, 1, msg("case deleted (it is in the anchor)")))
            continue
        events = {e.originator_version: e for e in service.history(head.case_id)}
        last = max(events)
        if last < head.version:
            findings.append(
                chain_break(
                    head.case_id,
                    last + 1,
                    msg(
                        "{gap} missing (truncated: the anchor holds v{version})",
                        gap=versions(last + 1, head.version),
                        version=head.version,
                    ),
                )
            )
            continue
        at_head = events.get(head.version)
        if at_head is None or at_head.digest != head.digest:
            findings.append(
                chain_break(
                    head.case_id,
                    head.version,
                    msg(
                        "not the event the anchor holds (the history was changed before the "
                        "checkpoint)"
                    ),
                )
            )
    return findings


def _why(error: BaseException) -> Any:
    """What is wrong with an anchor file, in the reader's words where it is ours."""
    if isinstance(error, json.JSONDecodeError):
        return msg("not JSON (line {line}, column {column})", line=error.lineno, column=error.colno)
    if isinstance(error, FileNotFoundError):
        return msg("no such file")
    if isinstance(error, KeyError):
        return msg("the field {name} is missing", name=str(error))
    return reason_of(error)


def chain_of(anchors: Iterable[Anchor]) -> list[str]:
    """Problems in a sequence of anchors oldest first: each must name its predecessor's root."""
    problems = []
    before: Anchor | None = None
    for anchor in anchors:
        if before is not None and anchor.previous_root != before.root:
            problems.append(
                render(
                    msg(
                        "the anchor of {taken} does not name {root}",
                        taken=anchor.taken_at.isoformat(),
                        root=before.root,
                    )
                )
            )
        before = anchor
    return problems


__all__ = [
    "FORMAT",
    "Anchor",
    "Head",
    "chain_of",
    "check",
    "heads",
    "inclusion_proof",
    "load",
    "merkle_root",
    "proves",
    "take",
]
