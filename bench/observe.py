"""Issue 25 figures: the drift detector's delay and false alarms, and served inference.

Drift (``--part drift``): synthetic vendors (``devkit.synth``) send invoices in their own
layout A, then switch to a layout B they never used (a held-out grammar design). The
documents are made and really ingested through the pipeline (SQLite, one process, the
shipped defaults of ``drift_*``, the shipped field labeller switched on with
``BURSAR_DEFAULT_MODELS=kind,fields``: with the rules alone an unseen layout is read with
the same evidence confidences, so there is nothing to detect), and the run counts each
vendor's layout-B documents until its first ``drift_review`` finding. The recorded
extraction results are then replayed through the detector's own ``judge`` (same norm and
window as ``measure``) for more seeds (each seed reshuffles which documents form the norm,
the window and the switch). False alarms: a second pipeline run of ``--stable`` documents
(made and ingested for real, ~0.1 s each) where no vendor changes layout; every
``drift_review`` finding there is a false alarm.

Inference (``--part inference``): served against per-document inference at 1/2/4
workers, see ``bench/bench_inference.py``.

    python bench/observe.py [--vendors 4] [--seeds 20] [--stable 1000] [--part drift inference]
    python bench/observe.py --part drift --models kind   # the rules read the fields

Prints figures and records them for ``bench/results.md``; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

LAYOUT_A = ("classic", "modern", "compact")


def _vendors(rng: random.Random, n: int) -> list:
    from devkit.synth import specs
    from devkit.synth.layouts import INVOICE_LAYOUTS

    used: set[str] = set()
    fixed = [name for name in LAYOUT_A if name in INVOICE_LAYOUTS] or sorted(INVOICE_LAYOUTS)
    return [
        specs.random_vendor(rng, f"V{i + 1:04d}", fixed[i % len(fixed)], used) for i in range(n)
    ]


def _master(path: Path, vendors: list) -> None:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["vendor_id", "name", "tax_id", "iban", "currency", "aliases"])
        for v in vendors:
            w.writerow([v.vendor_id, v.party.name, v.party.tax_id or "", v.party.iban or "",
                        v.locale.currency, "|".join(v.aliases)])  # fmt: skip


def drift_run(
    vendors: int, before: int, after: int, seed: int, tmp: Path, models: str = "kind,fields"
) -> dict:
    """Ingest every vendor's ``before`` layout-A then ``after`` layout-B documents, interleaved.

    Return the per-vendor pools of extraction results (A and B, in stream order), the
    documents until the pipeline's own alert per vendor and the alerts raised in layout A.
    """
    os.environ["BURSAR_HOME"] = str(tmp / "home")
    os.environ["BURSAR_CONFIG"] = str(tmp / "absent.toml")
    os.environ.pop("BURSAR_DATABASE_URL", None)
    os.environ["BURSAR_DEFAULT_MODELS"] = models
    from bursar.config import get_settings, reset_settings
    from bursar.db import session_scope, upgrade
    from bursar.masterdata import import_csv
    from devkit.synth import grammar, specs
    from devkit.synth.render import render
    from devkit.synth.truth import invoice_fields

    reset_settings()
    upgrade(get_settings().db_url)
    rng = random.Random(seed)
    vs = _vendors(rng, vendors)
    _master(tmp / "vendors.csv", vs)
    with session_scope() as session:
        import_csv(session, "vendors", tmp / "vendors.csv")
    designs = grammar.names("heldout", vendors)

    def stream(phase: str, n: int) -> list[tuple[str, str, Path, dict]]:
        order = [v for v in vs for _ in range(n)]
        rng.shuffle(order)
        out, seq = [], {}
        folder = tmp / phase
        folder.mkdir(exist_ok=True)
        for k, v in enumerate(order):
            i = seq[v.vendor_id] = seq.get(v.vendor_id, 0) + 1
            layout = None if phase == "a" else designs[vs.index(v)]
            name, number = f"{v.vendor_id}-{phase}{i}", i + (0 if phase == "a" else 1000)
            spec = specs.random_invoice(rng, vendor=v, name=name, seq=number, layout=layout)
            path = folder / f"{k:05d}-{v.vendor_id}.pdf"
            path.write_bytes(render(spec))
            out.append((v.vendor_id, phase, path, invoice_fields(spec)))
        return out

    docs = stream("a", before) + (stream("b", after) if after else [])
    from bursar.ingest.batch import ingest_paths

    t = time.perf_counter()
    results = []
    for k in range(0, len(docs), 25):  # in order: the window must see them as they come
        results += ingest_paths([d[2] for d in docs[k : k + 25]], workers=1)
    secs = time.perf_counter() - t
    from sqlmodel import col, select

    from bursar.records import Document, Extraction

    with session_scope(write=False) as session:
        rows = session.exec(
            select(Document.filename, Extraction.result)
            .join(Extraction, col(Extraction.document_id) == col(Document.id))
            .where(col(Extraction.corrected).is_(False))
        ).all()
    by_name = {name: result for name, result in rows}
    pools: dict[str, dict[str, list]] = {v.vendor_id: {"a": [], "b": []} for v in vs}
    fixes: dict[str, dict[str, list]] = {v.vendor_id: {"a": [], "b": []} for v in vs}
    delay: dict[str, int | None] = {v.vendor_id: None for v in vs}
    false_a = 0
    count_b: dict[str, int] = {}
    for (vendor, phase, path, truth), res in zip(docs, results, strict=True):
        result = by_name.get(path.name) or {}
        pools[vendor][phase].append(result)
        fixes[vendor][phase].append(needs_correction(result, truth))
        flagged = "drift_review" in {f["rule"] for f in res.findings}
        if phase == "a":
            false_a += flagged
        else:
            count_b[vendor] = count_b.get(vendor, 0) + 1
            if flagged and delay[vendor] is None:
                delay[vendor] = count_b[vendor]
    return {"pools": pools, "fixes": fixes, "delay": delay, "false_a": false_a,
            "docs": len(docs), "secs": secs, "alerts": _drift_alerts()}  # fmt: skip


def _drift_alerts() -> int:
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.records import Alert

    with session_scope(write=False) as session:
        return len(session.exec(select(Alert).where(Alert.kind == "drift")).all())


def needs_correction(result: dict, truth: dict) -> bool:
    """True when a person checking the document would correct a header field (the value
    read differs from the one printed, or a printed one was not read)."""
    got = result.get("fields") or {}
    for name, want in truth.items():
        if want is None:
            continue
        have = got.get(name)
        value = have.get("value") if isinstance(have, dict) else None
        if value is None or str(value).strip() != str(want).strip():
            return True
    return False


def replay_delay(
    run: dict, settings, seed: int, extra_a: int, limit: int, corrections: bool
) -> list[int | None]:
    """Replay each vendor: norm from A, ``extra_a`` more A, then B until the alert.

    With ``corrections``, each document counts as corrected when a person would have fixed
    a field (``needs_correction``), by the time the next one arrives (an eager reviewer)."""
    from bursar.observe.drift import judge

    rng = random.Random(seed)
    r, w = settings.drift_reference_docs, settings.drift_window_docs
    out = []
    for vendor, pool in run["pools"].items():
        fix = run["fixes"][vendor]
        a = list(zip(pool["a"], fix["a"], strict=True))
        b = list(zip(pool["b"], fix["b"], strict=True))
        rng.shuffle(a)
        rng.shuffle(b)
        seq = a[: r + extra_a] + b[:limit]
        docs, fixed = [x for x, _ in seq], [c and corrections for _, c in seq]
        found = None
        for k in range(r + extra_a, len(seq)):
            if k + 1 - w < r:  # the window must lie past the norm (as in ``measure``)
                continue
            lo = k + 1 - w
            v = judge(docs[:r], docs[lo : k + 1], settings, fixed[:r], fixed[lo : k + 1])
            if v.state == "drift":
                found = k + 1 - (r + extra_a)
                break
        out.append(found)
    return out


def _summary(delays: list[int | None]) -> tuple[str, float, int]:
    caught = sorted(d for d in delays if d is not None)
    missed = len(delays) - len(caught)
    if not caught:
        return f"none caught of {len(delays)}", float("nan"), missed
    med = statistics.median(caught)
    p90 = caught[int(0.9 * (len(caught) - 1))]
    return f"median {med:.0f}, p90 {p90}, max {caught[-1]}, missed {missed}", med, missed


def bench_drift(args: argparse.Namespace) -> None:
    from record import record

    from bursar.config import get_settings

    with tempfile.TemporaryDirectory(prefix="bench-observe-") as tmp:
        run = drift_run(args.vendors, args.before, args.after, 7, Path(tmp), args.models)
        settings = get_settings()
    r, w = settings.drift_reference_docs, settings.drift_window_docs
    print(f"drift: {run['docs']} documents of {args.vendors} vendors ingested "
          f"in {run['secs']:.0f} s "
          f"({args.before} in layout A, then {args.after} in an unseen layout B each; models "
          f"{args.models}; norm {r} documents, window {w}, PSI >= {settings.drift_psi_threshold}, "
          f"KS p < {settings.drift_ks_pvalue})")  # fmt: skip
    real = list(run["delay"].values())
    print(f"  pipeline: documents of layout B until the alert per vendor: {real}; "
          f"alerts in layout A: {run['false_a']}")  # fmt: skip
    for corrections in (False, True):
        delays: list[int | None] = []
        for seed in range(args.seeds):
            delays += replay_delay(run, settings, seed, args.before - r, args.after, corrections)
        text, _, _ = _summary(delays)
        what = "confidence + corrections" if corrections else "confidence alone"
        print(f"  replay, {args.seeds} seeds x {args.vendors} vendors, {what}: {text} "
              f"(layout-B documents until alert; missed: none in {args.after})")  # fmt: skip
        record("observe", f"drift: documents until alert, {what} (replay, {len(delays)} switches)",
               text, target="<= 20")  # fmt: skip
    fixed_a = [sum(f["a"]) / max(len(f["a"]), 1) for f in run["fixes"].values()]
    fixed_b = [sum(f["b"]) / max(len(f["b"]), 1) for f in run["fixes"].values()]
    print(
        "  share of documents a person would correct, A -> B per vendor: "
        + ", ".join(f"{x:.0%} -> {y:.0%}" for x, y in zip(fixed_a, fixed_b, strict=True))
    )
    record("observe", "drift: layout-B documents until alert (pipeline, per vendor)",
           ", ".join("-" if d is None else str(d) for d in real), target="<= 20")  # fmt: skip


def bench_stable(args: argparse.Namespace) -> None:
    from record import record

    if args.stable:
        n = max(1, args.vendors)
        with tempfile.TemporaryDirectory(prefix="bench-observe-") as tmp:
            stable = drift_run(n, -(-args.stable // n), 0, 8, Path(tmp), args.models)
        print(f"  stable stream: {stable['docs']} documents of {n} vendors in layout A ingested in "
              f"{stable['secs']:.0f} s: {stable['false_a']} documents flagged, "
              f"{stable['alerts']} drift alerts (false alarms)")  # fmt: skip
        record("observe", f"drift: false alarms on a stable stream of {stable['docs']} documents",
               str(stable["alerts"]), target="0")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", nargs="+", default=["drift", "stable", "inference"])
    ap.add_argument("--vendors", type=int, default=4)
    ap.add_argument("--before", type=int, default=45, help="layout-A documents per vendor")
    ap.add_argument("--after", type=int, default=25, help="layout-B documents per vendor")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--stable", type=int, default=1000, help="stable run's documents (0: none)")
    ap.add_argument("--models", default="kind,fields", help="BURSAR_DEFAULT_MODELS for drift")
    ap.add_argument("--docs", type=int, default=48, help="documents of the inference bench")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = ap.parse_args(argv)
    if "drift" in args.part:
        bench_drift(args)
    if "stable" in args.part:
        bench_stable(args)
    if "inference" in args.part:
        try:
            import torch  # noqa: F401
        except ImportError:
            print("inference: torch is not installed")
        else:
            from bench_inference import bench_inference

            bench_inference(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
