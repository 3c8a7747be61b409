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
    """Split a row into cells; "1 000" is joined first so it lands in one column.

    A value a word space after its label ("Art-Nr-Lieferant: ARNR2") and a tag a word
    space after a code ("4012345045654 (GTIN)") go with it, so they stay in its column
    when they reach into the gap before the next one. Numbers right-aligned under a
    numeric header are never joined.
    """
    cols = [c for c in cols if c.row == 0]
    cells: dict[str, list[Token]] = {}
    for toks in _phrases(merge_numbers(row), cols):
        span = replace(toks[0], x1=toks[-1].x1) if len(toks) > 1 else toks[0]
        cells.setdefault(assign(span, cols), []).extend(toks)
    return cells


WORD_SPACE = 0.5  # a gap under half the text height: a space between words of one cell


def _phrases(spans: list[tuple[str, list[Token]]], cols: Sequence[Column]) -> list[list[Token]]:
    """Return the spans with a label's value and a code's tag joined to them."""
    out: list[list[Token]] = []
    for text, toks in spans:
        if (
            out
            and (
                out[-1][-1].text.endswith(":")
                or (text.startswith("(") and text.endswith(")"))
                or _unit_after_number(out[-1], toks, cols)
            )
            and not _in_numeric(out[-1], cols)
            and not _in_numeric(toks, cols)
        ):
            prev = out[-1][-1]
            h = min(prev.bottom - prev.top, toks[0].bottom - toks[0].top)
            if 0 <= toks[0].x0 - prev.x1 < WORD_SPACE * h:
                out[-1].extend(toks)
                continue
        out.append(list(toks))
    return out


def _unit_after_number(
    prev: Sequence[Token], toks: Sequence[Token], cols: Sequence[Column]
) -> bool:
    """Return whether ``toks`` is a unit printed after a quantity in its cell ("8 HUR")."""
    unit = toks[0].text
    return (
        len(prev) == 1
        and len(toks) == 1
        and _NUMBER_ONLY.match(prev[0].text) is not None
        and unit.isalpha()
        and len(unit) <= 4
        and assign(toks[0], cols) == "quantity"
    )


_NUMBER_ONLY = re.compile(r"^\d+(?:[.,]\d+)?$")


def _in_numeric(toks: Sequence[Token], cols: Sequence[Column]) -> bool:
    """Return whether a span is a number that a numeric column's header sits over."""
    span = replace(toks[0], x1=toks[-1].x1) if len(toks) > 1 else toks[0]
    return any(ch.isdigit() for ch in span.text) and assign(span, cols) in NUMERIC


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
    lead = _text(sorted((t for ts in cells.values() for t in ts), key=lambda t: t.x0)) or ""
    if ATTRIBUTE.match(desc) or desc.endswith(":") or ATTRIBUTE.match(lead):
        return False  # "Billing Period: January 1, 2023": a date, not a quantity and price
    return nums.get("quantity") is not None and nums.get("unit_price") is not None


ATTRIBUTE = re.compile(r"^[^\W\d][\w .\-/%]{1,30}\s?:\s?\S")  # "Verpackung: Flasche"
LABEL_ONLY = re.compile(r"^[^\W\d][\w .\-/%]{1,40}:$")  # "Abweichender Warenempfänger:"
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
        if _text(more.get("pos")):
            break  # a new position number: a group's heading or a sub-item, not this text
        text = (_text(more.get("description")) or "").lstrip("•·-–*> ")
        if ATTRIBUTE.match(text) or LABEL_ONLY.match(text):
            break  # the item's attributes follow its description ("Verpackung: Flasche")
        listing = str(desc[-1] or "").endswith((",", " x", "×", "/", "+"))
        if _wording(text, listing) and not (set(more) & NUMERIC):
            desc.append(text)
    item: dict[str, Any] = {"description": item_name(_join(desc)) or None}
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


def _wording(text: str, listing: bool = False) -> bool:
    """Return whether a continuation row's text is more of the description.

    Not: an attribute ("Verpackung: Flasche", "Beschreibung: ..."), a bracketed tag
    ("(GTIN)"), a bare code or number.
    """
    if not text or ATTRIBUTE.match(text) or (text.startswith("(") and text.endswith(")")):
        return False
    letters = sum(ch.isalpha() for ch in text)
    # "K," in a listing, "~2000ml" after "various colors,", "2000" after "1000 x"
    if listing:
        return letters >= 1 or text[0].isdigit()
    if " " not in text and _code_like(text):
        return False  # an article code on its own row ("OFF-4622")
    if sum(ch.isdigit() for ch in text) > 2 * letters:
        return False  # a reference: "LS 4711-0815 / 0816"
    if re.search(r"\d{6}", text) and _has_date(text):
        return False  # a delivery note: "Pakbonnr. 86153490 / 28/04/2026", "... / 6 January 2026"
    if re.search(r"\d\s?%", text):
        return False  # a price note: "Prix de base 18,00, remise de 25 %"
    return letters >= 3 or (letters >= 1 and text.endswith(","))


def _has_date(text: str) -> bool:
    """Return whether a date is printed in ``text`` (digits or a month's name)."""
    words = text.split()
    return any(
        parse_date(" ".join(words[k : k + n])) for n in (1, 3, 5) for k in range(len(words) - n + 1)
    )


def _join(parts: Sequence[str | None]) -> str:
    """Return an item's description rows as one text.

    A row ending in a hyphen after a letter, followed by a capitalised word, is a
    compound broken at its hyphen ("Brechsand-Splitt-" / "Gemisch"): joined without
    a space, the hyphen kept.
    """
    out = ""
    for part in parts:
        if not part:
            continue
        if len(out) > 1 and out.endswith("-") and out[-2].isalpha() and part[:1].isupper():
            out += part
        else:
            out = f"{out} {part}" if out else part
    return normalise_text(out)


def item_name(text: str) -> str:
    """Return an item's description without the colon some programs print after a name
    whose detail is empty ("Heiße Luft pro Liter:")."""
    return text[:-1].rstrip() if text.endswith(":") and not text.endswith("::") else text


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
    if any(t.source == "ocr" for r in rows for ts in r.values() for t in ts):
        return _lost_separator(nums)
    return nums


def _lost_separator(nums: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
    """Return OCR'd numbers with a decimal separator OCR dropped put back, where that
    alone makes quantity x unit price = amount ("158,46" read as "15846").

    Only a whole number of three digits or more is tried, with two decimals, and only
    one number per row: the row's arithmetic must then hold to the cent.
    """
    q, p, a = nums.get("quantity"), nums.get("unit_price"), nums.get("amount")
    if q is None or p is None or a is None:
        return nums
    for key, value in (("unit_price", p), ("amount", a), ("quantity", q)):
        if value != value.to_integral_value() or abs(value) < 100:
            continue
        fixed = {**nums, key: (value / 100).quantize(Decimal("0.01"))}
        if _close(fixed["quantity"], fixed["unit_price"], abs(fixed["amount"])):  # type: ignore[arg-type]
            return fixed
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
    rows = visual_rows([t for t in page.tokens if not _vertical(t)])
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


def _vertical(t: Token) -> bool:
    """Return whether a word runs down the page (a margin note set vertically)."""
    return len(t.text) >= 3 and (t.x1 - t.x0) < 0.6 * (t.bottom - t.top)


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
        if more and k == 1 and any(a.x0 < b.x1 and b.x0 < a.x1 for a in found for b in more):
            stacked = _stacked(found, more)
            return (stacked, 2) if stacked else (None, 0)
        if not more:
            break
        merged += nxt
        cols = header_columns(merged, extra)
        if is_header(cols):
            return cols, k + 1
    return None, 0


def _stacked(first: list[Column], second: list[Column]) -> list[Column] | None:
    """Return the columns of a stacked header: one header row per row of an item.

    "GTIN  Art-Nr-Lieferant  Menge  Nettopreis  Nettowert" over "Art-Nr-Kunde
    Artikelbezeichnung": the numbers are in an item's first row, its description in
    the second row under the first row's article-number column.
    """
    names = {c.name for c in first}
    if "description" in names or not names & NUMERIC:
        return None
    for d in second:
        if d.name != "description":
            continue
        if any(c.name not in NUMERIC and c.x0 < d.x1 and d.x0 < c.x1 for c in first):
            cols = [*first, Column("description", d.x0, d.x1, row=1)]
            return cols if is_header(cols) else None
    return None


def _second_row(cols: Sequence[Column]) -> list[Column] | None:
    """Return the columns for an item's continuation rows under a stacked header."""
    below = [c for c in cols if c.row == 1]
    if not below:
        return None
    out = []
    for c in cols:
        if c.row == 0 and c.name not in NUMERIC and any(b.x0 < c.x1 and c.x0 < b.x1 for b in below):
            c = Column(below[0].name, c.x0, c.x1)
        if c.row == 0:
            out.append(c)
    left = min(b.x0 for b in below)
    if not any(c.x1 <= left for c in out):  # values under header words not known as columns
        out.insert(0, Column("_", 0.0, max(left - 6, 0.0)))
    return out


def _page_items(
    page: PageTokens,
    body: list[list[Token]],
    cols: Sequence[Column],
    conv: Conventions,
    items: list[dict[str, Any]],
    started: bool,
) -> None:
    groups: list[list[dict[str, list[Token]]]] = []
    below = _second_row(cols)
    for row in body:
        cells = _cells(row, cols)
        if _starts_item(cells, conv) or (not groups and _item([cells], conv, page.page)):
            groups.append([cells])
        elif groups:
            groups[-1].append(_cells(row, below) if below else cells)
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
    headed = False
    for page in pages:
        body, cols, ended = _table_rows(page, cols, extra_columns)
        headed = headed or cols is not None
        if cols is not None and body:
            _page_items(page, body, cols, conv, items, started=False)
        if ended:
            cols = None
    if not headed and kind != "claim":
        for page in pages:
            _headerless_items(page, conv, items)
    if not items and kind != "claim":  # no table at all: items printed as records?
        from extractors.record_lines import record_items

        items = record_items(pages, conv)
    return [i for i in without_totals_rows(items) if i["description"] or _counted(i)]


def _priced_numbers(
    row: Sequence[Token], conv: Conventions
) -> tuple[list[Token], list[Token], list[Token], list[Token]] | None:
    """Return (quantity, unit price, amount, rate) tokens of a row whose numbers multiply out.

    The amount is the row's right-most number; a quantity and a price left of it, in that
    order, make it (q x p = a); a number followed by "%" is a rate, not one of them.
    """
    spans = merge_numbers(row)
    nums: list[tuple[Decimal, list[Token]]] = []
    rate: list[Token] = []
    for k, (text, toks) in enumerate(spans):
        if not re.search(r"\d", text) or parse_date(text, day_first=conv.day_first):
            continue
        pct = text.endswith("%") or (k + 1 < len(spans) and spans[k + 1][0] == "%")
        if pct:
            rate = toks + ([spans[k + 1][1][0]] if not text.endswith("%") else [])
            continue
        value = parse_amount(text, decimal=conv.decimal)
        if value is not None:
            nums.append((value, toks))
    if len(nums) < 3:
        return None
    a, a_toks = nums[-1]
    for i in range(len(nums) - 2, 0, -1):
        for j in range(i - 1, -1, -1):
            q, p = nums[j][0], nums[i][0]
            if a and _close(q, p, a):
                return nums[j][1], nums[i][1], a_toks, rate
    return None


def _code_like(text: str) -> bool:
    """Return whether a word is an article code ("MNT-1930", "4012345045654")."""
    return any(ch.isdigit() for ch in text) and not any(ch.islower() for ch in text)


def _headerless_items(page: PageTokens, conv: Conventions, items: list[dict[str, Any]]) -> None:
    """Read a table printed without a header row from its arithmetic.

    Rows whose numbers multiply out (quantity x price = amount) with their amounts
    right-aligned in one column are the items; the columns are laid where those rows
    print their numbers, and the table is then read as under a header (wrapped text
    and attribute rows included). Two such rows at least: one could be chance.
    """
    rows = visual_rows([t for t in page.tokens if not _vertical(t)])
    found = [(i, r, got) for i, r in enumerate(rows) if (got := _priced_numbers(r, conv))]
    if len(found) < 2:
        return
    # the items' amounts are right-aligned in one column: keep the largest such group
    groups: list[list[tuple[int, list[Token], tuple]]] = []
    for f in found:
        x1 = f[2][2][-1].x1
        for g in groups:
            if abs(g[0][2][2][-1].x1 - x1) < 6:
                g.append(f)
                break
        else:
            groups.append([f])
    best = max(groups, key=len)
    if len(best) < 2:
        return

    def extent(kind: int) -> tuple[float, float]:
        toks = [t for _, _, got in best for t in got[kind]]
        return min(t.x0 for t in toks), max(t.x1 for t in toks)

    q0, q1 = extent(0)
    p0, p1 = extent(1)
    a0, a1 = extent(2)
    cols = [Column("quantity", q0, q1), Column("unit_price", p0, p1), Column("amount", a0, a1)]
    if all(got[3] for _, _, got in best):
        r0, r1 = extent(3)
        cols.append(Column("tax_rate", r0, r1))
    # left of the numbers: a position number, an article code, then the description
    starts, pos, sku = [], [], []
    for _, row, _got in best:
        left = [t for t in row if t.x1 <= q0 - 1]
        k = 0
        if left and left[0].text.rstrip(".").isdigit() and len(left) > 1:
            pos.append(left[0])
            k = 1
        if k < len(left) - 1 and _code_like(left[k].text):
            sku.append(left[k])
            k += 1
        if k < len(left):
            starts.append(left[k].x0)
    if not starts:
        return
    d0 = sorted(starts)[len(starts) // 2]
    # an article code printed between the description and the quantity, in every item
    right = [max((t for t in row if t.x1 <= q0 - 1), key=lambda t: t.x0, default=None)
             for _, row, _got in best]  # fmt: skip
    if all(t is not None and _code_like(t.text) and t.x0 > d0 for t in right) and not sku:
        sku = [t for t in right if t is not None]
        if max(t.x0 for t in sku) - min(t.x0 for t in sku) > 6:
            sku = []
    if len(pos) == len(best):
        cols.append(Column("pos", min(t.x0 for t in pos), max(t.x1 for t in pos)))
    if len(sku) == len(best):
        cols.append(Column("sku", min(t.x0 for t in sku), max(t.x1 for t in sku)))
    cols.append(Column("description", d0, d0 + 1))
    cols.sort(key=lambda c: c.x0)
    first, last = best[0][0], best[-1][0]
    body = list(rows[first : last + 1])
    for row in rows[last + 1 :]:  # the last item's wrapped text and attribute rows
        gap = row[0].top - body[-1][0].bottom
        if _is_totals(row) or _is_footer(row) or gap > 1.5 * (row[0].bottom - row[0].top):
            break
        body.append(row)
    _page_items(page, body, cols, conv, items, started=False)


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


def _counted(item: dict[str, Any]) -> bool:
    """Return whether a row without a description still reads as an item (quantity and
    amount); numbers alone (a tax breakdown below the table) do not."""
    return item.get("quantity") is not None and item.get("amount") is not None


def _priced(item: dict[str, Any]) -> bool:
    """Return whether the row's quantity times unit price gives its amount (an item)."""
    q, p, a = (item.get(k) for k in ("quantity", "unit_price", "amount"))
    if q is None or p is None or a is None:
        return False
    return abs(Decimal(q) * Decimal(p) - Decimal(a)) <= Decimal("0.01") + abs(Decimal(a)) / 10000
