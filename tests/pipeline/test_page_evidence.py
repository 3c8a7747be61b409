"""Issue 22 end to end: real PDFs whose extractor missed or misread a field are still routed,
because the rules see what the page prints (the extraction's ``page_evidence``)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from corpuskit import manifest_docs

from bursar.db import session_scope
from bursar.ingest.process import IngestResult, extract_stored, finish, store_original
from bursar.ingest.stages import claim
from bursar.store import default_store

OLD_IBAN = "DE54370400440532013048"  # the account on file before the vendor changed banks


def _clean_invoice(corpus: Path) -> dict[str, Any]:
    return next(
        d
        for d in manifest_docs(corpus)
        if d["kind"] == "invoice"
        and not d["truth_json"].get("expected_findings")
        and d["truth_json"]["fields"].get("vendor_iban", {}).get("value")
        and Decimal(d["truth_json"]["fields"]["total"]["value"]) < Decimal("25000")
    )


def _ingest_with(path: Path, misread: Callable[[dict[str, Any]], None]) -> IngestResult:
    """Ingest ``path`` through the real pipeline, with the extractor's fields misread."""
    with session_scope() as s:
        doc, _ = store_original(s, path, default_store(), actor="test", source="test")
        taken = claim(s, doc.id, actor="test")
    assert taken is not None
    extraction = extract_stored(taken.sha256, taken.filename)
    assert "error" not in extraction, extraction
    misread(extraction)
    return finish(taken, extraction, actor="test")


def _blocking(result: IngestResult) -> set[str]:
    return {f["rule"] for f in result.findings if f["severity"] == "block"}


@pytest.fixture
def changed_bank(db_url: str, corpus: Path, tmp_path: Path) -> dict[str, Any]:
    """Master data where the clean invoice's vendor still has its old account on file."""
    from devkit.demo import import_master

    doc = _clean_invoice(corpus)
    printed = doc["truth_json"]["fields"]["vendor_iban"]["value"].replace(" ", "")
    master_dir = tmp_path / "master"
    shutil.copytree(corpus / "master", master_dir)
    vendors = master_dir / "vendors.csv"
    with vendors.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    changed = [r for r in rows if r["iban"].replace(" ", "") == printed]
    assert changed, "the printed IBAN is the vendor's on file in the corpus"
    for r in changed:
        r["iban"] = OLD_IBAN
    with vendors.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_master(master_dir)
    return {"path": corpus / doc["path"], "printed": printed}


def test_new_iban_on_page_with_extractor_field_empty_is_a_bank_mismatch(
    changed_bank: dict[str, Any],
) -> None:
    result = _ingest_with(changed_bank["path"], lambda e: e["fields"].pop("vendor_iban", None))
    assert result.status == "exception"
    mismatch = [f for f in result.findings if f["rule"] == "vendor_bank_mismatch"]
    assert mismatch and mismatch[0]["severity"] == "block"
    assert mismatch[0]["actual"] == changed_bank["printed"]
    assert mismatch[0]["expected"] == OLD_IBAN


def test_zero_total_read_from_a_real_page_is_not_approved(master: Path) -> None:
    doc = _clean_invoice(master)

    def zero(extraction: dict[str, Any]) -> None:
        extraction["fields"]["total"]["value"] = "0.00"

    result = _ingest_with(master / doc["path"], zero)
    assert result.status == "exception"
    assert "missing_field" in _blocking(result)


def test_net_read_as_total_from_a_real_page_is_not_approved(master: Path) -> None:
    doc = _clean_invoice(master)

    def net(extraction: dict[str, Any]) -> None:
        fields = extraction["fields"]
        fields["total"]["value"] = fields["subtotal"]["value"]
        fields.pop("tax_amount", None)

    result = _ingest_with(master / doc["path"], net)
    assert result.status == "exception"
    assert "arithmetic_mismatch" in _blocking(result)


def test_clean_real_page_is_still_approved(master: Path) -> None:
    doc = _clean_invoice(master)
    result = _ingest_with(master / doc["path"], lambda e: None)
    assert result.status == "approved", result.findings
