"""The OCR clean-up hands Tesseract dark text on flat white paper, without table rules."""

from __future__ import annotations

import cv2
import numpy as np

from extractors.ocr_clean import clean, flatten_background, rule_mask, turn_dark_regions

FONT = cv2.FONT_HERSHEY_SIMPLEX


def _page(h: int = 600, w: int = 1200, paper: int = 245) -> np.ndarray:
    return np.full((h, w), paper, np.uint8)


def _text_pixels(shape: tuple[int, int], text: str, org: tuple[int, int], **kw: int) -> np.ndarray:
    """Return a mask of where ``text`` is drawn (the same call draws it on the page)."""
    mask = np.zeros(shape, np.uint8)
    cv2.putText(mask, text, org, FONT, kw.get("scale", 1), 255, kw.get("thick", 2))
    return mask > 0


def test_white_text_on_a_dark_band_comes_out_dark_on_white() -> None:
    page = _page()
    page[40:140, 20:1180] = 40  # a dark header band
    text = _text_pixels(page.shape, "ACME TRADING LTD", (60, 105))
    page[text] = 235  # printed white on the band
    out = clean(page)
    band = np.zeros(page.shape, bool)
    band[45:135, 25:1175] = True
    assert np.median(out[band & ~text]) > 220  # the band is paper now
    assert np.median(out[text]) < 100  # its letters are ink


def test_a_tinted_band_and_uneven_light_become_white_paper() -> None:
    page = _page()
    page[:, 600:] = 190  # the right half scanned darker
    page[300:360, 50:1150] = 170  # a shaded table header
    text = _text_pixels(page.shape, "Qty Unit Price Amount", (80, 340))
    page[text] = 30
    out = clean(page)
    assert (out[~text] == 255).mean() > 0.97
    assert np.median(out[text]) < 100


def test_table_rules_and_their_grey_halos_are_erased_but_cell_text_is_kept() -> None:
    page = _page()
    for y in (200, 260, 320):
        cv2.line(page, (50, y), (1150, y), 20, 2)
    for x in (50, 400, 700, 1150):
        cv2.line(page, (x, 200), (x, 320), 20, 2)
    page = cv2.GaussianBlur(page, (0, 0), 1.2)  # a scanner's soft edges: a grey halo
    text = _text_pixels(page.shape, "20 EA", (420, 245))
    page[text] = 30
    out = clean(page)
    rules = np.zeros(page.shape, bool)
    for y in (200, 260, 320):
        rules[y - 4 : y + 5, 60:1140] = True
    for x in (50, 400, 700, 1150):
        rules[205:316, max(0, x - 4) : x + 5] = True
    assert (out[rules] == 255).all()  # no trace left for Tesseract to read as "|"
    assert (out[text] < 128).mean() > 0.9


def test_a_bold_title_is_not_taken_for_a_rule() -> None:
    page = _page(2339, 1654)  # an A4 page at 200 dpi
    ink = np.zeros(page.shape, np.uint8)
    for i in range(5):  # heavy letters that touch: one run of ink ~120 px along a row
        cv2.putText(ink, "m", (100 + 22 * i, 200), FONT, 1.5, 255, 7)
    text = ink > 0
    page[text] = 30
    binary = np.where(page < 128, 0, 255).astype(np.uint8)
    assert not rule_mask(binary)[text].any()


def test_flatten_background_keeps_text_contrast() -> None:
    page = _page()
    page[:, :] = np.linspace(255, 150, page.shape[1]).astype(np.uint8)  # a light gradient
    text = _text_pixels(page.shape, "Invoice 2026-0042", (500, 300))
    page[text] = 20
    flat = flatten_background(page)
    assert flat[~text].min() > 200
    assert np.median(flat[text]) < 60


def test_a_frame_touching_the_edge_is_erased() -> None:
    page = _page()
    page[:, :15] = 10  # a scanner's dark border down the left edge
    page[:, 1190:] = 10
    page[:12, :] = 10
    out = turn_dark_regions(page)
    assert (out[:, :15] == 255).all() and (out[:12, :] == 255).all()


def test_the_cell_borders_of_a_one_row_table_are_erased_but_tall_letters_stay() -> None:
    page = _page(2339, 1654)  # a row 40 px tall: its borders are shorter than a title's "l"
    cv2.line(page, (100, 500), (1500, 500), 20, 2)
    cv2.line(page, (100, 540), (1500, 540), 20, 2)
    for x in (100, 300, 1200, 1500):
        cv2.line(page, (x, 500), (x, 540), 20, 2)
    title = np.zeros(page.shape, np.uint8)
    cv2.line(title, (700, 200), (700, 245), 255, 3)  # the stem of a big "l", on its own
    page[title > 0] = 20
    binary = np.where(page < 128, 0, 255).astype(np.uint8)
    mask = rule_mask(binary) > 0
    for x in (100, 300, 1200, 1500):
        assert mask[505:536, x].all()
    assert not mask[title > 0].any()
