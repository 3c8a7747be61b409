"""Durable ingest on SQLite: kill -9 at any moment, run again, every document decided once.

Real processes: ``bursar ingest`` runs as a child process with a process pool and is
killed with SIGKILL while it stores, while it decides, and near the end; the next run
must resume exactly what was left. The store is a real tmpfs for the disk-full and
read-only cases (CI runs as root); without mount rights those two tests skip.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60-odd born-digital invoices and credit notes with discrepancies, and their master."""
    from devkit.synth import generate

    out = tmp_path_factory.mktemp("batch")
    generate(out, count=50, seed=3, scans=False, claims=False, einvoices=False, discrepancies=True)
    return out


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env.update(BURSAR_HOME=str(home), BURSAR_CONFIG=str(home / "absent.toml"))
    return env


def _bursar(home: Path, *args: str, **kw) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=600,
        **kw,
    )


def _count(home: Path, sql: str) -> int:
    db = home / "bursar.db"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # tables not there yet
        return 0


def _start_and_kill(home: Path, docs: Path, when: Callable[[], bool]) -> None:
    """Start ``bursar ingest`` and kill -9 it (its whole process group) once ``when``."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bursar", "ingest", str(docs), "--workers", "2"],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not when():
        assert proc.poll() is None, "ingest finished before the kill point"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: its pool must die with it
    proc.wait()


def _pool_orphans(home: Path) -> list[str]:
    """Return command lines of processes still running with this home in their env."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if f"BURSAR_HOME={home}".encode() in environ.split(b"\0"):
            found.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return found


def test_kill_9_at_three_points_then_rerun_decides_every_document_once(
    batch: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    assert _bursar(home, "init").returncode == 0
    for kind in ("vendors", "purchase_orders", "receipts"):
        assert _bursar(home, "import", kind, str(batch / "master" / f"{kind}.csv")).returncode == 0
    docs = batch / "docs"
    total = len([p for p in docs.iterdir() if p.is_file()])
    assert total >= 60
    documents = "SELECT count(*) FROM document"
    decisions = "SELECT count(*) FROM decision"

    # 1. while originals are being stored; 2. early in the decisions; 3. late in them.
    _start_and_kill(home, docs, lambda: _count(home, documents) >= 5)
    stored_at_kill = _count(home, documents)
    assert stored_at_kill > 0
    _start_and_kill(home, docs, lambda: _count(home, decisions) >= 10)
    _start_and_kill(home, docs, lambda: _count(home, decisions) >= total - 15)
    time.sleep(0.5)
    assert _pool_orphans(home) == [], "pool processes outlived their killed parent"
    undecided = _count(home, "SELECT count(*) FROM document WHERE stage != 'decided'")
    assert undecided > 0, "the kills left nothing to resume: the test proves nothing"

    done = _bursar(home, "ingest", str(docs), "--json")
    assert done.returncode in (0, 2), done.stderr
    assert _count(home, documents) == total
    assert _count(home, "SELECT count(*) FROM document WHERE stage != 'decided'") == 0
    assert _count(home, "SELECT count(*) FROM document WHERE status = 'received'") == 0
    # Exactly one decision per document: none missing, none doubled by a resumed run.
    assert _count(home, decisions) == total
    assert _count(home, "SELECT count(DISTINCT document_id) FROM decision") == total
    verify = _bursar(home, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # The run after the kills said which documents it resumed; a further run only
    # finds duplicates and changes nothing.
    assert '"resumed": true' in done.stdout
    again = _bursar(home, "ingest", str(docs), "--json")
    assert again.returncode in (0, 2)
    assert '"resumed"' not in again.stdout
    assert _count(home, decisions) == total


def test_recover_decides_documents_a_killed_run_left_behind(batch: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _bursar(home, "init").returncode == 0
    docs = batch / "docs"
    _start_and_kill(
        home,
        docs,
        lambda: _count(home, "SELECT count(*) FROM document") >= 20,
    )
    left = _count(home, "SELECT count(*) FROM document WHERE stage != 'decided'")
    assert left > 0
    status = _bursar(home, "status", "--json")
    assert status.returncode == 0 and '"received"' in status.stdout
    out = _bursar(home, "recover", "--older-than", "0", "--json")
    assert out.returncode == 0, out.stderr
    assert f'"stranded": {left}' in out.stdout
    assert _count(home, "SELECT count(*) FROM document WHERE stage != 'decided'") == 0
    assert _count(home, "SELECT count(*) FROM decision") == _count(
        home, "SELECT count(*) FROM document"
    )


# --- the store fails: disk full, read-only -----------------------------------------------------


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    """A 48 KiB tmpfs (a dozen small PDFs) mounted as the home's document store."""
    home = tmp_path / "home"
    store = home / "store"
    store.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(store)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield home
    subprocess.run(["umount", "-l", str(store)], capture_output=True)


def test_disk_full_gives_per_file_errors_and_nothing_stranded_after_space_returns(
    batch: Path, small_store: Path
) -> None:
    home = small_store
    docs = home.parent / "some"
    docs.mkdir()
    for src in sorted(p for p in (batch / "docs").iterdir() if p.is_file())[:24]:
        (docs / src.name).write_bytes(src.read_bytes())
    total = 24
    assert _bursar(home, "init").returncode == 0
    full = _bursar(home, "ingest", str(docs), "--json")
    assert full.returncode == 1  # issue 22.14: a full store is a system condition, not bad input
    import json

    results = json.loads(full.stdout)
    assert len(results) == total, "every file gets an answer, stored or not"
    not_stored = [r for r in results if r.get("error", {}).get("code") == "store_full"]
    assert not_stored and len(not_stored) < total
    assert "store is full" in full.stderr
    stored = _count(home, "SELECT count(*) FROM document")
    assert stored == total - len(not_stored)
    assert _count(home, "SELECT count(*) FROM document WHERE stage != 'decided'") == 0

    subprocess.run(["mount", "-o", "remount,size=20m", str(home / "store")], check=True)
    again = _bursar(home, "ingest", str(docs), "--json")
    assert again.returncode in (0, 2), again.stderr
    assert _count(home, "SELECT count(*) FROM document") == total
    assert _count(home, "SELECT count(*) FROM document WHERE stage != 'decided'") == 0
    assert _count(home, "SELECT count(*) FROM decision") == total


def test_read_only_store_gives_per_file_errors_and_loses_nothing(
    batch: Path, small_store: Path
) -> None:
    home = small_store
    docs = sorted(p for p in (batch / "docs").iterdir() if p.is_file())[:5]
    assert _bursar(home, "init").returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(home / "store")], check=True)
    out = _bursar(home, "ingest", *map(str, docs), "--json")
    assert out.returncode == 1  # issue 22.14: a system condition, not bad input
    lines = out.stderr.strip().splitlines()
    assert len(lines) == len(docs) and all("read-only" in line for line in lines), out.stderr
    assert _count(home, "SELECT count(*) FROM document") == 0
    subprocess.run(["mount", "-o", "remount,rw", str(home / "store")], check=True)
    again = _bursar(home, "ingest", *map(str, docs), "--json")
    assert again.returncode in (0, 2)
    assert _count(home, "SELECT count(*) FROM decision") == len(docs)
