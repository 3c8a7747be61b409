"""The bots' figures for ``/metrics``: runs by outcome and work items by status.

Read from the ``bot_run`` and ``work_item`` tables at scrape time: bots run in
scheduler child processes that live for one run, so the tables, not a process's
memory, are where their events add up. Registered by the face (inbox, CLI), since the
core never imports the bots.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import func
from sqlmodel import Session, select

from bots.records import BotRun, WorkItem


def source(session: Session) -> Iterator[Metric]:
    """Bot runs finished by bot and outcome; runs in progress; work items by status."""
    runs = CounterMetricFamily(
        "bursar_bot_runs", "Finished bot runs by bot and outcome.", labels=["bot", "outcome"]
    )
    running = GaugeMetricFamily("bursar_bot_runs_running", "Bot runs in progress.", labels=["bot"])
    rows = session.exec(
        select(BotRun.bot, BotRun.status, func.count()).group_by(BotRun.bot, BotRun.status)
    ).all()
    for bot, status, n in rows:
        if status == "running":
            running.add_metric([bot], int(n))
        else:
            runs.add_metric([bot, status], int(n))
    yield runs
    yield running
    items = GaugeMetricFamily(
        "bursar_work_items", "Bot work items by bot and status.", labels=["bot", "status"]
    )
    for bot, status, n in session.exec(
        select(WorkItem.bot, WorkItem.status, func.count()).group_by(WorkItem.bot, WorkItem.status)
    ).all():
        items.add_metric([bot, status], int(n))
    yield items
