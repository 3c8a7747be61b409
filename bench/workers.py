"""Scale-out figures: documents/s with 1, 2 and 4 ``bursar worker`` processes on PostgreSQL.

Two sets in one run: born-digital only, and mixed (with scans that need OCR). For each:
extraction + model inference alone (what the pipeline cannot avoid), one process without
the queue, then 1/2/4 workers, and the cost per document beyond extraction and of the queue.

For each worker count: a fresh database, the same documents (born-digital PDFs and
scans that need OCR), every job deferred first, then the workers started and timed
until the last document is decided. The baseline is the same documents decided in
one process on the same kind of database without the queue (``decide_documents``),
so the per-job overhead of the queue is measured in the same run. Writes a plot of
throughput versus workers to ``bench/plots/workers.png``. Prints figures; asserts
nothing. Usage:
    python bench/workers.py [--docs 60] [--scans 8] [--workers 1 2 4] [--sets digital mixed]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


def _env(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env.update(BURSAR_HOME=str(home), BURSAR_CONFIG=str(home / "absent.toml"))
    env["BURSAR_DATABASE_URL"] = url
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _bursar(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "bursar", *args], env=env, capture_output=True, text=True
    )
    if out.returncode not in (0, 2):
        raise SystemExit(f"bursar {' '.join(args)} failed: {out.stderr.strip()}")
    return out.stdout


def _undecided(url: str) -> int:
    import psycopg

    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        return int(
            conn.execute("SELECT count(*) FROM document WHERE stage <> 'decided'").fetchone()[0]
        )


def _steady_rate(url: str) -> float:
    """Return documents/s between the first and the last decision (start-up excluded)."""
    import psycopg

    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        first, last, n = conn.execute(
            "SELECT min(decided_at), max(decided_at), count(*) FROM decision"
        ).fetchone()
    from bursar.types import UTCDateTime  # decided_at is stored as ISO text

    parse = UTCDateTime().process_result_value
    span = (parse(last, None) - parse(first, None)).total_seconds()
    return (int(n) - 1) / span if span > 0 else float("nan")


def _prepare(server, corpus: Path, docs: Path, tmp: Path, tag: str) -> tuple[dict, str]:  # type: ignore[no-untyped-def]
    url = server.create_database()
    env = _env(tmp / f"home-{tag}", url)
    _bursar(env, "init")
    for kind in ("vendors", "purchase_orders", "receipts"):
        _bursar(env, "import", kind, str(corpus / "master" / f"{kind}.csv"))
    _bursar(env, "ingest", str(docs), "--no-wait")
    return env, url


def run_workers(server, corpus: Path, docs: Path, tmp: Path, n: int) -> float:  # type: ignore[no-untyped-def]
    """Return documents/s of ``n`` workers deciding every queued document (steady state)."""
    env, url = _prepare(server, corpus, docs, tmp, f"w{n}")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bursar", "worker", "--queues", "ingest,ocr"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(n)
    ]
    try:
        while _undecided(url):
            time.sleep(0.1)
        return _steady_rate(url)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=60)


def run_extract_only(server, corpus: Path, docs: Path, tmp: Path) -> float:  # type: ignore[no-untyped-def]
    """Return documents/s of extraction + model inference alone (``extract_stored``)."""
    env, url = _prepare(server, corpus, docs, tmp, "extract")
    code = (
        "import json,time\n"
        "from sqlalchemy import text\n"
        "from bursar.db import session_scope\n"
        "from bursar.ingest.process import extract_stored\n"
        "with session_scope(write=False) as s:\n"
        "    rows = list(s.execute(text('SELECT sha256, filename FROM document ORDER BY id')))\n"
        "extract_stored(*rows[0])\n"  # load the models once, as a worker does
        "t = time.perf_counter()\n"
        "for sha, name in rows[1:]:\n"
        "    extract_stored(sha, name)\n"
        "print(json.dumps((len(rows) - 1) / (time.perf_counter() - t)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def run_inprocess(server, corpus: Path, docs: Path, tmp: Path) -> float:  # type: ignore[no-untyped-def]
    """Return documents/s deciding the same documents in one process, without the queue."""
    env, url = _prepare(server, corpus, docs, tmp, "inproc")
    code = (
        "import json,sys,time\n"
        "from sqlalchemy import text\n"
        "from bursar.db import session_scope\n"
        "from bursar.ingest import decide_documents\n"
        "with session_scope() as s:\n"
        "    s.execute(text(\"DELETE FROM procrastinate_jobs WHERE status = 'todo'\"))\n"
        "    ids = [r[0] for r in s.execute(text('SELECT id FROM document ORDER BY id'))]\n"
        "t = time.perf_counter()\n"
        "decide_documents(ids, actor='bench', workers=1)\n"
        "print(json.dumps(time.perf_counter() - t))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert _undecided(url) == 0 and out.stdout  # the bench's own sanity
    return _steady_rate(url)


def _record(
    counts: list[int], rates: list[float], base: float, overhead_ms: float, n: int, scans: int
) -> None:
    from record import plot, record

    what = f"{n} documents, {scans} scans, {os.cpu_count()} cores"
    record("workers", "documents/s in one process, no queue", f"{base:.2f} ({what})")
    for w, r in zip(counts, rates, strict=True):
        record(
            "workers",
            f"documents/s with {w} PostgreSQL worker(s)",
            f"{r:.2f} (x{r / rates[0]:.2f} over 1 worker)",
            target="grows with cores" if w > 1 else "-",
        )
    record(
        "workers", "queue overhead per document (1 worker vs one process)", f"{overhead_ms:+.0f} ms"
    )
    path = plot(
        "workers",
        counts,
        {"PostgreSQL + workers": rates},
        title=f"Throughput vs workers ({os.cpu_count()} cores)",
        xlabel="worker processes",
        ylabel="documents / s",
        target=base,
        target_label="one process, no queue",
        xticks=counts,
    )
    if path:
        print(f"plot: {path.relative_to(REPO)}")


def measure(server, corpus: Path, tmp: Path, label: str, digital, scans, counts) -> None:  # type: ignore[no-untyped-def]
    """Print and record one set's figures: extraction alone, one process, workers."""
    docs = tmp / f"docs-{label}"
    docs.mkdir()
    for p in list(digital) + list(scans):
        (docs / p.name).write_bytes(p.read_bytes())
    n = len(digital) + len(scans)
    print(f"[{label}] documents: {n} ({len(scans)} scans), {os.cpu_count()} cores")
    alone = run_extract_only(server, corpus, docs, tmp / label)
    print(f"[{label}] extraction + inference alone: {alone:6.2f} documents/s")
    base = run_inprocess(server, corpus, docs, tmp / label)
    beyond = (1 / base - 1 / alone) / (1 / alone) * 100
    print(
        f"[{label}] one process, no queue : {base:6.2f} documents/s "
        f"(pipeline beyond extraction: {beyond:+.0f}% of extraction's time)"
    )
    rates = []
    for w in counts:
        rates.append(run_workers(server, corpus, docs, tmp / label, w))
        print(
            f"[{label}] {w} worker(s)          : {rates[-1]:6.2f} documents/s "
            f"(speed-up {rates[-1] / rates[0]:.2f}x over 1 worker)",
            flush=True,
        )
    overhead_ms = (1 / rates[0] - 1 / base) * 1000 if rates else 0.0
    print(f"[{label}] queue overhead per document (1 worker vs one process): {overhead_ms:+.0f} ms")
    if label == "mixed":
        _record(counts, rates, base, overhead_ms, n, len(scans))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=60, help="born-digital documents")
    parser.add_argument("--scans", type=int, default=8, help="of which scanned (OCR)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--sets", nargs="+", default=["digital", "mixed"], choices=["digital", "mixed"]
    )
    args = parser.parse_args()
    from devkit.pgserver import PostgresServer
    from devkit.pgserver import pg_bin as _pg_bin
    from devkit.synth import generate

    bindir = _pg_bin()
    if bindir is None:
        print("workers: PostgreSQL server not installed, skipped")
        return 0
    server = PostgresServer(bindir)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bursar-bench-workers-") as t:
            tmp = Path(t)
            corpus = tmp / "corpus"
            generate(corpus, count=args.docs, seed=11, scans=True, claims=False, einvoices=False)
            every = sorted((corpus / "docs").iterdir())
            scans = sorted((corpus / "scans").iterdir())[: args.scans]
            if "digital" in args.sets:
                measure(server, corpus, tmp, "digital", every[: args.docs], [], args.workers)
            if "mixed" in args.sets and scans:
                digital = every[: args.docs - len(scans)]
                measure(server, corpus, tmp, "mixed", digital, scans, args.workers)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
