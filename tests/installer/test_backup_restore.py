"""install.sh's upgrade backup and rollback restore against a real PostgreSQL (pg_dump).

install.sh is sourced (it then only defines its functions) over a hand-made PREFIX whose
``current`` release runs the development venv's bursar, so this needs no bundle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(os.geteuid() != 0, reason="install.sh runs as root (CI runs as root)"),
]


def _prefix(tmp_path: Path, url: str) -> tuple[Path, Path, dict[str, str]]:
    prefix, home = tmp_path / "opt", tmp_path / "home"
    for folder in (prefix / "etc", prefix / "state", home / "keys"):
        folder.mkdir(parents=True)
    (home / "keys" / "marker.txt").write_text("the old content")
    (prefix / "etc" / "bursar.toml").write_text(f'database_url = "{url}"\n')
    bindir = prefix / "releases" / "0.1.0" / "venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (bindir / "python").chmod(0o755)
    (prefix / "current").symlink_to("releases/0.1.0")
    env = {"BURSAR_HOME": str(home), "BURSAR_CONFIG": str(prefix / "etc" / "bursar.toml")}
    lines = [f"{k}={v}" for k, v in env.items()] + ["BURSAR_SERVICE_USER=root"]
    (prefix / "bursar.env").write_text("\n".join(lines) + "\n")
    return prefix, home, env


def _sh(prefix: Path, call: str) -> str:
    script = f'source "{REPO}/installer/install.sh" --prefix "{prefix}" && {call}'
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _bursar(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "bursar", *args]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    return subprocess.run(cmd, capture_output=True, text=True, env={**clean, **env}, check=False)


def _vendors(env: dict[str, str]) -> int:
    code = (
        "from sqlalchemy import text; from bursar import db; "
        "print(db.get_engine().connect().execute(text('select count(*) from vendor')).scalar())"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}, **env},
    )  # fmt: skip
    return int(proc.stdout.split()[-1])


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump not installed")
def test_postgresql_backup_then_restore_returns_the_data(postgres, tmp_path: Path) -> None:
    prefix, home, env = _prefix(tmp_path, postgres.create_database())
    assert _bursar(env, "init").returncode == 0
    assert _bursar(env, "import", "vendors", str(DATA / "vendors.csv")).returncode == 0
    before = _vendors(env)

    backup = Path(_sh(prefix, "backup 0.1.0 0.1.1").strip().splitlines()[-1])
    assert (backup / "database").read_text().strip() == "postgresql"
    assert (backup / "database.pgdump").stat().st_size > 0
    assert (backup / "keys" / "marker.txt").read_text() == "the old content"

    # What the newer version did after the backup: more data, a new key.
    extra = tmp_path / "more.csv"
    extra.write_text("vendor_id,name,tax_id,iban,currency,aliases\nV900,Later Ltd,,,EUR,\n")
    assert _bursar(env, "import", "vendors", str(extra)).returncode == 0
    assert _vendors(env) == before + 1
    (home / "keys" / "marker.txt").write_text("newer content")

    _sh(prefix, f'restore "{backup}"')
    assert _vendors(env) == before
    assert (home / "keys" / "marker.txt").read_text() == "the old content"
    verify = _bursar(env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
