"""The job queue as seen from Bursar's own transactions (PostgreSQL only).

Procrastinate keeps its jobs in tables of the same database; this module writes and
reads them with plain SQL through SQLAlchemy, so a job is deferred in the caller's
transaction (a document and its job are recorded together or not at all) and the
pipeline needs no engine object. The engine itself (the app, tasks, workers) is in
``bursar.engine``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

# The one name of the document task: deferred by the pipeline, run by the engine, looked
# for by recovery.
PROCESS_DOCUMENT = "bursar.process_document"


def defer_in(
    session: Session,
    task_name: str,
    *,
    queue: str,
    args: dict[str, Any],
    queueing_lock: str | None = None,
    lock: str | None = None,
    priority: int = 0,
    scheduled_at: datetime | None = None,
) -> int | None:
    """Defer a job inside the caller's SQLAlchemy transaction; return its id.

    The job exists exactly when the caller's transaction commits: a document and
    its job are recorded together or not at all. Returns None when ``queueing_lock``
    is already held by a waiting job (that job will do the work).
    """
    row = session.execute(
        text(
            "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW("
            ":queue, :task, :priority, :lock, :qlock, CAST(:args AS jsonb), :at"
            ")::procrastinate_job_to_defer_v1])) AS id"
            if queueing_lock is None
            else "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW("
            ":queue, :task, :priority, :lock, :qlock, CAST(:args AS jsonb), :at"
            ")::procrastinate_job_to_defer_v1])) AS id "
            "WHERE NOT EXISTS (SELECT 1 FROM procrastinate_jobs "
            "WHERE queueing_lock = :qlock AND status = 'todo')"
        ),
        {
            "queue": queue,
            "task": task_name,
            "priority": priority,
            "lock": lock,
            "qlock": queueing_lock,
            "args": json.dumps(args),
            "at": scheduled_at,
        },
    ).first()
    return int(row[0]) if row else None


def queue_depths(session: Session) -> dict[str, dict[str, int]]:
    """Return job counts per queue and status (PostgreSQL only)."""
    rows = session.execute(
        text(
            "SELECT queue_name, status::text, count(*) FROM procrastinate_jobs "
            "GROUP BY queue_name, status"
        )
    ).all()
    out: dict[str, dict[str, int]] = {}
    for queue, status, n in rows:
        out.setdefault(queue, {})[status] = int(n)
    return out


def workers_alive(session: Session, within_seconds: float = 30) -> list[dict[str, Any]]:
    """Return the workers whose last heartbeat is recent, newest first."""
    rows = session.execute(
        text(
            "SELECT id, last_heartbeat FROM procrastinate_workers "
            "WHERE last_heartbeat > now() - make_interval(secs => :s) "
            "ORDER BY last_heartbeat DESC"
        ),
        {"s": within_seconds},
    ).all()
    return [{"id": int(r[0]), "last_heartbeat": r[1]} for r in rows]
