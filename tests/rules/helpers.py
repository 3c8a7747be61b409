"""Small builders shared by the rules tests: one vendor, one PO, receipts, an extraction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rules.history import History
from rules.model import MasterData

VENDOR = {
    "vendor_id": "V1",
    "name": "ACME GmbH",
    "tax_id": "DE811111111",
    "iban": "DE89370400440532013000",
    "currency": "EUR",
}


def po_rows(
    lines: list[tuple[int, str, str, str, str]], po: str = "4500012", status: str = "open"
) -> list[dict[str, Any]]:
    """Return PO rows from ``(line_no, sku, description, quantity, unit_price)``."""
    return [
        {
            "po_number": po,
            "vendor_id": "V1",
            "currency": "EUR",
            "status": status,
            "line_no": n,
            "sku": sku,
            "description": desc,
            "quantity": qty,
            "unit": "EA",
            "unit_price": price,
            "tax_rate": "19",
        }
        for n, sku, desc, qty, price in lines
    ]


def master(
    lines: list[tuple[int, str, str, str, str]],
    received: dict[int, str] | None = None,
    **extra: Any,
) -> MasterData:
    """Return a snapshot with vendor V1, PO 4500012 and receipts ``{line_no: qty}``."""
    receipts = [
        {
            "receipt_id": f"GR{n}",
            "po_number": "4500012",
            "line_no": n,
            "quantity_received": q,
            "received_on": "2024-03-01",
        }
        for n, q in (received or {n: q for n, _, _, q, _ in lines}).items()
    ]
    return MasterData.from_rows(
        vendors=[VENDOR], purchase_orders=po_rows(lines), receipts=receipts, **extra
    )


def invoice(lines: list[dict[str, Any]], *, tax_rate: str = "19", **fields: Any) -> dict[str, Any]:
    """Return an extraction whose subtotal, tax and total add up from ``lines``."""
    subtotal = sum((Decimal(x["amount"]) for x in lines), Decimal(0))
    tax = (subtotal * Decimal(tax_rate) / 100).quantize(Decimal("0.01"))
    values = {
        "vendor_name": "ACME GmbH",
        "vendor_tax_id": "DE811111111",
        "vendor_iban": "DE89370400440532013000",
        "invoice_number": "INV-1",
        "invoice_date": "2024-03-10",
        "po_number": "4500012",
        "currency": "EUR",
        "subtotal": str(subtotal),
        "tax_amount": str(tax),
        "total": str(subtotal + tax),
    } | fields
    return {
        "kind": "invoice",
        "fields": {k: {"value": v, "confidence": 0.99} for k, v in values.items()},
        "lines": [{"unit": "EA", "tax_rate": tax_rate} | x for x in lines],
    }


def line(
    qty: str, price: str, *, ref: int | None = None, desc: str = "", sku: str = ""
) -> dict[str, Any]:
    """Return an invoice line with amount = qty x price (rounded half up to cents)."""
    amount = (Decimal(qty) * Decimal(price)).quantize(Decimal("0.01"))
    out = {
        "description": desc,
        "sku": sku,
        "quantity": qty,
        "unit_price": price,
        "amount": str(amount),
    }
    if ref is not None:
        out["po_line"] = str(ref)
    return out


def no_history() -> History:
    return History()
