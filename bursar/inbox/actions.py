"""Decisions people take in the inbox, with the controls enforced here, on the server.

* Segregation of duties: whoever corrected a document cannot approve it.
* Approval limits compare with the larger of the amount as first extracted, the amount
  after corrections and the PO value (``bursar.inbox.authority``), in the limit's currency
  when ``base_currency`` is set (``bursar.fx``; no configured rate, no approval).
* Overrides: approving over a blocking finding takes what the rule pack's ``overrides``
  policy says for each rule code (role, reason code, comment, second person); the audit
  event records the authority used. Rejecting always needs a comment.
* Holds and assignments: an assigned item is decided or re-assigned only by its assignee or
  a controller, whoever put it on hold (a hold stops a payment; it never takes the item
  over); an unassigned item on hold only by its holder or a controller.
* A vendor bank-detail mismatch cannot be approved away; it needs the two-person bank
  change in ``bursar.inbox.corrections``.
* Auditors are read-only. Every action appends an audit event with before/after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from bursar import audit
from bursar.errors import BursarError, InputError
from bursar.fx import InLimitCurrency, NoRate, in_limit_currency
from bursar.inbox import authority
from bursar.inbox.detail import item_for, latest_extraction
from bursar.inbox.queries import OPEN, findings_for, latest_decisions
from bursar.inbox.users import Person, active_user
from bursar.records import Correction, Document, Finding, InboxItem
from bursar.types import utcnow
from rules.overrides import rank

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
        "held_by": item.held_by,
        "signoff_by": item.signoff_by,
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


need_open = _need_open


def _comment(comment: str | None, why: str, minimum: int = MIN_COMMENT) -> str:
    text = " ".join((comment or "").split())
    if len(text) < minimum:
        need = f"of at least {minimum} characters " if minimum > MIN_COMMENT else ""
        raise InputError(f"a comment {need}is required {why}", code="comment_required")
    return text[:2000]


def _senior(person: Person) -> bool:
    return rank(person.role) >= rank("controller")


def _may_handle(item: InboxItem, person: Person, verb: str, also: str | None = None) -> None:
    """Refuse unless ``person`` may act on a held or assigned item.

    An assigned item is decided or re-assigned only by its assignee or a controller; a hold
    grants nothing over it (anyone may stop a payment, but that does not make it theirs).
    The holder may still release their own hold, which leaves the assignment as it was. An
    unassigned item on hold is the holder's or a controller's. ``also``: the delegator a
    delegate acts for (issue 26), whose items the delegate may handle.
    """
    if _senior(person) or item.assigned_to in (person.name, also or person.name):
        return
    if item.assigned_to:
        if verb == "release" and person.name == item.held_by:
            return
        raise Refused(
            f"item {item.id} is assigned to {item.assigned_to}: only they or a controller "
            f"may {verb} it"
        )
    if item.status == "hold" and item.held_by not in (person.name, also or person.name):
        who = f" by {item.held_by}" if item.held_by else ""
        raise Refused(
            f"item {item.id} is on hold{who}: only the holder or a controller may {verb} it"
        )


@dataclass(frozen=True)
class Approval:
    """What an approval may record: the comment, the limit comparison, the authority used."""

    comment: str | None
    compared: InLimitCurrency | None
    authority: dict[str, Any]
    signoff_only: bool = False  # a first sign-off of a two-person override


def check_basics(
    session: Session, item: InboxItem, person: Person, on_behalf_of: str | None = None
) -> None:
    """Raise unless ``person`` (acting for ``on_behalf_of``, a delegator) may approve at all:
    role, state, hold and assignment, segregation of duties, something extracted, no bank
    mismatch. What every chain step checks; the last step checks limits and overrides too."""
    _need(person, "approve", "approve")
    _need_open(item)
    _may_handle(item, person, "approve", also=on_behalf_of)
    fixed = correctors(session, item.document_id)
    if person.name in fixed:
        raise Refused(
            "you corrected this document, so another person must approve it (segregation of duties)"
        )
    if on_behalf_of in fixed:
        raise Refused(
            f"{on_behalf_of} corrected this document, so nobody may approve it for them "
            "(segregation of duties)"
        )
    if latest_extraction(session, item.document_id) is None:
        raise Refused("nothing was extracted from this document; reject it or re-ingest it")
    if any(f.rule == "vendor_bank_mismatch" for f in blocking_findings(session, item.document_id)):
        raise Refused(
            "the bank details differ from the vendor master: a second person must confirm "
            "the bank-detail change first, or reject the invoice"
        )


def check_approval(
    session: Session,
    item: InboxItem,
    person: Person,
    comment: str | None,
    reason_code: str | None = None,
    reason_codes: dict[str, str] | None = None,
    *,
    on_behalf_of: str | None = None,
) -> Approval:
    """Raise when ``person`` may not approve ``item``; return what the approval records.

    ``person`` carries the authority used (a delegate: the delegator's role and limit under
    the delegate's name); ``on_behalf_of`` names that delegator."""
    check_basics(session, item, person, on_behalf_of)
    compared = None
    if person.limit is not None:
        compared, basis = against_limit(session, item)
        if compared.value > person.limit:
            limit = f"{person.limit} {compared.base or ''}".strip()
            raise Refused(f"{basis}{compared.describe()} is over your approval limit of {limit}")
    blocks = blocking_findings(session, item.document_id)
    if not blocks:
        text = " ".join((comment or "").split()) or None
        return Approval(text, compared, {"role": person.role, "overrides": {}})
    return _override(session, item, person, [f.rule for f in blocks], comment,
                     reason_code, reason_codes, compared)  # fmt: skip


def _override(
    session: Session,
    item: InboxItem,
    person: Person,
    rules: list[str],
    comment: str | None,
    reason_code: str | None,
    reason_codes: dict[str, str] | None,
    compared: InLimitCurrency | None,
) -> Approval:
    """Apply the rule pack's override policy for ``rules``; return the approval or sign-off."""
    need = authority.needed(rules)
    names = ", ".join(need.rules)
    text = _comment(comment, f"to override blocking findings ({names})",
                    max(MIN_COMMENT, need.min_comment))  # fmt: skip
    codes = authority.reason_codes_for(need, reason_code, reason_codes)
    used: dict[str, Any] = {
        "role": person.role,
        "required_role": need.role,
        "reason_codes": codes,
        "second_person": need.second_person,
        "policy": {r: p.to_json() for r, p in need.rules.items()},
        "rule_pack": authority.current_pack().sha256[:12],
    }
    senior = rank(person.role) >= rank(need.role)
    if not need.second_person:
        if not senior:
            raise Refused(f"overriding {names} needs a {need.role} (you are {person.role})")
        return Approval(text, compared, used)
    if item.signoff_by is None or _signed_rules(session, item) != set(need.rules):
        # no sign-off yet, or one given on other findings (the rules ran again since)
        return Approval(text, compared, used, signoff_only=True)
    if item.signoff_by == person.name:
        raise Refused(
            f"you signed off item {item.id} already: a second person must approve it ({names})"
        )
    first_role = authority.role_of(session, item.signoff_by) or ""
    if not senior and rank(first_role) < rank(need.role):
        raise Refused(f"overriding {names} needs a {need.role} as one of the two people")
    at = item.signoff_at.isoformat() if item.signoff_at else None
    used["first_signoff"] = {"by": item.signoff_by, "role": first_role, "at": at}
    return Approval(text, compared, used)


def _signed_rules(session: Session, item: InboxItem) -> set[str]:
    """Return the blocking rule codes the item's first sign-off was given for."""
    signed = [
        e for e in audit.events_for(session, f"inbox/{item.id}") if e.action == "inbox.signed_off"
    ]
    if not signed:
        return set()
    return set((json.loads(signed[-1].data).get("authority") or {}).get("policy") or {})


def against_limit(session: Session, item: InboxItem) -> tuple[InLimitCurrency, str]:
    """Return the amount compared with approval limits and a phrase saying which it is;
    refuse when it cannot be compared.

    The amount is the largest the document ever stood at (``authority.limit_amount``).
    Limits are in ``base_currency`` when one is set (``bursar.fx``); a document in another
    currency needs a configured rate, and an unknown amount or currency is never guessed.
    When a person corrected the currency, the amount is converted at the rate of the
    currency as first extracted too, and the larger counts: a currency correction never
    brings an invoice under a limit.
    """
    from bursar.config import get_settings

    found = authority.limit_amount(session, item)
    if found is None:
        raise Refused("the amount is unknown; correct the total before approving")
    settings = get_settings()
    try:
        compared = max(
            (
                in_limit_currency(found.value, code, settings.base_currency, settings.fx_rates)
                for code in found.currencies
            ),
            key=lambda c: c.value,
        )
    except NoRate as exc:
        raise Refused(
            f"{exc}: a person without an approval limit must approve it, "
            "or an administrator adds the rate"
        ) from exc
    notes = []
    if len(set(found.amounts.values())) > 1:
        amount = f"{found.value:,.2f} {found.currency or ''}".strip()
        notes.append(f"the larger amount, {amount} {found.basis}")
    if len(found.currencies) > 1:
        notes.append(f"the larger of its value in {' and '.join(map(str, found.currencies))}")
    if not notes:
        return compared, ""
    history = "; ".join(authority.amount_corrections(session, item.document_id))
    return compared, (
        f"limits compare with {' and '.join(notes)}{' (' + history + ')' if history else ''}: "
    )


def _decide(
    session: Session,
    item: InboxItem,
    person: Person,
    status: str,
    comment: str | None,
    approval: Approval | None = None,
    extra: dict[str, Any] | None = None,
) -> Outcome:
    before = snapshot(item)
    now = utcnow()
    item.status, item.decided_at, item.decided_by, item.comment = status, now, person.name, comment
    doc = session.get(Document, item.document_id)
    doc_before = doc.status if doc else None
    if doc is not None:
        doc.status = status
        session.add(doc)
    session.add(item)
    overridden = sorted({f.rule for f in blocking_findings(session, item.document_id)})
    compared = approval.compared if approval else None
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
            "authority": approval.authority if approval else {"role": person.role},
            "amount": None if item.amount is None else str(item.amount),
            "limit": None if person.limit is None else str(person.limit),
            "human_seconds": _human_seconds(item, now),
            **(compared.to_json() if compared else {}),  # currency and rate of the limit
            **(extra or {}),  # issue 26: on_behalf_of (a delegator), the chain step
        },
    )
    audit.checkpoint_on_commit(session, "inbox")  # issue 11: a signed head after each decision
    return Outcome(item.id or 0, item.document_id, status, f"{status} by {person.name}")


decide = _decide


def _human_seconds(item: InboxItem, now: Any) -> float | None:
    if item.first_opened_at is None:
        return None
    return round((now - item.first_opened_at).total_seconds(), 1)


def _sign_off(session: Session, item: InboxItem, person: Person, approval: Approval) -> Outcome:
    before = snapshot(item)
    item.signoff_by, item.signoff_at = person.name, utcnow()
    session.add(item)
    audit.append(
        session, person.name, "inbox.signed_off", f"inbox/{item.id}",
        {"document": item.document_id, "before": before, "after": snapshot(item),
         "comment": approval.comment, "authority": approval.authority},
    )  # fmt: skip
    return Outcome(
        item.id or 0, item.document_id, item.status,
        f"first sign-off by {person.name}; a second person must approve",
    )  # fmt: skip


sign_off = _sign_off


def approve(
    session: Session,
    item_id: int,
    person: Person,
    comment: str | None,
    reason_code: str | None = None,
    reason_codes: dict[str, str] | None = None,
) -> Outcome:
    """Approve ``item_id`` or the current step of its approval chain; every path (form,
    API, bulk, CLI) comes here, and ``bursar.inbox.chain`` enforces the rest."""
    from bursar.inbox import chain  # it builds on this module's checks

    item = load_item(session, item_id, lock=True)
    return chain.approve(session, item, person, comment, reason_code, reason_codes)


def reject(session: Session, item_id: int, person: Person, comment: str | None, *_: Any) -> Outcome:
    item = load_item(session, item_id, lock=True)
    _need(person, "reject", "reject")
    _need_open(item)
    _may_handle(item, person, "reject")
    return _decide(session, item, person, "rejected", _comment(comment, "to reject"))


def hold(
    session: Session,
    item_id: int,
    person: Person,
    comment: str | None,
    *_: Any,
    release: bool = False,
) -> Outcome:
    """Put an open item on hold, or release a held one back to open."""
    item = load_item(session, item_id, lock=True)
    _need(person, "hold", "hold items")
    _need_open(item)
    if release:
        if item.status != "hold":
            raise Conflict(f"item {item.id} is not on hold")
        _may_handle(item, person, "release")
    elif item.status == "hold":  # anyone who may hold can stop a payment; releasing is narrow
        raise Conflict(f"item {item.id} is already on hold by {item.held_by or 'someone'}")
    before = snapshot(item)
    item.status = "open" if release else "hold"
    item.held_by = None if release else person.name
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
    _may_handle(item, person, "re-assign")
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
    """Start the human-time clock the first time someone who can act opens the item
    (the document page or ``GET /api/documents/N``)."""
    if item.first_opened_at is not None or person.read_only or item.status not in OPEN:
        return
    item.first_opened_at = utcnow()
    session.add(item)
    audit.append(
        session, person.name, "inbox.opened", f"inbox/{item.id}", {"document": item.document_id}
    )


def item_of_document(session: Session, document_id: int) -> InboxItem:
    item = item_for(session, document_id)
    if item is None:
        raise NotFound(f"document {document_id} has no inbox item")
    return item


def amount_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"
