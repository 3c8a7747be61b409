"""Failed sign-ins: throttled per (user name, address), recorded without leaking secrets.

* A few failures are free; each further failure from the same address for the same user
  name doubles a delay (1 s, 2 s, 4 s ... up to ``max_delay``) instead of locking the
  account, so a stranger elsewhere cannot keep a user out, and five wrong passwords from
  one address never stop another user there. ``bursar users unlock NAME`` clears the count.
* Every failure is an audit event ``user.login_failed``. The typed user name is recorded
  only when such a user exists; otherwise the event says "unknown user" and carries a keyed
  hash (HMAC-SHA256, key in ``BURSAR_HOME/keys/signin.key``) of what was typed, so repeated
  attempts can be correlated while a password typed into the name field is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from sqlmodel import Session, select

from bursar import audit
from bursar.db import session_scope
from bursar.records import SignInThrottle, User
from bursar.types import utcnow

FAILED = "user.login_failed"
SUCCEEDED = "user.login"
UNKNOWN = "unknown user"
KEY_FILE = "signin.key"
FREE_FAILURES = 3
MAX_DELAY = 900.0


def _key() -> bytes:
    """Return the HMAC key for unknown user names, creating it (0600, dir 0700) once."""
    from bursar.config import get_settings

    folder: Path = get_settings().home_dir / "keys"
    path = folder / KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def attempt_hash(typed: str) -> str:
    """Return the keyed hash of a typed user name that is no user (first 32 hex digits)."""
    return hmac.new(_key(), typed.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def _name_key(session: Session, typed: str) -> tuple[str, bool]:
    """Return the throttle key for a typed name and whether it is a user."""
    exists = session.exec(select(User.id).where(User.name == typed)).first() is not None
    return (typed, True) if exists else (f"hmac:{attempt_hash(typed)}", False)


def delay_after(failures: int, free: int = FREE_FAILURES, max_delay: float = MAX_DELAY) -> float:
    """Return the wait after ``failures`` failures in a row: none for the first ``free``."""
    if failures < free:
        return 0.0
    return min(float(2 ** (failures - free)), max_delay)


def wait_seconds(
    name: str, address: str, free: int = FREE_FAILURES, max_delay: float = MAX_DELAY
) -> float:
    """Return how long this (user name, address) must wait before trying again (0: now)."""
    with session_scope(write=False) as session:
        key, _ = _name_key(session, name)
        row = session.get(SignInThrottle, (key, address[:64]))
    if row is None or row.last_failed_at is None:
        return 0.0
    due = delay_after(row.failures, free, max_delay)
    return max(0.0, due - (utcnow() - row.last_failed_at).total_seconds())


def record_failure(name: str, address: str, via: str) -> None:
    """Count a failed sign-in for (name, address) and audit it (the password never)."""
    with session_scope(write=True) as session:
        key, exists = _name_key(session, name)
        row = session.get(SignInThrottle, (key, address[:64]), with_for_update=True)
        if row is None:
            row = SignInThrottle(name_key=key, address=address[:64], failures=0)
        row.failures += 1
        row.last_failed_at = utcnow()
        session.add(row)
        data: dict[str, object] = {"ip": address[:64], "via": via, "failures": row.failures}
        if exists:
            audit.append(session, "anonymous", FAILED, f"user/{name}", data)
        else:
            data.update(user=UNKNOWN, attempt_hmac=key.removeprefix("hmac:"))
            audit.append(session, "anonymous", FAILED, "user/?", data)


def record_success(name: str, address: str) -> None:
    """Forget the failures of (name, address) after a successful sign-in."""
    with session_scope(write=True) as session:
        row = session.get(SignInThrottle, (name, address[:64]))
        if row is not None:
            session.delete(row)


def unlock(session: Session, name: str, actor: str) -> int:
    """Clear every failure count of user ``name`` (audited); return how many addresses."""
    rows = session.exec(select(SignInThrottle).where(SignInThrottle.name_key == name)).all()
    for row in rows:
        session.delete(row)
    audit.append(
        session, actor, "user.unlocked", f"user/{name}",
        {"addresses": sorted(r.address for r in rows), "failures": sum(r.failures for r in rows)},
    )  # fmt: skip
    return len(rows)
