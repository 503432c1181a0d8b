"""Keyed chains (docs/reliability.md, "Keyed chains", decision 0079): with a chain key each
event's digest is an HMAC and each anchor is signed (Ed25519), so that someone who can write
the database but holds no key cannot append, edit or insert an event, nor forge an anchor,
without ``verify`` finding it; rotation keeps old events and anchors verifying; unkeyed stores
work as before."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import pendulum
import pytest

from gradingcore import (
    Actor,
    CaseKey,
    GradingService,
    InvalidInput,
    KeyRing,
    ManualClock,
    load_anchor,
    new_chain_key,
    take_anchor,
)
from gradingcore import commands as c
from gradingcore.chain import seal
from gradingcore.keys import key_lines, rotate
from gradingcore_cli.demo import run_demo
from tests.reliability.conftest import Run

KEY = new_chain_key()
RING = KeyRing.of([KEY])
KID = RING.current.key_id
CASE = CaseKey("91410882MA0000001T", "机械")
SUPERVISOR = Actor("jz-inspector", "supervisor")


@pytest.fixture(scope="module")
def keyed_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keyed") / "demo.db"
    clock = ManualClock("2022-01-04")
    run_demo(GradingService(str(path), clock=clock, keys=RING), clock, lambda _: None)
    return path


@pytest.fixture
def keyed(keyed_demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "cases.db"
    shutil.copyfile(keyed_demo, copy)
    return copy


def penalty(penalty_id: str = "p-forged") -> c.RecordPenalty:
    return c.RecordPenalty(
        case=CASE, actor=SUPERVISOR, on=pendulum.date(2022, 6, 1), penalty_id=penalty_id
    )


def service(store: Path, keys: KeyRing | None = RING) -> GradingService:
    return GradingService(str(store), clock=ManualClock("2022-06-01"), keys=keys)


def problems(store: Path, keys: KeyRing | None = RING, **options: Any) -> list[tuple[int, str]]:
    checked = service(store, keys)
    return [
        (b.version, b.problem)
        for case_id in checked.case_ids()
        for b in checked.verify(case_id, **options)
    ]


def rows(store: Path) -> list[tuple[int, str, dict[str, Any]]]:
    with sqlite3.connect(store) as db:
        found = db.execute(
            "SELECT originator_version, topic, state FROM stored_events WHERE originator_id=? "
            "ORDER BY originator_version",
            (CASE.case_id.hex,),
        ).fetchall()
    return [(v, t, json.loads(bytes(s))) for v, t, s in found]


def rechain(store: Path, contents: list[tuple[int, str, dict[str, Any]]], key: Any) -> None:
    """Write the case's rows as a forger with database access would: every digest and link
    recomputed (plain SHA-256, or keyed with the forger's own key), so the chain links."""
    previous = ""
    with sqlite3.connect(store) as db:
        db.execute("DELETE FROM stored_events WHERE originator_id=?", (CASE.case_id.hex,))
        for version, topic, content in contents:
            full = {
                **content,
                "previous_hash": previous,
                "digest": "",
                "originator_id": str(CASE.case_id),
                "originator_version": version,
            }
            previous, stored = seal(topic, full, key)
            db.execute(
                "INSERT INTO stored_events VALUES (?, ?, ?, ?)",
                (CASE.case_id.hex, version, topic, stored),
            )


def test_every_digest_is_keyed_and_verifies_with_the_key(keyed: Path, gradingcore: Run) -> None:
    assert all(r[2]["digest"].startswith(f"hmac-sha256:{KID}:") for r in rows(keyed))
    assert problems(keyed) == []
    result = gradingcore(
        "verify", "--all", "--store", str(keyed), env_extra={"GRADINGCORE_CHAIN_KEY": KEY}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 of 6 case(s) verify" in result.stdout


def test_without_the_key_the_chain_cannot_be_shown_intact(keyed: Path, gradingcore: Run) -> None:
    """One finding per case, at its first event, saying how many digests were not checked."""
    found = problems(keyed, keys=None)
    assert len(found) == 6
    assert all(v == 1 and "keyed digests not checked: no chain key given" in p for v, p in found)
    result = gradingcore("verify", "--all", "--store", str(keyed))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("forger", ["no key", "another key", "the key id claimed"])
def test_a_correctly_chained_appended_event_is_found(keyed: Path, forger: str) -> None:
    """The forger appends through the library, so the event is well formed and chained to
    the keyed head: without the key it is plain, under their own key unknown, and a digest
    claiming the real key id does not hold."""
    last = len(rows(keyed))
    mine = KeyRing.of([new_chain_key()])
    service(keyed, None if forger == "no key" else mine).execute(penalty())
    if forger == "the key id claimed":
        with sqlite3.connect(keyed) as db:
            where = (CASE.case_id.hex, last + 1)
            (state,) = db.execute(
                "SELECT state FROM stored_events WHERE originator_id=? AND originator_version=?",
                where,
            ).fetchone()
            state = bytes(state).replace(mine.current.key_id.encode(), KID.encode())
            db.execute(
                "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=?",
                (state, *where),
            )
    expected = {
        "no key": "not keyed: a plain SHA-256 digest",
        "another key": f"keyed with key {mine.current.key_id}, which is not in the key ring",
        "the key id claimed": "content does not match its keyed digest",
    }[forger]
    found = problems(keyed)
    assert found == [(last + 1, found[0][1])], found
    assert expected in found[0][1]


def test_an_unkeyed_event_after_keyed_ones_is_found_even_without_the_key(keyed: Path) -> None:
    last = len(rows(keyed))
    service(keyed, None).execute(penalty())
    downgrade = "not keyed after keyed events"
    without_key = [p for p in problems(keyed, keys=None) if downgrade in p[1]]
    assert [v for v, _ in without_key] == [last + 1]
    allowed = problems(keyed, allow_unkeyed=True)
    assert [v for v, _ in allowed] == [last + 1]
    assert downgrade in allowed[0][1]


@pytest.mark.parametrize("forger", ["no key", "another key", "digest kept"])
def test_an_edited_event_is_found(keyed: Path, forger: str) -> None:
    """Event v2 edited; the forger recomputes every digest after it (plain or with their own
    key), or keeps the keyed digest it had."""
    contents = rows(keyed)
    version, topic, content = contents[1]
    edited = json.loads(json.dumps(content).replace('"on": "20', '"on": "19'))
    assert edited != content
    if forger == "digest kept":
        with sqlite3.connect(keyed) as db:
            db.execute(
                "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=?",
                (json.dumps(edited, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                 .encode(), CASE.case_id.hex, version),
            )  # fmt: skip
        found = problems(keyed)
        assert found == [(2, "content does not match its keyed digest (edited, or forged without "
                          "the key)")]  # fmt: skip
        return
    contents[1] = (version, topic, edited)
    rechain(keyed, contents, None if forger == "no key" else KeyRing.of([new_chain_key()]).current)
    found = problems(keyed)
    assert {v for v, _ in found} == {v for v, _, _ in contents}  # every event: none holds
    assert found[0][0] == 1  # the forger re-signed the untouched v1 as well, without the key


def test_an_inserted_event_is_found(keyed: Path) -> None:
    """A forged event inserted after v2 and the rest renumbered and re-chained, keeping v1 and
    v2 as they were (their keyed digests still hold): v3 on is found."""
    contents = rows(keyed)
    forged = (3, contents[2][1], contents[2][2])
    renumbered = [(v + 1, t, s) for v, t, s in contents[2:]]
    keep = contents[:2]
    rechain(keyed, [*keep, forged, *renumbered], None)
    # v1, v2 rewritten by rechain as plain: put their keyed rows back as they were.
    with sqlite3.connect(keyed) as db:
        for version, _, content in keep:
            db.execute(
                "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=?",
                (json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                 .encode(), CASE.case_id.hex, version),
            )  # fmt: skip
    found = problems(keyed)
    assert sorted({v for v, _ in found}) == list(range(3, len(contents) + 2))
    assert all(v >= 3 for v, _ in found)


def test_rotation_keeps_old_events_and_anchors_verifying(tmp_path: Path, gradingcore: Run) -> None:
    file = tmp_path / "chain.key"
    result = gradingcore("keys", "rotate", "--file", str(file))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    first = KeyRing.of(key_lines(file.read_text(encoding="utf-8")))
    store = tmp_path / "cases.db"
    clock = ManualClock("2022-01-04")
    run_demo(GradingService(str(store), clock=clock, keys=first), clock, lambda _: None)
    before = take_anchor(service(store, first))
    before.write(tmp_path / "before.json")

    rotated = rotate(file)  # the library's rotation, as `keys rotate` runs it
    ring = KeyRing.of(key_lines(file.read_text(encoding="utf-8")))
    assert [k.key_id for k in ring.keys] == [rotated.key_id, first.current.key_id]
    service(store, ring).execute(penalty("p-after-rotation"))
    digests = [r[2]["digest"] for r in rows(store)]
    assert digests[0].startswith(f"hmac-sha256:{first.current.key_id}:")
    assert digests[-1].startswith(f"hmac-sha256:{rotated.key_id}:")
    assert problems(store, ring) == []
    assert load_anchor(tmp_path / "before.json", keys=ring).root == before.root
    new_only = problems(store, KeyRing((rotated,)))
    assert new_only
    assert all("which is not in the key ring" in p for _, p in new_only)

    env = {"GRADINGCORE_CHAIN_KEY_FILE": str(file)}
    result = gradingcore(
        "verify", "--all", "--store", str(store), "--against", str(tmp_path / "before.json"),
        env_extra=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    shown = gradingcore("keys", "show", env_extra=env)
    assert shown.stdout.splitlines()[0].startswith(f"{rotated.key_id}  current")
    assert KEY not in shown.stdout
    assert all(k not in shown.stdout for k in key_lines(file.read_text(encoding="utf-8")))


def _signed(keyed: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / "head.json"
    take_anchor(service(keyed)).write(path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_an_anchor_is_signed_and_loads_with_the_key(keyed: Path, tmp_path: Path) -> None:
    path, data = _signed(keyed, tmp_path)
    assert data["signature"]["algorithm"] == "ed25519"
    assert data["signature"]["key_id"] == KID
    assert data["signature"]["public_key"] == RING.current.public_key()
    assert load_anchor(path, keys=RING).signature == data["signature"]
    assert load_anchor(path).root == data["root"]  # without keys: not checked, still read


@pytest.mark.parametrize("tampering", ["signature", "case removed", "re-signed", "unsigned"])
def test_a_forged_anchor_is_refused(keyed: Path, tmp_path: Path, tampering: str) -> None:
    """A wrong signature; a case taken out with the root recomputed (so the file is consistent);
    the anchor re-signed with another key (public key and all); the signature removed."""
    from gradingcore.anchor import Head, merkle_root

    path, data = _signed(keyed, tmp_path)
    if tampering == "signature":
        value = data["signature"]["value"]
        data["signature"]["value"] = ("A" if value[0] != "A" else "B") + value[1:]
    elif tampering == "case removed":
        data["cases"] = data["cases"][1:]
        heads = [Head(UUID(h["case_id"]), h["version"], h["digest"]) for h in data["cases"]]
        data["root"] = merkle_root([h.leaf() for h in heads]).hex()
    elif tampering == "re-signed":
        other = KeyRing.of([new_chain_key()]).current
        data = attrs.evolve(load_anchor(path), signature=None).signed_by(other).as_dict()
    else:
        del data["signature"]
    path.write_text(json.dumps(data), encoding="utf-8")
    words = {
        "signature": "signature does not verify",
        "case removed": "signature does not verify",
        "re-signed": "which is not in the key ring",
        "unsigned": "the anchor is not signed",
    }[tampering]
    with pytest.raises(InvalidInput, match=words):
        load_anchor(path, keys=RING)


def test_a_wrong_signature_through_the_cli(keyed: Path, tmp_path: Path, gradingcore: Run) -> None:
    path, data = _signed(keyed, tmp_path)
    data["cases"] = data["cases"][1:]
    from gradingcore.anchor import Head, merkle_root

    heads = [Head(UUID(h["case_id"]), h["version"], h["digest"]) for h in data["cases"]]
    data["root"] = merkle_root([h.leaf() for h in heads]).hex()
    path.write_text(json.dumps(data), encoding="utf-8")
    result = gradingcore(
        "verify", "--all", "--store", str(keyed), "--against", str(path),
        env_extra={"GRADINGCORE_CHAIN_KEY": KEY},
    )  # fmt: skip
    assert result.returncode == 2
    assert "signature does not verify" in result.stderr
    assert "Traceback" not in result.stderr
    assert KEY not in result.stdout + result.stderr


def test_unkeyed_stores_are_as_before(store: Path) -> None:
    """The unkeyed demo store: verifies without keys; with keys every event is a finding unless
    ``allow_unkeyed``, and keyed events then appended verify; a plain one after them does not."""
    assert problems(store, keys=None) == []
    strict = problems(store)
    assert strict
    assert all("not keyed: a plain SHA-256 digest" in p for _, p in strict)
    assert problems(store, allow_unkeyed=True) == []
    service(store).execute(penalty("p-keyed"))
    assert problems(store, allow_unkeyed=True) == []
    service(store, None).execute(penalty("p-plain"))
    found = problems(store, allow_unkeyed=True)
    assert len(found) == 1
    assert "not keyed after keyed events" in found[0][1]


def test_the_old_fixture_store_verifies_as_before(tmp_path: Path) -> None:
    fixture = Path(__file__).parents[1] / "case" / "data" / "store-before-0020.db"
    copy = tmp_path / "old.db"
    shutil.copyfile(fixture, copy)
    old = GradingService(str(copy), keys=None)
    ids = list(old.case_ids())
    assert ids
    assert all(old.verify(i) == [] for i in ids)
    keyed_view = GradingService(str(copy), keys=RING)
    assert all(keyed_view.verify(i, allow_unkeyed=True) == [] for i in ids)


def test_a_malformed_key_is_bad_input(gradingcore: Run, keyed: Path) -> None:
    with pytest.raises(InvalidInput, match="a chain key is 32 bytes in base64"):
        KeyRing.of(["not a key"])
    result = gradingcore(
        "verify", "--all", "--store", str(keyed), env_extra={"GRADINGCORE_CHAIN_KEY": "short"}
    )
    assert result.returncode == 2
    assert "a chain key is 32 bytes" in result.stderr


def test_an_import_with_the_key_set_is_keyed(
    import_file: Path, tmp_path: Path, gradingcore: Run
) -> None:
    """`gradingcore import` with the key set chains the imported events with it: the new store
    verifies with the key, and without it cannot be shown intact."""
    store = tmp_path / "imported.db"
    env = {"GRADINGCORE_CHAIN_KEY": KEY}
    result = gradingcore("import", str(import_file), "--store", str(store), env_extra=env)
    assert result.returncode == 0, result.stderr
    imported = service(store)
    ids = list(imported.case_ids())
    assert len(ids) == 2
    for case_id in ids:
        assert all(e.digest.startswith(f"hmac-sha256:{KID}:") for e in imported.history(case_id))
    assert problems(store) == []
    verified = gradingcore("verify", "--all", "--store", str(store), env_extra=env)
    assert verified.returncode == 0, verified.stdout
    assert gradingcore("verify", "--all", "--store", str(store)).returncode == 1


def test_the_first_signed_anchor_chains_from_an_unsigned_one(
    keyed: Path, tmp_path: Path, gradingcore: Run
) -> None:
    """Keys introduced on a store already anchored: `anchor --previous` accepts the unsigned
    previous anchor (a signed previous one must still verify), and the new one is signed."""
    unsigned = tmp_path / "before-keys.json"
    take_anchor(GradingService(str(keyed), keys=None)).write(unsigned)
    assert "signature" not in json.loads(unsigned.read_text(encoding="utf-8"))
    env = {"GRADINGCORE_CHAIN_KEY": KEY}
    first = tmp_path / "first-signed.json"
    result = gradingcore(
        "anchor", "--store", str(keyed), "-o", str(first), "--previous", str(unsigned),
        env_extra=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["signature"]["key_id"] == KID
    assert data["previous_root"] == json.loads(unsigned.read_text(encoding="utf-8"))["root"]
    with pytest.raises(InvalidInput, match="the anchor is not signed"):
        load_anchor(unsigned, keys=RING)  # as what verify --against checks: signed
    value = data["signature"]["value"]
    data["signature"]["value"] = ("A" if value[0] != "A" else "B") + value[1:]
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data), encoding="utf-8")
    again = gradingcore(
        "anchor", "--store", str(keyed), "-o", str(tmp_path / "next.json"), "--previous",
        str(forged), env_extra=env,
    )  # fmt: skip
    assert again.returncode == 2
    assert "signature does not verify" in again.stderr
