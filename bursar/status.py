"""One picture of the pipeline's state, for ``bursar status`` and the inbox dashboard."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from bursar.config import get_settings
from bursar.db import session_scope
from bursar.ingest.recovery import stranded_ids
from bursar.ingest.stages import stage_counts


def collect() -> dict[str, Any]:
    """Return documents by stage, stranded count and, on PostgreSQL, queues and workers."""
    with session_scope(write=False) as session:
        report: dict[str, Any] = {
            "stages": stage_counts(session),
            "stranded": len(stranded_ids(session)),
            "engine": None,
        }
        if not get_settings().is_sqlite:
            from bursar.engine.queue import queue_depths, workers_alive

            failed = session.execute(
                text(
                    "SELECT j.queue_name, count(DISTINCT j.id) FROM procrastinate_jobs j "
                    "JOIN procrastinate_events e ON e.job_id = j.id "
                    "WHERE j.status = 'failed' AND e.at > now() - interval '24 hours' "
                    "GROUP BY j.queue_name"
                )
            ).all()
            report["engine"] = {
                "queues": queue_depths(session),
                "workers": [
                    {"id": w["id"], "last_heartbeat": w["last_heartbeat"].isoformat()}
                    for w in workers_alive(session)
                ],
                "failed_24h": {q: int(n) for q, n in failed},
            }
    return report
