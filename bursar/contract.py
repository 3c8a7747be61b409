"""Names fixed by the contracts in ARCHITECTURE.md section 4 (one place for every part).

Import-light on purpose: the extractors, models, synthetic corpus and inbox all use it.
"""

from __future__ import annotations

# 4.1 header fields
INVOICE_FIELDS: tuple[str, ...] = (
    "vendor_name", "vendor_tax_id", "vendor_iban", "customer_name", "invoice_number",
    "invoice_date", "due_date", "po_number", "currency", "subtotal", "tax_amount", "total",
    "payment_terms",
)  # fmt: skip
CLAIM_FIELDS: tuple[str, ...] = (
    "claim_number", "policy_number", "claimant_name", "provider_name", "service_date",
    "currency", "total_claimed",
)  # fmt: skip
HEADER_FIELDS: tuple[str, ...] = INVOICE_FIELDS + tuple(
    f for f in CLAIM_FIELDS if f not in INVOICE_FIELDS
)

# 4.2 master data CSV columns, in order
MASTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "vendors": ("vendor_id", "name", "tax_id", "iban", "currency", "aliases"),
    "purchase_orders": ("po_number", "vendor_id", "currency", "status", "line_no", "sku",
                        "description", "quantity", "unit", "unit_price", "tax_rate"),
    "receipts": ("receipt_id", "po_number", "line_no", "quantity_received", "received_on"),
    "policies": ("policy_number", "holder_name", "valid_from", "valid_to", "status"),
    "fee_schedule": ("code", "description", "max_unit_price", "covered"),
}  # fmt: skip

# 4.1 value formats: decimal strings ("1234.50") and ISO dates, header fields and line fields
DECIMAL_FIELDS = frozenset({"subtotal", "tax_amount", "total", "total_claimed", "quantity",
                            "unit_price", "amount", "tax_rate"})  # fmt: skip
DATE_FIELDS = frozenset({"invoice_date", "due_date", "service_date"})
