"""Content-addressed document store: originals kept by sha256, written atomically.

Layout: ``<root>/ab/cdef...`` where ``abcdef...`` is the sha256 of the bytes.
Storing the same bytes twice is a no-op. Files are written to a temporary file in
the same directory, flushed to disk, then renamed, so a crash never leaves a
half-written original under its final name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bursar.errors import InputError


@dataclass(frozen=True)
class Stored:
    sha256: str
    path: Path
    size: int
    created: bool  # False when the bytes were already in the store


def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class DocumentStore:
    """Originals on disk, addressed by content."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise InputError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:]

    def put(self, data: bytes) -> Stored:
        """Store ``data`` (idempotent) and return where it lives."""
        digest = sha256_bytes(data)
        final = self.path_for(digest)
        if final.exists():
            return Stored(digest, final, len(data), created=False)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Stored(digest, final, len(data), created=True)

    def put_file(self, path: Path) -> Stored:
        """Store the file at ``path``; raise ``InputError`` when it cannot be read."""
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError as exc:
            raise InputError("file not found", code="not_found", where=str(path)) from exc
        except OSError as exc:
            raise InputError(
                f"cannot read file: {exc.strerror}", code="unreadable", where=str(path)
            ) from exc
        return self.put(data)

    def get(self, sha256: str) -> bytes:
        """Return the original bytes; raise ``InputError`` when unknown."""
        path = self.path_for(sha256)
        if not path.exists():
            raise InputError(f"no stored document {sha256}", code="not_found")
        return path.read_bytes()

    def __contains__(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()


def default_store() -> DocumentStore:
    """Return the store under ``BURSAR_HOME/store``."""
    from bursar.config import get_settings

    return DocumentStore(get_settings().store_dir)
