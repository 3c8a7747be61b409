"""Matching a row of tokens to line-table columns (the header vocabulary is ``column_words.py``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.column_words import COLUMN_WORDS
from extractors.tokens import Token

_PHRASES = sorted(
    ((w, c) for c, ws in COLUMN_WORDS.items() for w in ws), key=lambda wc: -len(wc[0].split())
)
_SINGLE = {w: c for w, c in _PHRASES if " " not in w and len(w) >= 5}
NUMERIC = {"quantity", "unit_price", "amount", "tax_rate"}


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: what it holds and its header's horizontal extent."""

    name: str
    x0: float
    x1: float
    row: int = 0  # 1: named by the second row of a stacked header (an item's second row)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip(" :")


_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _col in _PHRASES:
    _words = tuple(_phrase.split())
    _BY_FIRST.setdefault(_words[0], []).append((_words, _col))


def header_columns(row: Sequence[Token], extra: dict[str, list[str]] | None = None) -> list[Column]:
    """Return the columns named by a header row (longest phrase first), left to right.

    ``extra`` adds a template's own header wordings: ``{column: [phrase, ...]}``.
    """
    toks = sorted(row, key=lambda t: t.x0)
    words = [_norm(t.text) for t in toks]
    cols: list[Column] = []
    named: list[str] = []  # the header words that named each column
    fuzzy = any(t.source == "ocr" for t in toks)
    index = _index(extra) if extra else _BY_FIRST
    segments = _segment(toks, words, index)
    i = 0
    while i < len(toks):
        if i in segments:
            n, col = segments[i]
            cols.append(Column(col, toks[i].x0, toks[i + n - 1].x1))
            named.append(" ".join(words[i : i + n]))
            i += n
            continue
        near = _fuzzy(toks[i]) if fuzzy else None
        if near:
            cols.append(Column(near, toks[i].x0, toks[i].x1))
            named.append(words[i])
        i += 1
    return _dedupe(_item_as_description(cols, named))


def _segment(
    toks: Sequence[Token],
    words: Sequence[str],
    index: dict[str, list[tuple[tuple[str, ...], str]]],
) -> dict[int, tuple[int, str]]:
    """Return {first token: (word count, column)} for the header phrases of a row.

    The phrases chosen leave the fewest words unnamed, then make the fewest columns:
    "Item Description of goods" is "Item" and "Description of goods", not "Item
    description" and two stray words; "Unit Price" stays one column.
    """
    n = len(toks)
    # best[i]: (unnamed words, columns, phrase at i or None) for the words from i on
    best: list[tuple[int, int, tuple[int, str] | None]] = [(0, 0, None)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = [(best[i + 1][0] + 1, best[i + 1][1], None)]
        for k, col in _matches_at(toks, words, i, index):
            options.append((best[i + k][0], best[i + k][1] + 1, (k, col)))
        best[i] = min(options, key=lambda o: (o[0], o[1]))
    out: dict[int, tuple[int, str]] = {}
    i = 0
    while i < n:
        choice = best[i][2]
        if choice is None:
            i += 1
            continue
        out[i] = choice
        i += choice[0]
    return out


# "Artikel", "Articolo", "Artículo", "Item" name an article code beside a description
# column, but the item itself where no column says "description" ("Codice | Articolo |
# Qtà | Prezzo"): every line table has one.
ITEM_WORDS = {"artikel", "article", "articolo", "artículo", "item", "product", "producto"}


def _item_as_description(cols: list[Column], named: Sequence[str]) -> list[Column]:
    """Return the columns with the first item-word column read as the description, if none is."""
    if any(c.name == "description" for c in cols):
        return cols
    for k, (c, word) in enumerate(zip(cols, named, strict=True)):
        if word in ITEM_WORDS:
            return [*cols[:k], Column("description", c.x0, c.x1, c.row), *cols[k + 1 :]]
    return cols


def _index(extra: dict[str, list[str]]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Return the phrase index with a template's wordings first (they win ties)."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for col, phrases in extra.items():
        for p in sorted(phrases, key=lambda p: -len(p.split())):
            ws = tuple(_norm(p).split())
            if ws:
                out.setdefault(ws[0], []).append((ws, col))
    for first, items in _BY_FIRST.items():
        out.setdefault(first, []).extend(items)
    return out


def _matches_at(
    toks: Sequence[Token],
    words: Sequence[str],
    i: int,
    index: dict[str, list[tuple[tuple[str, ...], str]]],
) -> list[tuple[int, str]]:
    """Return (word count, column) of every header phrase starting at token ``i``, longest
    first."""
    out = []
    for phrase, col in index.get(words[i], ()):
        n = len(phrase)
        if tuple(words[i : i + n]) != phrase:
            continue
        window = toks[i : i + n]
        # the words of one header cell sit close together
        if all(
            b.x0 - a.x1 < 1.5 * (a.bottom - a.top) for a, b in zip(window, window[1:], strict=False)
        ):
            out.append((n, col))
    return out


def _fuzzy(token: Token) -> str | None:
    """Return the column an OCR-garbled header word most likely names ("Detaits")."""
    from rapidfuzz import fuzz, process

    word = _norm(token.text)
    if len(word) < 5:
        return None
    best = process.extractOne(word, list(_SINGLE), scorer=fuzz.ratio, score_cutoff=80)
    return _SINGLE[best[0]] if best else None


def _dedupe(cols: list[Column]) -> list[Column]:
    """Resolve a name used twice (e.g. "Total" and "Net" both read as amount)."""
    seen: dict[str, int] = {}
    out: list[Column] = []
    for c in cols:
        if c.name in seen:
            if c.name == "amount":  # the right-most amount-like column is the line amount
                out[seen[c.name]] = Column(
                    "unit_price" if "unit_price" not in seen else "_",
                    out[seen[c.name]].x0,
                    out[seen[c.name]].x1,
                )
            elif c.name == "pos" and "sku" not in seen:
                c = Column("sku", c.x0, c.x1)
            else:
                continue
        seen[c.name] = len(out)
        out.append(c)
    return out


def is_header(cols: Sequence[Column]) -> bool:
    """Return whether the named columns look like a line-item table header."""
    names = {c.name for c in cols}
    return "description" in names and len(names & NUMERIC) >= 1 and len(names) >= 3


_NUMBER = re.compile(r"^[-(]?[\d][\d.,' ]*%?\)?-?$")


def assign(token: Token, cols: Sequence[Column]) -> str:
    """Return the column a body token belongs to (overlap with its header, else nearest).

    Numbers are right-aligned under right-aligned headers, so a number whose right
    edge lines up with a numeric column's header goes there even when its left
    part reaches into the description.
    """
    if _NUMBER.match(token.text):
        aligned = [c for c in cols if c.name in NUMERIC and abs(token.x1 - c.x1) < 12]
        if aligned:
            return min(aligned, key=lambda c: abs(token.x1 - c.x1)).name
        # a number reaching under a numeric header ("8 EA" under a short "Qty") is that
        # column's, not the end of the description the free-text column runs up to
        under = [c for c in cols if c.name in NUMERIC and token.x0 < c.x1 and c.x0 < token.x1]
        if under:
            return max(under, key=lambda c: min(token.x1, c.x1) - max(token.x0, c.x0)).name
    best, best_key = cols[0].name, (-1e9, 0.0)
    for i, c in enumerate(cols):
        x0, x1 = c.x0, c.x1
        if c.name == "description":  # free text runs right up to the next column
            x1 = cols[i + 1].x0 - 2 if i + 1 < len(cols) else x1 + 400
        overlap = min(token.x1, x1) - max(token.x0, x0)
        gap = -overlap if overlap < 0 else 0.0
        key = (overlap if overlap > 0 else -gap, -abs(token.cx - (x0 + x1) / 2))
        if key > best_key:
            best, best_key = c.name, key
    return best
