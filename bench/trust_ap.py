"""The AP scenario of ``bench/trust.py``: would Bursar pay what it must not, and pay what it may?

Per real invoice, master data built from its truth so that a perfect reader (the truth
as the extraction) approves it; every other invoice then altered so that it must route:
the PO price lowered (price), the goods not received (quantity), another account on file
(bank account), the vendor not on file (unknown vendor), the same invoice already booked
(duplicate). Invoices a perfect reader does not approve clean, or an alteration a
perfect reader does not catch, are left out (the scenario then says nothing about them).

Each invoice is decided twice from its printed page: with today's confidence and pack
thresholds, and with the evidence model of the fold that never saw its source at
``max_risk: 0.01``. Reported: false approvals (altered and approved), straight-through
(clean and approved) and approved invoices carrying a wrong critical field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from extractors.calibration import same
from rules.engine import evaluate
from rules.history import History
from rules.model import MasterData
from rules.packs import load_pack

CRITICAL = ("vendor_name", "vendor_iban", "invoice_number", "invoice_date", "currency", "total")
ALTERATIONS = ("price", "quantity", "bank account", "unknown vendor", "duplicate")
OTHER_IBANS = ("DE89370400440532013000", "GB82WEST12345698765432")


def _master(truth: dict[str, Any], alteration: str | None) -> tuple[MasterData, History]:
    t = truth["fields"]
    po = t.get("po_number") or ""
    lines = truth.get("lines") or []
    iban = t.get("vendor_iban") or ""
    if alteration == "bank account":
        iban = OTHER_IBANS[iban == OTHER_IBANS[0]]
    vendor = {
        "vendor_id": "V1",
        "name": t.get("vendor_name") or "",
        "tax_id": t.get("vendor_tax_id") or "",
        "iban": iban,
        "currency": t.get("currency") or "",
        "category": "" if po else "utilities",  # no PO printed: a non-PO vendor
    }
    po_rows, receipts = [], []
    if po and not lines:  # the XML carries no lines (MINIMUM, BASIC WL): one PO line
        lines = [{"quantity": "1", "unit_price": t.get("subtotal") or t.get("total") or "0"}]
    for n, ln in enumerate(lines, start=1):
        price = Decimal(ln.get("unit_price") or "0")
        qty = Decimal(ln.get("quantity") or "0")
        if alteration == "price" and n == 1:
            price = (price * Decimal("0.8")).quantize(Decimal("0.01"))
        po_rows.append(
            {
                "po_number": po,
                "vendor_id": "V1",
                "currency": t.get("currency") or "",
                "status": "open",
                "line_no": n,
                "sku": ln.get("sku") or "",
                "description": ln.get("description") or "",
                "quantity": str(qty),
                "unit": "",
                "unit_price": str(price),
                "tax_rate": "",
            }
        )
        received = Decimal(0) if alteration == "quantity" and n == 1 else qty
        receipts.append(
            {
                "receipt_id": f"GR{n}",
                "po_number": po,
                "line_no": n,
                "quantity_received": str(received),
                "received_on": t.get("invoice_date") or "2024-01-01",
            }
        )
    vendors = [] if alteration == "unknown vendor" else [vendor]
    if not po:
        po_rows, receipts = [], []
    md = MasterData.from_rows(vendors=vendors, purchase_orders=po_rows, receipts=receipts)
    history = History()
    if alteration == "duplicate":
        history = History.from_rows(
            invoices=[
                {
                    "vendor_id": "V1",
                    "invoice_number": t.get("invoice_number"),
                    "total": t.get("total"),
                    "invoice_date": t.get("invoice_date"),
                    "sha256": "f" * 64,
                }
            ]
        )
    return md, history


def _perfect(truth: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    fields = {
        k: {"value": v, "confidence": 1.0, "source": "einvoice:truth"}
        for k, v in truth["fields"].items()
    }
    return {
        "kind": "invoice",
        "sha256": "0" * 64,
        "fields": fields,
        "lines": [{**ln, "confidence": 1.0} for ln in truth.get("lines") or ()],
        "page_evidence": page.get("page_evidence"),
    }


def _alteration(i: int, truth: dict[str, Any]) -> str | None:
    if i % 2 == 0:
        return None
    kind = ALTERATIONS[(i // 2) % len(ALTERATIONS)]
    if kind in ("price", "quantity") and not (truth["fields"].get("po_number") and truth["lines"]):
        kind = "bank account"
    return kind


def _why(finding: Any) -> str:
    """Return a blocking finding as rule and, where it names one, field or line."""
    if finding.rule in ("low_confidence", "missing_field"):
        what = "line" if finding.line else " ".join(finding.message.split()[1:3])
        return f"{finding.rule} ({what})"
    return finding.rule


def ap_scenario(docs: list[dict[str, Any]], folds: dict[str, Any]) -> dict[str, Any]:
    """Print and return the AP scenario's figures for today's policy and the new one."""
    from extractors.trust import score

    pack = load_pack("default")
    risk_pack = pack.with_max_risk(0.01)
    old = {"false": 0, "stp": 0, "wrong": 0}
    new = {"false": 0, "stp": 0, "wrong": 0}
    n_alt = n_clean = 0
    per_kind: dict[str, list[int]] = {}
    routed: dict[str, int] = {}
    for i, d in enumerate(docs):
        truth = d["truth"]
        if truth.get("kind", "invoice") != "invoice" or "total" not in truth["fields"]:
            continue
        clean_md, clean_hist = _master(truth, None)
        if evaluate(_perfect(truth, d["cold"]), clean_md, clean_hist, pack).status != "approved":
            continue  # a perfect reader does not approve it: the scenario cannot use it
        alt = _alteration(i, truth)
        md, hist = _master(truth, alt) if alt else (clean_md, clean_hist)
        if alt and evaluate(_perfect(truth, d["cold"]), md, hist, pack).status == "approved":
            continue  # the alteration does not show on this invoice
        reading = d["cold"] if alt == "unknown vendor" else d["warm"]
        fold = folds[d["source"]]
        model = {
            **fold["model"],
            "version": "trust@loso",
            "thresholds": {"0.01": {"*": fold["threshold"]}},
        }
        decided = {
            "old": evaluate(reading, md, hist, pack),
            "new": evaluate(score(reading, model), md, hist, risk_pack),
        }
        n_alt += bool(alt)
        n_clean += not alt
        for tag, dec in decided.items():
            tally = old if tag == "old" else new
            if dec.status != "approved":
                if not alt and tag == "new":  # why a clean invoice still reaches a person
                    for rule in sorted({_why(f) for f in dec.blocking}):
                        routed[rule] = routed.get(rule, 0) + 1
                continue
            if alt:
                tally["false"] += 1
                per_kind.setdefault(f"{tag}:{alt}", []).append(i)
            else:
                tally["stp"] += 1
            wrong = [
                k
                for k in CRITICAL
                if k in truth["fields"]
                and not same(k, (reading["fields"].get(k) or {}).get("value"), truth["fields"][k])
            ]
            tally["wrong"] += bool(wrong)
    print(f"\nAP scenario (leave-one-source-out): {n_clean} clean, {n_alt} altered invoices")
    for tag, t in (("today (raw scores)", old), ("evidence, max_risk 0.01", new)):
        stp = 100 * t["stp"] / n_clean if n_clean else 0.0
        print(
            f"  {tag:24} false approvals {t['false']} of {n_alt}; straight-through "
            f"{t['stp']} of {n_clean} ({stp:.0f}%); approved with a wrong critical field "
            f"{t['wrong']}"
        )
    if per_kind:
        print(
            "  false approvals by alteration: "
            + ", ".join(f"{k} {len(v)}" for k, v in per_kind.items())
        )
    if routed:
        print(
            "  clean invoices routed (evidence policy), by blocking rule: "
            + ", ".join(f"{k} {v}" for k, v in sorted(routed.items(), key=lambda kv: -kv[1]))
        )
    from bench.record import record

    for tag, t in (("today", old), ("evidence model, max_risk 0.01", new)):
        record(
            "trust",
            f"AP scenario, {tag}: false approvals / straight-through / approved with a "
            "wrong critical field",
            f"{t['false']} of {n_alt} / {t['stp']} of {n_clean} / {t['wrong']}",
            target="0 / >= 60% / 0",
        )
    return {"old": old, "new": new, "altered": n_alt, "clean": n_clean}
