"""End to end against ground truth from ``devkit.synth``: born-digital, scans, claims."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from extract_docs import truth_of

from bursar.contract import DECIMAL_FIELDS
from extractors import extract_file

DECIMALS = DECIMAL_FIELDS


def same(key: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if key in DECIMALS:
        return Decimal(str(a)) == Decimal(str(b))
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def field_misses(result: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    return [
        f"{k}: want {v['value']!r} got {result['fields'].get(k, {}).get('value')!r}"
        for k, v in truth["fields"].items()
        if not same(k, result["fields"].get(k, {}).get("value"), v["value"])
    ]


def line_misses(result: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    keys = ("description", "quantity", "unit_price", "amount")
    if len(result["lines"]) != len(truth["lines"]):
        return [f"{len(result['lines'])} lines, want {len(truth['lines'])}"]
    return [
        f"line {i}: {k} want {t.get(k)!r} got {r.get(k)!r}"
        for i, (r, t) in enumerate(zip(result["lines"], truth["lines"], strict=True))
        for k in keys
        if not same(k, r.get(k), t.get(k))
    ]


def _docs(corpus: tuple[Path, list[dict[str, Any]]], **where: str) -> list[dict[str, Any]]:
    return [d for d in corpus[1] if all(d[k] == v for k, v in where.items())]


def test_born_digital_invoices_match_truth(corpus, schema) -> None:
    root, _ = corpus
    docs = _docs(corpus, variant="digital", kind="invoice")
    assert len(docs) >= 8
    for doc in docs:
        result = extract_file(root / doc["path"])
        jsonschema.validate(result, schema)
        truth = truth_of(root, doc)
        assert result["text_source"] == "pdf"
        assert result["kind"] == truth["kind"], doc["name"]
        assert field_misses(result, truth) == [], doc["name"]
        assert line_misses(result, truth) == [], doc["name"]
        for f in result["fields"].values():  # every field says where and how sure
            assert 0 < f["confidence"] <= 1 and f["source"]


def test_claim_forms_match_truth(corpus, schema) -> None:
    root, _ = corpus
    docs = _docs(corpus, variant="digital", kind="claim")
    assert docs
    # ARCHITECTURE.md 4.1: claims read line by line (an 837, a CMS-1500 / UB-04 form) add
    # these fields; the shared schema's list predates them
    schema = copy.deepcopy(schema)
    names = schema["properties"]["fields"]["propertyNames"]["enum"]
    schema["properties"]["fields"]["propertyNames"]["enum"] = [
        *names, "member_id", "provider_npi", "payer_id", "place_of_service"
    ]  # fmt: skip
    for doc in docs:
        result = extract_file(root / doc["path"])
        jsonschema.validate(result, schema)
        truth = truth_of(root, doc)
        assert result["kind"] == "claim"
        assert field_misses(result, truth) == [], doc["name"]
        assert [ln.get("code") for ln in result["lines"]] == [ln["code"] for ln in truth["lines"]]
        assert line_misses(result, truth) == [], doc["name"]


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_scans_read_by_ocr_give_the_key_fields(corpus, schema, suffix: str) -> None:
    root, _ = corpus
    docs = [d for d in _docs(corpus, variant="scan") if d["path"].endswith(suffix)]
    if not docs:
        pytest.skip(f"no {suffix} scan in this corpus")
    doc = docs[0]
    result = extract_file(root / doc["path"])
    jsonschema.validate(result, schema)
    truth = truth_of(root, doc)
    assert result["text_source"] == "ocr"
    assert result["kind"] == truth["kind"]
    misses = field_misses(result, truth)
    # OCR misreads some characters; most fields and most line amounts must be right
    assert len(misses) <= 0.35 * len(truth["fields"]), misses
    got = {Decimal(ln["amount"]) for ln in result["lines"] if ln.get("amount")}
    want = [Decimal(ln["amount"]) for ln in truth["lines"]]
    assert sum(a in got for a in want) >= 0.5 * len(want)
    assert all(0 < ln["confidence"] <= 1 for ln in result["lines"])
    assert all(0 < f["confidence"] <= 1 for f in result["fields"].values())
