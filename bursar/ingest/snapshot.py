"""Build the rules engine's inputs (master data and history) from the database.

The engine (``rules``) is a pure function over plain data; this module is the only
place that turns table rows into that data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from bursar.records import (
    Document,
    DocumentLine,
    Extraction,
    FeeScheduleItem,
    GoodsReceiptLine,
    Policy,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)
from rules.history import History, PastClaim, PastClaimLine, PastInvoice
from rules.model import MasterData

# Documents whose lines count as invoiced / whose numbers count for duplicate checks.
LIVE_STATUSES = ("approved", "exception", "posted")


def load_master(session: Session) -> MasterData:
    """Return a snapshot of every vendor, PO, receipt, policy and fee in the database."""
    vendors = [
        {
            "vendor_id": v.vendor_id,
            "name": v.name,
            "tax_id": v.tax_id,
            "iban": v.iban,
            "currency": v.currency,
            "aliases": v.aliases,
            "category": v.category,
            "country": v.country,
        }
        for v in session.exec(select(Vendor))
    ]
    headers = {p.po_number: p for p in session.exec(select(PurchaseOrder))}
    po_rows: list[dict[str, Any]] = []
    for line in session.exec(select(PurchaseOrderLine)):
        head = headers.get(line.po_number)
        if head is None or not line.line_no.strip().isdigit():
            continue
        po_rows.append(
            {
                "po_number": line.po_number,
                "vendor_id": head.vendor_id,
                "currency": head.currency,
                "status": head.status,
                "match_mode": head.match_mode,
                "line_no": line.line_no,
                "sku": line.sku,
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "tax_rate": line.tax_rate,
            }
        )
    receipts = [
        {
            "receipt_id": r.receipt_id,
            "po_number": r.po_number,
            "line_no": r.line_no,
            "quantity_received": r.quantity_received,
            "received_on": r.received_on,
        }
        for r in session.exec(select(GoodsReceiptLine))
        if r.line_no.strip().isdigit()
    ]
    policies = [
        {
            "policy_number": p.policy_number,
            "holder_name": p.holder_name,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "status": p.status,
        }
        for p in session.exec(select(Policy))
    ]
    fees = [
        {
            "code": f.code,
            "description": f.description,
            "max_unit_price": f.max_unit_price,
            "covered": f.covered,
            "modifier": f.modifier,
            "place_of_service": f.place_of_service,
            "max_units_per_day": f.max_units_per_day,
        }
        for f in session.exec(select(FeeScheduleItem))
    ]
    return MasterData.from_rows(
        vendors=vendors,
        purchase_orders=po_rows,
        receipts=receipts,
        policies=policies,
        fee_schedule=fees,
    )


def load_history(session: Session, *, exclude_document: int | None = None) -> History:
    """Return earlier live invoices, claims and invoiced PO quantities."""
    docs = session.exec(select(Document).where(col(Document.status).in_(LIVE_STATUSES))).all()
    docs = [d for d in docs if d.id != exclude_document]
    kinds = {d.id: d.kind for d in docs}
    invoices = [_invoice_row(d) for d in docs if d.kind in ("invoice", "credit_note")]
    claim_docs = [d for d in docs if d.kind == "claim"]
    billed = _claim_lines(session, [d.id for d in claim_docs if d.id is not None])
    claims = [_claim_row(d, billed.get(d.id)) for d in claim_docs]
    lines = (
        session.exec(
            select(DocumentLine)
            .where(col(DocumentLine.document_id).in_(list(kinds)))
            .where(col(DocumentLine.po_line).is_not(None))
        ).all()
        if kinds
        else []
    )
    invoiced = [
        {
            "po_number": ln.po_number,
            "line_no": int(ln.po_line),
            "quantity": ln.po_quantity,
            "kind": kinds[ln.document_id],
        }
        for ln in lines
        if ln.po_number and ln.po_line and ln.po_line.isdigit() and ln.po_quantity is not None
    ]
    return History.from_rows(invoices=invoices, invoiced_lines=invoiced, claims=claims)


def _invoice_row(d: Document) -> dict[str, Any]:
    return {
        "vendor_id": d.vendor_id,
        "invoice_number": d.invoice_number,
        "total": d.total,
        "invoice_date": d.invoice_date,
        "sha256": d.sha256,
        "status": d.status,
        "kind": d.kind,
    }


def _claim_row(d: Document, billed: dict[str, Any] | None = None) -> dict[str, Any]:
    # For claims the document row keeps policy number in vendor_id and claim number in
    # invoice_number, and the service date in invoice_date (see pipeline._summarise).
    return {
        "policy_number": d.vendor_id,
        "claim_number": d.invoice_number,
        "service_date": d.invoice_date,
        "total": d.total,
        "sha256": d.sha256,
        "status": d.status,
        **(billed or {}),
    }


def _billed(result: Any) -> dict[str, Any]:
    """Return a claim extraction's provider and service lines (code, day) for the history."""
    if not isinstance(result, dict):
        return {}
    fields = result.get("fields") or {}

    def value(name: str) -> Any:
        f = fields.get(name)
        return f.get("value") if isinstance(f, dict) else None

    lines = [
        {"code": ln.get("code"), "service_date": ln.get("service_date")}
        for ln in result.get("lines") or ()
        if isinstance(ln, dict) and ln.get("code")
    ]
    return {"provider": value("provider_npi") or value("provider_name") or "", "lines": lines}


def _claim_lines(session: Session, doc_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Return each claim document's provider and billed lines, from its latest extraction."""
    if not doc_ids:
        return {}
    out: dict[int, dict[str, Any]] = {}
    query = (
        select(Extraction.document_id, Extraction.result)
        .where(col(Extraction.document_id).in_(doc_ids))
        .order_by(col(Extraction.id))
    )
    for doc_id, result in session.exec(query):
        out[doc_id] = _billed(result)  # the latest (a correction) wins
    return out


@dataclass
class Snapshot:
    """Master data and history loaded once for a batch, kept current as documents are decided.

    Reading every vendor, PO line and earlier document again for each document made a
    batch quadratic in the size of the books; ``remember`` adds what ``load_history``
    would read back for a just-decided document, so the next one sees it.
    """

    master: MasterData
    history: History

    def remember(
        self, doc: Document, decision: Any, extraction: dict[str, Any] | None = None
    ) -> None:
        """Add a just-recorded document to the history (only live ones count)."""
        if doc.status not in LIVE_STATUSES:
            return
        if doc.kind in ("invoice", "credit_note"):
            self.history.add_invoice(_invoice_row(doc))
            for po_number, line_no, quantity in decision.invoiced_quantities():
                self.history.add_invoiced(po_number, line_no, quantity)
        elif doc.kind == "claim":
            self.history.add_claim(_claim_row(doc, _billed(extraction)))


def load_snapshot(session: Session, *, exclude_document: int | None = None) -> Snapshot:
    """Return master data and history as the database holds them now."""
    return Snapshot(_master(session), load_history(session, exclude_document=exclude_document))


def scoped_snapshot(session: Session, *, exclude_document: int | None = None) -> Snapshot:
    """Return master data and a history that reads only what one document's rules ask for.

    For deciding a single document (a worker's job, a re-decision): the same answers as
    ``load_snapshot``, from a few indexed queries instead of every live document.
    """
    return Snapshot(_master(session), ScopedHistory(session, exclude_document))


def _master(session: Session) -> MasterData:
    return _cached_master(session) if reuse_master else load_master(session)


class ScopedHistory(History):
    """A ``History`` filled on demand, one indexed query per vendor, policy or PO asked about.

    The rules read history only by key (a vendor's invoices by number or total, a policy's
    claims, a PO line's invoiced quantity), so deciding one document needs the rows under
    those keys, not every earlier document: the rows read no longer grow with the books.
    Each key is read once, in the caller's transaction; the answers equal those of a
    ``History`` built by ``load_history`` from the same database state.
    """

    __slots__ = ("_session", "_exclude", "_vendors", "_policies", "_pos")

    def __init__(self, session: Session, exclude_document: int | None = None) -> None:
        super().__init__()
        self._session = session
        self._exclude = exclude_document
        self._vendors: set[str] = set()
        self._policies: set[str] = set()
        self._pos: set[str] = set()

    def _live(self, *where: Any) -> list[Document]:
        query = select(Document).where(col(Document.status).in_(LIVE_STATUSES), *where)
        if self._exclude is not None:
            query = query.where(col(Document.id) != self._exclude)
        return list(self._session.exec(query))

    def _need_vendors(self, vendor_ids: Iterable[str]) -> None:
        todo = sorted(set(vendor_ids) - self._vendors)
        if not todo:
            return
        self._vendors.update(todo)
        kinds = ("invoice", "credit_note")
        docs = self._live(col(Document.vendor_id).in_(todo), col(Document.kind).in_(kinds))
        for d in docs:
            History.add_invoice(self, _invoice_row(d))

    def _need_policy(self, policy_number: str) -> None:
        if policy_number in self._policies:
            return
        self._policies.add(policy_number)
        docs = self._live(col(Document.vendor_id) == policy_number, Document.kind == "claim")
        billed = _claim_lines(self._session, [d.id for d in docs if d.id is not None])
        for d in docs:
            History.add_claim(self, _claim_row(d, billed.get(d.id)))

    def _need_po(self, po_number: str) -> None:
        if po_number in self._pos:
            return
        self._pos.add(po_number)
        query = (
            select(DocumentLine.po_line, DocumentLine.po_quantity, Document.kind)
            .join(Document, col(Document.id) == col(DocumentLine.document_id))
            .where(col(DocumentLine.po_number) == po_number)
            .where(col(DocumentLine.po_line).is_not(None))
            .where(col(Document.status).in_(LIVE_STATUSES))
        )
        if self._exclude is not None:
            query = query.where(col(Document.id) != self._exclude)
        rows = [
            {"po_number": po_number, "line_no": int(line), "quantity": qty, "kind": kind}
            for line, qty, kind in self._session.exec(query)
            if line and line.isdigit() and qty is not None
        ]
        # The same arithmetic as load_history: credit notes reduce the invoiced quantity.
        for key, qty in History.from_rows(invoiced_lines=rows).invoiced.items():
            History.add_invoiced(self, key[0], key[1], qty)

    def invoiced_qty(self, po_number: str, line_no: int) -> Decimal:
        self._need_po(po_number)
        return History.invoiced_qty(self, po_number, line_no)

    def invoices_numbered(self, vendor_ids: Iterable[str], number: str) -> list[PastInvoice]:
        vendor_ids = list(vendor_ids)
        self._need_vendors(vendor_ids)
        return History.invoices_numbered(self, vendor_ids, number)

    def invoices_totalling(self, vendor_ids: Iterable[str], total: Decimal) -> list[PastInvoice]:
        vendor_ids = list(vendor_ids)
        self._need_vendors(vendor_ids)
        return History.invoices_totalling(self, vendor_ids, total)

    def claims_numbered(self, policy_number: str, number: str) -> list[PastClaim]:
        self._need_policy(policy_number)
        return History.claims_numbered(self, policy_number, number)

    def claims_totalling(self, policy_number: str, total: Decimal) -> list[PastClaim]:
        self._need_policy(policy_number)
        return History.claims_totalling(self, policy_number, total)

    def claim_lines_on(self, policy_number: str, code: str, day: Any) -> list[PastClaimLine]:
        self._need_policy(policy_number)
        return History.claim_lines_on(self, policy_number, code, day)

    def add_invoice(self, row: Mapping[str, Any]) -> None:
        raise TypeError("a ScopedHistory reads the database; it is not grown by hand")

    add_claim = add_invoice  # type: ignore[assignment]


# A long-running worker decides one document per job; reading every vendor and PO line
# again for each would cost O(master data) per document. Workers turn this on: master
# data is then read again only when the audit trail shows it changed (every import and
# every vendor change is audited). Off by default, so a process that writes master
# data without the audit trail (a test, a script) never sees a stale copy.
reuse_master = False
_master_cache: dict[str, tuple[int, MasterData]] = {}
_MASTER_ACTIONS = (("masterdata.", "masterdata/"), ("vendor.", "vendor/"))


def master_mark(session: Session) -> int:
    """Return the seq of the latest audit event that changed master data (0 if none)."""
    from sqlalchemy import func, or_

    from bursar.records import AuditEvent

    ranges = [
        (col(AuditEvent.action) >= lo) & (col(AuditEvent.action) < hi) for lo, hi in _MASTER_ACTIONS
    ]
    mark = session.exec(select(func.max(AuditEvent.seq)).where(or_(*ranges))).one()
    return int(mark or 0)


def _cached_master(session: Session) -> MasterData:
    key = str(session.get_bind().url)
    mark = master_mark(session)
    hit = _master_cache.get(key)
    if hit is not None and hit[0] == mark:
        return hit[1]
    master = load_master(session)
    _master_cache[key] = (mark, master)
    return master
