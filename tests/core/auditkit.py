"""What the audit tests do to a trail: write events, verify, and attack it as a DBA would."""

from __future__ import annotations

from sqlalchemy import text

from bursar import audit
from bursar.db import get_engine, session_scope


def append_events(n: int, start: int = 0) -> None:
    """Write ``n`` test events in one transaction (still one event per append)."""
    with session_scope() as s:
        for i in range(start, start + n):
            audit.append(s, "clerk", "test.event", f"thing/{i}", {"i": i})


def verify_trail() -> audit.Verification:
    with session_scope(write=False) as s:
        return audit.verify(s)


def unprotect() -> None:
    """What an attacker with database access does first: drop the append-only triggers."""
    with get_engine().begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("DROP TRIGGER audit_event_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
