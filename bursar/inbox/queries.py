"""Read side of the inbox: the filtered list, counts per reason, and aging against the SLA.

The list runs in SQL (issue 26): filters, sort orders and search are conditions on
``inbox_item`` alone, each sort order has an index (migration 0010), and a page is found by
keyset (seek) paging: an opaque cursor holds the sort keys of the row the page starts after
(or before), with the item id as the last key so ties never repeat or skip a row. Only the
rows of one page are then completed with their documents, decisions and findings. A page
number (``page``) still works, by offset, for old links and scripts.

Counts: open items per reason are one ``GROUP BY`` over the open items, kept for
``COUNTS_TTL`` seconds per process (``Listing.counts_at`` says when they were taken; a write
to inbox items through this process's ORM sessions drops them at once). The number of rows
matching a filter is counted on the first page only, up to ``COUNT_CAP`` rows and labelled
"more than" beyond it (``Listing.total_capped``); the next pages carry it in their cursor.
So no page counts 100,000 rows.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Numeric,
    String,
    and_,
    cast,
    event,
    literal,
    literal_column,
    or_,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from bursar.errors import InputError
from bursar.listkeys import NO_DUE, NO_PARTY
from bursar.records import (
    AMOUNT_KEY,
    DUE_KEY,
    OPEN_SQL,
    REASON_KEY,
    Decision,
    Document,
    Finding,
    InboxItem,
    Policy,
    Vendor,
)
from bursar.types import from_utc_text, utc_text, utcnow

OPEN = ("open", "hold")
SORTS = ("age", "-age", "amount", "-amount", "reason", "vendor", "due", "-due")
STATUS_VIEWS = {"open": OPEN, "hold": ("hold",), "decided": ("approved", "rejected")}
SLA_VIEWS = ("ok", "due", "overdue")
COUNT_CAP = 1_000  # a filter's matches are counted up to here, then shown as "more than"
COUNTS_TTL = 15.0  # seconds the open counts per reason are reused within one process
MAX_TERMS = 6


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
    search: str | None = None  # words found in vendor name or id, invoice number, amount
    sla: str | None = None  # ok | due | overdue against the SLA
    cursor: str | None = None  # opaque: the page after (or before) a row; wins over ``page``

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
    total: int = 0  # rows matching the query, over all pages (at most COUNT_CAP + 1)
    offset: int = 0
    total_capped: bool = False  # more rows match than ``total`` says
    next_cursor: str | None = None
    prev_cursor: str | None = None
    counts_at: datetime | None = None  # when ``counts`` and ``total_open`` were counted

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


# --- sort orders and keyset paging -------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    expr: Any  # the SQL expression, exactly as the index has it
    kind: str  # time | number | text: how a cursor's value is read back
    of: Any  # the row's value, from the InboxItem


_AGE = _Key(col(InboxItem.created_at), "time", lambda i: utc_text(i.created_at))
_AMOUNT = _Key(
    literal_column(AMOUNT_KEY), "number", lambda i: "-1" if i.amount is None else str(i.amount)
)
_REASON = _Key(literal_column(REASON_KEY), "text", lambda i: i.reason or "")
_VENDOR = _Key(col(InboxItem.vendor_sort), "text", lambda i: i.vendor_sort or NO_PARTY)
_DUE = _Key(literal_column(DUE_KEY), "text", lambda i: i.due_on or NO_DUE)
# sort -> (keys before the id, descending?); "-age" is oldest first, as it always was
_ORDERS: dict[str, tuple[tuple[_Key, ...], bool]] = {
    "-age": ((_AGE,), False),
    "age": ((_AGE,), True),
    "amount": ((_AMOUNT,), False),
    "-amount": ((_AMOUNT,), True),
    "reason": ((_REASON, _AGE), False),
    "vendor": ((_VENDOR, _AGE), False),
    "due": ((_DUE,), False),
    "-due": ((_DUE,), True),
}
_ID = col(InboxItem.id)


def _bind(key: _Key, value: str) -> Any:
    if key.kind == "time":
        return from_utc_text(value)
    if key.kind == "number":
        Decimal(value)  # raises on anything but a number
        return cast(literal(value, String), Numeric)
    return value


def _after(keys: tuple[_Key, ...], desc: bool, values: list[str], last_id: int) -> ColumnElement:
    """Rows strictly after (keys..., id) = (values..., last_id) in the sort order."""
    bound = [_bind(k, v) for k, v in zip(keys, values, strict=True)]
    exprs = [k.expr for k in keys] + [_ID]
    bound.append(last_id)

    def beyond(e: Any, v: Any) -> ColumnElement:
        return e < v if desc else e > v

    terms = []
    for n in range(len(exprs)):
        equal = [exprs[j] == bound[j] for j in range(n)]
        terms.append(and_(*equal, beyond(exprs[n], bound[n])))
    lead = exprs[0] <= bound[0] if desc else exprs[0] >= bound[0]  # lets the index seek
    return and_(lead, or_(*terms))


def _order_by(keys: tuple[_Key, ...], desc: bool, search_first: bool = False) -> list[Any]:
    """ORDER BY the keys and the id. ``search_first``: the same order through an expression
    no index has, so that PostgreSQL finds a search's few matches by the trigram index and
    sorts them, instead of walking the whole sort index and filtering (its estimate of a
    LIKE's matches is a guess that favours the walk)."""
    exprs = [k.expr for k in keys] + [_ID]
    if search_first:
        lead = keys[0]
        exprs[0] = (
            lead.expr + literal_column("0")
            if lead.kind == "number"
            else type_coerce(lead.expr, String).concat(literal_column("''"))
        )
    return [(e.desc() if desc else e.asc()) for e in exprs]


def _search_first(q: ListQuery) -> bool:
    """Whether the search can use the trigram index (a word of three characters or more)."""
    return any(len(t) >= 3 for t in _terms(q.search))


def _encode(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> dict[str, Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        keys, _ = _ORDERS[data["s"]]
        ok = (
            isinstance(data["v"], list)
            and len(data["v"]) == len(keys)
            and all(isinstance(v, str) for v in data["v"])
            and isinstance(data["i"], int)
            and isinstance(data.get("n", 0), int)
        )
        for key, value in zip(keys, data["v"], strict=False):
            _bind(key, value)
    except (ValueError, KeyError, TypeError, ArithmeticError, binascii.Error) as exc:
        raise InputError("the list cursor is not one this list gave out") from exc
    if not ok:
        raise InputError("the list cursor is not one this list gave out")
    if data["s"] != sort:
        raise InputError("the list cursor belongs to another sort order; start from page one")
    return data


def cursor_for(
    item: InboxItem,
    sort: str,
    *,
    position: int = 0,
    before: bool = False,
    total: tuple[int, bool] | None = None,
) -> str:
    """Return the cursor of the page that starts just after (or ends just before) ``item``;
    ``total``: the match count (and whether capped) the next pages show without counting."""
    keys, _ = _ORDERS[sort]
    data: dict[str, Any] = {"s": sort, "v": [k.of(item) for k in keys], "i": item.id}
    data["n"] = max(position, 0)
    if before:
        data["b"] = 1
    if total is not None:
        data["t"] = [total[0], int(total[1])]
    return _encode(data)


def _carried(cursor: str | None) -> tuple[int, bool] | None:
    """The match count a cursor carries from the first page, if any."""
    if not cursor:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        return None  # page_items says what is wrong with it
    t = raw.get("t") if isinstance(raw, dict) else None
    ok = isinstance(t, list) and len(t) == 2 and all(isinstance(v, int) for v in t)
    return (max(t[0], 0), bool(t[1])) if ok else None


# --- filters -----------------------------------------------------------------------------------


def _terms(search: str | None) -> list[str]:
    words = (search or "").lower().split()[:MAX_TERMS]
    return [w[:60] for w in words if w]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(q: ListQuery, sla_hours: int, now: datetime) -> list[Any]:
    """The list's conditions, on ``inbox_item`` alone (what the indexes cover)."""
    where: list[Any] = []
    if q.status == "open":
        where.append(text(OPEN_SQL))  # literally the partial indexes' predicate
    elif q.status == "hold":
        where += [text(OPEN_SQL), col(InboxItem.status) == "hold"]
    elif q.status in STATUS_VIEWS:
        where.append(col(InboxItem.status).in_(STATUS_VIEWS[q.status]))
    if q.reason:  # as the reason index has it, so it serves the filter and the age order
        where.append(literal_column(REASON_KEY) == q.reason)
    if q.vendor:
        where.append(col(InboxItem.vendor_id) == q.vendor)
    if q.assigned:
        where.append(col(InboxItem.assigned_to) == q.assigned)
    amount = literal_column(AMOUNT_KEY)
    if q.min_amount is not None or q.max_amount is not None:
        where.append(col(InboxItem.amount).is_not(None))
    if q.min_amount is not None:
        where.append(amount >= cast(literal(str(q.min_amount), String), Numeric))
    if q.max_amount is not None:
        where.append(amount <= cast(literal(str(q.max_amount), String), Numeric))
    if q.sla in SLA_VIEWS:
        late, half = now - timedelta(hours=sla_hours), now - timedelta(hours=sla_hours / 2)
        at = col(InboxItem.created_at)
        views = {"overdue": at <= late, "ok": at > half, "due": and_(at <= half, at > late)}
        where.append(views[q.sla])
    for term in _terms(q.search):
        where.append(col(InboxItem.search_text).like(_like(term), escape="\\"))
    return where


def _simple_total(q: ListQuery, counts: dict[str, int]) -> int | None:
    """The match count without counting rows, where the per-reason counts already say it."""
    plain = not any((q.vendor, q.assigned, q.search, q.sla, q.min_amount is not None,
                     q.max_amount is not None))  # fmt: skip
    if not plain or q.status != "open":
        return None
    if q.reason is None:
        return sum(counts.values())
    if q.reason == "unspecified":
        return None
    return counts.get(q.reason, 0)


def _count(session: Session, where: list[Any]) -> tuple[int, bool]:
    """Count matching rows up to COUNT_CAP; return (count, capped)."""
    inner = select(_ID).where(*where).limit(COUNT_CAP + 1).subquery()
    n = session.exec(select(func.count()).select_from(inner)).one()
    return (min(n, COUNT_CAP), True) if n > COUNT_CAP else (n, False)


# --- the list ----------------------------------------------------------------------------------


def page_items(
    session: Session,
    q: ListQuery,
    sla_hours: int,
    now: datetime | None = None,
    total: tuple[int, bool] | None = None,
) -> tuple[list[InboxItem], int, str | None, str | None]:
    """Return one page of items, its offset, and the cursors of the pages after and before
    (carrying ``total``, the match count, when given)."""
    sort = q.sort if q.sort in _ORDERS else "-age"
    keys, desc = _ORDERS[sort]
    where = _where(q, sla_hours, now or utcnow())
    stmt = select(InboxItem).where(*where)
    backwards = False
    if q.cursor:
        data = _decode(q.cursor, sort)
        backwards = bool(data.get("b"))
        stmt = stmt.where(_after(keys, desc != backwards, data["v"], data["i"]))
        offset = max(data.get("n", 0), 0)
        order = _order_by(keys, desc != backwards, _search_first(q))
        rows = list(session.exec(stmt.order_by(*order).limit(q.limit + 1)))
        more = len(rows) > q.limit
        rows = rows[: q.limit]
        if backwards:
            rows.reverse()
            offset = max(offset, 0) if more else 0
            has_prev, has_next = more, True
        else:
            has_prev, has_next = True, more
    else:
        offset = q.offset
        order = _order_by(keys, desc, _search_first(q))
        stmt = stmt.order_by(*order).offset(offset).limit(q.limit + 1)
        rows = list(session.exec(stmt))
        has_next, has_prev = len(rows) > q.limit, offset > 0
        rows = rows[: q.limit]
    if not rows:
        return rows, offset, None, None
    nxt = cursor_for(rows[-1], sort, position=offset + len(rows), total=total) if has_next else None
    prev = (
        cursor_for(rows[0], sort, position=max(offset - q.limit, 0), before=True, total=total)
        if has_prev
        else None
    )
    return rows, offset, nxt, prev


def _rows(session: Session, items: list[InboxItem], sla_hours: int, now: datetime) -> list[Row]:
    """Complete one page of items with their documents, parties and blocking rules (plain
    columns of only these rows: no ORM objects beyond the items)."""
    doc_ids = [i.document_id for i in items]
    d = Document
    docs = {
        r[0]: r
        for r in session.exec(
            select(
                d.id,
                d.filename,
                d.status,
                d.kind,
                d.invoice_number,
                d.vendor_id,
                d.total,
                d.currency,
            ).where(col(d.id).in_(doc_ids))  # fmt: skip
        ).all()
    }
    parties = {i.vendor_id or docs[i.document_id][5] for i in items} - {None}
    vendors = dict(
        session.exec(
            select(Vendor.vendor_id, Vendor.name).where(col(Vendor.vendor_id).in_(parties))
        ).all()
    )
    # A claim's row is keyed by its policy number; show the policy holder as the party.
    holders = dict(
        session.exec(
            select(Policy.policy_number, Policy.holder_name).where(
                col(Policy.policy_number).in_(parties)
            )
        ).all()
    )
    newest = (
        select(func.max(Decision.id))
        .where(col(Decision.document_id).in_(doc_ids))
        .group_by(col(Decision.document_id))
    )
    blocks: dict[int, list[str]] = {}
    found = select(Finding.document_id, Finding.rule).where(
        col(Finding.decision_id).in_(newest), Finding.severity == "block"
    )
    for doc_id, rule in session.exec(found).all():
        blocks.setdefault(doc_id, []).append(rule)
    rows: list[Row] = []
    for item in items:
        _, filename, doc_status, kind, number, doc_vendor, total, currency = docs[item.document_id]
        created = item.created_at or now
        age = (now - created).total_seconds() / 3600
        vid = item.vendor_id or doc_vendor
        rules = blocks.get(item.document_id, [])
        rows.append(
            Row(
                id=item.id or 0,
                document_id=item.document_id,
                filename=filename,
                doc_status=doc_status,
                kind=kind,
                invoice_number=number,
                vendor_id=vid,
                vendor_name=(holders if kind == "claim" else vendors).get(vid or ""),
                reason=item.reason,
                rules=sorted(set(rules)),
                amount=item.amount if item.amount is not None else _money(total),
                currency=item.currency or currency,
                status=item.status,
                assigned_to=item.assigned_to,
                created_at=created,
                age_hours=age,
                sla=sla_badge(age, sla_hours) if item.status in OPEN else "done",
                decided_by=item.decided_by,
                blocks=len(rules),
            )
        )
    return rows


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


_VENDORS: dict[str, tuple[float, int, list[tuple[str, str]]]] = {}


def vendor_choices(session: Session) -> list[tuple[str, str]]:
    """Return (vendor id, name) of every vendor, by name, for the list's filter (reused for
    ``COUNTS_TTL`` seconds per process unless this process wrote a vendor meanwhile)."""
    key = str(session.get_bind().engine.url)
    hit = _VENDORS.get(key)
    if hit and hit[1] == _GENERATION[1] and time.monotonic() - hit[0] < COUNTS_TTL:
        return hit[2]
    generation = _GENERATION[1]
    rows = session.exec(select(Vendor.vendor_id, Vendor.name)).all()
    choices = sorted(((v, n) for v, n in rows), key=lambda kv: kv[1].lower())
    _VENDORS[key] = (time.monotonic(), generation, choices)
    return choices


def inbox(session: Session, q: ListQuery, sla_hours: int, *, vendors: bool = True) -> Listing:
    """Return the page the user asked for, with counts of open items per reason."""
    now = utcnow()
    counts, counts_at = open_counts(session)
    total = _simple_total(q, counts)
    capped = False
    if total is None:
        carried = _carried(q.cursor) if q.cursor else None
        total, capped = carried or _count(session, _where(q, sla_hours, now))
    items, offset, nxt, prev = page_items(session, q, sla_hours, now, (total, capped))
    total = max(total, offset + len(items))  # rows inserted since the count
    return Listing(
        rows=_rows(session, items, sla_hours, now) if items else [],
        total=total,
        total_capped=capped,
        offset=offset,
        counts=counts,
        total_open=sum(counts.values()),
        vendors=vendor_choices(session) if vendors else [],
        next_cursor=nxt,
        prev_cursor=prev,
        counts_at=counts_at,
    )


def neighbours(
    session: Session, q: ListQuery, document_id: int, sla_hours: int = 48
) -> tuple[int | None, int | None]:
    """Return the documents before and after ``document_id`` in the list ``q`` (by keyset:
    two one-row queries); (None, first of the list) when the document is not in it."""
    sort = q.sort if q.sort in _ORDERS else "-age"
    keys, desc = _ORDERS[sort]
    where = _where(q, sla_hours, utcnow())
    newest = select(InboxItem).where(InboxItem.document_id == document_id)
    item = session.exec(newest.order_by(col(InboxItem.id).desc()).limit(1)).first()
    mine = select(_ID).where(col(InboxItem.id) == (item.id if item else 0), *where)
    inside = item is not None and session.exec(mine).first() is not None
    base = select(InboxItem.document_id).where(*where)
    if not inside or item is None:
        first = session.exec(base.order_by(*_order_by(keys, desc)).limit(1)).first()
        return None, first
    values = [k.of(item) for k in keys]
    after = _after(keys, desc, values, item.id or 0)
    before = _after(keys, not desc, values, item.id or 0)
    nxt = session.exec(base.where(after).order_by(*_order_by(keys, desc)).limit(1)).first()
    prev = session.exec(base.where(before).order_by(*_order_by(keys, not desc)).limit(1)).first()
    return prev, nxt


def reason_counts(session: Session) -> dict[str, int]:
    """Return open items per leading rule code, most frequent first (counted now)."""
    reason = col(InboxItem.reason)
    stmt = select(reason, func.count()).where(text(OPEN_SQL)).group_by(reason)
    counts: Counter[str] = Counter()
    for r, n in session.exec(stmt).all():
        counts[r or "unspecified"] += n
    return dict(counts.most_common())


_COUNTS: dict[str, tuple[float, int, datetime, dict[str, int]]] = {}
# bumped by every ORM flush in this process that writes inbox items [0] or vendors [1]
_GENERATION = [0, 0]


def open_counts(session: Session) -> tuple[dict[str, int], datetime]:
    """Return open items per reason and when they were counted: the counts of the last
    ``COUNTS_TTL`` seconds when no inbox item was written since through this process."""
    key = str(session.get_bind().engine.url)
    hit = _COUNTS.get(key)
    if hit and hit[1] == _GENERATION[0] and time.monotonic() - hit[0] < COUNTS_TTL:
        return hit[3], hit[2]
    generation, at = _GENERATION[0], utcnow()
    counts = reason_counts(session)
    _COUNTS[key] = (time.monotonic(), generation, at, counts)
    return counts, at


def _inbox_written(session: Any, _ctx: Any, _instances: Any) -> None:
    written = {type(o) for o in (*session.new, *session.dirty, *session.deleted)}
    if InboxItem in written:
        _GENERATION[0] += 1
    if Vendor in written:
        _GENERATION[1] += 1


if not event.contains(OrmSession, "before_flush", _inbox_written):
    event.listen(OrmSession, "before_flush", _inbox_written)
