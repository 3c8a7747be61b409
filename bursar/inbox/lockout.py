"""Failed sign-ins, recorded in the audit trail and counted from it.

The in-memory throttle (``security.LoginThrottle``) is per server process and forgets
on restart; the audit trail is shared and kept. Every failed sign-in (login form or HTTP
Basic on the API) is an audit event ``user.login_failed`` on ``user/NAME`` with the
client address, so auditors see attempts, and a user name with ``limit`` failures
within ``window`` seconds, since its last successful sign-in, is refused until the
oldest of those failures is ``window`` seconds old, whichever process is asked.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, func, select

from bursar import audit
from bursar.db import session_scope
from bursar.records import AuditEvent
from bursar.types import from_utc_text, utc_text, utcnow

FAILED = "user.login_failed"
SUCCEEDED = "user.login"


def subject(name: str) -> str:
    """Return the audit subject for a typed user name (printable, at most 64 characters)."""
    clean = "".join(ch for ch in name if ch.isprintable()).strip()[:64]
    return f"user/{clean or '?'}"


def record_failure(name: str, ip: str, via: str) -> None:
    """Append a failed sign-in to the audit trail (the password is never recorded)."""
    with session_scope(write=True) as session:
        audit.append(session, "anonymous", FAILED, subject(name), {"ip": ip[:64], "via": via})


def wait_seconds(name: str, limit: int, window: float) -> float:
    """Return how long ``name`` must wait before trying again (0 when it may try now)."""
    now = utcnow()
    cutoff = utc_text(now - timedelta(seconds=window))
    who = subject(name)
    with session_scope(write=False) as session:
        last_ok = session.exec(
            select(func.max(AuditEvent.at)).where(
                AuditEvent.action == SUCCEEDED, AuditEvent.subject == who
            )
        ).one()
        since = max(cutoff, last_ok or "")
        stamps = session.exec(
            select(AuditEvent.at)
            .where(AuditEvent.action == FAILED, AuditEvent.subject == who)
            .where(col(AuditEvent.at) > since)
            .order_by(col(AuditEvent.at).desc())
            .limit(limit)
        ).all()
    if len(stamps) < limit:
        return 0.0
    oldest = from_utc_text(stamps[-1])
    return max(0.0, window - (now - oldest).total_seconds())
