"""The attacks of issue 11, tried as an auditor would, on SQLite and on PostgreSQL.

A database user (triggers dropped first) cuts the tail, forges, rewrites and reorders
events; someone with file access edits the checkpoint log. Each is detected, naming
the first bad seq.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from auditkit import append_events as _append
from auditkit import unprotect as _unprotect
from auditkit import verify_trail as _verify
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from bursar import audit
from bursar.audit import checkpoints as audit_checkpoints
from bursar.audit import keys as audit_keys
from bursar.config import get_settings
from bursar.db import get_engine


def _trail(n: int) -> int:
    """Write ``n`` events and a checkpoint of them; return the head seq."""
    _append(n)
    cp = audit.checkpoint(None, "test")
    assert cp is not None
    return cp.seq


def _rows() -> list[dict]:
    with get_engine().connect() as conn:
        result = conn.execute(text("SELECT * FROM audit_event ORDER BY seq"))
        return [dict(r._mapping) for r in result]


def _rewrite(rows: list[dict], start: int) -> None:
    """Recompute hash and prev_hash from ``start`` on, as an attacker would."""
    prev = rows[start - 2]["hash"] if start > 1 else audit.GENESIS
    with get_engine().begin() as conn:
        for r in rows[start - 1 :]:
            fields = (r["seq"], r["at"], r["actor"], r["action"], r["subject"], r["data"])
            r["prev_hash"], r["hash"] = prev, audit.event_hash(*fields, prev)
            conn.execute(
                text(
                    "UPDATE audit_event SET at=:at, actor=:actor, action=:action, "
                    "subject=:subject, data=:data, prev_hash=:prev_hash, hash=:hash, "
                    "key_id=:key_id, sig=:sig WHERE seq=:seq"
                ),
                r,
            )
            prev = r["hash"]


def test_intact_trail_verifies_with_signatures_and_checkpoints(db_url: str) -> None:
    top = _trail(30)
    result = _verify()
    assert result.ok, result
    assert result.events == top == 31 and result.signed == 31 and result.unsigned == 0
    assert result.checkpoint_seq == top


@pytest.mark.parametrize("cut", [1, 3, 155])
def test_tail_cut_is_detected(db_url: str, cut: int) -> None:
    top = _trail(200)
    _unprotect()
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq > :s"), {"s": top - cut})
    result = _verify()
    assert not result.ok
    assert result.broken_seq == top - cut + 1 and "cut short" in result.reason


def test_forged_last_event_with_recomputed_hash_is_detected(db_url: str) -> None:
    top = _trail(10)
    last = _rows()[-1]
    seq, at = top + 1, last["at"]
    data = json.dumps({"amount": "1000000.00"})
    digest = audit.event_hash(seq, at, "cfo", "payment.approved", "doc/9", data, last["hash"])
    with get_engine().begin() as conn:  # INSERT is allowed: no trigger needs touching
        conn.execute(
            text(
                "INSERT INTO audit_event (seq, at, actor, action, subject, data, prev_hash, "
                "hash, key_id, sig) VALUES (:seq, :at, 'cfo', 'payment.approved', 'doc/9', "
                ":data, :prev, :hash, :kid, :sig)"
            ),
            {
                "seq": seq,
                "at": at,
                "data": data,
                "prev": last["hash"],
                "hash": digest,
                "kid": last["key_id"],
                "sig": last["sig"],  # a real signature, of another event
            },
        )
    result = _verify()
    assert not result.ok and result.broken_seq == seq and "signature" in result.reason


def test_event_signed_with_the_attackers_own_key_is_detected(db_url: str) -> None:
    _trail(5)
    rows = _rows()
    mine = Ed25519PrivateKey.generate()
    rows[3]["actor"] = "mallory"
    _unprotect()
    _rewrite(rows, 4)
    forger = audit_keys.SigningKey(audit_keys.key_id(mine.public_key()), mine, "attacker")
    with get_engine().begin() as conn:
        for r in _rows()[3:]:
            sig = forger.sign(audit_keys.EVENT_DOMAIN + r["hash"].encode())
            conn.execute(
                text("UPDATE audit_event SET key_id=:k, sig=:g WHERE seq=:s"),
                {"k": forger.key_id, "g": sig, "s": r["seq"]},
            )
    result = _verify()
    assert not result.ok and result.broken_seq == 4 and "not a trusted key" in result.reason


def test_middle_event_changed_and_chain_recomputed_is_detected(db_url: str) -> None:
    _trail(300)
    rows = _rows()
    rows[199]["data"] = json.dumps({"i": 198, "iban": "DE00 mallory"})
    _unprotect()
    _rewrite(rows, 200)
    result = _verify()
    assert not result.ok and result.broken_seq == 200 and "signature" in result.reason


def test_signatures_stripped_and_chain_recomputed_is_detected(db_url: str) -> None:
    """Unsigned rows pass for ones written before signing began: the log says when it did."""
    _trail(20)
    rows = _rows()
    for r in rows:
        r["key_id"] = r["sig"] = None
    rows[9]["actor"] = "mallory"
    _unprotect()
    _rewrite(rows, 1)
    result = _verify()
    assert not result.ok and result.broken_seq == 1 and "not signed" in result.reason


def test_reordered_pair_is_detected(db_url: str) -> None:
    _trail(40)
    rows = _rows()
    a, b = rows[29], rows[30]  # seq 30 and 31 trade places, signatures and all
    for name in ("at", "actor", "action", "subject", "data", "key_id", "sig"):
        a[name], b[name] = b[name], a[name]
    _unprotect()
    _rewrite(rows, 30)
    result = _verify()
    assert not result.ok and result.broken_seq == 30


def _three_checkpoints() -> tuple[Path, list[str]]:
    _append(5)
    audit.checkpoint(None, "one")
    _append(5, 5)
    audit.checkpoint(None, "two")
    _append(5, 10)
    audit.checkpoint(None, "three")
    path = audit_checkpoints.log_path(get_settings())
    return path, path.read_text().splitlines()


def test_checkpoint_line_removed_is_detected(db_url: str) -> None:
    path, lines = _three_checkpoints()
    removed = json.loads(lines[2])
    path.write_text("\n".join(lines[:2] + lines[3:]) + "\n")
    result = _verify()
    after = json.loads(lines[3])["seq"]
    assert not result.ok and result.broken_seq == after and removed["seq"] < after
    assert "removed or edited" in result.reason


def test_checkpoint_line_edited_is_detected(db_url: str) -> None:
    path, lines = _three_checkpoints()
    line = json.loads(lines[2])
    line["seq"] -= 2  # it now vouches for a different head
    lines[2] = json.dumps(line, separators=(",", ":"), sort_keys=True)
    path.write_text("\n".join(lines) + "\n")
    result = _verify()
    assert not result.ok and result.broken_seq == line["seq"]
    assert "signature does not match" in result.reason


def test_cut_tail_of_the_log_is_seen_in_the_mirror(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bursar.config import reset_settings

    monkeypatch.setenv("BURSAR_AUDIT_MIRROR_DIR", str(tmp_path / "share"))
    reset_settings()
    path, lines = _three_checkpoints()
    assert (tmp_path / "share" / "checkpoints.log").read_text().splitlines()[-3:] == lines[-3:]
    path.write_text("\n".join(lines[:-1]) + "\n")  # the log's own last line goes
    result = _verify()
    assert not result.ok
    assert result.broken_seq == json.loads(lines[-1])["seq"] and "lacks" in result.reason


def test_missing_checkpoint_log_is_detected(db_url: str) -> None:
    _trail(3)
    audit_checkpoints.log_path(get_settings()).unlink()
    result = _verify()
    assert not result.ok and "missing" in result.reason
