"""One run of one job: a child process with a time limit, its result in ``job_run``.

``execute(run_id)`` is what both the SQLite scheduler (in a thread, child process per
run) and a ``bursar worker`` (the ``bursar.scheduled_run`` task on PostgreSQL) call.
After the run: application errors get a retry with exponential backoff (a new pending
run, attempt + 1); business errors never do; a final failure counts towards the job's
``max_failures``, after which the job is disabled and an alert raised.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from bursar import alerts, audit
from bursar.db import session_scope
from bursar.records import JobRun, Schedule
from bursar.types import utcnow
from scheduler import jobs

LOG_TAIL = 4000
KILL_GRACE_S = 5.0
POLL_S = 0.2
# bursar bots run / scheduler.child exit codes (INTERFACES.md): 1 retryable, 2 and 3 not.
EXIT_TYPES = {1: "application", 2: "business", 3: "business"}


@dataclass
class Outcome:
    status: str  # succeeded | failed | timed_out | cancelled
    error_type: str | None = None
    message: str | None = None
    result: Any = None
    items: dict[str, int] | None = None
    log_tail: str = ""
    duration_s: float = 0.0
    alerts: list[int] = field(default_factory=list)


def command_for(job: Schedule) -> list[str]:
    """Return the child process's argv for a job."""
    py = [sys.executable, "-m"]
    if job.kind == "bot":
        return [*py, "bursar", "bots", "run", job.target, "--json"]
    if job.kind == "ingest":
        # The documents' source names the job, so each one shows which drop it came by.
        return [*py, "scheduler.child", "ingest", job.target, "--source", job.name]
    if job.kind == "models_train":
        return [*py, "bursar", "models", "train", job.target, "--json"]
    if job.kind == "inbox":  # issue 26: e.g. `bursar inbox escalate`
        return [*py, "bursar", "inbox", job.target, "--json"]
    if job.kind == "command" and os.environ.get(jobs.COMMAND_JOBS_ENV) == "1":
        return shlex.split(job.target)
    raise ValueError(f"job {job.name}: cannot run kind {job.kind!r} here")


def _claim(run_id: int, reclaim: bool) -> tuple[JobRun, Schedule] | None:
    # ``reclaim``: the engine hands a job again only when its worker died mid-run, so a
    # run still marked "running" is ours to redo then (never on the scheduler's own path).
    states = ("queued", "pending", "running") if reclaim else ("queued", "pending")
    with session_scope() as session:
        run = session.get(JobRun, run_id)
        if run is None or run.status not in states:
            return None  # already finished, or cancelled
        job = session.exec(jobs.select(Schedule).where(Schedule.name == run.job)).first()
        run.status, run.started_at = "running", utcnow()
        run.host = f"{socket.gethostname()}:{os.getpid()}"
        session.add(run)
        if job is None:
            run.status, run.error, run.error_type = "failed", "the job was removed", "business"
            run.finished_at = run.started_at
            return None
        audit.append(
            session,
            "scheduler",
            "job_run.start",
            f"job/{run.job}",
            {"run": run.id, "attempt": run.attempt, "trigger": run.trigger},
        )
        return run, job


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop the child and everything it started: SIGTERM, then SIGKILL after a grace."""
    for sig, wait in ((signal.SIGTERM, KILL_GRACE_S), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _cancel_requested(run_id: int) -> bool:
    with session_scope(write=False) as session:
        run = session.get(JobRun, run_id)
        return bool(run and run.cancel_requested)


def _watch(
    proc: subprocess.Popen[bytes],
    run: JobRun,
    job: Schedule,
    stop: threading.Event,
) -> tuple[str | None, list[int]]:
    """Wait for the child; return why it was stopped (None: it ended) and SLA alerts."""
    start, last_db, raised = time.monotonic(), 0.0, []
    while proc.poll() is None:
        elapsed = time.monotonic() - start
        if elapsed > job.timeout_s:
            return "timeout", raised
        if stop.is_set():
            return "shutdown", raised
        if job.sla_s and elapsed > job.sla_s and not raised:
            raised.append(
                alerts.raise_alert(
                    "sla",
                    f"job/{job.name}",
                    f"job {job.name} has been running {int(elapsed)}s, longer than its SLA of "
                    f"{job.sla_s}s (run {run.id})",
                    run.id,
                )
            )
        if time.monotonic() - last_db > 1.0:
            last_db = time.monotonic()
            if _cancel_requested(run.id or 0):
                return "cancelled", raised
        time.sleep(POLL_S)
    return None, raised


def _tail(out: Path, err: Path) -> tuple[str, str]:
    stdout = out.read_text(errors="replace")
    stderr = err.read_text(errors="replace")
    both = (stderr[-LOG_TAIL // 2 :] + ("\n" if stderr else "") + stdout)[-LOG_TAIL:]
    return stdout, both


def _last_json(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        return value if isinstance(value, dict) else None
    return None


def run_child(run: JobRun, job: Schedule, stop: threading.Event) -> Outcome:
    """Run the job's child process under its time limit; return what happened."""
    start = time.monotonic()
    env = {**os.environ, "BURSAR_JOB_RUN_ID": str(run.id), "BURSAR_JOB": job.name}
    with tempfile.TemporaryDirectory(prefix="bursar-run-") as tmp:
        out, err = Path(tmp, "out"), Path(tmp, "err")
        with out.open("wb") as fo, err.open("wb") as fe:
            proc = subprocess.Popen(
                command_for(job),
                stdout=fo,
                stderr=fe,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
            why, raised = _watch(proc, run, job, stop)
            if why:
                _kill(proc)
        stdout, tail = _tail(out, err)
    outcome = _classify(proc.returncode, why, _last_json(stdout), job)
    outcome.log_tail, outcome.duration_s = tail, round(time.monotonic() - start, 3)
    outcome.alerts = raised
    return outcome


def _classify(
    rc: int | None,
    why: str | None,
    answer: dict[str, Any] | None,
    job: Schedule,
) -> Outcome:
    answer = answer or {}
    items = answer.get("items") if isinstance(answer.get("items"), dict) else None
    if why == "timeout":
        msg = f"stopped at its time limit of {job.timeout_s}s"
        return Outcome("timed_out", "application", msg, answer or None, items)
    if why == "shutdown":
        return Outcome("failed", "application", "stopped: the scheduler shut down", None, items)
    if why == "cancelled":
        return Outcome("cancelled", None, "stopped: replaced by a newer run", None, items)
    if rc == 0 and answer.get("status", "succeeded") != "failed":
        return Outcome("succeeded", None, answer.get("message"), answer or None, items)
    kind = answer.get("error_type") or EXIT_TYPES.get(rc or 0, "application")
    message = answer.get("message") or f"exited with code {rc}"
    return Outcome("failed", kind, str(message), answer or None, items)


def execute(run_id: int, stop: threading.Event | None = None, reclaim: bool = False) -> str | None:
    """Run one pending/queued run to its end; return its final status (None: not ours)."""
    claimed = _claim(run_id, reclaim)
    if claimed is None:
        return None
    run, job = claimed
    try:
        outcome = run_child(run, job, stop or threading.Event())
    except (OSError, ValueError) as exc:
        outcome = Outcome("failed", "application", f"could not start: {exc}")
    for alert_id in finish(run_id, outcome):
        alerts.deliver(alert_id)
    return outcome.status


def finish(run_id: int, outcome: Outcome) -> list[int]:
    """Record the outcome; retry, count failures, disable and alert. Return new alert ids."""
    with session_scope() as session:
        run = session.get(JobRun, run_id)
        assert run is not None
        job = session.exec(jobs.select(Schedule).where(Schedule.name == run.job)).first()
        run.status, run.error_type, run.error = outcome.status, outcome.error_type, outcome.message
        run.result, run.log_tail, run.duration_s = (
            outcome.result,
            outcome.log_tail,
            outcome.duration_s,
        )
        run.stats = {**(run.stats or {}), **(outcome.items or {})} or None
        if outcome.items:
            run.items = sum(int(outcome.items.get(k, 0)) for k in ("done", "failed"))
        run.finished_at = utcnow()
        session.add(run)
        action = (
            "job_run.finish" if outcome.status in ("succeeded", "cancelled") else "job_run.fail"
        )
        audit.append(
            session,
            "scheduler",
            action,
            f"job/{run.job}",
            {
                "run": run.id,
                "status": run.status,
                "error_type": run.error_type,
                "message": run.error,
                "duration_s": run.duration_s,
                "items": run.items,
            },
        )
        if job is None or outcome.status == "cancelled":
            return []
        return _after_run(session, job, run)


def _after_run(session: Any, job: Schedule, run: JobRun) -> list[int]:
    if run.status == "succeeded":
        job.consecutive_failures = 0
        session.add(job)
        return []
    if run.error_type == "application" and run.attempt <= job.retries:
        delay = job.backoff_s * 2 ** (run.attempt - 1)
        session.add(
            JobRun(
                job=job.name,
                trigger="retry",
                status="pending",
                attempt=run.attempt + 1,
                fire_time=run.fire_time,
                due_at=utcnow() + timedelta(seconds=delay),
                actor="scheduler",
                started_at=None,
            )
        )
        return []
    job.consecutive_failures += 1
    subject = f"job/{job.name}"
    tries = f" after {run.attempt} attempts" if run.attempt > 1 else ""
    ids = [
        alerts.record(
            session,
            "failure",
            subject,
            f"job {job.name} failed{tries} ({run.error_type} error): {run.error}",
            run.id,
        ).id
    ]
    if job.enabled and job.consecutive_failures >= job.max_failures:
        before = jobs.view(job)
        job.enabled, job.paused_by, job.paused_at = False, "scheduler", utcnow()
        job.disabled_reason = f"disabled after {job.consecutive_failures} consecutive failures"
        audit.append(
            session,
            "scheduler",
            "job.disable",
            subject,
            {"before": before, "after": jobs.view(job)},
        )
        ids.append(
            alerts.record(
                session,
                "disabled",
                subject,
                f"job {job.name} {job.disabled_reason}; last error: {run.error}",
                run.id,
            ).id
        )
    session.add(job)
    return [i for i in ids if i is not None]
