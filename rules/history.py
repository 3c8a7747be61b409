"""What was invoiced and claimed before: the memory for duplicates and cumulative quantities.

The pipeline builds a ``History`` from its database; the engine only reads it.
``add_*`` methods exist so a snapshot can be grown as documents are decided (the
benchmark and tests replay a corpus in order that way).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from rules.model import parse_date
from rules.money import to_decimal

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def norm_doc_number(value: object) -> str:
    """Return an invoice/claim number as a duplicate key.

    Case, punctuation and whitespace are dropped, the letter O is read as zero
    (the usual OCR confusion) and leading zeros of every digit run are removed,
    so ``INV-0042``, ``inv 42`` and ``INV.OO42`` give the same key.
    """
    text = _NON_ALNUM.sub("", str(value or "").upper().replace("O", "0"))
    return _LEADING_ZEROS.sub("", text)


@dataclass(frozen=True, slots=True)
class PastInvoice:
    vendor_id: str
    number: str  # normalised with norm_doc_number
    raw_number: str
    total: Decimal | None
    invoice_date: date | None
    sha256: str = ""
    status: str = "approved"
    kind: str = "invoice"


@dataclass(frozen=True, slots=True)
class PastClaim:
    policy_number: str
    number: str  # normalised
    raw_number: str
    service_date: date | None
    total: Decimal | None
    sha256: str = ""
    status: str = "approved"


@dataclass(frozen=True, slots=True)
class PastClaimLine:
    """A service line of an earlier claim: who billed what for whom on which day."""

    policy_number: str
    provider: str
    code: str
    service_date: date
    raw_number: str
    sha256: str = ""
    status: str = "approved"


def _total_key(total: Decimal | None) -> Decimal | None:
    return None if total is None else abs(total).normalize()


@dataclass(slots=True)
class History:
    """Indexed earlier documents and cumulative invoiced quantity per (po_number, line_no)."""

    invoiced: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    by_number: dict[tuple[str, str], list[PastInvoice]] = field(default_factory=dict)
    by_total: dict[tuple[str, Decimal], list[PastInvoice]] = field(default_factory=dict)
    claims_by_number: dict[tuple[str, str], list[PastClaim]] = field(default_factory=dict)
    claims_by_total: dict[tuple[str, Decimal], list[PastClaim]] = field(default_factory=dict)
    claim_lines: dict[tuple[str, str, date], list[PastClaimLine]] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls,
        invoices: Iterable[Mapping[str, Any]] = (),
        invoiced_lines: Iterable[Mapping[str, Any]] = (),
        claims: Iterable[Mapping[str, Any]] = (),
    ) -> History:
        """Return a History from plain rows.

        ``invoices``: vendor_id, invoice_number, total, invoice_date, sha256, status, kind.
        ``invoiced_lines``: po_number, line_no, quantity (in the PO unit), kind —
        rows of kind ``credit_note`` (or negative quantities) reduce the invoiced total.
        ``claims``: policy_number, claim_number, service_date, total, sha256, status, and
        optionally provider and lines (each with code and service_date).
        """
        history = cls()
        for row in invoices:
            history.add_invoice(row)
        for row in invoiced_lines:
            qty = to_decimal(row.get("quantity")) or Decimal(0)
            sign = -1 if str(row.get("kind", "")) == "credit_note" and qty > 0 else 1
            history.add_invoiced(str(row["po_number"]), int(row["line_no"]), sign * qty)
        for row in claims:
            history.add_claim(row)
        return history

    def add_invoice(self, row: Mapping[str, Any]) -> None:
        """Remember one earlier invoice or credit note."""
        raw = str(row.get("invoice_number") or "")
        past = PastInvoice(
            vendor_id=str(row.get("vendor_id") or ""),
            number=norm_doc_number(raw),
            raw_number=raw,
            total=to_decimal(row.get("total")),
            invoice_date=parse_date(row.get("invoice_date")),
            sha256=str(row.get("sha256") or ""),
            status=str(row.get("status") or "approved"),
            kind=str(row.get("kind") or "invoice"),
        )
        if past.number:
            self.by_number.setdefault((past.vendor_id, past.number), []).append(past)
        total = _total_key(past.total)
        if total is not None:
            self.by_total.setdefault((past.vendor_id, total), []).append(past)

    def add_invoiced(self, po_number: str, line_no: int, quantity: Decimal) -> None:
        """Add (or, negative, remove) quantity billed against a PO line."""
        key = (po_number, line_no)
        self.invoiced[key] = self.invoiced.get(key, Decimal(0)) + quantity

    def add_claim(self, row: Mapping[str, Any]) -> None:
        """Remember one earlier claim."""
        raw = str(row.get("claim_number") or "")
        past = PastClaim(
            policy_number=str(row.get("policy_number") or ""),
            number=norm_doc_number(raw),
            raw_number=raw,
            service_date=parse_date(row.get("service_date")),
            total=to_decimal(row.get("total")),
            sha256=str(row.get("sha256") or ""),
            status=str(row.get("status") or "approved"),
        )
        if past.number:
            self.claims_by_number.setdefault((past.policy_number, past.number), []).append(past)
        total = _total_key(past.total)
        if total is not None:
            self.claims_by_total.setdefault((past.policy_number, total), []).append(past)
        for ln in row.get("lines") or ():
            day = parse_date(ln.get("service_date")) or past.service_date
            code = str(ln.get("code") or "")
            if not (code and day and past.policy_number):
                continue
            line = PastClaimLine(
                past.policy_number,
                str(row.get("provider") or ""),
                code,
                day,
                raw,
                past.sha256,
                past.status,
            )
            self.claim_lines.setdefault((past.policy_number, code, day), []).append(line)

    def invoiced_qty(self, po_number: str, line_no: int) -> Decimal:
        """Return the quantity already billed on this PO line, net of credit notes."""
        return self.invoiced.get((po_number, line_no), Decimal(0))

    def invoices_numbered(self, vendor_ids: Iterable[str], number: str) -> list[PastInvoice]:
        """Return earlier invoices of these vendors with this normalised number."""
        out: list[PastInvoice] = []
        for vid in vendor_ids:
            out.extend(self.by_number.get((vid, number), ()))
        return out

    def invoices_totalling(self, vendor_ids: Iterable[str], total: Decimal) -> list[PastInvoice]:
        """Return earlier invoices of these vendors with the same absolute total."""
        key = _total_key(total)
        out: list[PastInvoice] = []
        for vid in vendor_ids:
            out.extend(self.by_total.get((vid, key), ()))  # type: ignore[arg-type]
        return out

    def claims_numbered(self, policy_number: str, number: str) -> list[PastClaim]:
        """Return earlier claims on this policy with this normalised number."""
        return list(self.claims_by_number.get((policy_number, number), ()))

    def claims_totalling(self, policy_number: str, total: Decimal) -> list[PastClaim]:
        """Return earlier claims on this policy with the same total."""
        return list(self.claims_by_total.get((policy_number, _total_key(total)), ()))  # type: ignore[arg-type]

    def claim_lines_on(self, policy_number: str, code: str, day: date) -> list[PastClaimLine]:
        """Return earlier claims' lines for this member, service code and day."""
        return list(self.claim_lines.get((policy_number, code, day), ()))
