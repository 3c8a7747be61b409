"""Test data for the inbox: real PDFs from ``devkit.synth`` with known field boxes, master
data, decisions and inbox items written straight into the tables, and a stand-in for
``bursar.ingest.process.redecide`` used only while the real pipeline is not installed.

The stand-in applies four easily-checked rules (bank mismatch, arithmetic, price variance,
quantity over received) so a correction visibly changes the findings.
"""

from __future__ import annotations

import random
import re
import sys
import types
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from bursar import audit
from bursar.db import session_scope
from bursar.inbox.users import add_user
from bursar.records import (
    Decision,
    Document,
    Extraction,
    Finding,
    GoodsReceiptLine,
    InboxItem,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)
from bursar.store import default_store
from bursar.types import utcnow
from devkit.synth import InvoiceLine, invoice_truth, random_invoice, random_vendor, render_invoice

PASSWORD = "correct horse battery"
USERS = {
    "carla": ("clerk", None),
    "alice": ("approver", None),
    "bob": ("approver", None),  # role default limit 10000
    "cora": ("controller", None),
    "audrey": ("auditor", None),
}
GOOD_IBAN = "GB33BUKB20201555555555"
VENDOR = random_vendor(random.Random(0), "V001", "classic", set(), "en-GB")


def dec(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        return None


# --- a small stand-in rule set -----------------------------------------------------------------


def _value(result: dict[str, Any], name: str) -> Any:
    return ((result.get("fields") or {}).get(name) or {}).get("value")


def _header_findings(
    session: Session, doc: Document, result: dict[str, Any]
) -> list[dict[str, Any]]:
    out = []
    vendor = session.get(Vendor, doc.vendor_id) if doc.vendor_id else None
    iban = _value(result, "vendor_iban")
    if vendor and iban and vendor.iban and iban.replace(" ", "") != vendor.iban.replace(" ", ""):
        out.append(
            dict(
                rule="vendor_bank_mismatch",
                severity="block",
                line=None,
                expected=vendor.iban,
                actual=iban,
                message="The IBAN on the invoice is not the vendor's bank account.",
            )
        )
    sub, tax, total = (dec(_value(result, k)) for k in ("subtotal", "tax_amount", "total"))
    if None not in (sub, tax, total) and sub + tax != total:  # type: ignore[operator]
        out.append(
            dict(
                rule="arithmetic_mismatch",
                severity="block",
                line=None,
                expected=str(sub + tax),  # type: ignore[operator]
                actual=str(total),
                message="Subtotal plus tax does not equal the total.",
            )
        )
    return out


def _line_findings(session: Session, result: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    po = _value(result, "po_number")
    for no, line in enumerate(result.get("lines") or [], start=1):
        pol = session.exec(
            select(PurchaseOrderLine).where(
                PurchaseOrderLine.po_number == po,
                PurchaseOrderLine.line_no == str(line.get("po_line")),
            )
        ).first()
        if pol is None:
            continue
        price, qty = dec(line.get("unit_price")), dec(line.get("quantity"))
        if price is not None and price != pol.unit_price:
            out.append(
                dict(
                    rule="price_variance",
                    severity="block",
                    line=no,
                    expected=str(pol.unit_price),
                    actual=str(price),
                    message=f"Unit price differs from PO line {pol.line_no}.",
                )
            )
        got = session.exec(
            select(GoodsReceiptLine).where(
                GoodsReceiptLine.po_number == po, GoodsReceiptLine.line_no == pol.line_no
            )
        ).all()
        received = sum((g.quantity_received for g in got), Decimal("0"))
        if qty is not None and qty > received:
            out.append(
                dict(
                    rule="quantity_over_received",
                    severity="block",
                    line=no,
                    expected=str(received),
                    actual=str(qty),
                    message="More invoiced than received.",
                )
            )
    return out


@dataclass
class FakeResult:
    document_id: int
    status: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    inbox_item: int | None = None
    sha256: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "kind": "invoice",
            "status": self.status,
            "findings": self.findings,
            "inbox_item": self.inbox_item,
        }


def decide(session: Session, document_id: int, actor: str) -> FakeResult:
    """Evaluate the newest extraction and write Decision, Findings, InboxItem and audit."""
    doc = session.get(Document, document_id)
    assert doc is not None
    ext = session.exec(
        select(Extraction)
        .where(Extraction.document_id == document_id)
        .order_by(col(Extraction.id).desc())
    ).first()
    result = ext.result if ext else {}
    found = _header_findings(session, doc, result) + _line_findings(session, result)
    status = "exception" if any(f["severity"] == "block" for f in found) else "approved"
    decision = Decision(document_id=document_id, status=status, pack="test", decided_by=actor)
    session.add(decision)
    session.flush()
    for f in found:
        session.add(Finding(decision_id=decision.id, document_id=document_id, **f))
    item = session.exec(
        select(InboxItem)
        .where(InboxItem.document_id == document_id)
        .order_by(col(InboxItem.id).desc())
    ).first()
    if item is None and status == "exception":
        item = InboxItem(
            document_id=document_id,
            vendor_id=doc.vendor_id,
            amount=doc.total,
            currency=doc.currency,
        )
    if item is not None:
        blocks = [f["rule"] for f in found if f["severity"] == "block"]
        item.reason = blocks[0] if blocks else item.reason
        if item.status in ("open", "hold") and dec(_value(result, "total")) is not None:
            item.amount = dec(_value(result, "total"))
        session.add(item)
        session.flush()
    if item is None or item.status in ("open", "hold"):
        doc.status = status
    total = dec(_value(result, "total"))
    doc.total = total if total is not None else doc.total
    session.add(doc)
    audit.append(
        session,
        actor,
        "document.decided",
        f"document/{document_id}",
        {"status": status, "rules": [f["rule"] for f in found]},
    )
    return FakeResult(document_id, status, found, item.id if item else None, doc.sha256)


def fake_redecide(document_id: int, *, actor: str) -> FakeResult:
    with session_scope() as session:
        return decide(session, document_id, actor)


def install_fake_pipeline() -> bool:
    """Provide ``bursar.ingest.process.redecide`` when the pipeline is absent; True if faked."""
    try:
        import bursar.ingest.process  # noqa: F401
    except ImportError:
        module = types.ModuleType("bursar.ingest.process")
        module.redecide = fake_redecide  # type: ignore[attr-defined]
        sys.modules["bursar.ingest.process"] = module
        return True
    return False


# --- documents ---------------------------------------------------------------------------------


def _line(sku: str, desc: str, qty: str, price: str, po_line: str) -> InvoiceLine:
    return InvoiceLine(sku, desc, Decimal(qty), "EA", Decimal(price), Decimal("20"), po_line)


def _po(
    session: Session, po: str, lines: list[tuple[str, str, str, str, str]], received: bool
) -> None:
    session.add(PurchaseOrder(po_number=po, vendor_id="V001", currency="GBP"))
    session.flush()
    for line_no, sku, desc, qty, price in lines:
        session.add(
            PurchaseOrderLine(
                po_number=po,
                line_no=line_no,
                sku=sku,
                description=desc,
                quantity=Decimal(qty),
                unit_price=Decimal(price),
            )
        )
        if received:
            session.add(
                GoodsReceiptLine(
                    receipt_id=f"GR-{po}",
                    po_number=po,
                    line_no=line_no,
                    quantity_received=Decimal(qty),
                    received_on=date(2026, 3, 2),
                )
            )


def _document(
    session: Session,
    name: str,
    lines: list[InvoiceLine],
    po: str,
    *,
    seq: int,
    age_hours: float,
    tamper: dict[str, str] | None = None,
    iban: str | None = None,
) -> int:
    rng = random.Random(seq)
    spec = random_invoice(
        rng, "classic", vendor=VENDOR, name=name, lines=tuple(lines), po_number=po, seq=seq
    )
    spec = replace(spec, printed_iban=iban or GOOD_IBAN)
    rendered = render_invoice(spec)
    stored = default_store().put(rendered.pdf)
    truth = invoice_truth(
        spec,
        file=f"{name}.pdf",
        data=rendered.pdf,
        pages=rendered.pages,
        boxes=rendered.boxes,
        line_pages=rendered.line_pages,
        variant="digital",
    )
    for key in ("layout", "split", "variant", "language", "expected_findings"):
        truth.pop(key, None)
    for fname, value in (tamper or {}).items():
        truth["fields"][fname]["value"] = value
    for f in truth["fields"].values():
        f.setdefault("confidence", 0.97)
        f.setdefault("source", "template:test@1")
    received = utcnow() - timedelta(hours=age_hours)
    doc = Document(
        stage="decided",  # seeded as decided documents (the pipeline marks its own)
        sha256=stored.sha256,
        filename=f"{name}.pdf",
        media_type="application/pdf",
        size=stored.size,
        status="extracted",
        kind="invoice",
        vendor_id="V001",
        invoice_number=spec.invoice_number,
        currency="GBP",
        received_at=received,
        total=dec(truth["fields"]["total"]["value"]),
    )
    session.add(doc)
    session.flush()
    session.add(Extraction(document_id=doc.id, result=truth, versions=truth["versions"]))
    session.flush()
    return doc.id or 0


@dataclass
class Seeded:
    docs: dict[str, int]
    items: dict[str, int]


def seed(*, with_users: bool = True) -> Seeded:
    """Fill the configured (migrated) database and store with a small, known inbox."""
    with session_scope() as session:
        session.add(
            Vendor(vendor_id="V001", name=VENDOR.party.name, iban=GOOD_IBAN, currency="GBP")
        )
        session.flush()
        _po(
            session,
            "4500010001",
            [
                ("10", "B-M8", "Steel bolts M8", "200", "0.15"),
                ("20", "W-M8", "Washers M8", "500", "10.00"),
            ],
            True,
        )
        _po(session, "4500010002", [("10", "PUMP-7", "Hydraulic pump", "20", "1000.00")], True)
        _po(session, "4500010003", [("10", "GL-1", "Safety gloves", "100", "4.00")], False)
        _po(session, "4500010004", [("10", "OIL-5", "Cutting oil 5 l", "40", "25.00")], True)
        docs = {
            # price variance on line 2 and a misread total (printed total is right)
            "variance": _document(
                session,
                "inv-variance",
                [
                    _line("B-M8", "Steel bolts M8", "200", "0.15", "10"),
                    _line("W-M8", "Washers M8", "100", "12.00", "20"),
                ],
                "4500010001",
                seq=1,
                age_hours=60,
                tamper={"total": "1746.00"},
            ),
            "big": _document(
                session,
                "inv-big",
                [_line("PUMP-7", "Hydraulic pump", "20", "1050.00", "10")],
                "4500010002",
                seq=2,
                age_hours=30,
            ),
            "bank": _document(
                session,
                "inv-bank",
                [_line("OIL-5", "Cutting oil 5 l", "4", "25.00", "10")],
                "4500010004",
                seq=3,
                age_hours=5,
                iban="DE89370400440532013000",
            ),
            "gloves1": _document(
                session,
                "inv-gloves-1",
                [_line("GL-1", "Safety gloves", "10", "4.00", "10")],
                "4500010003",
                seq=4,
                age_hours=2,
            ),
            "gloves2": _document(
                session,
                "inv-gloves-2",
                [_line("GL-1", "Safety gloves", "12", "4.00", "10")],
                "4500010003",
                seq=5,
                age_hours=1,
            ),
            "clean": _document(
                session,
                "inv-clean",
                [_line("OIL-5", "Cutting oil 5 l", "2", "25.00", "10")],
                "4500010004",
                seq=6,
                age_hours=3,
            ),
        }
        if with_users:
            for name, (role, limit) in USERS.items():
                add_user(session, name, role, PASSWORD, limit=limit)
    redecide = _redecider()
    for doc_id in docs.values():
        redecide(doc_id, actor="pipeline")
    with session_scope() as session:
        docs["unreadable"] = _unreadable(session)
        items = {}
        for key, doc_id in docs.items():
            doc = session.get(Document, doc_id)
            for item in session.exec(
                select(InboxItem).where(InboxItem.document_id == doc_id)
            ).all():
                item.created_at = doc.received_at if doc else item.created_at
                session.add(item)
                items[key] = item.id
    return Seeded(docs=docs, items=items)  # type: ignore[arg-type]


def _redecider() -> Any:
    """Return the real ``bursar.ingest.process.redecide`` when installed, else the stand-in."""
    try:
        from bursar.ingest.process import redecide
    except ImportError:
        return fake_redecide
    return redecide


def _unreadable(session: Session) -> int:
    stored = default_store().put(b"this is not a pdf at all")
    doc = Document(
        stage="decided",  # seeded as decided documents (the pipeline marks its own)
        sha256=stored.sha256,
        filename="scan-broken.pdf",
        status="rejected",
        error="not a PDF or image",
        received_at=utcnow() - timedelta(hours=20),
    )
    session.add(doc)
    session.flush()
    session.add(Decision(document_id=doc.id, status="rejected", decided_by="pipeline"))
    session.add(InboxItem(document_id=doc.id, reason="unreadable", created_at=doc.received_at))
    audit.append(
        session, "pipeline", "document.rejected", f"document/{doc.id}", {"error": doc.error}
    )
    return doc.id or 0


def login(client: Any, name: str, password: str = PASSWORD) -> str:
    """Log ``client`` in through the form; return the session's CSRF token."""
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, page.text
    resp = client.post(
        "/login",
        data={"username": name, "password": password, "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    inbox = client.get("/inbox")
    return re.search(r'name="csrf" value="([^"]+)"', inbox.text).group(1)  # type: ignore[union-attr]


def copy_document(key_doc: int, name: str, fields: dict[str, Any] | None = None) -> int:
    """Store a second copy of a seeded document (same extraction, new bytes); decide it.

    Used for duplicates: the copy carries the same vendor, number and amounts.
    """
    with session_scope() as session:
        doc = session.get(Document, key_doc)
        assert doc is not None
        ext = session.exec(
            select(Extraction).where(Extraction.document_id == key_doc).order_by(col(Extraction.id))
        ).first()
        data = default_store().get(doc.sha256) + f"\n%copy {name}\n".encode()
        stored = default_store().put(data)
        copy = Document(
            stage="decided",
            sha256=stored.sha256, filename=f"{name}.pdf", media_type="application/pdf",
            size=stored.size, status="extracted", kind=doc.kind, vendor_id=doc.vendor_id,
            invoice_number=doc.invoice_number, currency=doc.currency, total=doc.total,
            received_at=utcnow(),
        )  # fmt: skip
        session.add(copy)
        session.flush()
        result = {**(ext.result if ext else {}), "sha256": stored.sha256, "file": copy.filename}
        result["fields"] = {k: dict(v) for k, v in (result.get("fields") or {}).items()}
        for fname, value in (fields or {}).items():
            if value is None:
                result["fields"].pop(fname, None)
            else:
                result["fields"].setdefault(fname, {"confidence": 0.97})["value"] = value
        session.add(Extraction(document_id=copy.id, result=result, versions=result.get("versions")))
        new_id = copy.id or 0
    _redecider()(new_id, actor="pipeline")
    return new_id


def many_exceptions(n: int) -> list[int]:
    """Add ``n`` open low-confidence exceptions (rows only: no stored original); return
    their document ids. For paging and the list, not for the document view's image."""
    ids = []
    with session_scope() as session:
        for i in range(n):
            doc = Document(
                stage="decided",
                sha256=f"{i:064x}", filename=f"bulk-{i:03d}.pdf", status="exception",
                kind="invoice", vendor_id="V001", invoice_number=f"B-{i:03d}", currency="GBP",
                total=Decimal("100.00") + i, received_at=utcnow() - timedelta(minutes=30 + i),
            )  # fmt: skip
            session.add(doc)
            session.flush()
            dec_row = Decision(document_id=doc.id, status="exception", decided_by="pipeline")
            session.add(dec_row)
            session.flush()
            session.add(
                Finding(
                    decision_id=dec_row.id, document_id=doc.id, rule="low_confidence",
                    severity="block", message="A field was read with low confidence.",
                )
            )  # fmt: skip
            session.add(
                InboxItem(
                    document_id=doc.id, reason="low_confidence", vendor_id="V001",
                    amount=doc.total, currency="GBP", created_at=doc.received_at,
                )
            )  # fmt: skip
            ids.append(doc.id or 0)
    return ids
