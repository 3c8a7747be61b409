"""What a clerk hits daily: paging, the engine's own line-to-PO assignment, line-item
corrections, the vendor picker, moving on after a decision, audit search and export."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

from inboxkit import PASSWORD, copy_document, login, many_exceptions


def test_the_list_pages_through_every_item(client, inbox_home) -> None:
    many_exceptions(120)
    login(client, "carla")
    first = client.get("/inbox").text
    assert "Showing 1–50 of 126" in first
    assert len(re.findall(r'<tr data-href="/documents/', first)) == 50
    third = client.get("/inbox?page=3").text
    assert "Showing 101–126 of 126" in third and 'id="next-page"' not in third
    seen = set()
    for page in (1, 2, 3):
        body = client.get(f"/api/items?limit=50&page={page}", auth=("carla", PASSWORD)).json()
        assert body["total"] == 126
        seen |= {r["id"] for r in body["items"]}
    assert len(seen) == 126  # no row on two pages, none left out


def test_lines_show_the_engines_own_po_assignment(client, inbox_home) -> None:
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.records import DocumentLine

    doc = inbox_home.docs["variance"]
    login(client, "carla")
    lines = client.get(f"/api/documents/{doc}", auth=("carla", PASSWORD)).json()["lines"]
    assert [ln["po"]["line_no"] for ln in lines] == ["10", "20"]
    with session_scope() as session:  # as if the engine had assigned line 2 to PO line 10
        row = session.exec(
            select(DocumentLine).where(DocumentLine.document_id == doc, DocumentLine.line_no == 2)
        ).one()
        row.po_line = "10"
        session.add(row)
    lines = client.get(f"/api/documents/{doc}", auth=("carla", PASSWORD)).json()["lines"]
    assert [ln["po"]["line_no"] for ln in lines] == ["10", "10"]
    assert "4500010001 / 10" in client.get(f"/documents/{doc}").text


def test_line_item_correction_and_vendor_picker(client, inbox_home) -> None:
    stranger = copy_document(
        inbox_home.docs["gloves1"], "inv-stranger",
        {"vendor_name": "Glove Traders Ltd", "vendor_tax_id": None, "vendor_iban": None,
         "invoice_number": "GT-7781"},
    )  # fmt: skip
    view = client.get(f"/api/documents/{stranger}", auth=("carla", PASSWORD)).json()
    assert "unknown_vendor" in {f["rule"] for f in view["findings"]}
    csrf = login(client, "carla")
    page = client.get(f"/documents/{stranger}").text
    assert 'id="vendor-picker"' in page and 'value="V001"' in page
    resp = client.post(f"/documents/{stranger}/vendor", data={"csrf": csrf, "vendor_id": "V001"})
    assert "Vendor set to" in resp.text and "rules re-run" in resp.text
    view = client.get(f"/api/documents/{stranger}", auth=("carla", PASSWORD)).json()
    assert "unknown_vendor" not in {f["rule"] for f in view["findings"]}
    assert view["document"]["vendor_id"] == "V001"
    # a line item, corrected in the page: a quantity needs a reason
    form = {"csrf": csrf, "field": "lines.1.quantity", "value": "11"}
    assert "reason is required" in client.post(f"/documents/{stranger}/correct", data=form).text
    resp = client.post(
        f"/documents/{stranger}/correct", data={**form, "reason": "counted again on delivery"}
    )
    assert "lines.1.quantity changed from 10 to 11" in resp.text
    view = client.get(f"/api/documents/{stranger}", auth=("carla", PASSWORD)).json()
    assert [c["field"] for c in view["corrections"]] == ["vendor_name", "lines.1.quantity"]


def test_after_a_decision_the_next_item_of_the_same_list_opens(client, inbox_home) -> None:
    csrf = login(client, "bob")
    listing = client.get("/inbox?reason=quantity_over_received").text
    links = re.findall(r'class="doclink" href="([^"]+)"', listing)
    first, second = (link.replace("&amp;", "&") for link in links[:2])
    page = client.get(first).text
    ls = re.search(r'name="ls" value="([^"]*)"', page).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert parse_qs(ls)["reason"] == ["quantity_over_received"]
    item = re.search(r'action="/items/(\d+)/approve"', page).group(1)  # type: ignore[union-attr]
    resp = client.post(
        f"/items/{item}/approve",
        data={"csrf": csrf, "ls": ls, "comment": "goods receipt booked late",
              "reason_code.quantity_over_received": "receipt_pending"},
        follow_redirects=False,
    )  # fmt: skip
    assert resp.status_code == 303
    assert urlsplit(resp.headers["location"]).path == urlsplit(second).path
    assert "approved by bob" in client.get(resp.headers["location"]).text


def test_auditors_search_and_export_the_trail(client, inbox_home) -> None:
    login(client, "carla")
    assert client.get("/audit").status_code == 403  # clerks do not search the trail
    client.cookies.clear()
    login(client, "audrey")
    page = client.get("/audit?action=user.&actor=carla").text
    assert re.search(r"Showing 1–\d+ of \d+ events", page) and "user.login" in page
    assert "document.decided" not in page
    rows = list(csv.reader(io.StringIO(client.get("/audit/export.csv?action=document.").text)))
    assert rows[0][:5] == ["seq", "at", "actor", "action", "subject"]
    assert rows[1:] and all(r[3].startswith("document.") for r in rows[1:])
    lines = client.get(f"/audit/export.jsonl?subject=document/{inbox_home.docs['big']}").text
    events = [json.loads(line) for line in lines.splitlines()]
    assert events and {e["subject"] for e in events} == {f"document/{inbox_home.docs['big']}"}
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)


def test_a_corrected_pdf_teaches_its_vendors_layout(client, inbox_home) -> None:
    """Issue 10: a document a person corrected becomes labelled data for its vendor."""
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.records import AuditEvent

    stranger = copy_document(
        inbox_home.docs["gloves1"], "inv-learn",
        {"vendor_name": "Glove Traders Ltd", "vendor_tax_id": None, "vendor_iban": None},
    )  # fmt: skip
    csrf = login(client, "carla")
    client.post(f"/documents/{stranger}/vendor", data={"csrf": csrf, "vendor_id": "V001"})
    with session_scope() as session:
        learned = session.exec(
            select(AuditEvent).where(AuditEvent.action == "layout.learned")
        ).all()
    assert learned, "no layout learned from the corrected document"
    data = json.loads(learned[-1].data)
    assert data["from"] == "correction" and data["document"] == stranger
    assert data["after"]["rules"], data
