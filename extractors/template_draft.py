"""Draft a template from a document whose fields a person corrected.

For each corrected value, find where it is printed (the tokens whose text
parses to that value), then the words just left of it on the same row, or
just above it, as the anchor -- the vendor's own label. The draft is YAML a
finance user can read, fix and commit; ``bursar templates test`` checks it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bursar.contract import HEADER_FIELDS
from extractors.layout import Line, page_lines
from extractors.parse import Conventions
from extractors.tokens import PageTokens, Token

AMOUNT = r"(-?\d[\d.,' ]*\d)"
# Values whose shape varies from invoice to invoice get a generic pattern.
GENERIC = {
    "subtotal": AMOUNT,
    "tax_amount": AMOUNT,
    "total": AMOUNT,
    "total_claimed": AMOUNT,
    "currency": r"\b([A-Z]{3}|[€$£])",
    "vendor_name": None,
    "customer_name": None,
}


def _value_runs(line: Line) -> list[list[Token]]:
    toks = list(line.tokens)
    return [toks[i:j] for i in range(len(toks)) for j in range(i + 1, min(len(toks), i + 6) + 1)]


def locate(
    field: str, value: str, pages: Sequence[PageTokens], conv: Conventions
) -> tuple[Line, list[Token], list[Line]] | None:
    """Return (line, tokens, page lines) where ``value`` of ``field`` is printed."""
    from extractors.templates import typed

    for page in pages:
        lines = page_lines(page.tokens, page.page)
        for line in lines:
            for run in _value_runs(line):
                raw = " ".join(t.text for t in run)
                if typed(field, raw, conv) == value or " ".join(raw.split()) == value:
                    return line, run, lines
    return None


def _anchor(line: Line, run: list[Token], lines: Sequence[Line]) -> str | None:
    before = [t for t in line.tokens if t.x1 <= run[0].x0 + 0.5]
    if before:
        return " ".join(t.text for t in before[-3:]).strip(" :")
    left = [ln for ln in lines if abs(ln.cy - line.cy) < 0.5 * line.height and ln.x1 <= run[0].x0]
    if left:
        return max(left, key=lambda ln: ln.x1).text.strip(" :")
    above = [
        ln
        for ln in lines
        if 0 <= line.top - ln.bottom < 1.8 * line.height and ln.x0 - 3 <= run[0].x0 <= ln.x1
    ]
    if above:
        return min(above, key=lambda ln: line.top - ln.bottom).text.strip(" :")
    return None


def shape_regex(text: str) -> str:
    """Return a regex matching text of the same shape (letters, digits, separators)."""
    out = []
    for ch in text:
        if ch.isdigit():
            out.append(r"\d")
        elif ch.isalpha():
            out.append("[A-Za-z]" if not ch.isupper() else "[A-Z]")
        else:
            out.append(re.escape(ch))
    collapsed = re.sub(r"(\\d)+", lambda m: r"\d+", "".join(out))
    return re.sub(r"(\[A-Z\])+", "[A-Z]+", collapsed)


def draft(
    pages: Sequence[PageTokens],
    corrected: dict[str, Any],
    *,
    name: str,
    sample: str,
    conv: Conventions,
) -> dict[str, Any]:
    """Return a template dict (ready for YAML) from corrected field values."""
    values = {k: (v.get("value") if isinstance(v, dict) else v) for k, v in corrected.items()}
    values = {k: str(v) for k, v in values.items() if v is not None and k in HEADER_FIELDS}
    fields: dict[str, Any] = {}
    for field, value in values.items():
        found = locate(field, value, pages, conv)
        if not found:
            fields[field] = {"value": value}  # not printed as such: keep it constant
            continue
        line, run, lines = found
        anchor = _anchor(line, run, lines)
        raw = " ".join(t.text for t in run)
        regex = GENERIC.get(field) or f"({shape_regex(raw)})"
        fields[field] = {"anchor": anchor, "regex": regex} if anchor else {"value": value}
    issuer = [values[k] for k in ("vendor_name", "vendor_tax_id") if k in values][:2]
    return {
        "name": name,
        "version": 1,
        "issuer": issuer or [name],
        "options": {"decimal": conv.decimal, "date_order": "dmy" if conv.day_first else "mdy"},
        "fields": fields,
        "samples": [{"file": sample, "expected": values}],
    }
