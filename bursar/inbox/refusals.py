"""Refused decisions as audit events: who tried what on which item, and why it was refused.

A refused approval (limit, segregation of duties, assignment, override policy, missing
comment, already decided) changes nothing, so its own transaction rolls back; the attempt
is then recorded in a transaction of its own as ``inbox.decision_refused``, on every path
(API, form, bulk), with the item left as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bursar import audit
from bursar.errors import BursarError, InputError
from bursar.inbox.actions import Conflict, NotFound, Refused
from bursar.inbox.users import Person
from bursar.records import InboxItem

ACTION = "inbox.decision_refused"
log = logging.getLogger("bursar.inbox")


def is_refusal(exc: BursarError) -> bool:
    """True for a decision the server refused (403, 409, 422); not for an unknown item."""
    return isinstance(exc, (Refused, Conflict, InputError)) and not isinstance(exc, NotFound)


def record(item_id: int, person: Person, attempted: str, exc: BursarError, via: str) -> None:
    """Append ``inbox.decision_refused`` for ``item_id`` in its own transaction.

    Call it after the refused transaction rolled back. A failure to write is logged, not
    raised: the person still gets the refusal they were due.
    """
    from bursar.db import session_scope

    try:
        with session_scope() as session:
            item = session.get(InboxItem, item_id)
            if item is None:
                return
            audit.append(
                session, person.name, ACTION, f"inbox/{item_id}",
                {"document": item.document_id, "attempted": attempted, "via": via,
                 "role": person.role, "code": exc.code, "reason": exc.one_line(),
                 "status": item.status},
            )  # fmt: skip
    except Exception as err:  # the audit is down: the refusal itself still stands
        log.warning("refused %s of item %s by %s not audited: %s", attempted, item_id,
                    person.name, err)  # fmt: skip


@contextmanager
def audited(item_id: int, person: Person, attempted: str, via: str) -> Iterator[None]:
    """Record a refusal raised inside the block, then re-raise it.

    Enter it before the action's ``session_scope``, so that one has rolled back first.
    """
    try:
        yield
    except BursarError as exc:
        if is_refusal(exc):
            record(item_id, person, attempted, exc, via)
        raise
