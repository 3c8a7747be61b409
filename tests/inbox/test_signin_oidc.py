"""OpenID Connect sign-in against a real, certified provider (node ``oidc-provider``,
started per test on a loopback port): the authorisation code flow with PKCE through the
provider's own login and consent pages, driven by an HTTP client; the groups claim maps
to a role; removal from the group or a disabled account ends access at the next request."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from devkit import oidcserver

CLIENT_ID, CLIENT_SECRET = "bursar-inbox", "client-Secret-for-tests-9f3k"  # noqa: S105
BASE = "http://testserver"
CALLBACK = f"{BASE}/login/oidc/callback"
ACCOUNTS = {
    "olga": {"name": "Olga Approver", "email": "olga@example.test",
             "groups": ["staff", "bursar-approvers"]},
    "omar": {"name": "Omar Outsider", "email": "omar@example.test", "groups": ["staff"]},
}  # fmt: skip
TOML = f"""
[signin]
backends = ["local", "oidc"]
recheck_seconds = 0

[[signin.groups]]
group = "bursar-controllers"
role = "controller"

[[signin.groups]]
group = "bursar-approvers"
role = "approver"
limit = "5000"

[signin.oidc]
issuer = "{{issuer}}"
client_id = "{CLIENT_ID}"
scopes = ["openid", "profile", "email", "groups"]
"""


@pytest.fixture
def provider() -> Iterator[oidcserver.Provider]:
    why = oidcserver.missing()
    if why:
        pytest.skip(why)
    p = oidcserver.Provider(CLIENT_ID, CLIENT_SECRET, [CALLBACK])
    try:
        yield p.start(json.loads(json.dumps(ACCOUNTS)))
    finally:
        p.stop()


@pytest.fixture
def oidc_client(inbox_home, provider, monkeypatch) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    from bursar.config import reset_settings
    from bursar.inbox import create_app, signin

    Path(os.environ["BURSAR_CONFIG"]).write_text(TOML.replace("{issuer}", provider.issuer))
    monkeypatch.setenv("BURSAR_SECRET_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    reset_settings()
    signin.forget()
    with TestClient(create_app(), base_url=BASE) as c:
        yield c


def _form(page: httpx.Response) -> tuple[str, dict[str, str]]:
    """Return the action and hidden fields of the first form on a provider page."""
    action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert action, page.text[:2000]
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"',
                             page.text))  # fmt: skip
    return urljoin(str(page.url), html.unescape(action.group(1))), fields


def _at_provider(start: str, login: str) -> str:
    """Go through the provider's login and consent pages as a browser would; return the
    URL it finally sends the browser to (Bursar's callback)."""
    with httpx.Client(timeout=10) as browser:
        resp = browser.get(start)
        for _ in range(12):
            if resp.is_redirect:
                target = urljoin(str(resp.url), resp.headers["location"])
                if target.startswith(CALLBACK):
                    return target
                resp = browser.get(target)
                continue
            assert resp.status_code == 200, (resp.status_code, resp.text[:1500])
            action, fields = _form(resp)
            if 'name="login"' in resp.text:
                fields.update(login=login, password="typed at the provider")
            resp = browser.post(action, data=fields)
    raise AssertionError("the provider never sent the browser back")


def _sign_in(client: TestClient, login: str, next_: str = "/inbox") -> httpx.Response:
    start = client.get(f"/login/oidc?next={next_}", follow_redirects=False)
    assert start.status_code == 303, start.text
    location = start.headers["location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["response_type"] == ["code"]
    back = _at_provider(location, login)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def _events(action: str, subject: str) -> list[dict]:
    from bursar.db import session_scope
    from bursar.records import AuditEvent

    with session_scope(write=False) as db:
        rows = db.exec(select(AuditEvent).where(AuditEvent.action == action)).all()
        return [json.loads(r.data) for r in rows if r.subject == subject]


def test_oidc_approver_signs_in_with_pkce_and_approves_within_limit(
    oidc_client, inbox_home
) -> None:
    from bursar.db import session_scope
    from bursar.records import SigninToken, User

    resp = _sign_in(oidc_client, "olga")
    assert resp.status_code == 303 and resp.headers["location"] == "/inbox", resp.text
    me = oidc_client.get("/api/me").json()
    assert me["name"] == "olga" and me["role"] == "approver"
    with session_scope(write=False) as db:
        olga = db.exec(select(User).where(User.name == "olga")).one()
        token = db.exec(select(SigninToken).where(SigninToken.user_name == "olga")).one()
    assert olga.approval_limit == Decimal("5000")
    assert token.access_token.startswith("enc1:")  # sealed with the secrets key
    signed = _events("user.signed_in", "user/olga")[-1]
    assert signed["source"] == "oidc" and "bursar-approvers" in signed["groups"]
    page = oidc_client.get("/inbox")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    headers = {"X-CSRF-Token": csrf}
    body = {"comment": "agreed with the buyer", "reason_code": "price_agreed"}
    big = oidc_client.post(f"/api/items/{inbox_home.items['big']}/approve", json=body,
                           headers=headers)  # fmt: skip
    assert big.status_code == 403 and "approval limit" in big.json()["error"]["message"]
    body["reason_code"] = "receipt_pending"
    ok = oidc_client.post(f"/api/items/{inbox_home.items['gloves1']}/approve", json=body,
                          headers=headers)  # fmt: skip
    assert ok.status_code == 200, ok.text
    doc = oidc_client.get(f"/api/documents/{inbox_home.docs['gloves1']}").json()
    assert doc["item"]["status"] == "approved" and doc["item"]["decided_by"] == "olga"


def test_oidc_user_removed_from_group_is_refused_at_next_request(oidc_client, provider) -> None:
    assert _sign_in(oidc_client, "olga").status_code == 303
    assert oidc_client.get("/api/me").status_code == 200
    accounts = json.loads(json.dumps(ACCOUNTS))
    accounts["olga"]["groups"] = ["staff"]
    provider.set_accounts(accounts)
    assert oidc_client.get("/api/me").status_code == 401
    page = oidc_client.get("/inbox", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert _events("user.access_revoked", "user/olga")[0]["reason"] == "no_group"
    again = _sign_in(oidc_client, "olga")
    assert again.status_code == 403 and "may not use Bursar" in again.text


def test_oidc_user_disabled_at_the_provider_is_refused_at_next_request(
    oidc_client, provider
) -> None:
    assert _sign_in(oidc_client, "olga").status_code == 303
    assert oidc_client.get("/api/me").status_code == 200
    accounts = json.loads(json.dumps(ACCOUNTS))
    accounts["olga"]["disabled"] = True
    provider.set_accounts(accounts)
    assert oidc_client.get("/api/me").status_code == 401
    assert _events("user.access_revoked", "user/olga")[0]["reason"] == "token_refused"


def test_oidc_user_without_a_bursar_group_is_refused(oidc_client) -> None:
    resp = _sign_in(oidc_client, "omar")
    assert resp.status_code == 403 and "may not use Bursar" in resp.text
    assert oidc_client.get("/api/me").status_code == 401
    assert _events("user.login_failed", "user/?")  # counted by the per-address throttle


def test_a_forged_state_or_a_replayed_code_is_refused(oidc_client) -> None:
    start = oidc_client.get("/login/oidc", follow_redirects=False)
    back = urlsplit(_at_provider(start.headers["location"], "olga"))
    query = parse_qs(back.query)
    forged = dict(query, state=["not-the-state"])
    qs = "&".join(f"{k}={v[0]}" for k, v in forged.items())
    resp = oidc_client.get(f"{back.path}?{qs}", follow_redirects=False)
    assert resp.status_code == 403 and "state" in resp.text
    assert oidc_client.get("/api/me").status_code == 401
    # the same answer twice: the first signs in, the provider refuses the code the second time
    start = oidc_client.get("/login/oidc", follow_redirects=False)
    back = urlsplit(_at_provider(start.headers["location"], "olga"))
    cookie = oidc_client.cookies.get("bursar_oidc")
    assert oidc_client.get(f"{back.path}?{back.query}", follow_redirects=False).status_code == 303
    oidc_client.cookies.set("bursar_oidc", cookie or "", path="/login/oidc")
    replay = oidc_client.get(f"{back.path}?{back.query}", follow_redirects=False)
    assert replay.status_code == 403 and "refused the code" in replay.text


def test_the_login_page_offers_the_provider(oidc_client) -> None:
    page = oidc_client.get("/login")
    assert "/login/oidc?next=" in page.text and "Sign in with your company account" in page.text


@pytest.mark.parametrize(
    ("field", "refusal"),
    [("nonce", "the ID token is not valid"), ("verifier", "refused the code")],
)
def test_a_wrong_nonce_or_pkce_verifier_is_refused(oidc_client, field, refusal) -> None:
    from itsdangerous import URLSafeTimedSerializer

    start = oidc_client.get("/login/oidc", follow_redirects=False)
    back = urlsplit(_at_provider(start.headers["location"], "olga"))
    signer = URLSafeTimedSerializer(oidc_client.app.state.secret, salt="bursar.inbox.oidc")
    pending = signer.loads(oidc_client.cookies.get("bursar_oidc"))
    pending[field] = pending[field][::-1]  # what an attacker's own sign-in would carry
    oidc_client.cookies.delete("bursar_oidc")
    oidc_client.cookies.set("bursar_oidc", signer.dumps(pending), path="/login/oidc")
    resp = oidc_client.get(f"{back.path}?{back.query}", follow_redirects=False)
    assert resp.status_code == 403 and refusal in resp.text
    assert oidc_client.get("/api/me").status_code == 401


@pytest.mark.parametrize("offline", [True, False], ids=["refresh-token", "no-refresh-token"])
def test_an_expired_access_token_is_refreshed_or_ends_the_session(
    inbox_home, monkeypatch, offline
) -> None:
    import time

    from bursar.config import reset_settings
    from bursar.db import session_scope
    from bursar.inbox import create_app, signin
    from bursar.records import SigninToken

    if oidcserver.missing():
        pytest.skip(oidcserver.missing())
    provider = oidcserver.Provider(CLIENT_ID, CLIENT_SECRET, [CALLBACK], access_token_ttl=5)
    try:
        provider.start(json.loads(json.dumps(ACCOUNTS)))
        toml = TOML.replace("{issuer}", provider.issuer)
        if offline:  # the provider gives a refresh token for offline_access after consent
            toml = toml.replace('"groups"]', '"groups", "offline_access"]\nprompt = "consent"')
        Path(os.environ["BURSAR_CONFIG"]).write_text(toml)
        monkeypatch.setenv("BURSAR_SECRET_OIDC_CLIENT_SECRET", CLIENT_SECRET)
        reset_settings()
        signin.forget()
        with TestClient(create_app(), base_url=BASE) as client:
            assert _sign_in(client, "olga").status_code == 303
            assert client.get("/api/me").status_code == 200

            def sealed() -> tuple[str, str | None]:
                with session_scope(write=False) as db:
                    row = db.exec(select(SigninToken)).one()
                    return row.access_token, row.refresh_token

            before = sealed()
            assert (before[1] is not None) == offline
            time.sleep(6)  # the access token has expired at the provider
            if not offline:
                assert client.get("/api/me").status_code == 401
                reason = _events("user.access_revoked", "user/olga")[0]["reason"]
                assert reason == "token_refused"
                return
            assert client.get("/api/me").status_code == 200  # refreshed on the way
            assert sealed()[0] != before[0]
            accounts = json.loads(json.dumps(ACCOUNTS))
            accounts["olga"]["disabled"] = True
            provider.set_accounts(accounts)
            # userinfo refuses the token of a disabled account, and so does the refresh
            assert client.get("/api/me").status_code == 401
    finally:
        provider.stop()


def test_a_second_factor_at_the_provider_is_required_for_mfa_roles(
    inbox_home, provider, monkeypatch
) -> None:
    from bursar.config import reset_settings
    from bursar.inbox import create_app, signin

    accounts = json.loads(json.dumps(ACCOUNTS))
    accounts["cleo"] = {"name": "Cleo Controller", "groups": ["bursar-controllers"]}
    provider.set_accounts(accounts)
    toml = "require_mfa = true\n" + TOML.replace("{issuer}", provider.issuer)
    Path(os.environ["BURSAR_CONFIG"]).write_text(toml)
    monkeypatch.setenv("BURSAR_SECRET_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    reset_settings()
    signin.forget()
    with TestClient(create_app(), base_url=BASE) as client:
        # the test provider signs in with a password only: its ID token has no amr
        resp = _sign_in(client, "cleo")
        assert resp.status_code == 403 and "second factor" in resp.text
        assert client.get("/api/me").status_code == 401
        assert _sign_in(client, "olga").status_code == 303  # approvers need none


def test_a_backend_without_its_table_or_an_unknown_role_stops_the_app(
    inbox_home, monkeypatch
) -> None:
    from bursar.config import reset_settings
    from bursar.errors import ConfigError
    from bursar.inbox import create_app

    config = Path(os.environ["BURSAR_CONFIG"])
    config.write_text('[signin]\nbackends = ["local", "oidc"]\n')
    reset_settings()
    with pytest.raises(ConfigError, match=r"no \[signin.oidc\] table"):
        create_app()
    config.write_text('[[signin.groups]]\ngroup = "g"\nrole = "boss"\n')
    reset_settings()
    with pytest.raises(ConfigError, match="unknown role 'boss'"):
        create_app()
