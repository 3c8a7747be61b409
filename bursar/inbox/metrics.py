"""Dashboard figures: touchless rate, exceptions by reason, throughput, queue age, human time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

from sqlmodel import Session, select

from bursar.inbox.queries import OPEN
from bursar.records import Decision, Document, InboxItem
from bursar.types import utcnow

AGE_BUCKETS = ((4, "< 4 h"), (24, "4–24 h"), (72, "1–3 days"), (None, "> 3 days"))


@dataclass
class Dashboard:
    documents: int
    decided: int
    touchless: int
    touchless_rate: float | None
    by_reason: dict[str, int]
    open_by_reason: dict[str, int]
    per_day: list[dict[str, Any]]
    queue_age: list[tuple[str, int]]
    open_items: int
    oldest_hours: float | None
    over_sla: int
    human_minutes_median: float | None
    human_decisions: int

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["queue_age"] = [{"bucket": b, "items": n} for b, n in self.queue_age]
        return out


def _bucket(hours: float) -> str:
    for limit, name in AGE_BUCKETS:
        if limit is None or hours < limit:
            return name
    return AGE_BUCKETS[-1][1]


def _per_day(docs: list[Document], items: list[InboxItem], days: int) -> list[dict[str, Any]]:
    today = utcnow().date()
    start = today - timedelta(days=days - 1)
    received = Counter(d.received_at.date() for d in docs if d.received_at)
    humans = Counter(i.decided_at.date() for i in items if i.decided_at)
    touched = {i.document_id for i in items}
    auto = Counter(
        d.received_at.date()
        for d in docs
        if d.received_at and d.status == "approved" and d.id not in touched
    )
    out = []
    for n in range(days):
        day: date = start + timedelta(days=n)
        out.append(
            {
                "day": day.isoformat(),
                "received": received[day],
                "auto": auto[day],
                "human": humans[day],
            }
        )
    return out


def dashboard(session: Session, sla_hours: int, days: int = 14) -> Dashboard:
    """Return the figures; a document is touchless when it was approved with no inbox item."""
    docs = list(session.exec(select(Document)).all())
    items = list(session.exec(select(InboxItem)).all())
    decided_docs = set(session.exec(select(Decision.document_id)).all())
    touched = {i.document_id for i in items}
    touchless = sum(
        1 for d in docs if d.id in decided_docs and d.id not in touched and d.status == "approved"
    )
    decided = len(decided_docs | touched)
    now = utcnow()
    open_items = [i for i in items if i.status in OPEN]
    ages = [(now - i.created_at).total_seconds() / 3600 for i in open_items if i.created_at]
    buckets = Counter(_bucket(a) for a in ages)
    spans = [
        (i.decided_at - i.first_opened_at).total_seconds() / 60
        for i in items
        if i.decided_at and i.first_opened_at and i.decided_by
    ]
    return Dashboard(
        documents=len(docs),
        decided=decided,
        touchless=touchless,
        touchless_rate=round(touchless / decided, 4) if decided else None,
        by_reason=dict(Counter(i.reason or "unspecified" for i in items).most_common()),
        open_by_reason=dict(Counter(i.reason or "unspecified" for i in open_items).most_common()),
        per_day=_per_day(docs, items, days),
        queue_age=[(name, buckets[name]) for _, name in AGE_BUCKETS],
        open_items=len(open_items),
        oldest_hours=round(max(ages), 1) if ages else None,
        over_sla=sum(a >= sla_hours for a in ages),
        human_minutes_median=round(median(spans), 1) if spans else None,
        human_decisions=len(spans),
    )
