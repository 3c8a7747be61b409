"""Issue 23: a decision policy that states its risk, and evidence that can veto a score."""

from __future__ import annotations

from typing import Any

from extractors.field_evidence import field_evidence
from rules.engine import evaluate
from rules.history import History
from rules.packs import load_pack
from tests.rules.helpers import master

LINES = [(1, "B-M8", "Steel bolts M8", "100", "1.00")]
THRESHOLDS = {"0.01": {"*": 0.95}, "0.1": {"*": 0.6}}


def _pack(max_risk: float):  # type: ignore[no-untyped-def]
    return load_pack("default").with_max_risk(max_risk)


def _extraction(score: float = 0.999, **values: str) -> dict[str, Any]:
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
    fields = {
        k: {"value": v, "confidence": score, "page": 1, "source": "layout:label"}
        for k, v in base.items()
    }
    result = {
        "kind": "invoice",
        "sha256": "a" * 64,
        "fields": fields,
        "lines": [
            {"sku": "B-M8", "description": "Steel bolts M8", "quantity": "100",
             "unit_price": "1.00", "amount": "100.00", "po_line": "1", "confidence": 0.99}
        ],
        "warnings": [],
    }  # fmt: skip
    result = field_evidence(result)
    return {**result, "trust": {"model": "test", "thresholds": THRESHOLDS, "scored": ["label"]}}


def _blocks(extraction: dict[str, Any], max_risk: float = 0.01) -> list[str]:
    d = evaluate(extraction, master(LINES), History(), _pack(max_risk))
    return [f.message for f in d.blocking]


def test_clean_invoice_passes_at_the_stated_risk() -> None:
    assert _blocks(_extraction()) == []


def test_total_contradicted_by_the_page_arithmetic_never_passes_whatever_its_score() -> None:
    ex = _extraction(total="5.80")
    ex["fields"]["total"]["confidence"] = 1.0
    msgs = _blocks(ex, max_risk=0.1)
    assert any(
        "total is contradicted" in m and "subtotal + tax = 119.00, not 5.80" in m for m in msgs
    )


def test_iban_failing_mod97_is_not_accepted() -> None:
    msgs = _blocks(_extraction(vendor_iban="DE89370400440532013001"), max_risk=0.1)
    assert any("vendor IBAN is contradicted" in m and "mod 97" in m for m in msgs)


def test_iban_not_on_file_for_the_vendor_is_not_accepted() -> None:
    msgs = _blocks(_extraction(vendor_iban="GB82WEST12345698765432"), max_risk=0.1)
    assert any("IBAN not on file for this vendor" in m for m in msgs)


def test_risk_setting_changes_what_is_accepted() -> None:
    ex = _extraction()
    ex["fields"]["invoice_number"]["confidence"] = 0.8  # nothing in master data vouches for it
    strict, loose = _blocks(ex, max_risk=0.01), _blocks(ex, max_risk=0.1)
    assert any("invoice number was read with confidence 0.80" in m for m in strict)
    assert not any("invoice number" in m for m in loose)


def test_master_data_vouches_for_an_iban_on_file_below_the_threshold() -> None:
    ex = _extraction()
    ex["fields"]["vendor_iban"]["confidence"] = 0.5
    assert not any("IBAN" in m for m in _blocks(ex))


def test_without_a_stated_risk_the_raw_thresholds_apply() -> None:
    raw = load_pack("default").with_max_risk(None)
    ex = _extraction()
    ex["fields"]["invoice_number"]["confidence"] = 0.85  # above the raw 0.80, below 0.95
    d = evaluate(ex, master(LINES), History(), raw)
    assert not any("invoice number" in f.message for f in d.blocking)
    assert any("invoice number" in m for m in _blocks(ex))
