"""Loopback ports for the throwaway servers the tests start (PostgreSQL, slapd, the
OpenID provider): a free one to bind, and a wait until a started server accepts on it."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

LOG_TAIL = 2000  # characters of a dead server's log its error carries


def free_port() -> int:
    """Return a loopback TCP port nothing listens on now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(
    port: int, proc: subprocess.Popen[bytes], timeout: float, what: str,
    log: Path | None = None, poll: float = 0.05,
) -> None:  # fmt: skip
    """Return once ``127.0.0.1:port`` accepts a connection; raise a one-line RuntimeError
    naming ``what`` when ``proc`` exits first (with its exit code and the tail of ``log``)
    or when ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            raise RuntimeError(f"{what} stopped (exit code {code}): {_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(poll)
    raise RuntimeError(f"{what} did not start listening within {timeout:g} s")


def _tail(log: Path | None) -> str:
    """Return the end of a log on one line ('no log' when there is none)."""
    if log is None or not log.exists():
        return "no log"
    text = log.read_text(errors="replace")[-LOG_TAIL:]
    return " | ".join(line.strip() for line in text.splitlines() if line.strip()) or "empty log"
