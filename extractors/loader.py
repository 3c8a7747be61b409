"""Open a document file and return its pages as tokens; reject bad input early.

Every way a file can be unreadable ends in an ``InputError`` with a stable
``code`` (not_found, empty, encrypted, corrupt, no_pages, unsupported_type,
too_many_pages, image_too_large, image_too_small) before any expensive work, so
a batch spends bounded time and memory on it and moves on. Messages are for a
clerk: they say what is wrong with the file and what to do, never a library's
own text (no "PDFium: Success", no OpenCV assertion), and library warnings
raised while reading a file are kept off the terminal.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from bursar.errors import InputError
from extractors.ocr import ocr_image
from extractors.pdftext import text_layer, usable
from extractors.tokens import PageTokens

DEFAULT_MAX_PAGES = 200
# ~ an A3 page at 600 dpi; anything larger is a decompression bomb or a poster.
MAX_IMAGE_PIXELS = 100_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Below this many pixels a side no page can be read (and OCR's resizing would fail).
MIN_IMAGE_SIDE = 32
NO_PAGES = "PDF has no pages; ask the sender for the complete document"
DAMAGED = "is damaged or cut off; ask the sender for a new copy"

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def image_dpi(image: Image.Image) -> float:
    """Return the image's resolution, or 300 when missing or implausible.

    Token boxes of an image are in points at this resolution, so everything that draws
    them over the image (the inbox) must use the same rule.
    """
    try:
        dpi = float((image.info.get("dpi") or (300, 300))[0] or 300)
    except (TypeError, ValueError):
        return 300.0
    return dpi if 50 <= dpi <= 1200 else 300.0


def max_pages() -> int:
    """Return the page limit: ``BURSAR_MAX_PAGES`` or 200."""
    try:
        return int(os.environ.get("BURSAR_MAX_PAGES", DEFAULT_MAX_PAGES))
    except ValueError:
        return DEFAULT_MAX_PAGES


def sniff(path: Path) -> str:
    """Return 'pdf', 'image', 'xml' or 'x12' from the file's first bytes, or raise InputError."""
    where = str(path)
    if not path.exists():
        raise InputError("file not found", code="not_found", where=where)
    if not path.is_file():
        raise InputError("not a regular file", code="unsupported_type", where=where)
    if path.stat().st_size == 0:
        raise InputError("file is empty (0 bytes)", code="empty", where=where)
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<"):
        return "xml"
    if stripped.startswith(b"ISA"):
        return "x12"
    raise InputError(
        "not a PDF, PNG, JPEG, TIFF or e-invoice XML file", code="unsupported_type", where=where
    )


def open_pdf(path: Path, *, limit: int | None = None) -> pdfium.PdfDocument:
    """Return the opened PDF, or raise InputError(encrypted|corrupt|too_many_pages)."""
    where = str(path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        # PDFium's error code is global and can be stale (a PDF without pages sets none,
        # so it reports "Success" or the previous file's error): ask a second parser too.
        trouble = _second_opinion(path)
        if trouble == "no_pages":
            raise InputError(NO_PAGES, code="no_pages", where=where) from None
        if trouble == "encrypted" or "password" in str(exc).lower():
            raise InputError(
                "PDF is encrypted (password protected); ask the sender for an unprotected copy",
                code="encrypted",
                where=where,
            ) from None
        raise InputError(f"PDF {DAMAGED}", code="corrupt", where=where) from None
    n = len(pdf)
    limit = max_pages() if limit is None else limit
    if n == 0:
        pdf.close()
        raise InputError(NO_PAGES, code="no_pages", where=where)
    if n > limit:
        pdf.close()
        raise InputError(
            f"PDF has {n} pages, more than the limit of {limit} (set BURSAR_MAX_PAGES to raise it)",
            code="too_many_pages",
            where=where,
        )
    return pdf


def _second_opinion(path: Path) -> str | None:
    """Return 'no_pages' or 'encrypted' when pdfminer reads the file so, else None.

    Pure Python, so only for files small enough to parse in a moment: a PDF without
    pages is tiny, and a big damaged one is simply damaged.
    """
    if path.stat().st_size > 5_000_000:
        return None
    try:
        from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ImportError:
        return None
    try:
        with path.open("rb") as fh:
            doc = PDFDocument(PDFParser(fh))
            return "no_pages" if next(iter(PDFPage.create_pages(doc)), None) is None else None
    except PDFPasswordIncorrect:
        return "encrypted"
    except Exception:  # any other parse failure: the file is damaged
        return None


def render_dpi(width_pt: float, height_pt: float, dpi: float) -> float:
    """Return ``dpi``, lowered so a (possibly poster-sized) page stays within the pixel cap."""
    pixels = (width_pt * dpi / 72.0) * (height_pt * dpi / 72.0)
    if pixels <= MAX_IMAGE_PIXELS:
        return dpi
    return dpi * (MAX_IMAGE_PIXELS / pixels) ** 0.5


def _pdf_pages(path: Path, *, languages: str, dpi: int, limit: int | None) -> list[PageTokens]:
    pdf = open_pdf(path, limit=limit)
    pages = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                tokens = text_layer(page, i + 1)
                if not usable(tokens):
                    page_dpi = render_dpi(tokens.width, tokens.height, dpi)
                    image = page.render(scale=page_dpi / 72.0, grayscale=True).to_pil()
                    tokens = _ocr(image, i + 1, page_dpi, languages, where=str(path))
            finally:
                page.close()
            pages.append(tokens)
    except pdfium.PdfiumError:
        raise InputError(f"a page of the PDF {DAMAGED}", code="corrupt", where=str(path)) from None
    finally:
        pdf.close()
    return pages


def _image_pages(path: Path, *, languages: str, limit: int | None) -> list[PageTokens]:
    where = str(path)
    limit = max_pages() if limit is None else limit
    try:
        with Image.open(path) as img:  # lazy: reads the header, not the pixels
            n = getattr(img, "n_frames", 1)
            if n > limit:
                raise InputError(
                    f"image has {n} pages, more than the limit of {limit}",
                    code="too_many_pages",
                    where=where,
                )
            pages = []
            for i, frame in enumerate(ImageSequence.Iterator(img)):
                w, h = frame.size
                if w * h > MAX_IMAGE_PIXELS:
                    raise InputError(
                        f"image is {w}x{h} pixels, over the {MAX_IMAGE_PIXELS:,} pixel limit",
                        code="image_too_large",
                        where=where,
                    )
                if min(w, h) < MIN_IMAGE_SIDE:
                    raise InputError(
                        f"image is {w}x{h} pixels, too small to hold a readable page; "
                        "scan the document again",
                        code="image_too_small",
                        where=where,
                    )
                frame.load()
                pages.append(_ocr(frame.copy(), i + 1, image_dpi(frame), languages, where=where))
            return pages
    except Image.DecompressionBombError as exc:
        size = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = f"{int(size.group(1)):,} pixels" if size else "too many pixels"
        raise InputError(
            f"image has {pixels}, over the {MAX_IMAGE_PIXELS:,} pixel limit",
            code="image_too_large",
            where=where,
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InputError(f"image {DAMAGED}", code="corrupt", where=where) from None


def _ocr(image: Image.Image, number: int, dpi: float, languages: str, *, where: str) -> PageTokens:
    """OCR one page; an image OpenCV cannot process is a bad file, not a crash."""
    try:
        return ocr_image(image, number=number, dpi=dpi, languages=languages)
    except cv2.error:
        raise InputError(
            "image cannot be prepared for OCR (too small, empty or damaged); scan it again",
            code="corrupt",
            where=where,
        ) from None


@contextmanager
def _quiet_libraries() -> Iterator[None]:
    """Keep library warnings about a hostile file (Pillow's DecompressionBombWarning ...)
    off stderr: the file's problem is reported once, as an InputError, by the checks here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def load_pages(
    path: Path, *, languages: str | None = None, dpi: int = 300, page_limit: int | None = None
) -> list[PageTokens]:
    """Return one PageTokens per page: text layer where usable, OCR otherwise."""
    path = Path(path)
    langs = languages or _default_languages()
    kind = sniff(path)
    if kind == "pdf":
        with _quiet_libraries():
            return _pdf_pages(path, languages=langs, dpi=dpi, limit=page_limit)
    if kind == "image":
        with _quiet_libraries():
            return _image_pages(path, languages=langs, limit=page_limit)
    raise InputError(
        "an XML file has no pages; use extract_file for e-invoices",
        code="unsupported_type",
        where=str(path),
    )


def _default_languages() -> str:
    try:
        from bursar.config import get_settings

        return get_settings().ocr_languages
    except Exception:  # settings file unreadable: OCR should still work
        return "eng+deu+fra"
