"""Several events in one transaction: the chain is locked and read once, and stays whole.

``audit.append`` continues from the event its transaction appended last instead of
locking and reading the head again; a rolled-back savepoint or transaction must make it
read the head afresh, or the next event would point at an event that does not exist.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import Session

from bursar import audit
from bursar.db import get_engine, session_scope


def test_events_of_one_transaction_read_the_head_once_and_chain(db_url: str) -> None:
    with session_scope() as s:
        audit.append(s, "test", "test.warm", "thing/0")  # the signing key is made here
    seen: list[str] = []

    def count(_c, _cur, statement, *_a) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(get_engine(), "before_cursor_execute", count)
    try:
        with session_scope() as s:
            events = [audit.append(s, "test", "test.event", f"thing/{i}") for i in range(1, 5)]
    finally:
        event.remove(get_engine(), "before_cursor_execute", count)
    reads = [q for q in seen if q.lstrip().upper().startswith("SELECT")]
    assert len(reads) == (2 if db_url.startswith("postgresql") else 1)  # (lock +) head, once
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    with session_scope(write=False) as s:
        assert audit.verify(s).ok


def test_rolled_back_savepoint_does_not_become_a_parent(db_url: str) -> None:
    with session_scope() as s:
        kept = audit.append(s, "test", "test.kept", "thing/1")
        nested = s.begin_nested()
        audit.append(s, "test", "test.undone", "thing/2")
        nested.rollback()
        after = audit.append(s, "test", "test.after", "thing/3")
    assert after.prev_hash == kept.hash and after.seq == kept.seq + 1
    with session_scope(write=False) as s:
        assert audit.verify(s).ok


def test_session_reused_after_rollback_reads_the_head_again(db_url: str) -> None:
    with session_scope() as s:
        first = audit.append(s, "test", "test.first", "thing/1")
    with Session(get_engine(), expire_on_commit=False) as s:
        if s.get_bind().dialect.name == "sqlite":
            s.connection(execution_options={"sqlite_immediate": True})
        audit.append(s, "test", "test.undone", "thing/2")
        s.rollback()
        if s.get_bind().dialect.name == "sqlite":
            s.connection(execution_options={"sqlite_immediate": True})
        again = audit.append(s, "test", "test.again", "thing/3")
        s.commit()
    assert again.prev_hash == first.hash
    with session_scope(write=False) as s:
        assert audit.verify(s).ok
