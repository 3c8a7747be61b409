"""The PostgreSQL document store and ``bursar store migrate``, against a real PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bursar.db import get_engine, session_scope
from bursar.errors import ConfigError, InputError, SystemError_
from bursar.records import Document
from bursar.store import DocumentStore, default_store, store_of_kind
from bursar.store.pg import PostgresStore, migrate

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(home: Path, postgres, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: ANN001
    """A migrated, empty PostgreSQL database, configured as Bursar's."""
    from bursar.config import reset_settings
    from bursar.db import upgrade

    url = postgres.create_database()
    monkeypatch.setenv("BURSAR_DATABASE_URL", url)
    reset_settings()
    upgrade(url)
    return url


def _pg_store(pg_url: str, home: Path) -> PostgresStore:
    return PostgresStore(pg_url, home / "cache" / "store")


def test_same_bytes_stored_once_and_read_back(pg_url: str, home: Path) -> None:
    store = _pg_store(pg_url, home)
    first = store.put(b"%PDF-1.7 invoice one")
    again = store.put(b"%PDF-1.7 invoice one")
    digest = hashlib.sha256(b"%PDF-1.7 invoice one").hexdigest()
    assert (first.sha256, first.created, again.created) == (digest, True, False)
    with get_engine(pg_url).connect() as conn:
        rows = conn.execute(text("SELECT sha256, size, data FROM document_blob")).all()
    assert [(r[0], r[1], bytes(r[2])) for r in rows] == [(digest, 20, b"%PDF-1.7 invoice one")]
    assert store.get(digest) == b"%PDF-1.7 invoice one"
    assert digest in store and "0" * 64 not in store


def test_another_machine_materialises_a_verified_copy(pg_url: str, home: Path) -> None:
    writer = _pg_store(pg_url, home / "machine-a")
    stored = writer.put(b"%PDF-1.7 shared original")
    reader = _pg_store(pg_url, home / "machine-b")  # an empty cache: a worker elsewhere
    path = reader.path_for(stored.sha256)
    assert path.read_bytes() == b"%PDF-1.7 shared original"
    assert path.is_relative_to(home / "machine-b")
    os.chmod(path, 0o644)
    path.write_bytes(b"%PDF-1.7 altered on disk")  # a damaged or tampered local copy
    fresh = _pg_store(pg_url, home / "machine-b")  # a new process: nothing verified yet
    assert fresh.path_for(stored.sha256).read_bytes() == b"%PDF-1.7 shared original"
    assert fresh.get(stored.sha256) == b"%PDF-1.7 shared original"


def test_unknown_original_is_an_input_error(pg_url: str, home: Path) -> None:
    store = _pg_store(pg_url, home)
    with pytest.raises(InputError, match="no stored document"):
        store.path_for("a" * 64)
    with pytest.raises(InputError, match="not a sha256"):
        store.path_for("../../etc/passwd")


def test_setting_chooses_the_store(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bursar.config import reset_settings

    monkeypatch.setenv("BURSAR_STORE", "postgresql")
    reset_settings()
    assert isinstance(default_store(), PostgresStore)
    monkeypatch.delenv("BURSAR_DATABASE_URL")
    reset_settings()
    with pytest.raises(ConfigError, match="needs a PostgreSQL database"):
        default_store()


def test_read_only_database_is_a_store_read_only_error(pg_url: str, home: Path) -> None:
    from sqlalchemy.engine import make_url

    name = make_url(pg_url).database
    with get_engine(pg_url).connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        conn.commit()
    get_engine(pg_url).dispose()  # new sessions pick the setting up
    with pytest.raises(SystemError_) as err:
        _pg_store(pg_url, home).put(b"%PDF-1.7 cannot be kept")
    assert err.value.code == "store_read_only"
    assert "\n" not in err.value.one_line() and "read-only" in err.value.one_line()


def test_migrate_copies_verifies_and_is_idempotent(pg_url: str, home: Path) -> None:
    files = DocumentStore(home / "store")
    kept = [files.put(f"%PDF-1.7 invoice {i}".encode()) for i in range(3)]
    damaged = files.put(b"%PDF-1.7 will rot")
    os.chmod(damaged.path, 0o644)
    damaged.path.write_bytes(b"%PDF-1.7 bit rot")
    with session_scope() as s:
        for i, st in enumerate(kept):
            s.add(Document(sha256=st.sha256, filename=f"inv-{i}.pdf", size=st.size))
    target = store_of_kind("postgresql")
    ticks: list[int] = []
    first = migrate(files, target, on_item=lambda: ticks.append(1))
    assert (first.copied, first.present, first.damaged) == (3, 0, [damaged.sha256])
    assert first.missing == [] and len(ticks) == 4
    again = migrate(files, target)
    assert (again.copied, again.present, again.repaired) == (0, 3, 0)
    assert target.count() == 3
    back = DocumentStore(home / "store-back")
    home_back = migrate(target, back)
    assert home_back.copied == 3
    assert sorted(back.shas()) == sorted(st.sha256 for st in kept)


def _bursar(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BURSAR_HOME": str(home),
        "BURSAR_CONFIG": str(home / "bursar.toml"),
        "BURSAR_DATABASE_URL": url,
    }
    env.pop("BURSAR_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
def test_cli_init_and_migrate_switch_the_store(postgres, tmp_path: Path) -> None:  # noqa: ANN001
    home, url = tmp_path / "home", postgres.create_database()
    assert _bursar(home, url, "init").returncode == 0
    DocumentStore(home / "store").put(b"%PDF-1.7 before the switch")
    r = _bursar(home, url, "init", "--store", "postgresql")
    assert r.returncode == 2
    assert r.stderr == (
        "bursar: error: 1 original(s) are in the filesystem store; run 'bursar store migrate "
        "--to postgresql' to copy them and switch [store_not_empty]\n"
    )
    r = _bursar(home, url, "store", "migrate", "--to", "postgresql", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["copied"] == 1 and json.loads(r.stdout)["switched"]
    assert 'store = "postgresql"' in (home / "bursar.toml").read_text()
    r = _bursar(home, url, "store", "status", "--json")
    assert json.loads(r.stdout) == {"store": "postgresql", "filesystem": 1, "postgresql": 1}
    r = _bursar(home, url, "store", "migrate", "--to", "postgresql", "--json")
    assert json.loads(r.stdout)["present"] == 1 and json.loads(r.stdout)["copied"] == 0
