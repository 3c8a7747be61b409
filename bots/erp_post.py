"""``erp_post``: key approved invoices into the legacy ERP, once each.

For each approved invoice (document status ``approved``), the bot first searches the
ERP for the vendor's invoice number: a posting found there (say, from a run that crashed
between Save and recording) is recorded, not keyed again. Otherwise it walks the
three-step entry form; a validation banner is a business error: the invoice goes back
to the inbox with the ERP's message. The ERP's document number is recorded on the work
item and in the audit trail against the decision (``bots.erp_posted``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from sqlmodel import col, select

from bots.base import Candidate, Item, Outcome
from bots.erp_client import ErpBot
from bots.registry import register
from bursar import postings
from bursar.db import session_scope
from bursar.errors import BusinessError, SystemError_
from bursar.postings import field_value
from bursar.records import Document, DocumentLine

FAULT_ENV = "BURSAR_BOTS_FAULT"  # "erp_post.after_save": die between Save and record (tests)
_BELNR = re.compile(r"Beleg (\d+) wurde")


def _money(value: Any) -> str:
    return f"{Decimal(str(value)):.2f}".replace(".", ",")


def approved_postings(session: Any) -> list[Candidate]:
    """Return one candidate per approved invoice not yet posted, keyed by vendor and number."""
    out = []
    for inv in postings.unposted(session, "erp"):
        doc, decision, result = inv.doc, inv.decision, inv.result
        if not doc.vendor_id or not doc.invoice_number or doc.total is None:
            continue
        po = session.exec(
            select(DocumentLine.po_number).where(
                DocumentLine.document_id == doc.id, col(DocumentLine.po_number).is_not(None)
            )
        ).first() or field_value(result, "po_number")
        tax = field_value(result, "tax_amount")
        net = field_value(result, "subtotal")
        if net is None and tax is not None:
            net = Decimal(str(doc.total)) - Decimal(str(tax))
        if tax is None and net is not None:
            tax = Decimal(str(doc.total)) - Decimal(str(net))
        payload = {
            "document_id": doc.id,
            "decision_id": decision.id if decision else None,
            "vendor_id": doc.vendor_id,
            "po_number": po or "",
            "invoice_number": doc.invoice_number,
            "invoice_date": doc.invoice_date.strftime("%d.%m.%Y") if doc.invoice_date else "",
            "currency": doc.currency or "",
            "net": str(net if net is not None else doc.total),
            "tax": str(tax if tax is not None else "0"),
            "total": str(doc.total),
        }
        # retry_failed: an invoice the ERP refused comes back here only once a person
        # approved it again in the inbox.
        ref = f"post:{doc.vendor_id}/{doc.invoice_number}"
        out.append(Candidate(ref, payload, retry_failed=True))
    return out


@register
class ErpPost(ErpBot):
    name = "erp_post"
    steps = (
        "sign in",
        "search the ERP for the invoice",
        "key header, amounts, save",
        "read back the document number",
        "record it on the decision",
    )
    produces = "ERP postings"
    consumes = "approved invoices (decisions)"
    source = "erp"

    def discover(self) -> Iterator[Candidate]:
        with session_scope(write=False) as session:
            found = approved_postings(session)
        yield from found

    def find(self, vendor_id: str, number: str) -> str | None:
        """Return the ERP document number of a posting of this invoice, if there is one."""
        frame = self.goto("/app/suche?" + urlencode({"lifnr": vendor_id, "xblnr": number}))
        rows = frame.locator("table#treffer tr").all()[1:]
        if not rows:
            return None
        return rows[0].locator("td").first.inner_text().strip()

    def process(self, item: Item) -> Outcome:
        p = item.payload
        with session_scope(write=False) as session:  # approval is checked at keying time
            doc = session.get(Document, p["document_id"])
            status = doc.status if doc else "missing"
        if status != "approved":
            raise BusinessError(
                f"document {p['document_id']} is {status}, not approved: approve it in the "
                "inbox; it is posted on the next run"
            )
        existing = self.find(p["vendor_id"], p["invoice_number"])
        if existing:
            self._record(item, existing, found=True)
            return Outcome(
                document_ids=[p["document_id"]],
                erp_document=existing,
                note=f"already in the ERP as {existing}",
            )
        frame = self.goto("/app/mir7/1")
        for name, value in (
            ("lifnr", p["vendor_id"]),
            ("ebeln", p["po_number"]),
            ("xblnr", p["invoice_number"]),
            ("bldat", p["invoice_date"]),
        ):
            frame.fill(f"#f_{name}", value)
        self.submit("#weiter")
        self._refused(item)
        frame = self.content
        frame.fill("#f_waers", p["currency"])
        frame.fill("#f_netto", _money(p["net"]))
        frame.fill("#f_steuer", _money(p["tax"]))
        frame.fill("#f_brutto", _money(p["total"]))
        self.submit("#pruefen")
        self._refused(item)
        self.submit("#buchen")
        text = self.banner(self.content) or ""
        found = _BELNR.search(text)
        if not found:
            raise SystemError_(f"the ERP did not confirm the posting: {text or 'no message'}")
        if os.environ.get(FAULT_ENV) == "erp_post.after_save":
            os._exit(70)  # a crash between Save and record, for the idempotency test
        belnr = found.group(1)
        self._record(item, belnr, found=False)
        return Outcome(
            document_ids=[p["document_id"]], erp_document=belnr, note=f"posted as {belnr}"
        )

    def _refused(self, item: Item) -> None:
        message = self.error_banner()
        if message:
            route_back(item, message, actor=f"bot:{self.name}")
            raise BusinessError(f"the ERP refused the invoice: {message}")

    def _record(self, item: Item, belnr: str, *, found: bool) -> None:
        p = item.payload
        with session_scope() as session:
            postings.record_posted(
                session,
                p["document_id"],
                "erp",
                belnr,
                actor=f"bot:{self.name}",
                decision_id=p["decision_id"],
                found_existing=found,
                details={"work_item": item.id, "erp_document": belnr},
            )


def route_back(item: Item, message: str, *, actor: str) -> None:
    """Send the invoice back to the approval inbox with the ERP's message."""
    with session_scope() as session:
        postings.route_back(
            session,
            item.payload["document_id"],
            "erp",
            message,
            actor=actor,
            details={"work_item": item.id},
        )
