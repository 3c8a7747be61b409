"""The checkpoint witness: a second process, under its own user, that keeps the checkpoints.

The service user holds the database, the signing key and ``BURSAR_HOME/audit``, so it could
cut the tail of the trail together with the last lines of the checkpoint log, and the rest
would still verify (issue 22). The witness keeps every checkpoint line where the service user
cannot rewrite it, the way Certificate Transparency's monitors keep signed tree heads:

* it listens on a Unix socket (``audit_witness_socket``); the app sends each checkpoint line
  there as it writes it to its own log;
* it checks the line (well-formed, signed by a pinned key when given ``--trusted-keys``) and
  refuses one whose seq is below the highest it has seen: the trail only grows;
* it appends the line to ``WITNESS_DIR/checkpoints.log``, a file of its own user that the
  service user can read (verify reads it through ``audit_witness_dir``) but not write.

``bursar audit witness`` runs it (installer: ``bursar-witness.service``, user
``bursar-witness``). A line the witness holds that the app's log lacks, or a seq it saw that
the database no longer has, fails ``bursar audit verify``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import socketserver
import threading
from pathlib import Path

from bursar.audit import checkpoints as cps
from bursar.audit import keys
from bursar.config import Settings

log = logging.getLogger("bursar.audit.witness")
TIMEOUT_S = 5.0
MAX_LINE = 4096


def witness_log(folder: Path) -> Path:
    return folder.expanduser() / cps.LOG_NAME


# --- the client: the app sends each checkpoint line -----------------------------------------------


def send(settings: Settings, line: str) -> None:
    """Hand one checkpoint line to the witness; raise OSError when it did not take it."""
    where = settings.audit_witness_socket
    if where is None:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(TIMEOUT_S)
        sock.connect(str(where.expanduser()))
        sock.sendall(line.encode("utf-8") + b"\n")
        reply = sock.makefile("r", encoding="utf-8").readline().strip()
    if reply != "ok":
        raise OSError(f"the witness at {where} refused the checkpoint: {reply or 'no answer'}")


# --- the witness ----------------------------------------------------------------------------------


class Witness:
    """Checks and appends checkpoint lines; remembers the highest seq it has seen."""

    def __init__(self, folder: Path, trusted_keys: Path | None = None):
        self.path = witness_log(folder)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.trusted_keys = trusted_keys
        self.lock = threading.Lock()
        self.highest = 0
        if self.path.exists():  # it starts again where it stopped
            for raw in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                obj = cps.parse_line(raw)
                if obj is not None and isinstance(obj.get("seq"), int):
                    self.highest = max(self.highest, obj["seq"])

    def take(self, raw: str) -> str:
        """Return "ok" when the line was appended, else why it was refused."""
        obj = cps.parse_line(raw)
        cp = cps.to_checkpoint(obj, raw) if obj is not None and raw.startswith("{") else None
        if cp is None:
            return "refused: not a checkpoint line"
        if self.trusted_keys is not None:
            trusted = keys.read_keyring(self.trusted_keys)
            public = trusted.get(cp.key_id)
            if public is None:
                return f"refused: key {cp.key_id} is not pinned"
            if not keys.verify_signature(public, cps._body(obj), cp.sig):  # type: ignore[arg-type]
                return "refused: the signature does not match"
        with self.lock:
            if cp.seq < self.highest:
                return f"refused: seq {cp.seq} is below seq {self.highest}, seen before"
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, raw.encode("utf-8") + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
            self.highest = cp.seq
        return "ok"


class _Handler(socketserver.StreamRequestHandler):
    timeout = TIMEOUT_S

    def handle(self) -> None:
        witness: Witness = self.server.witness  # type: ignore[attr-defined]
        try:
            raw = self.rfile.readline(MAX_LINE).decode("utf-8", "replace").strip()
        except OSError:
            return
        try:
            reply = witness.take(raw)
        except Exception as exc:  # a bad key file or a full disk: say so, keep serving
            reply = f"refused: {type(exc).__name__}: {exc}"
        if reply != "ok":
            log.warning("checkpoint %s", reply)
        with contextlib.suppress(OSError):
            self.wfile.write(reply.encode("utf-8") + b"\n")


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def make_server(folder: Path, sock: Path, trusted_keys: Path | None = None) -> Server:
    """Return a witness listening on ``sock`` (serve_forever() runs it)."""
    witness = Witness(folder, trusted_keys)
    with contextlib.suppress(FileNotFoundError):
        sock.unlink()  # left by a previous run
    sock.parent.mkdir(parents=True, exist_ok=True)
    server = Server(str(sock), _Handler)
    # Any local user may hand in a line; only one signed by a pinned key is kept.
    os.chmod(sock, 0o666)  # noqa: S103 - a socket: writing is only handing in a line
    server.witness = witness  # type: ignore[attr-defined]
    return server


def describe(folder: Path) -> dict[str, object]:
    """Return what the witness holds: lines, the highest seq and the newest time."""
    path = witness_log(folder)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    objs = [o for o in (cps.parse_line(ln) for ln in lines) if o]
    top = max(objs, key=lambda o: o.get("seq", 0), default={})
    return {"log": str(path), "lines": len(objs), "seq": top.get("seq"), "at": top.get("at")}
