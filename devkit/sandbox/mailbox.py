"""The sandbox AP mailbox: a real Dovecot IMAP server with its own config, user and maildir.

``start`` writes a config file, a passwd-file user and an empty maildir into a fresh
temporary folder, runs ``dovecot -c FILE -F`` as a child process on a loopback port and
waits until it answers; ``stop`` ends it and removes the folder; ``fill`` delivers the
practice mail (invoice attachments and the awkward cases) by IMAP APPEND.

Dovecot facts this relies on (Debian's 2.3.19, checked here):

* As root the master stays root, ``auth`` runs as ``default_internal_user`` (dovecot),
  ``imap-login`` as ``default_login_user`` (dovenull), and mail processes as the
  passwd-file user's uid -- which must not be 0 (``has invalid UID '0'``), so the
  maildir belongs to ``nobody``. Every folder above the maildir must be traversable by
  that user, hence a folder of its own under the system temp dir (pytest's 0700
  temp folders are not).
* As an ordinary user everything runs as that user; the stock config's unix listeners
  with ``group = dovecot`` must then be emptied or the master cannot chown them.
* ``ssl = no`` plus ``disable_plaintext_auth = no`` allow PLAIN login on loopback; the
  sandbox is plain IMAP on 127.0.0.1, never reachable from outside. ``start(tls=True)``
  serves IMAPS only (``ssl = required``, ``ssl_cert = <file``) with a self-signed
  certificate, to practise the bot's default: TLS with the certificate checked.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bursar.errors import ConfigError, SystemError_
from devkit.sandbox.mailbox_conf import FOLDERS, config_text, self_signed, write_user

DOVECOT = "/usr/sbin/dovecot"
USER = "ap"


@dataclass
class Mailbox:
    """A running sandbox mailbox: where it listens, who may sign in, where it lives."""

    host: str
    port: int
    user: str
    password: str
    dir: str
    pid: int
    tls: str = "none"  # none | ssl (IMAPS with a self-signed certificate: ``ca_file``)
    ca_file: str | None = None

    def to_state(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Mailbox:
        return cls(**{k: state[k] for k in cls.__dataclass_fields__})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    port: int | None = None,
    *,
    user: str = USER,
    password: str | None = None,
    tls: bool = False,
    timeout_s: float = 15.0,
) -> Mailbox:
    """Start a fresh, empty Dovecot on ``127.0.0.1:port`` and return how to reach it.

    ``tls``: IMAPS only, with a self-signed certificate the returned ``ca_file`` trusts.
    """
    if not Path(DOVECOT).exists():
        raise ConfigError(
            "Dovecot is not installed; run `apt-get install -y dovecot-imapd` (make apt)",
            where="sandbox mailbox",
        )
    root = Path(tempfile.mkdtemp(prefix="bursar-imap-"))
    port = port or _free_port()
    password = password or secrets.token_urlsafe(12)
    internal, login = write_user(root, user, password)
    ca_file = str(self_signed(root / "tls")) if tls else None
    (root / "dovecot.conf").write_text(config_text(root, port, internal, login, tls))
    proc = subprocess.Popen(
        [DOVECOT, "-c", str(root / "dovecot.conf"), "-F"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(root / "stderr.log").open("wb"),
        start_new_session=True,  # outlives `bursar sandbox up`; stopped by pid
    )
    box = Mailbox(
        "127.0.0.1", port, user, password, str(root), proc.pid, "ssl" if tls else "none", ca_file
    )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            why = _tail(root / "stderr.log") or _tail(root / "dovecot.log")
            shutil.rmtree(root, ignore_errors=True)
            raise SystemError_(f"dovecot exited at start: {why}", where="sandbox mailbox")
        try:
            with _open_socket(box) as s:
                if s.recv(64).startswith(b"* OK"):
                    return box
        except OSError:
            time.sleep(0.05)
    stop(box)
    raise SystemError_(f"dovecot did not answer on port {port} in {timeout_s:.0f} s")


def _open_socket(box: Mailbox) -> socket.socket:
    sock = socket.create_connection((box.host, box.port), timeout=0.5)
    if box.tls == "none":
        return sock
    return _context(box).wrap_socket(sock, server_hostname=box.host)


def _context(box: Mailbox) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=box.ca_file)


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1] if lines else ""


def _is_ours(box: Mailbox) -> bool:
    """Return whether ``box.pid`` is still the dovecot started on ``box.dir``'s config."""
    try:
        cmdline = Path(f"/proc/{box.pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return str(Path(box.dir) / "dovecot.conf").encode() in cmdline


def _reap(pid: int) -> None:
    """Collect the exit status when ``pid`` is our child (no zombie); harmless otherwise."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def stop(box: Mailbox | dict[str, Any]) -> None:
    """Stop the server (the master takes its children down) and remove its folder."""
    box = box if isinstance(box, Mailbox) else Mailbox.from_state(box)
    if _is_ours(box):
        os.kill(box.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _is_ours(box) and time.monotonic() < deadline:
            _reap(box.pid)
            time.sleep(0.05)
        if _is_ours(box):
            os.killpg(box.pid, signal.SIGKILL)
        _reap(box.pid)
    if Path(box.dir).name.startswith("bursar-imap-"):
        shutil.rmtree(box.dir, ignore_errors=True)


def status(box: Mailbox | dict[str, Any]) -> dict[str, Any]:
    """Return ``{"running": bool, "port": ..., "messages": {folder: count}}``."""
    box = box if isinstance(box, Mailbox) else Mailbox.from_state(box)
    out: dict[str, Any] = {"running": _is_ours(box), "host": box.host, "port": box.port}
    if out["running"] and box.password:
        try:
            with connect(box) as conn:
                out["messages"] = {f: _count(conn, f) for f in ("INBOX", *FOLDERS)}
        except (OSError, imaplib.IMAP4.error) as exc:
            out["error"] = str(exc)
    return out


def _count(conn: imaplib.IMAP4, folder: str) -> int:
    typ, data = conn.status(folder, "(MESSAGES)")
    if typ != "OK":
        return 0
    return int(data[0].decode().rsplit("MESSAGES", 1)[1].strip(" )"))


def connect(box: Mailbox) -> imaplib.IMAP4:
    """Return a signed-in IMAP connection to the sandbox."""
    if box.tls == "none":
        conn = imaplib.IMAP4(box.host, box.port, timeout=10)
    else:
        conn = imaplib.IMAP4_SSL(box.host, box.port, ssl_context=_context(box), timeout=10)
    conn.login(box.user, box.password)
    return conn


def deliver(box: Mailbox, messages: list[bytes], folder: str = "INBOX") -> list[int]:
    """APPEND raw RFC 5322 messages to ``folder``; return their UIDs."""
    uids = []
    with connect(box) as conn:
        for raw in messages:
            typ, data = conn.append(folder, None, None, raw)
            if typ != "OK":
                raise SystemError_(f"APPEND refused: {data!r}", where="sandbox mailbox")
            text = data[0].decode()  # "[APPENDUID <uidvalidity> <uid>] Append completed"
            uids.append(int(text.split("APPENDUID", 1)[1].split()[1].rstrip("]")))
    return uids


def fill(
    box: Mailbox, docs: Path | None = None, *, seed: int = 11, scratch: Path | None = None
) -> list[dict[str, Any]]:
    """Deliver the practice mail; return one summary per message (subject, files, UID).

    ``docs`` is a ``bursar synth`` corpus folder; without one a small corpus is made.
    A corpus without scans gets a page image rendered into ``scratch`` (default: a
    temporary folder), never into the corpus.
    """
    from devkit.sandbox.mailbox_mail import practice_messages

    if docs is None:
        from devkit.synth import generate

        docs = Path(tempfile.mkdtemp(prefix="bursar-mailcorpus-"))
        generate(docs, count=4, seed=seed, scans=True, claims=False, einvoices=False)
        try:
            return fill(box, docs)
        finally:
            shutil.rmtree(docs, ignore_errors=True)
    if scratch is None:
        with tempfile.TemporaryDirectory(prefix="bursar-mailrender-") as tmp:
            return fill(box, docs, scratch=Path(tmp))
    built = practice_messages(docs, scratch)
    uids = deliver(box, [m.raw for m in built])
    return [m.summary() | {"uid": uid} for m, uid in zip(built, uids, strict=True)]


# --- the sandbox registry's view: one entry in BURSAR_HOME/sandbox/state.json -----------------
SECRET = "sandbox_imap_password"  # noqa: S105 - the name of a secret, not one


def entry(box: Mailbox) -> dict[str, Any]:
    """Return the state entry of a running mailbox; its password is the secret ``SECRET``."""
    settings = {
        "host": box.host,
        "port": box.port,
        "user": box.user,
        "tls": box.tls,  # "none" by default: plain IMAP, on loopback only
        "password_secret": SECRET,
    }
    if box.ca_file:
        settings["ca_file"] = box.ca_file
    return {
        "module": __name__,
        "url": f"imap://{box.host}:{box.port}",
        "host": box.host,
        "port": box.port,
        "user": box.user,
        "password_secret": SECRET,
        "dir": box.dir,
        "pid": box.pid,
        "tls": box.tls,
        "ca_file": box.ca_file,
        "bots": {"mailbox_ingest": settings},
    }


def sandbox_up(ctx: Any) -> dict[str, Any]:
    """``bursar sandbox up``: start the mailbox and deliver the practice mail built from the
    sandbox corpus (``ctx`` is ``devkit.sandbox.manage.UpContext``)."""
    box = start(password=ctx.password(SECRET))
    try:
        ctx.root.mkdir(parents=True, exist_ok=True)
        documents = ctx.options.get("documents")
        if documents is not None:  # the demo's traffic: these documents, one message each
            from devkit.sandbox.mailbox_mail import traffic_messages

            built = traffic_messages([Path(p) for p in documents])
            uids = deliver(box, [m.raw for m in built])
            delivered = [m.summary() | {"uid": u} for m, u in zip(built, uids, strict=True)]
        else:
            delivered = fill(box, ctx.corpus, scratch=ctx.root)
    except BaseException:
        stop(box)
        raise
    return entry(box) | {"seeded": len(delivered)}


def sandbox_down(state: dict[str, Any]) -> None:
    """Stop the mailbox named by a state entry (see ``entry``)."""
    stop(_from_entry(state))


def sandbox_status(state: dict[str, Any]) -> dict[str, Any]:
    """Return ``status`` for a state entry (signs in with the vault's password)."""
    from bursar import secrets as vault

    return status(_from_entry(state, vault.get(SECRET) or ""))


def _from_entry(state: dict[str, Any], password: str = "") -> Mailbox:
    return Mailbox(
        state["host"],
        int(state["port"]),
        state["user"],
        password,
        state["dir"],
        int(state["pid"]),
        state.get("tls", "none"),
        state.get("ca_file"),
    )
