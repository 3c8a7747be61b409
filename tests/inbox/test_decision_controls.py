"""Issue 22: approval controls attacked from the inbox's own paths (API, form, bulk).

* A currency correction does not bring an invoice under an approval limit, nor lift its
  ``approval_required`` finding; it needs a reason and the approver is told of it.
* A hold never hands someone the right to decide or re-assign another person's item.
* Every refused decision is an audit event; the item is left as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from inboxkit import PASSWORD, copy_document, login

REASON = "Agreed with the buyer"


def auth(name: str) -> tuple[str, str]:
    return (name, PASSWORD)


@pytest.fixture
def browser(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """A second client for the form paths, so its session cookie never meets the API's
    basic-auth calls."""
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def _events(subject: str) -> list[Any]:
    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        return audit.events_for(session, subject)


def _refusals(item: int) -> list[dict[str, Any]]:
    return [
        {**json.loads(e.data), "actor": e.actor}
        for e in _events(f"inbox/{item}")
        if e.action == "inbox.decision_refused"
    ]


def _item(client: TestClient, item: int) -> dict[str, Any]:
    """Return the item as the document API shows it (status, assignee, holder, ...)."""
    rows = client.get("/api/items?status=all&limit=1000", auth=auth("audrey")).json()["items"]
    doc = next(r["document_id"] for r in rows if r["id"] == item)
    return client.get(f"/api/documents/{doc}", auth=auth("audrey")).json()["item"]


def _verify() -> None:
    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        assert audit.verify(session).ok


# --- item 1: a currency correction and the approval limit ---------------------------------------


def _invoice_69k(inbox_home, po_currency: str = "GBP") -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Return (document, item) of a 69,000.00 GBP invoice that matches its PO line: with a
    GBP PO its only blocking finding is ``approval_required`` (above the pack's 25,000
    automatic limit)."""
    from sqlmodel import col, select

    from bursar.db import session_scope
    from bursar.ingest.process import redecide
    from bursar.records import (
        Extraction,
        GoodsReceiptLine,
        InboxItem,
        PurchaseOrder,
        PurchaseOrderLine,
    )

    po = "4500069000"
    with session_scope() as session:
        session.add(PurchaseOrder(po_number=po, vendor_id="V001", currency=po_currency))
        session.flush()
        session.add(
            PurchaseOrderLine(
                po_number=po, line_no="10", sku="SRV-1", description="Consulting services",
                quantity=Decimal("1"), unit_price=Decimal("57500.00"),
            )
        )  # fmt: skip
        session.add(
            GoodsReceiptLine(
                receipt_id="GR-69K", po_number=po, line_no="10",
                quantity_received=Decimal("1"), received_on=date(2026, 3, 2),
            )
        )  # fmt: skip
    header = {"invoice_number": "INV-69K", "po_number": po, "subtotal": "57500.00",
              "tax_amount": "11500.00", "total": "69000.00"}  # fmt: skip
    doc = copy_document(inbox_home.docs["clean"], "inv-69k", header)
    with session_scope() as session:
        ext = session.exec(select(Extraction).where(Extraction.document_id == doc)).one()
        ext.result = {
            **ext.result,
            "lines": [
                {"description": "Consulting services", "sku": "SRV-1", "quantity": "1",
                 "unit": "EA", "unit_price": "57500.00", "amount": "57500.00",
                 "tax_rate": "20", "po_line": "10", "confidence": 0.97, "page": 1}
            ],
        }  # fmt: skip
        session.add(ext)
    redecide(doc, actor="pipeline")
    with session_scope(write=False) as session:
        item = session.exec(
            select(InboxItem).where(InboxItem.document_id == doc).order_by(col(InboxItem.id))
        ).one()
    return doc, item.id or 0


def _blocking(client: TestClient, doc: int) -> set[str]:
    findings = client.get(f"/api/documents/{doc}", auth=auth("audrey")).json()["findings"]
    return {f["rule"] for f in findings if f["severity"] == "block"}


def _limits_in_eur(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Limits in EUR, rates for GBP and JPY, and dana: an approver with a 1,000 EUR limit."""
    from bursar.config import reset_settings
    from bursar.db import session_scope
    from bursar.inbox.users import add_user

    monkeypatch.setenv("BURSAR_BASE_CURRENCY", "EUR")
    monkeypatch.setenv("BURSAR_FX_RATES", json.dumps({"GBP": "1.16", "JPY": "0.0062"}))
    reset_settings()
    with session_scope() as session:
        add_user(session, "dana", "approver", PASSWORD, limit=Decimal("1000"))


def test_a_currency_correction_does_not_lift_the_approval_limit(
    client, browser, inbox_home, monkeypatch
) -> None:
    _limits_in_eur(monkeypatch)
    doc, item = _invoice_69k(inbox_home)
    assert _blocking(client, doc) == {"approval_required"}  # 80,040 EUR as printed

    # the clerk's currency correction needs a reason, like an amount's
    fix = {"field": "currency", "value": "JPY"}
    resp = client.post(f"/api/documents/{doc}/corrections", json=fix, auth=auth("carla"))
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "reason_required"
    fix["reason"] = "currency misread"
    resp = client.post(f"/api/documents/{doc}/corrections", json=fix, auth=auth("carla"))
    assert resp.status_code == 200, resp.text
    # 69,000 JPY is under the pack's JPY limit, but the invoice was read in GBP: still needed
    assert "approval_required" in _blocking(client, doc)

    note = "currency corrected from GBP to JPY by carla"
    body = {"comment": "ok to pay this one"}
    # API: compared at the GBP rate (80,040.00 EUR), not at JPY's (427.80 EUR)
    resp = client.post(f"/api/items/{item}/approve", json=body, auth=auth("dana"))
    assert resp.status_code == 403, resp.text
    message = resp.json()["error"]["message"]
    assert "69000.00 GBP (80040.00 EUR at 1.16) is over your approval limit of 1000 EUR" in message
    assert note in message
    # form: the same refusal, and the approver is told of the correction on the page
    csrf = login(browser, "dana")
    assert note in browser.get(f"/documents/{doc}").text
    page = browser.post(f"/items/{item}/approve", data={"csrf": csrf, "comment": body["comment"]})
    assert "over your approval limit of 1000 EUR" in page.text
    assert _item(client, item)["status"] == "open"
    refused = _refusals(item)
    assert [(r["attempted"], r["via"], r["actor"]) for r in refused] == [
        ("approve", "api", "dana"),
        ("approve", "form", "dana"),
    ]
    assert all("80040.00 EUR" in r["reason"] for r in refused)
    # a controller (limit 100,000 EUR) may approve it, and the event says what was compared
    resp = client.post(f"/api/items/{item}/approve", json=body, auth=auth("cora"))
    assert resp.status_code == 200, resp.text
    approved = next(e for e in _events(f"inbox/{item}") if e.action == "inbox.approved")
    data = json.loads(approved.data)
    assert (data["currency"], data["fx_rate"], data["in_limit_currency"]) == (
        "GBP",
        "1.16",
        "80040.00",
    )
    _verify()


def test_a_currency_correction_does_not_lift_the_limit_in_bulk(
    client, browser, inbox_home, monkeypatch
) -> None:
    """The invoice was read as GBP against a JPY PO; the clerk corrects it to JPY, which
    clears the currency mismatch and leaves it a bulk candidate of ``approval_required``."""
    _limits_in_eur(monkeypatch)
    doc, item = _invoice_69k(inbox_home, po_currency="JPY")
    assert _blocking(client, doc) == {"currency_mismatch", "approval_required"}
    fix = {"field": "currency", "value": "JPY", "reason": "yen sign read as pound"}
    resp = client.post(f"/api/documents/{doc}/corrections", json=fix, auth=auth("carla"))
    assert resp.status_code == 200, resp.text
    assert _blocking(client, doc) == {"approval_required"}

    bulk = {"reason": "approval_required", "ids": [item], "comment": "within budget"}
    out = client.post("/api/items/bulk-approve", json=bulk, auth=auth("dana")).json()
    assert out["approved"] == [] and len(out["refused"]) == 1, out
    assert "69000.00 GBP (80040.00 EUR at 1.16) is over" in out["refused"][0]["message"]
    csrf = login(browser, "dana")
    page = browser.post("/items/bulk-approve", data={"csrf": csrf, **bulk})
    assert "Approved 0 item(s). Refused 1" in page.text
    assert _item(client, item)["status"] == "open"
    refused = _refusals(item)
    assert [(r["attempted"], r["via"], r["actor"]) for r in refused] == [
        ("approve", "bulk", "dana")
    ] * 2
    assert all("80040.00 EUR" in r["reason"] for r in refused)


# --- item 2: a hold does not take over someone else's assignment ---------------------------------

QOR = {"comment": "Goods receipt booked late", "reason_code": "receipt_pending"}


def test_a_hold_does_not_take_over_an_assignment(client, browser, inbox_home) -> None:
    item = inbox_home.items["gloves1"]
    assign = client.post(f"/api/items/{item}/assign", json={"assignee": "bob"}, auth=auth("carla"))
    assert assign.json()["status"] == "open"
    resp = client.post(f"/api/items/{item}/approve", json=QOR, auth=auth("alice"))
    assert resp.status_code == 403 and "assigned to bob" in resp.json()["error"]["message"]
    # anyone who may hold can stop the payment ...
    held = client.post(f"/api/items/{item}/hold", json={"comment": "mine"}, auth=auth("alice"))
    assert held.json()["status"] == "hold"
    # ... but the hold does not make it theirs: no approval, rejection or re-assignment
    for verb, body in (("approve", QOR), ("reject", {"comment": "not ours"})):
        resp = client.post(f"/api/items/{item}/{verb}", json=body, auth=auth("alice"))
        assert resp.status_code == 403 and "assigned to bob" in resp.json()["error"]["message"]
    resp = client.post(f"/api/items/{item}/assign", json={"assignee": "alice"}, auth=auth("alice"))
    assert resp.status_code == 403 and "assigned to bob" in resp.json()["error"]["message"]
    csrf = login(browser, "alice")
    page = browser.post(f"/items/{item}/approve", data={"csrf": csrf, **QOR})
    assert "assigned to bob: only they or a controller may approve it" in page.text
    page = browser.post(f"/items/{item}/assign", data={"csrf": csrf, "assignee": "alice"})
    assert "assigned to bob: only they or a controller may re-assign it" in page.text
    out = client.post(
        "/api/items/bulk-approve",
        json={"reason": "quantity_over_received", "ids": [item], **QOR},
        auth=auth("alice"),
    ).json()
    assert out["approved"] == [] and "assigned to bob" in out["refused"][0]["message"]
    row = _item(client, item)
    assert (row["status"], row["assigned_to"], row["held_by"]) == ("hold", "bob", "alice")
    # the assignee decides it, over the hold
    resp = client.post(f"/api/items/{item}/approve", json=QOR, auth=auth("bob"))
    assert resp.status_code == 200 and resp.json()["status"] == "approved", resp.text


def test_a_clerk_hold_does_not_take_over_an_assignment(client, browser, inbox_home) -> None:
    item = inbox_home.items["gloves2"]
    resp = client.post(f"/api/items/{item}/assign", json={"assignee": "bob"}, auth=auth("cora"))
    assert resp.status_code == 200
    held = client.post(f"/api/items/{item}/hold", json={"comment": "ask"}, auth=auth("carla"))
    assert held.json()["status"] == "hold"
    resp = client.post(f"/api/items/{item}/assign", json={"assignee": "carla"}, auth=auth("carla"))
    assert resp.status_code == 403 and "assigned to bob" in resp.json()["error"]["message"]
    csrf = login(browser, "carla")
    page = browser.post(f"/items/{item}/assign", data={"csrf": csrf, "assignee": "alice"})
    assert "assigned to bob: only they or a controller may re-assign it" in page.text
    assert _item(client, item)["assigned_to"] == "bob"
    # the holder may lift their own hold; the item goes back to bob as it was
    resp = client.post(f"/api/items/{item}/release", json={}, auth=auth("carla"))
    assert resp.status_code == 200
    row = _item(client, item)
    assert (row["status"], row["assigned_to"], row["held_by"]) == ("open", "bob", None)
    # a controller may re-assign it
    resp = client.post(f"/api/items/{item}/assign", json={"assignee": "alice"}, auth=auth("cora"))
    assert resp.status_code == 200


# --- item 10: refused decisions are audit events ------------------------------------------------


def _snapshot(client: TestClient, item: int) -> dict[str, Any]:
    row = _item(client, item)
    return {k: row.get(k) for k in ("status", "assigned_to", "held_by", "decided_by", "amount")}


def test_refused_decisions_are_audited_and_change_nothing(client, browser, inbox_home) -> None:
    big, variance, gloves = (inbox_home.items[k] for k in ("big", "variance", "gloves1"))
    before = {i: _snapshot(client, i) for i in (big, variance, gloves)}
    body = {"comment": "agreed with the buyer", "reason_code": "price_agreed"}
    # limit (API and form)
    assert client.post(f"/api/items/{big}/approve", json=body, auth=auth("bob")).status_code == 403
    csrf = login(browser, "bob")
    page = browser.post(f"/items/{big}/approve", data={"csrf": csrf, **body})
    assert "over your approval limit" in page.text
    # segregation of duties
    fix = {"field": "total", "value": "1476.00", "reason": "misread total"}
    doc = inbox_home.docs["variance"]
    assert client.post(f"/api/documents/{doc}/corrections", json=fix, auth=auth("alice")).is_success
    before[variance] = _snapshot(client, variance)
    resp = client.post(f"/api/items/{variance}/approve", json=body, auth=auth("alice"))
    assert resp.status_code == 403
    # role, and a missing comment on a rejection
    resp = client.post(f"/api/items/{gloves}/approve", json=QOR, auth=auth("carla"))
    assert resp.status_code == 403
    resp = client.post(f"/api/items/{gloves}/reject", json={}, auth=auth("bob"))
    assert resp.status_code == 422
    # bulk
    out = client.post(
        "/api/items/bulk-approve",
        json={"reason": "quantity_over_received", "ids": [gloves], **QOR},
        auth=auth("carla"),
    ).json()
    assert out["approved"] == [] and len(out["refused"]) == 1, out
    # an unknown item is a 404 with nothing to record
    assert client.post("/api/items/999999/approve", json=body, auth=auth("bob")).status_code == 404

    assert {i: _snapshot(client, i) for i in before} == before  # nothing changed
    got = {
        i: [(r["actor"], r["attempted"], r["via"], r["code"]) for r in _refusals(i)] for i in before
    }
    assert got == {
        big: [("bob", "approve", "api", "refused"), ("bob", "approve", "form", "refused")],
        variance: [("alice", "approve", "api", "refused")],
        gloves: [
            ("carla", "approve", "api", "refused"),
            ("bob", "reject", "api", "comment_required"),
            ("carla", "approve", "bulk", "refused"),
        ],
    }
    sod = _refusals(variance)[0]
    assert "segregation of duties" in sod["reason"] and sod["status"] == "open"
    assert sod["document"] == doc and sod["role"] == "approver"
    assert "approval limit" in _refusals(big)[0]["reason"]
    assert _events("inbox/999999") == []
    _verify()
