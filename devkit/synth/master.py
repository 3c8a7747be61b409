"""Master data consistent with the documents, and its CSV files (ARCHITECTURE.md 4.2)."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bursar.contract import MASTER_COLUMNS
from devkit.synth import catalog
from devkit.synth.model import InvoiceLine, Vendor

HEADERS: dict[str, tuple[str, ...]] = {
    **MASTER_COLUMNS,
    "gl_history": ("description", "vendor_id", "gl_account"),
}


def _num(value: Decimal) -> str:
    return format(value, "f")


def _rate(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass
class World:
    """The books the documents are checked against; grows as documents are drawn."""

    rng: random.Random
    vendors: list[Vendor] = field(default_factory=list)
    po_rows: list[dict[str, str]] = field(default_factory=list)
    receipt_rows: list[dict[str, str]] = field(default_factory=list)
    policy_rows: list[dict[str, str]] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    po_seq: int = 12000
    receipt_seq: int = 0

    def new_po(
        self,
        vendor: Vendor,
        lines: tuple[InvoiceLine, ...],
        *,
        ordered: list[Decimal] | None = None,
        currency: str | None = None,
    ) -> str:
        """Record a PO for ``lines`` (ordered quantities default to the lines'); return its
        number."""
        self.po_seq += self.rng.randint(1, 40)
        po = f"45000{self.po_seq:05d}"
        for i, ln in enumerate(lines):
            qty = ordered[i] if ordered else ln.quantity
            self.po_rows.append(
                {
                    "po_number": po,
                    "vendor_id": vendor.vendor_id,
                    "currency": currency or vendor.locale.currency,
                    "status": "open",
                    "line_no": ln.po_line or str((i + 1) * 10),
                    "sku": ln.sku,
                    "description": ln.description,
                    "quantity": _num(qty),
                    "unit": ln.unit,
                    "unit_price": _num(ln.unit_price),
                    "tax_rate": _rate(ln.tax_rate),
                }
            )
        return po

    def receive(self, po: str, line_no: str, qty: Decimal, on: date) -> None:
        """Record a goods receipt of ``qty`` for one PO line."""
        self.receipt_seq += 1
        self.receipt_rows.append(
            {
                "receipt_id": f"GR-{self.receipt_seq:06d}",
                "po_number": po,
                "line_no": line_no,
                "quantity_received": _num(qty),
                "received_on": on.isoformat(),
            }
        )

    def add_policy(
        self,
        number: str,
        holder: str,
        *,
        status: str = "active",
        valid_from: date = date(2025, 1, 1),
        valid_to: date = date(2026, 12, 31),
    ) -> None:
        self.policy_rows.append(
            {
                "policy_number": number,
                "holder_name": holder,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat(),
                "status": status,
            }
        )

    def order_and_receive(
        self, vendor: Vendor, lines: tuple[InvoiceLine, ...], on: date, *, partial: bool = False
    ) -> str:
        """Record a PO covering ``lines`` and receipts of exactly the lines' quantities.

        With ``partial`` the PO orders more than was delivered (a partial delivery: the
        invoice bills what was received, which is clean)."""
        ordered = [ln.quantity * (2 if partial and i % 2 == 0 else 1) for i, ln in enumerate(lines)]
        po = self.new_po(vendor, lines, ordered=ordered)
        for ln in lines:
            self.receive(po, ln.po_line or "", ln.quantity, on - timedelta(days=3))
        return po


def vendor_rows(vendors: list[Vendor]) -> list[dict[str, str]]:
    """Return the vendor master rows."""
    return [
        {
            "vendor_id": v.vendor_id,
            "name": v.party.name,
            "tax_id": v.party.tax_id or "",
            "iban": v.party.iban or "",
            "currency": v.locale.currency,
            "aliases": "|".join(v.aliases),
        }
        for v in vendors
    ]


def fee_rows() -> list[dict[str, str]]:
    """Return the fee schedule rows (all medical codes, some not covered)."""
    return [
        {
            "code": c,
            "description": d,
            "max_unit_price": _num(p),
            "covered": "true" if cov else "false",
        }
        for c, d, p, cov in catalog.MEDICAL
    ]


def gl_history_rows(
    rng: random.Random,
    vendors: list[Vendor],
    n: int = 400,
) -> list[dict[str, str]]:
    """Return ``n`` coded history lines (description, vendor, GL account)."""
    accounts = sorted(catalog.GL_ACCOUNTS)
    rows = []
    for _ in range(n):
        vendor = rng.choice(vendors)
        gl = vendor.category if rng.random() < 0.6 else rng.choice(accounts)
        _prefix, desc, _unit, _lo, _hi = rng.choice(catalog.GL_ACCOUNTS[gl][1])
        if rng.random() < 0.3:
            desc = f"{desc} ({rng.choice(['Q1', 'Q2', 'urgent', 'repeat order', 'site B'])})"
        rows.append({"description": desc, "vendor_id": vendor.vendor_id, "gl_account": gl})
    return rows


def csv_bytes(kind: str, rows: list[dict[str, str]]) -> bytes:
    """Return ``rows`` as CSV with the contract header of ``kind`` (LF line ends, UTF-8)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADERS[kind], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_master(out: Path, world: World, gl_rows: list[dict[str, str]]) -> None:
    """Write every master CSV under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "vendors": vendor_rows(world.vendors),
        "purchase_orders": world.po_rows,
        "receipts": world.receipt_rows,
        "policies": world.policy_rows,
        "fee_schedule": fee_rows(),
        "gl_history": gl_rows,
    }
    for kind, rows in tables.items():
        (out / f"{kind}.csv").write_bytes(csv_bytes(kind, rows))
