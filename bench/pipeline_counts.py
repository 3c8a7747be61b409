"""Round trips per document on the worker path (PostgreSQL), counted, not timed.

Generates a corpus, imports its master data, stores every document with its job (as
``bursar ingest --no-wait`` does), then decides them one by one with
``process_document`` -- what a worker's job runs -- counting SQL statements and commits
per document with SQLAlchemy events. Counts do not depend on the machine's load, so
they are the figure to compare; ``--profile`` adds a cProfile of the same run (top
functions by cumulative time). Prints figures; asserts nothing. Usage:
    python bench/pipeline_counts.py [--docs 40] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--trace", action="store_true", help="print one document's statements")
    args = parser.parse_args()
    from workers import _env

    from devkit.pgserver import PostgresServer, pg_bin
    from devkit.synth import generate

    bindir = pg_bin()
    if bindir is None:
        print("pipeline_counts: PostgreSQL server not installed, skipped")
        return 0
    server = PostgresServer(bindir)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bursar-bench-counts-") as t:
            tmp = Path(t)
            env = _env(tmp / "home", server.create_database())  # the workers bench's own
            os.environ.clear()
            os.environ.update(env)
            corpus = tmp / "corpus"
            generate(corpus, count=args.docs, seed=11, scans=False, claims=False, einvoices=False)
            run(corpus, args.profile, args.trace)
    finally:
        server.stop()
    return 0


def run(corpus: Path, profile: bool, trace: bool = False) -> None:
    from sqlalchemy import event, text

    from bursar.config import reset_settings
    from bursar.db import get_engine, session_scope, upgrade
    from bursar.ingest import ingest_paths, snapshot
    from bursar.ingest.process import extract_stored, process_document
    from devkit.demo import import_master

    reset_settings()
    upgrade()
    import_master(corpus / "master")
    files = sorted((corpus / "docs").iterdir())
    ingest_paths(files, wait=False)
    with session_scope() as s:
        ids = [r[0] for r in s.execute(text("SELECT id FROM document ORDER BY id"))]
    snapshot.reuse_master = True  # as ``bursar worker`` runs
    per: list[dict[str, int]] = []
    counts = {"statements": 0, "commits": 0, "checkouts": 0}
    engine = get_engine()

    @event.listens_for(engine, "before_cursor_execute")
    def _stmt(_conn, _cur, statement, *_a):  # type: ignore[no-untyped-def]
        counts["statements"] += 1
        if trace and len(per) == 1:
            print("   SQL:", " ".join(statement.split())[:150])

    @event.listens_for(engine, "commit")
    def _commit(*_a):  # type: ignore[no-untyped-def]
        counts["commits"] += 1

    @event.listens_for(engine.pool, "checkout")
    def _checkout(*_a):  # type: ignore[no-untyped-def]
        counts["checkouts"] += 1

    process_document(ids[0], actor="bench")  # warm: models, master data, pack
    with session_scope(write=False) as s:
        sha_names = list(s.execute(text("SELECT sha256, filename FROM document ORDER BY id")))
    t = time.perf_counter()
    for sha, name in sha_names[1:]:
        extract_stored(sha, name)
    alone = time.perf_counter() - t
    prof = cProfile.Profile() if profile else None
    t = time.perf_counter()
    for doc_id in ids[1:]:
        before = dict(counts)
        if prof:
            prof.enable()
        process_document(doc_id, actor="bench")
        if prof:
            prof.disable()
        per.append({k: counts[k] - before[k] for k in counts})
    whole = time.perf_counter() - t
    n = len(per)
    for k in counts:
        vals = [p[k] for p in per]
        print(
            f"{k:>10} per document: mean {sum(vals) / n:.1f}, first {vals[0]}, "
            f"last {vals[-1]}, max {max(vals)}"
        )
    print(
        f"{n} documents: extraction alone {alone / n * 1000:.1f} ms/doc, "
        f"process_document {whole / n * 1000:.1f} ms/doc "
        f"(beyond extraction {(whole - alone) / alone * 100:+.0f}%)"
    )
    if prof:
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
        stats.print_stats(45)
        # the parts of the path beyond extraction, each with its cumulative time
        stats.print_stats(
            r"(process\.py.*\((finish|_decide|_evaluate_and_record|learn_from|lock_document)\))"
            r"|(routing\.py.*record_decision)|(drift\.py.*\(review\))|(audit/__init__\.py.*append)"
            r"|(snapshot\.py)|(engine\.py.*\(evaluate\))|(stages\.py)|(context\.py)"
        )
        print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
