"""The layout token: one model for words from the PDF text layer and from OCR.

Everything downstream (field extraction, line items, the BERT labeller) works on
``Token`` and ``PageTokens`` only, so it does not care where the words came from.
Coordinates are PDF points (1/72 inch), origin at the page's top-left:
``(x0, top, x1, bottom)``. OCR boxes are converted from pixels at the render dpi.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Token:
    """One word on a page, with its box and how sure we are of its text."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int  # 1-based
    line: int = 0  # line id within the page, in reading order
    block: int = 0  # block/paragraph id within the page
    conf: float = 1.0  # 0..1; 1.0 for the PDF text layer
    source: str = "pdf"  # "pdf" | "ocr"

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class PageTokens:
    """The tokens of one page plus the page size in points."""

    page: int
    width: float
    height: float
    tokens: tuple[Token, ...]
    source: str = "pdf"  # how this page's words were obtained: "pdf" | "ocr"
    ruling_lines: tuple[tuple[float, float, float, float], ...] = field(default=())
    # OCR straightens a skewed scan before reading it, so token boxes live in the
    # straightened page; this is the rotation (degrees, as cv2.getRotationMatrix2D) about
    # the page centre that was applied. ``to_page`` maps a box back onto the page as seen.
    deskew: float = 0.0

    def to_page(self, bbox: Sequence[float]) -> tuple[float, float, float, float]:
        """Return ``bbox`` (straightened frame) as the box that holds it on the page as seen."""
        if not self.deskew:
            return (bbox[0], bbox[1], bbox[2], bbox[3])
        a = math.radians(self.deskew)
        cos, sin = math.cos(a), math.sin(a)
        cx, cy = self.width / 2, self.height / 2
        xs, ys = [], []
        for x, y in (
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ):
            xs.append(cx + cos * (x - cx) - sin * (y - cy))
            ys.append(cy + sin * (x - cx) + cos * (y - cy))
        return (min(xs), min(ys), max(xs), max(ys))


def union_bbox(tokens: list[Token] | tuple[Token, ...]) -> tuple[float, float, float, float]:
    """Return the smallest box holding every token (they must share a page)."""
    return (
        min(t.x0 for t in tokens),
        min(t.top for t in tokens),
        max(t.x1 for t in tokens),
        max(t.bottom for t in tokens),
    )
