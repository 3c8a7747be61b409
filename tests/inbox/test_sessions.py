"""Sessions that really end, sign-ins no stranger can block, TOTP, and what a failed
sign-in leaves behind; the user administration commands."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from inboxkit import PASSWORD, login

TYPED_SECRET = "Tr0ub4dor&3-in-the-name-field"


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from bursar.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    return code, out + err


def _form_login(client: TestClient, name: str, password: str, code: str = "") -> httpx.Response:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"username": name, "password": password, "code": code, "csrf": token}
    return client.post("/login", data=form, follow_redirects=False)


def _signed_in(client: TestClient) -> bool:
    return client.get("/inbox", follow_redirects=False).status_code == 200


@pytest.fixture
def server_process(inbox_home, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second inbox server: a real ``bursar inbox serve`` process on the same database."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bursar", "inbox", "serve", "--port", str(port)],
        env={**os.environ}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            httpx.get(f"{base}/login", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None:
                raise RuntimeError((tmp_path / "serve.log").read_text()) from None
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.slow
def test_logout_is_seen_by_a_separate_server_process(client, server_process) -> None:
    csrf = login(client, "bob")
    cookie = client.cookies.get("bursar_session")
    other = httpx.Client(base_url=server_process, cookies={"bursar_session": cookie})
    assert other.get("/inbox").status_code == 200  # the same session works there
    client.post("/logout", data={"csrf": csrf})
    assert other.get("/inbox", follow_redirects=False).status_code == 303
    other.close()


def test_password_change_ends_other_sessions_and_keeps_this_one(app) -> None:
    with TestClient(app) as here, TestClient(app) as elsewhere:
        csrf = login(here, "bob")
        login(elsewhere, "bob")
        form = {"csrf": csrf, "current": PASSWORD, "new": "a brand new phrase",
                "confirm": "a brand new phrase"}  # fmt: skip
        resp = here.post("/account/password", data=form)
        assert "Password changed" in resp.text
        assert _signed_in(here) and not _signed_in(elsewhere)
        assert _form_login(elsewhere, "bob", PASSWORD).status_code == 401
        assert _form_login(elsewhere, "bob", "a brand new phrase").status_code == 303


def test_role_change_and_idle_timeout_end_sessions(app, client) -> None:
    from bursar.db import session_scope
    from bursar.inbox.users import set_role

    login(client, "alice")
    with session_scope() as session:
        set_role(session, "alice", "clerk", actor="test")
    assert not _signed_in(client)
    login(client, "alice")
    assert _signed_in(client)
    app.state.book.idle = 1  # seconds
    time.sleep(1.5)
    assert not _signed_in(client)


def test_an_admin_unlocks_a_user_and_reset_enable_passwd_work(
    inbox_home, capsys, monkeypatch
) -> None:
    from bursar.inbox import create_app

    app = create_app()
    with TestClient(app, client=("10.1.1.1", 1)) as c:
        codes = [_form_login(c, "bob", "wrong").status_code for _ in range(5)]
        assert codes[:3] == [401, 401, 401] and codes[-1] == 429
        assert _form_login(c, "bob", PASSWORD).status_code == 429  # delayed, not locked
        assert _cli(["users", "unlock", "bob"], capsys)[0] == 0
        assert _form_login(c, "bob", PASSWORD).status_code == 303
    code, out = _cli(["users", "reset", "bob", "--json"], capsys)
    new = json.loads(out[out.index("{") :])["password"]
    with TestClient(app) as c:
        assert _form_login(c, "bob", PASSWORD).status_code == 401
        assert _form_login(c, "bob", new).status_code == 303
        assert _cli(["users", "disable", "bob"], capsys)[0] == 0
        assert not _signed_in(c)
        assert _cli(["users", "enable", "bob"], capsys)[0] == 0
        monkeypatch.setattr("sys.stdin", io.StringIO("yet another phrase\n"))
        assert _cli(["users", "passwd", "bob", "--password-stdin"], capsys)[0] == 0
        assert _form_login(c, "bob", "yet another phrase").status_code == 303
    assert _cli(["users", "unlock", "nobody"], capsys)[0] == 2


def test_controllers_need_totp_when_mfa_is_required(inbox_home, capsys, monkeypatch) -> None:
    import pyotp

    from bursar.config import reset_settings
    from bursar.inbox import create_app

    monkeypatch.setenv("BURSAR_REQUIRE_MFA", "true")
    reset_settings()
    with TestClient(create_app()) as c:
        resp = _form_login(c, "cora", PASSWORD)
        assert resp.status_code == 401 and "bursar users mfa cora" in resp.text
        assert _form_login(c, "alice", PASSWORD).status_code == 303  # approvers: optional
        code, out = _cli(["users", "mfa", "cora", "--json"], capsys)
        secret = json.loads(out[out.index("{") :])["secret"]
        assert _form_login(c, "cora", PASSWORD, "000000").status_code == 401
        used = pyotp.TOTP(secret).now()
        assert _form_login(c, "cora", PASSWORD, used).status_code == 303
        with TestClient(c.app) as replay:  # someone who watched the code being typed
            assert _form_login(replay, "cora", PASSWORD, used).status_code == 401
        basic = TestClient(c.app).get("/api/me", auth=("cora", PASSWORD))  # no cookie
        assert basic.status_code == 401 and "second factor" in basic.json()["error"]["message"]


def test_a_password_typed_as_user_name_is_stored_nowhere(client, inbox_home, capsys) -> None:
    from sqlalchemy import inspect, text

    from bursar import audit
    from bursar.db import get_engine, session_scope

    assert _form_login(client, TYPED_SECRET, "whatever").status_code == 401
    assert _form_login(client, "bob", TYPED_SECRET).status_code == 401
    engine = get_engine()
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                assert TYPED_SECRET not in " ".join(map(str, row)), table
    for fmt in ("jsonl", "csv"):
        code, out = _cli(["audit", "export", "--format", fmt], capsys)
        assert code == 0 and "user.login_failed" in out and TYPED_SECRET not in out
    with session_scope(write=False) as session:
        unknown = [json.loads(e.data) for e in audit.events_for(session, "user/?")]
    assert (
        unknown and unknown[0]["user"] == "unknown user" and len(unknown[0]["attempt_hmac"]) == 32
    )
    key = Path(os.environ["BURSAR_HOME"]) / "keys" / "signin.key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_a_server_error_changes_nothing_and_answers_with_headers(
    client, inbox_home, monkeypatch
) -> None:
    from test_findings import _counts

    before = _counts()

    def broken(*args, **kwargs):  # the rules engine fails half-way through
        raise RuntimeError("engine exploded")

    monkeypatch.setattr("bursar.inbox.corrections.redecide_in", broken)
    with TestClient(client.app, raise_server_exceptions=False) as c:
        resp = c.post(
            f"/api/documents/{inbox_home.docs['gloves1']}/corrections",
            json={"field": "total", "value": "49.00", "reason": "typo"},
            auth=("carla", PASSWORD),
        )
        assert resp.status_code == 500 and resp.json()["error"]["code"] == "server_error"
        assert resp.headers["x-frame-options"] == "DENY"
        assert _counts() == before
        monkeypatch.setattr("bursar.inbox.metrics.dashboard", broken)
        login(c, "carla")
        page = c.get("/dashboard")
        assert page.status_code == 500 and "Something went wrong" in page.text
        assert "engine exploded" not in page.text
        for header in ("content-security-policy", "x-content-type-options", "x-frame-options"):
            assert header in page.headers
