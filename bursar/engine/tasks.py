"""Pipeline tasks on the engine: one job takes one document to its decision.

The task is thin on purpose: it calls ``bursar.ingest.process.process_document``, which is
idempotent, so a retried or duplicated job decides a document exactly once. Only
system errors (database or store unreachable, out of disk) are retried, with
backoff; a document whose job fails for good is rejected to the inbox with the
reason, never left waiting unseen.
"""

from __future__ import annotations

import logging

from procrastinate import JobContext, RetryStrategy
from sqlalchemy.exc import DBAPIError, OperationalError

from bursar.db import session_scope
from bursar.engine import app
from bursar.engine.queue import PROCESS_DOCUMENT
from bursar.errors import SystemError_
from bursar.ingest.process import process_document as run
from bursar.ingest.routing import record_rejection
from bursar.ingest.stages import MAX_ATTEMPTS, lock_document, mark_decided
from bursar.observe.metrics import JOBS

log = logging.getLogger("bursar.worker")

RETRYABLE = (SystemError_, OperationalError, DBAPIError, OSError, MemoryError)


@app.task(
    name=PROCESS_DOCUMENT,
    queue="ingest",
    pass_context=True,
    retry=RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=2, retry_exceptions=RETRYABLE),
)
def process_document(context: JobContext, document_id: int) -> str:
    """Decide one stored document; return its status.

    One attempt budget per document (``bursar.ingest.stages.MAX_ATTEMPTS``): the queue's
    retries of system errors and the claims of crashed runs count against the same number.
    """
    actor = f"worker:{context.worker_name or 'worker'}"
    try:
        status = run(document_id, actor=actor).status
    except RETRYABLE as exc:
        attempts = (context.job.attempts or 0) + 1
        if attempts >= MAX_ATTEMPTS:
            reject_for_good(document_id, exc, actor=actor)
            JOBS.labels(PROCESS_DOCUMENT, "failed").inc()
            return "rejected"
        JOBS.labels(PROCESS_DOCUMENT, "retry").inc()
        log.warning(
            "document %s: system error, will retry: %s", document_id, exc,
            extra={"document": document_id, "job": context.job.id},
        )  # fmt: skip
        raise
    JOBS.labels(PROCESS_DOCUMENT, "succeeded").inc()
    return status


def reject_for_good(document_id: int, exc: BaseException, *, actor: str) -> None:
    """Send a document whose job failed for good to the inbox as rejected, with why."""
    message = " ".join(str(exc).split())[:300] or type(exc).__name__
    with session_scope() as session:
        doc = lock_document(session, document_id)
        if doc is None or doc.stage == "decided":
            return
        record_rejection(
            session,
            doc,
            {
                "code": "processing_failed",
                "message": f"gave up after {MAX_ATTEMPTS} attempts: {message}",
            },
            actor=actor,
        )
        mark_decided(doc)
