"""Passwords, the signing secret, session cookies, CSRF tokens and login throttling.

Sessions are stateless signed cookies (itsdangerous): ``{"u": name, "sid": ..., "csrf": ...}``
with a timestamp, so expiry is checked on every request without a sessions table. Logout
forgets the session id in this process (``SessionBook``); the cookie is also deleted.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bursar.config import Settings

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


class SessionBook:
    """Signs and reads session cookies; remembers sessions ended by logout."""

    def __init__(self, secret: str, max_age: int = SESSION_MAX_AGE):
        self.max_age = max_age
        self._signer = URLSafeTimedSerializer(secret, salt="bursar.inbox.session")
        self._ended: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, user: str) -> tuple[Session, str]:
        """Return a new session for ``user`` and its cookie value."""
        s = Session(user=user, sid=secrets.token_urlsafe(16), csrf=secrets.token_urlsafe(24))
        return s, self._signer.dumps({"u": s.user, "sid": s.sid, "csrf": s.csrf})

    def read(self, cookie: str | None) -> Session | None:
        """Return the session in ``cookie``, or None when absent, forged, expired or ended."""
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
        with self._lock:
            if data["sid"] in self._ended:
                return None
        return Session(user=data["u"], sid=data["sid"], csrf=data["csrf"])

    def end(self, session: Session) -> None:
        """Refuse this session from now on (logout)."""
        now = time.time()
        with self._lock:
            self._ended = {k: t for k, t in self._ended.items() if now - t < self.max_age}
            self._ended[session.sid] = now


class LoginThrottle:
    """Counts failed logins per key (IP, user name); over ``limit`` in ``window`` s refuses.

    In memory, per server process, and the only guard per client address; per user name
    the audit trail (``bursar.inbox.lockout``) carries the count across restarts and processes.
    """

    def __init__(self, limit: int = 5, window: float = 300.0):
        self.limit = limit
        self.window = window
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> float:
        """Return seconds to wait when any key is over the limit, else 0."""
        now = time.time()
        with self._lock:
            waits = [
                self.window - (now - q[0])
                for q in (self._recent(k, now) for k in keys)
                if len(q) >= self.limit
            ]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        now = time.time()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)
