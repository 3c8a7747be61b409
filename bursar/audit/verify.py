"""Verify the audit trail: the chain, every signature, and the checkpoint logs.

The rows are checked against what a database user cannot change: the public keys in
the keyring and the signed checkpoints outside the database. Each finding names the
first seq it concerns; the result names the smallest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bursar.audit import checkpoints as cps
from bursar.audit.checkpoints import Checkpoint, Problem
from bursar.audit.keys import EVENT_DOMAIN, verify_signature

GENESIS = cps.GENESIS
ROTATED = "audit.key_rotated"


class EventLike(Protocol):
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    data: str
    prev_hash: str
    hash: str
    key_id: str | None
    sig: str | None


@dataclass(frozen=True)
class Verification:
    """The outcome of checking the trail."""

    ok: bool
    events: int  # events checked and intact before the first problem
    head: str
    broken_seq: int | None = None
    reason: str | None = None
    signed: int = 0
    unsigned: int = 0  # written before signing started (legacy)
    checkpoints: int = 0
    checkpoint_seq: int | None = None  # the highest seq a checkpoint vouches for
    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": self.head,
            "broken_seq": self.broken_seq,
            "reason": self.reason,
            "signed": self.signed,
            "unsigned": self.unsigned,
            "checkpoints": self.checkpoints,
            "checkpoint_seq": self.checkpoint_seq,
            "problems": [p.to_json() for p in self.problems],
            "warnings": list(self.warnings),
        }


@dataclass
class Logs:
    """What the checkpoint logs say, checked: good checkpoints, problems, warnings."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    witnessed: list[Checkpoint] = field(default_factory=list)  # those the witness holds
    in_primary: int = 0  # good lines in the log(s) themselves, not their copies


def read_logs(
    primary: list[Path],
    mirrors: list[Path],
    keys: dict[str, Ed25519PublicKey],
    witnesses: list[Path] | None = None,
) -> Logs:
    """Check each log; a mirror's own gaps are warnings, lines it has and a log lacks are not.

    A witness is a mirror the service user cannot write: it must be there and hold lines.
    """
    out = Logs()
    raw_lines: list[str] = []
    for path in primary:
        good, problems, raws = cps.read_log(path, keys)
        out.checkpoints += good
        out.in_primary += len(good)
        out.problems += problems
        raw_lines += raws
    for path in mirrors:
        if not path.exists():
            out.warnings.append(f"mirror log {path} is missing")
            continue
        good, problems, _ = cps.read_log(path, keys)
        out.warnings += [f"mirror {path}: {p.reason}" for p in problems]
        out.problems += cps.compare_mirror(raw_lines, good, str(path))
        out.checkpoints += good
    for path in witnesses or []:
        if not path.exists():
            out.problems.append(
                Problem(None, f"the witness log {path} is missing: no checkpoint reached it")
            )
            continue
        good, problems, _ = cps.read_log(path, keys)
        # Gaps are lines the app could not hand in (the witness was down): the log has them.
        out.warnings += [f"witness {path}: {p.reason}" for p in problems]
        if not good:
            out.problems.append(Problem(None, f"the witness log {path} holds no checkpoint"))
        out.problems += cps.compare_mirror(raw_lines, good, f"the witness log {path}")
        out.checkpoints += good
        out.witnessed += good
    return out


def _signed_ok(
    ev: EventLike, keys: dict[str, Ed25519PublicKey], retired: dict[str, int]
) -> str | None:
    """Return why ``ev``'s signature is not acceptable, or None."""
    kid = ev.key_id or ""
    public = keys.get(kid)
    if public is None:
        return f"signed with key {kid!r}, which is not a trusted key"
    if kid in retired and ev.seq > retired[kid]:
        return f"signed with key {kid}, retired at seq {retired[kid]}"
    if not verify_signature(public, EVENT_DOMAIN + ev.hash.encode("ascii"), ev.sig or ""):
        return "signature does not match the event (forged or changed)"
    return None


def verify_events(
    events: Iterable[EventLike],
    keys: dict[str, Ed25519PublicKey],
    logs: Logs,
    event_hash,  # type: ignore[no-untyped-def]  # bursar.audit.event_hash (no import cycle)
) -> Verification:
    """Walk the events once, checking chain, signatures and checkpoints."""
    by_seq: dict[int, list[Checkpoint]] = {}
    for cp in logs.checkpoints:
        by_seq.setdefault(cp.seq, []).append(cp)
    starts = [cp.signed_from for cp in logs.checkpoints if cp.signed_from is not None]
    signed_from = min(starts) if starts else None
    prev, expected, count, signed, unsigned = GENESIS, 1, 0, 0, 0
    retired: dict[str, int] = {}
    problem: Problem | None = None
    for ev in events:
        problem = _check_one(ev, expected, prev, event_hash)
        if problem is None and ev.sig:
            why = _signed_ok(ev, keys, retired)
            problem = Problem(ev.seq, why) if why else None
            if why is None and ev.action == ROTATED:
                retired[str(json.loads(ev.data).get("from_key_id"))] = ev.seq
        elif problem is None and (signed or (signed_from is not None and ev.seq >= signed_from)):
            problem = Problem(ev.seq, "event is not signed (signing had started)")
        if problem is None:
            for cp in by_seq.get(ev.seq, ()):
                if cp.hash != ev.hash:
                    problem = Problem(
                        ev.seq,
                        f"hash differs from the checkpoint of {cp.at} (line {cp.n}): "
                        "this event or one before it was rewritten",
                    )
                    break
        if problem is not None:
            break
        signed += 1 if ev.sig else 0
        unsigned += 0 if ev.sig else 1
        prev, expected, count = ev.hash, expected + 1, count + 1
    problems = list(logs.problems)
    if problem is not None:
        problems.append(problem)
    top = max((cp.seq for cp in logs.checkpoints), default=None)
    if problem is None and top is not None and top >= expected:
        latest = max((cp for cp in logs.checkpoints if cp.seq == top), key=lambda c: c.n)
        problems.append(
            Problem(
                expected,
                f"events {expected}..{top} are missing: the checkpoint of {latest.at} "
                f"(line {latest.n}) saw seq {top} (the trail was cut short)",
            )
        )
    warnings = list(logs.warnings)
    if unsigned:
        warnings.append(f"{unsigned} events were written before signing started")
    first = min(problems, key=lambda p: (p.seq is None, p.seq or 0)) if problems else None
    return Verification(
        ok=first is None,
        events=count,
        head=prev,
        broken_seq=first.seq if first else None,
        reason=first.reason if first else None,
        signed=signed,
        unsigned=unsigned,
        checkpoints=len(logs.checkpoints),
        checkpoint_seq=top,
        problems=tuple(problems),
        warnings=tuple(warnings),
    )


def _check_one(ev: EventLike, expected: int, prev: str, event_hash) -> Problem | None:  # type: ignore[no-untyped-def]
    if ev.seq != expected:
        return Problem(expected, f"event {expected} is missing (next is {ev.seq})")
    if ev.prev_hash != prev:
        return Problem(ev.seq, "prev_hash does not match the previous event's hash")
    if event_hash(ev.seq, ev.at, ev.actor, ev.action, ev.subject, ev.data, ev.prev_hash) != ev.hash:
        return Problem(ev.seq, "contents do not match the stored hash (row was changed)")
    return None


# --- an exported trail ----------------------------------------------------------------------------


@dataclass
class Row:
    """One event read back from an export."""

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    data: str
    prev_hash: str
    hash: str
    key_id: str | None = None
    sig: str | None = None


class BadExport(Exception):
    def __init__(self, seq: int | None, reason: str):
        super().__init__(reason)
        self.seq, self.reason = seq, reason


def read_export(path: Path) -> Iterator[Row]:
    """Yield the events of a ``bursar audit export`` file (JSON lines or CSV)."""
    import csv

    from bursar.canonical import canonical_json

    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        if first.startswith("seq,"):
            for i, rec in enumerate(csv.DictReader(fh), start=1):
                yield _row(rec, i, rec.get("data"))
            return
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                data = canonical_json(rec["data"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise BadExport(None, f"{path.name} line {i} is unreadable") from exc
            yield _row(rec, i, data)


def _row(rec: dict[str, Any], i: int, data: Any) -> Row:
    try:
        row = Row(
            seq=int(rec["seq"]),
            at=rec["at"],
            actor=rec["actor"],
            action=rec["action"],
            subject=rec["subject"],
            data=data,
            prev_hash=rec["prev_hash"],
            hash=rec["hash"],
            key_id=rec.get("key_id") or None,
            sig=rec.get("sig") or None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadExport(None, f"record {i} of the export is incomplete") from exc
    if not isinstance(row.data, str):
        raise BadExport(row.seq, f"record {i} of the export has no data")
    return row
