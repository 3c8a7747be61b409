"""Line items from token alignment under a header row (ruled or not, born-digital or OCR).

1. Find the header row: a visual row whose words name a description column and
   at least one numeric column (``columns.py``).
2. Below it, every visual row is split into cells by the header's columns.
   A row with a number in an amount/price/quantity column starts an item; a
   text-only row continues the previous item's description (wrapped text).
3. The table ends at a totals label (Subtotal, Total, Zwischensumme, Total HT
   ...), a wide vertical gap or the page footer; it continues on the next page
   under a repeated header, or at the top when the header is not repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from extractors.columns import NUMERIC, Column, assign, header_columns, is_header
from extractors.fields import document_conventions
from extractors.labels import match_labels
from extractors.parse import (
    Conventions,
    format_decimal,
    normalise_text,
    parse_amount,
    parse_date,
    parse_percent,
)
from extractors.tokens import PageTokens, Token
from extractors.values import merge_numbers

STOP_FIELDS = {"subtotal", "total", "tax_amount", "total_claimed"}
FOOTER = re.compile(r"^(page|seite|continued|fortsetzung|suite|übertrag|carried forward)\b", re.I)


def visual_rows(tokens: Sequence[Token]) -> list[list[Token]]:
    """Return the page's tokens as rows (shared vertical centre), top to bottom.

    Layout lines are kept whole and clustered by their centres, so a row's cells
    stay together even when a scan leaves them a few pixels out of level.
    """
    groups: dict[int, list[Token]] = {}
    for t in tokens:
        groups.setdefault(t.line, []).append(t)
    boxes = []
    for toks in groups.values():
        top, bottom = min(t.top for t in toks), max(t.bottom for t in toks)
        boxes.append(((top + bottom) / 2, max(bottom - top, 1.0), toks))
    rows: list[list[Token]] = []
    row_cy = row_h = 0.0
    for cy, h, toks in sorted(boxes, key=lambda b: b[0]):
        if rows and abs(cy - row_cy) <= 0.5 * min(h, row_h):
            n = len(rows[-1])
            rows[-1].extend(toks)
            row_cy += (cy - row_cy) * len(toks) / (n + len(toks))
        else:
            rows.append(list(toks))
            row_cy, row_h = cy, h
    return [sorted(r, key=lambda t: t.x0) for r in rows]


def _is_totals(row: Sequence[Token]) -> bool:
    """Return whether a row starts the totals block (Subtotal, Total, Zwischensumme ...)."""
    text = normalise_text(" ".join(t.text for t in row))
    return any(f in STOP_FIELDS and start == 0 for f, start, _, _ in match_labels(text))


def _is_footer(row: Sequence[Token]) -> bool:
    return bool(FOOTER.match(normalise_text(" ".join(t.text for t in row))))


def _cells(row: Sequence[Token], cols: Sequence[Column]) -> dict[str, list[Token]]:
    """Split a row into cells; "1 000" is joined first so it lands in one column."""
    cells: dict[str, list[Token]] = {}
    for _, toks in merge_numbers(row):
        span = replace(toks[0], x1=toks[-1].x1) if len(toks) > 1 else toks[0]
        cells.setdefault(assign(span, cols), []).extend(toks)
    return cells


def _number(tokens: Sequence[Token], conv: Conventions) -> Decimal | None:
    merged = merge_numbers(tokens)
    for text, _ in reversed(merged):
        value = parse_amount(text, decimal=conv.decimal)
        if value is not None:
            return value
    return None


def _text(tokens: Sequence[Token] | None) -> str | None:
    return normalise_text(" ".join(t.text for t in tokens)) if tokens else None


def _item(cells: dict[str, list[Token]], conv: Conventions, page: int) -> dict[str, Any] | None:
    """Return a line item from one row's cells, or None for a text-only row."""
    nums = {c: _number(cells[c], conv) for c in ("quantity", "unit_price", "amount") if c in cells}
    if not any(v is not None for v in nums.values()):
        return None
    item: dict[str, Any] = {"description": _text(cells.get("description"))}
    for c in ("sku", "code", "unit", "po_line"):
        if c in cells:
            item[c] = _text(cells[c])
    for c, v in nums.items():
        item[c] = format_decimal(v) if v is not None else None
    if "tax_rate" in cells:
        rate = parse_percent(" ".join(t.text for t in cells["tax_rate"]))
        item["tax_rate"] = format_decimal(rate) if rate is not None else None
    if "service_date" in cells:
        d = parse_date(" ".join(t.text for t in cells["service_date"]), day_first=conv.day_first)
        item["service_date"] = d.isoformat() if d else None
    toks = [t for ts in cells.values() for t in ts]
    item["confidence"] = _confidence(nums, toks)
    item["page"] = page
    return item


def _confidence(nums: dict[str, Decimal | None], toks: Sequence[Token]) -> float:
    q, p, a = nums.get("quantity"), nums.get("unit_price"), nums.get("amount")
    base = 0.75
    if q is not None and p is not None and a is not None:
        base = 0.95 if abs(q * p - a) <= Decimal("0.01") + abs(a) * Decimal("0.0001") else 0.6
    ocr = sum(t.conf for t in toks) / len(toks) if toks else 1.0
    return round(base * ocr**0.5, 4)


def with_amount(cols: list[Column], width: float) -> list[Column]:
    """Return the columns with an amount column at the right end if the header lacks one.

    OCR sometimes drops the last header word; the line amount is the right-most
    number of a row in every layout we know, so its column can be inferred.
    """
    if any(c.name == "amount" for c in cols):
        return cols
    right = max(c.x1 for c in cols)
    return [*cols, Column("amount", right + 12, max(width - 20, right + 60))]


def _table_rows(
    page: PageTokens, cols: Sequence[Column] | None, extra: dict[str, list[str]] | None = None
) -> tuple[list[list[Token]], Sequence[Column] | None, bool]:
    """Return (body rows, columns, ended) for one page; ``cols`` carries over a table."""
    rows = visual_rows(page.tokens)
    start = 0
    for i, row in enumerate(rows):
        found = header_columns(row, extra)
        if is_header(found):
            cols, start = with_amount(found, page.width), i + 1
            break
    else:
        if cols is None:
            return [], None, True
    # The totals block ends the table; a page footer or a wide gap only ends this
    # page's part of it (the table may continue on the next page).
    body: list[list[Token]] = []
    for row in rows[start:]:
        if _is_totals(row):
            return body, cols, True
        gap = row[0].top - body[-1][0].bottom if body else 0.0
        if _is_footer(row) or gap > 4 * (row[0].bottom - row[0].top):
            return body, cols, False
        body.append(row)
    return body, cols, False


def _page_items(
    page: PageTokens,
    body: list[list[Token]],
    cols: Sequence[Column],
    conv: Conventions,
    items: list[dict[str, Any]],
    started: bool,
) -> None:
    for row in body:
        cells = _cells(row, cols)
        item = _item(cells, conv, page.page)
        if item is not None:
            items.append(item)
            started = True
        elif started and items and "description" in cells and not (set(cells) & NUMERIC):
            more = _text(cells["description"])
            prev = items[-1]
            prev["description"] = normalise_text(f"{prev.get('description') or ''} {more}")


def extract_lines(
    pages: Sequence[PageTokens],
    *,
    kind: str = "invoice",
    extra_columns: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """Return the document's line items in the contract's shape.

    ``extra_columns`` are a template's own header wordings (``lines.columns``).
    """
    conv = document_conventions(pages)
    items: list[dict[str, Any]] = []
    cols: Sequence[Column] | None = None
    for page in pages:
        body, cols, ended = _table_rows(page, cols, extra_columns)
        if cols is not None and body:
            _page_items(page, body, cols, conv, items, started=False)
        if ended:
            cols = None
    return without_totals_rows(items)


def without_totals_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return ``items`` without a totals block that no totals label ended.

    A vendor's own wording ("Warenwert", "Please remit") does not stop the table, so its
    totals rows read as items. A row that is not priced (no quantity x unit price that
    makes its amount) and equals the sum of the rows above it, followed only by rows
    that are not priced either (a tax row may show its rate), is that block's subtotal:
    it and what follows go.
    """
    running = Decimal(0)
    for j, item in enumerate(items):
        amount = item.get("amount")
        if (
            j > 0
            and amount is not None
            and abs(Decimal(amount) - running) <= Decimal("0.01")
            and not any(_priced(x) for x in items[j:])
        ):
            return items[:j]
        running += Decimal(amount) if amount is not None else Decimal(0)
    return items


def _priced(item: dict[str, Any]) -> bool:
    """Return whether the row's quantity times unit price gives its amount (an item)."""
    q, p, a = (item.get(k) for k in ("quantity", "unit_price", "amount"))
    if q is None or p is None or a is None:
        return False
    return abs(Decimal(q) * Decimal(p) - Decimal(a)) <= Decimal("0.01") + abs(Decimal(a)) / 10000
