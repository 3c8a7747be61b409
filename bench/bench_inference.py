"""Served inference against per-document inference, at 1/2/4 pipeline workers.

The work of one document: the shipped kind classifier and field labeller on its page
tokens (``BURSAR_DEFAULT_MODELS=kind,fields``), what a pipeline worker runs per document.
Per-document: N worker processes, each with its own models, one document at a time.
Served: the same N processes ask one ``bursar worker --queues models`` (dynamic batching)
through ``bursar.engine.inference.ServedRunner`` on PostgreSQL. Every process loads and
warms up first; the clock starts when all are ready. Figures: documents/s over the run and
the p95 of one document's inference latency as its worker sees it. CUDA is used when torch
sees it (``device = auto``), else CPU.

    python bench/bench_inference.py [--docs 48] [--workers 1 2 4]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def make_pages(n: int, out: Path) -> Path:
    """Write the page tokens of ``n`` synthetic invoices (several vendors and layouts)."""
    from devkit.synth import specs
    from devkit.synth.render import render
    from models.data import default_loader

    rng = random.Random(9)
    used: set[str] = set()
    layouts = ["classic", "modern", "compact", "ledger"]
    vendors = [specs.random_vendor(rng, f"V{i + 1:04d}", layouts[i], used) for i in range(4)]
    docs = []
    for i in range(n):
        pdf = out / f"d{i}.pdf"
        spec = specs.random_invoice(rng, vendor=vendors[i % 4], name=f"d{i}", seq=i)
        pdf.write_bytes(render(spec))
        docs.append(default_loader(pdf))
    path = out / "pages.pkl"
    path.write_bytes(pickle.dumps(docs))
    return path


def client(pages: Path, part: int, parts: int, served: bool, ready: Path, go: Path) -> None:
    """One pipeline worker: infer its share of the documents; print latencies as JSON."""
    from bursar.config import get_settings
    from models import registry

    docs = pickle.loads(pages.read_bytes())[part::parts]  # noqa: S301 - written by this bench
    settings = get_settings()
    kind, fields = registry.active("kind", settings), registry.active("fields", settings)
    if served:
        from bursar.engine.inference import served as serve

        kind, fields = serve(kind, 600), serve(fields, 600)
    kind.classify(docs[0]), fields.token_probs(docs[0])  # warm up (and the server's batcher)
    ready.write_text("1")
    while not go.exists():
        time.sleep(0.01)
    lat, start = [], time.perf_counter()
    for pages_ in docs:
        t = time.perf_counter()
        kind.classify(pages_)
        fields.token_probs(pages_)
        lat.append(time.perf_counter() - t)
    extra = {}
    if served:
        from bursar.engine.inference import ServedRunner

        extra = {"served": ServedRunner.served, "fallbacks": ServedRunner.fallbacks}
    print(json.dumps({"lat": lat, "start": start, "end": time.perf_counter(), **extra}))


def run(env: dict[str, str], pages: Path, n: int, served: bool, tmp: Path) -> dict:
    """Run ``n`` clients; return documents/s, p95 latency and the served/fallback counts."""
    tag = f"{'s' if served else 'l'}{n}"
    ready = [tmp / f"ready-{tag}-{k}" for k in range(n)]
    go = tmp / f"go-{tag}"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--client",
                str(pages),
                str(k),
                str(n),
                "1" if served else "0",
                str(ready[k]),
                str(go),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )  # fmt: skip
        for k in range(n)
    ]
    while not all(r.exists() for r in ready):
        if any(p.poll() not in (None, 0) for p in procs):
            raise SystemExit("a bench client failed")
        time.sleep(0.05)
    t0 = time.perf_counter()
    go.write_text("1")
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    wall = time.perf_counter() - t0
    lat = sorted(x for o in outs for x in o["lat"])
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    return {"docs_s": len(lat) / wall, "p95_ms": 1000 * p95, "docs": len(lat),
            "fallbacks": sum(o.get("fallbacks", 0) for o in outs)}  # fmt: skip


def bench_inference(args: argparse.Namespace) -> None:
    from record import plot, record

    from devkit.pgserver import PostgresServer, pg_bin

    bindir = pg_bin()
    if bindir is None:
        print("inference: PostgreSQL server not installed; the served figures need it")
        return
    import torch

    device = "CUDA (" + torch.cuda.get_device_name(0) + ")" if torch.cuda.is_available() else "CPU"
    server = PostgresServer(bindir)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-infer-") as tmp_:
            tmp = Path(tmp_)
            url = server.create_database()
            env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
            env.update(BURSAR_HOME=str(tmp / "home"), BURSAR_CONFIG=str(tmp / "absent.toml"),
                       BURSAR_DATABASE_URL=url, BURSAR_DEFAULT_MODELS="kind,fields",
                       PYTHONPATH=str(REPO))  # fmt: skip
            subprocess.run([sys.executable, "-m", "bursar", "init"], env=env, check=True,
                           capture_output=True)  # fmt: skip
            pages = make_pages(args.docs, tmp)
            rows: dict[str, dict[int, dict]] = {"per-document": {}, "served": {}}
            for n in args.workers:
                rows["per-document"][n] = run(env, pages, n, False, tmp)
                worker = subprocess.Popen(
                    [sys.executable, "-m", "bursar", "worker", "--queues", "models",
                     "--concurrency", "32"],
                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                try:
                    rows["served"][n] = run(env, pages, n, True, tmp)
                finally:
                    worker.terminate()
                    worker.wait(timeout=120)
    finally:
        server.stop()
    print(f"inference ({device}; {args.docs} documents, kind classifier + field labeller each, "
          "max batch 32, latency bound 10 ms):")  # fmt: skip
    for n in args.workers:
        a, b = rows["per-document"][n], rows["served"][n]
        ratio = b["docs_s"] / a["docs_s"]
        print(f"  {n} worker(s): per-document {a['docs_s']:.1f} docs/s, p95 {a['p95_ms']:.0f} ms; "
              f"served {b['docs_s']:.1f} docs/s, p95 {b['p95_ms']:.0f} ms "
              f"({ratio:.2f}x; {b['fallbacks']} fallbacks)")  # fmt: skip
        record("observe", f"inference {device}, {n} workers: served vs per-document docs/s",
               f"{b['docs_s']:.1f} vs {a['docs_s']:.1f} ({ratio:.2f}x)",
               target=">= 2x at 4 workers (CPU)")  # fmt: skip
        record("observe", f"inference {device}, {n} workers: p95 latency served vs per-document",
               f"{b['p95_ms']:.0f} ms vs {a['p95_ms']:.0f} ms")  # fmt: skip
    plot("inference_served", list(args.workers),
         {k: [rows[k][n]["docs_s"] for n in args.workers] for k in rows},
         title=f"Served vs per-document inference ({device})", xlabel="pipeline workers",
         ylabel="documents/s", xticks=list(args.workers))  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["--client"]:
        a = sys.argv[2:]
        client(Path(a[0]), int(a[1]), int(a[2]), a[3] == "1", Path(a[4]), Path(a[5]))
    else:
        sys.path.insert(0, str(REPO / "bench"))
        ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        ap.add_argument("--docs", type=int, default=48)
        ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
        bench_inference(ap.parse_args())
