"""The sandbox ERP's own data: a small SQLite file in its folder (not Bursar's database).

Seeded from a ``bursar synth`` master folder (vendors, purchase orders, goods receipts).
Column names are the ERP's, German and abbreviated, as an old ERP would have them.
"""

from __future__ import annotations

import csv
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS kred (lifnr TEXT PRIMARY KEY, name1 TEXT, stceg TEXT, iban TEXT,
    waers TEXT);
CREATE TABLE IF NOT EXISTS bestpos (ebeln TEXT, lifnr TEXT, waers TEXT, status TEXT,
    ebelp TEXT, matnr TEXT, txz01 TEXT, menge TEXT, meins TEXT, netpr TEXT, mwskz TEXT,
    PRIMARY KEY (ebeln, ebelp));
CREATE TABLE IF NOT EXISTS wepos (mblnr TEXT, ebeln TEXT, ebelp TEXT, menge TEXT,
    budat TEXT, PRIMARY KEY (mblnr, ebeln, ebelp));
CREATE TABLE IF NOT EXISTS rbkp (belnr TEXT PRIMARY KEY, lifnr TEXT, ebeln TEXT,
    xblnr TEXT, bldat TEXT, waers TEXT, netto TEXT, steuer TEXT, brutto TEXT,
    usnam TEXT, cpudt TEXT);
CREATE TABLE IF NOT EXISTS anmeldung (id INTEGER PRIMARY KEY AUTOINCREMENT, usnam TEXT,
    ok INTEGER, at TEXT);
"""

# One list page per table: (title, table, columns shown, key order)
LISTS: dict[str, dict[str, Any]] = {
    "kred": {
        "title": "Kreditoren",
        "cols": ["lifnr", "name1", "stceg", "iban", "waers"],
        "order": "lifnr",
    },
    "best": {
        "title": "Bestellungen (Positionen)",
        "table": "bestpos",
        "cols": [
            "ebeln",
            "ebelp",
            "lifnr",
            "waers",
            "status",
            "matnr",
            "txz01",
            "menge",
            "meins",
            "netpr",
            "mwskz",
        ],
        "order": "ebeln, CAST(ebelp AS INTEGER)",
    },
    "we": {
        "title": "Wareneingänge",
        "table": "wepos",
        "cols": ["mblnr", "ebeln", "ebelp", "menge", "budat"],
        "order": "mblnr, ebeln, CAST(ebelp AS INTEGER)",
    },
}
HEADERS = {
    "lifnr": "Kred.-Nr",
    "name1": "Name 1",
    "stceg": "USt-IdNr",
    "iban": "IBAN",
    "waers": "Währg",
    "ebeln": "Einkaufsbeleg",
    "ebelp": "Pos",
    "status": "Stat",
    "matnr": "Material",
    "txz01": "Kurztext",
    "menge": "Menge",
    "meins": "ME",
    "netpr": "Nettopreis",
    "mwskz": "MwSt%",
    "mblnr": "Mat.-Beleg",
    "budat": "Buch.dat",
}


def connect(root: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(root / "erp.db", timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def seed(root: Path, master: Path) -> dict[str, int]:
    """Create the ERP's tables and fill them from a synth master folder."""
    conn = connect(root)
    conn.executescript(SCHEMA)
    vendors = _read(master / "vendors.csv")
    pos = _read(master / "purchase_orders.csv")
    grs = _read(master / "receipts.csv")
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO kred VALUES (?,?,?,?,?)",
            [(v["vendor_id"], v["name"], v["tax_id"], v["iban"], v["currency"]) for v in vendors],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO bestpos VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    p["po_number"],
                    p["vendor_id"],
                    p["currency"],
                    p["status"],
                    p["line_no"],
                    p["sku"],
                    p["description"],
                    p["quantity"],
                    p["unit"],
                    p["unit_price"],
                    p["tax_rate"],
                )
                for p in pos
            ],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO wepos VALUES (?,?,?,?,?)",
            [
                (
                    g["receipt_id"],
                    g["po_number"],
                    g["line_no"],
                    g["quantity_received"],
                    g["received_on"],
                )
                for g in grs
            ],
        )
    conn.close()
    return {"vendors": len(vendors), "po_lines": len(pos), "receipt_lines": len(grs)}


def page(conn: sqlite3.Connection, name: str, number: int, size: int) -> tuple[list[Any], int]:
    """Return one page of list ``name`` and the number of pages."""
    spec = LISTS[name]
    table = spec.get("table", name)
    total = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
    rows = conn.execute(
        f"SELECT {', '.join(spec['cols'])} FROM {table} ORDER BY {spec['order']} "  # noqa: S608
        "LIMIT ? OFFSET ?",
        (size, (number - 1) * size),
    ).fetchall()
    return rows, max(1, -(-total // size))


def all_rows(conn: sqlite3.Connection, name: str) -> list[Any]:
    spec = LISTS[name]
    table = spec.get("table", name)
    return conn.execute(
        f"SELECT {', '.join(spec['cols'])} FROM {table} ORDER BY {spec['order']}"  # noqa: S608
    ).fetchall()


def next_belnr(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT MAX(CAST(belnr AS INTEGER)) FROM rbkp").fetchone()[0]
    return str((row or 5105600000) + 1)


def post_invoice(conn: sqlite3.Connection, draft: dict[str, str], user: str, now: str) -> str:
    """Save a checked invoice; return the ERP document number (Belegnummer)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        belnr = next_belnr(conn)
        conn.execute(
            "INSERT INTO rbkp VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                belnr,
                draft["lifnr"],
                draft["ebeln"],
                draft["xblnr"],
                draft["bldat"],
                draft["waers"],
                draft["netto"],
                draft["steuer"],
                draft["brutto"],
                user,
                now,
            ),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return belnr


def search_invoices(conn: sqlite3.Connection, lifnr: str, xblnr: str) -> list[Any]:
    return conn.execute(
        "SELECT belnr, lifnr, ebeln, xblnr, bldat, waers, brutto FROM rbkp "
        "WHERE (? = '' OR lifnr = ?) AND (? = '' OR UPPER(xblnr) = UPPER(?)) ORDER BY belnr",
        (lifnr, lifnr, xblnr, xblnr),
    ).fetchall()


def check_header(conn: sqlite3.Connection, f: dict[str, str]) -> str | None:
    """Return the ERP's (cryptic) error for step 1 of invoice entry, or None."""
    import re

    if not f.get("lifnr") or not f.get("xblnr") or not f.get("bldat"):
        return "E-0001 Mussfeld nicht gefüllt (RM08/001)"
    if not re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", f["bldat"]):
        return "E-0040 Eingabe im Feld BLDAT ungültig (Format TT.MM.JJJJ)"
    if conn.execute("SELECT 1 FROM kred WHERE lifnr=?", (f["lifnr"],)).fetchone() is None:
        return f"E-1001 Kreditor {f['lifnr']} im Buchungskreis 1000 nicht angelegt"
    if f.get("ebeln"):
        po = conn.execute("SELECT lifnr FROM bestpos WHERE ebeln=?", (f["ebeln"],)).fetchone()
        if po is None:
            return f"E-1104 Einkaufsbeleg {f['ebeln']} nicht vorhanden"
        if po["lifnr"] != f["lifnr"]:
            return f"E-1107 Kreditor {f['lifnr']} passt nicht zu Einkaufsbeleg {f['ebeln']}"
    if search_invoices(conn, f["lifnr"], f["xblnr"]):
        return f"E-3001 Referenz {f['xblnr']} bereits erfasst (Dublettenprüfung M8 108)"
    return None


def check_amounts(
    conn: sqlite3.Connection, header: dict[str, str], f: dict[str, str]
) -> str | None:
    """Return the ERP's error for step 2 (amounts), or None."""
    try:
        net, tax, gross = (Decimal(f[k].replace(",", ".")) for k in ("netto", "steuer", "brutto"))
    except Exception:
        return "E-0042 Betragsfeld nicht numerisch (Feld WRBTR)"
    if header.get("ebeln"):
        po = conn.execute("SELECT waers FROM bestpos WHERE ebeln=?", (header["ebeln"],)).fetchone()
        if po is not None and po["waers"] != f.get("waers"):
            return f"E-2105 Währung {f.get('waers')} abweichend von Bestellwährung {po['waers']}"
    if net + tax != gross:
        return f"E-2201 Saldo ungleich 0: {gross - net - tax} (Soll/Haben prüfen)"
    return None
