"""The OCR path: page image -> OpenCV clean-up -> one Tesseract pass -> tokens.

The clean-up (``ocr_clean``) straightens the page and hands Tesseract a flat, rule-free
grey image at ~200 dpi; Tesseract runs once per page (``ocr_tesseract``: psm 4, word
boxes as TSV through a pipe). Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``):
on a few cores a process pool over pages is ~3x faster than Tesseract's own threads.
Boxes come back in pixels and are converted to PDF points at the render dpi.
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from extractors.layout import Word, assemble  # noqa: E402
from extractors.ocr_clean import clean, straighten  # noqa: E402
from extractors.ocr_tesseract import tesseract_tsv  # noqa: E402
from extractors.ocr_words import tidy_words  # noqa: E402
from extractors.tokens import PageTokens  # noqa: E402

MODE = os.environ.get("BURSAR_OCR_MODE", "gray")
# Page segmentation: psm 3 (automatic) dropped whole right-hand columns of amounts on
# invoice scans. On the cleaned page (flat paper, no rules) psm 6 (one uniform block)
# reads table rows straight across; psm 4 still dropped a ledger's Qty/Unit column and
# its footer now and then. Measured on three synthetic corpora (90 scans, issue 10):
# psm 6 was as good or better on each (line F1 strict 86/86/77% vs 85/86/77%, header
# fields 94/91/96% vs 93/90/93%) and ~7% faster.
# Our layout grouping makes lines from the word boxes, not from Tesseract's lines.
PSM = os.environ.get("BURSAR_TESSERACT_PSM", "6")
TESSERACT_DPI = float(os.environ.get("BURSAR_TESSERACT_DPI", "200"))


@lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    """Return Tesseract's version string, or None when it is not installed."""
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    words = (out.stdout or out.stderr).decode("utf-8", "replace").split()
    return words[1].lstrip("v") if len(words) > 1 and out.returncode == 0 else None


def to_gray(image: Image.Image) -> np.ndarray:
    """Return an 8-bit grayscale array of ``image`` (alpha flattened onto white)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        bg = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(bg, image)
    return np.asarray(image.convert("L"))


def ocr_words(image: np.ndarray, *, languages: str, scale: float, dpi: float) -> list[Word]:
    """Return Tesseract's words with boxes scaled by ``scale`` (pixels -> points).

    ``dpi`` is the image's resolution, told to Tesseract (one pass, psm ``PSM``).
    """
    return words_from_tsv(tesseract_tsv(image, languages=languages, psm=PSM, dpi=dpi), scale)


def words_from_tsv(data: dict[str, list], scale: float) -> list[Word]:
    """Return Tesseract's recognised words (TSV columns) tidied, as boxes in points.

    Boxes are scaled by ``scale`` (pixels -> points) and given their phrase's height.
    """
    data = tidy_words(data)
    keep = [
        i for i, text in enumerate(data["text"]) if float(data["conf"][i]) >= 0 and text.strip()
    ]
    ref = _cluster_heights(data, keep)
    words = []
    for i in keep:
        x, w, top, h = data["left"][i], data["width"][i], data["top"][i], data["height"][i]
        ref_top, ref_h = ref[i]
        if h < ref_h:  # grow to the phrase's median height, centred
            top, h = top - (ref_h - h) / 2, ref_h
        elif h > TALL * ref_h:  # a box that took in glyphs of the lines above or below
            top, h = ref_top, ref_h
        conf = min(max(float(data["conf"][i]) / 100.0, 0.0), 1.0)
        words.append(
            Word(
                data["text"][i].strip(),
                x * scale,
                top * scale,
                (x + w) * scale,
                (top + h) * scale,
                conf,
            )
        )
    return words


TALL = 1.6  # a word this much taller than its phrase's median has a wrong box


def _cluster_heights(data: dict[str, list], keep: list[int]) -> dict[int, tuple[int, int]]:
    """Return, per word, (top, height) of its phrase's word of median height.

    Tesseract's word boxes hug the glyphs ("de" is half as tall as "DE"), so words
    are grown to their phrase's median height and heights mean font size, as on the
    PDF path. A phrase is a run of words of one Tesseract line without a wide gap:
    a big title and a small address line can share a Tesseract line. With psm 6 a
    word's box now and then takes in glyphs of the lines above and below ("140" of
    "Hauptstraße 140" three lines tall, so the street read as the vendor's name): the
    median then leaves that box out, and the word takes its phrase's box.
    """
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i in keep:
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(i)
    out: dict[int, tuple[int, int]] = {}
    for idx in lines.values():
        idx.sort(key=lambda i: data["left"][i])
        phrase = [idx[0]]
        for prev, cur in zip(idx, idx[1:], strict=False):
            gap = data["left"][cur] - data["left"][prev] - data["width"][prev]
            if gap > 1.5 * max(data["height"][prev], data["height"][cur]):
                _assign_median(data, phrase, out)
                phrase = []
            phrase.append(cur)
        _assign_median(data, phrase, out)
    return out


def _assign_median(
    data: dict[str, list], phrase: list[int], out: dict[int, tuple[int, int]]
) -> None:
    by_height = sorted(phrase, key=lambda i: data["height"][i])
    upper, lower = by_height[len(phrase) // 2], by_height[(len(phrase) - 1) // 2]
    # of two words the taller is the median, unless its box is the wrong one
    ref = lower if data["height"][upper] > TALL * data["height"][lower] else upper
    for i in phrase:
        out[i] = (data["top"][ref], data["height"][ref])


def ocr_image(image: Image.Image, *, number: int, dpi: float, languages: str) -> PageTokens:
    """Return the tokens of one page image rendered/scanned at ``dpi``."""
    gray = to_gray(image)
    h, w = gray.shape
    # Recognise at ~200 dpi: measured faster *and* more accurate than 300 (area-averaging
    # restores thin strokes). The page is straightened at full resolution, then the
    # clean-up runs at the recognition resolution (issue 10: at full resolution it cost
    # about a third of Tesseract's own time).
    factor = min(1.0, TESSERACT_DPI / dpi)
    gray, angle = straighten(gray)
    if factor < 0.95:
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    else:
        factor = 1.0
    page = clean(gray, binary_out=MODE == "binary")
    scale = 72.0 / (dpi * factor)
    words = ocr_words(page, languages=languages, scale=scale, dpi=dpi * factor)
    # OCR line boxes hug the glyphs (smaller than the font's em), and monospaced
    # word gaps are a full character wide: allow wider gaps inside a line.
    tokens = assemble(words, page=number, source="ocr", gap=1.6)
    return PageTokens(number, w * 72.0 / dpi, h * 72.0 / dpi, tokens, source="ocr", deskew=angle)
