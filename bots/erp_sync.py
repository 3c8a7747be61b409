"""``erp_sync``: purchase orders and goods receipts from the legacy ERP into master data.

The ERP's CSV export is used when the user may export; otherwise the paginated list is
screen-scraped. Either way the ERP's columns (German, decimal commas) are mapped onto
Bursar's master-data CSV contract (ARCHITECTURE.md 4.2) and imported with
``bursar.masterdata``. The work item is the content: an unchanged export is skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

from bots.base import Candidate, Item, Outcome
from bots.erp_client import ErpBot
from bots.registry import register
from bursar.db import session_scope
from bursar.errors import BusinessError

# ERP list -> (Bursar kind, contract columns, ERP header per contract column)
MAPPINGS: dict[str, tuple[str, list[tuple[str, str | None]]]] = {
    "best": (
        "purchase_orders",
        [
            ("po_number", "Einkaufsbeleg"),
            ("vendor_id", "Kred.-Nr"),
            ("currency", "Währg"),
            ("status", "Stat"),
            ("line_no", "Pos"),
            ("sku", "Material"),
            ("description", "Kurztext"),
            ("quantity", "Menge"),
            ("unit", "ME"),
            ("unit_price", "Nettopreis"),
            ("tax_rate", "MwSt%"),
        ],
    ),
    "we": (
        "receipts",
        [
            ("receipt_id", "Mat.-Beleg"),
            ("po_number", "Einkaufsbeleg"),
            ("line_no", "Pos"),
            ("quantity_received", "Menge"),
            ("received_on", "Buch.dat"),
        ],
    ),
}
NUMERIC = {"quantity", "unit_price", "tax_rate", "quantity_received"}


def to_contract(name: str, header: list[str], rows: list[list[str]]) -> bytes:
    """Return the ERP rows of list ``name`` as a master-data CSV in Bursar's contract."""
    kind, columns = MAPPINGS[name]
    index = {h.strip(): i for i, h in enumerate(header)}
    missing = [erp for _, erp in columns if erp not in index]
    if missing:
        raise BusinessError(
            f"the ERP's {name} list has no column {', '.join(missing)}: its layout changed"
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c for c, _ in columns])
    for row in rows:
        values = []
        for col, erp in columns:
            value = row[index[erp]].strip()
            values.append(value.replace(",", ".") if col in NUMERIC else value)
        writer.writerow(values)
    return out.getvalue().encode("utf-8")


@register
class ErpSync(ErpBot):
    name = "erp_sync"
    steps = (
        "sign in",
        "export (or scrape) purchase orders",
        "export (or scrape) goods receipts",
        "import as master data",
    )
    produces = "master data (purchase orders, goods receipts)"
    consumes = None
    source = "erp"

    def discover(self) -> Iterator[Candidate]:
        for name in MAPPINGS:
            data = self.export(name)
            if data is not None:
                text = data.decode("utf-8-sig")
                table = list(csv.reader(io.StringIO(text), delimiter=";"))
                header, rows, how = table[0], [r for r in table[1:] if r], "export"
            else:
                frame = self.goto(f"/app/list/{name}?seite=1")
                header = [
                    " ".join(th.inner_text().split())
                    for th in frame.locator("table#liste th").all()
                ]
                rows, how = self.scrape(name), "screen"
            body = to_contract(name, header, rows)
            digest = hashlib.sha256(body).hexdigest()
            path = Path(self.ctx.workdir) / f"{MAPPINGS[name][0]}-{digest[:12]}.csv"
            path.write_bytes(body)
            self.ctx.stats[f"{name}_rows"] = len(rows)
            self.ctx.stats[f"{name}_via"] = how
            yield Candidate(
                f"{MAPPINGS[name][0]}:{digest}",
                {"kind": MAPPINGS[name][0], "file": str(path), "rows": len(rows), "via": how},
            )

    def process(self, item: Item) -> Outcome:
        from bursar.masterdata import import_csv

        with session_scope() as session:
            report = import_csv(
                session, item.payload["kind"], Path(item.payload["file"]), actor=f"bot:{self.name}"
            )
        note = (
            f"{report.inserted} inserted, {report.updated} updated, {report.unchanged} "
            f"unchanged, {len(report.errors)} rejected (via {item.payload['via']})"
        )
        if report.errors and not (report.inserted or report.updated or report.unchanged):
            raise BusinessError(f"every row was rejected: {report.errors[0]}")
        return Outcome(note=note)
