"""Align truth field values to the layout tokens that print them (BIO labels).

Truth values are normalised (``"1234.56"``, ``"2026-03-14"``); the page prints them
its own way (``"1.234,56 €"``, ``"14.03.2026"``). Both sides are normalised by the
field's type and compared; when a value is printed more than once, the occurrence
next to a label word for that field wins (``Total``, ``Rechnungsnr.`` ...), else the
first one (the last one for totals, which sit at the bottom). A ``bbox`` in the
truth, when present, is used first: it says exactly where the value is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from bursar.contract import HEADER_FIELDS
from extractors.parse import parse_amount, parse_date
from extractors.tokens import PageTokens, Token
from extractors.values import currency_of

FIELDS: tuple[str, ...] = HEADER_FIELDS
LABELS: tuple[str, ...] = ("O",) + tuple(f"{p}-{f}" for f in FIELDS for p in ("B", "I"))

DATE_FIELDS = {"invoice_date", "due_date", "service_date"}
AMOUNT_FIELDS = {"subtotal", "tax_amount", "total", "total_claimed"}
ID_FIELDS = {"vendor_tax_id", "vendor_iban", "invoice_number", "po_number", "claim_number",
             "policy_number"}  # fmt: skip
LAST_FIRST = {"total", "total_claimed"}
KEYWORDS: dict[str, tuple[str, ...]] = {
    "invoice_number": ("invoice", "rechnung", "facture", "no", "nr", "number", "n°"),
    "invoice_date": ("date", "datum", "invoice", "rechnungsdatum"),
    "due_date": ("due", "fällig", "faellig", "échéance", "zahlbar", "payable"),
    "po_number": ("po", "order", "bestell", "commande", "purchase"),
    "subtotal": ("subtotal", "net", "netto", "ht", "zwischensumme"),
    "tax_amount": ("tax", "vat", "mwst", "ust", "tva", "steuer"),
    "total": ("total", "gesamt", "ttc", "amount", "due", "summe", "brutto"),
    "total_claimed": ("total", "claimed", "amount", "gesamt"),
    "vendor_tax_id": ("vat", "tax", "ust", "tva", "steuer"),
    "vendor_iban": ("iban",),
    "payment_terms": ("terms", "payment", "zahlungs", "conditions", "bedingungen"),
    "claim_number": ("claim", "no", "nr", "number"),
    "policy_number": ("policy", "police", "no", "nr"),
    "service_date": ("service", "date", "datum"),
}


def fold(text: str) -> str:
    """Return text case-folded, whitespace-collapsed, trimmed of edge punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split()).strip(" .,:;#()[]")


def normalise(field: str, text: str) -> str | None:
    """Return a comparable form of ``text`` for ``field`` (None when it cannot be one)."""
    if field in DATE_FIELDS:
        d = parse_date(text)
        return d.isoformat() if d else None
    if field in AMOUNT_FIELDS:
        a = parse_amount(text)
        return None if a is None else str(a.normalize())
    if field == "currency":  # only a code or sign on its own, not "$86.00"
        t = text.strip()
        return (currency_of(t) or t.upper()) if 0 < len(t) <= 4 else None
    if field in ID_FIELDS:
        return re.sub(r"[\s\-./]", "", text).upper() or None
    return fold(text) or None


def _candidates(tokens: Sequence[Token], n: int) -> list[tuple[int, int]]:
    """Return spans ``[i, i+n)`` of tokens on one line (the same text line)."""
    out = []
    for i in range(len(tokens) - n + 1):
        span = tokens[i : i + n]
        if all(t.page == span[0].page and abs(t.cy - span[0].cy) < 4 for t in span):
            out.append((i, i + n))
    return out


def _near_keyword(tokens: Sequence[Token], start: int, field: str) -> bool:
    words = KEYWORDS.get(field, ())
    if not words:
        return False
    head = tokens[start]
    for t in tokens[max(0, start - 6) : start]:
        same_line = abs(t.cy - head.cy) < 4 and t.x1 <= head.x0 + 1
        above = 0 < head.top - t.bottom < 20 and abs(t.x0 - head.x0) < 60
        if (same_line or above) and any(w in fold(t.text) for w in words):
            return True
    return False


def find_span(tokens: Sequence[Token], field: str, value: str) -> tuple[int, int] | None:
    """Return the token span printing ``value`` for ``field``, or None when not found."""
    target = normalise(field, str(value))
    if target is None:
        return None
    n_words = max(1, len(str(value).split()))
    if field in ID_FIELDS:  # printed in groups: "DE89 3704 0044 0532 0130 00"
        n_words = max(n_words, len(str(value)) // 4 + 1)
    hits: list[tuple[int, int]] = []
    for n in range(1, n_words + 4):
        for i, j in _candidates(tokens, n):
            if normalise(field, " ".join(t.text for t in tokens[i:j])) == target:
                hits.append((i, j))
        if hits:
            break
    if not hits:
        return None
    keyed = [h for h in hits if _near_keyword(tokens, h[0], field)]
    pool = keyed or hits
    return pool[-1] if field in LAST_FIRST else pool[0]


def _span_from_bbox(tokens: Sequence[Token], page: int, box: Sequence[float]) -> tuple[int, int]:
    x0, top, x1, bottom = box
    inside = [
        i
        for i, t in enumerate(tokens)
        if t.page == page and x0 - 2 <= t.cx <= x1 + 2 and top - 2 <= t.cy <= bottom + 2
    ]
    if not inside or inside[-1] - inside[0] + 1 != len(inside):
        return (-1, -1)
    return (inside[0], inside[-1] + 1)


def reading_order(pages: Sequence[PageTokens]) -> list[tuple[int, int]]:
    """Return ``(page_index, token_index)`` pairs in reading order (line, then x)."""
    order = []
    for p, page in enumerate(pages):
        idx = sorted(
            range(len(page.tokens)),
            key=lambda i: (page.tokens[i].line, round(page.tokens[i].top / 3), page.tokens[i].x0),
        )
        order.extend((p, i) for i in idx)
    return order


def _free(labels: list[str], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Return ``span`` without edge tokens another field took ("€" after an amount), or None."""
    if span is None:
        return None
    start, end = span
    while start < end and labels[start] != "O":
        start += 1
    while end > start and labels[end - 1] != "O":
        end -= 1
    if start == end or any(labels[k] != "O" for k in range(start, end)):
        return None
    return (start, end)


def bio_labels(tokens: Sequence[Token], fields: Mapping[str, object]) -> list[str]:
    """Return one BIO label per token for the truth ``fields`` (contract 4.1 ``fields``)."""
    labels = ["O"] * len(tokens)
    for name in FIELDS:
        entry = fields.get(name)
        value = entry.get("value") if isinstance(entry, Mapping) else entry
        if value in (None, ""):
            continue
        span = None
        if isinstance(entry, Mapping) and entry.get("bbox") and entry.get("page"):
            span = _span_from_bbox(tokens, int(entry["page"]), entry["bbox"])
            span = span if span[0] >= 0 else None
        span = _free(labels, span or find_span(tokens, name, str(value)))
        if span is None:
            continue
        labels[span[0]] = f"B-{name}"
        for k in range(span[0] + 1, span[1]):
            labels[k] = f"I-{name}"
    return labels
