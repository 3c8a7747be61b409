"""write_atomic: the file is the old one or the new one, never half of either."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bursar import files


def test_a_write_replaces_the_file_with_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.json"
    files.write_atomic(target, b"one", mode=0o444)
    files.write_atomic(target, b"two", mode=0o444)
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    files.write_atomic(target, b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError):
        files.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
