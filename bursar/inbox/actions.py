"""Decisions people take in the inbox, with the controls enforced here, on the server.

* Segregation of duties: whoever corrected a document cannot approve it.
* Approval limits: the item amount must not exceed the approver's limit, in the limit's
  currency when ``base_currency`` is set (``bursar.fx``; no configured rate, no approval).
* Overrides: approving over a blocking finding needs a comment; rejecting always does.
* A vendor bank-detail mismatch cannot be approved away; it needs the two-person bank
  change in ``bursar.inbox.corrections``.
* Auditors are read-only. Every action appends an audit event with before/after.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from bursar import audit
from bursar.errors import BursarError, InputError
from bursar.fx import InLimitCurrency, NoRate, in_limit_currency
from bursar.inbox.detail import item_for, latest_extraction
from bursar.inbox.queries import OPEN, findings_for, latest_decisions
from bursar.inbox.users import Person, active_user
from bursar.records import Correction, Document, Finding, InboxItem
from bursar.types import utcnow

MIN_COMMENT = 3


class Refused(BursarError):
    """The user may not do this (role, limit, segregation of duties). HTTP 403."""

    code = "refused"
    status = 403


class Conflict(BursarError):
    """The item is not in a state that allows this (already decided). HTTP 409."""

    code = "conflict"
    status = 409


class NotFound(InputError):
    code = "not_found"
    status = 404


@dataclass(frozen=True)
class Outcome:
    item: int
    document: int
    status: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def snapshot(item: InboxItem) -> dict[str, Any]:
    """Return the fields of an item that actions change, for before/after in the audit."""
    return {
        "status": item.status,
        "assigned_to": item.assigned_to,
        "decided_by": item.decided_by,
        "comment": item.comment,
    }


def load_item(session: Session, item_id: int, *, lock: bool = False) -> InboxItem:
    stmt = select(InboxItem).where(InboxItem.id == item_id)
    item = session.exec(stmt.with_for_update() if lock else stmt).first()
    if item is None:
        raise NotFound(f"no inbox item {item_id}")
    return item


def blocking_findings(session: Session, document_id: int) -> list[Finding]:
    """Return the blocking findings of the document's newest decision."""
    dec = latest_decisions(session, [document_id]).get(document_id)
    if dec is None or dec.id is None:
        return []
    return [f for f in findings_for(session, [dec.id]).get(dec.id, []) if f.severity == "block"]


def correctors(session: Session, document_id: int) -> set[str]:
    """Return who corrected the document."""
    stmt = select(Correction.actor).where(Correction.document_id == document_id)
    return set(session.exec(stmt).all())


def _need(person: Person, permission: str, verb: str) -> None:
    if not person.can(permission):
        raise Refused(f"your role ({person.role}) cannot {verb}")


def _need_open(item: InboxItem) -> None:
    if item.status not in OPEN:
        by = f" by {item.decided_by}" if item.decided_by else ""
        raise Conflict(f"item {item.id} is already {item.status}{by}")


def _comment(comment: str | None, why: str) -> str:
    text = " ".join((comment or "").split())
    if len(text) < MIN_COMMENT:
        raise InputError(f"a comment is required {why}", code="comment_required")
    return text[:2000]


def check_approval(
    session: Session, item: InboxItem, person: Person, comment: str | None
) -> tuple[str | None, InLimitCurrency | None]:
    """Raise when ``person`` may not approve ``item``; return the comment to record and
    how the amount compared with the approver's limit (None: no limit, nothing compared)."""
    _need(person, "approve", "approve")
    _need_open(item)
    if person.name in correctors(session, item.document_id):
        raise Refused(
            "you corrected this document, so another person must approve it (segregation of duties)"
        )
    if latest_extraction(session, item.document_id) is None:
        raise Refused("nothing was extracted from this document; reject it or re-ingest it")
    compared = None
    if person.limit is not None:
        compared = against_limit(session, item)
        if compared.value > person.limit:
            limit = f"{person.limit} {compared.base or ''}".strip()
            raise Refused(f"{compared.describe()} is over your approval limit of {limit}")
    blocks = blocking_findings(session, item.document_id)
    if any(f.rule == "vendor_bank_mismatch" for f in blocks):
        raise Refused(
            "the bank details differ from the vendor master: a second person must confirm "
            "the bank-detail change first, or reject the invoice"
        )
    if blocks:
        rules = ", ".join(sorted({f.rule for f in blocks}))
        return _comment(comment, f"to override blocking findings ({rules})"), compared
    return " ".join((comment or "").split()) or None, compared


def against_limit(session: Session, item: InboxItem) -> InLimitCurrency:
    """Return the item's amount as compared with approval limits; refuse when it cannot be.

    Limits are in ``base_currency`` when one is set (``bursar.fx``); a document in another
    currency needs a configured rate, and an unknown amount or currency is never guessed.
    """
    from bursar.config import get_settings

    doc = session.get(Document, item.document_id)
    amount = item.amount if item.amount is not None else (doc.total if doc else None)
    if amount is None:
        raise Refused("the amount is unknown; correct the total before approving")
    currency = item.currency or (doc.currency if doc else None)
    settings = get_settings()
    try:
        return in_limit_currency(amount, currency, settings.base_currency, settings.fx_rates)
    except NoRate as exc:
        raise Refused(
            f"{exc}: a person without an approval limit must approve it, "
            "or an administrator adds the rate"
        ) from exc


def _decide(
    session: Session,
    item: InboxItem,
    person: Person,
    status: str,
    comment: str | None,
    compared: InLimitCurrency | None = None,
) -> Outcome:
    before = snapshot(item)
    now = utcnow()
    item.status, item.decided_at, item.decided_by, item.comment = status, now, person.name, comment
    if item.first_opened_at is None:
        item.first_opened_at = now
    doc = session.get(Document, item.document_id)
    doc_before = doc.status if doc else None
    if doc is not None:
        doc.status = status
        session.add(doc)
    session.add(item)
    overridden = sorted({f.rule for f in blocking_findings(session, item.document_id)})
    audit.append(
        session,
        person.name,
        f"inbox.{status}",
        f"inbox/{item.id}",
        {
            "document": item.document_id,
            "before": {**before, "document_status": doc_before},
            "after": {**snapshot(item), "document_status": status},
            "overridden": overridden if status == "approved" else [],
            "amount": None if item.amount is None else str(item.amount),
            "limit": None if person.limit is None else str(person.limit),
            **(compared.to_json() if compared else {}),  # currency and rate of the limit
        },
    )
    return Outcome(item.id or 0, item.document_id, status, f"{status} by {person.name}")


def approve(session: Session, item_id: int, person: Person, comment: str | None) -> Outcome:
    item = load_item(session, item_id, lock=True)
    text, compared = check_approval(session, item, person, comment)
    return _decide(session, item, person, "approved", text, compared)


def reject(session: Session, item_id: int, person: Person, comment: str | None) -> Outcome:
    item = load_item(session, item_id, lock=True)
    _need(person, "reject", "reject")
    _need_open(item)
    return _decide(session, item, person, "rejected", _comment(comment, "to reject"))


def hold(
    session: Session, item_id: int, person: Person, comment: str | None, *, release: bool = False
) -> Outcome:
    """Put an open item on hold, or release a held one back to open."""
    item = load_item(session, item_id, lock=True)
    _need(person, "hold", "hold items")
    _need_open(item)
    before = snapshot(item)
    item.status = "open" if release else "hold"
    item.comment = " ".join((comment or "").split())[:2000] or item.comment
    session.add(item)
    action = "inbox.released" if release else "inbox.held"
    audit.append(
        session, person.name, action, f"inbox/{item.id}",
        {"document": item.document_id, "before": before, "after": snapshot(item)},
    )  # fmt: skip
    return Outcome(
        item.id or 0, item.document_id, item.status, f"{action.split('.')[1]} by {person.name}"
    )


def assign(session: Session, item_id: int, person: Person, assignee: str | None) -> Outcome:
    item = load_item(session, item_id, lock=True)
    _need(person, "assign", "assign items")
    _need_open(item)
    target = (assignee or "").strip() or None
    if target is not None:
        user = active_user(session, target)
        if user is None or user.role == "auditor":
            raise InputError(f"cannot assign to {target!r}: not an active user who can act")
    before = snapshot(item)
    item.assigned_to = target
    session.add(item)
    audit.append(
        session, person.name, "inbox.assigned", f"inbox/{item.id}",
        {"document": item.document_id, "before": before, "after": snapshot(item)},
    )  # fmt: skip
    return Outcome(item.id or 0, item.document_id, item.status, f"assigned to {target or 'nobody'}")


def mark_opened(session: Session, item: InboxItem, person: Person) -> None:
    """Start the human-time clock the first time someone who can act opens the item."""
    if item.first_opened_at is not None or person.read_only or item.status not in OPEN:
        return
    item.first_opened_at = utcnow()
    session.add(item)
    audit.append(
        session, person.name, "inbox.opened", f"inbox/{item.id}", {"document": item.document_id}
    )


def bulk_items(session: Session, ids: list[int], reason: str) -> list[int]:
    """Return ``ids`` after checking each exists and has ``reason``; raise otherwise."""
    if not ids:
        raise InputError("select at least one item")
    rows = session.exec(select(InboxItem).where(col(InboxItem.id).in_(ids))).all()
    found = {r.id: r for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no inbox items {missing}")
    other = [i for i in ids if found[i].reason != reason]
    if other:
        raise InputError(
            f"bulk approval is for items of one reason ({reason}); items {other} differ"
        )
    return list(dict.fromkeys(ids))


def item_of_document(session: Session, document_id: int) -> InboxItem:
    item = item_for(session, document_id)
    if item is None:
        raise NotFound(f"document {document_id} has no inbox item")
    return item


def amount_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"
