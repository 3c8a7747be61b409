"""Everything the document view shows: fields with their boxes, findings, the invoice lines
beside the matched PO and receipt lines (differences marked), and the audit timeline."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, col, select

from bursar import audit
from bursar.contract import HEADER_FIELDS
from bursar.errors import InputError
from bursar.inbox.claimlines import claim_line_views
from bursar.inbox.pages import PageSize, page_sizes
from bursar.inbox.queries import findings_for, latest_decisions
from bursar.records import (
    Correction,
    Decision,
    Document,
    DocumentLine,
    Extraction,
    Finding,
    GoodsReceiptLine,
    InboxItem,
    PurchaseOrderLine,
    Vendor,
)

INVOICE_LINE_FIELDS = (
    "description",
    "sku",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "tax_rate",
    "po_line",
)
LINE_FIELDS = (
    *INVOICE_LINE_FIELDS,
    # claim service lines (issue 27): the code, units and day billed, and a person's
    # denial of the line with a claim adjustment reason code (``CO-96``)
    "code",
    "units",
    "service_date",
    "deny",
)


@dataclass
class FieldView:
    name: str
    value: str | None
    confidence: float | None
    page: int | None
    box: dict[str, float] | None  # left/top/width/height in % of the page
    source: str | None
    flagged: bool = False
    why: tuple[tuple[bool, str], ...] = ()  # evidence in words: (trusted?, reason) (issue 23)


@dataclass
class LineView:
    no: int
    invoice: dict[str, Any]
    po: dict[str, Any] | None
    received: Decimal | None
    diffs: set[str] = field(default_factory=set)
    rules: list[str] = field(default_factory=list)


@dataclass
class DocumentView:
    document: Document
    item: InboxItem | None
    extraction: Extraction | None
    decision: Decision | None
    findings: list[Finding]
    fields: list[FieldView]
    lines: list[LineView]
    pages: list[PageSize]
    timeline: list[dict[str, Any]]
    corrections: list[Correction]
    vendor: Vendor | None
    claim_lines: list[Any] = field(default_factory=list)  # a claim's service lines (issue 27)


def dec(value: Any) -> Decimal | None:
    """Return ``value`` as Decimal, or None when it is not a number."""
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _box(raw: dict[str, Any], pages: list[PageSize]) -> dict[str, float] | None:
    bbox, page = raw.get("bbox"), raw.get("page") or 1
    if not bbox or len(bbox) != 4 or not 1 <= page <= len(pages):
        return None
    size = pages[page - 1]
    x0, top, x1, bottom = (float(v) for v in bbox)
    pad = 2.0  # points, so the box does not touch the glyphs
    return {
        "left": round(max(x0 - pad, 0) / size.width * 100, 3),
        "top": round(max(top - pad, 0) / size.height * 100, 3),
        "width": round((x1 - x0 + 2 * pad) / size.width * 100, 3),
        "height": round((bottom - top + 2 * pad) / size.height * 100, 3),
    }


# Which header fields a rule is about, to flag them in the field list.
RULE_FIELDS = {
    "arithmetic_mismatch": {"subtotal", "tax_amount", "total"},
    "vendor_bank_mismatch": {"vendor_iban"},
    "unknown_vendor": {"vendor_name", "vendor_tax_id"},
    "po_not_found": {"po_number"},
    "po_vendor_mismatch": {"po_number", "vendor_name"},
    "currency_mismatch": {"currency"},
    "duplicate_invoice": {"invoice_number"},
}


def field_views(
    result: dict[str, Any], pages: list[PageSize], findings: list[Finding]
) -> list[FieldView]:
    """Return the header fields in contract order, flagged when a header finding names them."""
    flagged: set[str] = set()
    for f in findings:
        if f.line is None:
            flagged |= RULE_FIELDS.get(f.rule, set())
            if f.rule in ("missing_field", "low_confidence") and f.actual:
                flagged.add(f.actual)
    raw_fields: dict[str, Any] = result.get("fields") or {}
    order = [n for n in HEADER_FIELDS if n in raw_fields] + sorted(
        n for n in raw_fields if n not in HEADER_FIELDS
    )
    out = []
    for name in order:
        raw = (
            raw_fields[name] if isinstance(raw_fields[name], dict) else {"value": raw_fields[name]}
        )
        value = raw.get("value")
        out.append(
            FieldView(
                name=name,
                value=None if value is None else str(value),
                confidence=raw.get("confidence"),
                page=raw.get("page"),
                box=_box(raw, pages),
                source=raw.get("source"),
                why=_why(raw),
                flagged=name in flagged
                or any(
                    name in (f.message or "")
                    for f in findings
                    if f.line is None and f.rule == "missing_field"
                ),
            )
        )
    return out


def _po_line(session: Session, po_number: str, line_no: str) -> PurchaseOrderLine | None:
    return session.exec(
        select(PurchaseOrderLine).where(
            PurchaseOrderLine.po_number == po_number, PurchaseOrderLine.line_no == line_no
        )
    ).first()


def _received(session: Session, po_number: str, line_no: str) -> Decimal:
    rows = session.exec(
        select(GoodsReceiptLine).where(
            GoodsReceiptLine.po_number == po_number, GoodsReceiptLine.line_no == line_no
        )
    ).all()
    return sum((r.quantity_received for r in rows), Decimal("0"))


def line_views(
    session: Session, result: dict[str, Any], findings: list[Finding], document_id: int = 0
) -> list[LineView]:
    """Return each invoice line beside the PO line the rules engine assigned it to (its own
    ``document_line`` rows, never a second matching here) and the received quantity."""
    assigned = {
        dl.line_no: dl
        for dl in session.exec(
            select(DocumentLine).where(DocumentLine.document_id == document_id)
        ).all()
    }
    out = []
    for no, raw in enumerate(result.get("lines") or [], start=1):
        view = LineView(no=no, invoice=raw, po=None, received=None)
        view.rules = sorted({f.rule for f in findings if f.line == no})
        dl = assigned.get(no)
        po = (
            _po_line(session, dl.po_number, dl.po_line)
            if dl and dl.po_number and dl.po_line
            else None
        )
        if po is not None:
            view.po = {
                "po_number": po.po_number, "line_no": po.line_no, "sku": po.sku,
                "description": po.description, "quantity": po.quantity, "unit": po.unit,
                "unit_price": po.unit_price,
            }  # fmt: skip
            view.received = _received(session, po.po_number, po.line_no)
            qty, price = dec(raw.get("quantity")), dec(raw.get("unit_price"))
            qty_po = dl.po_quantity if dl and dl.po_quantity is not None else qty
            if price is not None and price != po.unit_price and qty_po == qty:
                view.diffs.add("unit_price")
            if qty_po is not None and qty_po > po.quantity:
                view.diffs.add("quantity")
            if qty_po is not None and qty_po > view.received:
                view.diffs.add("received")
        elif assigned:
            view.diffs.add("unmatched")
        out.append(view)
    return out


def timeline(session: Session, document_id: int) -> list[dict[str, Any]]:
    """Return the audit events of the document and its inbox items, oldest first."""
    items = session.exec(select(InboxItem.id).where(InboxItem.document_id == document_id)).all()
    events = audit.events_for(session, f"document/{document_id}")
    for item_id in items:
        events += audit.events_for(session, f"inbox/{item_id}")
    seen: set[int] = set()
    out = []
    for ev in sorted(events, key=lambda e: e.seq):
        if ev.seq not in seen:
            seen.add(ev.seq)
            out.append({**audit.as_dict(ev), "data": json.loads(ev.data)})
    return out


def latest_extraction(session: Session, document_id: int) -> Extraction | None:
    stmt = select(Extraction).where(Extraction.document_id == document_id)
    return session.exec(stmt.order_by(col(Extraction.id).desc()).limit(1)).first()


def item_for(session: Session, document_id: int) -> InboxItem | None:
    """Return the document's newest inbox item."""
    stmt = select(InboxItem).where(InboxItem.document_id == document_id)
    return session.exec(stmt.order_by(col(InboxItem.id).desc()).limit(1)).first()


def document_view(session: Session, document_id: int) -> DocumentView:
    """Assemble the document view; raise ``InputError`` (not_found) for an unknown id."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise InputError(f"no document {document_id}", code="not_found")
    ext = latest_extraction(session, document_id)
    decision = latest_decisions(session, [document_id]).get(document_id)
    findings = (
        findings_for(session, [decision.id]).get(decision.id, [])
        if decision and decision.id
        else []
    )
    try:
        pages = page_sizes(doc.sha256)
    except (InputError, OSError, ValueError):
        pages = []
    result: dict[str, Any] = (ext.result if ext else None) or {}
    corrections = session.exec(
        select(Correction).where(Correction.document_id == document_id).order_by(col(Correction.id))
    ).all()
    return DocumentView(
        document=doc,
        item=item_for(session, document_id),
        extraction=ext,
        decision=decision,
        findings=findings,
        fields=field_views(result, pages, findings),
        lines=line_views(session, result, findings, document_id),
        pages=pages,
        timeline=timeline(session, document_id),
        corrections=list(corrections),
        vendor=session.get(Vendor, doc.vendor_id) if doc.vendor_id else None,
        claim_lines=claim_line_views(result, findings),
    )


def _why(raw: dict[str, Any]) -> tuple[tuple[bool, str], ...]:
    """Return why a field is trusted or not, in words, from its extraction evidence."""
    from extractors.field_evidence import reasons

    ev = raw.get("evidence")
    return tuple(reasons(ev)) if isinstance(ev, dict) and "method" in ev else ()
