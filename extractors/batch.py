"""Extract many files with a process pool; unreadable files become error records.

Each worker is a separate process with ``OMP_THREAD_LIMIT=1`` so Tesseract does
not oversubscribe the cores. A failure in one file never stops the batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

from bursar.errors import BursarError
from extractors.context import ExtractionContext
from extractors.pipeline import extract, extract_documents


def error_record(file: str, code: str, message: str) -> dict[str, Any]:
    """Return the contract's per-file error object."""
    return {"file": file, "error": {"code": code, "message": message}}


def extract_one(path: str, ctx: ExtractionContext | None = None) -> dict[str, Any]:
    """Return the extraction dict for one file, or an error record; never raises."""
    name = Path(path).name
    try:
        return extract(Path(path), ctx)
    except BursarError as exc:
        return error_record(name, exc.code, exc.one_line())
    except MemoryError:
        return error_record(name, "too_large", f"{name}: out of memory while reading the file")
    except Exception as exc:  # a library choking on a hostile file must not end the batch
        return error_record(
            name, "corrupt", f"{name}: cannot be read ({type(exc).__name__}: {exc})"
        )


def extract_parts(path: str, ctx: ExtractionContext | None = None) -> list[dict[str, Any]]:
    """Return every document the file holds (an X12 837: one per claim), or one error record."""
    try:
        return extract_documents(Path(path), ctx)
    except Exception:  # extract_one words the error record
        return [extract_one(path, ctx)]


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def extract_many(
    paths: Sequence[Path],
    *,
    workers: int | None = None,
    languages: str | None = None,
    dpi: int = 300,
    on_done: Callable[[], None] | None = None,
    ctx: ExtractionContext | None = None,
    parts: bool = False,
) -> list[Any]:
    """Return one result (or error record) per path, in input order, read with ``ctx``
    (``languages`` and ``dpi`` override the context's). With ``parts``, each path's result
    is the list of the documents it holds (an X12 837: one per claim)."""
    workers = max(1, workers or os.cpu_count() or 1)
    ctx = replace(ctx or ExtractionContext(), languages=languages, dpi=dpi)
    results: list[Any] = [None] * len(paths)
    for i, res in _run(paths, workers, ctx, extract_parts if parts else extract_one):
        results[i] = res
        if on_done:
            on_done()
    return [r for r in results if r is not None]


def _run(
    paths: Sequence[Path], workers: int, ctx: ExtractionContext, one: Callable[..., Any]
) -> Iterator[tuple[int, Any]]:
    if workers == 1 or len(paths) == 1:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        for i, p in enumerate(paths):
            yield i, one(str(p), ctx)
        return
    with ProcessPoolExecutor(
        max_workers=min(workers, len(paths)), initializer=_init_worker
    ) as pool:
        futures = {pool.submit(one, str(p), ctx): i for i, p in enumerate(paths)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                yield i, fut.result()
            except Exception as exc:  # a worker died (killed for memory, segfault in a C library)
                name = Path(paths[i]).name
                rec = error_record(name, "corrupt", f"{name}: worker failed ({type(exc).__name__})")
                yield i, [rec] if one is extract_parts else rec
