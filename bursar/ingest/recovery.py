"""Find documents stuck before their decision and drive them on (``bursar recover``).

A document is stranded when it sits ``received`` or ``processing`` for longer than a
threshold: its ingest was killed, its machine lost power, its job was lost. On SQLite
recovery decides them in this process; on PostgreSQL it defers a fresh job for each
one that has no live job (a job held by a dead worker is retried by the workers'
stall check instead). ``ingest`` and ``worker`` run it at start; ``doctor`` counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from bursar import audit
from bursar.config import get_settings
from bursar.db import session_scope
from bursar.engine.queue import PROCESS_DOCUMENT
from bursar.records import Document
from bursar.types import utcnow

DEFAULT_THRESHOLD = timedelta(minutes=10)


@dataclass
class Recovery:
    """What a recovery pass found and did."""

    stranded: int = 0
    decided: int = 0
    deferred: int = 0
    waiting_on_jobs: int = 0
    results: list[Any] = field(default_factory=list)

    def to_json(self) -> dict[str, int]:
        return {
            "stranded": self.stranded,
            "decided": self.decided,
            "deferred": self.deferred,
            "waiting_on_jobs": self.waiting_on_jobs,
        }


def stranded_ids(session: Session, older_than: timedelta = DEFAULT_THRESHOLD) -> list[int]:
    """Return ids of documents not decided whose stage is older than ``older_than``."""
    cutoff = utcnow() - older_than
    rows = session.exec(
        select(Document.id)
        .where(col(Document.stage) != "decided")
        .where((col(Document.stage_at) < cutoff) | (col(Document.stage_at).is_(None)))
        .order_by(col(Document.id))
    ).all()
    return [int(r) for r in rows]


def count_stranded(older_than: timedelta = DEFAULT_THRESHOLD) -> int:
    """Return how many documents are stranded (for ``doctor`` and ``status``)."""
    with session_scope(write=False) as session:
        return len(stranded_ids(session, older_than))


def recover(
    older_than: timedelta = DEFAULT_THRESHOLD, *, actor: str = "recover", workers: int | None = None
) -> Recovery:
    """Re-drive every stranded document; return what was done."""
    with session_scope(write=False) as session:
        ids = stranded_ids(session, older_than)
    report = Recovery(stranded=len(ids))
    if not ids:
        return report
    if get_settings().is_sqlite:
        from bursar.ingest.batch import decide_documents

        report.results = decide_documents(ids, actor=actor, workers=workers)
        report.decided = sum(1 for r in report.results if not r.pending)
    else:
        report.deferred, report.waiting_on_jobs = _defer_missing_jobs(ids, actor=actor)
    with session_scope() as session:
        audit.append(session, actor, "documents.recovered", "pipeline", report.to_json())
    return report


def _defer_missing_jobs(ids: list[int], *, actor: str) -> tuple[int, int]:
    """Defer a job for each document that has none waiting or running."""
    from bursar.ingest.batch import defer_document

    deferred = waiting = 0
    with session_scope() as session:
        live = _documents_with_live_jobs(session)
        for doc_id in ids:
            if doc_id in live:
                waiting += 1
                continue
            doc = session.get(Document, doc_id)
            if doc is not None and defer_document(session, doc, resume=True) is not None:
                deferred += 1
    return deferred, waiting


def _documents_with_live_jobs(session: Session) -> set[int]:
    rows = session.execute(
        text(
            "SELECT (args->>'document_id')::bigint FROM procrastinate_jobs "
            "WHERE task_name = :task AND status IN ('todo', 'doing')"
        ),
        {"task": PROCESS_DOCUMENT},
    ).all()
    return {int(r[0]) for r in rows if r[0] is not None}
