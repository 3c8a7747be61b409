"""A thin reportlab canvas wrapper that remembers where each truth value was drawn."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
MARGIN = 48.0


@dataclass
class Pen:
    """Draws text and rules on a deterministic canvas; records value boxes per key."""

    page_size: str
    font: str
    bold: str
    size: float
    title: str = "Document"
    boxes: dict[str, tuple[int, list[float]]] = field(default_factory=dict)
    page: int = 1

    def __post_init__(self) -> None:
        self.buf = io.BytesIO()
        self.width, self.height = PAGE_SIZES[self.page_size]
        # invariant=1 pins the creation date and document id, so same input -> same bytes
        self.canvas = Canvas(
            self.buf, pagesize=(self.width, self.height), invariant=1, pageCompression=1
        )
        self.canvas.setTitle(self.title)
        self.canvas.setAuthor("bursar synth")
        self.canvas.setCreator("bursar synth")
        self.canvas.setProducer("bursar synth")

    def text_width(self, text: str, *, bold: bool = False, size: float | None = None) -> float:
        return stringWidth(text, self.bold if bold else self.font, size or self.size)

    def text(
        self,
        x: float,
        top: float,
        text: str,
        *,
        key: str | None = None,
        align: str = "left",
        bold: bool = False,
        size: float | None = None,
        color: tuple[float, float, float] = (0, 0, 0),
    ) -> float:
        """Draw ``text`` with its top at ``top`` (from the page top); return its width."""
        size = size or self.size
        font = self.bold if bold else self.font
        width = stringWidth(text, font, size)
        x0 = {"left": x, "right": x - width, "center": x - width / 2}[align]
        baseline = self.height - top - size * 0.8
        self.canvas.setFillColorRGB(*color)
        self.canvas.setFont(font, size)
        self.canvas.drawString(x0, baseline, text)
        self.canvas.setFillColorRGB(0, 0, 0)
        if key is not None:
            box = [round(x0, 1), round(top, 1), round(x0 + width, 1), round(top + size, 1)]
            self.boxes[key] = (self.page, box)
        return width

    def hline(self, x0: float, x1: float, top: float, width: float = 0.6) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x0, self.height - top, x1, self.height - top)

    def vline(self, x: float, top: float, bottom: float, width: float = 0.6) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x, self.height - top, x, self.height - bottom)

    def rect(
        self,
        x: float,
        top: float,
        w: float,
        h: float,
        *,
        fill: float | None = None,
        stroke: bool = True,
    ) -> None:
        """Draw a rectangle; ``fill`` is a grey level (0 black, 1 white) or None."""
        if fill is not None:
            self.canvas.setFillGray(fill)
        self.canvas.setLineWidth(0.6)
        self.canvas.rect(
            x, self.height - top - h, w, h, stroke=int(stroke), fill=int(fill is not None)
        )
        self.canvas.setFillGray(0)

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buf.getvalue()


def meta_item(
    pen: Pen, mode: str, key: str | None, lab: str, val: str, x: float, top: float, width: float
) -> float:
    """Draw one label and value of a meta block (stacked, inline or table); return the
    next item's top."""
    step = pen.size * 1.45
    if mode == "stacked":
        pen.text(x, top, lab, size=pen.size - 1)
        pen.text(x, top + step, val, key=key, bold=True)
        return top + step * 2.1
    if mode == "inline":
        w = pen.text(x, top, f"{lab}: ", bold=True)
        pen.text(x + w, top, val, key=key)
        return top + step
    # table: labels in one column, values aligned right in the next
    pen.text(x, top, lab)
    pen.text(x + width, top, val, key=key, align="right")
    return top + step
