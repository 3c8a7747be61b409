"""Issue 22: the attacks the service user can make on its own, and the anchors that stop them.

The service user holds the database, the signing key, the keyring and the checkpoint log
(everything in BURSAR_HOME). The anchors live where it cannot write, by configuration:
the pinned trusted keys (``audit_trusted_keys``, root's file) and the checkpoint witness
(``audit_witness_dir``, another user's folder, fed over ``audit_witness_socket``). These
tests stand in for that user by touching only the database and BURSAR_HOME.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
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
from bursar.cli import main
from bursar.config import get_settings, reset_settings
from bursar.db import get_engine, session_scope
from bursar.errors import BursarError


def _delete_after(seq: int) -> None:
    _unprotect()
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq > :s"), {"s": seq})


def _log() -> Path:
    return audit_checkpoints.log_path(get_settings())


def _keep_lines_up_to(seq: int) -> None:
    """Remove the checkpoint lines after ``seq``: what is left is a valid, shorter log."""
    lines = [ln for ln in _log().read_text().splitlines() if json.loads(ln)["seq"] <= seq]
    _log().write_text("".join(ln + "\n" for ln in lines))


def _trail() -> int:
    """A trail with three checkpoints and events after the last; return the first's seq."""
    _append(80)
    first = audit.checkpoint(None, "one")
    _append(100, 80)
    audit.checkpoint(None, "two")
    _append(86, 180)
    audit.checkpoint(None, "three")
    _append(5, 266)  # events after the last checkpoint, as always
    assert first is not None
    return first.seq


@pytest.fixture
def witness(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A witness outside BURSAR_HOME (the installer's bursar-witness.service), in a thread."""
    from bursar.audit import witness as audit_witness

    folder = tmp_path / "witness"
    sockdir = Path(tempfile.mkdtemp(prefix="bw-", dir="/tmp"))  # AF_UNIX paths are short
    server = audit_witness.make_server(folder, sockdir / "w.sock")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("BURSAR_AUDIT_WITNESS_DIR", str(folder))
    monkeypatch.setenv("BURSAR_AUDIT_WITNESS_SOCKET", str(sockdir / "w.sock"))
    reset_settings()
    yield folder
    server.shutdown()
    server.server_close()
    shutil.rmtree(sockdir, ignore_errors=True)


@pytest.fixture
def pinned(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The signing key made by `bursar init` and pinned by root outside BURSAR_HOME."""
    audit.ensure_signing_key()
    pins = tmp_path / "etc" / "audit-trusted-keys.pem"
    assert main(["audit", "pin", "--file", str(pins)]) == 0
    monkeypatch.setenv("BURSAR_AUDIT_TRUSTED_KEYS", str(pins))
    reset_settings()
    return pins


# --- (a) the tail cut together with the last checkpoint lines -------------------------------------


def test_tail_cut_with_the_last_checkpoint_lines_fails_verify(witness: Path) -> None:
    first = _trail()
    _delete_after(first)
    _keep_lines_up_to(first)
    result = _verify()
    assert not result.ok and result.broken_seq == first + 1
    assert "cut short" in result.reason or "witness" in result.reason
    assert any("witness" in p.reason and "lacks" in p.reason for p in result.problems)


def test_a_fresh_checkpoint_over_the_cut_does_not_cover_it(witness: Path) -> None:
    """The service user has the key: it signs a new checkpoint of the cut head. The witness
    has seen a higher seq and refuses it; verify still fails."""
    first = _trail()
    _delete_after(first)
    _keep_lines_up_to(first)
    audit.checkpoint(None, "cover")
    held = (witness / "checkpoints.log").read_text()
    assert '"reason":"cover"' not in held
    result = _verify()
    assert not result.ok and result.broken_seq == first + 1


# --- (b) the checkpoint log emptied, with the events it named -------------------------------------


@pytest.mark.parametrize("keep", [0, 40])
def test_emptied_checkpoint_log_with_its_events_fails_verify(witness: Path, keep: int) -> None:
    _trail()
    _delete_after(keep)
    _log().write_text("")
    result = _verify()
    assert not result.ok and result.broken_seq is not None and result.broken_seq <= keep + 1
    assert any(p.seq == keep + 1 and "cut short" in p.reason for p in result.problems)
    assert any("holds no checkpoint" in p.reason for p in result.problems)


def test_emptied_checkpoint_log_fails_verify_even_without_a_witness(db_url: str) -> None:
    """Before issue 22 this verified: "audit trail intact: 40 events"."""
    _trail()
    _delete_after(40)
    _log().write_text("")
    result = _verify()
    assert not result.ok and "holds no checkpoint" in result.reason


def test_emptied_log_and_keyring_with_every_event_fail_against_pinned_keys(pinned: Path) -> None:
    _append(30)
    audit.checkpoint(None, "one")
    _delete_after(0)
    _log().write_text("")
    audit_keys.keyring_path(get_settings()).unlink()
    result = _verify()
    assert not result.ok and "holds no checkpoint" in result.reason


# --- (c) the signing key deleted or replaced ------------------------------------------------------


def _actions() -> list[str]:
    with get_engine().connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT action FROM audit_event ORDER BY seq"))]


def test_deleted_signing_key_is_not_replaced_by_a_new_trusted_one(pinned: Path) -> None:
    _append(3)
    ring = audit_keys.keyring_path(get_settings())
    before = (ring.read_text(), pinned.read_text())
    audit_keys.signing_key_path(get_settings()).unlink()
    with pytest.raises(BursarError, match="missing.*restore the key"):
        _append(1, 3)
    with pytest.raises(BursarError, match="missing"):
        audit.ensure_signing_key()  # `bursar init` does not make one either
    assert not audit_keys.signing_key_path(get_settings()).exists()
    assert (ring.read_text(), pinned.read_text()) == before
    assert "audit.key_created" not in _actions() and "audit.key_added" not in _actions()
    assert _verify().ok


def test_replaced_signing_key_signs_nothing_and_its_events_do_not_verify(pinned: Path) -> None:
    _append(3)
    path = audit_keys.signing_key_path(get_settings())
    path.unlink()
    audit_keys._write_private(path, Ed25519PrivateKey.generate(), replace=False)
    with pytest.raises(BursarError, match="not pinned"):
        _append(1, 3)
    with pytest.raises(BursarError, match="not pinned"):
        audit.checkpoint(None, "mine")
    assert "audit.key_added" not in _actions()
    # The service user signs events itself and puts its key in the keyring it owns.
    mine = audit_keys.load_signing_key(get_settings())
    assert mine is not None
    audit_keys.trust(get_settings(), mine.public)
    with session_scope() as s:
        last = audit._last(s)
        for i in range(2):
            last = audit._insert(s, mine, "cfo", "payment.approved", f"doc/{i}", {}, last)
    result = _verify()
    assert not result.ok and result.broken_seq == 4 and "not a trusted key" in result.reason


def test_rotation_with_pinned_keys_waits_for_the_pin(pinned: Path) -> None:
    _append(2)
    with pytest.raises(BursarError, match="not pinned"):
        audit.rotate_key()
    nxt = audit_keys.signing_key_path(get_settings()).with_name("audit-signing.key.next")
    new_id = audit_keys._parse_private(nxt.read_text(), "next").key_id
    _append(1, 2)  # the old key signs on meanwhile
    assert main(["audit", "pin", "--file", str(pinned)]) != 0  # a new key: by id only
    assert main(["audit", "pin", "--file", str(pinned), "--key-id", new_id]) == 0
    old, new = audit.rotate_key()
    assert new == new_id and old != new and not nxt.exists()
    _append(2, 3)
    assert _verify().ok


# --- (d) checkpoints that stopped -----------------------------------------------------------------


def test_stale_newest_checkpoint_fails_verify(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("BURSAR_AUDIT_CHECKPOINT_SECONDS", "1")
    monkeypatch.setenv("BURSAR_AUDIT_CHECKPOINT_GRACE_SECONDS", "1")
    reset_settings()
    _append(5)
    cp = audit.checkpoint(None, "one")
    assert cp is not None and _verify().ok
    time.sleep(2.2)
    result = _verify()
    assert not result.ok and result.broken_seq == cp.seq + 1
    assert "newest checkpoint" in result.reason and "2 s" in result.reason
    assert main(["audit", "verify"]) == 1
    assert f"BROKEN at seq {cp.seq + 1}" in capsys.readouterr().err
    assert main(["audit", "checkpoint", "--if-due", "--reason", "heartbeat"]) == 0
    assert _verify().ok


def test_stale_witness_fails_verify_even_with_a_fresh_local_log(
    witness: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BURSAR_AUDIT_CHECKPOINT_SECONDS", "1")
    monkeypatch.setenv("BURSAR_AUDIT_CHECKPOINT_GRACE_SECONDS", "1")
    reset_settings()
    _append(5)
    audit.checkpoint(None, "one")
    time.sleep(2.2)
    monkeypatch.delenv("BURSAR_AUDIT_WITNESS_SOCKET")  # the witness is left out
    reset_settings()
    audit.checkpoint(None, "local only")
    result = _verify()
    assert not result.ok and "witness's newest checkpoint" in result.reason


# --- the witness itself ---------------------------------------------------------------------------


def test_witness_refuses_lines_not_signed_by_a_pinned_key(pinned: Path, tmp_path: Path) -> None:
    from bursar.audit import witness as audit_witness

    keep = audit_witness.Witness(tmp_path / "w", trusted_keys=pinned)
    cp = audit.checkpoint(None, "one")
    assert cp is not None and keep.take(cp.line) == "ok"
    forged = json.loads(cp.line) | {"seq": cp.seq + 5}
    assert "signature" in keep.take(json.dumps(forged, separators=(",", ":"), sort_keys=True))
    assert keep.take("garbage").startswith("refused")
    assert len((tmp_path / "w" / "checkpoints.log").read_text().splitlines()) == 1


def test_witness_cli_keeps_what_the_app_sends(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sockdir = Path(tempfile.mkdtemp(prefix="bw-", dir="/tmp"))
    sock, folder = sockdir / "w.sock", tmp_path / "witness"
    cmd = [sys.executable, "-m", "bursar", "audit", "witness", "--dir", str(folder)]
    proc = subprocess.Popen([*cmd, "--socket", str(sock)], env=dict(os.environ))
    try:
        for _ in range(200):
            if sock.exists():
                break
            time.sleep(0.05)
        monkeypatch.setenv("BURSAR_AUDIT_WITNESS_DIR", str(folder))
        monkeypatch.setenv("BURSAR_AUDIT_WITNESS_SOCKET", str(sock))
        reset_settings()
        _append(4)
        cp = audit.checkpoint(None, "one")
        assert cp is not None
        assert cp.line in (folder / "checkpoints.log").read_text().splitlines()
        assert _verify().ok
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(sockdir, ignore_errors=True)


def test_doctor_shows_the_pinned_keys_and_the_witness(pinned: Path, witness: Path) -> None:
    from bursar.doctor import check_audit

    _append(2)
    audit.checkpoint(None, "one")
    checks = {c.name: c for c in check_audit(get_settings())}
    assert (
        checks["audit pinned keys"].status == "ok"
        and "1 pinned" in checks["audit pinned keys"].detail
    )
    assert (
        checks["audit witness"].status == "ok" and "up to seq 2" in checks["audit witness"].detail
    )
    assert checks["audit checkpoints"].status == "ok"  # the witness is the second copy
