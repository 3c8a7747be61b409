"""On PostgreSQL: runs are Procrastinate jobs done by a real ``bursar worker``; a second
scheduler waits, takes over after the first is killed -9 once the lease is stale, and
every fire time yields exactly one run (unique fire time + queueing lock)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from conftest import Kit, wait_for
from sqlalchemy import text

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def pg_kit(postgres, home, tmp_path, monkeypatch):
    from bursar.config import reset_settings
    from bursar.db import upgrade

    url = postgres.create_database()
    monkeypatch.setenv("BURSAR_DATABASE_URL", url)
    monkeypatch.setenv("BURSAR_TEST_COMMAND_JOBS", "1")
    reset_settings()
    upgrade(url)
    kit = Kit(home, tmp_path / "absent.toml", url)
    yield kit
    kit.close()
    reset_settings()


def _finished(kit: Kit) -> list:
    return [r for r in kit.runs("tick") if r.status == "succeeded"]


def test_lease_takeover_after_kill_9_runs_each_fire_time_once(pg_kit: Kit) -> None:
    kit = pg_kit
    kit.cli(
        "jobs", "add", "tick", "--command", kit.job("ok"), "--every", "1s", "--overlap", "queue"
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "bursar", "worker", "--queues", "bots"],
        env=kit.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kit.procs.append(worker)
    first = kit.start()
    second = kit.start(wait_line="waiting to take over")
    assert "scheduler lease held by" in second.log.read_text()
    wait_for(lambda: len(_finished(kit)) >= 3, 40)
    assert {r.actor.split(":")[1] for r in kit.runs("tick")} == {str(first.pid)}
    first.kill()  # kill -9: its advisory lock goes with its connection, the row goes stale
    first.wait()
    wait_for(lambda: "scheduler started" in second.log.read_text(), 20)
    by_second = lambda: [r for r in _finished(kit) if r.actor.split(":")[1] == str(second.pid)]  # noqa: E731
    assert len(wait_for(lambda: by_second()[2:], 40)) >= 1
    assert kit.stop(second) == 0
    worker.terminate()
    worker.wait(timeout=60)

    runs = kit.runs("tick")
    fires = Counter((r.fire_time, r.attempt) for r in runs)
    assert max(fires.values()) == 1  # no fire time ran twice
    from bursar.db import session_scope

    with session_scope(write=False, url=kit.url) as session:
        locks = [
            row[0]
            for row in session.execute(
                text(
                    "SELECT queueing_lock FROM procrastinate_jobs "
                    "WHERE task_name = 'bursar.scheduled_run'"
                )
            )
        ]
    dispatched = [r for r in runs if r.status not in ("pending", "skipped", "missed")]
    assert len(locks) == len(set(locks)) == len(dispatched)
    assert all(lock.startswith("schedule:tick:") for lock in locks)
