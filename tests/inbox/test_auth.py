"""Nothing is reachable without a session; CSRF, login throttling, expiry and logout."""

from __future__ import annotations

import json
import re
import time

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from inboxkit import PASSWORD, login
from starlette.routing import Mount, Route

# the passkey step (its own cookie) and OIDC sign-in (issue 26)
PUBLIC = {
    "/login",
    "/login/passkey",
    "/login/passkey/options",
    "/login/oidc",
    "/login/oidc/callback",
}


def _concrete(path: str) -> str:
    path = path.replace("{vendor_id}", "V001").replace("{kind}", "document").replace("{key}", "1")
    return re.sub(r"\{[^}]+\}", "1", path)


def all_routes(routes: list) -> list[Route]:
    """Return every endpoint route, looking inside included routers (FastAPI keeps them lazy)."""
    out: list[Route] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            out += all_routes(inner.routes)
        elif isinstance(route, (APIRoute, Route)) and not isinstance(route, Mount):
            out.append(route)
    return out


def test_every_route_without_a_session_is_refused(app) -> None:
    client = TestClient(app)
    checked = 0
    for route in all_routes(app.routes):
        if route.path in PUBLIC:
            continue
        for method in sorted(route.methods or []):
            if method == "HEAD":
                continue
            resp = client.request(method, _concrete(route.path), follow_redirects=False)
            checked += 1
            if route.path.startswith("/api") or route.path == "/metrics":
                assert resp.status_code == 401, (method, route.path, resp.status_code)
                assert "www-authenticate" not in resp.headers  # no browser Basic prompt
            else:
                assert resp.status_code == 303, (method, route.path, resp.status_code)
                assert resp.headers["location"].startswith("/login")
    assert checked >= 25


def test_static_files_and_login_page_are_public(client) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/login").status_code == 200


def test_forged_csrf_token_is_refused(client, inbox_home) -> None:
    login(client, "bob")
    item = inbox_home.items["gloves1"]
    resp = client.post(f"/items/{item}/approve", data={"csrf": "forged", "comment": "fine"})
    assert resp.status_code == 403
    resp = client.post(f"/items/{item}/approve", data={"comment": "no token at all"})
    assert resp.status_code == 403
    # cookie-authenticated API calls need the header token too
    resp = client.post(f"/api/items/{item}/approve", json={"comment": "fine"})
    assert resp.status_code == 403
    assert client.get("/api/items?status=open").json()["items"][0]["status"] == "open"
    statuses = {r["id"]: r["status"] for r in client.get("/api/items?status=all").json()["items"]}
    assert statuses[item] == "open"


def test_csrf_header_lets_the_session_call_the_api(client, inbox_home) -> None:
    csrf = login(client, "bob")
    item = inbox_home.items["gloves1"]
    resp = client.post(
        f"/api/items/{item}/hold", json={"comment": "waiting"}, headers={"X-CSRF-Token": csrf}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "hold"


def test_login_is_throttled_after_repeated_failures(client) -> None:
    page = client.get("/login")
    for _ in range(3):  # a few are free; then each failure adds a growing delay
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        page = client.post("/login", data={"username": "bob", "password": "nope", "csrf": token})
        assert page.status_code == 401
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    resp = client.post("/login", data={"username": "bob", "password": PASSWORD, "csrf": token})
    assert resp.status_code == 429
    assert "Too many failed attempts" in resp.text


def test_login_form_needs_its_token(client) -> None:
    client.get("/login")
    resp = client.post("/login", data={"username": "bob", "password": PASSWORD, "csrf": "x"})
    assert resp.status_code == 403


def test_open_redirect_after_login_is_not_followed(client) -> None:
    page = client.get("/login?next=//evil.example/x")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    resp = client.post(
        "/login",
        data={"username": "bob", "password": PASSWORD, "csrf": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert resp.headers["location"] == "/inbox"


def test_logout_ends_the_session(client) -> None:
    csrf = login(client, "bob")
    cookie = client.cookies.get("bursar_session")
    resp = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert resp.status_code == 303
    client.cookies.set("bursar_session", cookie)  # replaying the old cookie
    assert client.get("/inbox", follow_redirects=False).status_code == 303


def test_sessions_expire(inbox_home) -> None:
    from bursar.inbox import create_app

    with TestClient(create_app(session_max_age=1)) as client:
        login(client, "bob")
        time.sleep(2.1)
        assert client.get("/inbox", follow_redirects=False).status_code == 303


def test_disabled_user_is_locked_out_at_once(client) -> None:
    from bursar.db import session_scope
    from bursar.inbox.users import disable_user

    login(client, "bob")
    with session_scope() as session:
        disable_user(session, "bob", actor="test")
    assert client.get("/inbox", follow_redirects=False).status_code == 303
    assert client.get("/api/me", auth=("bob", PASSWORD)).status_code == 401


def test_basic_auth_for_scripts(client) -> None:
    assert client.get("/api/me", auth=("alice", PASSWORD)).json()["role"] == "approver"
    resp = client.get("/api/me", auth=("alice", "wrong"))
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"].startswith("Basic")


def test_a_cookie_signed_with_another_key_is_ignored(client) -> None:
    from itsdangerous import URLSafeTimedSerializer

    forged = URLSafeTimedSerializer("guess", salt="bursar.inbox.session").dumps(
        {"u": "admin", "sid": "x", "csrf": "y"}
    )
    client.cookies.set("bursar_session", forged)
    assert client.get("/inbox", follow_redirects=False).status_code == 303


def test_generated_secret_is_private(inbox_home) -> None:
    from bursar.config import get_settings
    from bursar.inbox.security import SECRET_FILE, load_secret

    settings = get_settings()
    secret = load_secret(settings)
    path = settings.home_dir / SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_secret(settings) == secret


WRONG = "not-the-password"


def _fail(client, name: str, password: str = WRONG) -> int:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    form = {"username": name, "password": password, "csrf": token}
    return client.post("/login", data=form, follow_redirects=False).status_code


WINDOW = 6.0


def test_failed_logins_are_audited_and_survive_a_restart(inbox_home) -> None:
    from bursar import audit
    from bursar.db import session_scope
    from bursar.inbox import create_app

    # The window is long enough that a loaded CI machine's slow start of the second app
    # does not let it lapse before the lockout is checked.
    with TestClient(create_app(login_limit=3, login_window=WINDOW)) as first:
        assert [_fail(first, "bob") for _ in range(3)] == [401, 401, 401]
    # A new server process knows nothing in memory; the audit trail still counts.
    with TestClient(create_app(login_limit=3, login_window=WINDOW)) as second:
        assert _fail(second, "bob", PASSWORD) == 429
        basic = second.get("/api/me", auth=("bob", PASSWORD))
        assert basic.status_code == 401  # the API's Basic auth is locked out too
        time.sleep(WINDOW + 0.1)  # the window passes
        assert _fail(second, "bob", PASSWORD) == 303  # right password, signed in
        assert _fail(second, "bob") == 401  # a success starts the count again
        assert _fail(second, "bob", PASSWORD) == 303
    with session_scope(write=False) as session:
        events = [e for e in audit.events_for(session, "user/bob") if e.action.startswith("user.")]
        assert audit.verify(session).ok
    failed = [json.loads(e.data) for e in events if e.action == "user.login_failed"]
    assert len(failed) == 4 and {f["via"] for f in failed} == {"form"}
    assert all("password" not in e.data and PASSWORD not in e.data for e in events)
