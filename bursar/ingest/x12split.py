"""An X12 837 holding several claims enters as one document per claim.

The file's original is stored as it came (content-addressed, so nothing is lost and the
same file sent twice is the same blob); each claim becomes a one-claim interchange
(``extractors.x12.split_claims``) that goes through the pipeline like any document:
stored, extracted, decided, audited. An invalid file is not split: it goes through as
itself and is rejected with pyx12's reason, its original kept.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from bursar import audit
from bursar.db import session_scope
from bursar.errors import BursarError
from bursar.store import DocumentStore
from extractors.x12 import decode, looks_like_x12, split_claims


def _is_x12(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return looks_like_x12(fh.read(256))
    except OSError:
        return False


def expand_x12(
    paths: Sequence[Path], store: DocumentStore, *, actor: str, source: str
) -> tuple[list[Path], tempfile.TemporaryDirectory[str] | None]:
    """Return the paths with every multi-claim 837 replaced by its one-claim parts.

    The parts live in the returned temporary folder (clean it up after the batch).
    """
    out: list[Path] = []
    tmp: tempfile.TemporaryDirectory[str] | None = None
    for path in paths:
        path = Path(path)
        if not _is_x12(path):
            out.append(path)
            continue
        try:
            parts = split_claims(decode(path.read_bytes(), str(path)), str(path))
        except (BursarError, OSError):  # invalid: the pipeline rejects it with the reason
            out.append(path)
            continue
        if len(parts) == 1:
            out.append(path)
            continue
        tmp = tmp or tempfile.TemporaryDirectory(prefix="bursar-x12-")
        stored = store.put_file(path)
        names = []
        for n, text in enumerate(parts, start=1):
            part = Path(tmp.name) / f"{path.stem}.claim{n:04d}{path.suffix or '.x12'}"
            part.write_text(text, encoding="ascii")
            names.append(part)
        with session_scope() as session:
            audit.append(
                session,
                actor,
                "x12.split",
                f"blob/{stored.sha256}",
                {"file": path.name, "source": source, "claims": len(parts)},
            )
        out.extend(names)
    return out, tmp
