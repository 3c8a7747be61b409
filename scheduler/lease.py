"""One active scheduler per database: a lease with a heartbeat, taken over when stale.

SQLite: the ``scheduler_lease`` row alone, written under ``BEGIN IMMEDIATE``.
PostgreSQL: a session advisory lock on a connection held for the scheduler's life, plus
the same row, so a second scheduler can say who holds the lease and since when.

Every dispatch re-checks the lease inside its own transaction (``fence``), so a
scheduler that lost its lease (paused past the stale time, say) cannot fire anything.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import text, update
from sqlmodel import Session

from bursar.db import get_engine, session_scope
from bursar.records import SchedulerLease
from bursar.types import utcnow

LEASE_NAME = "scheduler"
_PG_KEY = 0x5343_4845_4455  # "SCHEDU": the scheduler's advisory lock


class LeaseLost(Exception):
    """This scheduler no longer holds the lease: stop dispatching."""


class Lease:
    """The scheduler lease of one database, as seen by one scheduler process."""

    def __init__(self, url: str | None = None, stale_s: float = 15.0):
        self.url = url
        self.stale_s = stale_s
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._pg: Any = None  # the connection that holds the advisory lock

    @property
    def is_pg(self) -> bool:
        return get_engine(self.url).dialect.name == "postgresql"

    def _pg_lock(self) -> bool:
        # A fresh connection each time: a lock taken twice on one connection stacks, and a
        # connection that died (the reason the lease was lost) cannot be reused.
        self._pg_unlock()
        self._pg = get_engine(self.url).connect()
        got = self._pg.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _PG_KEY}).scalar()
        self._pg.commit()
        return bool(got)

    def _pg_unlock(self) -> None:
        if self._pg is None:
            return
        # Invalidating closes the database session itself: its advisory locks go with it,
        # and a dead connection is never handed back to the pool.
        self._pg.invalidate()
        self._pg.close()
        self._pg = None

    def try_acquire(self) -> tuple[bool, SchedulerLease | None]:
        """Take the lease if free, ours or stale; return (ok, the row as found)."""
        if self.is_pg and not self._pg_lock():
            return False, self.current()
        with session_scope(url=self.url) as session:
            row = session.get(SchedulerLease, LEASE_NAME)
            found = None if row is None else SchedulerLease.model_validate(row)
            now = utcnow()
            stale = (
                row is None
                or row.heartbeat_at is None
                or (now - row.heartbeat_at > timedelta(seconds=self.stale_s))
            )
            if row is not None and row.holder != self.holder and not stale:
                ok = False
            else:
                if row is None:
                    row = SchedulerLease(name=LEASE_NAME, holder=self.holder)
                if row.holder != self.holder:
                    row.holder, row.acquired_at = self.holder, now
                row.heartbeat_at = now
                session.add(row)
                ok = True
        if not ok and self.is_pg:
            self._pg_unlock()  # the lock is free but the row is fresh: wait until stale
        return ok, found

    def fence(self, session: Session) -> None:
        """Inside a write transaction: renew the heartbeat, or raise LeaseLost."""
        if self._pg is not None:
            try:
                self._pg.execute(text("SELECT 1"))
                self._pg.commit()
            except Exception as exc:  # the lock's connection died: the lock is gone
                raise LeaseLost(str(exc)) from exc
        stmt = (
            update(SchedulerLease)
            .where(SchedulerLease.name == LEASE_NAME, SchedulerLease.holder == self.holder)
            .values(heartbeat_at=utcnow())
        )
        if session.execute(stmt).rowcount != 1:  # type: ignore[attr-defined]
            raise LeaseLost("another scheduler holds the lease")

    def heartbeat(self) -> bool:
        """Renew the lease; False when it was lost."""
        try:
            with session_scope(url=self.url) as session:
                self.fence(session)
        except LeaseLost:
            return False
        return True

    def current(self) -> SchedulerLease | None:
        """Return the lease row (who holds it, last heartbeat), if any."""
        with session_scope(write=False, url=self.url) as session:
            row = session.get(SchedulerLease, LEASE_NAME)
            return None if row is None else SchedulerLease.model_validate(row)

    def release(self) -> None:
        """Give the lease up (graceful shutdown)."""
        try:
            with session_scope(url=self.url) as session:
                row = session.get(SchedulerLease, LEASE_NAME)
                if row is not None and row.holder == self.holder:
                    session.delete(row)
        finally:
            self._pg_unlock()


def describe(row: SchedulerLease | None) -> str:
    """Return one line saying who holds the lease."""
    if row is None:
        return "no scheduler holds the lease"
    ago = (utcnow() - row.heartbeat_at).total_seconds() if row.heartbeat_at else float("nan")
    since = row.acquired_at.isoformat(timespec="seconds") if row.acquired_at else "?"
    return f"scheduler lease held by {row.holder} since {since} (last heartbeat {ago:.0f}s ago)"
