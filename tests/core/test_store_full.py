"""A full or read-only filesystem store is a one-line SystemError_, on a real small tmpfs."""

from __future__ import annotations

import os
import subprocess
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
