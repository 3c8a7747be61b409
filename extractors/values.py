"""Typed values read from a run of tokens: ids, dates, amounts, names, IBANs, VAT IDs.

Each reader takes the tokens where a value may stand (after a label, right of
it or below it) and returns ``(value, tokens used)`` in the contract's format,
or None when no value of that type is there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from extractors.parse import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    Conventions,
    format_decimal,
    normalise_text,
    parse_amount,
    parse_date,
    parse_iban,
    parse_vat_id,
)
from extractors.tokens import Token

Reader = Callable[[Sequence[Token], Conventions], tuple[str, list[Token]] | None]
_GROUP = re.compile(r"^[-(]?\d{1,3}$")
_TAIL = re.compile(r"^\d{3}(?:[.,]\d{1,2})?\)?-?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/._#]*[A-Za-z0-9]$|^\d+$")


def merge_numbers(tokens: Sequence[Token]) -> list[tuple[str, list[Token]]]:
    """Return token texts with French/Swiss digit groups ("1 234,56") joined back."""
    out: list[tuple[str, list[Token]]] = []
    for t in tokens:
        if out and _TAIL.match(t.text) and _GROUP.match(out[-1][0].replace(" ", "").split(" ")[-1]):
            prev_text, prev_toks = out[-1]
            gap = t.x0 - prev_toks[-1].x1
            if gap < 0.6 * (t.bottom - t.top) and re.fullmatch(
                r"[-(]?\d{1,3}(?: \d{3})*", prev_text
            ):
                out[-1] = (prev_text + " " + t.text, [*prev_toks, t])
                continue
        out.append((t.text, [t]))
    return out


def read_amount(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return the right-most amount (percentages and bare rates skipped)."""
    best = None
    for text, toks in merge_numbers(tokens):
        if "%" in text or not re.search(r"\d", text):
            continue
        value = parse_amount(text, decimal=conv.decimal)
        if value is None or parse_date(text, day_first=conv.day_first):
            continue
        best = (format_decimal(value), toks)
    return best


def read_date(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return the first date among the first few tokens (dates may span 5 tokens: "3 de
    mayo de 2024")."""
    for start in range(min(len(tokens), 3)):
        for width in (5, 4, 3, 2, 1):
            window = list(tokens[start : start + width])
            if len(window) < width:
                continue
            value = parse_date(" ".join(t.text for t in window), day_first=conv.day_first)
            if value:
                return value.isoformat(), window
    return None


def read_id(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return the first id-like token: has a digit, no spaces, not a date."""
    for t in tokens[:3]:
        text = t.text.strip(":;,")
        if text.startswith("#"):
            text = text[1:]
        is_id = len(text) >= 2 and re.search(r"\d", text) and _ID.match(text)
        if is_id and parse_date(text, day_first=conv.day_first) is None:
            return text, [t]
    return None


def read_text(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return the tokens' text, whitespace-normalised."""
    toks = [t for t in tokens if t.text.strip(":")]
    if not toks:
        return None
    return normalise_text(" ".join(t.text for t in toks)), toks


def read_name(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return a party name: text with letters, not a number or a date."""
    got = read_text(tokens, conv)
    if not got or sum(ch.isalpha() for ch in got[0]) < 2:
        return None
    return got


def _joined(
    tokens: Sequence[Token], parse: Callable[[str], str | None], max_tokens: int
) -> tuple[str, list[Token]] | None:
    best = None
    for start in range(min(len(tokens), 3)):
        for end in range(start + 1, min(len(tokens), start + max_tokens) + 1):
            window = list(tokens[start:end])
            value = parse(" ".join(t.text for t in window))
            if value:
                best = (value, window)
        if best:
            return best
    return None


def read_iban(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return a checksum-valid IBAN spread over up to 9 tokens."""
    return _joined(tokens, parse_iban, 9)


def read_vat(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return a valid VAT ID / UID spread over up to 4 tokens."""
    return _joined(tokens, parse_vat_id, 4)


def read_tax_id(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return a VAT ID, or (only after a tax-id label) a US EIN."""
    return _joined(tokens, lambda s: parse_vat_id(s, us_ein=True, checksum=False), 4)


def read_currency(tokens: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    """Return an ISO currency code named or symbolised in the tokens."""
    for t in tokens[:4]:
        code = currency_of(t.text)
        if code:
            return code, [t]
    return None


def currency_of(text: str) -> str | None:
    """Return the ISO code for a currency code or symbol token."""
    if text[:1].isdigit() and text[-1:].isdigit():
        return None  # a number, the most common token by far
    s = text.strip(":;,.()")
    if s.upper() in CURRENCY_CODES:
        return s.upper()
    for sym, code in CURRENCY_SYMBOLS.items():
        if sym[0].isalpha():  # "CHF", "Fr.", "zł" only as whole tokens
            if s == sym.strip(".") or text == sym:
                return code
        elif sym in text:
            return code
    return None


READERS: dict[str, Reader] = {
    "invoice_number": read_id,
    "po_number": read_id,
    "claim_number": read_id,
    "policy_number": read_id,
    "invoice_date": read_date,
    "due_date": read_date,
    "service_date": read_date,
    # read, not reported: their labels are not taken for the invoice's date and number
    "delivery_date": read_date,
    "customer_number": read_id,
    "subtotal": read_amount,
    "tax_amount": read_amount,
    "total": read_amount,
    "total_claimed": read_amount,
    "vendor_tax_id": read_tax_id,
    "customer_tax_id": read_tax_id,
    "vendor_iban": read_iban,
    "payment_terms": read_text,
    "currency": read_currency,
    "customer_name": read_name,
    "claimant_name": read_name,
    "provider_name": read_name,
}
AMOUNT_FIELDS = {"subtotal", "tax_amount", "total", "total_claimed"}


def amount_value(text: str) -> Decimal:
    """Return a contract decimal string as Decimal."""
    return Decimal(text)
