"""Issue 23: a second, independent reader -- the vendor's learned layout -- is evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import facturx
import pytest
from extract_einvoice_xml import CII
from test_real_layouts import vendor_page

from extractors import extract_file
from extractors.learned import learn_file, truth_of
from extractors.loader import load_pages
from extractors.pipeline import extract_pages
from extractors.trust import load_model

MODEL = load_model()


@pytest.mark.skipif(MODEL is None, reason="extractors/trust.json not shipped")
def test_a_second_reader_that_agrees_raises_trust_on_a_real_page(tmp_path: Path) -> None:
    """The vendor's layout learned from its e-invoice reads the next plain PDF too: where
    it reads the value the generic path found, the field says so and is trusted more."""
    printed = vendor_page(tmp_path / "p1.pdf", "INV-2026-0042", "14.03.2026", "PO-7781", "95.20")
    xml = CII.format(number="INV-2026-0042", total="95.20").encode()
    einvoice = tmp_path / "e1.pdf"
    einvoice.write_bytes(facturx.generate_from_binary(printed.read_bytes(), xml, check_xsd=False))
    layout = learn_file(einvoice, truth_of(extract_file(einvoice, layouts=[])), tmp_path / "lay")
    assert layout is not None
    plain = vendor_page(tmp_path / "p2.pdf", "INV-2026-0107", "02.04.2026", "PO-7790", "48.00")
    pages = load_pages(plain)
    kw: dict[str, Any] = {"file": "p2.pdf", "sha256": "0" * 64, "templates": [], "trust": MODEL}
    first = extract_pages(pages, **kw)
    familiar = extract_pages(pages, layouts=[layout], **kw)
    agreed = [k for k, f in familiar["fields"].items() if f["evidence"].get("layout") == "agrees"]
    assert "total" in agreed
    for name in agreed:
        assert familiar["fields"][name]["value"] == first["fields"][name]["value"]
        assert familiar["fields"][name]["confidence"] > first["fields"][name]["confidence"]


def test_a_claims_fields_are_left_to_the_readers_confidence() -> None:
    """The evidence model is fitted on invoices only: a claim's own fields keep the
    reader's confidence and are listed as unfitted, so the rules apply the pack's raw
    thresholds to them; an invoice field beside them is scored."""
    from extractors.trust import load_model, score

    ev = {"method": "label", "checks": [], "runner_up": None, "margin": None}
    result = {
        "fields": {
            "total_claimed": {"value": "841.80", "confidence": 0.995, "evidence": dict(ev)},
            "currency": {"value": "EUR", "confidence": 0.995, "evidence": dict(ev)},
        }
    }
    got = score(result, load_model())
    assert got["fields"]["total_claimed"] == result["fields"]["total_claimed"]
    assert "total_claimed" in got["trust"]["unfitted"]
    assert "raw" in got["fields"]["currency"]["evidence"]
    assert got["fields"]["currency"]["confidence"] != 0.995
