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


_OCR_JUNK = "|[]!;:'\"_"  # cell borders and specks OCR glues to a number ("1|", "[2")


def _number(tokens: Sequence[Token], conv: Conventions) -> Decimal | None:
    merged = merge_numbers(tokens)
    for text, _ in reversed(merged):
        value = parse_amount(text, decimal=conv.decimal)
        if value is None and tokens and tokens[0].source == "ocr":
            value = parse_amount(text.strip(_OCR_JUNK), decimal=conv.decimal)
        if value is not None:
            return value
    return None


def _text(tokens: Sequence[Token] | None) -> str | None:
    return normalise_text(" ".join(t.text for t in tokens)) if tokens else None


def _starts_item(cells: dict[str, list[Token]], conv: Conventions) -> bool:
    """Return whether a row starts an item: an amount, or a quantity and a price.

    Rows with a number elsewhere (an article number, a GTIN, "Bruttopreis: 205,00")
    continue the item above: real tables print an item over several rows.
    """
    nums = {c: _number(cells[c], conv) for c in ("quantity", "unit_price", "amount") if c in cells}
    if nums.get("amount") is not None:
        return True
    desc = _text(cells.get("description")) or ""
    if ATTRIBUTE.match(desc) or desc.endswith(":"):
        return False  # "Billing Period: January 1, 2023": a date, not a quantity and price
    return nums.get("quantity") is not None and nums.get("unit_price") is not None


ATTRIBUTE = re.compile(r"^[^\W\d][\w .\-/%]{1,30}\s?:\s?\S")  # "Verpackung: Flasche"
SKU_DASH = re.compile(r"^([A-Z0-9][A-Z0-9._/\-]*\d[A-Z0-9._/\-]*)\s+[-–]\s+(\S.*)$")


def _item(
    rows: Sequence[dict[str, list[Token]]], conv: Conventions, page: int
) -> dict[str, Any] | None:
    """Return a line item from its rows' cells (the first row holds its numbers)."""
    cells = rows[0]
    nums = {c: _number(cells[c], conv) for c in ("quantity", "unit_price", "amount") if c in cells}
    if not any(v is not None for v in nums.values()):
        return None
    desc = [_text(cells.get("description"))]
    for more in rows[1:]:
        text = (_text(more.get("description")) or "").lstrip("•·-–*> ")
        if _wording(text) and not (set(more) & NUMERIC):
            desc.append(text)
    item: dict[str, Any] = {"description": normalise_text(" ".join(d for d in desc if d)) or None}
    for c in ("sku", "code", "unit", "po_line"):
        if c in cells:
            item[c] = _text(cells[c])
    nums = _solve(nums, rows, conv)
    for c, v in nums.items():
        item[c] = format_decimal(v) if v is not None else None
    m = SKU_DASH.match(item["description"] or "")
    if m and not item.get("sku"):
        item["sku"], item["description"] = m.group(1), m.group(2)
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


def _wording(text: str) -> bool:
    """Return whether a continuation row's text is more of the description.

    Not: an attribute ("Verpackung: Flasche", "Beschreibung: ..."), a bracketed tag
    ("(GTIN)"), a bare code or number.
    """
    if not text or ATTRIBUTE.match(text) or (text.startswith("(") and text.endswith(")")):
        return False
    return sum(ch.isalpha() for ch in text) >= 3


def _close(q: Decimal, p: Decimal, a: Decimal) -> bool:
    return abs(q * p - a) <= Decimal("0.01") + abs(a) * Decimal("0.0001")


def _solve(
    nums: dict[str, Decimal | None], rows: Sequence[dict[str, list[Token]]], conv: Conventions
) -> dict[str, Decimal | None]:
    """Return quantity, unit price and amount that agree (q x p = a), where the page allows.

    Headers are not always where their numbers are (a '#' column holding quantities, a
    net price printed under a gross one after a discount): when the columns' values do
    not multiply out, the item's other printed numbers are tried, keeping the amount.
    """
    q, p, a = nums.get("quantity"), nums.get("unit_price"), nums.get("amount")
    if a is None or (q is not None and p is not None and _close(q, p, a)):
        return nums
    pool: list[Decimal] = []
    for r in rows:
        for col, toks in r.items():
            if col in ("tax_rate", "discount"):
                continue
            found = merge_numbers(toks)
            if col == "amount":  # a price the header did not name lands beside the amount
                found = found[:-1] if r is rows[0] else []
            for text, _ in found:
                if "%" in text:
                    continue
                v = parse_amount(text.strip("=+ " + _OCR_JUNK), decimal=conv.decimal)
                if v is not None and v != 0 and abs(v) < 10**9 and abs(v) not in pool:
                    pool.append(abs(v))
    target = abs(a)
    # keep what the columns said where possible: the given quantity with another price,
    # then another quantity with the given price, then any pair
    tries = [
        *(((q, v) for v in pool) if q is not None else ()),
        *(((v, p) for v in pool) if p is not None else ()),
        *((x, y) for x in pool for y in pool if x is not y),
    ]
    for qq, pp in tries:
        if _close(qq, pp, target) and not (qq == target and pp == 1 and q is not None):
            return {**nums, "quantity": qq, "unit_price": pp}
    return nums


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
    for i in range(len(rows)):
        found, used = _header_at(rows, i, extra)
        if found:
            cols, start = with_amount(found, page.width), i + used
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


def _header_at(
    rows: Sequence[Sequence[Token]], i: int, extra: dict[str, list[str]] | None
) -> tuple[list[Column] | None, int]:
    """Return (columns, rows used) for a header starting at row ``i``.

    A header may take two or three rows ("Prix" / "Description Quantité Prix HT" /
    "unitaire"; "GTIN Menge Nettopreis" / "Art-Nr-Kunde Artikelbezeichnung"): a row
    naming some columns is merged with the next one when that one names columns too.
    """
    found = header_columns(rows[i], extra)
    if is_header(found):
        return found, 1
    if not found:
        return None, 0
    merged = list(rows[i])
    h = max(t.bottom - t.top for t in rows[i])
    for k in (1, 2):
        if i + k >= len(rows):
            break
        nxt = rows[i + k]
        if nxt[0].top - max(t.bottom for t in rows[i + k - 1]) > 0.8 * h:
            break
        more = header_columns(nxt, extra)
        if not more or any(a.x0 < b.x1 and b.x0 < a.x1 for a in found for b in more):
            break  # stacked headers (one per row of a multi-row item) are not one header
        merged += nxt
        cols = header_columns(merged, extra)
        if is_header(cols):
            return cols, k + 1
    return None, 0


def _page_items(
    page: PageTokens,
    body: list[list[Token]],
    cols: Sequence[Column],
    conv: Conventions,
    items: list[dict[str, Any]],
    started: bool,
) -> None:
    groups: list[list[dict[str, list[Token]]]] = []
    for row in body:
        cells = _cells(row, cols)
        if _starts_item(cells, conv) or (not groups and _item([cells], conv, page.page)):
            groups.append([cells])
        elif groups:
            groups[-1].append(cells)
        elif started and items and "description" in cells and not (set(cells) & NUMERIC):
            more = _text(cells["description"])  # the previous page's last item goes on
            prev = items[-1]
            prev["description"] = normalise_text(f"{prev.get('description') or ''} {more}")
    for g in groups:
        item = _item(g, conv, page.page)
        if item is not None:
            items.append(item)


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
