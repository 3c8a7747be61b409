"""Passwords, the signing secret, session cookies, CSRF tokens and login throttling.

Session cookies are signed (itsdangerous): ``{"u": name, "sid": ..., "csrf": ...}`` with a
timestamp; each names a ``user_session`` row that every request checks, so a session ends
everywhere at once (logout, password change, disable, role change, idle or absolute timeout).
Failed sign-ins are throttled per (user name, address) in ``bursar.inbox.lockout``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bursar.config import Settings
from bursar.records import UserSession
from bursar.types import utcnow

SESSION_COOKIE = "bursar_session"
LOGIN_COOKIE = "bursar_login"
SESSION_MAX_AGE = 8 * 3600  # one working day, then log in again
SECRET_FILE = "inbox_secret"  # noqa: S105 - a file name, not a secret

_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (always spends the argon2 time)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def load_secret(settings: Settings) -> str:
    """Return the cookie signing key: ``settings.inbox_secret`` or a key kept in BURSAR_HOME.

    The generated key is written once with 0600 permissions, so restarts keep sessions.
    """
    if settings.inbox_secret:
        return settings.inbox_secret
    path: Path = settings.home_dir / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process won the race; read theirs
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def same_token(a: str | None, b: str | None) -> bool:
    """Compare two tokens in constant time; missing tokens never match."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


@dataclass(frozen=True)
class Session:
    """What the session cookie says: who, which session, and its CSRF token."""

    user: str
    sid: str
    csrf: str


def session_key(sid: str) -> str:
    """Return the database key of a session id (its sha256: a database read leaks no cookie)."""
    return hashlib.sha256(sid.encode()).hexdigest()


class SessionBook:
    """Signs session cookies and keeps one ``user_session`` row per sign-in.

    Every request checks the row, so logout, a password change, disabling a user or a role
    change ends the session in every server process, and after a restart. Sessions end
    after ``idle`` seconds without a request and ``max_age`` seconds after sign-in.
    """

    TOUCH_EVERY = 60.0  # seconds: last_seen_at is written at most this often

    def __init__(self, secret: str, max_age: int = SESSION_MAX_AGE, idle: int = 1800):
        self.max_age = max_age
        self.idle = idle
        self._signer = URLSafeTimedSerializer(secret, salt="bursar.inbox.session")

    def issue(self, user: str, address: str | None = None) -> tuple[Session, str]:
        """Record a new session for ``user``; return it and its cookie value."""
        from bursar.db import session_scope

        s = Session(user=user, sid=secrets.token_urlsafe(24), csrf=secrets.token_urlsafe(24))
        now = utcnow()
        with session_scope() as db:
            db.add(
                UserSession(
                    id=session_key(s.sid), user_name=user, address=(address or "")[:64] or None,
                    created_at=now, last_seen_at=now,
                    expires_at=now + timedelta(seconds=self.max_age),
                )
            )  # fmt: skip
        return s, self._signer.dumps({"u": s.user, "sid": s.sid, "csrf": s.csrf})

    def _signed(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data: Any = self._signer.loads(cookie, max_age=self.max_age)
        except BadSignature:  # includes SignatureExpired
            return None
        if not isinstance(data, dict) or not all(
            isinstance(data.get(k), str) for k in ("u", "sid", "csrf")
        ):
            return None
        return Session(user=data["u"], sid=data["sid"], csrf=data["csrf"])

    def read(self, cookie: str | None) -> Session | None:
        """Return the session in ``cookie``, or None when absent, forged, expired, idle or
        revoked (checked in the database)."""
        from bursar.db import session_scope

        s = self._signed(cookie)
        if s is None:
            return None
        now = utcnow()
        with session_scope() as db:
            row = db.get(UserSession, session_key(s.sid))
            if row is None or row.user_name != s.user or row.revoked_at is not None:
                return None
            seen = row.last_seen_at or row.created_at or now
            if (row.expires_at and now >= row.expires_at) or (
                now - seen
            ).total_seconds() > self.idle:
                row.revoked_at, row.revoked_why = now, "timeout"
                db.add(row)
                return None
            if (now - seen).total_seconds() > self.TOUCH_EVERY:
                row.last_seen_at = now
                db.add(row)
        return s

    def end(self, session: Session, why: str = "logout") -> None:
        """Refuse this session from now on, in every process (logout)."""
        from bursar.db import session_scope

        with session_scope() as db:
            row = db.get(UserSession, session_key(session.sid))
            if row is not None and row.revoked_at is None:
                row.revoked_at, row.revoked_why = utcnow(), why
                db.add(row)


def revoke_sessions(db: Any, user: str, why: str, *, keep: str | None = None) -> int:
    """End every open session of ``user`` (but ``keep``, a session id); return how many."""
    from sqlmodel import col, select

    rows = db.exec(
        select(UserSession).where(
            UserSession.user_name == user, col(UserSession.revoked_at).is_(None)
        )
    ).all()
    now, n = utcnow(), 0
    for row in rows:
        if keep is not None and row.id == session_key(keep):
            continue
        row.revoked_at, row.revoked_why = now, why
        db.add(row)
        n += 1
    return n
