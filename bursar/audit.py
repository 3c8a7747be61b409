"""The tamper-evident audit trail: a hash chain in the ``audit_event`` table.

Each event is hashed together with the previous event's hash::

    hash = sha256(prev_hash || canonical_json(event without hash))

so changing, inserting or deleting any row breaks every hash after it. The table
is append-only (database triggers refuse UPDATE/DELETE), and appends are
serialised so that concurrent writers cannot fork the chain: ``BEGIN IMMEDIATE``
on SQLite (see ``bursar.db.session_scope``) and a transaction-scoped advisory
lock on PostgreSQL.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from bursar.canonical import canonical_json
from bursar.records import AuditEvent
from bursar.types import utc_text, utcnow

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x42_55_52_53_41_52  # "BURSAR": one advisory lock for the whole chain
EXPORT_COLUMNS = ("seq", "at", "actor", "action", "subject", "data", "prev_hash", "hash")


def event_hash(
    seq: int, at: str, actor: str, action: str, subject: str, data: str, prev_hash: str
) -> str:
    """Return the hash of one event from its fields (``data`` is canonical JSON text)."""
    body = canonical_json(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "subject": subject,
            "data": data,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    # SQLite: the caller's session began with BEGIN IMMEDIATE, so we hold the write lock.


def append(
    session: Session, actor: str, action: str, subject: str, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction and return it."""
    _lock_chain(session)
    last = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS
    at = utc_text(utcnow())
    payload = canonical_json(data or {})
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        data=payload,
        prev_hash=prev,
        hash=event_hash(seq, at, actor, action, subject, payload, prev),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Verification:
    """The outcome of checking the chain."""

    ok: bool
    events: int
    head: str
    broken_seq: int | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": self.head,
            "broken_seq": self.broken_seq,
            "reason": self.reason,
        }


def _iter_events(session: Session, batch: int = 2000) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = session.exec(
            select(AuditEvent)
            .where(AuditEvent.seq > after)
            .order_by(col(AuditEvent.seq))
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def verify(session: Session) -> Verification:
    """Recompute the chain; return where it first breaks, if anywhere."""
    prev, expected_seq, count = GENESIS, 1, 0
    for ev in _iter_events(session):
        if ev.seq != expected_seq:
            return Verification(
                False,
                count,
                prev,
                expected_seq,
                f"event {expected_seq} is missing (next is {ev.seq})",
            )
        if ev.prev_hash != prev:
            return Verification(
                False, count, prev, ev.seq, "prev_hash does not match the previous event's hash"
            )
        if (
            event_hash(ev.seq, ev.at, ev.actor, ev.action, ev.subject, ev.data, ev.prev_hash)
            != ev.hash
        ):
            return Verification(
                False,
                count,
                prev,
                ev.seq,
                "contents do not match the stored hash (row was changed)",
            )
        prev, expected_seq, count = ev.hash, expected_seq + 1, count + 1
    return Verification(True, count, prev)


def events_for(session: Session, subject: str) -> list[AuditEvent]:
    """Return every event about ``subject`` (exact, or ``subject/...`` children), oldest first."""
    stmt = (
        select(AuditEvent)
        .where((AuditEvent.subject == subject) | col(AuditEvent.subject).startswith(subject + "/"))
        .order_by(col(AuditEvent.seq))
    )
    return list(session.exec(stmt).all())


def as_dict(ev: AuditEvent) -> dict[str, Any]:
    """Return one event as a plain dict with ``data`` decoded."""
    return {
        "seq": ev.seq,
        "at": ev.at,
        "actor": ev.actor,
        "action": ev.action,
        "subject": ev.subject,
        "data": json.loads(ev.data),
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }


def export(session: Session, fmt: str, since: str | None = None) -> Iterable[str]:
    """Yield the trail as JSON lines or CSV rows (``data`` kept as its canonical text)."""
    events = (ev for ev in _iter_events(session) if since is None or ev.at >= since)
    if fmt == "jsonl":
        for ev in events:
            yield canonical_json(as_dict(ev)) + "\n"
        return
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for ev in events:
        writer.writerow([getattr(ev, c) for c in EXPORT_COLUMNS])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
