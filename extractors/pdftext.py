"""Words with boxes from a PDF's text layer, via pypdfium2 (the fast path).

pdfplumber's ``extract_words`` is pure Python (~30 pages/s); reading characters
and their boxes straight from PDFium and grouping them here is several times
faster, which is what makes >= 100 pages/s/core end to end possible.
Ruling lines (thin filled/stroked paths) come from the page objects too, so
pdfplumber is not needed on this path at all.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.layout import Word, assemble
from extractors.tokens import PageTokens

_SPACE = {" ", "\t", "\r", "\n", "\xa0", "\u2002", "\u2003", "\u2009", "\x00"}
# PDFium reports a hyphen printed at the end of a line as U+0002 (U+FFFE in its text):
# it is on the page ("Brechsand-" / "Gemisch"), so it is read as one.
_LINE_END_HYPHEN = {"\ufffe", "\x02"}


def _text_object(raw: object, index: int) -> int | None:
    """Return the address of the text object drawing character ``index``."""
    return ctypes.cast(pdfium_c.FPDFText_GetTextObject(raw, index), ctypes.c_void_p).value


def _char_boxes(
    textpage: pdfium.PdfTextPage, height: float
) -> list[tuple[str, float, float, float, float]]:
    """Return (char, x0, top, x1, bottom) per character, top-left origin."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, n) if n > 0 else ""
    if len(text) != n:  # generated characters shifted the indices; fall back per char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(n))
    rect = pdfium_c.FS_RECTF()
    out: list[tuple[str, float, float, float, float]] = []
    prev_right, prev_i, prev_ch = -1e9, -1, " "
    for i, ch in enumerate(text):
        if ch in _LINE_END_HYPHEN:
            ch = "-"
        if ch in _SPACE or "\ud800" <= ch <= "\udfff":  # half an emoji glyph: not text
            out.append((" ", 0.0, 0.0, 0.0, 0.0))
            prev_right = -1e9
            continue
        # Loose boxes use the advance width and font height: adjacent glyphs touch,
        # so a gap really means a gap (tight boxes split "1" off "14.03.2026").
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
        gap = rect.left - prev_right
        if 0.2 < gap < 8 and _text_object(raw, i) != _text_object(raw, prev_i):
            # two cells' texts nearly touching ("BehandlungsdatumZiffer"): separate words;
            # but a word a browser printed in pieces (a ligature glyph "fi" from another
            # font, a kerned "T|oronto") goes on in lower case within a sliver of a gap
            within = prev_ch.isalpha() and ch.islower() and gap < 0.15 * (rect.top - rect.bottom)
            if not within:
                out.append((" ", 0.0, 0.0, 0.0, 0.0))
        out.append((ch, rect.left, height - rect.top, rect.right, height - rect.bottom))
        prev_right, prev_i, prev_ch = rect.right, i, ch
    return out


def _words(chars: list[tuple[str, float, float, float, float]]) -> list[Word]:
    """Return words: runs of characters on one line without a space or a wide gap."""
    words: list[Word] = []
    cur: list[tuple[str, float, float, float, float]] = []

    def flush() -> None:
        if cur:
            # characters of a word run left to right on one line: ends are the extremes
            words.append(
                Word(
                    "".join(c[0] for c in cur),
                    cur[0][1],
                    min(c[2] for c in cur),
                    cur[-1][3],
                    max(c[4] for c in cur),
                )
            )
            cur.clear()

    for ch in chars:
        if ch[0] == " ":
            flush()
            continue
        if cur:
            prev = cur[-1]
            h = max(prev[4] - prev[2], ch[4] - ch[2], 1.0)
            same_line = abs((ch[2] + ch[4]) / 2 - (prev[2] + prev[4]) / 2) < 0.6 * h
            gap = ch[1] - prev[3]
            # a ligature ("tt", "fi") is one glyph for two characters: both share its box
            ligature = abs(ch[1] - prev[1]) < 0.01 and abs(ch[3] - prev[3]) < 0.01
            # a gap, or an overlap (text overflowing into the next cell), starts a word;
            # a kerned capital before a small letter ("To", "Wa") overlaps more
            kerned = prev[0].isupper() and ch[0].islower()
            overlap = -(0.25 if kerned else 0.12) * h
            if not ligature and (not same_line or gap > 0.2 * h or gap < overlap):
                flush()
        cur.append(ch)
    flush()
    return words


def _ruling_lines(
    page: pdfium.PdfPage, height: float
) -> tuple[tuple[float, float, float, float], ...]:
    """Return thin horizontal/vertical path objects as (x0, top, x1, bottom)."""
    out = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        w, h = x1 - x0, y1 - y0
        if (h <= 3 and w >= 20) or (w <= 3 and h >= 10):
            out.append((round(x0, 2), round(height - y1, 2), round(x1, 2), round(height - y0, 2)))
    return tuple(out)


def text_layer(page: pdfium.PdfPage, number: int, *, rulings: bool = False) -> PageTokens:
    """Return the page's text-layer tokens (possibly none: then the caller OCRs it)."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(_char_boxes(textpage, height))
    finally:
        textpage.close()
    tokens = assemble(words, page=number, source="pdf")
    # Nothing downstream needs ruling lines yet (columns come from header alignment,
    # which also works on scans); they cost ~1 ms/page, so they are opt-in.
    rules = _ruling_lines(page, height) if rulings else ()
    return PageTokens(number, width, height, tokens, source="pdf", ruling_lines=rules)


def usable(page: PageTokens) -> bool:
    """Return whether a text layer carries real text (not empty, not an invisible junk layer)."""
    chars = sum(len(t.text) for t in page.tokens)
    alnum = sum(ch.isalnum() for t in page.tokens for ch in t.text)
    return chars >= 12 and alnum >= 0.5 * chars
