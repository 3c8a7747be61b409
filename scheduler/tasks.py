"""The scheduler's task on the engine: run one scheduled ``job_run`` on a worker."""

from __future__ import annotations

from bursar.engine import app
from scheduler import runner


@app.task(name="bursar.scheduled_run", queue="bots", pass_context=False)
def scheduled_run(run_id: int) -> str | None:
    """Run the job run ``run_id`` (a child process under its time limit).

    A job handed out again after its worker died (the stall check) redoes the run."""
    return runner.execute(run_id, reclaim=True)
