"""CMS-1500 / UB-04 claim forms read by their boxes' geometry, born-digital and scanned
(a CMS-1500 printed in red drop-out ink), into the 837 reader's claims; the same line
adjudication decides them."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from devkit.synth.claimforms import form_pdf, form_scan, form_truth, forms
from devkit.synth.x12 import pack_with_settings, replay, score
from extractors.claimforms import read_image
from extractors.pipeline import extract


def field_errors(got: dict, want: dict) -> tuple[list[str], int]:
    """Return (the fields read wrong, how many were compared)."""
    bad, n = [], 0
    for name, value in want["fields"].items():
        n += 1
        if got["fields"].get(name, {}).get("value") != value:
            bad.append(f"{name}: {got['fields'].get(name, {}).get('value')!r} != {value!r}")
    for i, wl in enumerate(want["lines"]):
        gl = got["lines"][i] if i < len(got["lines"]) else {}
        for k, v in wl.items():
            n += 1
            if gl.get(k) != v:
                bad.append(f"line {i + 1} {k}: {gl.get(k)!r} != {v!r}")
    return bad, n


@pytest.mark.parametrize(("kind", "form"), [("P", "CMS-1500"), ("I", "UB-04")])
def test_born_digital_form_is_read_box_for_box(kind: str, form: str, tmp_path: Path) -> None:
    for n, (sc, claim) in enumerate(forms(12, 4, kind)):
        path = tmp_path / f"form{n}.pdf"
        path.write_bytes(form_pdf(sc, claim))
        got = extract(path)
        assert got["kind"] == "claim" and got["claim_form"]["form"] == form
        assert got["text_source"] == "pdf"
        assert got["claim_form"]["created"] == sc.created.isoformat()
        assert field_errors(got, form_truth(sc, claim))[0] == []


def test_scanned_cms1500_in_red_dropout_ink_is_read(tmp_path: Path) -> None:
    (sc, claim), *_ = forms(3, 1, "P")
    png = form_scan(form_pdf(sc, claim, ink="red"), seed=3, rotate=1.3)
    path = tmp_path / "scan.png"
    path.write_bytes(png)
    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    red = (img[:, :, 2].astype(int) - img[:, :, 1] > 60).mean()
    assert red > 0.01  # the form itself is printed in red
    got = extract(path)
    assert got["kind"] == "claim" and got["text_source"] == "ocr"
    assert got["claim_form"]["form"] == "CMS-1500" and got["claim_form"]["dropout"] is True
    want = form_truth(sc, claim)
    assert len(got["lines"]) == len(want["lines"])
    bad, n = field_errors(got, want)
    assert len(bad) <= n * 0.1, bad  # OCR: at least 90% of this one form's fields
    for name in ("claimant_name", "total_claimed", "provider_npi", "service_date"):
        assert got["fields"][name]["value"] == want["fields"][name], name


def test_a_page_that_is_no_claim_form_is_left_to_the_invoice_reader() -> None:
    page = np.full((2200, 1700, 3), 255, np.uint8)
    cv2.rectangle(page, (100, 100), (1600, 2100), (0, 0, 0), 3)
    for y in range(300, 1900, 80):
        cv2.putText(page, "INVOICE 4711 WIDGETS 12.50", (150, y), 0, 1.4, (0, 0, 0), 3)
    assert read_image(page, file="x.png", sha256="0" * 64) is None


def test_forms_go_through_the_same_line_adjudication(tmp_path: Path) -> None:
    sc_claims = list(forms(7, 24, "P"))
    sc = sc_claims[0][0]
    results = []
    for n, (_, claim) in enumerate(sc_claims):
        path = tmp_path / f"c{n}.pdf"
        path.write_bytes(form_pdf(sc, claim))
        results.append(extract(path))
    sc.claims = [c for _, c in sc_claims]
    s = score(sc, replay(sc, results, pack_with_settings(sc.claims_settings, tmp_path)))
    assert s["problem_lines"] >= 10
    assert (s["recall"], s["straight_through"], s["wrongly_paid"]) == (1.0, 1.0, 0)
