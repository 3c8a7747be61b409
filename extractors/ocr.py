"""The OCR path: page image -> OpenCV clean-up -> Tesseract words -> tokens.

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): on a few cores a
process pool over pages is ~3x faster than Tesseract's own threads.
Boxes come back in pixels and are converted to PDF points at the render dpi.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import pytesseract  # noqa: E402
from PIL import Image  # noqa: E402

from extractors.layout import Word, assemble  # noqa: E402
from extractors.tokens import PageTokens  # noqa: E402

MAX_SKEW_DEG = 5.0
MODE = os.environ.get("BURSAR_OCR_MODE", "otsu")
TESSERACT_DPI = float(os.environ.get("BURSAR_TESSERACT_DPI", "200"))


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


def preprocess(gray: np.ndarray) -> np.ndarray:
    """Return a deskewed, denoised, binarised (black text on white) page image."""
    den = cv2.medianBlur(gray, 3)
    _, binary = cv2.threshold(den, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    angle = estimate_skew(255 - binary)
    if abs(angle) >= 0.1:
        hh, ww = binary.shape
        m = cv2.getRotationMatrix2D((ww / 2, hh / 2), angle, 1.0)
        src = gray if MODE == "gray" else binary
        binary = cv2.warpAffine(src, m, (ww, hh), flags=cv2.INTER_LINEAR, borderValue=255)
        if MODE != "gray":
            _, binary = cv2.threshold(binary, 127, 255, cv2.THRESH_BINARY)
    elif MODE == "gray":
        binary = gray
    if MODE == "gray":
        den = cv2.medianBlur(binary, 3)
        _, b2 = cv2.threshold(den, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        cleaned = _clean_dark_regions(b2)
        flip = (cleaned > 127) != (b2 > 127)
        out = binary.copy()
        out[flip] = 255 - out[flip]
        return out
    return _clean_dark_regions(binary)


def ocr_words(binary: np.ndarray, *, languages: str, scale: float) -> list[Word]:
    """Return Tesseract's words with boxes scaled by ``scale`` (pixels -> points)."""
    data = pytesseract.image_to_data(
        binary,
        lang=languages,
        config="--psm 3 -c tessedit_do_invert=0",
        output_type=pytesseract.Output.DICT,
    )
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not text.strip():
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(
            Word(
                text.strip(),
                x * scale,
                y * scale,
                (x + w) * scale,
                (y + h) * scale,
                min(max(conf / 100.0, 0.0), 1.0),
            )
        )
    return words


def ocr_image(image: Image.Image, *, number: int, dpi: float, languages: str) -> PageTokens:
    """Return the tokens of one page image rendered/scanned at ``dpi``."""
    gray = to_gray(image)
    binary = preprocess(gray)
    # Clean up at full resolution, recognise at ~200 dpi: measured faster *and* more
    # accurate here (area-averaging restores thin strokes that thresholding broke).
    factor = min(1.0, TESSERACT_DPI / dpi)
    if factor < 0.95:
        binary = cv2.resize(binary, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    scale = 72.0 / (dpi * factor)
    words = ocr_words(binary, languages=languages, scale=scale)
    h, w = gray.shape
    tokens = assemble(words, page=number, source="ocr")
    return PageTokens(number, w * scale, h * scale, tokens, source="ocr")
