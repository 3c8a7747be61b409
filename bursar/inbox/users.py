"""People who use the inbox: roles, what each role may do, approval limits, and user admin.

Permissions are fixed per role (a finance team's usual split of duties):

=========== ====================================================================
clerk       view, correct fields, hold, assign
approver    view, correct, hold, assign, approve (up to the limit), reject
controller  as approver, plus confirm a vendor bank-detail change
admin       everything a controller may do
auditor     view only (read-only everywhere, including the API)
=========== ====================================================================

A user's ``approval_limit`` overrides the role default below. Limits are amounts in
``base_currency`` when that setting is given (a document in another currency is converted
with ``fx_rates``, and refused without a rate: ``bursar.fx``); without it they compare
with each document's amount in its own currency, and ``bursar doctor`` warns.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from bursar import audit
from bursar.errors import InputError
from bursar.inbox.security import hash_password, revoke_sessions, verify_password
from bursar.records import Passkey, User
from bursar.roles import ROLES  # noqa: E402,F401 - re-exported
from bursar.secrets import is_sealed, seal, unseal
from bursar.types import utcnow

PERMISSIONS: dict[str, frozenset[str]] = {
    "clerk": frozenset({"view", "correct", "hold", "assign"}),
    "approver": frozenset({"view", "correct", "hold", "assign", "approve", "reject"}),
    "controller": frozenset(
        {"view", "correct", "hold", "assign", "approve", "reject", "bank_confirm"}
    ),
    "admin": frozenset({"view", "correct", "hold", "assign", "approve", "reject", "bank_confirm"}),
    "auditor": frozenset({"view"}),
}
MFA_ROLES = ("admin", "controller")  # with ``require_mfa = true`` they need a TOTP code
ROLE_LIMITS: dict[str, Decimal | None] = {
    "clerk": Decimal("0"),
    "approver": Decimal("10000"),
    "controller": Decimal("100000"),
    "admin": None,  # no limit
    "auditor": Decimal("0"),
}


@dataclass(frozen=True)
class Person:
    """A signed-in user, as the web app sees them."""

    name: str
    role: str
    limit: Decimal | None  # None = no limit

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    @property
    def read_only(self) -> bool:
        return PERMISSIONS.get(self.role, frozenset()) <= {"view"}


def person(user: User) -> Person:
    """Return the web-facing view of a user row, with the limit that applies."""
    limit = user.approval_limit if user.approval_limit is not None else ROLE_LIMITS[user.role]
    return Person(name=user.name, role=user.role, limit=limit)


def parse_limit(text: str | None) -> Decimal | None:
    """Return ``text`` as a non-negative Decimal amount, or None when empty."""
    if text is None or text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise InputError(f"not an amount: {text!r}", code="bad_limit") from exc
    if not value.is_finite() or value < 0:
        raise InputError(f"limit must be a non-negative amount, got {text!r}", code="bad_limit")
    return value


def add_user(
    session: Session,
    name: str,
    role: str,
    password: str,
    *,
    limit: Decimal | None = None,
    actor: str = "cli",
) -> User:
    """Create a user (audited) and return it; raise ``InputError`` on bad input."""
    name = name.strip()
    if not name or len(name) > 64 or any(c.isspace() or c in "/:" for c in name):
        raise InputError("user names are 1-64 characters without spaces, '/' or ':'")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    check_password_rules(password)
    if session.exec(select(User).where(User.name == name)).first():
        raise InputError(f"user {name!r} already exists", code="exists")
    user = User(name=name, role=role, password_hash=hash_password(password), approval_limit=limit)
    session.add(user)
    session.flush()
    audit.append(
        session,
        actor,
        "user.added",
        f"user/{name}",
        {"role": role, "approval_limit": None if limit is None else str(limit)},
    )
    return user


def disable_user(session: Session, name: str, *, actor: str = "cli") -> User:
    """Mark a user inactive (audited); their sessions stop working on the next request."""
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise InputError(f"no user {name!r}", code="not_found")
    before = user.active
    user.active = False
    session.add(user)
    ended = revoke_sessions(session, name, "disabled")
    audit.append(
        session, actor, "user.disabled", f"user/{name}",
        {"before": {"active": before}, "after": {"active": False}, "sessions_ended": ended},
    )  # fmt: skip
    return user


def get_user(session: Session, name: str) -> User:
    """Return the user called ``name``; raise ``InputError`` (not_found) when there is none."""
    return _user(session, name)


def _user(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise InputError(f"no user {name!r}", code="not_found")
    return user


def check_password_rules(password: str) -> None:
    if len(password) < 8:
        raise InputError("passwords need at least 8 characters")
    if len(password) > 1024:
        raise InputError("passwords are at most 1024 characters")


def set_password(
    session: Session, name: str, password: str, *, actor: str, keep: str | None = None
) -> User:
    """Set a new password (audited, never recorded) and end every session of the user
    (but ``keep``, the session that changed it)."""
    check_password_rules(password)
    user = _user(session, name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    session.add(user)
    ended = revoke_sessions(session, name, "password", keep=keep)
    audit.append(session, actor, "user.password_changed", f"user/{name}", {"sessions_ended": ended})
    return user


def enable_user(session: Session, name: str, *, actor: str) -> User:
    user = _user(session, name)
    before = user.active
    user.active = True
    session.add(user)
    audit.append(
        session, actor, "user.enabled", f"user/{name}",
        {"before": {"active": before}, "after": {"active": True}},
    )  # fmt: skip
    return user


def set_role(session: Session, name: str, role: str, *, actor: str) -> User:
    """Change a user's role (audited); their sessions end, so the new role applies at once."""
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    user = _user(session, name)
    before = user.role
    user.role = role
    session.add(user)
    ended = revoke_sessions(session, name, "role")
    audit.append(
        session, actor, "user.role_changed", f"user/{name}",
        {"before": {"role": before}, "after": {"role": role}, "sessions_ended": ended},
    )  # fmt: skip
    return user


def set_totp(session: Session, name: str, *, actor: str, enable: bool = True) -> str | None:
    """Give the user a new TOTP secret (returned once, for their authenticator app), or
    remove it; audited without the secret, and their sessions end. The database holds it
    encrypted with the secrets key (``bursar.secrets.seal``), which lives outside it."""
    import pyotp

    user = _user(session, name)
    secret = pyotp.random_base32() if enable else None
    user.totp_secret = seal(secret) if secret else None
    session.add(user)
    ended = revoke_sessions(session, name, "mfa")
    audit.append(
        session, actor, "user.mfa_enrolled" if enable else "user.mfa_removed", f"user/{name}",
        {"sessions_ended": ended},
    )  # fmt: skip
    return secret


def encrypt_totp_secrets(session: Session, *, actor: str) -> list[str]:
    """Encrypt every TOTP secret still stored in plain (by an older Bursar), each audited
    without the secret; return the names of the users whose secret was encrypted."""
    done = []
    for user in session.exec(select(User).where(col(User.totp_secret).is_not(None))).all():
        if not user.totp_secret or is_sealed(user.totp_secret):
            continue
        user.totp_secret = seal(user.totp_secret)
        session.add(user)
        audit.append(
            session, actor, "user.mfa_secret_encrypted", f"user/{user.name}",
            {"before": {"encrypted": False}, "after": {"encrypted": True}},
        )  # fmt: skip
        done.append(user.name)
    return sorted(done)


def mfa_required(user: User) -> bool:
    """True when this user must sign in with a second factor: a TOTP code or a passkey
    (then HTTP Basic, a password alone, is refused). ``user`` must belong to a session."""
    from sqlalchemy.orm import object_session

    from bursar.config import get_settings

    if user.totp_secret or (get_settings().require_mfa and user.role in MFA_ROLES):
        return True
    session = object_session(user)
    if session is None:
        return True  # cannot look: fail closed
    return (
        session.exec(select(Passkey.id).where(Passkey.user_name == user.name)).first() is not None
    )


def totp_ok(user: User, code: str | None) -> bool:
    """True when ``code`` is the user's TOTP code for now (one 30 s step of clock drift
    allowed) and was not used before; records its step, so a seen code is refused."""
    import pyotp

    digits = "".join((code or "").split())
    if not user.totp_secret or not digits.isdigit() or len(digits) != 6:
        return False
    totp = pyotp.TOTP(unseal(user.totp_secret))  # a plain one from an older Bursar works too
    now = utcnow()
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=drift * totp.interval)
        if hmac.compare_digest(totp.at(at), digits):
            step = totp.timecode(at)
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # replayed
            user.totp_last_step = step
            return True
    return False


def list_users(session: Session) -> list[User]:
    """Return every user, by name."""
    return list(session.exec(select(User).order_by(col(User.name))).all())


def active_user(session: Session, name: str) -> User | None:
    """Return the active user called ``name``, or None."""
    user = session.exec(select(User).where(User.name == name)).first()
    return user if user is not None and user.active else None


def authenticate(session: Session, name: str, password: str) -> User | None:
    """Return the active user when ``password`` is theirs, else None (constant-ish time)."""
    user = active_user(session, name)
    ok = verify_password(user.password_hash if user else None, password)
    return user if ok and user is not None else None
