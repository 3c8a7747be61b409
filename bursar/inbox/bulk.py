"""Bulk approval: one reason, many items, each checked on its own in its own transaction.

Only items whose blocking findings are all the selected reason are approved, and never one
whose override needs two people; every other item is listed as skipped, with why. An item
whose approval chain has steps left after this one is listed as advanced (issue 26). An item
whose approval is refused is listed as refused, and the refusal is audited.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bursar import audit
from bursar.errors import BursarError, InputError
from bursar.inbox import authority, refusals
from bursar.inbox.actions import approve, blocking_findings, load_item
from bursar.inbox.queries import OPEN
from bursar.inbox.users import Person
from bursar.records import InboxItem


def bulk_skip_reason(session: Session, item: InboxItem, reason: str) -> str | None:
    """Return why a bulk approval of ``reason`` must leave ``item`` alone, or None."""
    rules = sorted({f.rule for f in blocking_findings(session, item.document_id)})
    if item.status not in OPEN:
        return f"already {item.status}"
    if reason not in rules and item.reason != reason:
        return f"not a {reason} item"
    other = [r for r in rules if r != reason]
    if other:
        return f"also blocked by {', '.join(other)}: open it and decide it on its own"
    if rules and authority.needed(rules).second_person:
        return f"{reason} needs two people: decide it on its own"
    return None


def bulk_approve(
    ids: list[int],
    reason: str,
    comment: str,
    person: Person,
    reason_code: str | None = None,
) -> dict[str, Any]:
    """Approve each item whose blocking findings are all ``reason``, one transaction each;
    return approved ids and (item, why) for the skipped and the refused."""
    from bursar.db import session_scope

    if not ids:
        raise InputError("select at least one item")
    done: list[int] = []
    advanced: list[dict[str, Any]] = []  # a chain step taken; the item waits for the next
    skipped: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for item_id in dict.fromkeys(ids):
        try:
            with session_scope() as session:
                item = load_item(session, item_id, lock=True)
                why = bulk_skip_reason(session, item, reason)
                out = (
                    approve(session, item_id, person, comment, reason_code) if why is None else None
                )
        except BursarError as exc:  # rolled back: the refusal is audited on its own
            if refusals.is_refusal(exc):
                refusals.record(item_id, person, "approve", exc, "bulk")
            refused.append({"item": item_id, "message": exc.one_line()})
            continue
        if out is not None and out.status in OPEN:
            advanced.append({"item": item_id, "message": out.message})
        elif why is None:
            done.append(item_id)
        else:
            skipped.append({"item": item_id, "message": why})
    audit.checkpoint_after_batch("inbox bulk")  # issue 11: a signed head after the batch
    out = {"approved": done, "skipped": skipped, "refused": refused}
    return {**out, "advanced": advanced} if advanced else out  # the key only with chains
