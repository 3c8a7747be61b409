"""Shared fixtures: an isolated BURSAR_HOME per test and a real PostgreSQL server.

The PostgreSQL server is Debian's, started once per test session (per xdist worker)
in a temporary data directory on a loopback port, and torn down afterwards. Each test
that asks for it gets a fresh database. When the server binaries are missing the
PostgreSQL tests are skipped -- except under ``make test`` (BURSAR_REQUIRE_PG=1), where
a missing server is an error, so CI can never pass by silently skipping them.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty BURSAR_HOME with SQLite, settings and engines reset around the test."""
    from bursar.config import reset_settings
    from bursar.db import dispose_engines

    home = tmp_path / "home"
    monkeypatch.setenv("BURSAR_HOME", str(home))
    monkeypatch.delenv("BURSAR_DATABASE_URL", raising=False)
    monkeypatch.setenv("BURSAR_CONFIG", str(tmp_path / "absent.toml"))
    reset_settings()
    dispose_engines()
    yield home
    dispose_engines()
    reset_settings()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """A throwaway PostgreSQL cluster owned by the test session."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="bursar-pg-"))
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _cmd(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:  # PostgreSQL refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        data = self.dir / "data"
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._cmd(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "bursar",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._cmd(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        try:
            self._cmd(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.dir / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            )
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://bursar@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=bursar dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("BURSAR_REQUIRE_PG"):
            pytest.fail("PostgreSQL server binaries not found (apt-get install postgresql)")
        pytest.skip("PostgreSQL server not installed")
    server = PostgresServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated, empty database: SQLite in BURSAR_HOME, or a fresh PostgreSQL database."""
    from bursar.config import reset_settings
    from bursar.db import upgrade

    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database()
        monkeypatch.setenv("BURSAR_DATABASE_URL", url)
    reset_settings()
    from bursar.config import get_settings

    url = get_settings().db_url
    upgrade(url)
    return url


@pytest.fixture
def contracts() -> Path:
    """The folder holding the JSON Schemas of the contracts."""
    return SHARED / "contracts"
