"""Secrets at rest and ``bursar secrets rotate``: TOTP seeds, passkeys and the vault entries
re-sealed under a new key, audited with key ids only; a rotation that fails or is killed
midway loses nothing, and running it again finishes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from inboxkit import PASSWORD
from passkeykit import SoftAuthenticator, add_passkey, passkey_step, password_step

BIND_PASSWORD = "Directory-Bind-7f3a"  # noqa: S105 - test data


def _key_file() -> Path:
    return Path(os.environ["BURSAR_HOME"]) / "keys" / "secrets.key"


def _key_ids() -> list[str]:
    from bursar import secrets

    return [kid for kid, _ in secrets.key_ring()]


def _sealed_values() -> dict[str, str]:
    from sqlalchemy import text

    from bursar.db import get_engine

    with get_engine().connect() as conn:
        users = conn.execute(
            text('SELECT name, totp_secret FROM "user" WHERE totp_secret IS NOT NULL')
        )
        found = {f"totp/{n}": v for n, v in users}
        found.update(
            {f"passkey/{i}": v for i, v in conn.execute(text("SELECT id, sealed FROM passkey"))}
        )
    return found


def _everything_opens(expected: dict[str, str]) -> None:
    """Every sealed value and the vault entry open, with the same plain values as before."""
    from bursar import secrets

    assert secrets.get("ldap_bind_password") == BIND_PASSWORD
    now = _sealed_values()
    assert set(now) == set(expected)
    for where, value in now.items():
        assert secrets.unseal(value) == expected[where], where


@pytest.fixture
def sealed_home(app, capsys):  # type: ignore[no-untyped-def]
    """Two TOTP seeds, a passkey and a vault entry, all sealed with the first key; returns
    the plain values by place."""
    from bursar import secrets
    from bursar.cli import main

    secrets.set_secret("ldap_bind_password", BIND_PASSWORD)
    for name in ("cora", "carla"):
        assert main(["users", "mfa", name, "--json"]) == 0
    capsys.readouterr()
    auth = SoftAuthenticator("http://testserver", "testserver")
    with TestClient(app) as c:
        from inboxkit import login

        login(c, "alice")
        assert add_passkey(c, auth, "laptop").status_code == 200
    plain = {k: secrets.unseal(v) for k, v in _sealed_values().items()}
    assert len(plain) == 3 and _key_ids() == ["v1"]
    return plain, auth


def test_rotate_reseals_everything_under_a_new_key_audited_with_key_ids_only(
    app, sealed_home, capsys
) -> None:
    from cryptography.fernet import Fernet, InvalidToken

    from bursar import audit
    from bursar.cli import main
    from bursar.db import session_scope

    plain, auth = sealed_home
    old_key = dict((k, v) for k, v in __import__("bursar.secrets").secrets.key_ring())["v1"]
    assert main(["secrets", "rotate", "--json"]) == 0
    out = capsys.readouterr().out
    done = json.loads(out[out.index("{") :])
    assert done["to"] == "v2" and done["old"] == ["v1"] and done["dropped"] == ["v1"]
    assert (done["totp_seeds"], done["passkeys"], done["vault_entries"]) == (2, 1, 1)
    assert _key_ids() == ["v2"] and _key_file().stat().st_mode & 0o777 == 0o600
    _everything_opens(plain)
    for value in _sealed_values().values():
        assert value.startswith("enc1:v2:")
        with pytest.raises(InvalidToken):  # the old key opens none of it any more
            Fernet(old_key).decrypt(value.removeprefix("enc1:v2:").encode())
    assert _key_file().read_bytes().count(old_key) == 0
    with session_scope(write=False) as session:
        events = [
            e for e in audit.events_for(session, "secrets/vault") if e.action == "secrets.rotated"
        ]
    assert len(events) == 1
    data = json.loads(events[0].data)
    assert data["from"] == ["v1"] and data["to"] == "v2"
    key_text = _key_file().read_text()
    assert old_key.decode() not in events[0].data and key_text.split()[-1] not in events[0].data
    assert all(v not in events[0].data for v in plain.values())
    with TestClient(app) as c:  # the rotated passkey still signs in
        password_step(c, "alice", PASSWORD)
        assert passkey_step(c, auth).status_code == 200
    # a second rotation: a new key again, and everything still opens (the counter moved)
    plain = {k: __import__("bursar.secrets").secrets.unseal(v) for k, v in _sealed_values().items()}
    assert main(["secrets", "rotate", "--json"]) == 0
    capsys.readouterr()
    assert _key_ids() == ["v3"]
    _everything_opens(plain)


def test_a_rotation_that_fails_midway_loses_nothing_and_a_rerun_finishes_it(
    sealed_home, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bursar import secrets
    from bursar.inbox import keyrotation

    plain, _ = sealed_home
    real, calls = secrets.reseal, []

    def failing(text: str) -> str:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk went away")
        return real(text)

    monkeypatch.setattr(secrets, "reseal", failing)
    with pytest.raises(OSError):
        keyrotation.rotate(actor="test")
    monkeypatch.setattr(secrets, "reseal", real)
    assert _key_ids() == ["v2", "v1"]  # the old key kept: the rotation is unfinished
    assert keyrotation.status()["unfinished_rotation"]
    from bursar.doctor import check_secrets

    check = check_secrets()
    assert check.status == "warn" and "unfinished key rotation" in check.detail
    _everything_opens(plain)
    assert all(secrets.key_id_of(v) == "v1" for v in _sealed_values().values())  # rolled back
    done = keyrotation.rotate(actor="test")
    assert done.resumed and done.to == "v2" and _key_ids() == ["v2"]
    _everything_opens(plain)
    assert keyrotation.left_behind() == {}


CRASH = {
    # after the new key is written, before anything is re-sealed
    "after_new_key": "secrets.reseal_vault = lambda: os._exit(9)",
    # in the middle of the database transaction (after one row was re-sealed)
    "mid_database": (
        "real = secrets.reseal; n = []\n"
        "def reseal(t):\n"
        "    n.append(1)\n"
        "    if len(n) == 2: os._exit(9)\n"
        "    return real(t)\n"
        "secrets.reseal = reseal"
    ),
    # everything re-sealed and committed, before the old key is dropped
    "before_drop": (
        "real = secrets.write_ring; n = []\n"
        "def write_ring(r):\n"
        "    n.append(1)\n"
        "    if len(n) == 2: os._exit(9)\n"
        "    return real(r)\n"
        "secrets.write_ring = write_ring"
    ),
}


@pytest.mark.parametrize("where", sorted(CRASH))
def test_a_rotation_killed_midway_loses_nothing_and_a_rerun_finishes_it(
    sealed_home, where: str
) -> None:
    from bursar.inbox import keyrotation

    plain, _ = sealed_home
    script = (
        "import os\n"
        "from bursar import secrets\n"
        f"{CRASH[where]}\n"
        "from bursar.inbox.keyrotation import rotate\n"
        "rotate(actor='test')\n"
        "print('not killed')\n"
    )
    from bursar.db import dispose_engines

    dispose_engines()
    child = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 9, child.stdout + child.stderr
    assert _key_ids() == ["v2", "v1"]
    _everything_opens(plain)
    done = keyrotation.rotate(actor="test")
    assert done.resumed and _key_ids() == ["v2"]
    _everything_opens(plain)
    assert all(v.startswith("enc1:v2:") for v in _sealed_values().values())


def test_values_sealed_before_key_ids_open_and_are_resealed(inbox_home) -> None:
    from cryptography.fernet import Fernet

    from bursar import secrets
    from bursar.files import write_atomic
    from bursar.inbox import keyrotation

    key = Fernet.generate_key()  # a key file and vault as an older Bursar wrote them
    _key_file().parent.mkdir(parents=True, exist_ok=True)
    write_atomic(_key_file(), key + b"\n", mode=0o600)
    write_atomic(
        secrets.vault_path(),
        Fernet(key).encrypt(b'{"ldap_bind_password": "%s"}' % BIND_PASSWORD.encode()),
    )
    old = "enc1:" + Fernet(key).encrypt(b"JBSWY3DPEHPK3PXP").decode()
    assert secrets.unseal(old) == "JBSWY3DPEHPK3PXP" and secrets.needs_reseal(old)
    assert secrets.get("ldap_bind_password") == BIND_PASSWORD
    assert _key_ids() == ["v1"]
    done = keyrotation.rotate(actor="test")
    assert done.to == "v2" and done.vault_entries == 1
    assert secrets.get("ldap_bind_password") == BIND_PASSWORD
    assert secrets.vault_key_id() == "v2"


def test_secrets_set_and_the_python_api_keep_a_directory_bind_password(
    inbox_home, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import io

    from bursar import secrets
    from bursar.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(BIND_PASSWORD + "\n"))
    assert main(["secrets", "set", "ldap_bind_password", "--stdin"]) == 0
    assert secrets.require("ldap_bind_password", what="the directory") == BIND_PASSWORD
    assert BIND_PASSWORD.encode() not in secrets.vault_path().read_bytes()
    assert secrets.vault_path().stat().st_mode & 0o777 == 0o600
    assert main(["secrets", "status", "--json"]) == 0
    out = capsys.readouterr().out
    info = json.loads(out[out.index("{") :])
    assert info["current"] == "v1" and info["unfinished_rotation"] is False
    assert BIND_PASSWORD not in out


def test_rotation_reseals_in_one_transaction_on_sqlite_and_postgresql(db_url: str) -> None:
    from bursar import secrets
    from bursar.db import session_scope
    from bursar.inbox import keyrotation, passkeys
    from bursar.inbox.users import add_user, set_totp
    from bursar.records import Passkey

    with session_scope(write=True) as session:
        for name in ("ann", "ben"):
            add_user(session, name, "controller", PASSWORD)
        seeds = {n: set_totp(session, n, actor="test") for n in ("ann", "ben")}
        sealed = passkeys._seal("ann", b"cred-1", b"public-key-bytes", 7, ["usb"])
        session.add(
            Passkey(
                user_name="ann", label="key", handle=passkeys.handle_of(b"cred-1"), sealed=sealed
            )
        )
    secrets.set_secret("ldap_bind_password", BIND_PASSWORD)
    done = keyrotation.rotate(actor="test")
    assert (done.to, done.totp_seeds, done.passkeys, done.vault_entries) == ("v2", 2, 1, 1)
    with session_scope(write=False) as session:
        for name, seed in seeds.items():
            from bursar.inbox.users import get_user

            stored = get_user(session, name).totp_secret
            assert stored.startswith("enc1:v2:") and secrets.unseal(stored) == seed
        row = session.exec(__import__("sqlmodel").select(Passkey)).one()
        assert passkeys._open(row)["sign_count"] == 7 and row.sealed.startswith("enc1:v2:")
    assert secrets.get("ldap_bind_password") == BIND_PASSWORD and _key_ids() == ["v2"]


def test_a_key_from_the_environment_is_not_rotated_behind_its_back(
    inbox_home, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from cryptography.fernet import Fernet

    from bursar import secrets
    from bursar.cli import main

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("BURSAR_SECRETS_KEY", old)
    secrets.set_secret("ldap_bind_password", BIND_PASSWORD)
    assert main(["secrets", "rotate"]) == 2
    err = capsys.readouterr().err
    assert "BURSAR_SECRETS_KEY" in err and old not in err
    assert secrets.get("ldap_bind_password") == BIND_PASSWORD
    # the operator rotates it there: the new key first, the old one after it
    monkeypatch.setenv("BURSAR_SECRETS_KEY", f"v2 {new},v1 {old}")
    assert secrets.get("ldap_bind_password") == BIND_PASSWORD
    assert secrets.reseal_vault() == 1 and secrets.vault_key_id() == "v2"
    monkeypatch.setenv("BURSAR_SECRETS_KEY", f"v2 {new}")
    assert secrets.get("ldap_bind_password") == BIND_PASSWORD
