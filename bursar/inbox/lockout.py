"""Failed sign-ins: throttled per (user name, address) and per address, recorded without
leaking secrets; wrong current passwords on the change-password form, throttled per user.

* A few failures are free; each further failure from the same address for the same user
  name doubles a delay (1 s, 2 s, 4 s ... up to ``max_delay``) instead of locking the
  account, so a stranger elsewhere cannot keep a user out, and five wrong passwords from
  one address never stop another user there. ``bursar users unlock NAME`` clears the count.
* An address also has a budget over all names: ``ADDRESS_FREE`` failures, one of which is
  forgiven every ``ADDRESS_LEAK`` seconds (a leaky bucket, so an office behind one address
  with the odd typo never fills it); past it, the same doubling delay for every name tried
  from there. Password spraying (a few passwords over many names) is slowed to a crawl,
  while the names themselves stay open from everywhere else. A success does not empty the
  bucket (a sprayer who owns one account could); ``bursar users unlock --address IP`` does.
* Someone holding a session who types wrong current passwords on the change-password form
  gets ``PASSWORD_FREE`` tries; then the form refuses for ``PASSWORD_LOCK`` seconds.
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
ADDRESS_KEY = "*:address"  # no user name holds ':', so this row is no user's
ADDRESS_FREE = 10
ADDRESS_LEAK = 60.0  # seconds: one failure from an address forgiven per this much time
PASSWORD_FREE = 5
PASSWORD_LOCK = 900.0


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


def _since(row: SignInThrottle | None) -> float | None:
    """Return the seconds since the row's last failure, or None when it has none."""
    if row is None or row.last_failed_at is None:
        return None
    return (utcnow() - row.last_failed_at).total_seconds()


def _leaked(row: SignInThrottle, since: float) -> int:
    """Return an address row's failures less those forgiven since its last failure."""
    return max(0, row.failures - int(since // ADDRESS_LEAK))


def _address_wait(session: Session, address: str, max_delay: float) -> float:
    row = session.get(SignInThrottle, (ADDRESS_KEY, address[:64]))
    since = _since(row)
    if row is None or since is None:
        return 0.0
    return max(0.0, delay_after(_leaked(row, since), ADDRESS_FREE, max_delay) - since)


def wait_seconds(
    name: str, address: str, free: int = FREE_FAILURES, max_delay: float = MAX_DELAY
) -> float:
    """Return how long this (user name, address) must wait before trying again (0: now):
    the longer of the name's delay there and the address's delay over all names."""
    with session_scope(write=False) as session:
        key, _ = _name_key(session, name)
        row = session.get(SignInThrottle, (key, address[:64]))
        by_address = _address_wait(session, address, max_delay)
    since = _since(row)
    by_name = 0.0 if row is None or since is None else delay_after(row.failures, free, max_delay)
    return max(0.0, by_name - (since or 0.0), by_address)


def _bump(session: Session, key: str, address: str, *, leak: bool = False) -> int:
    """Count one more failure on the (key, address) row; return the count (with ``leak``,
    less the failures forgiven since the last one: the address budget)."""
    row = session.get(SignInThrottle, (key, address[:64]), with_for_update=True)
    if row is None:
        row = SignInThrottle(name_key=key, address=address[:64], failures=0)
    since = _since(row)
    if leak and since is not None:
        row.failures = _leaked(row, since)
    row.failures += 1
    row.last_failed_at = utcnow()
    session.add(row)
    return row.failures


def record_failure(name: str, address: str, via: str) -> None:
    """Count a failed sign-in for (name, address) and for the address; audit it (the
    password never)."""
    with session_scope(write=True) as session:
        key, exists = _name_key(session, name)
        failures = _bump(session, key, address)
        from_address = _bump(session, ADDRESS_KEY, address, leak=True)
        data: dict[str, object] = {
            "ip": address[:64], "via": via, "failures": failures,
            "address_failures": from_address,
        }  # fmt: skip
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
    """Clear every failure count of user ``name``, the change-password form's too (audited);
    return how many addresses."""
    rows = session.exec(select(SignInThrottle).where(SignInThrottle.name_key == name)).all()
    form = session.get(SignInThrottle, (_password_key(name), "*"))
    for row in [*rows, *([form] if form else [])]:
        session.delete(row)
    audit.append(
        session, actor, "user.unlocked", f"user/{name}",
        {"addresses": sorted(r.address for r in rows), "failures": sum(r.failures for r in rows),
         "password_form_failures": form.failures if form else 0},
    )  # fmt: skip
    return len(rows)


def unlock_address(session: Session, address: str, actor: str) -> int:
    """Clear an address's budget over all names (audited); return its failure count."""
    row = session.get(SignInThrottle, (ADDRESS_KEY, address[:64]))
    failures = row.failures if row else 0
    if row is not None:
        session.delete(row)
    audit.append(
        session, actor, "address.unlocked", f"address/{address[:64]}", {"failures": failures}
    )
    return failures


# --- the change-password form ------------------------------------------------------------------


def _password_key(name: str) -> str:
    return f"password:{name}"


def password_form_wait(session: Session, name: str) -> float:
    """Return how long ``name``'s change-password form refuses (0: it accepts a try)."""
    row = session.get(SignInThrottle, (_password_key(name), "*"), with_for_update=True)
    since = _since(row)
    if row is None or since is None or row.failures < PASSWORD_FREE:
        return 0.0
    return max(0.0, PASSWORD_LOCK - since)


def password_form_failed(session: Session, name: str) -> int:
    """Count a wrong current password on ``name``'s form; return the count (a try after
    ``PASSWORD_LOCK`` quiet seconds starts again from one)."""
    row = session.get(SignInThrottle, (_password_key(name), "*"), with_for_update=True)
    since = _since(row)
    if row is not None and since is not None and since > PASSWORD_LOCK:
        row.failures = 0
        session.add(row)
    return _bump(session, _password_key(name), "*")


def password_form_ok(session: Session, name: str) -> None:
    """Forget the wrong current passwords of ``name`` (after a change that worked)."""
    row = session.get(SignInThrottle, (_password_key(name), "*"))
    if row is not None:
        session.delete(row)
