"""Escalation: a chain step that waited past its ``escalate_after_hours`` is handed also to
its ``escalate_to`` target, with an alert (``bursar.alerts``, kind ``sla``) and an audit
event ``inbox.escalated`` (before/after).

``escalate_due`` is what ``bursar inbox escalate`` runs; run it from the scheduler or a
timer every few minutes. It is idempotent: an ``approval_escalation`` row per item, chain
and step (a unique key) means a rerun raises nothing new, and two at once cannot both.
The wait starts when the item arrived, when the previous step was approved, or at the
document's latest correction, whichever is latest. Items on hold do not escalate.
``now`` is injectable, so tests move time instead of sleeping.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bursar import alerts, audit
from bursar.inbox import authority, chain
from bursar.records import ApprovalEscalation, InboxItem
from bursar.types import utcnow


def _due(st: chain.ChainState, now: datetime) -> bool:
    step = st.current
    if step is None or step.escalate_after_hours is None or st.since is None:
        return False
    wait = timedelta(hours=float(step.escalate_after_hours))
    return st.escalated_to is None and st.since + wait <= now


def _escalate(session: Session, item: InboxItem, st: chain.ChainState) -> dict[str, Any]:
    step = st.current
    assert step is not None and step.escalate_to is not None and st.chain is not None
    to = step.escalate_to
    target = f"user:{to.user}" if to.user else f"role:{to.role}"
    before = st.to_json()
    message = (
        f"inbox item {item.id} (document {item.document_id}) waited over "
        f"{step.escalate_after_hours} h for step {st.current_no} of {st.total} "
        f"({step.name(st.owner)}); escalated to {to.describe()}"
    )
    alert = alerts.record(session, "sla", f"inbox/{item.id}", message)
    row = ApprovalEscalation(item_id=item.id or 0, chain_sig=st.chain.sig,
                             step_no=st.current_no, target=target, alert_id=alert.id)  # fmt: skip
    session.add(row)
    session.flush()
    after = chain.state(session, item).to_json()
    audit.append(
        session, "bursar", "inbox.escalated", f"inbox/{item.id}",
        {"document": item.document_id, "step": st.current_no, "to": to.to_json(),
         "alert": alert.id, "waited_since": st.since.isoformat() if st.since else None,
         "before": {"chain": before}, "after": {"chain": after}},
    )  # fmt: skip
    return {"item": item.id, "step": st.current_no, "to": target, "alert": alert.id}


def escalate_due(now: datetime | None = None) -> list[dict[str, Any]]:
    """Escalate every open item whose current step waited too long; return what was done."""
    from bursar.db import session_scope

    now = now or utcnow()
    config = authority.current_pack().approval_chains
    waits = [s.escalate_after_hours for c in config.chains for s in c.steps]
    shortest = min((w for w in waits if w is not None), default=None)
    if shortest is None:
        return []
    oldest = now - timedelta(hours=float(shortest))  # a younger item cannot be due yet
    with session_scope(write=False) as session:
        ids = session.exec(
            select(InboxItem.id).where(
                InboxItem.status == "open", col(InboxItem.created_at) <= oldest
            )
        ).all()
    done = []
    for item_id in ids:
        try:
            with session_scope() as session:
                item = session.get(InboxItem, item_id)
                if item is None or item.status != "open":
                    continue
                st = chain.state(session, item)
                if _due(st, now):
                    done.append(_escalate(session, item, st))
        except IntegrityError:  # another run escalated it at the same moment
            continue
    for out in done:
        alerts.deliver(out["alert"])
    return done
