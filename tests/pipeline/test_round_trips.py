"""Deciding one document costs a fixed number of round trips, however large the books grow.

A worker decides one document per job; before, it read every earlier live document and
its lines for each one, so the work per document grew with the history. These tests
count SQL statements and rows read (counts, not time) and check that the history scoped
to what the rules ask about gives the same decisions as the full one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from corpuskit import manifest_docs
from sqlalchemy import event, text
from sqlmodel import col, select

from bursar.config import reset_settings
from bursar.db import get_engine, session_scope
from bursar.ingest import ingest_paths
from bursar.ingest.process import current_pack, process_document, redecide, store_original
from bursar.ingest.snapshot import load_snapshot, scoped_snapshot
from bursar.records import Document, DocumentLine, Extraction
from bursar.store import default_store
from rules.engine import evaluate


@contextmanager
def _counting() -> Iterator[dict[str, int]]:
    """Count statements and (on PostgreSQL) rows returned while the block runs."""
    engine = get_engine()
    counts = {"statements": 0, "rows": 0}

    def after(_conn, cursor, statement, *_a) -> None:  # type: ignore[no-untyped-def]
        counts["statements"] += 1
        if statement.lstrip().upper().startswith("SELECT") and cursor.rowcount > 0:
            counts["rows"] += cursor.rowcount

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield counts
    finally:
        event.remove(engine, "after_cursor_execute", after)


def _unrelated_books(n: int) -> None:
    """Add ``n`` earlier live invoices of other vendors, billed against other POs."""
    with session_scope() as s:
        for i in range(n):
            doc = Document(
                sha256=hashlib.sha256(f"unrelated {i}".encode()).hexdigest(),
                filename=f"unrelated-{i}.pdf",
                status="approved",
                stage="decided",
                kind="invoice",
                vendor_id=f"OTHER-{i % 7}",
                invoice_number=f"U-{i}",
                invoice_number_norm=f"U{i}",
                total=Decimal("100.00") + i,
            )
            s.add(doc)
            s.flush()
            s.add(
                DocumentLine(
                    document_id=doc.id,  # type: ignore[arg-type]
                    line_no=1,
                    po_number=f"PO-OTHER-{i % 11}",
                    po_line="1",
                    po_quantity=Decimal(1),
                )
            )


def _a_po_invoice(corpus: Path) -> Path:
    doc = next(
        d
        for d in manifest_docs(corpus)
        if d["kind"] == "invoice"
        and (d["truth_json"]["fields"].get("po_number") or {}).get("value")
        and not d.get("expected_findings")
    )
    return corpus / doc["path"]


def _store_copy(src: Path, tmp: Path, n: int) -> int:
    copy = tmp / f"copy{n}-{src.name}"
    copy.write_bytes(src.read_bytes() + f"\n%copy {n}\n".encode())
    with session_scope() as s:
        doc, _ = store_original(s, copy, default_store(), actor="test", source="test")
        return doc.id  # type: ignore[return-value]


def test_statements_and_rows_per_document_do_not_grow_with_earlier_documents(
    master: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Drift watching reads the vendor's own latest documents (a window of fixed size): off
    # here, so the count is the pipeline's alone.
    monkeypatch.setenv("BURSAR_DRIFT_ENABLED", "false")
    reset_settings()
    src = _a_po_invoice(master)
    first, second = _store_copy(src, tmp_path, 1), _store_copy(src, tmp_path, 2)
    # Warm up first: the audit key, caches and the first connection cost once per process.
    other = next(p for p in sorted((master / "docs").iterdir()) if p.name != src.name)
    process_document(_store_copy(other, tmp_path, 0), actor="test")
    with _counting() as before:
        out = process_document(first, actor="test")
    assert out.status == "approved", out.findings
    with _counting() as redo_before:
        redecide(first, actor="test")
    # The first copy leaves the books (a person rejected it), 300 unrelated ones join them.
    with session_scope() as s:
        s.execute(text("UPDATE document SET status = 'rejected' WHERE id = :i"), {"i": first})
    _unrelated_books(300)
    with _counting() as after:
        out = process_document(second, actor="test")
    assert out.status == "approved", out.findings  # not a duplicate of the rejected copy
    with _counting() as redo_after:
        redecide(second, actor="test")

    assert after["statements"] == before["statements"]
    assert redo_after["statements"] == redo_before["statements"]
    if db_url.startswith("postgresql"):  # SQLite's cursor does not count rows read
        assert after["rows"] == before["rows"] > 0
        assert redo_after["rows"] == redo_before["rows"] > 0


def test_scoped_history_decides_as_the_full_history(master: Path, db_url: str) -> None:
    docs = sorted((master / "docs").iterdir())  # invoices, credit notes and claims
    results = ingest_paths(docs)
    assert any(f["rule"].startswith("duplicate") for r in results for f in r.findings)
    pack = current_pack()
    compared = 0
    with session_scope(write=False) as s:
        for doc in s.exec(select(Document).where(col(Document.stage) == "decided")):
            row = s.exec(
                select(Extraction)
                .where(Extraction.document_id == doc.id)
                .order_by(col(Extraction.id).desc())
            ).first()
            if row is None:
                continue
            full = load_snapshot(s, exclude_document=doc.id)
            scoped = scoped_snapshot(s, exclude_document=doc.id)
            a = evaluate(row.result, full.master, full.history, pack)
            b = evaluate(row.result, scoped.master, scoped.history, pack)
            assert (a.status, a.findings, a.assignments) == (b.status, b.findings, b.assignments)
            compared += 1
    assert compared >= len(docs) - 2
