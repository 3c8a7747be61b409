"""Issue 23 with the shipped evidence model (extractors/trust.json): what its evidence and
its risk thresholds do to a decision, and familiarity weighing by construction."""

from __future__ import annotations

import random
from typing import Any

import pytest

from extractors.field_evidence import field_evidence
from extractors.trust import FEATURES, FLOORS, load_model, score
from rules.engine import evaluate
from rules.history import History
from rules.packs import load_pack
from tests.rules.helpers import master

LINES = [(1, "B-M8", "Steel bolts M8", "100", "1.00")]
CRITICAL = ("vendor_name", "vendor_iban", "invoice_number", "invoice_date", "currency", "total")
MODEL = load_model()
pytestmark = pytest.mark.skipif(MODEL is None, reason="extractors/trust.json not shipped")


def _pack(max_risk: float):  # type: ignore[no-untyped-def]
    return load_pack("default").with_max_risk(max_risk)


def _read(*, vendor_known: bool = False, layout: str | None = None, **values: str) -> dict:
    """An invoice read by the layout rules (labels beside every value), with its evidence."""
    base = {
        "vendor_name": "ACME GmbH",
        "vendor_tax_id": "DE811111111",
        "vendor_iban": "DE89370400440532013000",
        "invoice_number": "INV-1",
        "invoice_date": "2024-03-05",
        "po_number": "4500012",
        "currency": "EUR",
        "subtotal": "100.00",
        "tax_amount": "19.00",
        "total": "119.00",
        **values,
    }
    fields: dict[str, Any] = {
        k: {"value": v, "confidence": 0.95, "page": 1, "source": "layout:label"}
        for k, v in base.items()
    }
    if layout:
        for f in fields.values():
            f["evidence"] = {"layout": layout}
    result = {
        "kind": "invoice",
        "sha256": "a" * 64,
        "fields": fields,
        "lines": [
            {"sku": "B-M8", "description": "Steel bolts M8", "quantity": "100",
             "unit_price": "1.00", "amount": "100.00", "po_line": "1", "confidence": 0.99}
        ],
        "warnings": [],
        "versions": {"learned": "learned:acme@2"} if layout else {},
    }  # fmt: skip
    return score(field_evidence(result, vendor_known=vendor_known))


def _decide(extraction: dict, max_risk: float):  # type: ignore[no-untyped-def]
    return evaluate(extraction, master(LINES), History(), _pack(max_risk))


def _risks() -> list[float]:
    return sorted(float(r) for r in MODEL["thresholds"])  # type: ignore[index]


def test_a_total_contradicted_by_the_pages_arithmetic_never_auto_approves() -> None:
    ex = _read(total="5.80")
    ex["fields"]["total"]["confidence"] = 1.0  # whatever its score
    for risk in [*_risks(), 1.0]:
        d = _decide(ex, risk)
        assert d.status != "approved"
        assert any("total is contradicted" in f.message for f in d.blocking)
    # the same invoice with its total as printed is approved at the stated risk
    assert _decide(_read(), max(_risks())).status == "approved"


def test_an_iban_failing_mod97_or_not_on_file_for_the_vendor_is_not_accepted() -> None:
    for iban, words in (
        ("DE89370400440532013001", "mod 97"),
        ("GB82WEST12345698765432", "IBAN not on file for this vendor"),
    ):
        ex = _read(vendor_iban=iban)
        ex["fields"]["vendor_iban"]["confidence"] = 1.0
        for risk in [*_risks(), 1.0]:
            d = _decide(ex, risk)
            assert d.status != "approved"
            assert any("IBAN is contradicted" in f.message and words in f.message
                       for f in d.blocking)  # fmt: skip


def test_a_vendors_first_invoice_in_an_unseen_layout_scores_below_a_familiar_one() -> None:
    cold = _read()
    known = _read(vendor_known=True)
    learned = _read(vendor_known=True, layout="agrees")
    differs = _read(vendor_known=True, layout="differs")
    for name in CRITICAL:
        c, k, lrn, dif = (x["fields"][name]["confidence"] for x in (cold, known, learned, differs))
        assert c < k < lrn, (name, c, k, lrn)
        assert dif < lrn
    assert cold["fields"]["total"]["evidence"]["vendor_known"] is False
    assert learned["fields"]["total"]["evidence"]["learned_layout"] is True


def test_familiarity_carries_weight_by_construction_not_only_when_a_fit_finds_it() -> None:
    from bench.trust import fit

    # familiarity independent of being right: an unconstrained fit would weigh it ~0
    rng = random.Random(23)
    recs = []
    for _ in range(400):
        x = dict.fromkeys(FEATURES, 0.0)
        x["method_label"] = 1.0
        x["vendor_known"] = float(rng.random() < 0.5)
        x["learned_layout"] = float(rng.random() < 0.5)
        x["layout_agrees"] = float(rng.random() < 0.5)
        recs.append({"x": [x[k] for k in FEATURES], "ok": rng.random() < 0.9})
    model = fit(recs)
    coef = dict(zip(FEATURES, model["coef"], strict=True))
    for name, floor in FLOORS.items():
        assert coef[name] >= floor > 0
    shipped = dict(zip(MODEL["features"], MODEL["coef"], strict=True))  # type: ignore[index]
    for name, floor in FLOORS.items():
        assert shipped[name] >= floor


def test_the_policys_risk_setting_changes_what_is_accepted() -> None:
    from rules.trust import threshold

    thresholds = MODEL["thresholds"]  # type: ignore[index]
    levels = sorted({threshold(thresholds, r, "invoice_number") for r in _risks()})
    assert len(levels) >= 2, "the shipped model offers one threshold for every risk"
    strict, loose = max(levels), min(levels)
    ex = _read()
    ex["fields"]["invoice_number"]["confidence"] = round((strict + loose) / 2, 4)
    strict_risk = min(r for r in _risks() if threshold(thresholds, r, "*") == strict)
    loose_risk = max(_risks())
    blocked = _decide(ex, strict_risk).blocking
    assert any("invoice number was read with confidence" in f.message for f in blocked)
    assert not any("invoice number" in f.message for f in _decide(ex, loose_risk).blocking)
