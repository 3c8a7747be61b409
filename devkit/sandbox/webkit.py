"""What the sandbox web systems share: a threaded stdlib HTTP server with sessions, a
switchable fault injector (slow responses, random 500s, a 500 on a given path), a
control endpoint for tests (``/_sandbox/...``) and starting/stopping as a child process.

These are practice targets that imitate legacy systems: they are deliberately plain.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bursar.errors import SystemError_

DEFAULT_FAULTS: dict[str, Any] = {
    "slow_ms": 0,  # every app page waits this long
    "error_rate": 0.0,  # share of app requests answered with a 500 (seeded)
    "seed": 1,
    "fail_paths": {},  # {"/path?query": n}: the next n requests to exactly it get a 500
    "session_ttl_s": 900,
    "session_max_requests": 0,  # > 0: a session ends after that many requests
}


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


class Sandbox:
    """Server-wide state: config (faults and flags), sessions, a lock."""

    def __init__(self, root: Path, config: dict[str, Any]):
        self.root = root
        self.config = {**DEFAULT_FAULTS, **config}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.rng = random.Random(self.config["seed"])
        self.requests = 0

    def configure(self, changes: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.config.update(changes)
            if "seed" in changes:
                self.rng = random.Random(changes["seed"])
            return dict(self.config)

    def fault(self, path: str) -> bool:
        """Return True when this request must fail with a 500 (and sleep when slow)."""
        with self.lock:
            self.requests += 1
            slow = int(self.config.get("slow_ms") or 0)
            fails = self.config.get("fail_paths") or {}
            if fails.get(path, 0) > 0:
                fails[path] -= 1
                return True
            rate = float(self.config.get("error_rate") or 0)
            hit = rate > 0 and self.rng.random() < rate
        if slow:
            time.sleep(slow / 1000)
        return hit

    def new_session(self, user: str) -> str:
        sid = secrets.token_hex(16)
        with self.lock:
            self.sessions[sid] = {"user": user, "seen": time.monotonic()}
        return sid

    def session(self, sid: str | None) -> dict[str, Any] | None:
        if not sid:
            return None
        with self.lock:
            sess = self.sessions.get(sid)
            if sess is None:
                return None
            sess["requests"] = sess.get("requests", 0) + 1
            most = int(self.config.get("session_max_requests") or 0)  # expiry on cue (tests)
            idle = time.monotonic() - sess["seen"] > float(self.config["session_ttl_s"])
            if idle or (most and sess["requests"] > most):
                del self.sessions[sid]
                return None
            sess["seen"] = time.monotonic()
            return sess


class Handler(BaseHTTPRequestHandler):
    """Request helpers; subclasses implement ``route(method)``."""

    sandbox: Sandbox
    cookie_name = "SID"
    server_version = "LegacyHTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # requests are not logged: a form post would carry a password

    # --- request ---------------------------------------------------------------------------
    @property
    def url(self):  # type: ignore[no-untyped-def]
        return urlsplit(self.path)

    def query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.url.query).items()}

    def form(self) -> dict[str, str]:
        size = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(size).decode("utf-8", "replace") if size else ""
        return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}

    def json_body(self) -> dict[str, Any]:
        size = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(size) or b"{}")

    def sid(self) -> str | None:
        jar = SimpleCookie(self.headers.get("Cookie") or "")
        morsel = jar.get(self.cookie_name)
        return morsel.value if morsel else None

    # --- response ----------------------------------------------------------------------------
    def send(
        self,
        body: bytes | str,
        status: int = 200,
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, to: str, headers: dict[str, str] | None = None) -> None:
        self.send(b"", 303, headers={"Location": to, **(headers or {})})

    def error_500(self) -> None:
        self.send(
            "<html><body><h1>500 Internal Server Error</h1>"
            "<p>SAPGUI-HTTP: Verarbeitung abgebrochen (RC=8)</p></body></html>",
            500,
        )

    # --- dispatch ----------------------------------------------------------------------------
    def _dispatch(self, method: str) -> None:
        try:
            if self.url.path.startswith("/_sandbox/"):
                return self.control(method)
            return self.route(method)
        except BrokenPipeError:
            return None
        except Exception as exc:  # a sandbox bug shows as a 500, like a real legacy system
            self.send(f"<h1>500</h1><pre>{esc(type(exc).__name__)}</pre>", 500)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("POST")

    def control(self, method: str) -> None:
        path = self.url.path
        if path == "/_sandbox/ping":
            return self.send("pong", ctype="text/plain")
        if path == "/_sandbox/config" and method == "POST":
            return self.send(
                json.dumps(self.sandbox.configure(self.json_body())), ctype="application/json"
            )
        if path == "/_sandbox/config":
            return self.send(json.dumps(self.sandbox.config), ctype="application/json")
        if path == "/_sandbox/expire" and method == "POST":
            with self.sandbox.lock:
                self.sandbox.sessions.clear()
            return self.send("{}", ctype="application/json")
        return self.send("not found", 404, ctype="text/plain")

    def route(self, method: str) -> None:  # pragma: no cover - subclasses
        raise NotImplementedError


def serve(handler: type[Handler], sandbox: Sandbox, port: int) -> None:
    """Serve forever on 127.0.0.1:``port`` (the child process's main loop)."""
    handler.sandbox = sandbox
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever(poll_interval=0.2)


# --- process management (parent side) -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(module: str, root: Path, port: int, timeout_s: float = 20.0) -> int:
    """Start ``python -m module --dir root --port port``; return its pid once it answers."""
    log = open(root / "server.log", "ab")  # noqa: SIM115 - the child keeps it
    proc = subprocess.Popen(
        [sys.executable, "-m", module, "--dir", str(root), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=str(root),
    )
    log.close()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (root / "server.log").read_text(errors="replace")[-500:]
            raise SystemError_(f"{module} exited at start: {tail}", where="sandbox")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/ping", timeout=1):
                return proc.pid
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemError_(f"{module} did not answer within {timeout_s:g} s", where="sandbox")


def alive(pid: int | None, module: str) -> bool:
    """True when ``pid`` is running and is our ``module`` (not a recycled pid)."""
    if not pid:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return module in cmdline


def stop(pid: int | None, module: str, timeout_s: float = 10.0) -> None:
    """Stop our server process ``pid`` (SIGTERM, then SIGKILL)."""
    if not alive(pid, module):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while alive(pid, module) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):  # reap it when it is our child
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    if alive(pid, module):
        os.kill(pid, signal.SIGKILL)


def control(url: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    """Call a sandbox control endpoint (tests and the demo switch faults with it)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"sandbox systems are on loopback, not {url!r}")
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(  # noqa: S310 - loopback http only (checked above)
        url.rstrip("/") + path, data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
        return json.loads(resp.read() or b"{}")


def main_args() -> tuple[Path, int]:
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--port", type=int, required=True)
    a = p.parse_args()
    return a.dir, a.port
