"""The six findings of issue 12, each as a test that failed on the inbox before the fix.

1. a clerk's correction brought an invoice under an approver's limit;
2. a bulk approval overrode blocking findings of other reasons;
3. a held item (and a duplicate) was approved by one other approver with "ok!";
4. a logged-out cookie still worked on another server process;
5. five failed sign-ins from one address locked out every user there;
6. a correction to 1e400 gave a 500 and left half-written data behind.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from inboxkit import PASSWORD, copy_document, login

AGREED = {"comment": "Agreed with the buyer by phone", "reason_code": "price_agreed"}


def auth(name: str) -> tuple[str, str]:
    return (name, PASSWORD)


def _counts() -> tuple[int, int, int, int]:
    from sqlmodel import func, select

    from bursar.db import session_scope
    from bursar.records import AuditEvent, Correction, Decision, Extraction

    with session_scope(write=False) as s:
        return tuple(  # type: ignore[return-value]
            s.exec(select(func.count()).select_from(t)).one()
            for t in (Correction, Extraction, Decision, AuditEvent)
        )


def test_1_a_correction_cannot_bring_an_invoice_under_the_limit(client, inbox_home) -> None:
    doc, item = inbox_home.docs["big"], inbox_home.items["big"]
    url = f"/api/documents/{doc}/corrections"
    # an amount correction needs a reason
    resp = client.post(url, json={"field": "total", "value": "9000.00"}, auth=auth("carla"))
    assert resp.status_code == 422 and "reason" in resp.json()["error"]["message"]
    body = {"field": "total", "value": "9000.00", "reason": "misread on the scan"}
    assert client.post(url, json=body, auth=auth("carla")).status_code == 200
    resp = client.post(f"/api/items/{item}/approve", json=AGREED, auth=auth("bob"))
    assert resp.status_code == 403, resp.text
    message = resp.json()["error"]["message"]
    assert "25,200.00" in message and "over your approval limit" in message
    login(client, "bob")
    page = client.get(f"/documents/{doc}").text
    assert "total corrected from 25,200.00 to 9,000.00 by carla" in page
    view = client.get(f"/api/documents/{doc}", auth=auth("bob")).json()
    assert view["limit_amount"]["value"] == "25200.00"
    assert view["limit_amount"]["basis"] == "as first extracted"
    assert view["amount_corrections"] == ["total corrected from 25,200.00 to 9,000.00 by carla"]


def test_2_bulk_approval_only_approves_items_whose_blocks_are_all_the_reason(
    client, inbox_home
) -> None:
    variance, big = inbox_home.items["variance"], inbox_home.items["big"]
    body = {"field": "total", "value": "1476.00", "reason": "misread total"}
    fixed = client.post(
        f"/api/documents/{inbox_home.docs['variance']}/corrections", json=body, auth=auth("carla")
    )
    assert fixed.status_code == 200, fixed.text  # leaves price_variance as the only block
    resp = client.post(
        "/api/items/bulk-approve",
        json={"reason": "price_variance", "ids": [variance, big], **AGREED},
        auth=auth("bob"),
    )
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert out["approved"] == [variance]
    skipped = {s["item"]: s["message"] for s in out["skipped"]}
    assert list(skipped) == [big] and "approval_required" in skipped[big]
    status = client.get(f"/api/documents/{inbox_home.docs['big']}", auth=auth("bob")).json()
    assert status["item"]["status"] == "open"
    # the list shows every blocking reason of an item, not "+1"
    login(client, "bob")
    row = re.search(rf'data-item="{big}".*?</tr>', client.get("/inbox").text, re.S)
    assert row and "Price variance" in row.group(0) and "Approval required" in row.group(0)
    assert "+1" not in row.group(0)


def test_3_held_items_and_duplicates_need_the_right_people(client, inbox_home) -> None:
    held = inbox_home.items["gloves1"]
    resp = client.post(
        f"/api/items/{held}/hold", json={"comment": "fraud suspected – DO NOT PAY"},
        auth=auth("alice"),
    )  # fmt: skip
    assert resp.status_code == 200
    for path in ("approve", "release"):
        resp = client.post(
            f"/api/items/{held}/{path}",
            json={"comment": "fine, goods arrived", "reason_code": "receipt_pending"},
            auth=auth("bob"),
        )
        assert resp.status_code == 403, (path, resp.text)
        assert "on hold" in resp.json()["error"]["message"]
    # a three-character comment overrides nothing
    resp = client.post(
        f"/api/items/{inbox_home.items['gloves2']}/approve", json={"comment": "ok!"},
        auth=auth("bob"),
    )  # fmt: skip
    assert resp.status_code == 422, resp.text
    # a duplicate cannot be approved by one person, even a controller
    dup_doc = copy_document(inbox_home.docs["gloves2"], "inv-gloves-2-again")
    dup = client.get(f"/api/documents/{dup_doc}", auth=auth("cora")).json()
    assert "duplicate_invoice" in {f["rule"] for f in dup["findings"]}
    item = dup["item"]["id"]
    sign = {
        "comment": "Vendor confirmed this is a separate delivery",
        "reason_codes": {
            "duplicate_invoice": "not_a_duplicate",
            "quantity_over_received": "receipt_pending",
        },
    }
    first = client.post(f"/api/items/{item}/approve", json=sign, auth=auth("cora"))
    assert first.status_code == 200 and first.json()["status"] == "open", first.text
    again = client.post(f"/api/items/{item}/approve", json=sign, auth=auth("cora"))
    assert again.status_code == 403 and "second person" in again.json()["error"]["message"]
    # the second person completes it, and the audit event names the authority used
    done = client.post(f"/api/items/{item}/approve", json=sign, auth=auth("bob"))
    assert done.status_code == 200 and done.json()["status"] == "approved", done.text
    events = client.get(f"/api/audit/inbox/{item}", auth=auth("audrey")).json()
    # cora's refused second approval is an audit event too (issue 22, item 10)
    assert [e["action"] for e in events][-3:] == [
        "inbox.signed_off", "inbox.decision_refused", "inbox.approved",
    ]  # fmt: skip
    used = events[-1]["data"]["authority"]
    assert used["required_role"] == "controller" and used["first_signoff"]["by"] == "cora"
    assert used["reason_codes"]["duplicate_invoice"] == "not_a_duplicate"


def test_4_a_logged_out_cookie_is_refused_by_another_server_process(inbox_home) -> None:
    from bursar.inbox import create_app

    with TestClient(create_app()) as first:
        csrf = login(first, "bob")
        cookie = first.cookies.get("bursar_session")
        assert first.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    with TestClient(create_app()) as second:  # another process: nothing shared in memory
        second.cookies.set("bursar_session", cookie)
        assert second.get("/inbox", follow_redirects=False).status_code == 303


def _attempt(client: TestClient, name: str, password: str) -> int:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"username": name, "password": password, "csrf": token}
    return client.post("/login", data=form, follow_redirects=False).status_code


def test_5_failures_for_one_user_lock_out_nobody_else(inbox_home) -> None:
    from bursar.inbox import create_app

    app = create_app()
    with TestClient(app, client=("10.0.0.66", 4000)) as stranger:
        assert [_attempt(stranger, "bob", "guess") for _ in range(5)][:3] == [401] * 3
        assert _attempt(stranger, "alice", PASSWORD) == 303  # another user, same address
    with TestClient(app, client=("10.0.0.5", 4000)) as office:
        assert _attempt(office, "bob", PASSWORD) == 303  # bob himself, from his own desk


def test_6_an_overflowing_correction_changes_nothing(client, inbox_home) -> None:
    doc, item = inbox_home.docs["gloves1"], inbox_home.items["gloves1"]
    before = _counts()
    with TestClient(client.app, raise_server_exceptions=False) as c:
        for value in ("1e400", "NaN", "-Infinity", "12.345", "1" * 40):
            resp = c.post(
                f"/api/documents/{doc}/corrections",
                json={"field": "total", "value": value, "reason": "typo"},
                auth=auth("carla"),
            )
            assert resp.status_code == 422, (value, resp.status_code, resp.text)
    assert _counts() == before
    view = client.get(f"/api/documents/{doc}", auth=auth("bob")).json()
    assert view["item"]["amount"] == "48.00" and view["item"]["id"] == item
