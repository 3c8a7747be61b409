"""``bursar worker`` and ``bursar recover``: run queued work, re-drive stranded documents."""

from __future__ import annotations

import logging

import typer

from bursar.cli.output import console, emit_json


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker(
        queues: str = typer.Option(
            "ingest,ocr", "--queues", "-q", help="Comma-separated: ingest, ocr, gpu, bots."
        ),
        concurrency: int = typer.Option(1, "--concurrency", "-c", min=1, help="Jobs at once."),
        stall_after: float = typer.Option(
            30.0, help="Seconds without a heartbeat before another worker's jobs are retried."
        ),
        name: str = typer.Option("", help="Worker name (default: host-pid)."),
        metrics_port: int = typer.Option(
            0, "--metrics-port", min=0, max=65535, help="Serve this worker's /metrics here."
        ),
        metrics_addr: str = typer.Option("127.0.0.1", "--metrics-addr", help="Its address."),
    ):
        """Work the job queues on PostgreSQL until SIGTERM/SIGINT (any number of machines)."""
        # Imported when the command runs, not at start-up (procrastinate is slow to load).
        # The scheduler's job-run task registers itself on the engine; the core never
        # imports the scheduler, so the face brings the two together here.
        import scheduler.tasks  # noqa: F401
        from bursar.engine.worker import WorkerConfig, check_queues, run
        from bursar.observe import logs

        logs.configure(level=logging.INFO)
        if metrics_port:
            from bursar.observe.exposition import registry, serve

            serve(metrics_port, registry(), addr=metrics_addr)  # this process's events only
        wanted = check_queues(tuple(q.strip() for q in queues.split(",") if q.strip()))
        run(
            WorkerConfig(
                queues=wanted,
                concurrency=concurrency,
                stall_after=stall_after,
                heartbeat=max(1.0, min(5.0, stall_after / 4)),
                name=name,
            )
        )

    @app.command("recover")
    def recover_cmd(
        older_than: float = typer.Option(
            10.0, help="Minutes a document may sit before its decision before it counts as stuck."
        ),
        json_out: bool = typer.Option(False, "--json", help="Machine output."),
    ):
        """Find documents stuck before their decision and drive them on."""
        from datetime import timedelta

        from bursar.ingest.recovery import recover

        report = recover(timedelta(minutes=older_than))
        if json_out:
            emit_json(report.to_json())
            return
        if not report.stranded:
            console.print("nothing stranded")
            return
        console.print(
            f"{report.stranded} stranded: {report.decided} decided now, "
            f"{report.deferred} queued again, {report.waiting_on_jobs} already have a job"
        )
