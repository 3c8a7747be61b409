"""Bulk half of the master data import: a staging table, then set-based merges.

Checked rows stream into a temporary staging table (COPY on PostgreSQL, executemany
in batches on SQLite), so memory stays flat however long the file. Ambiguous rows
(a key twice; a purchase order whose lines disagree on its header) are found and
removed there with SQL, then each master table gets one UPDATE of the rows that
changed and one INSERT of the new ones. Everything runs on the caller's session,
inside its one transaction: an import lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text
from sqlmodel import Session

from bursar import audit
from bursar.types import utc_text, utcnow

STAGE = "bursar_import_stage"
BATCH = 10_000


@dataclass(frozen=True)
class Merge:
    """Upsert ``target`` from ``source`` (SQL over the stage) by ``key``."""

    target: str
    key: tuple[str, ...]
    values: tuple[str, ...]
    source: str = f"SELECT * FROM {STAGE}"
    stamp: str | None = None  # a column set to "now" on insert and update
    counted: bool = True  # its inserted/updated figures are the report's


@dataclass(frozen=True)
class StageSpec:
    columns: tuple[str, ...]
    key: tuple[str, ...]
    merges: tuple[Merge, ...]
    types: dict[str, str] = field(default_factory=dict)  # column -> "date" | "bool"
    po_headers: bool = False  # lines of one PO must agree on its header
    audit_iban: bool = False  # vendor bank-detail changes are audit events


PO_HEADER = ("vendor_id", "currency", "status", "match_mode")
VENDORS = StageSpec(
    columns=("vendor_id", "name", "tax_id", "iban", "currency", "aliases", "category", "country"),
    key=("vendor_id",),
    merges=(
        Merge(
            "vendor",
            ("vendor_id",),
            ("name", "tax_id", "iban", "currency", "aliases", "category", "country"),
            stamp="updated_at",
        ),
    ),
    audit_iban=True,
)
PURCHASE_ORDERS = StageSpec(
    columns=(
        "po_number",
        *PO_HEADER,
        "line_no",
        "sku",
        "description",
        "quantity",
        "unit",
        "unit_price",
        "tax_rate",
    ),  # fmt: skip
    key=("po_number", "line_no"),
    merges=(
        Merge(
            "purchase_order",
            ("po_number",),
            PO_HEADER,
            source=f"SELECT DISTINCT po_number, {', '.join(PO_HEADER)} FROM {STAGE}",
            counted=False,
        ),
        Merge(
            "purchase_order_line",
            ("po_number", "line_no"),
            ("sku", "description", "quantity", "unit", "unit_price", "tax_rate"),
        ),
    ),
    po_headers=True,
)
RECEIPTS = StageSpec(
    columns=("receipt_id", "po_number", "line_no", "quantity_received", "received_on"),
    key=("receipt_id", "po_number", "line_no"),
    merges=(
        Merge(
            "goods_receipt_line",
            ("receipt_id", "po_number", "line_no"),
            ("quantity_received", "received_on"),
        ),
    ),
    types={"received_on": "date"},
)
POLICIES = StageSpec(
    columns=("policy_number", "holder_name", "valid_from", "valid_to", "status"),
    key=("policy_number",),
    merges=(
        Merge("policy", ("policy_number",), ("holder_name", "valid_from", "valid_to", "status")),
    ),
    types={"valid_from": "date", "valid_to": "date"},
)
FEE_KEY = ("code", "modifier", "place_of_service")
FEE_VALUES = ("description", "max_unit_price", "covered", "max_units_per_day")
FEE_SCHEDULE = StageSpec(
    columns=(*FEE_KEY, *FEE_VALUES),
    key=FEE_KEY,
    merges=(Merge("fee_schedule_item", FEE_KEY, FEE_VALUES),),
    types={"covered": "bool"},
)


# --- staging ------------------------------------------------------------------------------------


def _create_stage(conn: Connection, spec: StageSpec) -> None:
    pg = conn.dialect.name == "postgresql"
    sql_type = {"text": "TEXT", "date": "DATE", "bool": "BOOLEAN"}
    cols = ", ".join(f"{c} {sql_type[spec.types.get(c, 'text')]}" for c in spec.columns)
    line = "line INTEGER NOT NULL" if pg else "line INTEGER PRIMARY KEY"
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {STAGE}")
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {STAGE} ({line}, {cols})")


def _load(conn: Connection, spec: StageSpec, rows: Iterable[tuple[Any, ...]]) -> None:
    names = ", ".join(("line", *spec.columns))
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {STAGE} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * (len(spec.columns) + 1))
    insert = f"INSERT INTO {STAGE} ({names}) VALUES ({marks})"
    cur = raw.cursor()  # type: ignore[union-attr]
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            cur.executemany(insert, batch)
            batch.clear()
    if batch:
        cur.executemany(insert, batch)
    cur.close()


# --- rejecting ambiguous rows -------------------------------------------------------------------


def _reject_duplicates(conn: Connection, spec: StageSpec, errors: list[tuple[int, str]]) -> None:
    keys = ", ".join(spec.key)
    on = " AND ".join(f"s.{k} = d.{k}" for k in spec.key)
    dups = (
        f"SELECT s.line, {', '.join('s.' + k for k in spec.key)} FROM {STAGE} s "
        f"JOIN (SELECT {keys} FROM {STAGE} GROUP BY {keys} HAVING count(*) > 1) d ON {on}"
    )
    groups: dict[tuple[str, ...], list[int]] = {}
    for line, *key in conn.exec_driver_sql(dups):
        groups.setdefault(tuple(key), []).append(line)
    if not groups:
        return
    for key, lines in groups.items():
        lines.sort()
        what = ", ".join(f"{k} {v!r}" for k, v in zip(spec.key, key, strict=True))
        rows = "both rows" if len(lines) == 2 else f"all {len(lines)} rows"
        for line in lines:
            others = ", ".join(str(n) for n in lines if n != line)
            also = f"line{'s' if len(lines) > 2 else ''} {others}"
            errors.append(
                (line, f"duplicate {what}: also on {also}; {rows} rejected, keep one and re-import")
            )
    conn.exec_driver_sql(f"DELETE FROM {STAGE} WHERE line IN (SELECT line FROM ({dups}) x)")


def _reject_split_po_headers(conn: Connection, errors: list[tuple[int, str]]) -> None:
    differs = " OR ".join(f"s.{c} <> f.{c}" for c in PO_HEADER)
    conflicts = (
        f"SELECT s.po_number, f.line, s.line, "
        f"{', '.join(f's.{c}, f.{c}' for c in PO_HEADER)} FROM {STAGE} s "
        f"JOIN (SELECT po_number, min(line) AS first FROM {STAGE} GROUP BY po_number) m "
        f"ON m.po_number = s.po_number JOIN {STAGE} f ON f.line = m.first WHERE {differs}"
    )
    why: dict[str, str] = {}
    for po, first, other, *pairs in conn.exec_driver_sql(conflicts + " ORDER BY s.line"):
        if po in why:
            continue
        cols = [c for i, c in enumerate(PO_HEADER) if pairs[2 * i] != pairs[2 * i + 1]]
        why[po] = f"{' and '.join(cols)} differ between line {first} and line {other}"
    if not why:
        return
    bad = f"SELECT po_number FROM ({conflicts}) c"
    for line, po in conn.exec_driver_sql(
        f"SELECT line, po_number FROM {STAGE} WHERE po_number IN ({bad})"
    ):
        errors.append(
            (line, f"purchase order {po!r}: {why[po]}; every line of this purchase order rejected")
        )
    conn.exec_driver_sql(
        f"DELETE FROM {STAGE} WHERE po_number IN (SELECT po_number FROM ({bad}) x)"
    )


# --- merging ------------------------------------------------------------------------------------


def _ne(conn: Connection, a: str, b: str) -> str:
    """SQL that is true when ``a`` and ``b`` differ, NULLs included."""
    if conn.dialect.name == "postgresql":
        return f"{a} IS DISTINCT FROM {b}"
    return f"{a} IS NOT {b}"


def _merge(conn: Connection, m: Merge, now: str) -> tuple[int, int]:
    """Return (inserted, updated) after upserting ``m.target`` from its source."""
    on = " AND ".join(f"{m.target}.{k} = s.{k}" for k in m.key)
    changed = " OR ".join(_ne(conn, f"{m.target}.{v}", f"s.{v}") for v in m.values)
    sets = ", ".join(f"{v} = s.{v}" for v in m.values)
    cols = [*m.key, *m.values]
    picks = [f"s.{c}" for c in cols]
    params = {}
    if m.stamp:
        sets += f", {m.stamp} = :now"
        cols.append(m.stamp)
        picks.append(":now")
        params["now"] = now
    updated = conn.execute(
        text(f"UPDATE {m.target} SET {sets} FROM ({m.source}) s WHERE {on} AND ({changed})"),
        params,
    ).rowcount
    missing = " AND ".join(f"t.{k} = s.{k}" for k in m.key)
    inserted = conn.execute(
        text(
            f"INSERT INTO {m.target} ({', '.join(cols)}) SELECT {', '.join(picks)} "
            f"FROM ({m.source}) s WHERE NOT EXISTS (SELECT 1 FROM {m.target} t WHERE {missing}) "
            f"ORDER BY {', '.join('s.' + k for k in m.key)}"  # index pages in order: faster
        ),
        params,
    ).rowcount
    return inserted, updated


def _audit_iban_changes(session: Session, conn: Connection, actor: str, source: str) -> None:
    changes = conn.exec_driver_sql(
        f"SELECT s.vendor_id, v.iban, s.iban FROM {STAGE} s "
        f"JOIN vendor v ON v.vendor_id = s.vendor_id WHERE {_ne(conn, 'v.iban', 's.iban')} "
        "ORDER BY s.line"
    ).all()
    for vendor_id, old, new in changes:
        audit.append(
            session,
            actor,
            "vendor.bank_changed",
            f"vendor/{vendor_id}",
            {"field": "iban", "old": old, "new": new, "source": source},
        )


def merge_staged(
    session: Session,
    spec: StageSpec,
    rows: Iterable[tuple[Any, ...]],
    errors: list[tuple[int, str]],
    *,
    actor: str,
    source: str,
) -> tuple[int, int, int]:
    """Stage ``rows`` (``(line, *values)``), drop ambiguous ones, merge; return counts.

    Returns (inserted, updated, unchanged) of the kind's main table. Rejected rows are
    appended to ``errors`` as ``(line, reason)``.
    """
    session.flush()
    conn = session.connection()
    _create_stage(conn, spec)
    _load(conn, spec, rows)
    conn.exec_driver_sql(f"CREATE INDEX ix_{STAGE} ON {STAGE} ({', '.join(spec.key)})")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")  # hash joins over the stage
        conn.exec_driver_sql(f"ANALYZE {STAGE}")  # autovacuum never sees temp tables
    _reject_duplicates(conn, spec, errors)
    if spec.po_headers:
        _reject_split_po_headers(conn, errors)
    if spec.audit_iban:
        _audit_iban_changes(session, conn, actor, source)
    kept = conn.exec_driver_sql(f"SELECT count(*) FROM {STAGE}").scalar_one()
    inserted = updated = 0
    now = utc_text(utcnow())
    for m in spec.merges:
        ins, upd = _merge(conn, m, now)
        if m.counted:
            inserted, updated = ins, upd
    conn.exec_driver_sql(f"DROP TABLE {STAGE}")  # on error, the rollback drops it
    return inserted, updated, kept - inserted - updated
