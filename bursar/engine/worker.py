"""``bursar worker``: run the engine's jobs on this machine until told to stop.

Procrastinate claims jobs with ``FOR UPDATE SKIP LOCKED`` and keeps a heartbeat per
worker, but it does not bring back the jobs of a worker that died: they stay
``doing``. Every worker therefore runs a stall check beside its jobs: jobs of workers
whose heartbeat is older than ``stall_after`` seconds go back to ``todo`` (each is
idempotent, so running one again is safe). SIGTERM and SIGINT stop taking new jobs
and let running ones finish (Procrastinate's own graceful shutdown).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from dataclasses import dataclass

from bursar.engine import QUEUES, bound_app

log = logging.getLogger("bursar.worker")


@dataclass(frozen=True)
class WorkerConfig:
    queues: tuple[str, ...] = ("ingest", "ocr")
    concurrency: int = 1
    stall_after: float = 30.0  # seconds without a heartbeat before a worker counts as dead
    heartbeat: float = 5.0
    name: str = ""
    shutdown_timeout: float | None = 60.0


def check_queues(queues: tuple[str, ...]) -> tuple[str, ...]:
    """Return the queues, refusing names that no task uses (a typo would idle forever)."""
    from bursar.errors import InputError

    unknown = [q for q in queues if q not in QUEUES and not q.startswith("bots")]
    if unknown:
        raise InputError(
            f"unknown queue {unknown[0]!r}: choose from {', '.join(QUEUES)} (or bots-<machine>)",
            code="bad_queue",
        )
    return queues


def run(config: WorkerConfig) -> None:
    """Recover stranded documents, then work the queues until SIGTERM/SIGINT."""
    from bursar.ingest import snapshot
    from bursar.ingest.recovery import recover

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    snapshot.reuse_master = True  # see bursar.ingest.snapshot: read again only when it changed
    report = recover(actor=f"worker:{_name(config)}")
    if report.stranded:
        log.warning("recovered %s stranded documents: %s", report.stranded, report.to_json())
    asyncio.run(_main(config))


def _name(config: WorkerConfig) -> str:
    return config.name or f"{socket.gethostname()}-{os.getpid()}"


async def _main(config: WorkerConfig) -> None:
    app = bound_app()
    async with app.open_async():
        stall = asyncio.create_task(_stall_loop(app, config))
        if "models" in config.queues:  # load torch and the active models before the first job
            from bursar.engine.inference import warm_up

            asyncio.create_task(asyncio.to_thread(warm_up))  # noqa: RUF006
        try:
            await app.run_worker_async(
                queues=list(config.queues),
                concurrency=config.concurrency,
                name=_name(config),
                update_heartbeat_interval=config.heartbeat,
                stalled_worker_timeout=config.stall_after,
                shutdown_graceful_timeout=config.shutdown_timeout,
                install_signal_handlers=True,
            )
        finally:
            stall.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stall


async def _stall_loop(app, config: WorkerConfig) -> None:  # type: ignore[no-untyped-def]
    """Put the jobs of dead workers back in the queue, every few seconds."""
    every = max(1.0, min(config.stall_after / 3, 10.0))
    while True:
        try:
            await retry_stalled(app, config.stall_after)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database blinked: try again next round
            log.warning("stall check failed: %s", exc)
        await asyncio.sleep(every)


async def retry_stalled(app, stall_after: float) -> int:  # type: ignore[no-untyped-def]
    """Retry every job held by a worker silent for ``stall_after`` s; return how many."""
    jobs = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stall_after)
    n = 0
    for job in jobs:
        await app.job_manager.retry_job(job)
        log.warning("job %s (%s) of a dead worker put back in the queue", job.id, job.task_name)
        n += 1
    if n:
        await app.job_manager.prune_stalled_workers(seconds_since_heartbeat=stall_after)
    return n
