"""JSON API under ``/api/``: the same operations and permissions as the pages.

Errors are ``{"error": {"code", "message"}}`` with 401 (not signed in), 403 (refused:
role, limit, segregation of duties, CSRF), 404, 409 (already decided) or 422 (bad input).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from bursar import audit
from bursar.db import session_scope
from bursar.inbox import actions, authority, bulk, chain, corrections, metrics, refusals
from bursar.inbox.auditpage import AUDIT_ROLES
from bursar.inbox.detail import DocumentView, document_view
from bursar.inbox.queries import SORTS, ListQuery, inbox
from bursar.inbox.users import Person, parse_limit
from bursar.inbox.web import require_person

router = APIRouter(prefix="/api", dependencies=[Depends(require_person)], tags=["inbox"])
MAX_ID = 2**62  # ids beyond what the databases store are plain 422s, not overflows
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
DocumentId = Annotated[int, Path(ge=1, le=MAX_ID)]
VendorId = Annotated[str, Path(min_length=1, max_length=64)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Refused (role, limit, segregation of duties, CSRF)"},
    404: {"description": "Not found"},
    409: {"description": "Item already decided"},
    422: {"description": "Bad input"},
}


class Comment(BaseModel):
    comment: str | None = Field(default=None, max_length=2000)
    reason_code: str | None = Field(
        default=None, max_length=64, description="Override reason code (rule pack policy)"
    )
    reason_codes: dict[str, Annotated[str, Field(max_length=64)]] | None = Field(
        default=None, max_length=40, description="Reason code per rule code, when they differ"
    )


class Assignment(BaseModel):
    assignee: str | None = Field(
        default=None, max_length=64, description="User name; null unassigns"
    )


class CorrectionIn(BaseModel):
    field: str = Field(max_length=64, description="Header field name, or lines.N.attr")
    value: str = Field(max_length=500)
    reason: str | None = Field(
        default=None, max_length=500, description="Why; required for amounts and quantities"
    )


class VendorPick(BaseModel):
    vendor_id: str = Field(min_length=1, max_length=64)


class BulkIn(BaseModel):
    reason: str = Field(max_length=64)
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=1, max_length=500)
    comment: str | None = Field(default=None, max_length=2000)
    reason_code: str | None = Field(default=None, max_length=64)


@router.get("/me", responses=ERRORS)
def me(person: Person = Depends(require_person)) -> dict[str, Any]:
    """Return who is signed in, their role, permissions and approval limit."""
    from bursar.config import get_settings
    from bursar.inbox.users import PERMISSIONS

    return {
        "name": person.name,
        "role": person.role,
        "limit": None if person.limit is None else str(person.limit),
        "limit_currency": get_settings().base_currency,  # None: each document's own
        "permissions": sorted(PERMISSIONS[person.role]),
    }


@router.get("/items", responses=ERRORS)
def list_items(
    request: Request,
    status: str = Query("open", pattern="^(open|hold|decided|all)$"),
    reason: str | None = Query(None, max_length=64),
    vendor: str | None = Query(None, max_length=64),
    min_amount: str | None = Query(None, max_length=30),
    max_amount: str | None = Query(None, max_length=30),
    assigned: str | None = Query(None, max_length=64),
    sort: str = Query("-age", pattern="^(" + "|".join(s.replace("-", r"\-") for s in SORTS) + ")$"),
    limit: int = Query(200, ge=1, le=1000),
    page: int = Query(1, ge=1, le=100000),
    search: str | None = Query(None, max_length=200, description="Words in vendor, number, amount"),
    sla: str | None = Query(None, pattern="^(ok|due|overdue)$"),
    cursor: str | None = Query(None, max_length=1000, description="next_cursor / prev_cursor"),
) -> dict[str, Any]:
    """Return one page of inbox items (exceptions and rejections), how many match, and
    counts of open items per reason. Page on with ``cursor`` (``next_cursor`` of the page
    before); ``page`` numbers still work. ``total`` counts up to 10,000 matches; beyond that
    ``total_capped`` is true and ``total`` is a lower bound."""
    q = ListQuery(
        status=status, reason=reason, vendor=vendor, min_amount=parse_limit(min_amount),
        max_amount=parse_limit(max_amount), assigned=assigned, sort=sort, limit=limit, page=page,
        search=(search or "").strip() or None, sla=sla, cursor=cursor,
    )  # fmt: skip
    with session_scope(write=False) as session:
        listing = inbox(session, q, request.app.state.settings.sla_hours, vendors=False)
    return {
        "items": [r.to_json() for r in listing.rows],
        "total": listing.total,
        "page": q.page,
        "per_page": q.limit,
        "counts": listing.counts,
        "total_open": listing.total_open,
        "total_capped": listing.total_capped,
        "offset": listing.offset,
        "next_cursor": listing.next_cursor,
        "prev_cursor": listing.prev_cursor,
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _document_json(view: DocumentView) -> dict[str, Any]:
    doc, item = view.document, view.item
    return {
        "document": {
            "id": doc.id, "filename": doc.filename, "sha256": doc.sha256, "status": doc.status,
            "kind": doc.kind, "vendor_id": doc.vendor_id, "invoice_number": doc.invoice_number,
            "currency": doc.currency, "total": None if doc.total is None else str(doc.total),
        },
        "item": None if item is None else {
            "id": item.id, **actions.snapshot(item), "reason": item.reason,
            "amount": None if item.amount is None else str(item.amount),
        },
        "fields": [f.__dict__ for f in view.fields],
        "findings": [
            {"rule": f.rule, "severity": f.severity, "line": f.line, "expected": f.expected,
             "actual": f.actual, "message": f.message} for f in view.findings
        ],
        "lines": [
            {"line": ln.no, "invoice": ln.invoice, "received": _text(ln.received),
             "po": None if ln.po is None else {k: _text(v) for k, v in ln.po.items()},
             "differences": sorted(ln.diffs), "rules": ln.rules} for ln in view.lines
        ],
        "corrections": [
            {"field": c.field, "before": c.old_value, "after": c.new_value, "actor": c.actor,
             "at": c.at.isoformat() if c.at else None} for c in view.corrections
        ],
        "timeline": view.timeline,
    }  # fmt: skip


@router.get("/documents/{document_id}", responses=ERRORS)
def get_document(
    document_id: DocumentId, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Return a document with fields (boxes in % of the page), findings, matched lines, timeline.

    The first read by someone who can act starts the item's human-time clock."""
    with session_scope(write=not person.read_only) as session:
        view = document_view(session, document_id)
        out = _document_json(view)
        if view.item is not None:
            actions.mark_opened(session, view.item, person)
            compared = authority.limit_amount(session, view.item)
            out["limit_amount"] = None if compared is None else {
                "value": str(compared.value), "currency": compared.currency,
                "basis": compared.basis, "amounts": compared.amounts,
                "currencies": compared.currencies,  # the current one, and as first extracted
            }  # fmt: skip
        out["amount_corrections"] = authority.amount_corrections(session, document_id)
        if view.item is not None:  # issue 26: whose turn it is, and why
            out["chain"] = chain.state(session, view.item).to_json()
        return out


def _run(
    attempted: str, fn: Any, item_id: int, person: Person, *args: Any, **kw: Any
) -> dict[str, Any]:
    """Run one decision in its own transaction; a refusal is audited after it rolls back."""
    with refusals.audited(item_id, person, attempted, "api"), session_scope() as session:
        return fn(session, item_id, person, *args, **kw).to_json()


@router.post("/items/{item_id}/approve", responses=ERRORS)
def approve(
    item_id: ItemId, body: Comment, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Approve; overriding blocking findings takes what the rule pack's override policy says
    (role, ``reason_code``, comment length, a second person: the first of two approvals
    answers with status ``open``)."""
    return _run(
        "approve", actions.approve, item_id, person, body.comment, body.reason_code,
        body.reason_codes,
    )  # fmt: skip


@router.post("/items/{item_id}/reject", responses=ERRORS)
def reject(
    item_id: ItemId, body: Comment, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Reject (comment required)."""
    return _run("reject", actions.reject, item_id, person, body.comment)


@router.post("/items/{item_id}/hold", responses=ERRORS)
def hold(
    item_id: ItemId, body: Comment, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Put an open item on hold."""
    return _run("hold", actions.hold, item_id, person, body.comment)


@router.post("/items/{item_id}/release", responses=ERRORS)
def release(
    item_id: ItemId, body: Comment, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Release a held item back to open."""
    return _run("release", actions.hold, item_id, person, body.comment, release=True)


@router.post("/items/{item_id}/assign", responses=ERRORS)
def assign(
    item_id: ItemId, body: Assignment, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Assign the item to a user (or unassign with null)."""
    return _run("assign", actions.assign, item_id, person, body.assignee)


@router.post("/items/bulk-approve", responses=ERRORS)
def bulk_approve(body: BulkIn, person: Person = Depends(require_person)) -> dict[str, Any]:
    """Approve the items whose blocking findings are all ``reason``; each is checked on its
    own. Items with any other blocking finding are ``skipped`` with why."""
    return bulk.bulk_approve(body.ids, body.reason, body.comment or "", person, body.reason_code)


@router.post("/documents/{document_id}/corrections", responses=ERRORS)
def correct(
    document_id: DocumentId, body: CorrectionIn, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Correct one field (header name or ``lines.N.attr``); the rules run again in the same
    transaction. Amounts and quantities need a ``reason``."""
    return corrections.correct_and_redecide(
        document_id, person, body.field, body.value, body.reason
    )


@router.post("/documents/{document_id}/vendor", responses=ERRORS)
def pick_vendor(
    document_id: DocumentId, body: VendorPick, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Name a master-data vendor as the document's vendor; the rules run again."""
    return corrections.correct_and_redecide(document_id, person, "", "", vendor=body.vendor_id)


@router.post("/documents/{document_id}/bank-change", responses=ERRORS)
def propose_bank_change(
    document_id: DocumentId, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Propose the IBAN printed on the document as the vendor's new bank account."""
    with session_scope() as session:
        return corrections.propose_bank_change(session, document_id, person)


@router.post("/vendors/{vendor_id}/bank-change/confirm", responses=ERRORS)
def confirm_bank_change(
    vendor_id: VendorId, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Confirm a pending bank-detail change (a different person from the proposer)."""
    with session_scope() as session:
        out = corrections.confirm_bank_change(session, vendor_id, person)
    if out.get("document"):
        corrections.pipeline_redecide(int(out["document"]), person.name)
    return out


@router.get("/dashboard", responses=ERRORS)
def dashboard(request: Request) -> dict[str, Any]:
    """Return touchless rate, exceptions by reason, throughput per day, queue age, human time."""
    with session_scope(write=False) as session:
        return metrics.dashboard(session, request.app.state.settings.sla_hours).to_json()


@router.get("/audit/{kind}/{key}", responses=ERRORS)
def audit_subject(
    kind: Annotated[str, Path(pattern="^(document|inbox|user|vendor)$")],
    key: Annotated[str, Path(min_length=1, max_length=64)],
    person: Person = Depends(require_person),
) -> list[dict[str, Any]]:
    """Return the audit events of one subject, e.g. ``/api/audit/document/17``.

    A user's events (sign-ins with addresses, MFA, failed attempts) are for that user and
    for the roles that search the whole trail (``AUDIT_ROLES``) only."""
    if kind == "user" and key != person.name and person.role not in AUDIT_ROLES:
        raise actions.Refused(f"your role ({person.role}) may read only your own user events")
    with session_scope(write=False) as session:
        return _events(session, f"{kind}/{key}")


def _events(session: Session, subject: str) -> list[dict[str, Any]]:
    return [audit.as_dict(e) for e in audit.events_for(session, subject)]
