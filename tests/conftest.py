"""Shared fixtures: an isolated BURSAR_HOME per test and a real PostgreSQL server.

The PostgreSQL server is Debian's, started once per test session (per xdist worker)
in a temporary data directory on a loopback port, and torn down afterwards. Each test
that asks for it gets a fresh database. When the server binaries are missing the
PostgreSQL tests are skipped -- except under ``make test`` (BURSAR_REQUIRE_PG=1), where
a missing server is an error, so CI can never pass by silently skipping them.
"""

from __future__ import annotations

import os
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


from devkit.pgserver import PostgresServer  # noqa: E402 - the tests' throwaway server
from devkit.pgserver import free_port as _free_port  # noqa: E402,F401
from devkit.pgserver import pg_bin as _pg_bin  # noqa: E402


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
def master(db_url: str, corpus: Path) -> Path:
    """The folder's ``corpus`` fixture with its master data imported into a migrated database."""
    from devkit.demo import import_master

    import_master(corpus / "master")
    return corpus


@pytest.fixture
def contracts() -> Path:
    """The folder holding the JSON Schemas of the contracts."""
    return SHARED / "contracts"
