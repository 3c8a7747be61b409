"""``folder_watch``: a scanner's hot folder (a share the copier drops PDFs into).

A file is taken only once its size and modification time have held still for
``stable_s`` seconds (a scanner or a copy over SMB writes for a while); it is a work
item with the reference ``sha256:<digest>`` of its bytes, so the same scan dropped twice,
under any name, is ingested once. Afterwards it moves to ``processed/`` -- or to
``failed/`` next to a ``<name>.reason.txt`` saying why (not a PDF, image, e-invoice or
X12 claim file; unreadable) -- so the folder itself shows what is still to do.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import select

from bots.base import Bot, Candidate, Item, Outcome
from bots.mailbox_files import sort_files
from bots.records import BUSINESS, FAILED, SUCCESSFUL, WorkItem
from bots.registry import register
from bursar.db import session_scope
from bursar.errors import BusinessError, ConfigError
from bursar.types import utcnow

IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload", ".reason.txt")


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _waiting(folder: Path) -> list[Path]:
    """Return the files in the hot folder that could be work (no temp or hidden files)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and not p.name.lower().endswith(IGNORED_SUFFIXES)
    )


def stable_files(folder: Path, stable_s: float) -> tuple[list[Path], list[Path]]:
    """Return (stable, still changing): files whose size and mtime held for ``stable_s``.

    One look, a pause of ``stable_s``, a second look: a file is stable when both looks
    agree and its last write is at least ``stable_s`` old.
    """
    first = {p: _sig(p) for p in _waiting(folder)}
    if not first:
        return [], []
    time.sleep(stable_s)
    now = time.time()
    stable, busy = [], []
    for p, sig in first.items():
        again = _sig(p)
        if again is not None and again == sig and now - again[1] >= stable_s:
            stable.append(p)
        elif again is not None:
            busy.append(p)
    return stable, busy


def _sig(path: Path) -> tuple[int, float] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime


def _free_name(folder: Path, name: str, digest: str) -> Path:
    target = folder / name
    if not target.exists():
        return target
    stem, suffix = os.path.splitext(name)
    return folder / f"{stem}-{digest[:12]}{suffix}"


@register
class FolderWatch(Bot):
    name = "folder_watch"
    target = "scanner hot folder"
    steps = (
        "list files whose size held still",
        "ingest PDF and image files (unpack zips)",
        "move to processed/ or failed/ with a reason file",
    )
    produces = "documents (scans)"
    source = "hotfolder"
    defaults = {"path": None, "stable_s": 2.0, "processed": "processed", "failed": "failed"}

    def open(self) -> None:
        from bursar.config import get_settings

        path = self.ctx.setting("path") or get_settings().home_dir / "hotfolder"
        self.folder = Path(path).expanduser()
        if not self.folder.is_dir():
            raise ConfigError(f"the hot folder {self.folder} does not exist", where="folder_watch")
        self.processed = self.folder / str(self.ctx.setting("processed"))
        self.failed = self.folder / str(self.ctx.setting("failed"))
        if not self.ctx.dry_run:
            self.processed.mkdir(exist_ok=True)
            self.failed.mkdir(exist_ok=True)

    def discover(self) -> Iterator[Candidate]:
        stable, busy = stable_files(self.folder, float(self.ctx.setting("stable_s")))
        self.ctx.stats["still_changing"] = len(busy)
        for path in stable:
            digest = sha256_of(path)
            ref = f"sha256:{digest}"
            done = self._finished(ref)
            if done is not None:
                self._already(path, digest, done)
                continue
            yield Candidate(reference=ref, payload={"path": str(path), "sha256": digest})

    def _finished(self, reference: str) -> WorkItem | None:
        """Return the item for ``reference`` when it was already handled for good."""
        with session_scope(write=False) as s:
            row = s.exec(
                select(WorkItem).where(WorkItem.bot == self.name, WorkItem.reference == reference)
            ).first()
        if row and (row.status == SUCCESSFUL or (row.status, row.error_type) == (FAILED, BUSINESS)):
            return row
        return None

    def _already(self, path: Path, digest: str, item: WorkItem) -> None:
        """The same bytes came again: move them aside without a second ingest."""
        self.ctx.stats["repeats"] = self.ctx.stats.get("repeats", 0) + 1
        if self.ctx.dry_run:
            return
        if item.status == SUCCESSFUL:
            path.rename(_free_name(self.processed, path.name, digest))
        else:
            self._fail(path, digest, f"same bytes as work item {item.id}: {item.last_error}")

    def _fail(self, path: Path, digest: str, reason: str) -> Path:
        target = _free_name(self.failed, path.name, digest)
        target.with_name(target.name + ".reason.txt").write_text(
            f"{utcnow().isoformat()} {path.name} (sha256 {digest}): {reason}\n"
        )
        path.rename(target)
        return target

    def process(self, item: Item) -> Outcome:
        path, digest = Path(item.payload["path"]), item.payload["sha256"]
        if not path.exists():
            return Outcome(skipped=True, note=f"{path.name} is no longer in the hot folder")
        if sha256_of(path) != digest:
            return Outcome(skipped=True, note=f"{path.name} changed since it was listed")
        found = sort_files([path], self.ctx.workdir / f"item-{item.id}")
        if not found.ingest:
            reason = "; ".join(f"{n}: {r}" for n, r in found.skipped)
            self._fail(path, digest, reason)
            raise BusinessError(f"{path.name} was not ingested ({reason}); moved to failed/")
        from bursar.ingest import ingest_paths

        results = ingest_paths(found.ingest, actor=f"bot:{self.name}", source=self.source)
        ids = [r.document_id for r in results if r.document_id]
        unreadable = [r for r in results if r.status == "rejected" and r.error]
        if unreadable and len(unreadable) == len(results):
            why = "; ".join(str(r.error.get("message", r.error)) for r in unreadable)
            self._fail(path, digest, f"unreadable ({why}); document(s) {ids}")
            raise BusinessError(f"{path.name} could not be read; moved to failed/ ({why})")
        path.rename(_free_name(self.processed, path.name, digest))
        statuses = ", ".join(sorted({r.status for r in results}))
        skipped = "".join(f"; skipped {n}: {r}" for n, r in found.skipped)
        return Outcome(document_ids=ids, note=f"{path.name}: {statuses}{skipped}")
