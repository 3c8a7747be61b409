"""Controls enforced on the server: segregation of duties, limits, overrides, auditors,
the two-person bank-detail change; and what the inbox shows."""

from __future__ import annotations

import json
from decimal import Decimal

from inboxkit import PASSWORD, login


def auth(name: str) -> tuple[str, str]:
    return (name, PASSWORD)


def _verify() -> None:
    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        assert audit.verify(session).ok


def test_inbox_lists_only_exceptions_and_rejections(client, inbox_home) -> None:
    body = client.get("/api/items", auth=auth("carla")).json()
    docs = {row["document_id"] for row in body["items"]}
    assert inbox_home.docs["clean"] not in docs  # approved without a person
    assert inbox_home.docs["unreadable"] in docs
    assert len(docs) == 6
    assert body["counts"]["quantity_over_received"] == 2
    assert sum(body["counts"].values()) == body["total_open"] == 6


def test_filter_and_sort(client, inbox_home) -> None:
    rows = client.get("/api/items?reason=quantity_over_received", auth=auth("carla")).json()[
        "items"
    ]
    assert {r["id"] for r in rows} == {inbox_home.items["gloves1"], inbox_home.items["gloves2"]}
    rows = client.get("/api/items?sort=-amount&min_amount=100", auth=auth("carla")).json()["items"]
    amounts = [Decimal(r["amount"]) for r in rows]
    assert amounts == sorted(amounts, reverse=True) and min(amounts) >= 100
    rows = client.get("/api/items?sort=-age", auth=auth("carla")).json()["items"]
    assert rows[0]["sla"] == "overdue" and rows[-1]["sla"] == "ok"
    assert client.get("/api/items?sort=bogus", auth=auth("carla")).status_code == 422


def test_correction_reruns_rules_and_corrector_cannot_approve(client, inbox_home) -> None:
    from bursar.config import get_settings

    doc, item = inbox_home.docs["variance"], inbox_home.items["variance"]
    before = client.get(f"/api/documents/{doc}", auth=auth("alice")).json()
    assert "arithmetic_mismatch" in {f["rule"] for f in before["findings"]}
    resp = client.post(
        f"/api/documents/{doc}/corrections",
        json={"field": "total", "value": "1,476.00", "reason": "misread total"},
        auth=auth("alice"),
    )
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert out["correction"] == {
        "document": doc,
        "field": "total",
        "before": "1746.00",
        "after": "1476.00",
    }
    rules = {f["rule"] for f in out["decision"]["findings"]}
    assert "arithmetic_mismatch" not in rules and "price_variance" in rules
    # the corrected extraction is a training example pointing at the stored original
    example = json.loads(
        (
            get_settings().home_dir / "corrections" / f"{before['document']['sha256']}.json"
        ).read_text()
    )
    assert example["fields"]["total"]["value"] == "1476.00"
    assert example["stored_path"].endswith(before["document"]["sha256"][2:])
    # segregation of duties: alice corrected it, so alice cannot approve it
    resp = client.post(f"/api/items/{item}/approve", json={"comment": "ok"}, auth=auth("alice"))
    assert resp.status_code == 403 and "segregation of duties" in resp.json()["error"]["message"]
    # overriding a blocking finding needs a comment
    resp = client.post(f"/api/items/{item}/approve", json={}, auth=auth("bob"))
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "comment_required"
    resp = client.post(
        f"/api/items/{item}/approve",
        json={"comment": "Price rise agreed by buyer", "reason_code": "price_agreed"},
        auth=auth("bob"),
    )
    assert resp.status_code == 200, resp.text
    after = client.get(f"/api/documents/{doc}", auth=auth("audrey")).json()
    assert after["item"]["status"] == "approved" and after["item"]["decided_by"] == "bob"
    assert after["corrections"][0]["before"] == "1746.00"
    actions = [e["action"] for e in after["timeline"]]
    assert "document.corrected" in actions and "inbox.approved" in actions
    approved = next(e for e in after["timeline"] if e["action"] == "inbox.approved")
    assert approved["data"]["before"]["status"] == "open" and approved["data"]["overridden"] == [
        "price_variance"
    ]
    # decided items cannot be decided again
    assert (
        client.post(
            f"/api/items/{item}/reject", json={"comment": "no"}, auth=auth("cora")
        ).status_code
        == 409
    )
    _verify()


def test_approval_limits(client, inbox_home) -> None:
    item = inbox_home.items["big"]
    body = {"comment": "agreed with the buyer", "reason_code": "price_agreed"}
    resp = client.post(f"/api/items/{item}/approve", json=body, auth=auth("bob"))
    assert resp.status_code == 403 and "approval limit" in resp.json()["error"]["message"]
    resp = client.post(f"/api/items/{item}/approve", json=body, auth=auth("cora"))
    assert resp.status_code == 200, resp.text
    _verify()


def test_auditor_and_clerk_cannot_decide(client, inbox_home) -> None:
    item, doc = inbox_home.items["gloves1"], inbox_home.docs["gloves1"]
    for who in ("audrey", "carla"):
        resp = client.post(f"/api/items/{item}/approve", json={"comment": "x" * 5}, auth=auth(who))
        assert resp.status_code == 403
    assert client.post(f"/api/items/{item}/hold", json={}, auth=auth("audrey")).status_code == 403
    resp = client.post(
        f"/api/documents/{doc}/corrections",
        json={"field": "total", "value": "1"},
        auth=auth("audrey"),
    )
    assert resp.status_code == 403
    assert client.get(f"/api/documents/{doc}", auth=auth("audrey")).status_code == 200


def test_bank_change_needs_a_second_person(client, inbox_home) -> None:
    item, doc = inbox_home.items["bank"], inbox_home.docs["bank"]
    resp = client.post(
        f"/api/items/{item}/approve", json={"comment": "looks fine"}, auth=auth("cora")
    )
    assert resp.status_code == 403 and "bank" in resp.json()["error"]["message"]
    assert client.post(f"/api/documents/{doc}/bank-change", auth=auth("cora")).status_code == 200
    assert client.post(f"/api/documents/{doc}/bank-change", auth=auth("carla")).status_code == 409
    resp = client.post("/api/vendors/V001/bank-change/confirm", auth=auth("cora"))
    assert resp.status_code == 403 and "second person" in resp.json()["error"]["message"]
    assert (
        client.post("/api/vendors/V001/bank-change/confirm", auth=auth("carla")).status_code == 403
    )
    admin_like = client.post("/api/vendors/V001/bank-change/confirm", auth=auth("bob"))
    assert admin_like.status_code == 403  # approvers cannot change master data
    from bursar.db import session_scope
    from bursar.inbox.users import add_user

    with session_scope() as session:
        add_user(session, "dan", "controller", PASSWORD)
    resp = client.post("/api/vendors/V001/bank-change/confirm", auth=auth("dan"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["after"] == {"iban": "DE89370400440532013000"}
    rules = {
        f["rule"] for f in client.get(f"/api/documents/{doc}", auth=auth("bob")).json()["findings"]
    }
    assert "vendor_bank_mismatch" not in rules
    resp = client.post(
        f"/api/items/{item}/approve", json={"comment": "new bank confirmed"}, auth=auth("bob")
    )
    assert resp.status_code == 200, resp.text
    events = client.get("/api/audit/vendor/V001", auth=auth("audrey")).json()
    assert [e["action"] for e in events] == ["vendor.bank_change_proposed", "vendor.bank_changed"]
    _verify()


def test_bulk_approve_same_reason_only(client, inbox_home) -> None:
    g1, g2, big = (inbox_home.items[k] for k in ("gloves1", "gloves2", "big"))
    resp = client.post(
        "/api/items/bulk-approve",
        json={
            "reason": "quantity_over_received",
            "ids": [g1, big, g2],
            "comment": "Receipt booked late",
            "reason_code": "receipt_pending",
        },
        auth=auth("bob"),
    )
    assert resp.json() == {
        "approved": [g1, g2],
        "skipped": [{"item": big, "message": "not a quantity_over_received item"}],
        "refused": [],
    }


def test_hold_assign_release_are_audited(client, inbox_home) -> None:
    item = inbox_home.items["gloves1"]
    assert (
        client.post(
            f"/api/items/{item}/assign", json={"assignee": "audrey"}, auth=auth("carla")
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/items/{item}/assign", json={"assignee": "bob"}, auth=auth("carla")
        ).json()["status"]
        == "open"
    )
    # assigned to bob: carla may no longer re-assign it, but anyone may stop it with a hold
    resp = client.post(f"/api/items/{item}/assign", json={"assignee": "carla"}, auth=auth("carla"))
    assert resp.status_code == 403 and "assigned to bob" in resp.json()["error"]["message"]
    held = client.post(f"/api/items/{item}/hold", json={"comment": "ask buyer"}, auth=auth("carla"))
    assert held.json()["status"] == "hold"
    assert client.post(f"/api/items/{item}/release", json={}, auth=auth("alice")).status_code == 403
    assert (
        client.post(f"/api/items/{item}/release", json={}, auth=auth("bob")).json()["status"]
        == "open"
    )
    events = client.get(f"/api/audit/inbox/{item}", auth=auth("audrey")).json()
    # the three refused attempts are audit events too (issue 22, item 10)
    refused = [e for e in events if e["action"] == "inbox.decision_refused"]
    assert [(e["actor"], e["data"]["attempted"]) for e in refused] == [
        ("carla", "assign"), ("carla", "assign"), ("alice", "release"),
    ]  # fmt: skip
    events = [e for e in events if e["action"] != "inbox.decision_refused"]
    assert [e["action"] for e in events] == ["inbox.assigned", "inbox.held", "inbox.released"]
    assert events[0]["data"]["after"]["assigned_to"] == "bob"
    assert events[1]["data"]["after"]["held_by"] == "carla" and events[2]["actor"] == "bob"


def test_bad_corrections_are_refused(client, inbox_home) -> None:
    doc = inbox_home.docs["gloves1"]
    for field, value in (
        ("total", "abc"),
        ("invoice_date", "31/12/2026"),
        ("nope", "1"),
        ("lines.9.quantity", "1"),
        ("invoice_date", "1926-01-01"),  # outside the window around today
        ("currency", "EUD"),  # not ISO 4217
        ("lines.1.tax_rate", "150"),
        ("lines.1.quantity", "-3"),
        ("total", "48.001"),  # GBP has two decimals
    ):
        resp = client.post(
            f"/api/documents/{doc}/corrections",
            json={"field": field, "value": value, "reason": "checked"},
            auth=auth("carla"),
        )
        assert resp.status_code == 422, (field, resp.text)
    resp = client.post(
        f"/api/documents/{doc}/corrections",
        json={"field": "lines.1.quantity", "value": "0", "reason": "nothing delivered"},
        auth=auth("carla"),
    )
    assert resp.status_code == 200, resp.text


def test_dashboard_figures(client, inbox_home) -> None:
    item = inbox_home.items["gloves1"]
    # an API client reads the document, then decides: its human time is measured too
    client.get(f"/api/documents/{inbox_home.docs['gloves1']}", auth=auth("bob"))
    body = {"comment": "goods receipt booked late", "reason_code": "receipt_pending"}
    assert client.post(f"/api/items/{item}/approve", json=body, auth=auth("bob")).status_code == 200
    board = client.get("/api/dashboard", auth=auth("audrey")).json()
    assert board["documents"] == 7 and board["touchless"] == 1
    assert board["open_items"] == 5 and board["human_decisions"] == 1
    assert board["human_minutes_median"] is not None
    assert board["by_reason"]["quantity_over_received"] == 2
    assert sum(d["received"] for d in board["per_day"]) == 7


def test_page_image_is_rendered_once_and_cached(client, inbox_home) -> None:
    from inboxkit import login

    from bursar.config import get_settings

    login(client, "carla")
    resp = client.get(f"/documents/{inbox_home.docs['variance']}/pages/1.png")
    assert resp.status_code == 200 and resp.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert list((get_settings().home_dir / "cache" / "pages").glob("*.png"))
    assert client.get(f"/documents/{inbox_home.docs['variance']}/pages/9.png").status_code == 404


AGREED = {"comment": "agreed with the buyer", "reason_code": "receipt_pending"}


def _limits_in(monkeypatch, base: str, rates: dict[str, str]) -> None:
    from bursar.config import reset_settings

    monkeypatch.setenv("BURSAR_BASE_CURRENCY", base)
    monkeypatch.setenv("BURSAR_FX_RATES", json.dumps(rates))
    reset_settings()


def _small_item(client, inbox_home) -> dict:
    rows = client.get("/api/items", auth=auth("carla")).json()["items"]
    return next(r for r in rows if r["id"] == inbox_home.items["gloves1"])


def test_limits_in_a_base_currency_convert_with_the_configured_rate(
    client, inbox_home, monkeypatch
) -> None:
    row = _small_item(client, inbox_home)
    amount, currency = Decimal(row["amount"]), row["currency"]
    assert currency == "GBP" and amount < Decimal("10000")  # within bob's 10000 as printed
    over = (Decimal("10000") / amount * Decimal("1.5")).quantize(Decimal("0.0001"))
    _limits_in(monkeypatch, "EUR", {"GBP": str(over)})
    resp = client.post(f"/api/items/{row['id']}/approve", json=AGREED, auth=auth("bob"))
    message = resp.json()["error"]["message"]
    assert resp.status_code == 403, resp.text
    assert f"{amount} GBP (" in message and f"EUR at {over}) is over" in message
    assert message.endswith("approval limit of 10000 EUR")

    _limits_in(monkeypatch, "EUR", {"GBP": "1.16"})
    resp = client.post(f"/api/items/{row['id']}/approve", json=AGREED, auth=auth("bob"))
    assert resp.status_code == 200, resp.text
    assert client.get("/api/me", auth=auth("bob")).json()["limit_currency"] == "EUR"
    login(client, "bob")
    assert "limit 10,000.00 EUR" in client.get("/inbox").text

    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        events = audit.events_for(session, f"inbox/{row['id']}")
    payload = next(json.loads(e.data) for e in events if e.action == "inbox.approved")
    assert payload["fx_rate"] == "1.16" and payload["limit_currency"] == "EUR"
    assert Decimal(payload["in_limit_currency"]) == (amount * Decimal("1.16")).quantize(
        Decimal("0.01")
    )
    _verify()


def test_a_currency_without_a_rate_is_never_approved_within_a_limit(
    client, inbox_home, monkeypatch
) -> None:
    row = _small_item(client, inbox_home)
    _limits_in(monkeypatch, "EUR", {"USD": "0.92"})
    for who in ("bob", "cora"):
        resp = client.post(f"/api/items/{row['id']}/approve", json=AGREED, auth=auth(who))
        assert resp.status_code == 403
        message = resp.json()["error"]["message"]
        assert "no exchange rate from GBP to EUR is configured" in message
    # The document's own currency is the base: compared as printed, no rate needed.
    _limits_in(monkeypatch, "GBP", {})
    resp = client.post(f"/api/items/{row['id']}/approve", json=AGREED, auth=auth("bob"))
    assert resp.status_code == 200, resp.text


def test_a_sign_off_counts_only_for_the_findings_it_was_given_on(client, inbox_home) -> None:
    from datetime import date

    from inboxkit import copy_document

    from bursar.db import session_scope
    from bursar.ingest.process import redecide
    from bursar.records import GoodsReceiptLine

    doc = copy_document(inbox_home.docs["gloves2"], "inv-gloves-2-again")
    item = client.get(f"/api/documents/{doc}", auth=auth("cora")).json()["item"]["id"]
    sign = {
        "comment": "Vendor confirmed this is a separate delivery",
        "reason_codes": {
            "duplicate_invoice": "not_a_duplicate",
            "quantity_over_received": "receipt_pending",
        },
    }
    first = client.post(f"/api/items/{item}/approve", json=sign, auth=auth("cora"))
    assert first.json()["status"] == "open"
    with session_scope() as session:  # the goods arrive; the rules run again
        session.add(
            GoodsReceiptLine(
                receipt_id="GR-late", po_number="4500010003", line_no="10",
                quantity_received=Decimal("100"), received_on=date(2026, 3, 9),
            )
        )  # fmt: skip
    redecide(doc, actor="pipeline")
    findings = client.get(f"/api/documents/{doc}", auth=auth("bob")).json()["findings"]
    rules = {f["rule"] for f in findings if f["severity"] == "block"}
    assert rules == {"duplicate_invoice"}
    # cora signed off other findings: bob's approval is a first sign-off, not the second
    again = client.post(f"/api/items/{item}/approve", json=sign, auth=auth("bob"))
    assert again.status_code == 200 and again.json()["status"] == "open", again.text
    done = client.post(f"/api/items/{item}/approve", json=sign, auth=auth("cora"))
    assert done.json()["status"] == "approved", done.text
    events = client.get(f"/api/audit/inbox/{item}", auth=auth("audrey")).json()
    assert events[-1]["data"]["authority"]["first_signoff"]["by"] == "bob"
    _verify()
