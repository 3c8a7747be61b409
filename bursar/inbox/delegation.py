"""Delegations: an approver on leave hands their approvals to another person for a period.

While a delegation runs (``starts_on`` to ``ends_on``, both days included, UTC dates) the
delegate may take the chain steps the delegator could take, with the delegator's authority
(role, limit, named steps, assignment): ``bursar.inbox.chain`` decides. Before its start,
after its end, or once revoked it grants nothing. Both people must be active users whose
role may approve; a person may delegate their own approvals, an admin anyone's. Creating
and revoking are audited (``delegation.created``, ``delegation.revoked``) under the
delegator's user subject, with before/after.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, or_, select

from bursar import audit
from bursar.errors import InputError
from bursar.inbox.actions import NotFound, Refused
from bursar.inbox.users import Person, active_user, person
from bursar.records import Delegation
from bursar.types import utcnow

MAX_DAYS = 366


def to_json(d: Delegation, today: date | None = None) -> dict[str, Any]:
    day = today or utcnow().date()
    return {
        "id": d.id,
        "delegator": d.delegator,
        "delegate": d.delegate,
        "starts_on": d.starts_on.isoformat(),
        "ends_on": d.ends_on.isoformat(),
        "reason": d.reason,
        "created_by": d.created_by,
        "revoked": d.revoked_at is not None,
        "active": d.revoked_at is None and d.starts_on <= day <= d.ends_on,
    }


def parse_day(text: str | date, what: str) -> date:
    """Return ``text`` (YYYY-MM-DD) as a date; raise a one-line ``InputError``."""
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"{what} must be a date like 2026-12-24, got {text!r}") from None


def _approver(session: Session, name: str, what: str) -> Person:
    user = active_user(session, name.strip())
    if user is None:
        raise InputError(f"{what} {name!r} is not an active user", code="not_found")
    found = person(user)
    if not found.can("approve"):
        raise InputError(f"{what} {name} ({found.role}) cannot approve, so cannot delegate or act")
    return found


def create(
    session: Session,
    delegator: str,
    delegate: str,
    starts_on: str | date,
    ends_on: str | date,
    *,
    actor: Person | str,
    reason: str | None = None,
) -> Delegation:
    """Record that ``delegate`` may act for ``delegator`` between the dates; return it.

    ``actor``: the person creating it (a Person on the web: themself or, for an admin,
    anyone), or a name from the command line (trusted as an administrator)."""
    if isinstance(actor, Person):
        if actor.name != delegator and actor.role != "admin":
            raise Refused("you may delegate only your own approvals (an admin may delegate any)")
        actor_name = actor.name
    else:
        actor_name = actor
    boss = _approver(session, delegator, "delegator")
    deputy = _approver(session, delegate, "delegate")
    if boss.name == deputy.name:
        raise InputError("a person cannot delegate to themself")
    start, end = parse_day(starts_on, "starts_on"), parse_day(ends_on, "ends_on")
    if end < start:
        raise InputError(f"ends_on ({end}) is before starts_on ({start})")
    if (end - start).days >= MAX_DAYS:
        raise InputError(f"a delegation runs at most {MAX_DAYS} days; create a new one after")
    row = Delegation(
        delegator=boss.name, delegate=deputy.name, starts_on=start, ends_on=end,
        reason=" ".join((reason or "").split())[:500] or None, created_by=actor_name,
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.append(
        session, actor_name, "delegation.created", f"user/{boss.name}",
        {"delegation": row.id, "before": None, "after": to_json(row)},
    )  # fmt: skip
    return row


def revoke(session: Session, delegation_id: int, *, actor: Person | str) -> Delegation:
    """End a delegation now (audited); the delegator, the delegate or an admin may."""
    row = session.get(Delegation, delegation_id)
    if row is None:
        raise NotFound(f"no delegation {delegation_id}")
    name = actor.name if isinstance(actor, Person) else actor
    if (
        isinstance(actor, Person)
        and actor.role != "admin"
        and name not in (row.delegator, row.delegate)
    ):
        raise Refused("only the delegator, the delegate or an admin may revoke a delegation")
    before = to_json(row)
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by = utcnow(), name
        session.add(row)
        audit.append(
            session, name, "delegation.revoked", f"user/{row.delegator}",
            {"delegation": row.id, "before": before, "after": to_json(row)},
        )  # fmt: skip
    return row


def listing(session: Session, name: str | None = None) -> list[Delegation]:
    """Return delegations (given or held by ``name``, or all), newest first."""
    stmt = select(Delegation)
    if name:
        stmt = stmt.where(or_(Delegation.delegator == name, Delegation.delegate == name))
    return list(session.exec(stmt.order_by(col(Delegation.id).desc())).all())
