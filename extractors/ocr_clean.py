"""Page images made easy for Tesseract: straightened, reversed bands turned, background
flattened, table rules erased. Pure functions over 8-bit grey arrays (0 = black).

Measured on the synthetic scans (issue 10): Tesseract's page layout breaks on what a
scan keeps around the text, not on the text itself. Leftover grey halos of cell
borders became "|" glued to words and split a table into columns read one after the
other; a tinted header band or a shaded row made its own block. Flattening the
background (dividing by a blurred estimate of the paper) and erasing the rules
*with their halos* let psm 4 read a ruled ledger table row by row.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_SKEW_DEG = 5.0
# Below this grey a large filled region is a band printed with reversed text, or a
# scanner border; Otsu's level is no use here, as it puts a page's darker half (uneven
# light) or a light tint with it.
DARK = 128


def otsu(gray: np.ndarray) -> np.ndarray:
    """Return ``gray`` denoised (median 3) and thresholded by Otsu: text 0, paper 255."""
    return _otsu_level(gray)[1]


def _otsu_level(gray: np.ndarray) -> tuple[float, np.ndarray]:
    level, binary = cv2.threshold(
        cv2.medianBlur(gray, 3), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU
    )
    return float(level), binary


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


def straighten(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Return the page deskewed, and the rotation applied (degrees, 0.0 when none)."""
    angle = estimate_skew(255 - otsu(gray))
    if abs(angle) < 0.1:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


def turn_dark_regions(gray: np.ndarray) -> np.ndarray:
    """Return ``gray`` with solid dark bands inverted and scanner borders whitened.

    A large dark component (below ``DARK``) that fills most of its bounding box is a
    band with reversed (white-on-dark) text: its box is inverted in grey, so the text
    reads dark on light and keeps its anti-aliasing. A large one that does not (a
    frame, a border strip along the edge) is erased.
    """
    dark = (cv2.medianBlur(gray, 3) < DARK).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = gray.shape
    out = gray.copy()
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if bw < 0.3 * w and bh < 0.3 * h:
            continue
        if area > 0.6 * bw * bh and bh < 0.25 * h:
            out[y : y + bh, x : x + bw] = 255 - out[y : y + bh, x : x + bw]
        elif x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            out[labels == i] = 255
    return out


def flatten_background(gray: np.ndarray) -> np.ndarray:
    """Return ``gray`` divided by an estimate of the paper behind it (white = 255).

    The estimate is the page with text closed away (a grey dilation wider than a
    stroke), smoothed, at a quarter of the resolution (cheap); tinted bands, shaded
    rows and uneven scanner light become white, text keeps its contrast.
    """
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    paper = cv2.medianBlur(cv2.dilate(small, np.ones((5, 5), np.uint8)), 5)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


def rule_mask(binary: np.ndarray) -> np.ndarray:
    """Return a mask (255) of table rules and their halos.

    Rules are horizontal strokes longer than a twelfth of the page, vertical ones longer
    than a fortieth, and short vertical strokes that meet a horizontal rule (the cell
    borders of a one-row table: as tall as a letter, but a letter does not end on a rule).
    Tesseract reads a cell border touching a word as "|" glued to it ("20|EA"), and a
    border's faint grey halo left in the image still splits its page layout.
    """
    inv = 255 - binary
    h, w = binary.shape
    horiz = _open(inv, max(40, w // 12), 1)
    vert = _open(inv, 1, max(40, h // 40))
    short = _open(inv, 1, max(20, h // 100))
    n, labels = cv2.connectedComponents(short, connectivity=8)
    if n > 1:
        reach = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
        meets = np.unique(labels[(reach > 0) & (short > 0)])
        vert[np.isin(labels, meets[meets > 0])] = 255
    return cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((5, 5), np.uint8))


def _open(inv: np.ndarray, kw: int, kh: int) -> np.ndarray:
    """Return the strokes of ``inv`` (ink 255) that hold a ``kw`` x ``kh`` rectangle."""
    return cv2.morphologyEx(
        inv, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (kw, kh))
    )


def clean(gray: np.ndarray, *, binary_out: bool = False) -> np.ndarray:
    """Return a straight page cleaned for Tesseract: bands turned, paper flat, rules erased.

    Tesseract gets the *grayscale* result (``binary_out`` gives the thresholded one):
    measured on synthetic scans, grayscale kept accents and thin strokes that
    thresholding broke (header fields 89% vs 79%).
    """
    flat = flatten_background(turn_dark_regions(gray))
    level, binary = _otsu_level(flat)
    mask = rule_mask(binary) > 0
    if binary_out:
        binary[mask] = 255
        return binary
    # Paper noise left grey made Tesseract's page layout drop a whole column of a table
    # as non-text (a ledger's Qty/Unit column); halfway between Otsu's level and white
    # is paper. It costs a faint umlaut now and then ("Wahrung"), but keeping the grey
    # near the ink (only) lost 4-5 points of line F1 on three synthetic corpora.
    mask |= flat > (level + 255) / 2
    flat[mask] = 255
    return flat
