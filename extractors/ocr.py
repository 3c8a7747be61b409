"""The OCR path: page image -> OpenCV clean-up -> Tesseract words -> tokens.

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): on a few cores a
process pool over pages is ~3x faster than Tesseract's own threads.
Boxes come back in pixels and are converted to PDF points at the render dpi.
"""

from __future__ import annotations

import os
from functools import lru_cache

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import pytesseract  # noqa: E402
from PIL import Image  # noqa: E402

from extractors.layout import Word, assemble  # noqa: E402
from extractors.tokens import PageTokens  # noqa: E402

MAX_SKEW_DEG = 5.0
MODE = os.environ.get("BURSAR_OCR_MODE", "gray")
# Page segmentation: psm 3 (automatic) dropped whole right-hand columns of
# amounts on invoice scans; psm 4 (one column of variable-size text) keeps them and
# measured best for line items (psm 11 splits rows); our layout grouping makes lines.
PSM = os.environ.get("BURSAR_TESSERACT_PSM", "4")
TESSERACT_DPI = float(os.environ.get("BURSAR_TESSERACT_DPI", "200"))


@lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    """Return Tesseract's version string, or None when it is not installed."""
    try:
        return str(pytesseract.get_tesseract_version()).split()[0]
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def to_gray(image: Image.Image) -> np.ndarray:
    """Return an 8-bit grayscale array of ``image`` (alpha flattened onto white)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        bg = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(bg, image)
    return np.asarray(image.convert("L"))


def estimate_skew(binary_inv: np.ndarray) -> float:
    """Return the text angle in degrees: the rotation whose row profile is sharpest."""
    small = cv2.resize(binary_inv, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rot.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 0.01, 0.5), key=score)
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    return float(max(fine, key=score))


def _clean_dark_regions(binary: np.ndarray) -> np.ndarray:
    """Invert solid dark bands (white-on-dark titles) and whiten scanner borders.

    A large dark component that fills most of its bounding box is a band with
    reversed text: invert that box so the text reads black on white. A large one
    that does not (a frame, a border strip along the edge) is erased.
    """
    inv = 255 - binary
    n, labels, stats, _ = cv2.connectedComponentsWithStats(inv, connectivity=8)
    h, w = binary.shape
    out = binary.copy()
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if bw < 0.3 * w and bh < 0.3 * h:
            continue
        if area > 0.6 * bw * bh and bh < 0.25 * h:
            out[y : y + bh, x : x + bw] = 255 - out[y : y + bh, x : x + bw]
        elif x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            out[labels == i] = 255
    return out


def remove_rules(binary: np.ndarray) -> np.ndarray:
    """Whiten long horizontal and vertical strokes (table rules, cell borders).

    Tesseract reads a cell border touching a word as "|" glued to it ("20|EA").
    """
    inv = 255 - binary
    h, w = binary.shape
    horiz = cv2.morphologyEx(
        inv, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, w // 25), 1))
    )
    vert = cv2.morphologyEx(
        inv, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(40, h // 40)))
    )
    rules = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    out = binary.copy()
    out[rules > 0] = 255
    return out


def preprocess(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Return the page deskewed and cleaned (rules, borders, reversed bands) for Tesseract,
    and the rotation applied (degrees, 0.0 when none).

    Denoise (median) + Otsu give a binary image to estimate the skew and to find
    what to clean. Tesseract then gets the *grayscale* page with those cleanups
    applied (``BURSAR_OCR_MODE=binary`` gives it the binary image instead):
    measured on synthetic scans, grayscale kept accents and thin strokes that
    thresholding broke (header fields 89% vs 79%).
    """
    binary = _otsu(gray)
    angle = estimate_skew(255 - binary)
    if abs(angle) < 0.1:
        angle = 0.0
    else:
        h, w = gray.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
        binary = _otsu(gray)
    cleaned = remove_rules(_clean_dark_regions(binary))
    if MODE == "binary":
        return cleaned, angle
    out = gray.copy()
    changed = cleaned != binary
    out[changed] = cleaned[changed]
    return out, angle


def straighten(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Return the page deskewed, and the rotation applied (degrees, 0.0 when none)."""
    angle = estimate_skew(255 - _otsu(gray))
    if abs(angle) < 0.1:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


def clean(gray: np.ndarray) -> np.ndarray:
    """Return a straight page cleaned for Tesseract (rules, borders, reversed bands)."""
    binary = _otsu(gray)
    cleaned = remove_rules(_clean_dark_regions(binary))
    if MODE == "binary":
        return cleaned
    out = gray.copy()
    changed = cleaned != binary
    out[changed] = cleaned[changed]
    return out


def _otsu(gray: np.ndarray) -> np.ndarray:
    _, binary = cv2.threshold(cv2.medianBlur(gray, 3), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def ocr_words(binary: np.ndarray, *, languages: str, scale: float) -> list[Word]:
    """Return Tesseract's words with boxes scaled by ``scale`` (pixels -> points)."""
    data = pytesseract.image_to_data(
        binary,
        lang=languages,
        config=f"--psm {PSM} -c tessedit_do_invert=0",
        output_type=pytesseract.Output.DICT,
    )
    keep = [
        i for i, text in enumerate(data["text"]) if float(data["conf"][i]) >= 0 and text.strip()
    ]
    med = _cluster_heights(data, keep)
    words = []
    for i in keep:
        x, w, top, h = data["left"][i], data["width"][i], data["top"][i], data["height"][i]
        if h < med[i]:  # grow to the phrase's median height, centred
            top, h = top - (med[i] - h) / 2, med[i]
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


def _cluster_heights(data: dict[str, list], keep: list[int]) -> dict[int, int]:
    """Return, per word, the median height of its phrase.

    Tesseract's word boxes hug the glyphs ("de" is half as tall as "DE"), so words
    are grown to their phrase's median height and heights mean font size, as on the
    PDF path. A phrase is a run of words of one Tesseract line without a wide gap:
    with psm 4 a big title and a small address line can share a Tesseract line.
    """
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i in keep:
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(i)
    out: dict[int, int] = {}
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


def _assign_median(data: dict[str, list], phrase: list[int], out: dict[int, int]) -> None:
    hs = sorted(data["height"][i] for i in phrase)
    for i in phrase:
        out[i] = hs[len(hs) // 2]


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
    binary = clean(gray)
    scale = 72.0 / (dpi * factor)
    words = ocr_words(binary, languages=languages, scale=scale)
    # OCR line boxes hug the glyphs (smaller than the font's em), and monospaced
    # word gaps are a full character wide: allow wider gaps inside a line.
    tokens = assemble(words, page=number, source="ocr", gap=1.6)
    return PageTokens(number, w * 72.0 / dpi, h * 72.0 / dpi, tokens, source="ocr", deskew=angle)
