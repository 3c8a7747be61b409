"""Signed checkpoints of the audit trail, in an append-only log outside the database.

One JSON line per checkpoint: the trail's head (``seq``, ``hash``) at ``at``, the key
that signed it, why it was written, its line number ``n`` and ``prev``, the sha256 of the
line before it (so a removed or edited line breaks the next one), and ``sig``, an Ed25519
signature over the rest. A database user cannot cut the trail short below a checkpoint's
seq, nor rewrite an event at or before it, without ``bursar audit verify`` saying so.

The log is ``BURSAR_HOME/audit/checkpoints.log``; ``audit_mirror_dir`` writes the same
lines to a second folder (another share) and ``audit_syslog`` sends them to syslog, so
cutting the tail of the log itself is seen too. The service user can rewrite all of those
it can write; ``audit_witness_socket`` hands each line to a witness under another user
(``bursar.audit.witness``) that only appends and never goes back to a lower seq.
"""

from __future__ import annotations

import hashlib
import json
import logging
import logging.handlers
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bursar.audit.keys import CHECKPOINT_DOMAIN, SigningKey, _locked, verify_signature
from bursar.canonical import canonical_json
from bursar.config import Settings
from bursar.types import utc_text, utcnow

LOG_NAME = "checkpoints.log"
GENESIS = "0" * 64
log = logging.getLogger("bursar.audit")


@dataclass(frozen=True)
class Checkpoint:
    """One line of a checkpoint log."""

    n: int
    seq: int
    hash: str
    at: str
    key_id: str
    reason: str
    prev: str
    sig: str
    signed_from: int | None
    line: str  # the exact text, as chained by the next line

    def to_json(self) -> dict[str, Any]:
        return json.loads(self.line)


@dataclass(frozen=True)
class Problem:
    """Something verification found, at the first seq it concerns (None: no seq)."""

    seq: int | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "reason": self.reason}


_dirs: dict[tuple, Path] = {}


def log_dir(settings: Settings) -> Path:
    where = (settings.home, settings.audit_checkpoint_dir, os.getcwd())
    if where not in _dirs:  # resolving BURSAR_HOME costs syscalls; commits ask every time
        _dirs[where] = (settings.audit_checkpoint_dir or settings.home_dir / "audit").expanduser()
    return _dirs[where]


def log_path(settings: Settings) -> Path:
    return log_dir(settings) / LOG_NAME


def mirror_path(settings: Settings) -> Path | None:
    return settings.audit_mirror_dir.expanduser() / LOG_NAME if settings.audit_mirror_dir else None


def line_hash(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _body(cp: dict[str, Any]) -> bytes:
    return CHECKPOINT_DOMAIN + canonical_json({k: v for k, v in cp.items() if k != "sig"}).encode()


# --- writing --------------------------------------------------------------------------------------


def _last_line(fh) -> str | None:  # type: ignore[no-untyped-def]
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    fh.seek(max(0, size - 16384))
    lines = [ln for ln in fh.read().splitlines() if ln.strip()]
    return lines[-1] if lines else None


def _count_lines(fh) -> int:  # type: ignore[no-untyped-def]
    fh.seek(0)
    return sum(1 for ln in fh if ln.strip())


def is_due(settings: Settings) -> bool:
    """True when the log is missing or older than ``audit_checkpoint_seconds``."""
    try:
        age = time.time() - log_path(settings).stat().st_mtime
    except FileNotFoundError:
        return True
    return age >= settings.audit_checkpoint_seconds


def write(
    settings: Settings,
    key: SigningKey,
    seq: int,
    head_hash: str,
    reason: str,
    *,
    signed_from: int | None = None,
    only_if_due: bool = False,
    only_if_new: bool = False,
) -> Checkpoint | None:
    """Append one signed checkpoint to the log (and its mirrors); None when skipped."""
    path = log_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path) as fh:
        if only_if_due and not is_due(settings):  # another process just wrote one
            return None
        last = _last_line(fh)
        last_cp = parse_line(last) if last else None
        if only_if_new and last_cp is not None and last_cp.get("seq") == seq:
            return None
        if isinstance(last_cp, dict) and isinstance(last_cp.get("n"), int):
            n = last_cp["n"] + 1
        else:
            n = _count_lines(fh) + 1
        body: dict[str, Any] = {
            "n": n,
            "seq": seq,
            "hash": head_hash,
            "at": utc_text(utcnow()),
            "key_id": key.key_id,
            "reason": reason[:80],
            "prev": line_hash(last) if last else GENESIS,
        }
        if signed_from is not None:
            body["signed_from"] = signed_from
        body["sig"] = key.sign(_body(body))
        line = canonical_json(body)
        fh.seek(0, os.SEEK_END)
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())
        # Under the same lock, so every destination holds the lines in the same order.
        _to_mirror(settings, line)
        _to_syslog(settings, line)
        _to_witness(settings, line)
    cp = to_checkpoint(json.loads(line), line)
    assert cp is not None
    return cp


def _to_mirror(settings: Settings, line: str) -> None:
    path = mirror_path(settings)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path) as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # the primary log has the line; doctor and verify say so
        log.warning("audit checkpoint not written to the mirror %s: %s", path, exc)


def _to_witness(settings: Settings, line: str) -> None:
    if settings.audit_witness_socket is None:
        return
    from bursar.audit.witness import send

    try:
        send(settings, line)
    except OSError as exc:  # the log has the line; verify sees the witness fall behind
        log.warning("audit checkpoint not taken by the witness: %s", exc)


_syslog: dict[str, logging.Logger] = {}


def _to_syslog(settings: Settings, line: str) -> None:
    target = settings.audit_syslog
    if not target:
        return
    logger = _syslog.get(target)
    if logger is None:
        if ":" in target and not target.startswith("/"):
            host, port = target.rsplit(":", 1)
            address: Any = (host, int(port))
        else:
            address = target
        handler = logging.handlers.SysLogHandler(
            address=address, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV
        )
        handler.setFormatter(logging.Formatter("bursar-audit: %(message)s"))
        logger = logging.getLogger(f"bursar.audit.syslog.{len(_syslog)}")
        logger.propagate = False
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        _syslog[target] = logger
    try:
        logger.info(line)
    except OSError as exc:
        log.warning("audit checkpoint not sent to syslog %s: %s", target, exc)


# --- reading and checking -------------------------------------------------------------------------

_SEQ = re.compile(r'"seq":\s*(\d+)')


def parse_line(raw: str) -> dict[str, Any] | None:
    """Return the JSON object of a log line (a syslog prefix before it is ignored)."""
    start = raw.find("{")
    if start < 0:
        return None
    try:
        value = json.loads(raw[start:])
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def to_checkpoint(obj: dict[str, Any], line: str) -> Checkpoint | None:
    """Return a Checkpoint when ``obj`` has every field with the right type."""
    try:
        signed_from = obj.get("signed_from")
        cp = Checkpoint(
            n=obj["n"],
            seq=obj["seq"],
            hash=obj["hash"],
            at=obj["at"],
            key_id=obj["key_id"],
            reason=obj["reason"],
            prev=obj["prev"],
            sig=obj["sig"],
            signed_from=signed_from,
            line=line,
        )
    except (KeyError, TypeError):
        return None
    ints = (cp.n, cp.seq) + ((signed_from,) if signed_from is not None else ())
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in ints):
        return None
    if not all(isinstance(v, str) for v in (cp.hash, cp.at, cp.key_id, cp.prev, cp.sig)):
        return None
    return cp


def read_log(
    path: Path, keys: dict[str, Ed25519PublicKey]
) -> tuple[list[Checkpoint], list[Problem], list[str]]:
    """Check a log line by line: (good checkpoints, problems, raw lines)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    raws = [ln[ln.find("{") :] if "{" in ln else ln for ln in text.splitlines() if ln.strip()]
    good: list[Checkpoint] = []
    problems: list[Problem] = []
    prev = GENESIS
    for i, raw in enumerate(raws, start=1):
        where = f"{path.name} line {i}"
        obj = parse_line(raw)
        cp = to_checkpoint(obj, raw) if obj is not None else None
        if cp is None:
            m = _SEQ.search(raw)
            problems.append(Problem(int(m.group(1)) if m else None, f"{where} is unreadable"))
        elif cp.key_id not in keys:
            problems.append(Problem(cp.seq, f"{where} is signed with unknown key {cp.key_id}"))
        elif not verify_signature(keys[cp.key_id], _body(obj), cp.sig):  # type: ignore[arg-type]
            problems.append(Problem(cp.seq, f"{where}: signature does not match (line edited)"))
        elif cp.n != i or cp.prev != prev:
            problems.append(
                Problem(
                    cp.seq,
                    f"{where} does not follow the line before it "
                    f"(says it is line {cp.n}): a checkpoint was removed or edited",
                )
            )
            good.append(cp)  # its own signature holds: what it says about the trail stands
        else:
            good.append(cp)
        prev = line_hash(raw)
    return good, problems, raws


def compare_mirror(primary: list[str], mirror: list[Checkpoint], mirror_name: str) -> list[Problem]:
    """Lines the mirror holds, signed, that the primary log lacks: the primary was cut."""
    have = set(primary)
    return [
        Problem(max(cp.seq, 1), f"the log lacks checkpoint line {cp.n} that {mirror_name} holds")
        for cp in mirror
        if cp.line not in have
    ]
