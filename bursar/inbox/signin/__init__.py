"""Sign-in back ends behind one interface (issue 26): ``local`` (the users table and its
argon2 hashes), ``ldap`` (a directory or Active Directory) and ``oidc`` (an OpenID
provider), chosen in ``[signin]`` of ``bursar.toml``.

* ``check_password`` serves the user name + password form and HTTP Basic: the ``local``
  and ``ldap`` back ends in the order of ``backends``. The throttles, TOTP and audit of
  the callers stay as they are, so they apply to directory users too.
* ``recheck`` runs at every request of a signed-in directory or provider user (through a
  per-session cache of ``recheck_seconds``): a person disabled there or no longer in a
  mapped group loses every session at the next request; a changed group changes their
  role at once (audited with before and after).
* A directory or provider user gets a local shadow row (``shadow.sync``) for roles,
  approval limits and audit names; ``external_identity`` marks it.
"""

from __future__ import annotations

import logging
import threading
import time
from functools import lru_cache
from typing import Any

from sqlmodel import Session as DbSession
from sqlmodel import select

from bursar import audit
from bursar.config import SigninSettings, get_settings
from bursar.db import session_scope
from bursar.inbox.security import Session, session_key
from bursar.inbox.users import Person, authenticate, person
from bursar.records import SigninToken, User
from bursar.secrets import seal, unseal

from . import shadow
from .mapping import Verdict, check_mapping

log = logging.getLogger("bursar.inbox.signin")
__all__ = ["Verdict", "check_password", "recheck", "backend", "settings"]


def settings() -> SigninSettings:
    return get_settings().signin


@lru_cache(maxsize=8)
def _backend(kind: str, cfg_json: str) -> Any:
    cfg = SigninSettings.model_validate_json(cfg_json)
    check_mapping(cfg.groups)
    if kind == "ldap":
        from .ldap import LdapBackend

        assert cfg.ldap is not None
        return LdapBackend(cfg.ldap, cfg.groups)
    from .oidc import OidcBackend

    assert cfg.oidc is not None
    return OidcBackend(cfg.oidc, cfg.groups)


def backend(kind: str) -> Any | None:
    """Return the configured ``ldap`` or ``oidc`` back end, or None when it is not on."""
    cfg = settings()
    if kind not in cfg.backends or getattr(cfg, kind) is None:
        return None
    return _backend(kind, cfg.model_dump_json())


def signed_in(db: DbSession, user: User, source: str, verdict: Verdict, change: str) -> None:
    """Audit a directory or provider sign-in (``user.signed_in``)."""
    audit.append(db, user.name, "user.signed_in", f"user/{user.name}", {
        "source": source, "subject": verdict.subject, "groups": list(verdict.groups),
        "role": user.role, "shadow": change,
    })  # fmt: skip


_ASK = Verdict(False, reason="ask")  # check_password: bind now (no answer passed in)


def _directory_name(db: DbSession, name: str) -> str | None:
    """Return the name to ask the directory about, or None when it has no say: LDAP is
    off, the name cannot be a user's, or it is a local account."""
    if backend("ldap") is None:
        return None
    name = name.strip().lower()
    if not shadow.valid_name(name):
        return None
    local = db.exec(select(User.id).where(User.name == name)).first()
    if local is not None and shadow.identity(db, name) is None:
        return None  # a local account: the directory does not speak for it
    return name


def canonical_name(typed: str) -> str:
    """Return the name the throttles count ``typed`` under: a directory compares names
    without case, so with LDAP on, a name that is no local account is folded to lower case
    (else "Dana", "DANA" ... would each get their own free failures)."""
    if backend("ldap") is None:
        return typed
    with session_scope(write=False) as db:
        if db.exec(select(User.id).where(User.name == typed)).first() is not None:
            return typed  # a local account keeps its exact name
    return typed.strip().lower()


def ask_directory(name: str, password: str) -> Verdict | None:
    """Check ``name`` and ``password`` with the directory outside any write transaction (a
    slow directory then holds no database lock); pass the answer to ``check_password``."""
    with session_scope(write=False) as db:
        asked = _directory_name(db, name)
    ldap = backend("ldap")
    return None if asked is None or ldap is None else ldap.check_password(asked, password)


def check_password(
    db: DbSession,
    name: str,
    password: str,
    *,
    audit_signin: bool = True,
    verdict: Verdict | None = _ASK,
) -> User | None:
    """Return the active user that ``name`` and ``password`` sign in, else None: a local
    account by its hash, a directory user by a bind (``verdict``, from ``ask_directory``,
    or asked now); their shadow row is brought up to date first. A local account's name is
    never handed to the directory."""
    for kind in settings().backends:
        if kind == "local":
            if shadow.identity(db, name) is None:
                user = authenticate(db, name, password)
                if user is not None:
                    return user
            continue
        if kind != "ldap" or backend("ldap") is None:
            continue
        if verdict is _ASK:
            asked = _directory_name(db, name)
            verdict = None if asked is None else backend("ldap").check_password(asked, password)
        if verdict is None:
            continue
        if not verdict.allowed:
            if verdict.reason in ("disabled", "no_group") and shadow.identity(db, verdict.username):
                shadow.refuse(db, verdict.username, "ldap", verdict.reason, always=False)
            continue
        try:
            user, change = shadow.sync(db, "ldap", verdict, actor=verdict.username)
        except ValueError as exc:
            log.warning("directory sign-in refused: %s", exc)
            continue
        if not user.active:
            return None  # disabled in Bursar itself
        if audit_signin:
            signed_in(db, user, "ldap", verdict, change)
        return user
    return None


# --- re-checks at each request -------------------------------------------------------------------

_cache: dict[str, tuple[float, Person]] = {}
_locks: dict[str, threading.Lock] = {}
_cache_lock = threading.Lock()


PRUNE_AT = 4096


def _prune(ttl: float) -> None:
    """Forget the cache entries and locks of sessions not re-checked within ``ttl``."""
    now = time.monotonic()
    for sid in [k for k, lock in _locks.items() if not lock.locked()]:
        hit = _cache.get(sid)
        if hit is None or now - hit[0] >= ttl:
            _cache.pop(sid, None)
            _locks.pop(sid, None)


def forget(sid: str | None = None) -> None:
    """Drop cached re-check answers (of one session, or all)."""
    with _cache_lock:
        if sid is None:
            _cache.clear()
            _locks.clear()
        else:
            _cache.pop(sid, None)


def recheck(session: Session, found: Person) -> Person | None:
    """Return ``found`` (updated) while the directory or provider still lets them in, else
    None after ending every session of theirs. Local accounts pass unchanged. An
    unreachable directory raises ``SystemError_`` (503): the request is refused, the
    sessions stay. One re-check per session at a time in this process (two requests of
    one browser must not both spend a rotating refresh token)."""
    ttl = settings().recheck_seconds
    with _cache_lock:
        if len(_locks) > PRUNE_AT:  # ended sessions leave entries behind: drop idle ones
            _prune(ttl)
        lock = _locks.setdefault(session.sid, threading.Lock())
    with lock:
        with _cache_lock:
            hit = _cache.get(session.sid)
        if hit is not None and time.monotonic() - hit[0] < ttl and hit[1].name == found.name:
            return hit[1]
        now_person = _recheck(session, found)
        with _cache_lock:
            if now_person is None:
                _cache.pop(session.sid, None)
                _locks.pop(session.sid, None)
            else:
                _cache[session.sid] = (time.monotonic(), now_person)
        return now_person


def _recheck(session: Session, found: Person) -> Person | None:
    with session_scope(write=False) as db:
        ident = shadow.identity(db, found.name)
        if ident is None:
            return found
        source, subject, groups = ident.source, ident.subject, sorted(ident.groups or [])
        user = db.exec(select(User).where(User.name == found.name)).first()
        held = (user.role, user.approval_limit) if user is not None else None
        token = db.get(SigninToken, session_key(session.sid)) if source == "oidc" else None
        tokens = None
        if token is not None:
            tokens = (unseal(token.access_token), unseal(token.refresh_token or "") or None)
    verdict, fresh = _ask(source, found.name, subject, tokens)
    unchanged = verdict.allowed and fresh is None and verdict.subject == subject
    if unchanged and (verdict.role, verdict.limit) == held and sorted(verdict.groups) == groups:
        return found  # nothing to write
    with session_scope(write=True) as db:
        if not verdict.allowed:
            shadow.refuse(db, found.name, source, verdict.reason or "refused")
            return None
        try:
            user, _ = shadow.sync(db, source, verdict, actor="system")
        except ValueError:
            shadow.refuse(db, found.name, source, "another_subject")
            return None
        if fresh is not None:
            _store_tokens(db, session, user.name, fresh)
        return person(user) if user.active else None


def _ask(
    source: str, name: str, subject: str, tokens: tuple[str, str | None] | None
) -> tuple[Verdict, dict[str, Any] | None]:
    found = backend(source)
    if found is None:
        return Verdict(False, name, subject, reason="backend_off"), None
    if source == "ldap":
        return found.lookup(name), None  # a moved entry (new DN) is followed by sync
    if tokens is None:
        return Verdict(False, name, subject, reason="no_token"), None
    verdict, fresh = found.recheck(subject, *tokens)
    if verdict.allowed and verdict.username != name:
        return Verdict(False, name, subject, reason="another_username"), None
    return verdict, fresh


def _store_tokens(db: DbSession, session: Session, name: str, token: dict[str, Any]) -> None:
    """Keep an OIDC sign-in's tokens, sealed, for its re-checks."""
    from datetime import UTC, datetime

    key = session_key(session.sid)
    row = db.get(SigninToken, key) or SigninToken(session_id=key, user_name=name,
                                                  access_token="")  # fmt: skip
    row.access_token = seal(str(token["access_token"]))
    if token.get("refresh_token"):
        row.refresh_token = seal(str(token["refresh_token"]))
    expires = token.get("expires_at")
    row.expires_at = datetime.fromtimestamp(int(expires), UTC) if expires else None
    db.add(row)


def store_tokens(session: Session, name: str, token: dict[str, Any]) -> None:
    with session_scope(write=True) as db:
        _store_tokens(db, session, name, token)


def is_external(db: DbSession, name: str) -> str | None:
    """Return ``ldap`` or ``oidc`` when ``name`` signs in there, else None."""
    ident = shadow.identity(db, name)
    return ident.source if ident else None
