"""Line items printed as records, not as a table: one block of "key  value" pairs per item.

Some layouts print each item as a small form ("Menge 1,00 / Preis pro Einheit 720,81 /
Gesamtpreis 720,81 / Bezeichnung: Flugschein", "Quantity: 2 / Unit price: 10.00 /
Amount: 20.00 / Description: ..."), one under the other. There is no header row for the
table reader to find. Here each key is a line that the column vocabulary
(``columns.header_columns``) names as exactly one column, and its value is the next line
to its right on the same row (or what follows its colon). Pairs are read in page order;
an item ends where a key wording repeats. A record is an item only when it holds an
amount and a quantity, so a totals block ("Gesamtsumme 0,00") never becomes one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from extractors.columns import header_columns
from extractors.layout import Line, page_lines
from extractors.parse import Conventions, format_decimal, normalise_text, parse_amount
from extractors.tokens import PageTokens

WANTED = {"quantity", "unit_price", "amount", "description", "sku", "pos"}


def _key(ln: Line) -> tuple[str, str, list] | None:
    """Return (column, key wording, value tokens in the same line) when ``ln`` is a key."""
    toks = list(ln.tokens)
    head, tail = toks, []
    for i, t in enumerate(toks[:-1]):
        if t.text.endswith(":"):
            head, tail = toks[: i + 1], toks[i + 1 :]
            break
    cols = header_columns(head)
    if len(cols) != 1 or cols[0].name not in WANTED:
        return None
    words = normalise_text(" ".join(t.text for t in head)).casefold().rstrip(":").strip()
    if len(words.split()) > 5 or any(ch.isdigit() for ch in words):
        return None
    return cols[0].name, words, tail


def _pairs(page: PageTokens) -> list[tuple[float, str, str, str, int]]:
    """Return (top, column, key wording, value text) of the page's key-value pairs."""
    lines = page_lines(page.tokens, page.page)
    out = []

    def same_row(a: Line, b: Line) -> bool:
        return abs(b.cy - a.cy) < 0.6 * a.height

    for ln in lines:
        got = _key(ln)
        if got is None:
            continue
        after_key = any(
            same_row(ln, o) and o.x1 <= ln.x0 and ln.x0 - o.x1 < 0.3 * page.width for o in lines
        )
        if after_key and (not ln.text.rstrip().endswith(":") or got[2]):
            continue  # a value right of another key ("Bezeichnung:  Text"), not a key
        col, words, tail = got
        if tail:
            value = " ".join(t.text for t in tail)
        else:
            right = [
                r
                for r in lines
                if r.x0 > ln.x1 and same_row(ln, r) and r.x0 - ln.x1 < 0.5 * page.width
            ]
            if not right:
                continue
            nearest = min(right, key=lambda r: r.x0)
            if nearest.text.rstrip().endswith(":"):
                continue  # the next key, not a value
            value = nearest.text
        out.append((ln.top, col, words, value, page.page))
    out.sort(key=lambda p: p[0])
    return out


def _number(text: str, conv: Conventions) -> Decimal | None:
    m = re.search(r"-?\(?\d[\d.,' ]*", text)
    return parse_amount(m.group(0).strip(), decimal=conv.decimal) if m else None


def record_items(pages: Sequence[PageTokens], conv: Conventions) -> list[dict[str, Any]]:
    """Return the items of a document that prints each item as a record of key-value pairs."""
    records: list[dict[str, tuple[str, str, int]]] = []
    current: dict[str, tuple[str, str, int]] = {}
    seen: set[str] = set()
    for page in pages:
        for _top, col, words, value, number in _pairs(page):
            if words in seen:
                records.append(current)
                current, seen = {}, set()
            seen.add(words)
            current.setdefault(col, (words, value, number))
    records.append(current)
    items = []
    for rec in records:
        if "amount" not in rec or "quantity" not in rec:
            continue
        amount = _number(rec["amount"][1], conv)
        qty = _number(rec["quantity"][1], conv)
        if amount is None or qty is None:
            continue
        price = _number(rec["unit_price"][1], conv) if "unit_price" in rec else None
        desc = normalise_text(rec["description"][1]) if "description" in rec else None
        item = {
            "description": desc,
            "quantity": format_decimal(qty),
            "unit_price": format_decimal(price) if price is not None else None,
            "amount": format_decimal(amount),
            "confidence": 0.7,
            "page": rec["amount"][2],
        }
        if "sku" in rec:
            item["sku"] = normalise_text(rec["sku"][1])
        items.append(item)
    return items
