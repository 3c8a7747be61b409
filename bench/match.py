"""Benchmark the rules engine: throughput against growing PO books, and quality on the synth corpus.

    python bench/match.py                      # throughput at 1k, 10k, 100k open PO lines
    python bench/match.py --corpus DIR         # quality on an existing synthetic corpus
    python bench/match.py --synth 200          # generate a corpus (devkit.synth) and measure it

Prints figures; never asserts. Single core: BLAS threads are pinned to 1 before numpy loads;
invoices per second are per CPU-second of this process (one core), so other load on a
shared machine does not distort them. Records the figures and ``bench/plots/match.png``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from rules.engine import evaluate  # noqa: E402
from rules.history import History  # noqa: E402
from rules.model import MasterData  # noqa: E402
from rules.packs import RulePack, load_pack  # noqa: E402

WORDS = [
    "steel",
    "brass",
    "zinc",
    "bolt",
    "nut",
    "washer",
    "rod",
    "plug",
    "tie",
    "cable",
    "hose",
    "clamp",
    "valve",
    "pipe",
    "seal",
    "ring",
]


def synthetic_book(po_lines: int, seed: int = 1) -> tuple[MasterData, list[dict[str, Any]]]:
    """Return master data with ``po_lines`` open PO lines (10 per PO) and the PO rows."""
    rng = random.Random(seed)
    vendors = [
        {
            "vendor_id": f"V{i:04d}",
            "name": f"Vendor {i} GmbH",
            "tax_id": f"DE{100000000 + i}",
            "iban": f"DE{10**19 + i}",
            "currency": "EUR",
        }
        for i in range(max(10, po_lines // 500))
    ]
    rows, receipts = [], []
    for p in range(po_lines // 10):
        vendor = vendors[p % len(vendors)]["vendor_id"]
        for n in range(1, 11):
            desc = " ".join(rng.sample(WORDS, 3)) + f" {n * 2}mm"
            price = Decimal(rng.randint(50, 50000)) / 100
            rows.append(
                {
                    "po_number": f"45{p:08d}",
                    "vendor_id": vendor,
                    "currency": "EUR",
                    "status": "open",
                    "line_no": n * 10,
                    "sku": f"SKU{p}-{n}",
                    "description": desc,
                    "quantity": "100",
                    "unit": "EA",
                    "unit_price": str(price),
                    "tax_rate": "19",
                }
            )
            receipts.append(
                {
                    "receipt_id": f"G{p}-{n}",
                    "po_number": f"45{p:08d}",
                    "line_no": n * 10,
                    "quantity_received": "100",
                }
            )
    return MasterData.from_rows(vendors=vendors, purchase_orders=rows, receipts=receipts), rows


def synthetic_invoices(
    md: MasterData, count: int, *, refs: bool, seed: int = 2
) -> list[dict[str, Any]]:
    """Return ``count`` clean 10-line invoices against random POs (with or without PO line refs)."""
    rng = random.Random(seed)
    pos = list(md.purchase_orders.values())
    out = []
    for k in range(count):
        po = rng.choice(pos)
        vendor = md.vendors[po.vendor_id]
        lines = []
        order = list(po.lines)
        rng.shuffle(order)
        for pl in order:
            qty = Decimal(rng.randint(1, 10))
            line = {
                "description": pl.description,
                "quantity": str(qty),
                "unit": "EA",
                "unit_price": str(pl.unit_price),
                "amount": str(qty * pl.unit_price),
                "tax_rate": "19",
            }
            if refs:
                line["po_line"] = str(pl.line_no)
            lines.append(line)
        subtotal = sum(Decimal(x["amount"]) for x in lines)
        tax = (subtotal * Decimal("0.19")).quantize(Decimal("0.01"))
        fields = {
            "vendor_name": vendor.name,
            "vendor_tax_id": vendor.tax_id,
            "vendor_iban": vendor.iban,
            "invoice_number": f"B-{k}",
            "invoice_date": "2024-03-10",
            "po_number": po.po_number,
            "currency": "EUR",
            "subtotal": str(subtotal),
            "tax_amount": str(tax),
            "total": str(subtotal + tax),
        }
        out.append(
            {
                "kind": "invoice",
                "fields": {n: {"value": v, "confidence": 0.99} for n, v in fields.items()},
                "lines": lines,
            }
        )
    return out


def throughput(
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000), count: int = 2_000
) -> dict[int, list[float]]:
    """Print invoices matched per second at each PO book size, with and without line refs."""
    pack = load_pack("default")
    print(
        f"{'open PO lines':>14} {'build s':>8} {'refs inv/s':>11} {'fuzzy inv/s':>12} "
        f"{'approved':>9}"
    )
    out: dict[int, list[float]] = {}
    for size in sizes:
        t0 = time.perf_counter()
        md, _ = synthetic_book(size)
        build = time.perf_counter() - t0
        gc.collect()
        gc.freeze()  # long-lived snapshot: the collector need not re-walk it
        rates, approved = [], 0
        for refs in (True, False):
            invoices = synthetic_invoices(md, count, refs=refs)
            history = History()
            t0 = time.process_time()  # CPU time: neighbours on a shared machine do not count
            for inv in invoices:
                approved += evaluate(inv, md, history, pack).status == "approved"
            rates.append(count / (time.process_time() - t0))
        print(
            f"{size:>14,} {build:>8.2f} {rates[0]:>11,.0f} {rates[1]:>12,.0f} "
            f"{approved / (2 * count):>9.1%}"
        )
        out[size] = rates
        gc.unfreeze()
    return out


def _truth_files(corpus: Path) -> list[Path]:
    manifest = corpus / "manifest.json"
    if manifest.is_file():
        entries = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
        return list(dict.fromkeys(corpus / e["truth"] for e in entries))
    return sorted((corpus / "truth").glob("*.json"))


def corpus_quality(corpus: Path, pack: RulePack | None = None) -> dict[str, Any]:
    """Return exception recall, clean auto-approval and the rule-code confusion on a corpus.

    Truth JSON is used as the extraction (the extraction-error-free upper bound); documents
    are replayed in manifest order, each decided one growing the history (duplicates and
    cumulative quantities see the ones before)."""
    from rules.masterdata_csv import load_master_dir

    pack = pack or load_pack("default")
    md = load_master_dir(corpus / "master")
    history = History()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    rows: list[tuple[str, list[str], Any]] = []
    for path in _truth_files(corpus):
        truth = json.loads(path.read_text(encoding="utf-8"))
        decision = evaluate(truth, md, history, pack)
        expected = list(truth.get("expected_findings") or [])
        rows.append((path.stem, expected, decision))
        confusion[expected[0] if expected else "(clean)"].update(
            {f.rule for f in decision.findings if f.severity == "block"}
        )
        _remember(history, truth, decision)
    return _summarise(rows, confusion)


def _remember(history: History, truth: dict[str, Any], decision: Any) -> None:
    fields = {k: (v or {}).get("value") for k, v in (truth.get("fields") or {}).items()}
    if truth.get("kind") == "claim":
        history.add_claim(
            {
                **fields,
                "total": fields.get("total_claimed"),
                "sha256": truth.get("sha256"),
                "status": decision.status,
            }
        )
        return
    history.add_invoice(
        {
            **fields,
            "vendor_id": decision.vendor_id or "",
            "sha256": truth.get("sha256"),
            "status": decision.status,
            "kind": truth.get("kind"),
        }
    )
    if decision.status == "approved":
        for po, line_no, qty in decision.invoiced_quantities():
            history.add_invoiced(po, line_no, qty)


def _summarise(
    rows: list[tuple[str, list[str], Any]], confusion: dict[str, Counter[str]]
) -> dict[str, Any]:
    dirty = [(n, e, d) for n, e, d in rows if e]
    clean = [(n, e, d) for n, e, d in rows if not e]
    caught = [r for r in dirty if r[2].status == "exception"]
    code_hit = [r for r in dirty if r[1][0] in r[2].rule_codes]
    approved = [r for r in clean if r[2].status == "approved"]
    routed = [r for r in clean if {f.rule for f in r[2].blocking} == {"approval_required"}]
    return {
        "documents": len(rows),
        "exception_recall": len(caught) / len(dirty) if dirty else None,
        "injected_code_recall": len(code_hit) / len(dirty) if dirty else None,
        "clean_auto_approval": len(approved) / len(clean) if clean else None,
        "clean_only_routed_for_approval": len(routed) / len(clean) if clean else None,
        "missed": [
            (n, e, sorted(d.rule_codes))
            for n, e, d in dirty
            if d.status != "exception" or e[0] not in d.rule_codes
        ],
        "clean_blocked": [
            (n, [f.message for f in d.blocking]) for n, _, d in clean if d.status != "approved"
        ],
        "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
    }


def print_quality(result: dict[str, Any]) -> None:
    """Print the corpus figures and the confusion table (row: injected code; cell: blocks)."""
    pct = lambda x: "n/a" if x is None else f"{x:.1%}"  # noqa: E731
    print(
        f"documents {result['documents']}: exception recall {pct(result['exception_recall'])}, "
        f"injected code found {pct(result['injected_code_recall'])}, "
        f"clean auto-approval {pct(result['clean_auto_approval'])} "
        f"(+{pct(result['clean_only_routed_for_approval'])} held only by the approval limit)"
    )
    codes = sorted({c for row in result["confusion"].values() for c in row})
    print("\nconfusion (row: injected discrepancy; column: blocking rule codes raised)")
    print(f"{'':24}" + "".join(f"{c[:10]:>11}" for c in codes))
    for expected, found in result["confusion"].items():
        print(f"{expected[:24]:24}" + "".join(f"{found.get(c, 0):>11}" for c in codes))
    for name, expected, got in result["missed"][:20]:
        print(f"MISSED {name}: expected {expected}, got {got}")
    for name, messages in [c for c in result["clean_blocked"] if "approval limit" not in str(c)][
        :20
    ]:
        print(f"CLEAN BLOCKED {name}: {messages}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="existing synthetic corpus directory")
    parser.add_argument(
        "--synth", type=int, metavar="N", help="generate N clean documents plus discrepancies"
    )
    parser.add_argument("--count", type=int, default=2000, help="invoices per throughput run")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args(argv)
    if not args.no_throughput:
        _record_throughput(throughput(tuple(int(s) for s in args.sizes.split(",")), args.count))
    corpus = args.corpus
    if args.synth:
        try:
            from devkit.synth import generate
        except ImportError:
            print(
                "devkit.synth is not available yet: pass --corpus DIR with truth/*.json and "
                "master/*.csv"
            )
            return 0
        corpus = Path(tempfile.mkdtemp(prefix="bursar-synth-"))
        t0 = time.perf_counter()
        generate(corpus, count=args.synth, seed=7, scans=False, discrepancies=True)
        print(f"\ngenerated corpus in {corpus} ({time.perf_counter() - t0:.0f} s)")
    if corpus:
        result = corpus_quality(corpus)
        print_quality(result)
        _record_quality(result)
    return 0


TARGET_RATE = 2_000  # invoices matched per second (README, Figures)


def _record_throughput(rates: dict[int, list[float]]) -> None:
    """Record invoices/s per book size and plot them against the 2,000/s target."""
    from record import plot, record

    if not rates:
        return
    sizes = sorted(rates)
    for size in sizes:
        refs, fuzzy = rates[size]
        record(
            "match",
            f"invoices matched per CPU-s at {size:,} open PO lines (PO line refs / by description)",
            f"{refs:,.0f} / {fuzzy:,.0f}",
            target=f">= {TARGET_RATE:,}",
        )
    path = plot(
        "match",
        sizes,
        {
            "invoices with PO line refs": [rates[s][0] for s in sizes],
            "lines matched by description": [rates[s][1] for s in sizes],
        },
        title="Matching speed vs master-data size (per CPU-second, 1 core)",
        xlabel="open PO lines",
        ylabel="invoices matched / s",
        target=TARGET_RATE,
        target_label=f"target {TARGET_RATE:,}/s",
        xticks=sizes,
        logx=True,
    )
    if path:
        print(f"plot: bench/plots/{path.name}")


def _record_quality(result: dict[str, Any]) -> None:
    from record import record

    pct = lambda x: "n/a" if x is None else f"{x:.1%}"  # noqa: E731
    n = result["documents"]
    record(
        "match",
        f"exception recall on injected discrepancies ({n} documents, truth as extraction)",
        pct(result["exception_recall"]),
        target="100%",
    )
    record(
        "match",
        "clean auto-approval (truth as extraction; rest held by the approval limit)",
        f"{pct(result['clean_auto_approval'])} "
        f"(+{pct(result['clean_only_routed_for_approval'])} limit)",
        target=">= 95%",
    )


if __name__ == "__main__":
    sys.exit(main())
