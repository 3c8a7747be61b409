"""Read side of the inbox: the filtered list, counts per reason, and aging against the SLA."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, func, select

from bursar.records import Decision, Document, Finding, InboxItem, Policy, Vendor
from bursar.types import utcnow

OPEN = ("open", "hold")
SORTS = ("age", "-age", "amount", "-amount", "reason", "vendor")
STATUS_VIEWS = {"open": OPEN, "hold": ("hold",), "decided": ("approved", "rejected")}


@dataclass(frozen=True)
class ListQuery:
    """What the user asked the list for; every part optional."""

    status: str = "open"  # open | hold | decided | all
    reason: str | None = None
    vendor: str | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    assigned: str | None = None
    sort: str = "-age"
    limit: int = 200  # rows per page
    page: int = 1

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.limit


@dataclass
class Row:
    """One line of the inbox list."""

    id: int
    document_id: int
    filename: str
    doc_status: str
    kind: str | None
    invoice_number: str | None
    vendor_id: str | None
    vendor_name: str | None
    reason: str | None
    rules: list[str]
    amount: Decimal | None
    currency: str | None
    status: str
    assigned_to: str | None
    created_at: datetime
    age_hours: float
    sla: str  # ok | due | overdue
    decided_by: str | None = None
    blocks: int = 0

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["amount"] = None if self.amount is None else str(self.amount)
        out["created_at"] = self.created_at.isoformat()
        out["age_hours"] = round(self.age_hours, 2)
        return out


@dataclass
class Listing:
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)  # open items per reason
    total_open: int = 0
    vendors: list[tuple[str, str]] = field(default_factory=list)
    total: int = 0  # rows matching the query, over all pages
    offset: int = 0

    @property
    def first(self) -> int:
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)


def sla_badge(age_hours: float, sla_hours: int) -> str:
    """Return ``ok`` under half the SLA, ``due`` until it passes, then ``overdue``."""
    if age_hours >= sla_hours:
        return "overdue"
    return "due" if age_hours >= sla_hours / 2 else "ok"


def latest_decisions(session: Session, doc_ids: list[int]) -> dict[int, Decision]:
    """Return each document's newest Decision."""
    if not doc_ids:
        return {}
    newest = (
        select(func.max(Decision.id))
        .where(col(Decision.document_id).in_(doc_ids))
        .group_by(col(Decision.document_id))
    )
    rows = session.exec(select(Decision).where(col(Decision.id).in_(newest))).all()
    return {d.document_id: d for d in rows}


def findings_for(session: Session, decision_ids: list[int]) -> dict[int, list[Finding]]:
    """Return findings grouped by decision id, blocks first."""
    out: dict[int, list[Finding]] = {}
    if not decision_ids:
        return out
    stmt = select(Finding).where(col(Finding.decision_id).in_(decision_ids))
    for f in session.exec(stmt.order_by(col(Finding.id))).all():
        out.setdefault(f.decision_id, []).append(f)
    for fs in out.values():
        fs.sort(key=lambda f: f.severity != "block")
    return out


def _items(session: Session, q: ListQuery) -> list[InboxItem]:
    stmt = select(InboxItem)
    if q.status in STATUS_VIEWS:
        stmt = stmt.where(col(InboxItem.status).in_(STATUS_VIEWS[q.status]))
    if q.reason:
        stmt = stmt.where(InboxItem.reason == q.reason)
    if q.vendor:
        stmt = stmt.where(InboxItem.vendor_id == q.vendor)
    if q.assigned:
        stmt = stmt.where(InboxItem.assigned_to == q.assigned)
    items = list(session.exec(stmt.order_by(col(InboxItem.id).desc()).limit(5000)).all())
    if q.min_amount is not None:
        items = [i for i in items if i.amount is not None and i.amount >= q.min_amount]
    if q.max_amount is not None:
        items = [i for i in items if i.amount is not None and i.amount <= q.max_amount]
    return items


def _sort_key(sort: str):  # type: ignore[no-untyped-def]
    key = sort.lstrip("-")
    if key == "amount":
        return lambda r: r.amount if r.amount is not None else Decimal("-1")
    if key == "reason":
        return lambda r: (r.reason or "", -r.age_hours)
    if key == "vendor":
        return lambda r: ((r.vendor_name or r.vendor_id or "~").lower(), -r.age_hours)
    return lambda r: r.age_hours


def inbox(session: Session, q: ListQuery, sla_hours: int) -> Listing:
    """Return the list the user asked for, with counts of open items per reason."""
    items = _items(session, q)
    doc_ids = [i.document_id for i in items]
    docs = {
        d.id: d for d in session.exec(select(Document).where(col(Document.id).in_(doc_ids))).all()
    }
    decisions = latest_decisions(session, doc_ids)
    found = findings_for(session, [d.id for d in decisions.values() if d.id is not None])
    vendors = {v.vendor_id: v.name for v in session.exec(select(Vendor)).all()}
    # A claim's row is keyed by its policy number; show the policy holder as the party.
    holders = {p.policy_number: p.holder_name for p in session.exec(select(Policy)).all()}
    now = utcnow()
    rows: list[Row] = []
    for item in items:
        doc = docs[item.document_id]
        dec = decisions.get(item.document_id)
        fs = found.get(dec.id, []) if dec and dec.id is not None else []
        created = item.created_at or now
        age = (now - created).total_seconds() / 3600
        vid = item.vendor_id or doc.vendor_id
        rows.append(
            Row(
                id=item.id or 0,
                document_id=doc.id or 0,
                filename=doc.filename,
                doc_status=doc.status,
                kind=doc.kind,
                invoice_number=doc.invoice_number,
                vendor_id=vid,
                vendor_name=(holders if doc.kind == "claim" else vendors).get(vid or ""),
                reason=item.reason,
                rules=sorted({f.rule for f in fs if f.severity == "block"}),
                amount=item.amount if item.amount is not None else doc.total,
                currency=item.currency or doc.currency,
                status=item.status,
                assigned_to=item.assigned_to,
                created_at=created,
                age_hours=age,
                sla=sla_badge(age, sla_hours) if item.status in OPEN else "done",
                decided_by=item.decided_by,
                blocks=sum(f.severity == "block" for f in fs),
            )
        )
    sort = q.sort if q.sort in SORTS else "-age"
    rows.sort(key=_sort_key(sort), reverse=sort.startswith("-"))
    return Listing(
        rows=rows[q.offset : q.offset + q.limit],
        total=len(rows),
        offset=q.offset,
        counts=reason_counts(session),
        total_open=len(
            session.exec(select(InboxItem.id).where(col(InboxItem.status).in_(OPEN))).all()
        ),
        vendors=sorted(vendors.items(), key=lambda kv: kv[1].lower()),
    )


def reason_counts(session: Session) -> dict[str, int]:
    """Return open items per leading rule code, most frequent first."""
    reasons = session.exec(select(InboxItem.reason).where(col(InboxItem.status).in_(OPEN))).all()
    return dict(Counter(r or "unspecified" for r in reasons).most_common())
