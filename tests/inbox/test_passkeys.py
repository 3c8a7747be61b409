"""Passkeys on the server: registration, the sign-in step after the password, the counter,
challenges (session-bound, single use, expiring), MFA roles and HTTP Basic.

The browser side (Chromium's virtual authenticator) is in test_passkeys_browser.py; here a
software authenticator with a real P-256 key talks to the app through a TestClient."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from inboxkit import PASSWORD, login
from passkeykit import SoftAuthenticator, add_passkey, passkey_step, password_step

from tests.auditkit import audit_events
from tests.migrationkit import migration_diff

ORIGIN, RP_ID = "http://testserver", "testserver"


def _raw_passkeys(name: str) -> list[str]:
    from sqlalchemy import text

    from bursar.db import get_engine

    with get_engine().connect() as conn:
        rows = conn.execute(text("SELECT sealed FROM passkey WHERE user_name = :n"), {"n": name})
        return [r[0] for r in rows]


def _enrol(app, name: str = "alice", label: str = "laptop") -> SoftAuthenticator:  # type: ignore[no-untyped-def]
    auth = SoftAuthenticator(ORIGIN, RP_ID)
    with TestClient(app) as c:
        login(c, name)
        resp = add_passkey(c, auth, label)
        assert resp.status_code == 200, resp.text
    return auth


def test_a_registered_passkey_is_sealed_audited_and_signs_in_after_the_password(app) -> None:
    auth = _enrol(app)
    raw = _raw_passkeys("alice")
    assert len(raw) == 1 and raw[0].startswith("enc1:")
    pub = auth.key.public_key().public_numbers().x.to_bytes(32, "big").hex()
    assert auth.credential_id.hex() not in raw[0] and pub not in raw[0]
    added = audit_events("user/alice", "user.passkey_added")
    assert len(added) == 1
    assert added[0]["data"]["before"] == {"passkeys": []}
    assert added[0]["data"]["after"] == {"passkeys": ["laptop"]}
    assert auth.credential_id.hex() not in added[0]["raw"] and pub not in added[0]["raw"]

    with TestClient(app) as c:
        step = password_step(c, "alice", PASSWORD)
        assert step.status_code == 200 and "Use your passkey" in step.text
        assert c.get("/inbox", follow_redirects=False).status_code == 303  # not signed in yet
        done = passkey_step(c, auth)
        assert done.status_code == 200, done.text
        assert done.json() == {"next": "/inbox"}
        assert c.get("/inbox").status_code == 200
    logins = audit_events("user/alice", "user.login")
    assert logins[-1]["data"]["factor"] == "passkey"


def test_a_cloned_authenticator_with_a_lower_counter_is_refused_and_audited(app) -> None:
    auth = _enrol(app)
    clone = auth.clone()  # the counter copied now
    with TestClient(app) as c:
        password_step(c, "alice", PASSWORD)
        assert passkey_step(c, auth).status_code == 200  # the original moves on: count 1
    with TestClient(app) as c:
        password_step(c, "alice", PASSWORD)
        refused = passkey_step(c, clone)  # the clone also says 1: not above the stored 1
        assert refused.status_code == 401
        assert c.get("/inbox", follow_redirects=False).status_code == 303
    events = audit_events("user/alice", "user.passkey_counter_regressed")
    assert len(events) == 1
    assert events[0]["data"]["stored_count"] == 1 and events[0]["data"]["presented_count"] == 1
    reasons = [e["data"]["reason"] for e in audit_events("user/alice", "user.passkey_refused")]
    assert reasons == ["counter_regressed"]


def test_an_unregistered_or_wrong_origin_authenticator_or_a_wrong_password_is_refused(
    app,
) -> None:
    auth = _enrol(app)
    stranger = SoftAuthenticator(ORIGIN, RP_ID)
    phished = auth.clone()
    phished.origin = "http://testserver.evil.example"
    with TestClient(app) as c:
        # a wrong password still gets the passkey step (no oracle), then a refusal
        step = password_step(c, "alice", "not the password")
        assert step.status_code == 200 and "Use your passkey" in step.text
        assert passkey_step(c, auth).status_code == 401
        for who in (stranger, phished):
            step = password_step(c, "alice", PASSWORD)
            assert step.status_code == 200
            assert passkey_step(c, who).status_code == 401
        assert c.get("/inbox", follow_redirects=False).status_code == 303
        # each refusal counted as a failed sign-in: now the sign-in waits
        assert password_step(c, "alice", PASSWORD).status_code == 429
    reasons = [e["data"]["reason"] for e in audit_events("user/alice", "user.passkey_refused")]
    assert reasons == ["wrong_password", "unknown_credential", "invalid_response"]


def test_a_challenge_is_used_once_and_expires(app) -> None:
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.records import WebAuthnChallenge

    auth = _enrol(app)
    with TestClient(app) as c:
        password_step(c, "alice", PASSWORD)
        options = c.post("/login/passkey/options").json()
        answer = auth.get(options)
        assert c.post("/login/passkey", json={"credential": answer}).status_code == 200
        again = c.post("/login/passkey", json={"credential": answer})
        assert again.status_code == 403  # the challenge is gone
    with TestClient(app) as c:  # the same answer for a fresh challenge: not its challenge
        password_step(c, "alice", PASSWORD)
        assert c.post("/login/passkey", json={"credential": answer}).status_code == 401
    with TestClient(app) as c:  # an expired challenge
        password_step(c, "alice", PASSWORD)
        options = c.post("/login/passkey/options").json()
        with session_scope(write=True) as session:
            for row in session.exec(select(WebAuthnChallenge)).all():
                row.expires_at = row.expires_at - timedelta(hours=1)
                session.add(row)
        assert c.post("/login/passkey", json={"credential": auth.get(options)}).status_code == 403
    with TestClient(app) as other, TestClient(app) as c:  # bound to the browser that asked
        password_step(c, "alice", PASSWORD)
        assert other.post("/login/passkey/options").status_code == 403


def test_registration_challenge_is_bound_to_the_session(app) -> None:
    from passkeykit import page_csrf

    auth = SoftAuthenticator(ORIGIN, RP_ID)
    with TestClient(app) as one, TestClient(app) as two:
        login(one, "alice")
        login(two, "alice")
        csrf_one, csrf_two = page_csrf(one), page_csrf(two)
        options = one.post(
            "/account/passkeys/options",
            json={"password": PASSWORD},
            headers={"X-CSRF-Token": csrf_one},
        )
        body = {"label": "laptop", "credential": auth.create(options.json())}
        stolen = two.post("/account/passkeys", json=body, headers={"X-CSRF-Token": csrf_two})
        assert stolen.status_code == 422 and "expired" in stolen.text
        no_csrf = one.post("/account/passkeys", json=body)
        assert no_csrf.status_code == 403
    assert _raw_passkeys("alice") == []


def test_several_named_passkeys_and_removing_one_is_audited(app) -> None:
    import re

    first = _enrol(app, label="laptop")
    second = SoftAuthenticator(ORIGIN, RP_ID)
    with TestClient(app) as c, TestClient(app) as elsewhere:
        password_step(elsewhere, "alice", PASSWORD)
        assert passkey_step(elsewhere, first).status_code == 200
        password_step(c, "alice", PASSWORD)
        assert passkey_step(c, first).status_code == 200
        assert add_passkey(c, second, "security key").status_code == 200
        again = add_passkey(c, second, "same key twice")
        assert again.status_code == 422  # excluded, and refused by the server too
        page = c.get("/account/passkeys").text
        assert "laptop" in page and "security key" in page
        ids = re.findall(r'data-passkey="(\d+)"', page)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        resp = c.post(
            f"/account/passkeys/{ids[0]}/remove", data={"csrf": csrf}, follow_redirects=False
        )
        assert resp.status_code == 303
        assert c.get("/account/passkeys").status_code == 200  # this session stays
        assert elsewhere.get("/inbox", follow_redirects=False).status_code == 303  # others end
    removed = audit_events("user/alice", "user.passkey_removed")
    assert removed[0]["data"]["sessions_ended"] == 2  # the enrolling one and "elsewhere"
    assert removed[0]["data"]["before"] == {"passkeys": ["laptop", "security key"]}
    assert removed[0]["data"]["after"] == {"passkeys": ["security key"]}
    with TestClient(app) as c:  # the removed one no longer signs in; the other does
        password_step(c, "alice", PASSWORD)
        assert passkey_step(c, first).status_code == 401
        password_step(c, "alice", PASSWORD)
        assert passkey_step(c, second).status_code == 200


def test_a_passkey_user_is_refused_http_basic_and_uses_the_session(app) -> None:
    with TestClient(app) as c:
        assert c.get("/api/items", auth=("alice", PASSWORD)).status_code == 200
    auth = _enrol(app)
    with TestClient(app) as c:
        assert c.get("/api/items", auth=("alice", PASSWORD)).status_code == 401
        password_step(c, "alice", PASSWORD)
        assert passkey_step(c, auth).status_code == 200
        assert c.get("/api/items").status_code == 200


def test_an_mfa_role_satisfies_mfa_with_a_passkey_instead_of_totp(
    app, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyotp

    from bursar.cli import main
    from bursar.config import reset_settings

    monkeypatch.setenv("BURSAR_REQUIRE_MFA", "true")
    reset_settings()
    with TestClient(app) as c:  # a controller without a second factor cannot sign in
        assert password_step(c, "cora", PASSWORD).status_code == 401
    assert main(["users", "mfa", "cora", "--json"]) == 0
    out = capsys.readouterr().out
    secret = json.loads(out[out.index("{") :])["secret"]
    auth = SoftAuthenticator(ORIGIN, RP_ID)
    with TestClient(app) as c:
        assert password_step(c, "cora", PASSWORD, pyotp.TOTP(secret).now()).status_code == 303
        assert add_passkey(c, auth, "yubikey").status_code == 200
    assert main(["users", "mfa", "cora", "--off"]) == 0  # TOTP gone: the passkey remains
    with TestClient(app) as c:
        assert password_step(c, "cora", PASSWORD, "123456").status_code == 401
        step = password_step(c, "cora", PASSWORD)
        assert step.status_code == 200 and "Use your passkey" in step.text
        assert passkey_step(c, auth).status_code == 200
        assert c.get("/inbox").status_code == 200
    with TestClient(app) as c:
        assert c.get("/api/items", auth=("cora", PASSWORD)).status_code == 401


def test_a_passkey_row_moved_to_another_user_does_not_open(app) -> None:
    from sqlalchemy import text

    from bursar.db import get_engine

    auth = _enrol(app, "alice")
    _enrol(app, "bob")
    with get_engine().begin() as conn:  # someone with database access swaps the rows' owners
        conn.execute(text("UPDATE passkey SET user_name = 'zz' WHERE user_name = 'bob'"))
        conn.execute(text("UPDATE passkey SET user_name = 'bob' WHERE user_name = 'alice'"))
    with TestClient(app) as c:
        password_step(c, "bob", PASSWORD)
        assert passkey_step(c, auth).status_code == 401
    reasons = [e["data"]["reason"] for e in audit_events("user/bob", "user.passkey_refused")]
    assert reasons == ["tampered"]


def test_migration_0008_matches_the_passkey_tables(db_url: str) -> None:
    assert migration_diff(db_url, {"passkey", "webauthn_challenge"}) == []


def test_adding_a_passkey_needs_the_current_password(app) -> None:
    auth = SoftAuthenticator(ORIGIN, RP_ID)
    with TestClient(app) as c:
        login(c, "alice")
        wrong = add_passkey(c, auth, "laptop", password="a stolen session only")
        assert wrong.status_code == 403 and "current password is wrong" in wrong.text
        refused = audit_events("user/alice", "user.passkey_add_refused")
        assert len(refused) == 1 and "a stolen session" not in refused[0]["raw"]
        for _ in range(4):
            add_passkey(c, auth, "laptop", password="still guessing")
        throttled = add_passkey(c, auth, "laptop")  # even the right one, for a while
        assert throttled.status_code == 429
    assert _raw_passkeys("alice") == []


def test_a_user_disabled_between_password_and_passkey_is_refused(app) -> None:
    from bursar.cli import main

    auth = _enrol(app)
    with TestClient(app) as c:
        assert password_step(c, "alice", PASSWORD).status_code == 200
        assert main(["users", "disable", "alice"]) == 0
        assert passkey_step(c, auth).status_code == 401
        assert c.get("/inbox", follow_redirects=False).status_code == 303


def test_an_administrator_lists_and_removes_a_lost_passkey_from_the_cli(app, capsys) -> None:
    from bursar.cli import main

    auth = _enrol(app)
    assert main(["users", "passkeys", "alice", "--json"]) == 0
    out = capsys.readouterr().out
    listed = json.loads(out[out.index("{") :])["passkeys"]
    assert [p["label"] for p in listed] == ["laptop"]
    assert auth.credential_id.hex() not in out
    assert (
        main(["users", "passkeys", "alice", "--remove", str(listed[0]["id"]), "--actor", "root"])
        == 0
    )
    capsys.readouterr()
    removed = audit_events("user/alice", "user.passkey_removed")
    assert removed[0]["actor"] == "root" and removed[0]["data"]["after"] == {"passkeys": []}
    with TestClient(app) as c:  # back to the password alone (and HTTP Basic works again)
        assert password_step(c, "alice", PASSWORD).status_code == 303
        assert c.get("/api/items", auth=("alice", PASSWORD)).status_code == 200
    assert main(["users", "passkeys", "alice", "--remove", "999"]) == 2


def test_malformed_passkey_requests_get_a_clear_refusal_not_a_crash(app) -> None:
    from passkeykit import page_csrf

    auth = _enrol(app)
    with TestClient(app) as c:
        login(c, "bob")
        csrf = {"X-CSRF-Token": page_csrf(c)}
        for body in (b"not json", b"[1, 2]", b'{"label": "x", "credential": "text"}',
                     b'{"label": "x", "credential": {"response": 5}}'):  # fmt: skip
            resp = c.post("/account/passkeys", content=body, headers=csrf)
            assert resp.status_code == 422 and "error" in resp.json(), (body, resp.text)
    with TestClient(app) as c:
        for n in range(3):
            password_step(c, "alice", PASSWORD)
            good = auth.get(c.post("/login/passkey/options").json())
            bad = ["text", {"rawId": 5}, {**good, "response": {"clientDataJSON": "%%%"}}][n]
            resp = c.post("/login/passkey", json={"credential": bad})
            assert resp.status_code == 401 and "error" in resp.json(), resp.text
        assert c.get("/inbox", follow_redirects=False).status_code == 303
