"""Fit ``calibration.json`` on the synthetic corpus (``python -m devkit.calibration_fit``).

Training layouts only are used for the fit; the held-out layouts report reliability.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from extractors.calibration import TABLE, Record, fit, reliability, same
from extractors.calibration import calibrated as calibrated_p


def _records(job: tuple[str, str]) -> list[Record]:
    """Return (source, field, raw score, correct) for one document, calibration off."""
    from extractors.loader import load_pages
    from extractors.pipeline import extract_pages

    path, truth_path = job
    truth = json.loads(Path(truth_path).read_text())
    pages = load_pages(Path(path))
    result = extract_pages(pages, file=Path(path).name, sha256="0" * 64, calibration={})
    sources = {p.page: p.source for p in pages}
    out = []
    for name, f in result["fields"].items():
        if not str(f.get("source", "")).startswith("layout:"):
            continue
        want = (truth["fields"].get(name) or {}).get("value")
        out.append(
            (
                sources.get(f.get("page", 1), "pdf"),
                name,
                float(f["confidence"]),
                same(name, f.get("value"), want),
            )
        )
    return out


def _jobs(root: Path, split: str) -> Iterator[tuple[str, str]]:
    for doc in json.loads((root / "manifest.json").read_text())["documents"]:
        if doc["split"] == split and doc["variant"] in ("digital", "scan"):
            yield str(root / doc["path"]), str(root / doc["truth"])


def _collect(root: Path, split: str, workers: int) -> list[Record]:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with ProcessPoolExecutor(workers) as pool:
        return [r for recs in pool.map(_records, list(_jobs(root, split))) for r in recs]


def _print_reliability(title: str, table: dict[str, Any], records: list[Record]) -> None:
    print(f"\n{title}")
    for source in sorted({r[0] for r in records}):
        maps = table["maps"].get(source, {})
        floor = table.get("floors", {}).get(source)
        calibrated = [
            (calibrated_p(maps.get(f) or maps["*"], raw, floor), ok)
            for src, f, raw, ok in records
            if src == source
        ]
        print(f"  {source}: {len(calibrated)} fields")
        for row in reliability(calibrated):
            print(
                f"    {row['bin']:>14}  n={row['n']:4d}  confidence={row['confidence']:.3f}"
                f"  accuracy={row['accuracy']:.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--unlisted",
        type=float,
        default=0.0,
        help="Share of invoices with wordings the rules do not list (default 0: with them, "
        "sparser label data pulled right values below the approval threshold).",
    )
    parser.add_argument("--dry-run", action="store_true", help="Print, do not write.")
    args = parser.parse_args()
    from devkit.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(
            root, count=args.count, seed=args.seed, scans=True, claims=True, einvoices=False,
            unlisted=args.unlisted,
        )  # fmt: skip
        train = _collect(root, "train", args.workers)
        table = fit(train)
        _print_reliability("training layouts (fit)", table, train)
        _print_reliability("held-out layouts", table, _collect(root, "heldout", args.workers))
    if not args.dry_run:
        TABLE.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {TABLE}")


if __name__ == "__main__":
    main()
