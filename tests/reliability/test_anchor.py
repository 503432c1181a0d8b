"""Anchors (docs/reliability.md, "Anchors"): ``verify --all --against head.json`` finds what
the hash chain alone cannot: a case deleted, a tail truncated, and a history rewritten with
every digest recomputed (so that the chain itself verifies), at or before the checkpoint."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import UUID

import pytest

from gradingcore import GradingService, InvalidInput, load_anchor, take_anchor
from gradingcore.anchor import inclusion_proof, merkle_root, proves
from gradingcore.chain import seal
from tests.reliability.conftest import Run

Rows = list[tuple[int, str, bytes]]


def _cases(store: Path) -> dict[str, int]:
    """Each case's row id (hex) and last version."""
    with sqlite3.connect(store) as db:
        return dict(
            db.execute(
                "SELECT originator_id, max(originator_version) FROM stored_events "
                "WHERE topic LIKE 'gradingcore.events:%' GROUP BY originator_id"
            ).fetchall()
        )


def _anchor(gradingcore: Run, store: Path, name: str = "head.json") -> Path:
    path = store.parent / name
    result = gradingcore("anchor", "--store", str(store), "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def _verify(gradingcore: Run, store: Path, anchor: Path) -> tuple[int, str]:
    result = gradingcore("verify", "--all", "--store", str(store), "--against", str(anchor))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout


def _rewrite(store: Path, row_id: str, from_version: int, change: bytes, to: bytes) -> None:
    """Rewrite a case from ``from_version`` on as a forger with database access would: the
    content changed and every digest and link recomputed, so the chain verifies."""
    with sqlite3.connect(store) as db:
        rows: Rows = db.execute(
            "SELECT originator_version, topic, state FROM stored_events WHERE originator_id=? "
            "ORDER BY originator_version",
            (row_id,),
        ).fetchall()
        previous = ""
        for version, topic, state in rows:
            content = json.loads(bytes(state))
            if version >= from_version:
                if version == from_version:
                    content = json.loads(bytes(state).replace(change, to))
                content["previous_hash"] = previous
                full = {
                    **content,
                    "originator_id": str(UUID(row_id)),
                    "originator_version": version,
                }
                digest, stored = seal(topic, full)
                db.execute(
                    "UPDATE stored_events SET state=? WHERE originator_id=? AND "
                    "originator_version=?",
                    (stored, row_id, version),
                )
                content["digest"] = digest
            previous = content["digest"]


def test_an_untouched_store_verifies(gradingcore: Run, store: Path) -> None:
    anchor = _anchor(gradingcore, store)
    assert _verify(gradingcore, store, anchor)[0] == 0
    data = json.loads(anchor.read_text(encoding="utf-8"))
    assert len(data["cases"]) == 6
    assert data["previous_root"] is None


def test_a_deleted_case(gradingcore: Run, store: Path) -> None:
    anchor = _anchor(gradingcore, store)
    row_id = next(iter(_cases(store)))
    with sqlite3.connect(store) as db:
        db.execute("DELETE FROM stored_events WHERE originator_id=?", (row_id,))
    plain = gradingcore("verify", "--all", "--store", str(store))
    assert plain.returncode == 0  # the chain alone cannot see it
    status, out = _verify(gradingcore, store, anchor)
    assert status == 1
    assert f"{UUID(row_id)}) event v1: case deleted (it is in the anchor)" in out


def test_a_truncated_tail(gradingcore: Run, store: Path) -> None:
    anchor = _anchor(gradingcore, store)
    row_id, last = max(_cases(store).items(), key=lambda item: item[1])
    with sqlite3.connect(store) as db:
        db.execute(
            "DELETE FROM stored_events WHERE originator_id=? AND originator_version>=?",
            (row_id, last - 1),
        )
    assert gradingcore("verify", "--all", "--store", str(store)).returncode == 0
    status, out = _verify(gradingcore, store, anchor)
    assert status == 1
    assert f"versions {last - 1}-{last} missing (truncated" in out


@pytest.mark.parametrize("where", ["head", "middle"])
def test_a_history_rewritten_before_the_checkpoint(
    gradingcore: Run, store: Path, where: str
) -> None:
    """A forged event in place of the last one, or an early one edited and everything after
    it re-chained: the chain verifies, the anchor does not."""
    anchor = _anchor(gradingcore, store)
    row_id, last = max(_cases(store).items(), key=lambda item: item[1])
    version = last if where == "head" else 2
    _rewrite(store, row_id, version, b'"on":"20', b'"on":"19')
    assert gradingcore("verify", "--all", "--store", str(store)).returncode == 0
    status, out = _verify(gradingcore, store, anchor)
    assert status == 1
    assert f"event v{last}: not the event the anchor holds" in out


def test_events_after_the_checkpoint_are_allowed(gradingcore: Run, store: Path, import_file):
    """New cases recorded after the anchor: the store still holds what was anchored."""
    anchor = _anchor(gradingcore, store)
    doc = json.loads(import_file.read_text(encoding="utf-8"))
    for case in doc["cases"]:
        case["specialty"] += "新"
    import_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert gradingcore("import", str(import_file), "--store", str(store)).returncode == 0
    assert _verify(gradingcore, store, anchor)[0] == 0


def test_anchors_chain(gradingcore: Run, store: Path) -> None:
    """The second anchor names the first's root; it is refused once the store lost what the
    first anchored."""
    first = _anchor(gradingcore, store)
    second = store.parent / "head2.json"
    args = ("anchor", "--store", str(store), "-o", str(second), "--previous", str(first))
    assert gradingcore(*args).returncode == 0
    root = json.loads(first.read_text(encoding="utf-8"))["root"]
    assert json.loads(second.read_text(encoding="utf-8"))["previous_root"] == root
    with sqlite3.connect(store) as db:
        db.execute("DELETE FROM stored_events WHERE originator_id=?", (next(iter(_cases(store))),))
    third = store.parent / "head3.json"
    refused = gradingcore(
        "anchor", "--store", str(store), "-o", str(third), "--previous", str(second)
    )
    assert refused.returncode == 1
    assert "case deleted" in refused.stderr
    assert not third.exists()


def test_an_edited_anchor_file_is_refused(gradingcore: Run, store: Path) -> None:
    anchor = _anchor(gradingcore, store)
    data = json.loads(anchor.read_text(encoding="utf-8"))
    data["cases"].pop()  # hide a case from the checkpoint
    anchor.write_text(json.dumps(data), encoding="utf-8")
    status = gradingcore("verify", "--all", "--store", str(store), "--against", str(anchor))
    assert status.returncode == 2
    assert "its root is not the root of its cases" in status.stderr


def test_one_case_proven_against_the_root(store: Path) -> None:
    """The Merkle tree: every case's head has an inclusion proof; a changed head does not
    prove; at 1, 2, 3 and 6 leaves (the odd and even edges of RFC 6962's split)."""
    anchor = take_anchor(GradingService(str(store)))
    assert anchor.root == merkle_root([h.leaf() for h in anchor.heads]).hex()
    for i, head in enumerate(anchor.heads):
        proof = inclusion_proof(anchor, head.case_id)
        assert proves(head, i, len(anchor.heads), proof, anchor.root)
        forged = type(head)(head.case_id, head.version + 1, head.digest)
        assert not proves(forged, i, len(anchor.heads), proof, anchor.root)
    for n in (1, 2, 3):
        small = type(anchor)(anchor.taken_at, anchor.heads[:n], "")
        root = merkle_root([h.leaf() for h in small.heads]).hex()
        for i, head in enumerate(small.heads):
            assert proves(head, i, n, inclusion_proof(small, head.case_id), root)
    with pytest.raises(InvalidInput):
        load_anchor(store)  # not an anchor file
