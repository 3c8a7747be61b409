"""Learning curve on the real dev set: a vendor's k-th document after k-1 of its e-invoices.

Prints figures, never asserts. ``python bench/realdev.py --learning`` runs it after the
per-family table. For every vendor with at least two documents in the set (grouped by
VAT ID and name in their XML: sample files share placeholder VAT IDs), documents are
taken in file-name order; the first k-1 are learned as ingested e-invoices (their XML
read by the e-invoice path is the truth, their printed page is aligned with it), then
the k-th one's **printed page** is read with the learned layouts and scored against its
truth (``unverified`` fields left out). k = 1 is the generic path.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from extractors.calibration import same

MISSES = False  # set by realdev --misses


def vendor_groups(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in sorted(docs, key=lambda d: d["file"]):
        f = d["fields"]
        # the set's sample files reuse placeholder VAT IDs (DE123456789) across unrelated
        # companies: a vendor is its VAT ID and its name together
        name = (f.get("vendor_name") or "").casefold()
        key = " / ".join(x for x in (f.get("vendor_tax_id"), name) if x)
        groups[key or d["file"]].append(d)
    return {k: v for k, v in groups.items() if len(v) >= 2}


def learning_curve(root: Path, docs: list[dict[str, Any]], max_k: int = 4) -> None:
    from extractors import extract_file
    from extractors.learned import learn, truth_of
    from extractors.learning import load_layouts
    from extractors.loader import load_pages
    from extractors.pipeline import extract_pages, sha256_file

    groups = vendor_groups(docs)
    ok: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    base: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for vendor_docs in groups.values():
        paths = [root / "pdf" / d["file"] for d in vendor_docs]
        pages = [load_pages(p) for p in paths]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for k in range(1, min(max_k, len(paths)) + 1):
                i = k - 1
                if k > 1:  # the (k-1)-th document arrives as an e-invoice and is learned
                    xml = truth_of(extract_file(paths[i - 1], layouts=[]))
                    if xml:
                        learn(pages[i - 1], xml, folder, document=sha256_file(paths[i - 1]))
                layouts = load_layouts(folder)
                got = extract_pages(pages[i], file=paths[i].name, sha256="0" * 64, layouts=layouts)[
                    "fields"
                ]
                plain = extract_pages(pages[i], file=paths[i].name, sha256="0" * 64)["fields"]
                skip = set(vendor_docs[i].get("unverified") or [])
                for name, value in vendor_docs[i]["fields"].items():
                    if name in skip:
                        continue
                    hit = same(name, got.get(name, {}).get("value"), value)
                    if not hit and MISSES:
                        read = got.get(name, {})
                        shown = f"{read.get('value')!r} != {value!r} ({read.get('source')})"
                        print(f"    k={k} {paths[i].name[:50]} {name}: {shown}")
                    ok[k][0] += hit
                    ok[k][1] += 1
                    base[k][0] += same(name, plain.get(name, {}).get("value"), value)
                    base[k][1] += 1
    print(
        f"learning curve ({len(groups)} vendors with 2+ documents; printed page of the k-th "
        "document after learning the k-1 before it as e-invoices):"
    )
    for k in sorted(ok):
        a, n = ok[k]
        b, m = base[k]
        print(
            f"  k={k}: header {100 * a / n:5.1f}% ({a}/{n})   generic path on the same "
            f"documents {100 * b / m:5.1f}%"
        )
    _record(ok, base, len(groups))


def _record(ok: dict[int, list[int]], base: dict[int, list[int]], vendors: int) -> None:
    """Record the curve and plot it for ``bench/results.md`` (bench/record.py)."""
    from bench.record import plot, record

    ks = sorted(ok)
    learned = [100 * ok[k][0] / max(ok[k][1], 1) for k in ks]
    generic = [100 * base[k][0] / max(base[k][1], 1) for k in ks]
    for k, a, b in zip(ks, learned, generic, strict=True):
        record("learning_curve", f"real invoices: a vendor's document k={k} after k-1 learned "
               f"e-invoices, header fields ({vendors} vendors)", f"{a:.1f}%",
               target=">= 98%" if k >= 2 else "-", peer=f"generic path {b:.1f}%")  # fmt: skip
    path = plot(
        "learning_curve",
        ks,
        {"after learning k-1 e-invoices": learned, "generic path": generic},
        title=f"Learning curve per vendor (real invoices, {vendors} vendors)",
        xlabel="k-th document of the vendor",
        ylabel="header fields right (%)",
        target=98,
        target_label="target 98% from k=2",
        xticks=ks,
    )
    if path:
        print(f"plot: bench/plots/{path.name}")
