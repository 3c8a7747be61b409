"""The bots' and the scheduler's figures read from their tables."""

from __future__ import annotations

from datetime import timedelta


def test_bot_runs_work_items_and_scheduler_fires_are_counted_from_the_tables(db_url: str) -> None:
    import bots.metrics
    import scheduler.metrics
    from bots.records import BotRun, WorkItem
    from bursar.db import session_scope
    from bursar.observe.collectors import DatabaseCollector
    from bursar.records import JobRun
    from bursar.types import utcnow

    now = utcnow()
    with session_scope() as s:
        runs = [("mailbox", "succeeded"), ("mailbox", "failed"), ("mailbox", "succeeded"),
                ("portal", "running")]  # fmt: skip
        s.add_all([BotRun(bot=b, status=st) for b, st in runs])
        items = ["successful", "successful", "failed", "new"]
        s.add_all(
            [WorkItem(bot="mailbox", reference=f"m{i}", status=st) for i, st in enumerate(items)]
        )
        fires = [("cron", "succeeded"), ("cron", "failed"), ("catch_up", "succeeded"),
                 ("catch_up", "missed"), ("cron", "skipped"), ("manual", "succeeded")]  # fmt: skip
        for i, (trigger, status) in enumerate(fires):
            s.add(JobRun(job="nightly", trigger=trigger, status=status,
                         fire_time=now - timedelta(minutes=i)))  # fmt: skip
        s.add(JobRun(job="nightly", trigger="retry", status="succeeded", attempt=2,
                     fire_time=now - timedelta(minutes=1)))  # fmt: skip
    got = {}
    for family in DatabaseCollector(
        [("bots", bots.metrics.source), ("scheduler", scheduler.metrics.source)]
    ).collect():
        for sample in family.samples:
            got[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value

    def v(name: str, **labels: str) -> float | None:
        return got.get((name, tuple(sorted(labels.items()))))

    assert v("bursar_bot_runs_total", bot="mailbox", outcome="succeeded") == 2
    assert v("bursar_bot_runs_total", bot="mailbox", outcome="failed") == 1
    assert v("bursar_bot_runs_running", bot="portal") == 1
    assert v("bursar_work_items", bot="mailbox", status="successful") == 2
    assert v("bursar_scheduler_fires_total", job="nightly", timing="on_time") == 2
    assert v("bursar_scheduler_fires_total", job="nightly", timing="late") == 1
    assert v("bursar_scheduler_fires_total", job="nightly", timing="missed") == 1
    assert v("bursar_scheduler_fires_total", job="nightly", timing="skipped") == 1
    assert v("bursar_collector_up", source="bots") == 1
    assert v("bursar_collector_up", source="scheduler") == 1
