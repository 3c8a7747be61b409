"""The local shadow row of a directory or provider user: created or updated at sign-in and
at each re-check, every change audited with before and after."""

from __future__ import annotations

from sqlmodel import Session, select

from bursar import audit
from bursar.inbox.security import revoke_sessions
from bursar.records import ExternalIdentity, SigninToken, User
from bursar.types import utcnow

from .mapping import Verdict

# No argon2 hash looks like this, so the local password check never accepts it.
NO_PASSWORD = "!external"  # noqa: S105
NAME_CHARS_BAD = set(" \t\r\n/:")


def valid_name(name: str) -> bool:
    """True when ``name`` can be a Bursar user name (1-64 characters, no spaces, / or :)."""
    return 0 < len(name) <= 64 and not (set(name) & NAME_CHARS_BAD) and name.isprintable()


def identity(session: Session, name: str) -> ExternalIdentity | None:
    """Return where user ``name`` signs in, or None for a local account."""
    return session.get(ExternalIdentity, name)


def sync(session: Session, source: str, verdict: Verdict, *, actor: str) -> tuple[User, str]:
    """Create or update the shadow user of an allowed ``verdict``; return it and what
    happened (``added``, ``changed`` or ``same``). Refuses (``ValueError``) a name that is
    a local account or comes from another source, so a directory cannot take one over."""
    name = verdict.username
    user = session.exec(select(User).where(User.name == name)).first()
    ident = session.get(ExternalIdentity, name)
    if user is not None and (ident is None or ident.source != source):
        raise ValueError(f"{name!r} is a {'local' if ident is None else ident.source} account")
    if ident is not None and ident.subject != verdict.subject:
        if source != "ldap":  # an OIDC name claim is not unique: the subject (iss|sub) is
            raise ValueError(f"{name!r} belongs to another {source} identity")
        # a directory name is unique there; its entry moved (another OU): follow it
        audit.append(session, actor, "user.identity_changed", f"user/{name}", {
            "source": source, "before": {"subject": ident.subject},
            "after": {"subject": verdict.subject},
        })  # fmt: skip
        ident.subject = verdict.subject
    assert verdict.role is not None
    now = utcnow()
    if user is None:
        user = User(name=name, role=verdict.role, password_hash=NO_PASSWORD,
                    approval_limit=verdict.limit)  # fmt: skip
        session.add(user)
        session.flush()
        session.add(ExternalIdentity(user_name=name, source=source, subject=verdict.subject,
                                     groups=list(verdict.groups), synced_at=now))  # fmt: skip
        audit.append(session, actor, "user.added", f"user/{name}", {
            "role": verdict.role, "source": source, "subject": verdict.subject,
            "approval_limit": None if verdict.limit is None else str(verdict.limit),
        })  # fmt: skip
        return user, "added"
    assert ident is not None
    before = {"role": user.role, "approval_limit": _text(user.approval_limit)}
    after = {"role": verdict.role, "approval_limit": _text(verdict.limit)}
    ident.groups, ident.synced_at = list(verdict.groups), now
    session.add(ident)
    if before == after:
        return user, "same"
    user.role, user.approval_limit = verdict.role, verdict.limit
    session.add(user)
    audit.append(session, actor, "user.role_changed", f"user/{name}", {
        "before": before, "after": after, "source": source, "groups": list(verdict.groups),
    })  # fmt: skip
    return user, "changed"


def refuse(session: Session, name: str, source: str, reason: str, *, always: bool = True) -> int:
    """End every session of ``name`` because the directory or provider no longer lets them
    in (audited ``user.access_revoked``, unless ``always`` is false and none was open);
    return how many sessions ended."""
    ended = revoke_sessions(session, name, f"{source}:{reason}")
    for token in session.exec(select(SigninToken).where(SigninToken.user_name == name)).all():
        session.delete(token)  # the provider's tokens of the ended sessions go too
    if not ended and not always:
        return 0
    audit.append(session, "system", "user.access_revoked", f"user/{name}",
                 {"source": source, "reason": reason, "sessions_ended": ended})  # fmt: skip
    return ended


def _text(value: object) -> str | None:
    return None if value is None else str(value)
