"""Work-item state changes, each one audited with before and after.

New -> InProgress -> Successful | Failed; Failed (application) and Abandoned items can be
put back as Retried (by an operator or, for a crashed run, by the next run); Retried is
processed like New. An item stuck InProgress past the bot's threshold becomes Abandoned.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from bots.records import (
    ABANDONED,
    APPLICATION,
    FAILED,
    IN_PROGRESS,
    NEW,
    RETRIED,
    SUCCESSFUL,
    BotRun,
    WorkItem,
)
from bursar import audit
from bursar.errors import InputError
from bursar.secrets import redact
from bursar.types import utcnow

PROCESSABLE = (NEW, RETRIED)


def _snap(item: WorkItem) -> dict[str, Any]:
    return {
        "status": item.status,
        "attempts": item.attempts,
        "error_type": item.error_type,
        "last_error": item.last_error,
    }


def transition(
    session: Session,
    item: WorkItem,
    status: str,
    *,
    actor: str,
    reason: str | None = None,
    extra: dict[str, Any] | None = None,
) -> WorkItem:
    """Move ``item`` to ``status``, audit it (before/after) and link the audit event."""
    before = _snap(item)
    item.status = status
    item.updated_at = utcnow()
    if status == IN_PROGRESS:
        item.started_at, item.finished_at = item.updated_at, None
    elif status in (SUCCESSFUL, FAILED, ABANDONED):
        item.finished_at = item.updated_at
    data: dict[str, Any] = {"bot": item.bot, "reference": item.reference}
    data |= {"before": before, "after": _snap(item)}
    if reason:
        data["reason"] = redact(reason)
    if extra:
        data |= extra
    session.add(item)
    session.flush()
    ev = audit.append(session, actor, f"bots.item.{status}", f"work_item/{item.id}", data)
    item.audit_seqs = [*(item.audit_seqs or []), ev.seq]
    session.add(item)
    return item


def ensure(session: Session, bot: str, reference: str, payload: dict[str, Any], *, actor: str):
    """Return ``(item, created)`` for ``(bot, reference)``; a new one starts as New."""
    item = session.exec(
        select(WorkItem).where(WorkItem.bot == bot, WorkItem.reference == reference)
    ).first()
    if item is not None:
        return item, False
    item = WorkItem(bot=bot, reference=reference, payload=payload, status=NEW)
    session.add(item)
    session.flush()
    ev = audit.append(
        session,
        actor,
        "bots.item.new",
        f"work_item/{item.id}",
        {"bot": bot, "reference": reference, "before": None, "after": _snap(item)},
    )
    item.audit_seqs = [ev.seq]
    session.add(item)
    return item, True


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(session: Session, bot: str, *, stuck_after_s: float, actor: str) -> dict[str, int]:
    """Close runs of ``bot`` whose process died, and put their items back; abandon stuck items.

    An item InProgress under a run whose process is gone (killed by a time limit, a crash)
    is put back as Retried: the bots are idempotent, so doing it again is safe. An item
    InProgress for longer than ``stuck_after_s`` under a run we cannot see die (another
    machine) becomes Abandoned, for a person to look at.
    """
    host = socket.gethostname()
    dead: set[int] = set()
    for run in session.exec(
        select(BotRun).where(BotRun.bot == bot, BotRun.status == "running")
    ).all():
        if run.host == host and not _pid_alive(run.pid) and run.pid != os.getpid():
            run.status, run.error_type = "failed", APPLICATION
            run.message = "the run's process ended without finishing (crash or time limit)"
            run.finished_at = utcnow()
            session.add(run)
            audit.append(
                session,
                actor,
                "bots.run.crashed",
                f"bot_run/{run.id}",
                {"bot": bot, "before": {"status": "running"}, "after": {"status": "failed"}},
            )
            dead.add(run.id)
    released = abandoned = 0
    cutoff = utcnow() - timedelta(seconds=stuck_after_s)
    stuck = session.exec(
        select(WorkItem).where(WorkItem.bot == bot, WorkItem.status == IN_PROGRESS)
    ).all()
    for item in stuck:
        if item.run_id in dead:
            transition(
                session, item, RETRIED, actor=actor, reason=f"run {item.run_id} ended mid-item"
            )
            released += 1
        elif item.started_at is not None and item.started_at < cutoff:
            item.last_error = f"in progress for more than {int(stuck_after_s)} s"
            transition(session, item, ABANDONED, actor=actor, reason=item.last_error)
            abandoned += 1
    return {"crashed_runs": len(dead), "released": released, "abandoned": abandoned}


def pending(session: Session, bot: str, exclude: set[int]) -> list[WorkItem]:
    """Return the items of ``bot`` waiting to be processed (New or Retried), oldest first."""
    rows = session.exec(
        select(WorkItem)
        .where(WorkItem.bot == bot, col(WorkItem.status).in_(PROCESSABLE))
        .order_by(col(WorkItem.id))
    ).all()
    return [r for r in rows if r.id not in exclude]


def retry(session: Session, item_id: int, *, actor: str) -> WorkItem:
    """Put a Failed or Abandoned item back for the next run (an operator's decision)."""
    item = session.get(WorkItem, item_id)
    if item is None:
        raise InputError(f"no work item {item_id}", where="bots")
    if item.status not in (FAILED, ABANDONED):
        raise InputError(
            f"work item {item_id} is {item.status}; only failed or abandoned items are retried",
            where="bots",
        )
    return transition(session, item, RETRIED, actor=actor, reason="retry requested")


def mark_done(session: Session, item_id: int, *, actor: str, note: str | None = None) -> WorkItem:
    """Close a Failed or Abandoned item as Successful because a person handled it."""
    item = session.get(WorkItem, item_id)
    if item is None:
        raise InputError(f"no work item {item_id}", where="bots")
    if item.status not in (FAILED, ABANDONED):
        raise InputError(
            f"work item {item_id} is {item.status}; only failed or abandoned items are closed",
            where="bots",
        )
    reason = "handled by hand" + (f": {note}" if note else "")
    return transition(session, item, SUCCESSFUL, actor=actor, reason=reason)
