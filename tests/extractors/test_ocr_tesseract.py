"""One Tesseract run per page, word boxes through a pipe; clear errors when it cannot run."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from bursar.errors import SystemError_
from extractors import ocr_tesseract
from extractors.ocr_tesseract import parse_tsv, tesseract_tsv

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract"), reason="no tesseract")

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t100\t50\t300\t30\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t100\t50\t120\t30\t96.5\tInvoice\n"
    "5\t1\t1\t1\t1\t2\t240\t52\t160\t28\t91.25\t2026-0042\n"
)


def test_parse_tsv_keeps_word_rows_with_typed_columns() -> None:
    data = parse_tsv(TSV)
    assert data["text"] == ["Invoice", "2026-0042"]
    assert data["left"] == [100, 240] and data["height"] == [30, 28]
    assert data["conf"] == [96.5, 91.25]
    assert data["line_num"] == [1, 1]


def test_parse_tsv_of_nothing_is_empty() -> None:
    assert parse_tsv("") == {k: [] for k in ocr_tesseract.COLUMNS}


def test_missing_tesseract_is_a_system_error_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr_tesseract.shutil, "which", lambda _name: None)
    with pytest.raises(SystemError_) as err:
        tesseract_tsv(np.full((100, 100), 255, np.uint8), languages="eng", psm="6", dpi=200)
    assert err.value.code == "tesseract_missing"
    assert "apt-get install tesseract-ocr" in str(err.value)


@needs_tesseract
def test_an_unknown_language_is_a_system_error_not_a_crash() -> None:
    with pytest.raises(SystemError_) as err:
        tesseract_tsv(np.full((100, 100), 255, np.uint8), languages="xxq", psm="6", dpi=200)
    assert err.value.code == "ocr_failed"


@needs_tesseract
def test_words_come_back_with_pixel_boxes() -> None:
    page = np.full((300, 1200), 255, np.uint8)
    cv2.putText(page, "TOTAL 1234.50", (100, 150), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    data = tesseract_tsv(page, languages="eng", psm="6", dpi=200)
    assert "TOTAL" in data["text"]
    i = data["text"].index("TOTAL")
    assert 80 <= data["left"][i] <= 120 and 90 <= data["top"][i] <= 120


@needs_tesseract
def test_each_page_of_a_scan_is_read_by_one_tesseract_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devkit.synth import random_invoice, render
    from devkit.synth.scan import image_pdf, scan_pages
    from extractors import extract_file

    pdf = render(random_invoice(random.Random(3), layout="classic"))
    pages = scan_pages(pdf, 200, seed=3, rotate=1.0, noise=4.0)
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(pages + pages, 200))  # two pages
    runs = []
    real_run = subprocess.run

    def spy(cmd, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if "stdin" in cmd:
            runs.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(ocr_tesseract.subprocess, "run", spy)
    result = extract_file(path, templates=[], languages="eng")
    assert result["text_source"] == "ocr" and result["pages"] == 2
    assert len(runs) == 2
