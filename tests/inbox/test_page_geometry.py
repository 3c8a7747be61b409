"""The page the inbox draws and the boxes the extractor measured share one coordinate system."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bursar.inbox.pages import page_sizes
from bursar.store import default_store
from devkit.synth import random_invoice, rasterise, render
from extractors.loader import load_pages


@pytest.mark.parametrize("dpi", [150, 200])
def test_scanned_png_page_size_matches_the_ocr_token_space(
    home: Path, tmp_path: Path, dpi: int
) -> None:
    png = rasterise(render(random_invoice(random.Random(4), layout="classic")), dpi=dpi)
    path = tmp_path / "scan.png"
    path.write_bytes(png)
    stored = default_store().put(png)
    [size] = page_sizes(stored.sha256)
    [page] = load_pages(path, languages="eng")
    assert size.width == pytest.approx(page.width, rel=1e-3)
    assert size.height == pytest.approx(page.height, rel=1e-3)
    assert all(0 <= t.x0 < t.x1 <= size.width + 1 for t in page.tokens)
