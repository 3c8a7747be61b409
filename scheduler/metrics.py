"""The scheduler's figures for ``/metrics``: fires on time, late or missed; its heartbeat.

A fire is the first attempt of one trigger time (retries are not fires). The service
records each as a ``job_run``: ``cron`` when it started within 2 s of its fire time,
``catch_up`` when later (still within the misfire grace), status ``missed`` beyond the
grace and ``skipped`` when the job was still running. Counted from that table at
scrape time, so every scheduler process (and its successor after a takeover) adds up.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import func
from sqlmodel import Session, col, select

from bursar.observe.collectors import seconds_since
from bursar.records import JobRun, SchedulerLease
from scheduler.lease import LEASE_NAME


def timing(trigger: str, status: str) -> str | None:
    """Return on_time | late | missed | skipped for a fire, None for a non-fire run."""
    if status in ("missed", "skipped"):
        return status
    return {"cron": "on_time", "catch_up": "late"}.get(trigger)


def source(session: Session) -> Iterator[Metric]:
    """Scheduler fires by job and timing, and the active scheduler's heartbeat age."""
    fires = CounterMetricFamily(
        "bursar_scheduler_fires",
        "Trigger fire times by job and timing (on_time, late, missed, skipped).",
        labels=["job", "timing"],
    )
    totals: dict[tuple[str, str], int] = {}
    rows = session.exec(
        select(JobRun.job, JobRun.trigger, JobRun.status, func.count())
        .where(col(JobRun.attempt) == 1)
        .group_by(JobRun.job, JobRun.trigger, JobRun.status)
    ).all()
    for job, trigger, status, n in rows:
        when = timing(trigger, status)
        if when is not None:
            totals[(job, when)] = totals.get((job, when), 0) + int(n)
    for (job, when), n in sorted(totals.items()):
        fires.add_metric([job, when], n)
    yield fires
    runs = GaugeMetricFamily(
        "bursar_job_runs", "Job runs by job and status (all attempts).", labels=["job", "status"]
    )
    for job, status, n in session.exec(
        select(JobRun.job, JobRun.status, func.count()).group_by(JobRun.job, JobRun.status)
    ).all():
        runs.add_metric([job, status], int(n))
    yield runs
    beat = GaugeMetricFamily(
        "bursar_scheduler_heartbeat_age_seconds",
        "Seconds since the active scheduler's lease heartbeat.",
    )
    lease = session.get(SchedulerLease, LEASE_NAME)
    if lease is not None:
        beat.add_metric([], seconds_since(lease.heartbeat_at) or 0.0)
    yield beat
