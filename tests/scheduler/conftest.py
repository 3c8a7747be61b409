"""Fixtures for the scheduler: a migrated home, real ``bursar scheduler start`` processes,
a real test job (``jobscript.py``) and a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
JOBSCRIPT = HERE / "jobscript.py"


class Kit:
    """One test's scheduler world: its home, env, CLI and scheduler processes."""

    def __init__(self, home: Path, config: Path, url: str | None = None):
        self.home = home
        self.config = config
        self.url = url
        self.procs: list[subprocess.Popen[bytes]] = []
        self.env = {
            **os.environ,
            "BURSAR_HOME": str(home),
            "BURSAR_CONFIG": str(config),
            "BURSAR_TEST_COMMAND_JOBS": "1",
            "BURSAR_SCHEDULER_LEASE_STALE_S": "2",
        }
        if url:
            self.env["BURSAR_DATABASE_URL"] = url

    def job(self, mode: str, counter: str | None = None, *extra: str) -> str:
        """Return a command line for the test job (``ok``, ``app``, ``business``, ``hang``)."""
        parts = [sys.executable, str(JOBSCRIPT), mode]
        if counter or extra:
            parts.append(str(self.home.parent / (counter or "count")))
        return " ".join([*parts, *extra])

    def cli(
        self, *args: str, ok: bool = True, proc: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run ``bursar ARGS``: in this process (quick), or as a real process (``proc``)."""
        if proc:
            done = subprocess.run(
                [sys.executable, "-m", "bursar", *args],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        else:
            import io
            from contextlib import redirect_stderr, redirect_stdout

            from bursar.cli import main

            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = main(list(args))
            done = subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())
        if ok:
            assert done.returncode == 0, done.stderr + done.stdout
        return done

    def start(self, *args: str, wait_line: str = "scheduler started") -> subprocess.Popen[bytes]:
        """Start ``bursar scheduler start`` and wait until it prints ``wait_line``."""
        log = self.home.parent / f"scheduler-{len(self.procs)}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "bursar", "scheduler", "start", "--tick", "0.2", *args],
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        proc.log = log  # type: ignore[attr-defined]
        self.procs.append(proc)
        wait_for(lambda: wait_line in log.read_text() or proc.poll() is not None, 30)
        assert wait_line in log.read_text(), log.read_text()
        return proc

    def stop(self, proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
        proc.send_signal(sig)
        return proc.wait(timeout=60)

    def runs(self, job: str | None = None) -> list[Any]:
        """Return job runs (oldest first), read fresh from the database."""
        from sqlmodel import col, select

        from bursar.db import session_scope
        from bursar.records import JobRun

        with session_scope(write=False, url=self.url) as session:
            stmt = select(JobRun).order_by(col(JobRun.id))
            if job:
                stmt = stmt.where(JobRun.job == job)
            return list(session.exec(stmt))

    def schedule(self, name: str) -> Any:
        from bursar.db import session_scope
        from scheduler import jobs

        with session_scope(write=False, url=self.url) as session:
            return jobs.get(session, name)

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)


def wait_for(pred: Callable[[], Any], timeout: float = 20.0, every: float = 0.1) -> Any:
    """Poll ``pred`` until it is truthy; return its value (or the last one on timeout)."""
    deadline = time.monotonic() + timeout
    value = pred()
    while not value and time.monotonic() < deadline:
        time.sleep(every)
        value = pred()
    return value


@pytest.fixture
def kit(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Kit]:
    """A migrated SQLite home with command jobs allowed, and a cleaner for processes."""
    from bursar.config import reset_settings
    from bursar.db import upgrade

    monkeypatch.setenv("BURSAR_TEST_COMMAND_JOBS", "1")
    upgrade()
    k = Kit(home, tmp_path / "absent.toml")
    yield k
    k.close()
    reset_settings()


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) on a loopback port; ``.messages`` are what it got."""
    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self) -> None:
            self.messages: list[Any] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            from email import message_from_bytes

            self.messages.append(message_from_bytes(envelope.content))
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port  # type: ignore[attr-defined]
    yield sink
    controller.stop()
