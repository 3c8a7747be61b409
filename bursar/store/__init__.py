"""Content-addressed document store: originals kept by sha256, written atomically.

Two kinds, chosen with the ``store`` setting (``bursar init --store``):

* ``filesystem`` (default): ``<root>/ab/cdef...`` where ``abcdef...`` is the sha256 of
  the bytes. Files are written to a temporary file in the same directory, flushed,
  then renamed, so a crash never leaves a half-written original under its final name.
  One machine, or a shared mount.
* ``postgresql``: table ``document_blob`` in Bursar's PostgreSQL database, so every
  worker on every machine reads the same originals. Extractors want a file path, so
  ``path_for`` materialises a verified copy in a local cache folder (itself a
  filesystem store: content-addressed, so a cached copy can never be stale).

Storing the same bytes twice is a no-op. A store that cannot be written (disk full,
read-only file system or database) raises ``SystemError_`` with code ``store_full``
or ``store_read_only`` and a one-line message saying what to do.
"""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bursar.errors import ConfigError, InputError, SystemError_
from bursar.files import write_atomic

STORES = ("filesystem", "postgresql")


@dataclass(frozen=True)
class Stored:
    sha256: str
    path: Path
    size: int
    created: bool  # False when the bytes were already in the store


def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def check_sha(sha256: str) -> str:
    """Return ``sha256`` when it is 64 lowercase hex digits; else raise InputError."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise InputError(f"not a sha256: {sha256!r}")
    return sha256


def write_error(exc: OSError, where: Path | str) -> SystemError_ | OSError:
    """Return the ``SystemError_`` a failed store write means, or ``exc`` when unknown."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return SystemError_(
            f"the document store is full (no space left at {where}); free space, then "
            "ingest the same files again",
            code="store_full",
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "read-only file system" if exc.errno == errno.EROFS else "permission denied"
        return SystemError_(
            f"the document store cannot be written ({why} at {where}); make it writable, "
            "then ingest the same files again",
            code="store_read_only",
        )
    return exc


class DocumentStore:
    """Originals on disk, addressed by content."""

    kind = "filesystem"

    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        check_sha(sha256)
        return self.root / sha256[:2] / sha256[2:]

    def put(self, data: bytes) -> Stored:
        """Store ``data`` (idempotent) and return where it lives."""
        digest = sha256_bytes(data)
        final = DocumentStore.path_for(self, digest)
        if final.exists():
            return Stored(digest, final, len(data), created=False)
        try:
            self._write(final, data)
        except OSError as exc:
            raise write_error(exc, self.root) from exc
        return Stored(digest, final, len(data), created=True)

    @staticmethod
    def _write(final: Path, data: bytes) -> None:
        write_atomic(final, data, mode=0o444)

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

    def shas(self) -> Iterator[str]:
        """Yield the sha256 of every stored original (by name; ``get`` verifies nothing)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if len(sub.name) == 2 and sub.is_dir():
                for f in sorted(sub.iterdir()):
                    name = sub.name + f.name
                    if len(name) == 64 and not f.name.startswith("."):  # not a write in progress
                        yield name

    def count(self) -> int:
        return sum(1 for _ in self.shas())

    def describe(self) -> str:
        return f"filesystem store {self.root}"


def default_store() -> DocumentStore:
    """Return the configured store: ``BURSAR_HOME/store``, or PostgreSQL with a local cache."""
    from bursar.config import get_settings

    settings = get_settings()
    if settings.store == "postgresql" and settings.is_sqlite and not _store_from_env():
        # ``bursar init --store postgresql`` wrote the setting for a PostgreSQL database into
        # the folder's bursar.toml; a SQLite home run from that folder has no PostgreSQL
        # store, so its originals can only be in the filesystem store (issue 22.15).
        return DocumentStore(settings.store_dir)
    if settings.store == "postgresql":
        from bursar.store.pg import PostgresStore

        if settings.is_sqlite:
            raise ConfigError(
                "store = postgresql needs a PostgreSQL database; set BURSAR_DATABASE_URL "
                "or use store = filesystem"
            )
        return PostgresStore(settings.db_url, settings.home_dir / "cache" / "store")
    return DocumentStore(settings.store_dir)


def _store_from_env() -> bool:
    """True when ``BURSAR_STORE`` (not the config file) chose the store."""
    import os

    return bool(os.environ.get("BURSAR_STORE"))


def store_of_kind(kind: str) -> DocumentStore:
    """Return the store of ``kind`` for the configured home and database."""
    from bursar.config import get_settings

    settings = get_settings()
    if kind not in STORES:
        raise InputError(f"unknown store {kind!r}; use one of: {', '.join(STORES)}")
    if kind == "filesystem":
        return DocumentStore(settings.store_dir)
    if settings.is_sqlite:
        raise ConfigError(
            "the postgresql store needs a PostgreSQL database; set BURSAR_DATABASE_URL first"
        )
    from bursar.store.pg import PostgresStore

    return PostgresStore(settings.db_url, settings.home_dir / "cache" / "store")
