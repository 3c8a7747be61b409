"""Align truth line items to the words that print them: labels for line-item cells.

The layout labeller learns header fields (``align.bio_labels``) and, with this module,
the cells of the line-item table: each word of an item's description, its quantity,
unit price and amount. Labels are BIO over ``CELL_FIELDS``; the ``B-`` of a description
marks where a new item starts, so rows that wrap stay one item.

Truth lines carry values, not boxes. Each truth line, in order, is found on the first
visual row at or after the previous item's row whose still-unlabelled words print its
amount and, when the truth has them, its unit price or quantity; header labels are set
first, so a totals row (already ``subtotal`` / ``total``) is never taken for an item.
The description's words are then looked for on that row and on the rows around it that
carry no numbers of another item.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from extractors.parse import parse_amount
from extractors.tokens import Token
from models.align import fold

CELL_FIELDS: tuple[str, ...] = (
    "line_description",
    "line_quantity",
    "line_unit_price",
    "line_amount",
)
CELL_LABELS: tuple[str, ...] = tuple(f"{p}-{f}" for f in CELL_FIELDS for p in ("B", "I"))
NUMBER_CELLS = {
    "line_quantity": "quantity",
    "line_unit_price": "unit_price",
    "line_amount": "amount",
}


def visual_rows(tokens: Sequence[Token]) -> list[list[int]]:
    """Return word indices grouped into visual rows (page, then top to bottom, then x).

    A layout line (``Token.line``) may be one column's block; a table row spans columns.
    """
    from extractors.lines import visual_rows as rows_of

    where = {id(t): k for k, t in enumerate(tokens)}
    out: list[list[int]] = []
    for page in sorted({t.page for t in tokens}):
        for row in rows_of([t for t in tokens if t.page == page]):
            out.append([where[id(t)] for t in sorted(row, key=lambda t: t.x0)])
    return out


def _dec(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except Exception:  # a reader that cannot read a word just does not match it
        return None


def _number_spans(
    tokens: Sequence[Token], row: Sequence[int], labels: Sequence[str], value: Decimal
) -> list[tuple[int, int]]:
    """Return (start, end) positions within ``row`` whose free words print ``value``."""
    out = []
    for i in range(len(row)):
        for n in (1, 2, 3):
            span = row[i : i + n]
            if len(span) < n or any(labels[k] != "O" for k in span):
                break
            if _dec(" ".join(tokens[k].text for k in span)) == value:
                out.append((i, i + n))
                break
    return out


def _value(line: Mapping[str, object], key: str) -> Decimal | None:
    raw = line.get(key)
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except Exception:  # a truth value that is not a number is not aligned
        return None


def _mark(labels: list[str], idx: Sequence[int], field: str) -> None:
    for j, k in enumerate(idx):
        labels[k] = f"{'B' if j == 0 else 'I'}-{field}"


def _place_numbers(
    tokens: Sequence[Token], row: list[int], labels: list[str], line: Mapping[str, object]
) -> bool:
    """Label the amount, unit price and quantity of ``line`` on ``row``; False if absent."""
    amount = _value(line, "amount")
    if amount is None:
        return False
    a_spans = _number_spans(tokens, row, labels, amount)
    if not a_spans:
        return False
    others = {c: _value(line, NUMBER_CELLS[c]) for c in ("line_unit_price", "line_quantity")}
    a = a_spans[-1]  # the amount is the row's rightmost print of that value
    found: dict[str, tuple[int, int]] = {}
    for cell, val in others.items():
        if val is None:
            continue
        spans = [s for s in _number_spans(tokens, row, labels, val) if s[1] <= a[0]]
        spans = [s for s in spans if all(s[1] <= f[0] or s[0] >= f[1] for f in found.values())]
        if spans:
            found[cell] = spans[-1] if cell == "line_unit_price" else spans[0]
    if not found and any(v is not None for v in others.values()) and len(a_spans) < 2:
        return False  # the row prints the amount only: a totals row, not this item
    _mark(labels, row[a[0] : a[1]], "line_amount")
    for cell, (s, e) in found.items():
        _mark(labels, row[s:e], cell)
    return True


def _desc_words(text: str) -> set[str]:
    return {w for w in (fold(x) for x in text.split()) if w}


def cell_labels(
    tokens: Sequence[Token], lines: Sequence[Mapping[str, object]], labels: Sequence[str]
) -> list[str]:
    """Return ``labels`` (header BIO, one per word) with the line-item cells added."""
    out = list(labels)
    rows = visual_rows(tokens)
    cursor = 0
    anchors: list[tuple[int, Mapping[str, object]]] = []
    for line in lines:
        for r in range(cursor, len(rows)):
            if _place_numbers(tokens, rows[r], out, line):
                anchors.append((r, line))
                cursor = r + 1
                break
    for n, (r, line) in enumerate(anchors):
        words = _desc_words(str(line.get("description") or ""))
        if not words:
            continue
        lo = anchors[n - 1][0] + 1 if n else max(0, r - 2)
        hi = anchors[n + 1][0] if n + 1 < len(anchors) else min(len(rows), r + 4)
        picked: list[int] = []
        for rr in range(lo, hi):
            free = [k for k in rows[rr] if out[k] == "O" and fold(tokens[k].text) in words]
            if rr != r and len(free) < 0.6 * len(rows[rr]):
                continue  # a row of other text (an attribute, a note), not this description
            picked.extend(free)
        if picked:
            _mark(out, picked, "line_description")
    return out
