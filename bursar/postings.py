"""Approved and not yet posted; posted under this reference; sent back: one place for all.

Every bot that enters approved documents into a downstream system (the ERP through its
web UI, the desktop program) asks here what is waiting (``unposted``) and tells here
what it did (``record_posted``, ``route_back``). A posting is written once per document
and target: recording it again with the same reference changes nothing (a bot that
crashed after the downstream Save finds its posting there and records it on the next
run); recording another reference is refused, because it means the document was
entered twice. Each change is an audit event with before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from bursar import audit
from bursar.errors import BusinessError
from bursar.records import Decision, Document, Extraction, InboxItem, Posting

# The audit action each target's posting has always been recorded under (outside tools
# read the trail by these names).
ACTIONS = {"erp": "bots.erp_posted", "desktop": "bots.desktop_entered"}


@dataclass(frozen=True)
class Approved:
    """An approved invoice with its latest decision and extracted fields."""

    doc: Document
    decision: Decision | None
    result: dict[str, Any]

    def field(self, name: str) -> Any:
        """Return an extracted field's value (None when absent)."""
        return field_value(self.result, name)


def field_value(result: dict[str, Any] | None, name: str) -> Any:
    """Return the value of field ``name`` of a contract-4.1 extraction, or None."""
    found = ((result or {}).get("fields") or {}).get(name) or {}
    return found.get("value") if isinstance(found, dict) else None


def unposted(session: Session, target: str) -> Iterator[Approved]:
    """Yield every approved invoice not yet posted to ``target``, oldest first, with its
    latest decision and extraction."""
    done = select(Posting.document_id).where(Posting.target == target)
    docs = session.exec(
        select(Document)
        .where(Document.status == "approved", Document.kind == "invoice")
        .where(col(Document.id).not_in(done))
        .order_by(col(Document.id))
    ).all()
    for doc in docs:
        decision = session.exec(
            select(Decision).where(Decision.document_id == doc.id).order_by(col(Decision.id).desc())
        ).first()
        ext = session.exec(
            select(Extraction)
            .where(Extraction.document_id == doc.id)
            .order_by(col(Extraction.id).desc())
        ).first()
        yield Approved(doc, decision, ext.result if ext else {})


def posted(session: Session, target: str) -> dict[int, str]:
    """Return document id -> reference of every document posted to ``target``."""
    rows = session.exec(
        select(Posting.document_id, Posting.reference).where(Posting.target == target)
    )
    return {int(d): r for d, r in rows.all()}


def record_posted(
    session: Session,
    document_id: int,
    target: str,
    reference: str,
    *,
    actor: str,
    decision_id: int | None = None,
    found_existing: bool = False,
    details: dict[str, Any] | None = None,
) -> Posting:
    """Record that a document is in ``target`` under ``reference`` (idempotent, audited).

    Raises ``BusinessError`` (``posted_twice``) when the document is already posted there
    under another reference: a person must look at both entries.
    """
    reference = str(reference).strip()
    if not reference:
        raise BusinessError(f"document {document_id}: no {target} reference to record")
    existing = session.exec(
        select(Posting).where(Posting.document_id == document_id, Posting.target == target)
    ).first()
    if existing is not None:
        if existing.reference == reference:
            return existing
        raise BusinessError(
            f"document {document_id} is already posted to {target} as {existing.reference}; "
            f"{reference} would post it twice: check both entries in {target}",
            code="posted_twice",
        )
    row = Posting(
        document_id=document_id,
        target=target,
        reference=reference,
        decision_id=decision_id,
        found_existing=found_existing,
        posted_by=actor,
    )
    session.add(row)
    session.flush()
    subject = f"decision/{decision_id}" if decision_id else f"document/{document_id}"
    audit.append(
        session,
        actor,
        ACTIONS.get(target, "posting.recorded"),
        subject,
        {
            **(details or {}),
            "document": document_id,
            "target": target,
            "reference": reference,
            "found_existing": found_existing,
            "before": {"posted": None},
            "after": {"posted": reference},
        },
    )
    return row


def route_back(
    session: Session,
    document_id: int,
    target: str,
    message: str,
    *,
    actor: str,
    details: dict[str, Any] | None = None,
) -> InboxItem:
    """Send an approved document back to the approval inbox with the target's message."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise BusinessError(f"no document {document_id} to send back", code="not_found")
    inbox = session.exec(select(InboxItem).where(InboxItem.document_id == document_id)).first()
    before = {"document_status": doc.status, "inbox": inbox.status if inbox else None}
    if inbox is None:
        inbox = InboxItem(
            document_id=document_id,
            vendor_id=doc.vendor_id,
            amount=doc.total,
            currency=doc.currency,
        )
    inbox.status, inbox.reason = "open", f"{target}_rejected"
    inbox.comment = f"{target.upper() if len(target) <= 3 else target.capitalize()}: {message}"
    inbox.decided_at = inbox.decided_by = None
    doc.status = "exception"
    session.add(inbox)
    session.add(doc)
    session.flush()
    audit.append(
        session,
        actor,
        f"bots.{target}_rejected",
        f"document/{document_id}",
        {
            **(details or {}),
            "inbox_item": inbox.id,
            "message": message,
            "before": before,
            "after": {"document_status": "exception", "inbox": "open"},
        },
    )
    return inbox
