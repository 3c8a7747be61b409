"""Ground truth in the extraction contract's shape (ARCHITECTURE.md 4.1).

A truth file is a complete ``bursar.extraction/1`` object (it validates against
``extraction.schema.json`` as is) plus these extra keys, which the schema allows
and consumers should ignore when comparing: ``layout``, ``split``, ``variant``,
``language`` and ``expected_findings`` (rule codes from 4.3 the document must
raise; empty for clean documents; the first code is the injected one).

Values are the normalised values of what is printed (the printed total even when
it is deliberately wrong); ``page``/``bbox`` tell where the value was drawn on the
born-digital PDF (absent for scans, whose geometry the rasteriser changed).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from devkit.synth.einvoice import unit_code
from devkit.synth.layouts import layout_of
from devkit.synth.model import ClaimSpec, InvoiceSpec

SCHEMA = "bursar.extraction/1"
VERSION = "synth@1"


def _dec(value: Decimal) -> str:
    """Return a contract decimal string: ``.`` separator, no exponent, trailing zeros kept."""
    return format(value, "f")


def _rate(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _field(
    value: str | None, boxes: dict[str, tuple[int, list[float]]] | None, key: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value}
    if boxes and key in boxes:
        out["page"], out["bbox"] = boxes[key][0], boxes[key][1]
    return out


def invoice_fields(spec: InvoiceSpec) -> dict[str, str | None]:
    """Return the header field values of an invoice, contract-formatted."""
    party = spec.vendor.party
    return {
        "vendor_name": party.name,
        "vendor_tax_id": party.tax_id,
        "vendor_iban": spec.iban,
        "customer_name": spec.customer.name,
        "invoice_number": spec.invoice_number,
        "invoice_date": spec.invoice_date.isoformat(),
        "due_date": spec.due_date.isoformat(),
        "po_number": spec.po_number,
        "currency": spec.currency,
        "subtotal": _dec(spec.subtotal),
        "tax_amount": _dec(spec.tax_amount),
        "total": _dec(spec.printed_total),
        "payment_terms": spec.payment_terms,
    }


def invoice_truth(
    spec: InvoiceSpec,
    *,
    file: str,
    data: bytes,
    pages: int,
    boxes: dict[str, tuple[int, list[float]]] | None,
    line_pages: list[int] | None,
    variant: str,
    expected_findings: list[str] | None = None,
) -> dict[str, Any]:
    """Return the truth object of one invoice/credit note file."""
    fields = {k: _field(v, boxes, k) for k, v in invoice_fields(spec).items() if v is not None}
    lines = []
    for i, ln in enumerate(spec.lines):
        row: dict[str, Any] = {
            "description": " ".join(ln.description.split()),
            "sku": ln.sku,
            "quantity": _dec(ln.quantity),
            # e-invoices carry UN/ECE unit codes (H87, HUR ...), not the printed unit
            "unit": unit_code(ln.unit) if variant == "einvoice" else ln.unit,
            "unit_price": _dec(ln.unit_price),
            "amount": _dec(ln.amount),
            "tax_rate": _rate(ln.tax_rate),
            "po_line": ln.po_line,
        }
        if line_pages:
            row["page"] = line_pages[i]
        lines.append(row)
    return _envelope(
        file,
        data,
        pages,
        spec.kind,
        variant,
        spec.layout,
        spec.locale.language,
        fields,
        lines,
        expected_findings,
    )


def claim_truth(
    spec: ClaimSpec,
    *,
    file: str,
    data: bytes,
    pages: int,
    boxes: dict[str, tuple[int, list[float]]] | None,
    variant: str,
    expected_findings: list[str] | None = None,
) -> dict[str, Any]:
    """Return the truth object of one claim form file."""
    values = {
        "claim_number": spec.claim_number,
        "policy_number": spec.policy_number,
        "claimant_name": spec.claimant.name,
        "provider_name": spec.provider.name,
        "service_date": spec.service_date.isoformat(),
        "currency": spec.currency,
        "total_claimed": _dec(spec.total_claimed),
    }
    fields = {k: _field(v, boxes, k) for k, v in values.items()}
    lines = [
        {
            "service_date": ln.service_date.isoformat(),
            "code": ln.code,
            "description": ln.description,
            "quantity": _dec(ln.quantity),
            "unit_price": _dec(ln.unit_price),
            "amount": _dec(ln.amount),
        }
        for ln in spec.lines
    ]
    return _envelope(
        file,
        data,
        pages,
        "claim",
        variant,
        spec.layout,
        spec.language,
        fields,
        lines,
        expected_findings,
    )


def _envelope(
    file: str,
    data: bytes,
    pages: int,
    kind: str,
    variant: str,
    layout: str,
    language: str,
    fields: dict[str, Any],
    lines: list[dict[str, Any]],
    expected_findings: list[str] | None,
) -> dict[str, Any]:
    source = {"digital": "pdf", "scan": "ocr", "einvoice": "einvoice"}[variant]
    return {
        "schema": SCHEMA,
        "file": file,
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": pages,
        "text_source": source,
        "kind": kind,
        "kind_confidence": 1.0,
        "fields": fields,
        "lines": lines,
        "warnings": [],
        "versions": {"synth": VERSION},
        "layout": layout,
        "split": layout_of(layout).split,
        "variant": variant,
        "language": language,
        "expected_findings": list(expected_findings or []),
    }
