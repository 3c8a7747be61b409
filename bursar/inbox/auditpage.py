"""Audit search and export for auditors (and controllers, admins): filter the trail by
actor, action, subject and time, page through it, and export the same selection as CSV or
JSON lines. Read-only; the export keeps ``data`` as its canonical (hashed) text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlmodel import Session, col, func, select

from bursar import audit
from bursar.db import session_scope
from bursar.inbox.actions import Refused
from bursar.inbox.users import Person
from bursar.inbox.web import render, require_person
from bursar.records import AuditEvent

router = APIRouter(dependencies=[Depends(require_person)], include_in_schema=False)
AUDIT_ROLES = ("auditor", "controller", "admin")
PER_PAGE = 50
COLUMNS = ("seq", "at", "actor", "action", "subject", "data", "prev_hash", "hash")


@dataclass(frozen=True)
class AuditQuery:
    actor: str = ""
    action: str = ""
    subject: str = ""
    since: str = ""  # ISO date or time, UTC
    until: str = ""
    text: str = ""  # anywhere in the data

    def params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def _where(q: AuditQuery) -> list[Any]:
    conds: list[Any] = []
    if q.actor:
        conds.append(AuditEvent.actor == q.actor)
    if q.action:
        conds.append(col(AuditEvent.action).startswith(q.action))
    if q.subject:
        conds.append(
            (AuditEvent.subject == q.subject) | col(AuditEvent.subject).startswith(q.subject + "/")
        )
    if q.since:
        conds.append(col(AuditEvent.at) >= q.since)
    if q.until:
        # a bare date includes that whole day
        conds.append(col(AuditEvent.at) <= (q.until + "~" if len(q.until) == 10 else q.until))
    if q.text:
        conds.append(col(AuditEvent.data).contains(q.text))
    return conds


def search(session: Session, q: AuditQuery, page: int = 1) -> tuple[list[AuditEvent], int]:
    """Return one page of matching events (newest first) and how many match in all."""
    conds = _where(q)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conds)).one()
    rows = session.exec(
        select(AuditEvent)
        .where(*conds)
        .order_by(col(AuditEvent.seq).desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return list(rows), int(total)


def export_rows(q: AuditQuery, fmt: str) -> Iterator[str]:
    """Yield the matching events, oldest first, as CSV rows or JSON lines."""
    with session_scope(write=False) as session:
        stmt = select(AuditEvent).where(*_where(q)).order_by(col(AuditEvent.seq))
        events = list(session.exec(stmt).all())
    if fmt == "jsonl":
        for ev in events:
            yield json.dumps(audit.as_dict(ev), ensure_ascii=False, sort_keys=True) + "\n"
        return
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for ev in events:
        writer.writerow([getattr(ev, c) for c in COLUMNS])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def _need(me: Person) -> None:
    if me.role not in AUDIT_ROLES:
        raise Refused(f"your role ({me.role}) cannot search the audit trail")


def _query(actor: str, action: str, subject: str, since: str, until: str, text: str) -> AuditQuery:
    return AuditQuery(*(v.strip()[:200] for v in (actor, action, subject, since, until, text)))


def _q() -> Any:
    return Query("", max_length=200)  # one per parameter: FastAPI keeps state on each


@router.get("/audit")
def audit_page(
    request: Request,
    actor: str = _q(),
    action: str = _q(),
    subject: str = _q(),
    since: str = _q(),
    until: str = _q(),
    text: str = _q(),
    page: int = Query(1, ge=1, le=1000000),
    me: Person = Depends(require_person),
) -> Response:
    _need(me)
    q = _query(actor, action, subject, since, until, text)
    with session_scope(write=False) as session:
        events, total = search(session, q, page)
    pages = max(1, -(-total // PER_PAGE))
    ctx = {
        "q": q, "events": events, "total": total, "page": page, "pages": pages,
        "first": (page - 1) * PER_PAGE + 1 if events else 0,
        "last": (page - 1) * PER_PAGE + len(events),
        "qs": urlencode(q.params()),
        "page_url": lambda n: "/audit?" + urlencode({**q.params(), "page": n}),
    }  # fmt: skip
    return render(request, "audit.html", ctx)


@router.get("/audit/export.{fmt}")
def audit_export(
    fmt: str,
    actor: str = _q(),
    action: str = _q(),
    subject: str = _q(),
    since: str = _q(),
    until: str = _q(),
    text: str = _q(),
    me: Person = Depends(require_person),
) -> Response:
    _need(me)
    if fmt not in ("csv", "jsonl"):
        raise Refused("export as csv or jsonl")
    q = _query(actor, action, subject, since, until, text)
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return StreamingResponse(
        export_rows(q, fmt),
        media_type=f"{media}; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="bursar-audit.{fmt}"',
            "Cache-Control": "no-store",
        },
    )
