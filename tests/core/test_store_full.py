"""A full or read-only filesystem store is a one-line SystemError_, on a real small tmpfs."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bursar.errors import SystemError_
from bursar.store import DocumentStore


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for the test (needs root, as in CI)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_store_full_and_leaves_no_partial_file(tmpfs: Path) -> None:
    store = DocumentStore(tmpfs / "store")
    small = store.put(b"%PDF-1.7 fits")
    with pytest.raises(SystemError_) as err:
        store.put(os.urandom(2 * 1024 * 1024))
    assert err.value.code == "store_full"
    assert err.value.one_line() == (
        f"the document store is full (no space left at {tmpfs / 'store'}); free space, then "
        "ingest the same files again"
    )
    left = sorted(p.name for p in (tmpfs / "store").rglob("*") if p.is_file())
    assert left == [small.path.name]  # the temporary file was removed
    assert store.get(small.sha256) == b"%PDF-1.7 fits"


def test_read_only_store_is_store_read_only(tmpfs: Path) -> None:
    store = DocumentStore(tmpfs / "store")
    kept = store.put(b"%PDF-1.7 kept before")
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    with pytest.raises(SystemError_) as err:
        store.put(b"%PDF-1.7 arrives after")
    assert err.value.code == "store_read_only"
    assert "read-only file system" in err.value.one_line()
    assert store.get(kept.sha256) == b"%PDF-1.7 kept before"  # reading still works
    assert store.put(b"%PDF-1.7 kept before").created is False  # so does a re-ingest


# --- issue 22.13/22.14: the whole home (database and store) on a small filesystem -------------


def _bursar(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env.update(BURSAR_HOME=str(home), BURSAR_CONFIG=str(home.parent / "absent.toml"))
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{home / 'bursar.db'}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def invoices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fifty-odd born-digital invoices (about 230 KiB together)."""
    from devkit.synth import generate

    out = tmp_path_factory.mktemp("invoices")
    generate(out, count=40, seed=3, scans=False, claims=False, einvoices=False, discrepancies=True)
    return out / "docs"


@pytest.fixture
def small_home(tmp_path: Path) -> Iterator[Path]:
    """BURSAR_HOME, initialised, on a tmpfs with about 700 KiB left: the default layout,
    the SQLite database and the document store on the same small disk."""
    home = tmp_path / "home"
    home.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(home)])
    if r.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        assert _bursar(home, "init").returncode == 0
        used = os.statvfs(home)
        used_kib = (used.f_blocks - used.f_bfree) * used.f_frsize // 1024
        subprocess.run(["mount", "-o", f"remount,size={used_kib + 700}k", str(home)], check=True)
        yield home
    finally:
        subprocess.run(["umount", "-l", str(home)], check=False)


def test_full_disk_under_the_database_gives_per_file_errors_and_resumes(
    invoices: Path, small_home: Path
) -> None:
    """Issue 22.13: a full disk under the SQLite database ended the batch with one
    'internal error' line, exit 1 and no JSON; documents stayed 'received' silently."""
    home = small_home
    files = sorted(invoices.iterdir())
    full = _bursar(home, "ingest", str(invoices), "--json")
    assert "internal" not in full.stderr and "Traceback" not in full.stderr, full.stderr
    assert full.returncode == 1, "a full disk is a system condition, not bad input"
    results = json.loads(full.stdout)
    assert [r["file"] for r in results] == [f.name for f in files], "every file is answered"
    errors = [r for r in results if "error" in r]
    assert all(r["error"]["code"] == "store_full" for r in errors)
    assert any("the database is full" in r["error"]["message"] for r in errors), (
        "the database, not only the store, ran out of space"
    )
    lines = full.stderr.strip().splitlines()
    assert len(lines) == len(errors) and all(line.endswith("[store_full]") for line in lines)
    # Every document left before its decision has an answer saying so and how it goes on.
    waiting = _rows(home, "SELECT id, filename, stage FROM document WHERE stage != 'decided'")
    said = {r["file"]: r["error"]["message"] for r in errors}
    for doc_id, name, stage in waiting:
        assert f"document {doc_id} is kept as {stage}" in said[name]

    subprocess.run(["mount", "-o", "remount,size=40m", str(home)], check=True)
    again = _bursar(home, "ingest", str(invoices), "--json")
    assert again.returncode == 0, again.stderr
    assert _rows(home, "SELECT count(*) FROM document WHERE stage = 'decided'") == [(len(files),)]
    assert _bursar(home, "audit", "verify").returncode == 0


def test_store_full_exits_1_and_bad_input_alone_2(invoices: Path, small_home: Path) -> None:
    """Issue 22.14: ``store_full`` (a system condition) exited 2, README's code for bad input."""
    home = small_home
    (home.parent / "empty.pdf").write_bytes(b"")
    bad = _bursar(home, "ingest", str(home.parent / "empty.pdf"), "--json")
    assert bad.returncode == 2 and "[empty]" in bad.stderr
    huge = home.parent / "huge.pdf"
    huge.write_bytes(b"%PDF-1.7\n" + os.urandom(2 * 1024 * 1024))
    cut = home.parent / "cut.png"
    cut.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    full = _bursar(home, "ingest", str(huge), str(cut), "--json")
    assert full.returncode == 1, full.stderr
    codes = [r["error"]["code"] for r in json.loads(full.stdout)]
    assert codes == ["store_full", "corrupt"]
