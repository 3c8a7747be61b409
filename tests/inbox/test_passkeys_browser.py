"""Passkeys in a real browser: Debian's Chromium with its virtual authenticator (CDP
``WebAuthn`` domain), against a live server whose ``inbox_url`` is the page's origin.

Register a passkey on the account page, sign out, sign in with password + passkey, approve
an item; an authenticator without the credential, and a clone with an old counter, are
refused."""

from __future__ import annotations

import json

import pytest
from inboxkit import PASSWORD

pytestmark = pytest.mark.browser

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def _events(action: str) -> list[dict]:
    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        return [
            json.loads(e.data)
            for e in audit.events_for(session, "user/alice")
            if e.action == action
        ]


def _password(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _sign_out(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/inbox")
    page.click("text=Log out")
    page.wait_for_url("**/login")


def test_register_a_passkey_sign_in_with_it_and_approve_in_chromium(
    chromium, live_server, inbox_home, artifacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bursar.config import reset_settings

    # WebAuthn wants a host name, not an address, as the relying party: use localhost
    base = live_server.replace("127.0.0.1", "localhost")
    monkeypatch.setenv("BURSAR_INBOX_URL", base)
    reset_settings()
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    first = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})[
        "authenticatorId"
    ]

    # signed in with the password alone (no second factor yet), add a passkey
    _password(page, base)
    page.wait_for_url(f"{base}/inbox")
    page.goto(f"{base}/account/password")
    page.click("#passkeys-link")
    page.fill("#add-passkey input[name=label]", "laptop")
    page.fill("#add-passkey input[name=password]", "not my password")
    page.click("#add-passkey button[type=submit]")
    page.wait_for_selector("#passkey-error:not([hidden])")
    assert "current password is wrong" in page.locator("#passkey-error").inner_text()
    page.fill("#add-passkey input[name=password]", PASSWORD)
    page.click("#add-passkey button[type=submit]")
    page.wait_for_selector("#passkey-list td.label")
    assert page.locator("#passkey-list td.label").inner_text() == "laptop"
    assert "Passkey 'laptop' added." in page.locator(".flash-ok").inner_text()
    page.screenshot(path=str(artifacts / "passkeys-account.png"), full_page=True)
    creds = cdp.send("WebAuthn.getCredentials", {"authenticatorId": first})["credentials"]
    assert len(creds) == 1 and creds[0]["rpId"] == "localhost"
    snapshot = dict(creds[0])  # what a cloner would copy now, counter included
    added = _events("user.passkey_added")
    assert added and added[0]["after"] == {"passkeys": ["laptop"]}
    assert snapshot["credentialId"] not in json.dumps(added)

    # sign out; the password alone no longer signs in: the passkey step follows
    _sign_out(page, base)
    _password(page, base)
    page.wait_for_selector("#use-passkey")
    assert page.goto(f"{base}/inbox").url.startswith(f"{base}/login")
    _password(page, base)
    page.click("#use-passkey")
    page.wait_for_url(f"{base}/inbox")
    assert _events("user.login")[-1]["factor"] == "passkey"

    # and approves an item within the limit
    page.goto(f"{base}/documents/{inbox_home.docs['variance']}")
    page.fill("#approve-comment", "Price increase agreed with buyer")
    page.select_option("select[name='reason_code.price_variance']", "price_agreed")
    page.click("#approve")
    page.wait_for_load_state()
    assert "approved by alice" in page.locator(".flash").inner_text()
    _sign_out(page, base)

    # an authenticator that does not hold the credential: the browser finds no passkey
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": first})
    empty = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})[
        "authenticatorId"
    ]
    _password(page, base)
    page.click("#use-passkey")
    page.wait_for_selector("#passkey-error:not([hidden])", timeout=90_000)
    assert "No passkey of this account answered" in page.locator("#passkey-error").inner_text()
    assert page.goto(f"{base}/inbox").url.startswith(f"{base}/login")
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": empty})

    # a clone made before the last sign-in: its counter is behind the server's
    clone = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})[
        "authenticatorId"
    ]
    cdp.send("WebAuthn.addCredential", {"authenticatorId": clone, "credential": snapshot})
    _password(page, base)
    page.click("#use-passkey")
    page.wait_for_selector("#passkey-error:not([hidden])")
    assert "Wrong user name, password or passkey" in page.locator("#passkey-error").inner_text()
    assert page.goto(f"{base}/inbox").url.startswith(f"{base}/login")
    regressed = _events("user.passkey_counter_regressed")
    assert len(regressed) == 1 and regressed[0]["passkey"]["label"] == "laptop"
    assert errors == []
    context.close()
