"""A document's way from submission to decision, in one package.

- ``batch``: what ``bursar ingest`` and the bots call: store each file and record it (and,
  on PostgreSQL, defer its job in the same transaction), then wait for the decisions;
- ``process``: one document's processing: extract, match, decide (``process_document``
  is the engine's one task per document; ``stages`` holds its status and attempt budget);
- ``routing``: record a decision or a rejection and its inbox item;
- ``recovery``: re-drive documents a crash left before their decision;
- ``snapshot``: the master data a decision is made against.
"""

from bursar.ingest.batch import (
    collect_files,
    decide_documents,
    defer_document,
    ingest_file,
    ingest_paths,
)
from bursar.ingest.process import (
    ACCEPTED_SUFFIXES,
    IngestResult,
    decide,
    decided_result,
    extract_stored,
    finish,
    process_document,
    redecide,
    redecide_in,
    store_original,
)

__all__ = [
    "ACCEPTED_SUFFIXES",
    "IngestResult",
    "collect_files",
    "decide",
    "decide_documents",
    "decided_result",
    "defer_document",
    "extract_stored",
    "finish",
    "ingest_file",
    "ingest_paths",
    "process_document",
    "redecide",
    "redecide_in",
    "store_original",
]
