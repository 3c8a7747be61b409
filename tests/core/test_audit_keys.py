"""Signing keys, checkpoints and exported trails: made, rotated, written, verified elsewhere."""

from __future__ import annotations

import json
import os
import random
import socket
import stat
from pathlib import Path

import pytest
from auditkit import append_events as _append
from auditkit import verify_trail as _verify
from sqlalchemy import text

from bursar import audit
from bursar.audit import checkpoints as audit_checkpoints
from bursar.audit import keys as audit_keys
from bursar.cli import main
from bursar.config import get_settings, reset_settings
from bursar.db import dispose_engines, get_engine, session_scope
from bursar.errors import BursarError


def _log_lines() -> list[dict]:
    path = audit_checkpoints.log_path(get_settings())
    return [json.loads(ln) for ln in path.read_text().splitlines()]


def test_first_event_makes_a_private_key_and_says_so(db_url: str, home: Path) -> None:
    _append(1)
    keys = home / "keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    assert stat.S_IMODE((keys / "audit-signing.key").stat().st_mode) == 0o600
    with session_scope(write=False) as s:
        created = audit.events_for(s, "audit/key")
    assert [e.action for e in created] == ["audit.key_created"]
    kid = json.loads(created[0].data)["key_id"]
    assert kid in audit_keys.read_keyring(keys / "audit-public.pem")
    assert _log_lines()[0]["signed_from"] == 1
    with get_engine().connect() as conn:  # the private key is nowhere in the database
        dump = " ".join(str(r) for r in conn.execute(text("SELECT * FROM audit_event")))
    assert "PRIVATE" not in dump and (keys / "audit-signing.key").read_text()[40:80] not in dump


def test_init_makes_the_key_before_any_event(home: Path) -> None:
    from bursar.cli.cmd_init import init_home

    info = init_home()
    assert (home / "keys" / "audit-signing.key").exists()
    assert _log_lines()[0]["signed_from"] == 1 and _log_lines()[0]["key_id"] == info["audit_key"]
    _append(2)
    result = _verify()
    assert result.ok and result.events == 2 and result.signed == 2  # no extra event


def test_key_from_the_environment_is_recorded_and_trusted(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    raw = Ed25519PrivateKey.generate().private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )
    monkeypatch.setenv("BURSAR_AUDIT_KEY", raw.hex())
    _append(3)
    with session_scope(write=False) as s:
        added = audit.events_for(s, "audit/key")
    assert [e.action for e in added] == ["audit.key_added"]
    assert not (get_settings().home_dir / "keys" / "audit-signing.key").exists()
    assert _verify().ok


def test_rotation_signs_on_with_the_new_key_and_retires_the_old(db_url: str, home: Path) -> None:
    _append(3)
    old_pem = (home / "keys" / "audit-signing.key").read_text()
    old, new = audit.rotate_key("admin")
    _append(3, 3)
    with session_scope(write=False) as s:
        rows = list(audit._iter_events(s))
    rotated = next(r for r in rows if r.action == "audit.key_rotated")
    assert rotated.key_id == old  # the old key hands over ...
    assert {r.key_id for r in rows if r.seq > rotated.seq} == {new}  # ... the new one signs on
    assert _log_lines()[-1]["key_id"] == new and _log_lines()[-1]["reason"] == "key rotated"
    assert _verify().ok
    # Someone who kept the old private key cannot sign with it after the rotation.
    stolen = audit_keys._parse_private(old_pem, "stolen")
    last = rows[-1]
    seq, at = last.seq + 1, last.at
    digest = audit.event_hash(seq, at, "x", "y", "z", "{}", last.hash)
    sig = stolen.sign(audit_keys.EVENT_DOMAIN + digest.encode())
    with get_engine().begin() as conn:
        conn.execute(
            text("INSERT INTO audit_event VALUES (:s, :at, 'x', 'y', 'z', '{}', :p, :h, :k, :g)"),
            {"s": seq, "at": at, "p": last.hash, "h": digest, "k": old, "g": sig},
        )
    result = _verify()
    assert not result.ok and result.broken_seq == seq and "retired" in result.reason


def test_a_checkpoint_follows_a_commit_once_the_last_is_a_minute_old(db_url: str) -> None:
    _append(2)
    path = audit_checkpoints.log_path(get_settings())
    before = len(_log_lines())
    _append(1, 2)
    assert len(_log_lines()) == before  # written less than a minute ago: none
    old = path.stat().st_mtime - 61
    os.utime(path, (old, old))
    _append(1, 3)
    last = _log_lines()[-1]
    assert len(_log_lines()) == before + 1 and last["reason"] == "interval"
    assert last["seq"] == 5  # key event + 4, as committed
    with session_scope() as s:  # a rolled-back append leaves no checkpoint behind
        os.utime(path, (old, old))
        audit.append(s, "clerk", "test.event", "thing/x", {})
        s.rollback()
    assert len(_log_lines()) == before + 1


def test_end_of_batch_checkpoints(db_url: str) -> None:
    _append(2)
    with session_scope() as s:
        audit.append(s, "clerk", "inbox.approved", "document/1", {})
        audit.checkpoint_on_commit(s, "inbox")
    assert _log_lines()[-1]["reason"] == "inbox" and _log_lines()[-1]["seq"] == 4
    assert audit.checkpoint_after_batch("ingest") is None  # nothing new since
    _append(1, 9)
    assert audit.checkpoint_after_batch("ingest").seq == 5  # type: ignore[union-attr]


def test_checkpoints_go_to_syslog_too(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bursar.db import upgrade

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(10)
        monkeypatch.setenv("BURSAR_AUDIT_SYSLOG", f"127.0.0.1:{sock.getsockname()[1]}")
        reset_settings()
        upgrade()
        _append(2)
        cp = audit.checkpoint(None, "witness")
        messages = [sock.recv(65536).decode() for _ in range(2)]
    assert "bursar-audit:" in messages[-1] and cp is not None and cp.line in messages[-1]


def _export(tmp: Path) -> tuple[Path, Path, Path]:
    trail, cps, pub = tmp / "trail.jsonl", tmp / "checkpoints.log", tmp / "audit.pem"
    rc = main(
        ["audit", "export", "-o", str(trail), "--checkpoints", str(cps), "--public-key", str(pub)]
    )
    assert rc == 0
    return trail, cps, pub


def _verifies_elsewhere(trail: Path, cps: Path, pub: Path) -> bool:
    try:
        return audit.verify_export(trail, public_key=pub, checkpoint_files=[cps]).ok
    except BursarError:  # e.g. a key file that no longer parses
        return False


def test_exported_trail_verifies_on_a_fresh_home_and_not_with_a_byte_changed(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _append(12)
    audit.checkpoint(None, "export")
    out = tmp_path / "out"
    out.mkdir()
    trail, cps, pub = _export(out)
    assert "PRIVATE" not in pub.read_text()
    fresh = tmp_path / "auditor"  # another machine: no database, no private key
    monkeypatch.setenv("BURSAR_HOME", str(fresh))
    monkeypatch.delenv("BURSAR_DATABASE_URL", raising=False)
    reset_settings()
    dispose_engines()
    assert _verifies_elsewhere(trail, cps, pub)
    args = ["audit", "verify", "--trail", str(trail), "--public-key", str(pub)]
    assert main([*args, "--checkpoints", str(cps), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == 13
    assert not fresh.exists() or not (fresh / "keys").exists()
    rng = random.Random(11)
    for path in (trail, cps, pub):
        original = path.read_bytes()
        body = range(len(original)) if path is not pub else range(30, len(original) - 30)
        for pos in rng.sample(body, 25):
            changed = bytearray(original)
            changed[pos] = (changed[pos] + rng.randint(1, 254)) % 256
            path.write_bytes(bytes(changed))
            assert not _verifies_elsewhere(trail, cps, pub), (path.name, pos)
        path.write_bytes(original)
    assert main([*args, "--checkpoints", str(cps)]) == 0
    trail.write_bytes(trail.read_bytes().replace(b'"i":5', b'"i":6'))
    assert main([*args, "--checkpoints", str(cps)]) == 1
    assert "BROKEN at seq 7" in capsys.readouterr().err


def test_exported_trail_cut_short_is_caught_by_its_checkpoints(db_url: str, tmp_path: Path) -> None:
    _append(8)
    audit.checkpoint(None, "export")
    trail, cps, pub = _export(tmp_path)
    lines = trail.read_text().splitlines(keepends=True)
    trail.write_text("".join(lines[:-2]))
    result = audit.verify_export(trail, public_key=pub, checkpoint_files=[cps])
    assert not result.ok and result.broken_seq == 8 and "cut short" in result.reason
    assert audit.verify_export(trail, public_key=pub).ok  # without the log, it cannot tell


def test_cli_checkpoint_head_and_csv_export_verify(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    _append(3)
    assert main(["audit", "checkpoint", "--json", "--reason", "auditor visit"]) == 0
    cp = json.loads(capsys.readouterr().out)
    assert cp["seq"] == 4 and cp["reason"] == "auditor visit"
    assert main(["audit", "head", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == cp
    trail = tmp_path / "trail.csv"
    assert main(["audit", "export", "--format", "csv", "-o", str(trail)]) == 0
    assert main(["audit", "verify", "--trail", str(trail)]) == 0


def test_a_master_data_import_ends_with_a_checkpoint(db_url: str) -> None:
    from bursar.masterdata import import_csv

    data = Path(__file__).resolve().parents[1] / "data" / "vendors.csv"
    with session_scope() as s:
        import_csv(s, "vendors", data)
    last = _log_lines()[-1]
    assert last["reason"] == "import" and last["seq"] == audit.head()[0]
    assert _verify().ok
