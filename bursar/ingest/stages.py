"""A document's way through the pipeline as idempotent, restartable stages.

A stored document is ``received``; taking it up marks it ``processing`` (with the
time and an attempt count); recording its decision marks it ``decided``. Each step
is its own transaction and re-checks the stage under the write lock, so a step that
runs twice (a retried job, a re-run after a crash, two workers racing) decides a
document exactly once. Between the steps the extraction runs with no database
connection held; it may run in a pool process or on another machine.

Nothing lives in process memory between steps: a crash at any moment leaves the
document ``received`` or ``processing`` with a time, which ``bursar recover``, the
next ``ingest`` of the same bytes, or a worker's stall check re-drives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bursar import audit
from bursar.db import get_engine
from bursar.records import Decision, Document, Finding, InboxItem
from bursar.types import utcnow

# A document whose processing was started this often without a decision (each start
# followed by a crash, a kill or an out-of-memory) is rejected instead of retried again.
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Claim:
    """A document taken up for processing: what the extraction step needs."""

    document_id: int
    sha256: str
    filename: str
    attempt: int


def lock_document(session: Session, document_id: int) -> Document | None:
    """Return the document row locked for this transaction (PostgreSQL row lock).

    On SQLite the caller's ``BEGIN IMMEDIATE`` already holds the database write lock.
    """
    # One statement: the row is read under its lock, fresh even if this session held it.
    return session.get(Document, document_id, with_for_update=True, populate_existing=True)


def claim(session: Session, document_id: int, *, actor: str) -> Claim | None:
    """Mark a document ``processing`` and return what to extract; None when decided.

    A document already started ``MAX_ATTEMPTS`` times is rejected here with the reason.
    """
    fresh = _claim_fresh(session, document_id)
    if fresh is not None:
        return fresh
    doc = lock_document(session, document_id)
    if doc is None or doc.stage == "decided":
        return None
    if doc.attempts >= MAX_ATTEMPTS:
        from bursar.ingest.routing import record_rejection

        record_rejection(
            session,
            doc,
            {
                "code": "processing_failed",
                "message": f"processing stopped without a result {doc.attempts} times "
                "(a crash or out of memory while reading it); look at the file",
            },
            actor=actor,
        )
        mark_decided(doc)
        return None
    if doc.stage == "processing" or doc.attempts:
        audit.append(
            session,
            actor,
            "document.resumed",
            f"document/{doc.id}",
            {"stage": doc.stage, "attempt": doc.attempts + 1},
        )
    doc.stage, doc.stage_at, doc.attempts = "processing", utcnow(), doc.attempts + 1
    session.add(doc)
    return Claim(doc.id, doc.sha256, doc.filename, doc.attempts)  # type: ignore[arg-type]


def claim_fresh_autocommit(document_id: int) -> Claim | None:
    """Claim a never-started document in one autocommitted statement (PostgreSQL); else None.

    A single UPDATE is atomic by itself: without BEGIN and COMMIT around it the claim is
    one round trip instead of three. None on SQLite and for any other document: the
    caller then claims it in a transaction with ``claim``.
    """
    engine = get_engine()
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        row = conn.execute(_fresh_update(document_id)).first()
    return None if row is None else Claim(document_id, row[0], row[1], 1)


def _fresh_update(document_id: int) -> Any:
    return (
        update(Document)
        .where(col(Document.id) == document_id)
        .where(col(Document.stage) == "received")
        .where(col(Document.attempts) == 0)
        .values(stage="processing", stage_at=utcnow(), attempts=1)
        .returning(col(Document.sha256), col(Document.filename))
    )


def _claim_fresh(session: Session, document_id: int) -> Claim | None:
    """Claim a never-started document in one statement; None when it is not one.

    The common case (a document taken up for the first time) needs no resume event and no
    attempt check: one conditional UPDATE, atomic under the row lock it takes, does it.
    Everything else (resumed, decided, out of attempts) goes the long way in ``claim``.
    """
    row = session.execute(
        _fresh_update(document_id).execution_options(synchronize_session=False)
    ).first()
    return None if row is None else Claim(document_id, row[0], row[1], 1)


def mark_decided(doc: Document) -> None:
    """Record that the document has its decision (same transaction as the decision)."""
    doc.stage, doc.stage_at = "decided", utcnow()


def outcome(session: Session, doc: Document) -> dict[str, Any]:
    """Return the latest decision of a decided document as contract-4.3 fields."""
    decision = session.exec(
        select(Decision)
        .where(Decision.document_id == doc.id)
        .order_by(col(Decision.id).desc())
        .limit(1)
    ).first()
    findings = []
    if decision is not None:
        findings = [
            {
                "rule": f.rule,
                "severity": f.severity,
                "line": f.line,
                "expected": f.expected,
                "actual": f.actual,
                "message": f.message,
            }
            for f in session.exec(
                select(Finding).where(Finding.decision_id == decision.id).order_by(col(Finding.id))
            )
        ]
    item = session.exec(
        select(InboxItem.id)
        .where(InboxItem.document_id == doc.id)
        .order_by(col(InboxItem.id).desc())
        .limit(1)
    ).first()
    status = decision.status if decision is not None else doc.status
    status = status if status in ("approved", "exception", "duplicate") else "rejected"
    return {
        "kind": doc.kind or "other",
        "status": status,
        "findings": findings,
        "inbox_item": item,
        "error": _rejection(session, doc) if status == "rejected" else None,
    }


def _rejection(session: Session, doc: Document) -> dict[str, str]:
    """Return the code and message a rejection was recorded with in the audit trail."""
    import json

    from bursar.records import AuditEvent

    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject == f"document/{doc.id}")
        .where(AuditEvent.action == "document.rejected")
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()
    data = json.loads(event.data) if event is not None else {}
    return {
        "code": str(data.get("code") or "rejected"),
        "message": str(data.get("message") or doc.error or "rejected"),
    }


def stage_counts(session: Session) -> dict[str, int]:
    """Return how many documents are in each stage."""
    from sqlalchemy import func

    rows = session.exec(select(Document.stage, func.count()).group_by(Document.stage)).all()
    return {stage: int(n) for stage, n in rows}
