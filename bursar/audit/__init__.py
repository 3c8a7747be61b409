"""The tamper-evident audit trail: a signed hash chain in the ``audit_event`` table.

Each event is hashed together with the previous event's hash::

    hash = sha256(prev_hash || canonical_json(event without hash))

and the hash is signed with an Ed25519 key kept outside the database
(``bursar.audit.keys``). Signed checkpoints of the head go to an append-only log
outside the database (``bursar.audit.checkpoints``): after a commit when the last one
is older than a minute, at the end of every batch, and on ``bursar audit checkpoint``.
Verification (``bursar.audit.verify``) holds the rows to the keys and the checkpoints,
so a database user can neither rewrite, forge, reorder nor cut the trail unseen.

The table is append-only (database triggers refuse UPDATE/DELETE), and appends are
serialised so that concurrent writers cannot fork the chain: ``BEGIN IMMEDIATE``
on SQLite (see ``bursar.db.session_scope``) and a transaction-scoped advisory
lock on PostgreSQL.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlmodel import Session, col, select

from bursar.audit import checkpoints as cps
from bursar.audit import keys
from bursar.audit.checkpoints import Checkpoint, Problem
from bursar.audit.verify import Verification, read_logs, verify_events
from bursar.audit.witness import witness_log
from bursar.canonical import canonical_json
from bursar.config import get_settings
from bursar.errors import InputError
from bursar.records import AuditEvent
from bursar.types import from_utc_text, utc_text, utcnow

__all__ = ["Verification", "append", "checkpoint", "export", "verify", "event_hash"]

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x42_55_52_53_41_52  # "BURSAR": one advisory lock for the whole chain
EXPORT_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "subject",
    "data",
    "prev_hash",
    "hash",
    "key_id",
    "sig",
)
_WROTE = "bursar.audit.wrote"  # session.info: this transaction appended events
_REASON = "bursar.audit.checkpoint"  # session.info: write a checkpoint after commit
_HEAD = "bursar.audit.head"  # session.info: the event this transaction appended last
_trusted: set[tuple[Path, str]] = set()
log = logging.getLogger("bursar.audit")


def event_hash(
    seq: int, at: str, actor: str, action: str, subject: str, data: str, prev_hash: str
) -> str:
    """Return the hash of one event from its fields (``data`` is canonical JSON text)."""
    body = canonical_json(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "subject": subject,
            "data": data,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    # SQLite: the caller's session began with BEGIN IMMEDIATE, so we hold the write lock.


def _last(session: Session) -> AuditEvent | None:
    return session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()


def _insert(
    session: Session,
    key: keys.SigningKey,
    actor: str,
    action: str,
    subject: str,
    data: dict[str, Any] | None,
    last: AuditEvent | None,
) -> AuditEvent:
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS
    at = utc_text(utcnow())
    payload = canonical_json(data or {})
    digest = event_hash(seq, at, actor, action, subject, payload, prev)
    ev = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        data=payload,
        prev_hash=prev,
        hash=digest,
        key_id=key.key_id,
        sig=key.sign(keys.EVENT_DOMAIN + digest.encode("ascii")),
    )
    session.add(ev)
    session.flush()
    _watch(session)
    session.info[_HEAD] = ev
    return ev


def _signing_key(session: Session, last: AuditEvent | None) -> tuple[keys.SigningKey, Any]:
    """Return the key to sign with (making one on first use) and the chain's last event."""
    settings = get_settings()
    key = keys.load_signing_key(settings)
    if settings.audit_trusted_keys is not None:  # pinned: never make, add or trust a key here
        if key is None:
            raise keys.missing_pinned_key(settings)
        keys.require_pinned(settings, key)
        return key, last
    how = None
    if key is None:  # a home made without `bursar init`: make the key now, and say so
        key, created = keys.create_signing_key(settings)
        how = "created" if created else None
    ring = keys.keyring_path(settings)
    if how is None and (ring, key.key_id) not in _trusted:
        how = "added" if keys.trust(settings, key.public) else None
    _trusted.add((ring, key.key_id))
    if how:
        seq = (last.seq + 1) if last else 1
        head = (last.seq, last.hash) if last else (0, GENESIS)
        try:  # the log says from which seq on every event must be signed
            cps.write(settings, key, *head, f"key {how}", signed_from=seq)
        except OSError as exc:  # the event below still records the key; doctor shows the log
            log.warning("audit checkpoint for the new key not written: %s", exc)
        data = {"key_id": key.key_id, "public_key": keys.public_pem(key.public), "how": how}
        subject = f"audit/key/{key.key_id}"
        last = _insert(session, key, "bursar", f"audit.key_{how}", subject, data, last)
    return key, last


def append(
    session: Session, actor: str, action: str, subject: str, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one signed event to the chain inside the caller's transaction and return it.

    The first append of a transaction takes the chain's lock (held until commit or
    rollback) and reads the last event; later ones in the same transaction continue from
    the event it appended last, which no one else can have followed while the lock is held.
    """
    last = session.info.get(_HEAD)
    if last is None:
        _lock_chain(session)
        last = _last(session)
    key, last = _signing_key(session, last)
    return _insert(session, key, actor, action, subject, data, last)


# --- checkpoints ----------------------------------------------------------------------------------


def _watch(session: Session) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "after_soft_rollback")  # also a savepoint's: its events are gone
def _forget_head(session: Session, _previous: Any) -> None:
    session.info.pop(_HEAD, None)


@event.listens_for(Session, "after_transaction_end")  # commit, rollback or close
def _end_head(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the lock is released: the next append reads the head
        session.info.pop(_HEAD, None)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_REASON, None)


@event.listens_for(Session, "after_commit")  # every session; a dict lookup when it wrote none
def _after_commit(session: Session) -> None:
    wrote = session.info.pop(_WROTE, False)
    reason = session.info.pop(_REASON, None)
    if not wrote and reason is None:
        return
    try:
        settings = get_settings()
        if reason is None and not cps.is_due(settings):  # the common case: one stat()
            return
        key = keys.load_signing_key(settings)
        if key is not None:
            keys.require_pinned(settings, key)
            seq, digest = head(session.get_bind())  # committed state, on its own connection
            cps.write(settings, key, seq, digest, reason or "interval", only_if_due=reason is None)
    except Exception as exc:  # the data is committed; a missing checkpoint shows in doctor
        log.warning("audit checkpoint not written: %s", exc)


def head(bind: Session | Engine | None = None) -> tuple[int, str]:
    """Return the committed (seq, hash) at the end of the chain (0 and GENESIS when empty)."""
    if isinstance(bind, Session):
        bind = bind.get_bind()  # type: ignore[assignment]
    if bind is None:
        from bursar.db import get_engine

        bind = get_engine()
    with bind.connect() as conn:  # type: ignore[union-attr]
        row = conn.execute(
            text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
        ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def checkpoint(
    bind: Session | Engine | None = None,
    reason: str = "manual",
    *,
    only_if_new: bool = False,
    only_if_due: bool = False,
) -> Checkpoint | None:
    """Write a signed checkpoint of the committed head now (None when skipped).

    Call it after the batch's transaction committed: it reads the head on its own
    connection. ``only_if_new`` skips it when the last checkpoint has the same seq;
    ``only_if_due`` when the last one is younger than ``audit_checkpoint_seconds`` (the
    heartbeat that keeps a quiet trail's checkpoints fresh, issue 22).
    """
    settings = get_settings()
    key = keys.load_signing_key(settings)
    if key is None and settings.audit_trusted_keys is not None:
        raise keys.missing_pinned_key(settings)
    if key is None:
        if only_if_new:
            return None
        raise InputError("there is no audit signing key yet; run `bursar init`")
    keys.require_pinned(settings, key)
    seq, digest = head(bind)
    return cps.write(
        settings, key, seq, digest, reason, only_if_new=only_if_new, only_if_due=only_if_due
    )


def checkpoint_after_batch(reason: str) -> Checkpoint | None:
    """A checkpoint at the end of an ingest/import/inbox batch, when it added events."""
    try:
        return checkpoint(None, reason, only_if_new=True)
    except Exception as exc:  # the batch is done and committed; doctor shows the gap
        log.warning("audit checkpoint after %s not written: %s", reason, exc)
        return None


def checkpoint_on_commit(session: Session, reason: str) -> None:
    """Write a checkpoint once ``session``'s transaction commits (end of a batch)."""
    _watch(session)
    session.info[_REASON] = reason


def ensure_signing_key() -> str:
    """Make the signing key when there is none (``bursar init``); return its key id."""
    settings = get_settings()
    if keys.pinned_keys(settings) and keys.load_signing_key_or_none(settings) is None:
        raise keys.missing_pinned_key(settings)  # keys are pinned already: a new one is no use
    key, created = keys.create_signing_key(settings)
    if created:  # from the next event on, every event must be signed
        seq, digest = head()
        cps.write(settings, key, seq, digest, "key created", signed_from=seq + 1)
    return key.key_id


def rotate_key(actor: str = "cli") -> tuple[str, str]:
    """Sign with a new key from the next seq on; return (old key id, new key id)."""
    from bursar.db import session_scope

    settings = get_settings()
    with session_scope() as session:
        _lock_chain(session)
        old, last = _signing_key(session, _last(session))
        old, new = keys.rotate_signing_key(settings)
        data = {
            "from_key_id": old.key_id,
            "to_key_id": new.key_id,
            "public_key": keys.public_pem(new.public),
        }
        _insert(session, old, actor, "audit.key_rotated", f"audit/key/{new.key_id}", data, last)
        checkpoint_on_commit(session, "key rotated")
    return old.key_id, new.key_id


# --- verification ---------------------------------------------------------------------------------


def _iter_events(session: Session, batch: int = 2000) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = session.exec(
            select(AuditEvent)
            .where(AuditEvent.seq > after)
            .order_by(col(AuditEvent.seq))
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def _trust_and_logs(
    public_key: Path | None, checkpoint_files: Sequence[Path] | None
) -> tuple[dict, Any]:
    settings = get_settings()
    if public_key is not None:
        if not public_key.exists():
            raise InputError("file not found", where=str(public_key))
        trusted = keys.read_keyring(public_key)
        if not trusted:
            raise InputError("no public key in the file", where=str(public_key))
    else:
        trusted = keys.read_keyring(keys.trusted_path(settings))
    if checkpoint_files is not None:
        for path in checkpoint_files:
            if not path.exists():
                raise InputError("file not found", where=str(path))
        return trusted, read_logs(list(checkpoint_files), [], trusted)
    primary = cps.log_path(settings)
    mirror = cps.mirror_path(settings)
    witness = settings.audit_witness_dir
    logs = read_logs(
        [primary] if primary.exists() else [],
        [mirror] if mirror else [],
        trusted,
        [witness_log(witness)] if witness else [],
    )
    pinned = settings.audit_trusted_keys
    if pinned is not None and not pinned.expanduser().exists():
        logs.problems.append(Problem(None, f"the pinned trusted keys {pinned} are missing"))
    if trusted and not primary.exists():
        logs.problems.append(Problem(None, f"the checkpoint log {primary} is missing"))
    elif trusted and not logs.in_primary:  # a key signs from its first checkpoint on
        logs.problems.append(Problem(None, f"the checkpoint log {primary} holds no checkpoint"))
    stale = _stale(settings, logs)
    if stale is not None:
        logs.problems.append(stale)
    return trusted, logs


def _stale(settings: Any, logs: Any) -> Problem | None:
    """A problem when the newest checkpoint is older than the interval plus the grace."""
    grace = settings.audit_checkpoint_grace_seconds
    if grace is None:
        return None
    limit = settings.audit_checkpoint_seconds + grace
    pool = logs.witnessed if settings.audit_witness_dir else logs.checkpoints
    where = "the witness's" if settings.audit_witness_dir else "the"
    newest = max(pool, key=lambda cp: (cp.at, cp.seq), default=None)
    if newest is None:
        return Problem(1, f"{where} checkpoint log holds no checkpoint (limit {limit} s)")
    try:
        age = (utcnow() - from_utc_text(newest.at)).total_seconds()
    except ValueError:
        return Problem(newest.seq + 1, f"{where} newest checkpoint has a bad time {newest.at!r}")
    if age <= limit:
        return None
    return Problem(
        newest.seq + 1,
        f"{where} newest checkpoint (seq {newest.seq}, {newest.at}) is {int(age)} s old, more "
        f"than audit_checkpoint_seconds + audit_checkpoint_grace_seconds = {limit} s: "
        "checkpoints stopped, or the trail was cut together with the log's last lines",
    )


def verify(
    session: Session,
    *,
    public_key: Path | None = None,
    checkpoint_files: Sequence[Path] | None = None,
) -> Verification:
    """Check chain, signatures and checkpoints; say where the trail first breaks, if anywhere."""
    trusted, logs = _trust_and_logs(public_key, checkpoint_files)
    return verify_events(_iter_events(session), trusted, logs, event_hash)


def verify_export(
    trail: Path, *, public_key: Path | None = None, checkpoint_files: Sequence[Path] | None = None
) -> Verification:
    """Verify an exported trail (JSON lines or CSV) with public keys and checkpoint logs only."""
    from bursar.audit.verify import BadExport, read_export

    if not trail.exists():
        raise InputError("file not found", where=str(trail))
    trusted, logs = _trust_and_logs(public_key, checkpoint_files or [])
    if not checkpoint_files:
        logs.warnings.append("no checkpoint log given (--checkpoints): a cut tail cannot be seen")
    seen = [0]

    def rows() -> Iterator[Any]:
        for row in read_export(trail):
            seen[0] = row.seq
            yield row

    try:
        return verify_events(rows(), trusted, logs, event_hash)
    except BadExport as exc:
        seq = exc.seq if exc.seq is not None else seen[0] + 1
        problem = Problem(seq, exc.reason)
        return Verification(False, seen[0], "", seq, exc.reason, problems=(problem,))


# --- reading --------------------------------------------------------------------------------------


def events_for(session: Session, subject: str) -> list[AuditEvent]:
    """Return every event about ``subject`` (exact, or ``subject/...`` children), oldest first."""
    stmt = (
        select(AuditEvent)
        .where((AuditEvent.subject == subject) | col(AuditEvent.subject).startswith(subject + "/"))
        .order_by(col(AuditEvent.seq))
    )
    return list(session.exec(stmt).all())


def as_dict(ev: AuditEvent) -> dict[str, Any]:
    """Return one event as a plain dict with ``data`` decoded."""
    return {
        "seq": ev.seq,
        "at": ev.at,
        "actor": ev.actor,
        "action": ev.action,
        "subject": ev.subject,
        "data": json.loads(ev.data),
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
        "key_id": ev.key_id,
        "sig": ev.sig,
    }


def export(session: Session, fmt: str, since: str | None = None) -> Iterable[str]:
    """Yield the trail as JSON lines or CSV rows (``data`` kept as its canonical text)."""
    events = (ev for ev in _iter_events(session) if since is None or ev.at >= since)
    if fmt == "jsonl":
        for ev in events:
            yield canonical_json(as_dict(ev)) + "\n"
        return
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for ev in events:
        writer.writerow([getattr(ev, c) or "" for c in EXPORT_COLUMNS])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
