"""What the demo did, read back from the database and the audit trail (not from memory).

Per channel: what was delivered and what became of it (approved, exception, rejected,
duplicate); exceptions by reason; invoices posted to the ERP with its numbers; whether
every injected discrepancy was caught; time and documents per minute; the audit check.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlmodel import select

from bursar.db import session_scope
from bursar.records import AuditEvent, Document, Finding
from devkit.demo_traffic import CHANNELS, SOURCES

# The mailbox share also carries one reminder that resends a document (a duplicate).
RESENT = {"mailbox": 1}


def summarise(
    traffic: Any, runs: dict[str, dict[str, Any]], *, seconds: float, corpus: Path
) -> dict[str, Any]:
    """Return the demo's summary (JSON-ready)."""
    from bursar import audit

    by_source = {src: ch for ch, src in SOURCES.items()}
    with session_scope(write=False) as session:
        docs = session.exec(select(Document)).all()
        channel_of = {d.id: by_source.get(d.source, d.source) for d in docs}
        outcome: dict[str, Counter] = defaultdict(Counter)
        for d in docs:
            outcome[channel_of[d.id]][_status(d)] += 1
        for event in session.exec(
            select(AuditEvent).where(AuditEvent.action == "document.duplicate_ingest")
        ):
            source = json.loads(event.data).get("source")
            outcome[by_source.get(source, source)]["duplicate"] += 1
        blocking = session.exec(
            select(Finding.document_id, Finding.rule).where(Finding.severity == "block")
        ).all()
        reasons = Counter(rule for _doc, rule in {(d, r) for d, r in blocking})
        posted = _posted(session)
        approved_invoices = [d for d in docs if d.status == "approved" and d.kind == "invoice"]
        caught = _caught(traffic, corpus, docs, session)
        verified = audit.verify(session)
    delivered = {c: n + RESENT.get(c, 0) for c, n in traffic.counts().items()}
    channels = {
        c: {"delivered": delivered.get(c, 0), **{k: outcome[c][k] for k in STATUSES}}
        for c in CHANNELS
    }
    decided = sum(1 for d in docs if d.stage == "decided")
    return {
        "channels": channels,
        "documents": len(docs),
        "decided": decided,
        "stranded": len(docs) - decided,
        "exceptions_by_rule": dict(reasons.most_common()),
        "posted": posted,
        "approved_invoices": len(approved_invoices),
        "approved_invoices_not_posted": sorted(
            d.filename for d in approved_invoices if d.id not in posted
        ),
        "discrepancies": caught,
        "jobs": runs,
        "seconds": round(seconds, 1),
        "documents_per_minute": round(len(docs) / seconds * 60, 1) if seconds else None,
        "audit": verified.to_json(),
    }


STATUSES = ("approved", "exception", "rejected", "duplicate")


def _status(doc: Document) -> str:
    if doc.stage != "decided":
        return "waiting"
    return doc.status if doc.status in STATUSES else "exception"


def _posted(session: Any) -> dict[int, str]:
    """Return document id -> ERP document number for every invoice erp_post keyed."""
    from bursar import postings

    return postings.posted(session, "erp")


def _caught(traffic: Any, corpus: Path, docs: list[Document], session: Any) -> dict[str, Any]:
    """Return how many injected discrepancies became exceptions naming their rule.

    Documents are found by the sha256 of their bytes: a portal or a mail gateway may
    rename a file, never change it.
    """
    from bursar.store import sha256_bytes

    expected = traffic.expected_exceptions()
    paths = {d["name"]: corpus / d["path"] for ds in traffic.channels.values() for d in ds}
    by_sha = {d.sha256: d for d in docs}
    missed, other_reason = [], []
    for name, rules in sorted(expected.items()):
        doc = by_sha.get(sha256_bytes(paths[name].read_bytes()))
        if doc is None or doc.status != "exception":
            missed.append({"document": name, "expected": rules, "got": doc.status if doc else None})
            continue
        found = {f.rule for f in session.exec(select(Finding).where(Finding.document_id == doc.id))}
        if not set(rules) & found:  # caught, for another reason (e.g. an OCR'd original)
            other_reason.append({"document": name, "expected": rules, "got": sorted(found)})
    return {
        "injected": len(expected),
        "caught": len(expected) - len(missed),
        "missed": missed,
        "caught_for_another_reason": other_reason,
    }
