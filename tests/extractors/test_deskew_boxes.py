"""Boxes read from a straightened scan are reported where the text is on the page as seen."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from devkit.synth import random_invoice, rasterise, render
from extractors import extract_file, load_pages
from extractors.tokens import PageTokens


@pytest.mark.parametrize("angle", [-2.5, 1.0, 3.0])
def test_to_page_undoes_the_deskew_rotation(angle: float) -> None:
    w, h = 595.0, 842.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    seen = np.array([420.0, 130.0, 1.0])  # where a word is on the skewed page
    sx, sy = m @ seen  # where OCR finds it after straightening
    x0, y0, x1, y1 = PageTokens(1, w, h, (), deskew=angle).to_page((sx, sy, sx, sy))
    assert (x0, y0) == pytest.approx((420.0, 130.0), abs=1e-6)
    assert (x1, y1) == pytest.approx((420.0, 130.0), abs=1e-6)


def test_a_rotated_scan_reports_boxes_on_the_page_as_seen(tmp_path: Path) -> None:
    pdf = render(random_invoice(random.Random(12), layout="classic"))
    path = tmp_path / "tilted.png"
    path.write_bytes(rasterise(pdf, dpi=200, rotate=2.0))
    [page] = load_pages(path, languages="eng")
    assert abs(page.deskew) > 1.0  # the page was straightened before reading
    result = extract_file(path, templates=[], languages="eng")
    total = result["fields"]["total"]
    straightened = next(t for t in page.tokens if total["value"].split(".")[0] in t.text)
    assert total["bbox"] != pytest.approx(list(straightened.bbox), abs=0.5)
    x0, top, x1, bottom = total["bbox"]
    assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height
