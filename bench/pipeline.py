"""Pipeline and audit figures: documents/s through ``ingest``, audit appends/s, verify rate.

Prints figures; asserts nothing. Usage: python bench/pipeline.py [--docs N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from record import record


def _home(tmp: Path) -> None:
    os.environ["BURSAR_HOME"] = str(tmp / "home")
    os.environ.pop("BURSAR_DATABASE_URL", None)
    from bursar.config import reset_settings
    from bursar.db import dispose_engines

    reset_settings()
    dispose_engines()


def bench_audit(n: int) -> None:
    from bursar import audit
    from bursar.db import session_scope

    start = time.perf_counter()
    for i in range(n):
        with session_scope() as s:
            audit.append(s, "bench", "bench.event", f"doc/{i}", {"i": i, "amount": "12.50"})
    append_s = time.perf_counter() - start
    with session_scope() as s:  # one transaction, many events: the batch path
        start = time.perf_counter()
        for i in range(n):
            audit.append(s, "bench", "bench.event", f"doc/{i}", {"i": i})
        batch_s = time.perf_counter() - start
    with session_scope(write=False) as s:
        start = time.perf_counter()
        result = audit.verify(s)
        verify_s = time.perf_counter() - start
    print(f"audit append, one transaction each : {n / append_s:8.0f} events/s")
    print(f"audit append, one transaction      : {n / batch_s:8.0f} events/s")
    print(
        f"audit verify                       : {result.events / verify_s:8.0f} events/s "
        f"({result.events} events, ok={result.ok})"
    )
    record(
        "pipeline",
        "audit appends/s, SQLite, one transaction each / all in one",
        f"{n / append_s:,.0f} / {n / batch_s:,.0f}",
    )
    record("pipeline", "audit verify events/s, SQLite", f"{result.events / verify_s:,.0f}")


def bench_ingest(tmp: Path, count: int) -> None:
    from bursar.ingest import ingest_paths
    from devkit.demo import import_master
    from devkit.synth import generate

    corpus = tmp / "corpus"
    generate(corpus, count=count, seed=3, scans=False, claims=True, einvoices=True)
    import_master(corpus / "master")
    docs = sorted((corpus / "docs").glob("*.pdf"))
    start = time.perf_counter()
    results = ingest_paths(docs, workers=os.cpu_count())
    took = time.perf_counter() - start
    approved = sum(r.status == "approved" for r in results)
    print(
        f"ingest (born-digital, {os.cpu_count()} workers)  : {len(docs) / took:8.1f} docs/s "
        f"({len(docs)} docs in {took:.1f} s; {approved} approved)"
    )
    record(
        "pipeline",
        f"ingest end to end, born-digital, {os.cpu_count()} workers, SQLite",
        f"{len(docs) / took:.1f} documents/s ({len(docs)} documents)",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _home(Path(tmp))
        from bursar.cli.cmd_init import init_home

        init_home()
        bench_audit(args.events)
        bench_ingest(Path(tmp), args.docs)


if __name__ == "__main__":
    main()
