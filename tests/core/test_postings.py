"""Postings: one interface for "approved and not yet posted" and "posted with this reference".

Every bot that enters approved documents downstream (ERP, desktop program) asks and tells
``bursar.postings``; recording is idempotent, a second reference is refused, every change
is audited with before and after, and an upgrade keeps what the audit trail says was
posted before the table existed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select

from bursar import audit, postings
from bursar.db import session_scope, upgrade
from bursar.errors import BusinessError
from bursar.records import Document, InboxItem, Posting


def _approved(n: int) -> list[int]:
    with session_scope() as s:
        docs = [
            Document(
                sha256=f"{i:064x}",
                filename=f"inv{i}.pdf",
                status="approved",
                kind="invoice",
                vendor_id="V1",
                invoice_number=f"R-{i}",
                total=Decimal("119.00"),
                currency="EUR",
                stage="decided",
            )
            for i in range(1, n + 1)
        ]
        s.add_all(docs)
        s.flush()
        return [int(d.id) for d in docs]  # type: ignore[arg-type]


def test_unposted_lists_each_approved_invoice_until_it_is_posted_to_that_target(
    db_url: str,
) -> None:
    a, b = _approved(2)
    with session_scope() as s:
        assert [x.doc.id for x in postings.unposted(s, "erp")] == [a, b]
        postings.record_posted(s, a, "erp", "5100000001", actor="bot:erp_post")
    with session_scope(write=False) as s:
        assert [x.doc.id for x in postings.unposted(s, "erp")] == [b]
        assert [x.doc.id for x in postings.unposted(s, "desktop")] == [a, b]  # per target
        assert postings.posted(s, "erp") == {a: "5100000001"}


def test_recording_again_is_idempotent_and_another_reference_is_refused(db_url: str) -> None:
    (a,) = _approved(1)
    with session_scope() as s:
        first = postings.record_posted(s, a, "erp", "5100000001", actor="bot:erp_post")
        again = postings.record_posted(s, a, "erp", "5100000001", actor="bot:erp_post")
        assert again.id == first.id
    with session_scope() as s, pytest.raises(BusinessError) as refused:
        postings.record_posted(s, a, "erp", "5100000002", actor="bot:erp_post")
    assert refused.value.code == "posted_twice"
    assert "5100000001" in str(refused.value) and "twice" in str(refused.value)
    with session_scope(write=False) as s:
        rows = s.exec(select(Posting)).all()
        events = [audit.as_dict(e) for e in audit.events_for(s, f"document/{a}")]
    assert [(r.target, r.reference) for r in rows] == [("erp", "5100000001")]
    assert [e["action"] for e in events] == ["bots.erp_posted"]  # once, not per call
    assert events[0]["data"]["before"] == {"posted": None}
    assert events[0]["data"]["after"] == {"posted": "5100000001"}


def test_route_back_reopens_the_inbox_item_with_the_message_and_audits_it(db_url: str) -> None:
    (a,) = _approved(1)
    with session_scope() as s:
        postings.route_back(s, a, "erp", "E-1104 PO unknown", actor="bot:erp_post")
    with session_scope(write=False) as s:
        item = s.exec(select(InboxItem).where(InboxItem.document_id == a)).one()
        doc = s.get(Document, a)
        (event,) = [audit.as_dict(e) for e in audit.events_for(s, f"document/{a}")]
        assert (item.status, item.reason, item.comment) == (
            "open",
            "erp_rejected",
            "ERP: E-1104 PO unknown",
        )
        assert doc is not None and doc.status == "exception"
        assert list(postings.unposted(s, "erp")) == []  # no longer approved
    assert event["action"] == "bots.erp_rejected"
    assert event["data"]["before"]["document_status"] == "approved"


def test_the_upgrade_keeps_postings_the_audit_trail_recorded_before_the_table(
    home, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from bursar.config import get_settings

    url = get_settings().db_url
    upgrade(url, "0012")
    a, b = _approved(2)
    with session_scope() as s:  # what the bots wrote before postings had a table
        audit.append(
            s, "bot:erp_post", "bots.erp_posted", "decision/7",
            {"document": a, "erp_document": "5100000009", "found_existing": False},
        )  # fmt: skip
        audit.append(
            s, "bot:desktop_entry", "bots.desktop_entered", f"work_item/{b}",
            {"document_id": b, "before": {"entry": None}, "after": {"entry": "AP-3"},
             "keyed": True},
        )  # fmt: skip
    upgrade(url)
    with session_scope(write=False) as s:
        rows = {(r.document_id, r.target): r for r in s.exec(select(Posting)).all()}
        assert sorted(rows) == [(a, "erp"), (b, "desktop")]
        assert rows[(a, "erp")].reference == "5100000009"
        assert rows[(a, "erp")].decision_id == 7
        assert rows[(b, "desktop")].reference == "AP-3"
        assert [x.doc.id for x in postings.unposted(s, "erp")] == [b]
