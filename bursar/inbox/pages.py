"""Page images of stored originals, rendered once with pypdfium2 and cached as PNG.

Field boxes in the extraction are PDF points from the page's top-left; the browser scales
them with percentages of the page size returned here, so the image can be any width.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path

from bursar.config import get_settings
from bursar.errors import InputError
from bursar.files import write_atomic
from bursar.store import default_store

RENDER_SCALE = 2.0  # 144 dpi: sharp on a laptop screen, ~150 KB per A4 page
_lock = threading.Lock()


@dataclass(frozen=True)
class PageSize:
    width: float  # PDF points
    height: float


def _cache_dir() -> Path:
    return get_settings().home_dir / "cache" / "pages"


def _is_pdf(data: bytes) -> bool:
    return data[:5] == b"%PDF-"


def page_sizes(sha256: str) -> list[PageSize]:
    """Return the size in points of each page of the stored original.

    Images are measured at their own resolution, exactly as the extractor measured the
    OCR boxes (``extractors.loader.image_dpi``), so the highlighted boxes line up.
    """
    data = default_store().get(sha256)
    if _is_pdf(data):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            return [PageSize(*pdf[i].get_size()) for i in range(len(pdf))]
        finally:
            pdf.close()
    from PIL import Image, ImageSequence

    from extractors.loader import image_dpi

    with Image.open(io.BytesIO(data)) as img:
        return [
            PageSize(f.width * 72.0 / image_dpi(f), f.height * 72.0 / image_dpi(f))
            for f in ImageSequence.Iterator(img)
        ]


class Unreadable(InputError):
    """The stored original is no PDF or image we can draw (e.g. a rejected, corrupt file)."""

    code = "unreadable"
    status = 422


def _render(data: bytes, page: int) -> bytes:
    """Return the PNG of one page; raise ``InputError`` (not_found) for a page that is not
    there, ``Unreadable`` for an original that cannot be drawn."""
    try:
        return _draw(data, page)
    except InputError:
        raise
    except Exception as exc:  # pypdfium2, Pillow and zlib each raise their own kinds
        raise Unreadable(
            "this document's pages cannot be shown: the stored original is not a readable "
            "PDF or image (see the document's error)"
        ) from exc


def _draw(data: bytes, page: int) -> bytes:
    if _is_pdf(data):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= page <= len(pdf):
                raise InputError(f"no page {page}", code="not_found")
            image = pdf[page - 1].render(scale=RENDER_SCALE).to_pil()
        finally:
            pdf.close()
    else:
        from PIL import Image

        if page != 1:
            raise InputError(f"no page {page}", code="not_found")
        image = Image.open(io.BytesIO(data))
        image.load()
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def page_png(sha256: str, page: int) -> Path:
    """Return the cached PNG of one page (1-based), rendering it on first use."""
    target = _cache_dir() / f"{sha256}-p{page}-x{RENDER_SCALE:g}.png"
    if target.exists():
        return target
    with _lock:
        if target.exists():
            return target
        png = _render(default_store().get(sha256), page)
        write_atomic(target, png, durable=False)  # a cache: rendered again if lost
    return target
