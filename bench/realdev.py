"""Real-invoice development set: printed-page accuracy per layout family, and the e-invoice path.

Prints figures, never asserts. Usage::

    python bench/realdev.py [--dir ../shared/datasets/einvoice-dev] [--misses] [--learning]

The set (``truth.json`` beside ``pdf/``) holds real ZUGFeRD / Factur-X PDFs whose truth
comes from their embedded XML. Two readings of every file:

- **printed page**: the PDF's text layer only, the XML ignored (``extract_pages`` on the
  loaded pages). Fields the set marks ``unverified`` (the XML and the print disagree)
  are not counted.
- **e-invoice path**: ``extract_file`` as the product runs it (the XML wins).

Line items are matched one to one on quantity, unit price and amount, with the
description equal (strict) or fuzzy-equal (see ``bench.extract.line_matches``).
Files whose XML carries no lines (MINIMUM, BASIC WL profiles) are left out of line F1:
their page prints lines the truth does not know. ``--learning`` adds the
learning curve: the k-th document of a vendor read after its k-1 earlier e-invoices
were learned (see ``extractors.learning``).

The set measures progress; nothing in the extractor may be keyed to its files.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extract import line_matches  # noqa: E402
from extractors.calibration import same  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "einvoice-dev"


def family(doc: dict[str, Any]) -> str:
    """Return a short layout-family name for a truth document."""
    fam = doc.get("layout_family") or ""
    if fam.startswith("DWC"):
        return "DWC-visualisation"
    if fam.startswith("factur-x-kit"):
        return "factur-x-kit"
    parts = doc.get("source", "").split("/")
    name = parts[2] if len(parts) > 3 else "other"
    return {"FNFE-factur-x-examples": "FNFE-au-bon-moulin", "Mustangproject": "Mustang"}.get(
        name, name
    )


class Score:
    """Header fields and line matches for one group of documents."""

    def __init__(self) -> None:
        self.ok = self.n = self.docs = 0
        self.tp = self.tp_fuzzy = self.pred = self.gold = 0
        self.per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.cpu = 0.0

    def add(self, result: dict, truth: dict, skip: set[str], cpu: float = 0.0) -> list[str]:
        self.docs += 1
        self.cpu += cpu
        misses = []
        for k, v in truth["fields"].items():
            if k in skip:
                continue
            got = result["fields"].get(k, {}).get("value")
            ok = same(k, got, v)
            self.ok += ok
            self.n += 1
            self.per_field[k][0] += ok
            self.per_field[k][1] += 1
            if not ok:
                misses.append(f"{k}: {got!r} != {v!r}")
        if not truth["lines"]:  # MINIMUM / BASIC WL: the XML has no lines, the page does
            return misses
        self.pred += len(result["lines"])
        self.gold += len(truth["lines"])
        self.tp += line_matches(result["lines"], truth["lines"], fuzzy=False)
        self.tp_fuzzy += line_matches(result["lines"], truth["lines"], fuzzy=True)
        return misses

    @property
    def acc(self) -> float:
        return 100 * self.ok / self.n if self.n else 0.0

    def f1(self, tp: int) -> float:
        p = tp / self.pred if self.pred else 0.0
        r = tp / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, name: str) -> str:
        return (
            f"{name:24} docs {self.docs:3}  header {self.acc:5.1f}% ({self.ok}/{self.n})  "
            f"line F1 {self.f1(self.tp):.2f} (fuzzy desc {self.f1(self.tp_fuzzy):.2f}; "
            f"{self.tp_fuzzy}/{self.gold} truth lines, {self.pred} read)"
        )


def printed_page(path: Path, **kw: Any) -> dict[str, Any]:
    """Return the extraction of the PDF's printed page, its embedded XML ignored."""
    from extractors.loader import load_pages
    from extractors.pipeline import extract_pages, sha256_file

    pages = load_pages(path)
    return extract_pages(pages, file=path.name, sha256=sha256_file(path), **kw)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--misses", action="store_true", help="print every miss")
    ap.add_argument("--learning", action="store_true", help="learning curve k = 1..4")
    args = ap.parse_args()
    truth_path = args.dir / "truth.json"
    if not truth_path.exists():
        print(f"development set not found at {args.dir}; skipped")
        return
    from extractors import extract_file

    docs = json.loads(truth_path.read_text())["documents"]
    printed: dict[str, Score] = defaultdict(Score)
    einv: dict[str, Score] = defaultdict(Score)
    pages = 0
    for d in docs:
        path = args.dir / "pdf" / d["file"]
        t0 = time.process_time()
        res = printed_page(path)
        cpu = time.process_time() - t0
        pages += res["pages"]
        fam = family(d)
        skip = set(d.get("unverified") or [])
        for g in (fam, "ALL"):
            m = printed[g].add(res, d, skip, cpu)
        if args.misses and (m or printed["ALL"].gold):
            print(f"-- {d['file']} [{fam}]")
            for x in m:
                print("   ", x)
        full = extract_file(path)
        for g in (f"zugferd-{d.get('zugferd_version')}", "ALL"):
            m2 = einv[g].add(full, d, set())
        if m2 and args.misses:
            print(f"   e-invoice misses: {m2}; warnings {full['warnings'][:3]}")
    print(f"printed page (XML ignored), {len(docs)} files, {pages} pages:")
    for g in sorted(printed, key=lambda g: (g == "ALL", g)):
        print("  " + printed[g].row(g))
    per = printed["ALL"].per_field
    print(
        "  per field: " + ", ".join(f"{k} {100 * a / n:.0f}%" for k, (a, n) in sorted(per.items()))
    )
    cpu = printed["ALL"].cpu
    print(f"  speed: {pages / cpu:.1f} pages per CPU-second")
    print("e-invoice path (XML used):")
    for g in sorted(einv, key=lambda g: (g == "ALL", g)):
        print("  " + einv[g].row(g))
    if args.learning:
        import bench.learning_curve as lc

        lc.MISSES = args.misses
        lc.learning_curve(args.dir, docs)
    _record(printed, einv)


def _record(printed: dict[str, Score], einv: dict[str, Score]) -> None:
    """Record the per-family figures and plot for ``bench/results.md`` (bench/record.py)."""
    from bench.record import bars, record

    fams = sorted(g for g in printed if g != "ALL") + ["ALL"]
    for g in fams:
        sc = printed[g]
        record("realdev", f"real invoices, printed page only, {g} ({sc.docs} files): "
               "header / line F1 strict / fuzzy description",
               f"{sc.acc:.1f}% / " + (f"{sc.f1(sc.tp):.2f} / {sc.f1(sc.tp_fuzzy):.2f}"
                                      if sc.gold else "n/a (no lines in its XML)"),
               target=">= 90% / - / >= 0.80")  # fmt: skip
    e = einv["ALL"]
    record("realdev", f"real invoices, e-invoice path (XML), {e.docs} files: header / lines",
           f"{e.acc:.1f}% / {e.tp_fuzzy} of {e.gold}", target="100%")  # fmt: skip
    path = bars(
        "layouts_real",
        fams,
        {
            "header fields (%)": [printed[g].acc for g in fams],
            "line F1, fuzzy (x100)": [
                100 * printed[g].f1(printed[g].tp_fuzzy) if printed[g].gold else float("nan")
                for g in fams
            ],
        },
        title="Real invoices (printed page only): accuracy per layout family",
        ylabel="%",
        targets={"header fields (%)": 90, "line F1, fuzzy (x100)": 80},
    )
    if path:
        print(f"plot: bench/plots/{path.name}")


if __name__ == "__main__":
    main()
