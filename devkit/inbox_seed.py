"""Fill a migrated PostgreSQL database with an inbox at scale, for ``bench/inbox_scale.py``.

    python -m devkit.inbox_seed --url postgresql+psycopg://... --open 100000 --decided 1000000

Writes, server-side with ``INSERT ... SELECT generate_series`` (no rows cross the wire):
vendors; ``--decided`` decided documents (each with a decision, one in five with a warning
finding, one in five with a decided inbox item, one audit event each); ``--open`` open
exceptions (hold one in twenty), each with an extraction (fields and a due date for seven in
ten), a decision, one or two findings, an inbox item whose list keys are written the way
``bursar.listkeys`` writes them (checked on a sample afterwards), and two audit events. The
audit rows are load, not a verifiable chain. Ids and sequences are set so the app can write
after it. Then ``VACUUM ANALYZE``. Row-only: no stored originals (the document page shows no
page images). Synthetic names only; nothing here is keyed to any dataset.
"""

from __future__ import annotations

import argparse
import sys
import time

import psycopg

TS = 'to_char(%s, \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\')'
NOW = "(timestamp '2026-12-07 12:00:00')"
WORDS_A = "'{Acme,Nordic,Blue,Atlas,Cedar,Delta,Echo,Falcon,Granite,Harbor,Iris,Juniper}'"
WORDS_B = "'{Tools,Metals,Logistics,Foods,Paper,Energy,Textiles,Optics,Chemicals,Freight}'"
FORMS = "'{GmbH,Ltd,SA,BV,Inc}'"
REASONS = "'{low_confidence,price_variance,unknown_vendor,quantity_over_received,vendor_bank_mismatch,arithmetic_mismatch}'"  # noqa: E501


def _vendor(g: str, nv: int) -> str:
    return f"'V' || lpad((1 + ({g}::bigint * 7919) % {nv})::text, 5, '0')"


def seed(url: str, n_open: int, n_decided: int, n_vendors: int = 2000, echo=print) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Seed the database at ``url`` (SQLAlchemy or libpq form); return the counts written."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    n_all = n_decided + n_open
    steps: list[tuple[str, str]] = [
        (
            "vendors",
            f"INSERT INTO vendor (vendor_id, name, currency, aliases, updated_at)"
            f" SELECT 'V' || lpad(g::text, 5, '0'),"
            f" ({WORDS_A}::text[])[1 + g % 12] || ' ' || ({WORDS_B}::text[])[1 + (g / 12) % 10]"
            f" || ' ' || g || ' ' || ({FORMS}::text[])[1 + g % 5], 'EUR', '', {TS % NOW}"
            f" FROM generate_series(1, {n_vendors}) g",
        ),
        # documents 1..n_decided are decided (the last two years), the rest open (30 days)
        (
            "documents",
            f"INSERT INTO document (id, sha256, filename, media_type, size, source, status, kind,"
            f" vendor_id, invoice_number, invoice_number_norm, invoice_date, currency, total,"
            f" received_at, stage, stage_at, attempts)"
            f" SELECT g, md5(g::text) || md5('x' || g), 'scan-' || g || '.pdf',"
            f" 'application/pdf', 40000, 'hotfolder',"
            f" CASE WHEN g > {n_decided} THEN 'exception' WHEN g % 10 = 3 THEN 'rejected'"
            f" ELSE 'approved' END, 'invoice', {_vendor('g', n_vendors)},"
            f" 'INV-' || (2024 + g % 3) || '-' || lpad(g::text, 7, '0'),"
            f" 'inv' || (2024 + g % 3) || lpad(g::text, 7, '0'),"
            f" date '2026-12-07' - (g % 700), 'EUR',"
            f" ((g::bigint * 7919) % 2000000 / 100.0)::numeric(12,2)::text,"
            f" {TS % 'ts'}, 'decided', {TS % 'ts'}, 1"
            f" FROM generate_series(1, {n_all}) g, LATERAL (SELECT CASE WHEN g > {n_decided}"
            f" THEN {NOW} - ((({n_all} - g)::bigint * 2591) % 2592000) * interval '1 second'"
            f" ELSE {NOW} - interval '31 days' - ((({n_decided} - g)::bigint * 60))"
            f" * interval '1 second' END AS ts) t",
        ),
        (
            "decisions",
            "INSERT INTO decision (id, document_id, status, pack, pack_hash, decided_by,"
            " decided_at)"
            f" SELECT id, id, CASE WHEN status = 'approved' AND id % 10 <> 0 THEN 'approved'"
            f" ELSE 'exception' END, 'default', md5('pack'), 'pipeline', received_at"
            f" FROM document WHERE id <= {n_all}",
        ),
        (
            "findings",
            f"INSERT INTO finding (decision_id, document_id, rule, severity, message)"
            f" SELECT id, id, ({REASONS}::text[])[1 + id % 6], 'block', 'Needs a person.'"
            f" FROM document WHERE id > {n_decided} OR id % 10 = 0"
            f" UNION ALL SELECT id, id, 'low_confidence', 'warn', 'A field was read with low"
            f" confidence.' FROM document WHERE id % 5 = 1",
        ),
        (
            "extractions",
            f"INSERT INTO extraction (document_id, result, corrected, created_at)"
            f" SELECT id, json_build_object('fields', json_build_object("
            f"'invoice_number', json_build_object('value', invoice_number, 'confidence', 0.97),"
            f"'total', json_build_object('value', total, 'confidence', 0.95),"
            f"'currency', json_build_object('value', 'EUR', 'confidence', 0.99),"
            f"'due_date', json_build_object('value', CASE WHEN id % 10 < 7 THEN"
            f" (invoice_date::date + 30)::text END)), 'lines', json_build_array())::text,"
            f" false, received_at FROM document WHERE id > {n_decided}",
        ),
        (
            "inbox items",
            f"INSERT INTO inbox_item (document_id, status, reason, vendor_id, amount, currency,"
            f" assigned_to, created_at, decided_at, decided_by, vendor_sort, search_text, due_on)"
            f" SELECT d.id, CASE WHEN d.id <= {n_decided} THEN"
            f" (CASE WHEN d.status = 'rejected' THEN 'rejected' ELSE 'approved' END)"
            f" WHEN d.id % 20 = 0 THEN 'hold' ELSE 'open' END,"
            f" ({REASONS}::text[])[1 + d.id % 6], d.vendor_id, d.total, 'EUR',"
            f" CASE d.id % 4 WHEN 0 THEN 'alice' WHEN 1 THEN 'bob' END, d.received_at,"
            f" CASE WHEN d.id <= {n_decided} THEN d.received_at END,"
            f" CASE WHEN d.id <= {n_decided} THEN 'alice' END, lower(v.name),"
            f" lower(v.name || ' ' || d.vendor_id || ' ' || d.invoice_number || ' ' || d.total"
            f" || ' ' || to_char(d.total::numeric, 'FM999,999,999,990.00')),"
            f" CASE WHEN d.id > {n_decided} AND d.id % 10 < 7 THEN"
            f" (d.invoice_date::date + 30)::text END"
            f" FROM document d JOIN vendor v ON v.vendor_id = d.vendor_id"
            f" WHERE d.id > {n_decided} OR d.id % 10 IN (0, 3) ORDER BY d.id",
        ),
        (
            "audit events",
            "INSERT INTO audit_event (seq, at, actor, action, subject, data, prev_hash, hash)"
            " SELECT row_number() OVER (ORDER BY k, id), at, 'pipeline', action, subject, '{}',"
            " md5(subject) || md5(action), md5(action) || md5(subject) FROM ("
            " SELECT 1 k, id, received_at at, 'document.decided' action,"
            " 'document/' || id subject FROM document"
            " UNION ALL SELECT 2, id, created_at, 'inbox.created', 'inbox/' || id"
            " FROM inbox_item WHERE status IN ('open', 'hold')) e",
        ),
    ]
    counts: dict[str, int] = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name, sql in steps:
            start = time.perf_counter()
            counts[name] = conn.execute(sql).rowcount
            echo(f"  {name:14s} {counts[name]:>9,d} rows  {time.perf_counter() - start:6.1f} s")
        for table in ("document", "decision", "finding", "extraction", "inbox_item"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        start = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        echo(f"  vacuum analyze              {time.perf_counter() - start:6.1f} s")
    return counts


def check_keys(url: str, sample: int = 500) -> int:
    """Recompute a sample of items' list keys with ``bursar.listkeys``; return how many the
    seeding wrote differently (0 when the SQL above writes them as the app does)."""
    from sqlalchemy import create_engine, text

    from bursar import listkeys

    engine = create_engine(url)
    with engine.begin() as conn:
        docs = [
            r[0]
            for r in conn.execute(
                text("SELECT document_id FROM inbox_item ORDER BY random() LIMIT :n"), {"n": sample}
            )
        ]
        changed = listkeys.refresh(conn, docs)
        conn.rollback()
    engine.dispose()
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", required=True, help="a migrated PostgreSQL database")
    ap.add_argument("--open", type=int, default=100_000, help="open inbox items")
    ap.add_argument("--decided", type=int, default=1_000_000, help="decided documents")
    ap.add_argument("--vendors", type=int, default=2000)
    args = ap.parse_args(argv)
    seed(args.url, args.open, args.decided, args.vendors)
    bad = check_keys(args.url)
    print(f"list keys differing from bursar.listkeys in a sample of 500: {bad}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
