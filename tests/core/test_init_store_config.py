"""``bursar init --store postgresql`` and the folder's bursar.toml (issue 22.15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres


def _bursar(cwd: Path, home: Path, *args: str, url: str | None = None):  # noqa: ANN202
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env["BURSAR_HOME"] = str(home)  # no BURSAR_CONFIG: the folder's bursar.toml, as a user has
    if url:
        env["BURSAR_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_init_store_postgresql_says_where_it_wrote_and_a_sqlite_run_there_still_works(
    tmp_path: Path,
    postgres,  # noqa: ANN001
) -> None:
    """It quietly wrote ./bursar.toml, and a later SQLite home run from there failed with
    'store = postgresql needs a PostgreSQL database'."""
    url = postgres.create_database()
    work = tmp_path / "work"
    work.mkdir()
    r = _bursar(work, tmp_path / "pg-home", "init", "--store", "postgresql", url=url)
    assert r.returncode == 0, r.stderr
    config = work / "bursar.toml"
    assert f"written to {config}" in r.stdout, r.stdout
    r = _bursar(work, tmp_path / "pg-home", "init", "--store", "postgresql", "--json", url=url)
    assert json.loads(r.stdout)["config"] == str(config)

    sqlite_home = tmp_path / "sqlite-home"
    assert _bursar(work, sqlite_home, "init").returncode == 0
    (work / "inv.pdf").write_bytes(b"%PDF-1.7 not much of an invoice")
    r = _bursar(work, sqlite_home, "ingest", "inv.pdf", "--json")
    assert "bad_config" not in r.stderr and "needs a PostgreSQL" not in r.stderr, r.stderr
    assert json.loads(r.stdout)["file"] == "inv.pdf"
    assert sum(1 for p in (sqlite_home / "store").rglob("*") if p.is_file()) == 1

    r = _bursar(work, tmp_path / "pg-home", "store", "status", "--json", url=url)
    assert json.loads(r.stdout)["store"] == "postgresql"  # the file still holds for PostgreSQL
