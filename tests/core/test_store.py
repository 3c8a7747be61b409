"""The content-addressed document store."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bursar.errors import InputError
from bursar.store import DocumentStore


def test_same_bytes_stored_once(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    first = store.put(b"%PDF-1.7 invoice")
    again = store.put(b"%PDF-1.7 invoice")
    assert first.created and not again.created
    assert first.path == again.path
    digest = hashlib.sha256(b"%PDF-1.7 invoice").hexdigest()
    assert first.path == tmp_path / digest[:2] / digest[2:]
    assert store.get(digest) == b"%PDF-1.7 invoice"
    assert [p.name for p in first.path.parent.iterdir()] == [digest[2:]]  # no temp files left


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        DocumentStore(tmp_path).put_file(tmp_path / "nope.pdf")


def test_unknown_sha_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        DocumentStore(tmp_path).get("0" * 64)
    with pytest.raises(InputError, match="not a sha256"):
        DocumentStore(tmp_path).path_for("../../etc/passwd")
