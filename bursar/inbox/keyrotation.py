"""Key rotation for everything sealed with the vault key: ``bursar secrets rotate``.

The steps, each safe to die in (a rerun finishes the rotation instead of starting another):

1. A new key goes first in the key file, the old ones stay after it (one atomic rename).
   From here new values are sealed with the new key; old ones still open with theirs.
2. The vault file is re-encrypted under the new key (one atomic rename).
3. Every sealed value in the database (TOTP seeds, passkeys) is re-sealed in ONE
   transaction, with the audit event ``secrets.rotated`` (key ids and counts only). A crash
   before the commit leaves every row as it was, still open with the old key.
4. Only when a fresh look finds nothing sealed with another key are the old keys dropped
   from the key file. Until then the file holds them, so nothing is ever unreadable.

A key file with more than one key is therefore an unfinished rotation, and ``rotate`` first
finishes that one. Old database backups need the old key: keep a copy of the key file from
before the rotation with those backups.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from bursar import audit, secrets
from bursar.db import session_scope
from bursar.errors import ConfigError
from bursar.records import Passkey, SigninToken, User

ROTATED = "secrets.rotated"


@dataclass
class Rotation:
    """What a rotation did: key ids (never keys) and how many values it re-sealed."""

    to: str
    old: list[str]
    resumed: bool
    vault_entries: int = 0
    totp_seeds: int = 0
    passkeys: int = 0
    dropped: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _sealed(session: Session) -> list[tuple[str, Any, str]]:
    """Return every sealed database value as (kind, row, attribute)."""
    found: list[tuple[str, Any, str]] = []
    users = session.exec(select(User).where(col(User.totp_secret).is_not(None))).all()
    found += [("totp_seeds", u, "totp_secret") for u in users if secrets.is_sealed(u.totp_secret)]
    found += [("passkeys", p, "sealed") for p in session.exec(select(Passkey)).all()]
    for t in session.exec(select(SigninToken)).all():  # OIDC sessions' provider tokens
        found += [("signin_tokens", t, a) for a in ("access_token", "refresh_token")
                  if secrets.is_sealed(getattr(t, a))]  # fmt: skip
    return found


def _next_id(ring: list[tuple[str, bytes]]) -> str:
    return f"v{max(int(kid[1:]) for kid, _ in ring) + 1}"


def _start() -> tuple[str, list[str], bool]:
    """Return (new key id, old key ids, resumed): add a key, or find an unfinished rotation."""
    from cryptography.fernet import Fernet

    ring = secrets.key_ring(create=True)
    if len(ring) > 1:
        return ring[0][0], [kid for kid, _ in ring[1:]], True
    new = _next_id(ring)
    secrets.write_ring([(new, Fernet.generate_key()), *ring])
    return new, [kid for kid, _ in ring], False


def _reseal_database(job: Rotation, actor: str) -> None:
    """Re-seal every database value under the current key: one transaction, audited."""
    with session_scope(write=True) as session:
        counts: Counter[str] = Counter()
        for kind, row, attr in _sealed(session):
            if secrets.needs_reseal(getattr(row, attr)):
                setattr(row, attr, secrets.reseal(getattr(row, attr)))
                session.add(row)
                counts[kind] += 1
        job.totp_seeds, job.passkeys = counts["totp_seeds"], counts["passkeys"]
        audit.append(
            session, actor, ROTATED, "secrets/vault",
            {"from": job.old, "to": job.to, "resumed": job.resumed,
             "vault_entries": job.vault_entries, "totp_seeds": job.totp_seeds,
             "passkeys": job.passkeys},
        )  # fmt: skip


def left_behind() -> Counter[str]:
    """Return, per key id, how many sealed values the current key did not seal ("vault" for
    the vault file; "legacy" for values from before key ids)."""
    current = secrets.current_key_id()
    left: Counter[str] = Counter()
    if secrets.vault_path().exists() and secrets.vault_key_id() != current:
        left[secrets.vault_key_id() or "legacy"] += 1
    with session_scope(write=False) as session:
        for _, row, attr in _sealed(session):
            if secrets.needs_reseal(getattr(row, attr)):
                left[secrets.key_id_of(getattr(row, attr)) or "legacy"] += 1
    return left


def rotate(*, actor: str = "cli") -> Rotation:
    """Rotate the vault key (or finish an unfinished rotation); return what was done."""
    new, old, resumed = _start()
    job = Rotation(to=new, old=old, resumed=resumed)
    job.vault_entries = secrets.reseal_vault()
    _reseal_database(job, actor)
    left = left_behind()
    if left:  # a value sealed by a process that still had the old key: run again
        raise ConfigError(
            f"{sum(left.values())} values are still sealed with an old key; run "
            "`bursar secrets rotate` again (the old keys stay until then)",
            where="secrets",
        )
    ring = secrets.key_ring()
    job.dropped = [kid for kid, _ in ring[1:]]
    secrets.write_ring(ring[:1])
    return job


def status() -> dict[str, Any]:
    """Return the key ids in the key file (current first) and what is still sealed with
    another key than the current one."""
    ring = secrets.key_ring()
    return {
        "current": ring[0][0] if ring else None,
        "keys": [kid for kid, _ in ring],
        "unfinished_rotation": len(ring) > 1,
        "left_behind": dict(left_behind()) if ring else {},
    }
