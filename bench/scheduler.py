"""Scheduler figures on SQLite: fire-to-start latency, pause pick-up time, tick cost.

Prints figures; asserts nothing. Starts a real ``bursar scheduler start`` with a job every
second (a trivial child process) for ``--seconds``, then reads ``job_run``.
Usage: python bench/scheduler.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from record import record  # noqa: E402 - bench/ is this script's own folder

JOB = f"{sys.executable} {REPO / 'tests' / 'scheduler' / 'jobscript.py'} ok"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bursar-bench-sched-"))
    env = {
        **os.environ,
        "BURSAR_HOME": str(tmp / "home"),
        "BURSAR_CONFIG": str(tmp / "x.toml"),
        "BURSAR_TEST_COMMAND_JOBS": "1",
    }
    os.environ.update(env)
    from sqlmodel import select

    from bursar.db import session_scope, upgrade
    from bursar.records import JobRun, Schedule

    upgrade()
    bursar = [sys.executable, "-m", "bursar"]
    subprocess.run(
        [*bursar, "jobs", "add", "tick", "--command", JOB, "--every", "1s"],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.Popen(
        [*bursar, "scheduler", "start"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(args.seconds)
    t0 = time.monotonic()
    subprocess.run([*bursar, "jobs", "pause", "tick"], env=env, check=True, capture_output=True)
    paused_cli = time.monotonic() - t0
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    with session_scope(write=False) as session:
        runs = list(session.exec(select(JobRun).where(JobRun.job == "tick")))
        job = session.exec(select(Schedule)).one()
    done = [r for r in runs if r.started_at and r.fire_time and r.trigger == "cron"]
    lat = sorted((r.started_at - r.fire_time).total_seconds() * 1000 for r in done)
    after_pause = [r for r in runs if r.fire_time and job.paused_at and r.fire_time > job.paused_at]
    print(
        f"runs: {len(runs)} in {args.seconds:.0f} s ({sum(r.status == 'skipped' for r in runs)} "
        f"skipped by overlap), {sum(r.status == 'succeeded' for r in runs)} succeeded"
    )
    if lat:
        p95 = lat[max(0, math.ceil(0.95 * len(lat)) - 1)]  # nearest rank
        print(
            f"fire time -> run started (claimed): median {statistics.median(lat):.0f} ms, "
            f"p95 {p95:.0f} ms"
        )
        record(
            "scheduler",
            f"fire time -> run started, median / p95 (job every 1 s, {len(lat)} runs, SQLite)",
            f"{statistics.median(lat):.0f} / {p95:.0f} ms",
        )
    durations = [r.duration_s for r in runs if r.duration_s]
    if durations:
        print(f"run duration (python child): median {statistics.median(durations):.2f} s")
    print(
        f"`bursar jobs pause` CLI: {paused_cli:.2f} s; "
        f"fire times run after the pause: {len(after_pause)}"
    )
    record(
        "scheduler",
        f"runs in {args.seconds:.0f} s: succeeded / skipped by overlap",
        f"{sum(r.status == 'succeeded' for r in runs)} / "
        f"{sum(r.status == 'skipped' for r in runs)}",
    )
    record(
        "scheduler",
        "fire times run after `bursar jobs pause` returned",
        str(len(after_pause)),
        target="0",
    )


if __name__ == "__main__":
    main()
