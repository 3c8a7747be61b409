"""Running a batch of files through the pipeline, on SQLite or on the engine.

``ingest_paths`` stores every original (with its document row, and on PostgreSQL its
job) before anything else, then decides: on SQLite in this process, extracting in a
pool whose processes die with their parent and deciding document by document; on
PostgreSQL on the workers, waiting for them (and working the queue itself when none
is alive). A file that cannot be stored (unreadable, store full or read-only) gets a
per-file result and an audit event; the batch goes on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bursar import audit
from bursar.config import get_settings
from bursar.db import session_scope
from bursar.engine import bound_app
from bursar.engine.queue import PROCESS_DOCUMENT, defer_in, workers_alive
from bursar.errors import BursarError, InputError, SystemError_
from bursar.ingest.process import (
    ACCEPTED_SUFFIXES,
    IngestResult,
    current_pack,
    decided_result,
    extract_stored,
    finish,
    store_original,
)
from bursar.ingest.snapshot import Snapshot, load_snapshot
from bursar.ingest.stages import Claim, claim
from bursar.records import Document
from bursar.store import DocumentStore, default_store


def collect_files(inputs: Sequence[Path]) -> list[Path]:
    """Expand folders into the document files they hold (sorted, recursively)."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files.extend(
                sorted(
                    p
                    for p in item.rglob("*")
                    if p.is_file() and p.suffix.lower() in ACCEPTED_SUFFIXES
                )
            )
        else:
            files.append(item)
    return files


def ingest_paths(
    paths: Sequence[Path],
    *,
    actor: str = "cli",
    source: str = "cli",
    workers: int | None = None,
    on_done: Callable[[IngestResult], None] | None = None,
    wait: bool = True,
) -> list[IngestResult]:
    """Ingest files and return one result per file, in order.

    Every original is stored (with its document row) before anything else happens, so
    a crash from then on leaves visible ``received``/``processing`` documents that a
    re-run resumes. On SQLite the documents are then extracted in a process pool and
    decided one by one as their extraction arrives; on PostgreSQL each document's job
    is deferred in the transaction that records it, and workers decide (``wait``
    waits for them, working the queue itself when no worker is alive).
    """
    from bursar.ingest.recovery import recover

    settings = get_settings()
    store = default_store()
    queued = not settings.is_sqlite
    recover(actor=actor, workers=workers)  # what an earlier, killed run left behind
    from bursar.ingest.x12split import expand_x12

    # an X12 837 with several claims: its original kept, one document per claim
    paths, parts_dir = expand_x12(paths, store, actor=actor, source=source)
    try:
        return _ingest_stored(paths, store, actor, source, workers, on_done, wait, queued)
    finally:
        if parts_dir is not None:
            parts_dir.cleanup()


def _ingest_stored(
    paths: Sequence[Path],
    store: DocumentStore,
    actor: str,
    source: str,
    workers: int | None,
    on_done: Callable[[IngestResult], None] | None,
    wait: bool,
    queued: bool,
) -> list[IngestResult]:
    results: list[IngestResult | None] = [None] * len(paths)
    todo: list[tuple[int, int, bool]] = []  # (index, document id, resumed)
    for i, path in enumerate(paths):
        res = _store_one(Path(path), store, actor=actor, source=source, queued=queued)
        if isinstance(res, IngestResult):
            results[i] = res
            if on_done:
                on_done(res)
        else:
            todo.append((i, res[0].id, res[1]))  # type: ignore[arg-type]
    if queued:
        done = _await_decisions(todo, wait=wait, on_done=on_done, paths=paths)
    else:
        done = _process_batch(
            [(i, doc_id) for i, doc_id, _ in todo],
            actor=actor,
            workers=workers,
            on_done=on_done,
            names=paths,
        )
    for i, res in done.items():
        results[i] = res
    _checkpoint_audit("ingest")
    return [r for r in results if r is not None]


def ingest_file(path: Path, *, actor: str = "cli", source: str = "cli") -> IngestResult:
    """Ingest one file (see ``ingest_paths``)."""
    return ingest_paths([path], actor=actor, source=source, workers=1)[0]


def decide_documents(
    ids: Sequence[int], *, actor: str, workers: int | None = None
) -> list[IngestResult]:
    """Take stored documents to their decisions in this process (SQLite's recovery)."""
    done = _process_batch(list(enumerate(ids)), actor=actor, workers=workers, on_done=None)
    return [done[i] for i in range(len(ids))]


def _process_batch(
    todo: list[tuple[int, int]],
    *,
    actor: str,
    workers: int | None,
    on_done: Callable[[IngestResult], None] | None,
    names: Sequence[Path] | None = None,
) -> dict[int, IngestResult]:
    """Extract ``(key, document id)`` pairs in a process pool; decide one by one, in order."""
    out: dict[int, IngestResult] = {}

    def done(key: int, res: IngestResult) -> None:
        if names is not None:
            _named(res, Path(names[key]).name)
        out[key] = res
        if on_done:
            on_done(res)

    pack = current_pack()
    snapshot: Snapshot | None = None
    n = _pool_size(workers, len(todo))
    window: deque[tuple[int, Claim, Any]] = deque()

    def settle_first() -> None:
        nonlocal snapshot
        key, taken, future = window.popleft()
        if snapshot is None:
            with session_scope(write=False) as session:
                snapshot = load_snapshot(session)
        try:
            res = finish(taken, future.result(), actor=actor, pack=pack, snapshot=snapshot)
        except SystemError_ as exc:  # database full: this document waits, the batch goes on
            res = _not_decided(taken.document_id, taken.sha256, taken.filename, "processing", exc)
        done(key, res)

    # A document is claimed only when its extraction starts, and at most a couple per
    # pool process run ahead of the decisions: a kill costs little work, and a crash
    # counts only against documents that were really being read.
    with _extraction_pool(n) as submit:
        for key, doc_id in todo:
            try:
                with session_scope() as session:
                    taken = claim(session, doc_id, actor=actor)
            except SystemError_ as exc:  # database full: this document waits, the batch goes on
                done(key, _not_decided(doc_id, None, None, "received", exc))
                continue
            if taken is None:
                done(key, decided_result(doc_id))
                continue
            window.append((key, taken, submit(taken)))
            if len(window) >= 2 * n:
                settle_first()
        while window:
            settle_first()
    return out


def _await_decisions(
    todo: list[tuple[int, int, bool]],
    *,
    wait: bool,
    on_done: Callable[[IngestResult], None] | None,
    paths: Sequence[Path],
) -> dict[int, IngestResult]:
    """Return each queued document's decision; wait for workers when asked to."""
    import time

    pending = {i: doc_id for i, doc_id, _ in todo}
    out: dict[int, IngestResult] = {}
    worked = False
    while pending:
        # One query per round for the stages; a result is read only once it is decided.
        done_ids = _decided_ids(list(pending.values()))
        for i, doc_id in list(pending.items()):
            if wait and doc_id not in done_ids:
                continue
            res = decided_result(doc_id)
            _named(res, Path(paths[i]).name)
            out[i] = res
            del pending[i]
            if on_done:
                on_done(out[i])
        if not pending or not wait:
            break
        if not worked and not _workers_alive():
            _work_queue_here()  # nobody else will: decide them in this process
            worked = True
            continue
        time.sleep(0.2)
    return out


def _decided_ids(ids: list[int]) -> set[int]:
    """Return which of the documents ``ids`` are decided."""
    from sqlmodel import col, select

    with session_scope(write=False) as session:
        rows = session.exec(
            select(Document.id).where(col(Document.id).in_(ids), Document.stage == "decided")
        ).all()
    return {int(r) for r in rows}


def _workers_alive() -> bool:
    with session_scope(write=False) as session:
        return bool(workers_alive(session))


def _work_queue_here() -> None:
    """Run the queue's document jobs in this process until none is left.

    Only on PostgreSQL when no worker is alive.
    """
    import threading

    app = bound_app()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            app.run_worker(
                queues=list(DOCUMENT_QUEUES),
                wait=False,
                concurrency=1,
                install_signal_handlers=False,
                listen_notify=False,
                name="ingest-inline",
            )
        except BaseException as exc:  # re-raised in the caller's thread
            failed.append(exc)

    # Its own thread, so its event loop never meets one the caller may be running
    # (a web app, a browser driver, a notebook).
    thread = threading.Thread(target=work, name="ingest-inline-worker")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def _store_one(
    path: Path, store: DocumentStore, *, actor: str, source: str, queued: bool = False
) -> IngestResult | tuple[Document, bool]:
    """Return (document to process, resumed) or the final result for a duplicate/unreadable.

    With ``queued``, the document's job is deferred in the same transaction.
    """
    try:
        with session_scope() as session:
            doc, new = store_original(session, path, store, actor=actor, source=source)
            if not new and doc.stage == "decided":
                return IngestResult(
                    doc.sha256,
                    path.name,
                    kind=doc.kind or "other",
                    status="duplicate",
                    document_id=doc.id,
                )
            if queued:
                defer_document(session, doc, resume=not new)
            return doc, not new
    except InputError as exc:  # the file itself could not be read: nothing to store
        return _not_stored(path, exc, actor=actor)
    except (BursarError, OSError) as exc:  # the store or database failed for this file
        return _not_stored(path, exc, actor=actor)


def _named(res: IngestResult, name: str) -> None:
    """Make ``res`` the answer for the file ``name``.

    Files with the same bytes are one document, whose recorded error names the file it
    was first stored from (``empty.pdf``); each file's answer names the file given.
    """
    first, res.file = res.file, name
    if res.error and first != name and res.error["message"].startswith(f"{first}: "):
        rest = res.error["message"][len(first) + 2 :]
        res.error = {**res.error, "message": f"{name}: {rest}"}


def _not_decided(
    doc_id: int, sha256: str | None, filename: str | None, stage: str, exc: SystemError_
) -> IngestResult:
    """Return the answer for a stored document that could not be taken to its decision.

    It stays ``received``/``processing`` in the database, where the next ingest of the same
    files (or ``bursar recover``) resumes it; the answer says so.
    """
    if sha256 is None or filename is None:
        try:
            with session_scope(write=False) as session:
                doc = session.get(Document, doc_id)
                sha256, filename = (doc.sha256, doc.filename) if doc else (None, None)
        except Exception:  # noqa: S110 - the answer below still names the document
            pass
    message = (
        f"{exc.one_line()} (document {doc_id} is kept as {stage}: ingesting the same file "
        "again, or 'bursar recover', finishes it)"
    )
    return IngestResult(
        sha256 or "0" * 64,
        filename or f"document {doc_id}",
        status="rejected",
        document_id=doc_id,
        error={"code": exc.code, "message": message},
        system=True,
    )


def _not_stored(path: Path, exc: Exception, *, actor: str) -> IngestResult:
    """Record (when the database allows) and return a file that could not be stored."""
    if isinstance(exc, InputError):
        code, message = exc.code, exc.one_line()
    elif isinstance(exc, BursarError):  # the store or the database could not take it
        code, message = exc.code, f"not recorded: {exc.one_line()}"
    else:
        code, message = _os_error(exc)
    try:
        with session_scope() as session:
            audit.append(
                session,
                actor,
                "document.unreadable" if isinstance(exc, InputError) else "document.not_stored",
                f"file/{path.name}",
                {"path": str(path), "code": code, "message": message},
            )
    except Exception:  # noqa: S110 - the per-file result below still says what happened
        pass
    return IngestResult(
        "0" * 64,
        path.name,
        status="rejected",
        error={"code": code, "message": message},
        system=not isinstance(exc, InputError),
    )


def _os_error(exc: BaseException) -> tuple[str, str]:
    import errno

    err = getattr(exc, "errno", None)
    if err == errno.ENOSPC:
        return "store_full", "not stored: the document store is full; free space and re-run"
    if err == errno.EROFS:
        return "store_read_only", "not stored: the document store is read-only; re-run later"
    return "store_failed", f"not stored: {getattr(exc, 'strerror', None) or exc}; re-run later"


DOCUMENT_QUEUES = ("ingest", "ocr")
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def defer_document(session: Session, doc: Document, *, resume: bool) -> int | None:
    """Defer the document's job inside the transaction that records it; return its id."""
    queue = "ocr" if Path(doc.filename).suffix.lower() in _IMAGE_SUFFIXES else "ingest"
    return defer_in(
        session,
        PROCESS_DOCUMENT,
        queue=queue,
        args={"document_id": doc.id},
        queueing_lock=f"document:{doc.id}" if resume else None,
    )


def _checkpoint_audit(reason: str) -> None:
    """Ask the audit trail for a checkpoint at the end of a batch, when it offers one."""
    checkpoint = getattr(audit, "checkpoint_after_batch", None)
    if checkpoint is not None:
        checkpoint(reason)


def _one_thread_worker() -> None:
    """Pool initializer: one CPU thread per worker, for Tesseract and torch alike.

    ``models.inference.runner`` gives torch ``settings.workers`` threads (else every core),
    so N workers would each start one thread per core. ``BURSAR_WORKERS=1`` read afresh
    makes that 1; a torch already imported (forked from a parent that used it, with its
    runners cached) is set directly, since a cached runner never sets threads again.
    """
    import sys

    from bursar.config import reset_settings

    _die_with_parent()
    os.environ["BURSAR_WORKERS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"  # torch's default when it is imported from here on
    os.environ["OMP_THREAD_LIMIT"] = "1"
    reset_settings()
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _pool_size(workers: int | None, jobs: int) -> int:
    return max(1, min(workers or get_settings().workers or os.cpu_count() or 1, jobs))


class _Later:
    """An extraction done when asked for, so one process extracts and decides in turn."""

    def __init__(self, taken: Claim):
        self.taken = taken

    def result(self) -> dict[str, Any]:
        return extract_stored(self.taken.sha256, self.taken.filename)


@contextmanager
def _extraction_pool(n: int) -> Iterator[Callable[[Claim], Any]]:
    """Yield ``submit(claim)`` returning something whose ``result()`` is the extraction."""
    if n <= 1:
        yield _Later
        return
    pool = ProcessPoolExecutor(max_workers=n, initializer=_one_thread_worker)
    try:
        yield lambda taken: pool.submit(extract_stored, taken.sha256, taken.filename)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _die_with_parent() -> None:
    """Ask Linux to kill this pool process when its parent dies (even by ``kill -9``)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the pool's own shutdown still ends them
        return
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)
