"""Read models of jobs for the CLI and the inbox Jobs page: next run in the job's own
time zone, last result, state."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from bursar.db import session_scope
from bursar.records import JobRun, Schedule
from scheduler import jobs, service, triggers


def _state(job: Schedule) -> str:
    if job.enabled:
        return "active"
    if job.paused_by == "scheduler":
        return f"disabled ({job.disabled_reason})" if job.disabled_reason else "disabled"
    return f"paused by {job.paused_by}" if job.paused_by else "paused"


def _what(job: Schedule) -> str:
    return {"models_train": "train model"}.get(job.kind, job.kind) + f" {job.target}"


def _last(session: Any, name: str) -> JobRun | None:
    stmt = (
        select(JobRun)
        .where(JobRun.job == name, col(JobRun.status).not_in(("pending", "queued")))
        .order_by(col(JobRun.id).desc())
        .limit(1)
    )
    return session.exec(stmt).first()


def job_rows() -> list[dict[str, Any]]:
    """Return every job as a row: name, what, trigger, next run (UTC and local), last."""
    with session_scope(write=False) as session:
        out = []
        for job in session.exec(select(Schedule).order_by(col(Schedule.name))):
            last = _last(session, job.name)
            nxt = job.next_fire_at if job.enabled else None
            out.append(
                {
                    "name": job.name,
                    "what": _what(job),
                    "trigger": f"{job.trigger_kind} {job.trigger_expr} ({job.timezone})",
                    "timezone": job.timezone,
                    "calendar": job.calendar,
                    "enabled": job.enabled,
                    "state": _state(job),
                    "next_run": nxt.isoformat() if nxt else None,
                    "next_run_local": triggers.local_text(nxt, job.timezone),
                    "last_status": last.status if last else None,
                    "last_run_local": triggers.local_text(last.fire_time, job.timezone)
                    if last
                    else "—",
                    "last_error": last.error if last else None,
                }
            )
        return out


def job_detail(name: str, runs: int = 20) -> dict[str, Any]:
    """Return one job, its next five fire times and its latest runs."""
    with session_scope(write=False) as session:
        job = jobs.get(session, name)
        nxt = service.next_runs(job, 5) if job.enabled else []
        history = jobs.history(session, name, runs)
        return {
            "job": {**jobs.view(job), "state": _state(job)},
            "next_runs": [t.isoformat() for t in nxt],
            "next_runs_local": [triggers.local_text(t, job.timezone) for t in nxt],
            "runs": [
                {
                    "id": r.id,
                    "fire_time_local": triggers.local_text(r.fire_time, job.timezone),
                    "trigger": r.trigger,
                    "attempt": r.attempt,
                    "status": r.status,
                    "duration_s": r.duration_s,
                    "items": r.items,
                    "error_type": r.error_type,
                    "error": r.error,
                    "log_tail": r.log_tail,
                    "actor": r.actor,
                }
                for r in history
            ],
        }
