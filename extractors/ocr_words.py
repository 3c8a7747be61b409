"""Tesseract's words tidied to read like a text layer's: known misreadings of scans fixed.

Pure functions over Tesseract's TSV columns (``ocr_tesseract.COLUMNS``), one entry a word.
Each fix is narrow on purpose: it changes only what a scan cannot have meant.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # how a PDF's text layer keeps "1 779,24" one word


def tidy_words(data: dict[str, list]) -> dict[str, list]:
    """Return the words with amounts' digit groups joined and squared units restored."""
    return restore_squared_units(join_digit_groups(data))


_GROUP = re.compile(r"[-(]?\d{1,3}")
_GROUP_TAIL = re.compile(r"\d{3}")
_LAST_GROUP = re.compile(r"\d{3}[.,]\d{1,2}\)?-?")


def join_digit_groups(data: dict[str, list]) -> dict[str, list]:
    """Return Tesseract's words with an amount's digit groups ("1 779,24") made one word.

    A French or Swiss amount prints its thousands apart; Tesseract returns each group as
    a word, and its boxes hug the glyphs, so the gap between them looks wider than on
    the PDF path (where the line parser joins them) and the leading "1" was lost
    (1779.24 read as 779.24). Groups are joined with a narrow no-break space, as a text
    layer gives them, only when they end in decimals and sit about a word space apart:
    "548 722" (a tax number) and two columns of a table stay apart.
    """
    order = _reading_order(data)
    runs: list[list[int]] = []
    for i in order:
        run = runs[-1] if runs else None
        if run is not None and _continues(data, run, i):
            run.append(i)
        else:
            runs.append([i])
    out: dict[str, list] = {k: [] for k in data}
    for run in runs:
        amount = _LAST_GROUP.fullmatch(data["text"][run[-1]].strip())
        for part in [run] if amount else [[i] for i in run]:
            _append_joined(data, part, out)
    return out


def _continues(data: dict[str, list], run: list[int], i: int) -> bool:
    """Return whether word ``i`` is the next digit group of the number ending ``run``."""
    last = run[-1]
    if not _same_line(data, last, i):
        return False
    prev, cur = data["text"][last].strip(), data["text"][i].strip()
    if not (_GROUP.fullmatch(prev) if len(run) == 1 else _GROUP_TAIL.fullmatch(prev)):
        return False
    if not (_GROUP_TAIL.fullmatch(cur) or _LAST_GROUP.fullmatch(cur)):
        return False
    gap = data["left"][i] - data["left"][last] - data["width"][last]
    # A monospaced word space plus the side bearings of "1" is ~1.5 digit heights;
    # the columns of a table stand further apart.
    return 0 <= gap <= 1.6 * max(data["height"][last], data["height"][i])


def _append_joined(data: dict[str, list], part: list[int], out: dict[str, list]) -> None:
    first = part[0]
    if len(part) == 1:
        for k in data:
            out[k].append(data[k][first])
        return
    left = min(data["left"][i] for i in part)
    right = max(data["left"][i] + data["width"][i] for i in part)
    top = min(data["top"][i] for i in part)
    bottom = max(data["top"][i] + data["height"][i] for i in part)
    for k in data:
        out[k].append(data[k][first])
    out["text"][-1] = NNBSP.join(data["text"][i].strip() for i in part)
    out["left"][-1], out["width"][-1] = left, right - left
    out["top"][-1], out["height"][-1] = top, bottom - top
    out["conf"][-1] = min(float(data["conf"][i]) for i in part)


# A unit of length, "g/m" or "EUR/m" then the glyph Tesseract makes of a superscript 2.
_SQUARED = re.compile(r"((?:[A-Za-z]+/)?[cdkm]?m)[?\u201d\"]([,.;:)]?)")
_NUMBER = re.compile(r"\(?\d+(?:[.,]\d+)?")


def restore_squared_units(data: dict[str, list]) -> dict[str, list]:
    """Return the words with "m?" after a number read as "m²" (also "mm²", "g/m²").

    Tesseract reads a superscript 2 as "?" or a closing quote ("12 m?", "2.5 mm”"); after
    a number, a unit of length followed by a question mark is not something an invoice
    prints. (A cubic metre misread the same way becomes "m²": wrong, but no more wrong
    than "m?".)
    """
    text = list(data["text"])
    order = _reading_order(data)
    for prev, i in zip(order, order[1:], strict=False):
        if not _SQUARED.fullmatch(text[i].strip()) or not _same_line(data, prev, i):
            continue
        if _NUMBER.fullmatch(text[prev].strip()):
            text[i] = _SQUARED.sub(r"\1²\2", text[i].strip())
    return {**data, "text": text}


def _reading_order(data: dict[str, list]) -> list[int]:
    """Return the word indices line by line (Tesseract's lines), left to right."""
    keys = ("block_num", "par_num", "line_num", "left")
    return sorted(range(len(data["text"])), key=lambda i: tuple(data[k][i] for k in keys))


def _same_line(data: dict[str, list], a: int, b: int) -> bool:
    return all(data[k][a] == data[k][b] for k in ("block_num", "par_num", "line_num"))
