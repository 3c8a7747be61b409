"""Every page renders for every kind of item, and the HTML forms enforce the same controls."""

from __future__ import annotations

import re

from inboxkit import login


def test_every_document_page_renders(client, inbox_home) -> None:
    login(client, "cora")
    for key, doc in inbox_home.docs.items():
        resp = client.get(f"/documents/{doc}")
        assert resp.status_code == 200, (key, resp.text[:500])
        assert 'name="csrf"' in resp.text
    assert client.get("/documents/999999").status_code == 404
    for url in (
        "/inbox?status=all&sort=vendor",
        "/inbox?status=decided",
        "/inbox?min=abc&sort=x",
        "/inbox?reason=quantity_over_received",
        "/dashboard",
        "/",
    ):
        assert client.get(url).status_code == 200, url


def test_forms_flash_why_an_action_was_refused(client, inbox_home) -> None:
    csrf = login(client, "bob")
    item = inbox_home.items["big"]
    resp = client.post(f"/items/{item}/approve", data={"csrf": csrf, "comment": "ok then"})
    assert resp.status_code == 200
    assert "over your approval limit" in resp.text
    resp = client.post(f"/items/{item}/reject", data={"csrf": csrf, "comment": ""})
    assert "comment is required" in resp.text


def test_bulk_approve_form(client, inbox_home) -> None:
    csrf = login(client, "bob")
    page = client.get("/inbox?reason=quantity_over_received")
    ids = re.findall(r'name="ids" value="(\d+)"', page.text)
    assert len(ids) == 2
    resp = client.post(
        "/items/bulk-approve",
        data={"csrf": csrf, "reason": "quantity_over_received", "ids": ids, "comment": "late GR"},
    )
    assert "Approved 0 item(s). Refused 2" in resp.text and "at least 10 characters" in resp.text
    assert 'name="reason_code"' in page.text and "receipt_pending" in page.text
    resp = client.post(
        "/items/bulk-approve",
        data={"csrf": csrf, "reason": "quantity_over_received", "ids": ids,
              "comment": "Goods receipt booked late", "reason_code": "receipt_pending"},
    )  # fmt: skip
    assert "Approved 2 item(s)." in resp.text


def test_bank_change_through_the_pages(client, inbox_home) -> None:
    csrf = login(client, "carla")
    doc = inbox_home.docs["bank"]
    page = client.get(f"/documents/{doc}")
    assert "Propose the printed IBAN" in page.text
    resp = client.post(f"/documents/{doc}/bank-change", data={"csrf": csrf})
    assert "a second person must confirm it" in resp.text
    client.post("/logout", data={"csrf": csrf})
    csrf = login(client, "cora")
    resp = client.post("/vendors/V001/bank-change/confirm", data={"csrf": csrf, "document": doc})
    assert "Bank details of V001 changed" in resp.text
