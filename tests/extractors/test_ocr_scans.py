"""Scanned ledgers (white-on-dark header band, ruled grid) read row by row (issue 10)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from devkit.synth import random_invoice, rasterise, render
from extractors import extract_file

pytestmark = pytest.mark.skipif(not shutil.which("tesseract"), reason="no tesseract")


@pytest.mark.parametrize("seed", [1, 4])
def test_a_tilted_noisy_ledger_scan_gives_every_line_item(tmp_path: Path, seed: int) -> None:
    spec = random_invoice(random.Random(seed), layout="ledger")
    path = tmp_path / "ledger.png"
    path.write_bytes(
        rasterise(render(spec), dpi=200, rotate=1.5, noise=6, blur=0.8, jpeg_quality=70, seed=seed)
    )
    result = extract_file(path, templates=[], languages="eng+deu+fra")
    got = sorted((ln.get("amount"), ln.get("unit_price")) for ln in result["lines"])
    want = sorted((str(ln.amount), f"{ln.unit_price:.2f}") for ln in spec.lines)
    assert got == want
    read = {ln.get("description") for ln in result["lines"]}
    assert sum(ln.description in read for ln in spec.lines) >= len(spec.lines) - 1
    # the vendor is printed white on the dark band at the top
    assert result["fields"]["vendor_name"]["value"] == spec.vendor.party.name


def test_the_title_on_a_dark_band_is_read_not_dropped_as_a_noise_row(tmp_path: Path) -> None:
    from extractors import load_pages

    spec = random_invoice(random.Random(4), layout="ledger")
    path = tmp_path / "ledger.png"
    path.write_bytes(
        rasterise(render(spec), dpi=200, rotate=-1.1, noise=8, blur=0.5, jpeg_quality=70, seed=4)
    )
    [page] = load_pages(path, languages="eng+deu+fra")
    band = {t.text for t in page.tokens if t.bottom < 70}  # the band is 70 pt tall
    assert "Wagner" in band and "Rechnung" in band
