"""Figures computed from the database at scrape time: what the database already knows.

Document stages, open inbox items and their age, the audit head and the age of its last
signed checkpoint, and (PostgreSQL) the job queue's depth and age per queue and the
workers' heartbeats. They are gauges because they are states, read when Prometheus asks;
the events themselves (a document decided, a forward pass) are counted in
``bursar.observe.metrics`` where they happen.

A ``DatabaseCollector`` runs named sources, each a function from a read-only session to
metric families; the bots and the scheduler add theirs (``bots.metrics``,
``scheduler.metrics``) because the core never imports them. A source that fails (a table
not migrated yet, the database away) reports ``bursar_collector_up{source} 0`` and the
scrape still answers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, text
from sqlmodel import Session, col, select

from bursar.config import get_settings
from bursar.db import session_scope
from bursar.records import Document, InboxItem
from bursar.types import utcnow

log = logging.getLogger("bursar.metrics")

Source = Callable[[Session], Iterable[Metric]]
OPEN_ITEMS = ("open", "hold")


def seconds_since(when: datetime | None) -> float | None:
    """Return the seconds from ``when`` (aware or naive UTC) to now."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=utcnow().tzinfo)
    return max(0.0, (utcnow() - when).total_seconds())


class DatabaseCollector(Collector):
    """Collect every source with its own read-only session, once per scrape."""

    def __init__(self, sources: Sequence[tuple[str, Source]]):
        self.sources = list(sources)

    def describe(self) -> list[Metric]:
        return []  # computed at scrape time: no query when the collector is registered

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "bursar_collector_up", "1 when a database figure source answered.", labels=["source"]
        )
        took = GaugeMetricFamily(
            "bursar_collector_duration_seconds",
            "Time a database figure source took at this scrape.",
            labels=["source"],
        )
        for name, source in self.sources:
            start = time.perf_counter()
            try:
                with session_scope(write=False) as session:
                    families = list(source(session))
            except Exception as exc:  # one broken source never blanks the scrape
                log.warning("metrics source %s failed: %s", name, exc)
                up.add_metric([name], 0)
            else:
                yield from families
                up.add_metric([name], 1)
            took.add_metric([name], time.perf_counter() - start)
        yield up
        yield took


def documents(session: Session) -> Iterator[Metric]:
    """Documents by pipeline stage and status."""
    g = GaugeMetricFamily(
        "bursar_documents",
        "Documents in the database by stage and status.",
        labels=["stage", "status"],
    )
    rows = session.exec(
        select(Document.stage, Document.status, func.count()).group_by(
            Document.stage, Document.status
        )
    ).all()
    for stage, status, n in rows:
        g.add_metric([stage or "", status or ""], int(n))
    yield g
    waiting = session.exec(
        select(func.min(Document.stage_at)).where(col(Document.stage) != "decided")
    ).one()
    age = GaugeMetricFamily(
        "bursar_documents_oldest_undecided_age_seconds",
        "Age of the oldest document not decided yet (0 when none waits).",
    )
    age.add_metric([], seconds_since(waiting) or 0.0)
    yield age


def inbox(session: Session) -> Iterator[Metric]:
    """Open inbox items by reason, and the age of the oldest."""
    items = GaugeMetricFamily(
        "bursar_inbox_open_items", "Inbox items waiting for a person, by reason.", labels=["reason"]
    )
    rows = session.exec(
        select(InboxItem.reason, func.count())
        .where(col(InboxItem.status).in_(OPEN_ITEMS))
        .group_by(InboxItem.reason)
    ).all()
    for reason, n in rows:
        items.add_metric([reason or "unspecified"], int(n))
    yield items
    oldest = session.exec(
        select(func.min(InboxItem.created_at)).where(col(InboxItem.status).in_(OPEN_ITEMS))
    ).one()
    age = GaugeMetricFamily(
        "bursar_inbox_oldest_open_item_age_seconds",
        "Age of the oldest open inbox item (0 when the inbox is empty).",
    )
    age.add_metric([], seconds_since(oldest) or 0.0)
    yield age
    sla = GaugeMetricFamily("bursar_inbox_sla_seconds", "The inbox's configured SLA.")
    sla.add_metric([], get_settings().sla_hours * 3600.0)
    yield sla


def audit_trail(session: Session) -> Iterator[Metric]:
    """The audit chain's head and the age of the last signed checkpoint outside it."""
    from bursar.audit import checkpoints

    row = session.execute(text("SELECT max(seq) FROM audit_event")).first()
    head = GaugeMetricFamily("bursar_audit_head_seq", "Sequence number of the audit trail's head.")
    head.add_metric([], int(row[0] or 0) if row else 0)
    yield head
    last = _last_checkpoint(checkpoints.log_path(get_settings()), checkpoints.parse_line)
    cp_seq = GaugeMetricFamily(
        "bursar_audit_checkpoint_seq", "Sequence number the last signed checkpoint covers."
    )
    cp_age = GaugeMetricFamily(
        "bursar_audit_last_checkpoint_age_seconds",
        "Seconds since the last signed checkpoint of the audit head was written.",
    )
    if last is not None:
        cp_seq.add_metric([], float(last.get("seq") or 0))
        at = last.get("at")
        when = datetime.fromisoformat(str(at).replace("Z", "+00:00")) if at else None
        cp_age.add_metric([], seconds_since(when) or 0.0)
    yield cp_seq
    yield cp_age


def _last_checkpoint(path: Path, parse: Callable[[str], dict | None]) -> dict | None:
    """Return the last line of the checkpoint log as an object (its tail only is read)."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - 8192))
            lines = [ln for ln in fh.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    except OSError:
        return None
    return parse(lines[-1]) if lines else None


def queues(session: Session) -> Iterator[Metric]:
    """Jobs per queue and status, and the age of the oldest waiting job (PostgreSQL)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    jobs = GaugeMetricFamily(
        "bursar_queue_jobs", "Jobs in the queue by queue and status.", labels=["queue", "status"]
    )
    for queue, status, n in session.execute(
        text(
            "SELECT queue_name, status::text, count(*) FROM procrastinate_jobs "
            "GROUP BY queue_name, status"
        )
    ).all():
        jobs.add_metric([queue, status], int(n))
    yield jobs
    age = GaugeMetricFamily(
        "bursar_queue_oldest_job_age_seconds",
        "Age of the oldest job waiting (todo) in each queue, from when it was deferred.",
        labels=["queue"],
    )
    for queue, seconds in session.execute(
        text(
            "SELECT j.queue_name, EXTRACT(EPOCH FROM now() - min(e.at)) "
            "FROM procrastinate_jobs j JOIN procrastinate_events e "
            "ON e.job_id = j.id AND e.type = 'deferred' "
            "WHERE j.status = 'todo' GROUP BY j.queue_name"
        )
    ).all():
        age.add_metric([queue], max(0.0, float(seconds or 0)))
    yield age


def workers(session: Session) -> Iterator[Metric]:
    """Seconds since each engine worker's last heartbeat (PostgreSQL)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    beat = GaugeMetricFamily(
        "bursar_worker_heartbeat_age_seconds",
        "Seconds since each queue worker's last heartbeat.",
        labels=["worker"],
    )
    for wid, seconds in session.execute(
        text("SELECT id, EXTRACT(EPOCH FROM now() - last_heartbeat) FROM procrastinate_workers")
    ).all():
        beat.add_metric([str(wid)], max(0.0, float(seconds or 0)))
    yield beat


def drift_alerts(session: Session) -> Iterator[Metric]:
    """Vendors whose documents go to review because their drift alert is not cleared."""
    from bursar.records import Alert

    g = GaugeMetricFamily(
        "bursar_drift_alerts_open",
        "Open drift alerts by vendor (its documents go to review until cleared).",
        labels=["vendor"],
    )
    rows = session.exec(
        select(Alert.subject, func.count())
        .where(Alert.kind == "drift", col(Alert.acknowledged_at).is_(None))
        .group_by(Alert.subject)
    ).all()
    for subject, n in rows:
        g.add_metric([subject.removeprefix("vendor/")], int(n))
    yield g


CORE_SOURCES: list[tuple[str, Source]] = [
    ("documents", documents),
    ("inbox", inbox),
    ("audit", audit_trail),
    ("queues", queues),
    ("workers", workers),
    ("drift", drift_alerts),
]
