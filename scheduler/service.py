"""The scheduler process: decides *when*; the engine (or a child process) decides *where*.

Every tick it reads the ``schedule`` table (so CLI and inbox changes apply within a
tick), turns due fire times into ``job_run`` rows, and dispatches pending runs: on
PostgreSQL as a Procrastinate job in the same transaction (queueing lock
``schedule:<job>:<fire_time>:<attempt>``), on SQLite in a child process watched by a
thread of this process. Missed fire times after downtime are coalesced into one run
when the newest is within the job's misfire grace, else recorded as ``missed``.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bursar import alerts, audit
from bursar.db import get_engine, session_scope
from bursar.records import JobRun, Schedule
from bursar.types import utcnow
from scheduler import runner, triggers
from scheduler.lease import Lease, LeaseLost, describe

ACTIVE = ("queued", "running")
TASK_NAME = "bursar.scheduled_run"
QUEUES = {"bot": "bots", "ingest": "ingest", "models_train": "gpu", "command": "bots"}


class Scheduler:
    """One scheduler process over one database."""

    def __init__(
        self,
        url: str | None = None,
        *,
        stale_s: float = 15.0,
        tick_s: float = 0.5,
        shutdown_grace_s: float = 30.0,
        say: Callable[[str], None] = print,
    ):
        self.url = url
        self.lease = Lease(url, stale_s)
        self.tick_s = tick_s
        self.shutdown_grace_s = shutdown_grace_s
        self.say = say
        self.stopping = threading.Event()  # no new runs
        self.kill = threading.Event()  # running children must stop now
        self.threads: dict[int, threading.Thread] = {}
        self.is_pg = get_engine(url).dialect.name == "postgresql"

    # --- lifecycle --------------------------------------------------------------------------

    def install_signals(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stopping.set())

    def acquire(self, wait: bool) -> bool:
        """Take the lease; when held by another, say who and wait (or give up)."""
        told = False
        while not self.stopping.is_set():
            ok, row = self.lease.try_acquire()
            if ok:
                self.say(f"scheduler started as {self.lease.holder}")
                return True
            if not wait:
                self.say(describe(row) + "; not starting (--wait to wait for it)")
                return False
            if not told:
                self.say(describe(row) + "; waiting to take over")
                told = True
            self.stopping.wait(1.0)
        return False

    def run(self, wait: bool = True) -> int:
        """Run until SIGTERM/SIGINT; return the exit code (3: lease held elsewhere)."""
        while not self.stopping.is_set():
            if not self.acquire(wait):
                return 0 if self.stopping.is_set() else 3
            if not self.is_pg:
                self.recover()
            if self._loop():
                break
            self.say("scheduler lost its lease; waiting to take it back")
        self.shutdown()
        return 0

    def _loop(self) -> bool:
        """Tick until asked to stop (True) or the lease is lost (False)."""
        while not self.stopping.is_set():
            try:
                self.tick(utcnow())
            except LeaseLost:
                return False
            self.stopping.wait(self.tick_s)
        return True

    def shutdown(self) -> None:
        """No new runs; running ones get ``shutdown_grace_s``, then are stopped; release."""
        deadline = time.monotonic() + self.shutdown_grace_s
        for thread in list(self.threads.values()):
            thread.join(max(0.0, deadline - time.monotonic()))
        self.kill.set()
        for thread in list(self.threads.values()):
            thread.join(30)
        self.lease.release()
        self.say("scheduler stopped; lease released")

    def recover(self) -> None:
        """SQLite: runs left queued/running by a scheduler that died are failed (retryable)."""
        with session_scope(write=False, url=self.url) as session:
            stmt = select(JobRun.id).where(col(JobRun.status).in_(ACTIVE))
            ids = [i for i in session.exec(stmt) if i not in self.threads]
        for run_id in ids:
            msg = "abandoned: the scheduler running it stopped"
            for alert_id in runner.finish(run_id, runner.Outcome("failed", "application", msg)):
                alerts.deliver(alert_id)

    # --- one tick -----------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Fire what is due, then dispatch pending runs."""
        self.threads = {k: t for k, t in self.threads.items() if t.is_alive()}
        if not self.lease.heartbeat():
            raise LeaseLost("another scheduler took the lease")
        with session_scope(write=False, url=self.url) as session:
            due = list(
                session.exec(
                    select(Schedule.name).where(
                        col(Schedule.enabled).is_(True), col(Schedule.next_fire_at) <= now
                    )
                )
            )  # noqa: E712
        for name in due:
            self._fire(name, now)
        if not self.stopping.is_set():
            self._dispatch(now)

    def _fire(self, name: str, now: datetime) -> None:
        new_alerts: list[int] = []
        try:
            with session_scope(url=self.url) as session:
                self.lease.fence(session)
                job = session.exec(select(Schedule).where(Schedule.name == name)).first()
                if job is None or not job.enabled or not job.next_fire_at or job.next_fire_at > now:
                    return
                plan = triggers.plan_for(job)
                times = [job.next_fire_at, *plan.fire_times(job.next_fire_at, now)]
                job.last_fire_at, job.next_fire_at = times[-1], plan.next_after(now)
                session.add(job)
                new_alerts = self._record_fire(session, job, times, now)
        except IntegrityError:  # another scheduler recorded this fire time already
            self._advance(name, now)
        for alert_id in new_alerts:
            alerts.deliver(alert_id)

    def _advance(self, name: str, now: datetime) -> None:
        with session_scope(url=self.url) as session:
            self.lease.fence(session)
            job = session.exec(select(Schedule).where(Schedule.name == name)).first()
            if job is not None:
                job.next_fire_at = triggers.plan_for(job).next_after(now)
                session.add(job)

    def _record_fire(
        self,
        session: Any,
        job: Schedule,
        times: list[datetime],
        now: datetime,
    ) -> list[int]:
        """Turn the due fire times into one run (or one ``missed``/``skipped`` record)."""
        latest = times[-1]
        late = (now - latest).total_seconds()
        extra = {"coalesced": len(times) - 1} if len(times) > 1 else None
        run = JobRun(
            job=job.name,
            trigger="catch_up" if len(times) > 1 or late > 2 else "cron",
            status="pending",
            fire_time=latest,
            due_at=now,
            actor=f"scheduler {self.lease.holder}",
            started_at=None,
            stats=extra,
        )
        if late > job.misfire_grace_s + self.tick_s:
            run.status, run.finished_at = "missed", now
            run.error = (
                f"missed {len(times)} fire time(s), the newest {int(late)}s ago, beyond "
                f"the misfire grace of {job.misfire_grace_s}s"
            )
            session.add(run)
            session.flush()
            audit.append(
                session,
                "scheduler",
                "job_run.missed",
                f"job/{job.name}",
                {"run": run.id, "fire_time": latest.isoformat(), "count": len(times)},
            )
            return [
                alerts.record(
                    session, "missed", f"job/{job.name}", f"job {job.name}: {run.error}", run.id
                ).id
                or 0
            ]
        active = list(
            session.exec(
                select(JobRun).where(
                    JobRun.job == job.name, col(JobRun.status).in_((*ACTIVE, "pending"))
                )
            )
        )
        if active and job.overlap == "skip":
            run.status, run.finished_at = "skipped", now
            run.error = f"skipped: run {active[0].id} of this job is still going"
        elif active and job.overlap == "replace":
            for old in active:
                old.cancel_requested = True
                if old.status == "pending":
                    old.status, old.finished_at, old.error = "cancelled", now, "replaced"
                session.add(old)
        session.add(run)
        return []

    def _dispatch(self, now: datetime) -> None:
        with session_scope(write=False, url=self.url) as session:
            pending = list(
                session.exec(
                    select(JobRun)
                    .where(JobRun.status == "pending", col(JobRun.due_at) <= now)
                    .order_by(col(JobRun.id))
                )
            )
        for run in pending:
            with session_scope(url=self.url) as session:
                self.lease.fence(session)
                busy = session.exec(
                    select(JobRun.id).where(JobRun.job == run.job, col(JobRun.status).in_(ACTIVE))
                ).first()
                row = session.get(JobRun, run.id)
                if busy is not None or row is None or row.status != "pending":
                    continue
                row.status = "queued"
                session.add(row)
                if self.is_pg:
                    self._defer(session, row)
            if not self.is_pg:
                self._start_thread(run.id or 0)

    def _defer(self, session: Any, run: JobRun) -> None:
        from bursar.engine.queue import defer_in

        job = session.exec(select(Schedule).where(Schedule.name == run.job)).first()
        queue = QUEUES.get(job.kind if job else "bot", "bots")
        fire = run.fire_time.isoformat() if run.fire_time else str(run.id)
        lock = f"schedule:{run.job}:{fire}:{run.attempt}"
        if defer_in(session, TASK_NAME, queue=queue, args={"run_id": run.id}, queueing_lock=lock):
            return
        # The lock is held by a waiting job for this very fire time: that one does the work.
        run.status, run.finished_at, run.error = "skipped", utcnow(), f"already queued ({lock})"

    def _start_thread(self, run_id: int) -> None:
        thread = threading.Thread(
            target=runner.execute, args=(run_id, self.kill), name=f"run-{run_id}", daemon=True
        )
        self.threads[run_id] = thread
        thread.start()


def next_runs(job: Schedule, n: int = 3, after: datetime | None = None) -> list[datetime]:
    """Return the job's next ``n`` fire times (UTC) after ``after`` (default now)."""
    plan = triggers.plan_for(job)
    out: list[datetime] = []
    at = after or utcnow()
    for _ in range(n):
        nxt = plan.next_after(at)
        if nxt is None:
            break
        out.append(nxt)
        at = nxt
    return out
