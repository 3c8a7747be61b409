"""Directory sign-in against a real OpenLDAP server (Debian's slapd, started per test on a
loopback port with a test directory): the approvers group maps to a role and limit, a
directory user approves within it, and removal from the group or a disabled account ends
access at the next request, on the form session and on HTTP Basic alike."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from devkit import ldapserver as L

SERVICE_PASSWORD = "svc-Secret-77"  # noqa: S105 - the test directory's
PEOPLE = f"ou=people,{L.SUFFIX}"
APPROVERS = f"cn=bursar-approvers,ou=groups,{L.SUFFIX}"
CONTROLLERS = f"cn=bursar-controllers,ou=groups,{L.SUFFIX}"
PASSWORDS = {"dana": "dana-Pw-2001", "erin": "erin-Pw-2002", "frank": "frank-Pw-2003",
             "alice": "alice-in-the-directory"}  # fmt: skip


def _toml(url: str, **over: object) -> str:
    ldap = {
        "url": url, "bind_dn": L.SERVICE_DN, "user_base": L.SUFFIX,
        "user_filter": "(&(objectClass=inetOrgPerson)(uid={username}))",
        "group_attribute": "memberOf", "disabled_filter": "(employeeType=disabled)",
    }  # fmt: skip
    ldap.update(over)
    lines = ["[signin]", 'backends = ["local", "ldap"]', "recheck_seconds = 0", ""]
    lines += ["[[signin.groups]]", f'group = "{CONTROLLERS}"', 'role = "controller"', ""]
    lines += ["[[signin.groups]]", f'group = "{APPROVERS.upper()}"', 'role = "approver"',
              'limit = "5000"', "", "[signin.ldap]"]  # fmt: skip
    lines += [f"{k} = {v!r}".replace("'", '"') for k, v in ldap.items() if v is not None]
    return "\n".join(lines) + "\n"


@pytest.fixture
def directory() -> Iterator[L.Directory]:
    why = L.missing()
    if why:
        pytest.skip(why)
    d = L.Directory().start()
    try:
        people = [L.person_ldif(u, p, f"{u.title()} Tester") for u, p in PASSWORDS.items()]
        d.add("\n".join([L.base_ldif(SERVICE_PASSWORD), *people,
                         L.group_ldif("bursar-approvers", ["dana", "alice"]),
                         L.group_ldif("bursar-controllers", ["erin"])]))  # fmt: skip
        yield d
    finally:
        d.stop()


def _configure(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bursar.config import reset_settings
    from bursar.inbox import signin

    Path(os.environ["BURSAR_CONFIG"]).write_text(text)
    monkeypatch.setenv("BURSAR_SECRET_LDAP_BIND_PASSWORD", SERVICE_PASSWORD)
    reset_settings()
    signin.forget()


@pytest.fixture
def ldap_client(inbox_home, directory, monkeypatch) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    from bursar.inbox import create_app

    _configure(_toml(directory.url), monkeypatch)
    with TestClient(create_app(), base_url="http://testserver") as c:
        yield c


def _form_login(client: TestClient, name: str, password: str, code: str = "") -> object:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client.post("/login", data={"username": name, "password": password, "code": code,
                                       "csrf": token}, follow_redirects=False)  # fmt: skip


def _csrf(client: TestClient) -> str:
    page = client.get("/inbox")
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def _events(action: str, subject: str | None = None) -> list[dict]:
    from bursar.db import session_scope
    from bursar.records import AuditEvent

    with session_scope(write=False) as db:
        rows = db.exec(select(AuditEvent).where(AuditEvent.action == action)).all()
        return [dict(json.loads(r.data or "{}"), _subject=r.subject, _actor=r.actor) for r in rows
                if subject is None or r.subject == subject]  # fmt: skip


def _user(name: str):  # type: ignore[no-untyped-def]
    from bursar.db import session_scope
    from bursar.records import User

    with session_scope(write=False) as db:
        return db.exec(select(User).where(User.name == name)).first()


def _drop_member(directory: L.Directory, group: str, uid: str) -> None:
    directory.modify(f"dn: {group}\nchangetype: modify\ndelete: member\n"
                     f"member: uid={uid},{PEOPLE}\n")  # fmt: skip


def _disable(directory: L.Directory, uid: str) -> None:
    directory.modify(f"dn: uid={uid},{PEOPLE}\nchangetype: modify\nadd: employeeType\n"
                     "employeeType: disabled\n")  # fmt: skip


def test_directory_approver_signs_in_and_approves_within_limit(ldap_client, inbox_home) -> None:
    resp = _form_login(ldap_client, "dana", PASSWORDS["dana"])
    assert resp.status_code == 303, resp.text
    csrf = _csrf(ldap_client)
    dana = _user("dana")
    assert (dana.role, dana.approval_limit) == ("approver", Decimal("5000"))
    assert not dana.password_hash.startswith("$argon2")  # no local password for her
    signed = _events("user.signed_in", "user/dana")
    assert signed and signed[-1]["source"] == "ldap" and APPROVERS in signed[-1]["groups"]
    assert _events("user.added", "user/dana")[-1]["subject"] == f"uid=dana,{PEOPLE}"
    headers = {"X-CSRF-Token": csrf}
    me = ldap_client.get("/api/me").json()
    assert me["name"] == "dana" and me["role"] == "approver"
    # within her limit: approved; above it (the 21,000 pump invoice): refused by the limit
    body = {"comment": "checked with the warehouse", "reason_code": "price_agreed"}
    big = ldap_client.post(f"/api/items/{inbox_home.items['big']}/approve", json=body,
                           headers=headers)  # fmt: skip
    assert big.status_code == 403 and "approval limit" in big.json()["error"]["message"]
    body["reason_code"] = "receipt_pending"
    ok = ldap_client.post(f"/api/items/{inbox_home.items['gloves1']}/approve", json=body,
                          headers=headers)  # fmt: skip
    assert ok.status_code == 200, ok.text
    item = ldap_client.get(f"/api/documents/{inbox_home.docs['gloves1']}").json()
    assert item["item"]["status"] == "approved" and item["item"]["decided_by"] == "dana"


def test_removed_from_group_loses_access_at_next_request(ldap_client, directory) -> None:
    assert _form_login(ldap_client, "dana", PASSWORDS["dana"]).status_code == 303
    _csrf(ldap_client)
    basic = ("dana", PASSWORDS["dana"])
    assert ldap_client.get("/api/items", auth=basic).status_code == 200
    _drop_member(directory, APPROVERS, "dana")
    page = ldap_client.get("/inbox", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert ldap_client.get("/api/me").status_code == 401
    assert ldap_client.get("/api/items", auth=basic).status_code == 401  # Basic too
    revoked = _events("user.access_revoked", "user/dana")
    assert len(revoked) == 1  # the Basic call and the sign-in had no session left to end
    assert revoked[0]["reason"] == "no_group" and revoked[0]["sessions_ended"] == 1
    again = _form_login(ldap_client, "dana", PASSWORDS["dana"])
    assert again.status_code == 401  # and she cannot sign in again


def test_disabled_account_loses_access_at_next_request(ldap_client, directory) -> None:
    assert _form_login(ldap_client, "dana", PASSWORDS["dana"]).status_code == 303
    _csrf(ldap_client)
    _disable(directory, "dana")
    assert ldap_client.get("/inbox", follow_redirects=False).status_code == 303
    assert _events("user.access_revoked", "user/dana")[-1]["reason"] == "disabled"
    assert _form_login(ldap_client, "dana", PASSWORDS["dana"]).status_code == 401


def test_group_change_changes_the_role_at_once_audited(ldap_client, directory) -> None:
    assert _form_login(ldap_client, "dana", PASSWORDS["dana"]).status_code == 303
    _csrf(ldap_client)
    directory.modify(f"dn: {CONTROLLERS}\nchangetype: modify\nadd: member\n"
                     f"member: uid=dana,{PEOPLE}\n")  # fmt: skip
    assert ldap_client.get("/api/me").json()["role"] == "controller"
    change = _events("user.role_changed", "user/dana")[-1]
    assert change["before"] == {"role": "approver", "approval_limit": "5000"}
    assert change["after"] == {"role": "controller", "approval_limit": None}


def test_wrong_or_empty_password_and_strangers_are_refused_and_throttled(ldap_client) -> None:
    assert _form_login(ldap_client, "dana", "not-her-password").status_code == 401
    # an empty password would be an anonymous bind that LDAP lets through (RFC 4513)
    assert _form_login(ldap_client, "dana", "").status_code in (401, 422)
    assert _form_login(ldap_client, "frank", PASSWORDS["frank"]).status_code == 401  # no group
    assert _form_login(ldap_client, "nobody", "whatever-pw").status_code == 401
    assert _user("frank") is None and _user("nobody") is None
    assert len(_events("user.login_failed")) >= 3
    # the per-name throttle applies to directory names as to local ones, whatever the case
    for typed in ("DANA", "Dana", "dAna", "daNa"):
        _form_login(ldap_client, typed, "wrong-again")
    throttled = _form_login(ldap_client, "dana", PASSWORDS["dana"])
    assert throttled.status_code == 429


def test_a_local_account_is_not_taken_over_by_a_directory_entry(ldap_client) -> None:
    from inboxkit import PASSWORD

    # alice is a local account and also a directory entry with another password
    assert _form_login(ldap_client, "alice", PASSWORDS["alice"]).status_code == 401
    assert _form_login(ldap_client, "alice", PASSWORD).status_code == 303
    assert _user("alice").password_hash.startswith("$argon2")


def test_second_factor_still_required_for_directory_controllers(
    inbox_home, directory, monkeypatch
) -> None:
    from bursar.inbox import create_app

    _configure("require_mfa = true\n" + _toml(directory.url), monkeypatch)
    with TestClient(create_app(), base_url="http://testserver") as client:
        resp = _form_login(client, "erin", PASSWORDS["erin"])
        assert resp.status_code == 401 and "second factor" in resp.text
        assert client.get("/api/items", auth=("erin", PASSWORDS["erin"])).status_code == 401


def test_direct_bind_with_group_search(inbox_home, directory, monkeypatch) -> None:
    from bursar.inbox import create_app

    toml = _toml(directory.url, user_dn_template=f"uid={{username}},{PEOPLE}",
                 group_attribute=None, group_base=f"ou=groups,{L.SUFFIX}",
                 group_filter="(member={dn})")  # fmt: skip
    _configure(toml, monkeypatch)
    with TestClient(create_app(), base_url="http://testserver") as client:
        assert _form_login(client, "dana", PASSWORDS["dana"]).status_code == 303
        assert client.get("/api/me").json()["role"] == "approver"
        _drop_member(directory, APPROVERS, "dana")
        assert client.get("/api/me").status_code == 401


def test_an_unreachable_directory_refuses_the_request(ldap_client, directory) -> None:
    assert _form_login(ldap_client, "dana", PASSWORDS["dana"]).status_code == 303
    _csrf(ldap_client)
    directory.stop()
    resp = ldap_client.get("/api/me")
    assert resp.status_code == 503 and "directory" in resp.json()["error"]["message"]
    assert SERVICE_PASSWORD not in resp.text


def test_the_recheck_cache_lasts_at_most_recheck_seconds(inbox_home, directory, monkeypatch):  # type: ignore[no-untyped-def]
    import time

    from bursar.inbox import create_app

    _configure(_toml(directory.url).replace("recheck_seconds = 0", "recheck_seconds = 1"),
               monkeypatch)  # fmt: skip
    with TestClient(create_app(), base_url="http://testserver") as client:
        assert _form_login(client, "dana", PASSWORDS["dana"]).status_code == 303
        assert client.get("/api/me").status_code == 200
        _disable(directory, "dana")
        time.sleep(1.2)  # past the cache: the next request asks the directory again
        assert client.get("/api/me").status_code == 401
        assert _events("user.access_revoked", "user/dana")[-1]["reason"] == "disabled"


def test_a_wrong_service_password_is_a_clear_error_that_never_shows_it(
    inbox_home, directory, monkeypatch, caplog
) -> None:
    from bursar.inbox import create_app

    _configure(_toml(directory.url), monkeypatch)
    monkeypatch.setenv("BURSAR_SECRET_LDAP_BIND_PASSWORD", "not-the-Service-pw-4411")
    with TestClient(create_app(), base_url="http://testserver") as client:
        resp = _form_login(client, "dana", PASSWORDS["dana"])
        assert resp.status_code == 503 and "service account" in resp.text
        assert "not-the-Service-pw-4411" not in resp.text + caplog.text
        assert PASSWORDS["dana"] not in resp.text + caplog.text


def test_a_directory_user_changes_the_password_at_the_directory(ldap_client) -> None:
    assert _form_login(ldap_client, "dana", PASSWORDS["dana"]).status_code == 303
    csrf = _csrf(ldap_client)
    form = {"current": PASSWORDS["dana"], "new": "a-New-password-1", "confirm": "a-New-password-1",
            "csrf": csrf}  # fmt: skip
    resp = ldap_client.post("/account/password", data=form, follow_redirects=False)
    assert resp.status_code == 422 and "kept by the directory" in resp.text
    assert _events("user.password_change_failed", "user/dana")[-1]["reason"] == "external"
    assert not _user("dana").password_hash.startswith("$argon2")  # no local password made


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_directory_sign_in_and_revocation_on_each_database(db_url, directory, monkeypatch):  # type: ignore[no-untyped-def]
    from alembic import command

    from bursar.db import alembic_config, dispose_engines, upgrade
    from bursar.inbox import create_app

    # migration 0007 goes down and up again on this database
    command.downgrade(alembic_config(db_url), "0006")
    dispose_engines()
    upgrade(db_url)
    dispose_engines()
    _configure(_toml(directory.url), monkeypatch)
    with TestClient(create_app(), base_url="http://testserver") as client:
        assert _form_login(client, "dana", PASSWORDS["dana"]).status_code == 303
        assert client.get("/api/me").json()["role"] == "approver"
        _drop_member(directory, APPROVERS, "dana")
        assert client.get("/api/me").status_code == 401
    assert _events("user.access_revoked", "user/dana")[0]["reason"] == "no_group"


def test_a_moved_directory_entry_is_followed_and_audited(ldap_client, directory) -> None:
    assert _form_login(ldap_client, "dana", PASSWORDS["dana"]).status_code == 303
    assert ldap_client.get("/api/me").status_code == 200
    directory.add(f"dn: ou=finance,{L.SUFFIX}\nobjectClass: organizationalUnit\nou: finance\n")
    directory.modify(f"dn: uid=dana,{PEOPLE}\nchangetype: modrdn\nnewrdn: uid=dana\n"
                     f"deleteoldrdn: 1\nnewsuperior: ou=finance,{L.SUFFIX}\n")  # fmt: skip
    # user_base is the whole tree here, so the entry is still found, under its new DN
    assert ldap_client.get("/api/me").status_code == 200
    moved = _events("user.identity_changed", "user/dana")[-1]
    assert moved["after"] == {"subject": f"uid=dana,ou=finance,{L.SUFFIX}"}
