"""OpenID Connect sign-in in Chromium (issue 26): the login page's button, the real
provider's own login and consent pages, back to the inbox; removal from the group at the
provider sends the browser back to the login page at its next request."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit import oidcserver

CLIENT_ID, CLIENT_SECRET = "bursar-browser", "browser-client-Secret-5k2m"  # noqa: S105
ACCOUNTS = {"olga": {"name": "Olga Approver", "groups": ["bursar-approvers"]}}


@pytest.fixture
def provider() -> Iterator[oidcserver.Provider]:
    why = oidcserver.missing()
    if why:
        pytest.skip(why)
    p = oidcserver.Provider(CLIENT_ID, CLIENT_SECRET, [])  # redirect URI set once we serve
    yield p
    p.stop()


@pytest.fixture
def app(inbox_home, provider, monkeypatch):  # type: ignore[no-untyped-def]
    """The inbox app (served by ``live_server``) signing in at ``provider``."""
    from bursar.config import reset_settings
    from bursar.inbox import create_app, signin

    Path(os.environ["BURSAR_CONFIG"]).write_text(f"""
[signin]
backends = ["local", "oidc"]
recheck_seconds = 0
[[signin.groups]]
group = "bursar-approvers"
role = "approver"
[signin.oidc]
issuer = "{provider.issuer}"
client_id = "{CLIENT_ID}"
label = "Sign in with Example SSO"
""")
    monkeypatch.setenv("BURSAR_SECRET_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    reset_settings()
    signin.forget()
    return create_app()


def test_oidc_sign_in_in_chromium_and_removal_at_the_provider(
    chromium, provider, live_server, artifacts
) -> None:
    provider.config["redirect_uris"] = [f"{live_server}/login/oidc/callback"]
    provider.start(json.loads(json.dumps(ACCOUNTS)))
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        page.click("text=Sign in with Example SSO")
        page.wait_for_url(f"{provider.issuer}/interaction/**")
        page.fill("input[name=login]", "olga")
        page.fill("input[name=password]", "typed at the provider")
        page.click("button[type=submit]")
        page.wait_for_selector("button[type=submit]")  # the provider's consent page
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server}/inbox**")
        assert "olga" in page.content()
        me = page.request.get(f"{live_server}/api/me").json()
        assert me["name"] == "olga" and me["role"] == "approver"
        page.screenshot(path=str(artifacts / "signin-oidc-inbox.png"))
        provider.set_accounts({"olga": {"name": "Olga Approver", "groups": []}})
        page.goto(f"{live_server}/inbox")
        assert page.url.startswith(f"{live_server}/login")
    finally:
        context.close()
