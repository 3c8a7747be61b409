"""Overlap policies and graceful shutdown, with real scheduler and job processes."""

from __future__ import annotations

import pytest
from conftest import Kit, wait_for

pytestmark = pytest.mark.slow


def _status(kit: Kit, job: str) -> list[str]:
    return [r.status for r in kit.runs(job)]


def test_skip_replace_and_shutdown_grace(kit: Kit) -> None:
    # each run takes 3 s, the trigger fires every 2 s
    kit.cli(
        "jobs",
        "add",
        "skipper",
        "--command",
        kit.job("slow", "s.pids", "3"),
        "--every",
        "2s",
        "--overlap",
        "skip",
    )
    kit.cli(
        "jobs",
        "add",
        "replacer",
        "--command",
        kit.job("slow", "r.pids", "3"),
        "--every",
        "2s",
        "--overlap",
        "replace",
    )
    proc = kit.start("--shutdown-grace", "1s")
    wait_for(
        lambda: "skipped" in _status(kit, "skipper") and "cancelled" in _status(kit, "replacer"), 20
    )
    skipped = [r for r in kit.runs("skipper") if r.status == "skipped"]
    assert skipped and "still going" in skipped[0].error
    cancelled = [r for r in kit.runs("replacer") if r.status == "cancelled"]
    assert cancelled and cancelled[0].error == "stopped: replaced by a newer run"
    kit.cli("jobs", "pause", "skipper")
    kit.cli("jobs", "pause", "replacer")
    kit.cli("jobs", "add", "long", "--command", kit.job("hang"), "--cron", "0 0 1 1 *")
    kit.cli("jobs", "run-now", "long")
    wait_for(lambda: "running" in _status(kit, "long"), 15)
    assert kit.stop(proc) == 0  # SIGTERM: the hung run gets 1 s, then is stopped
    (run,) = [r for r in kit.runs("long") if r.attempt == 1]
    assert (run.status, run.error) == ("failed", "stopped: the scheduler shut down")
    assert "lease released" in proc.log.read_text()
