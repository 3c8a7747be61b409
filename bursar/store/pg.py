"""The PostgreSQL document store (``store = postgresql``): originals in ``document_blob``.

Every worker on every machine pointed at the same database reads the same originals.
The database is the truth; a local folder holds verified copies, because extractors
(pdfium, Pillow, Tesseract) want a file path. A copy is written atomically under its
sha256 and re-hashed before it is handed out, so a damaged or altered cached file is
fetched again rather than read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from bursar.errors import InputError, SystemError_
from bursar.store import DocumentStore, Stored, check_sha, sha256_bytes, write_error
from bursar.types import utc_text, utcnow

# SQLSTATEs that mean "this store cannot take more bytes now".
_FULL = {"53100", "53200", "54000"}  # disk_full, out_of_memory, program_limit_exceeded
_READ_ONLY = {"25006", "42501"}  # read_only_sql_transaction, insufficient_privilege
_ENGINES: dict[tuple[str, int], Engine] = {}


def _db_error(exc: DBAPIError) -> SystemError_:
    state = getattr(exc.orig, "sqlstate", None)
    if state in _FULL:
        return SystemError_(
            "the document store is full (the PostgreSQL server has no space left); free "
            "space on the database server, then ingest the same files again",
            code="store_full",
        )
    if state in _READ_ONLY:
        return SystemError_(
            "the document store cannot be written (the PostgreSQL database is read-only "
            "for Bursar); make it writable, then ingest the same files again",
            code="store_read_only",
        )
    first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "failed"
    return SystemError_(f"the PostgreSQL document store failed: {first}", code="store_failed")


class PostgresStore(DocumentStore):
    """Originals in PostgreSQL; ``root`` is this machine's folder of verified copies."""

    kind = "postgresql"

    def __init__(self, url: str, cache_dir: Path):
        super().__init__(cache_dir)
        self.url = url
        self._verified: set[str] = set()

    @property
    def engine(self) -> Engine:
        """This process's engine for the store: no pool, so a forked worker (the OCR
        process pool) never shares its parent's connections."""
        key = (self.url, os.getpid())
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = create_engine(self.url, poolclass=NullPool)
        return engine

    def put(self, data: bytes, *, keep_copy: bool = True) -> Stored:
        """Store ``data`` in the database (idempotent) and keep a local copy when possible."""
        digest = sha256_bytes(data)
        try:
            with self.engine.begin() as conn:
                created = conn.execute(
                    text(
                        "INSERT INTO document_blob (sha256, data, size, created) "
                        "VALUES (:sha, :data, :size, :at) ON CONFLICT (sha256) DO NOTHING"
                    ),
                    {"sha": digest, "data": data, "size": len(data), "at": utc_text(utcnow())},
                ).rowcount
        except DBAPIError as exc:
            raise _db_error(exc) from exc
        path = DocumentStore.path_for(self, digest)
        try:  # the copy only saves a fetch later: the database already holds the bytes
            if keep_copy and not path.exists():
                self._write(path, data)
            self._verified.add(digest)
        except OSError:
            pass
        return Stored(digest, path, len(data), created=bool(created))

    def _fetch(self, sha256: str) -> bytes:
        try:
            with self.engine.connect() as conn:
                row = conn.execute(
                    text("SELECT data FROM document_blob WHERE sha256 = :sha"), {"sha": sha256}
                ).first()
        except DBAPIError as exc:
            raise _db_error(exc) from exc
        if row is None:
            raise InputError(f"no stored document {sha256}", code="not_found")
        data = bytes(row[0])
        if sha256_bytes(data) != sha256:
            raise SystemError_(
                f"stored document {sha256} is damaged in the database (its sha256 differs)",
                code="store_damaged",
            )
        return data

    def _cached(self, sha256: str) -> Path | None:
        """Return the local copy when it exists and holds exactly the right bytes."""
        path = DocumentStore.path_for(self, sha256)
        if sha256 in self._verified and path.exists():
            return path
        try:
            if sha256_bytes(path.read_bytes()) == sha256:
                self._verified.add(sha256)
                return path
        except FileNotFoundError:
            return None
        path.unlink(missing_ok=True)  # altered or damaged: fetch again
        return None

    def path_for(self, sha256: str) -> Path:
        """Return a local file holding the original (fetched and verified when needed)."""
        check_sha(sha256)
        path = self._cached(sha256)
        if path is not None:
            return path
        data = self._fetch(sha256)
        path = DocumentStore.path_for(self, sha256)
        try:
            if not path.exists():
                self._write(path, data)
        except OSError as exc:
            raise write_error(exc, self.root) from exc
        self._verified.add(sha256)
        return path

    def get(self, sha256: str) -> bytes:
        """Return the original bytes (from the local copy when verified)."""
        check_sha(sha256)
        path = self._cached(sha256)
        return path.read_bytes() if path is not None else self._fetch(sha256)

    def __contains__(self, sha256: str) -> bool:
        check_sha(sha256)
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    text("SELECT 1 FROM document_blob WHERE sha256 = :sha"), {"sha": sha256}
                ).first()
                is not None
            )

    def shas(self) -> Iterator[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT sha256 FROM document_blob ORDER BY sha256")).all()
        for (sha,) in rows:
            yield sha

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM document_blob")).scalar_one())

    def describe(self) -> str:
        from sqlalchemy.engine import make_url

        return f"postgresql store {make_url(self.url).render_as_string(hide_password=True)}"


def raw_bytes(store: DocumentStore, sha256: str) -> bytes | None:
    """Return what ``store`` holds under ``sha256`` without verifying it (None: nothing)."""
    if isinstance(store, PostgresStore):
        with store.engine.connect() as conn:
            row = conn.execute(
                text("SELECT data FROM document_blob WHERE sha256 = :sha"), {"sha": sha256}
            ).first()
        return None if row is None else bytes(row[0])
    try:
        return DocumentStore.path_for(store, sha256).read_bytes()
    except FileNotFoundError:
        return None


def _drop(store: DocumentStore, sha256: str) -> None:
    """Remove a damaged copy so the good bytes can take its place."""
    if isinstance(store, PostgresStore):
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM document_blob WHERE sha256 = :sha"), {"sha": sha256})
    else:
        DocumentStore.path_for(store, sha256).unlink(missing_ok=True)


@dataclass
class MigrateReport:
    source: str
    target: str
    copied: int = 0
    present: int = 0  # already in the target with the right bytes
    repaired: int = 0  # in the target with wrong bytes, replaced
    damaged: list[str] = field(default_factory=list)  # wrong bytes in the source: not copied
    missing: list[str] = field(default_factory=list)  # documents in neither store

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def migrate(
    source: DocumentStore, target: DocumentStore, *, on_item: Callable[[], None] | None = None
) -> MigrateReport:
    """Copy every original from ``source`` to ``target``, verifying sha256; idempotent."""
    report = MigrateReport(source.describe(), target.describe())
    for sha in source.shas():
        data = raw_bytes(source, sha)
        if data is None or sha256_bytes(data) != sha:
            report.damaged.append(sha)
        else:
            there = raw_bytes(target, sha)
            if there is not None and sha256_bytes(there) == sha:
                report.present += 1
            else:
                if there is not None:
                    _drop(target, sha)
                    report.repaired += 1
                else:
                    report.copied += 1
                if isinstance(target, PostgresStore):
                    target.put(data, keep_copy=False)
                else:
                    target.put(data)
        if on_item:
            on_item()
    report.missing = _documents_missing_from(target)
    return report


def _documents_missing_from(store: DocumentStore) -> list[str]:
    """Return the sha256 of recorded documents whose original ``store`` does not hold."""
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.records import Document

    with session_scope(write=False) as s:
        wanted = set(s.exec(select(Document.sha256)).all())
    return sorted(wanted - set(store.shas()))
