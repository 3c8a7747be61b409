"""Candidates found without a label: letterhead vendor, stray IBANs and VAT IDs, currency.

These score lower than labelled candidates so a label wins when both exist.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from extractors.labels import match_labels
from extractors.layout import Line
from extractors.parse import Conventions, normalise_text
from extractors.tokens import PageTokens, Token, union_bbox
from extractors.values import (
    currency_of,
    merge_numbers,
    read_amount,
    read_date,
    read_iban,
    read_vat,
)

if TYPE_CHECKING:
    from extractors.fields import Candidate

TITLE_WORDS = re.compile(
    r"\b(invoice|tax invoice|bill|credit note|credit memo|rechnung|gutschrift|rechnungskorrektur|"
    r"facture|avoir|receipt|quittung|reçu|page|seite|copy|duplicate|kopie|copie|paid|bezahlt|"
    r"factuur|verkoopfactuur|creditnota|creditfactuur|pagina|kopie|betaald|"
    r"fattura|fattura di vendita|nota di credito|nota credito|copia|pagato|"
    r"factura|factura rectificativa|rectificativa|abono|nota de abono|página|pagado|"
    r"proforma|pro-forma|pro forma|"
    r"claim form|erstattungsantrag|demande de remboursement|purchase order)\b",
    re.IGNORECASE,
)
# a title's word printed alone ("CREDIT" and "MEMO" set apart in large type)
TITLE_ALONE = re.compile(r"^(?:credit|debit|memo|note|nota|abono|storno)$", re.IGNORECASE)
# Dotted forms end in "." (no word boundary after them); "1012 AB Amsterdam" is a Dutch
# postcode, not a Swedish company.
LEGAL_FORM = re.compile(
    r"(?<!\d )\b(gmbh|ag|kg|ohg|ug|e\.k\.|ltd\.?|limited|llc|inc\.?|corp\.?|plc|co\.|sarl|sas|sa|"
    r"s\.a\.|sàrl|bv|b\.v\.|nv|n\.v\.|v\.o\.f\.|vof|srl|s\.r\.l\.|s\.p\.a\.|spa|s\.n\.c\.|snc|"
    r"s\.a\.s\.|s\.l\.|s\.l\.u\.|slu|s\.a\.u\.|oy|ab|as)(?!\w)",
    re.IGNORECASE,
)


def _once(text: str) -> str:
    """Return a name printed twice on one line ("ACME GmbH ACME GmbH": logo and name) once."""
    words = text.split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _letterhead(page: PageTokens, lines: Sequence[Line], avoid_blocks: set[int]) -> list[Candidate]:
    from extractors.fields import Candidate

    scored: list[tuple[float, Line]] = []
    for ln in lines:
        text = normalise_text(ln.text)
        if (
            ln.top > 0.3 * page.height
            or ln.block in avoid_blocks
            or any(st == 0 for _, st, _, _ in match_labels(text))
        ):
            continue
        letters = sum(ch.isalpha() for ch in text)
        squeezed = text.replace(" ", "")  # OCR letter-spaces big titles: "F ACTURE"
        if letters < 3 or letters < 0.5 * len(squeezed):
            continue
        if (
            TITLE_WORDS.search(text)
            or TITLE_WORDS.fullmatch(squeezed.lower())
            or TITLE_ALONE.match(text)
        ):
            continue
        score = min(ln.height / 14.0, 1.5) + (0.6 if LEGAL_FORM.search(text) else 0.0)
        score += 0.5 * (1 - ln.top / (0.3 * page.height))
        scored.append((score, ln))
    scored.sort(key=lambda sl: -sl[0])
    # the runners-up stay as weaker candidates: when the best line turns out to be the
    # buyer's (its name in [company] or a buyer block), the next one is the vendor's
    return [
        Candidate(
            "vendor_name",
            _once(normalise_text(ln.text)),
            min(0.55 + 0.15 * score, 0.9) * (1.0 if rank == 0 else 0.8),
            page.page,
            union_bbox(ln.tokens),
            "layout:letterhead",
            ln.tokens,
            ln.block,
        )
        for rank, (score, ln) in enumerate(scored[:3])
    ]


_MONEY = re.compile(r"^[-(]?\d[\d.,' ]*[.,]\d{2}\)?-?$")
_IBAN_START = re.compile(r"^[A-Z]{2}\d{2}")
_ID_START = re.compile(r"^[A-Z]{2}[0-9A-Z]")


def _wrapped(t: Token, row: Sequence[Token], lines: Sequence[Line]) -> list[Token]:
    """Return the words that go on with ``t``'s cell on the next line: those of the line
    right below it from a word starting at the left edge of ``t`` or of its cell (the
    words left of it on its ``row`` without a wide gap: "IBAN: DE12 3456" / "7890 12")."""
    h = t.bottom - t.top
    edges = [t.x0]
    k = row.index(t) if t in row else 0
    while k > 0 and row[k].x0 - row[k - 1].x1 < 1.5 * h:
        k -= 1
        edges.append(row[k].x0)
    for ln in lines:
        for j, u in enumerate(ln.tokens):
            below = 0 <= u.top - t.bottom + 0.1 * h < 0.9 * h
            if below and any(abs(u.x0 - x) < 0.4 * h for x in edges):
                return list(ln.tokens[j:])
    return []


def _stray_ids(page: PageTokens, lines: Sequence[Line], conv: Conventions) -> list[Candidate]:
    from extractors.fields import Candidate

    out = []
    for ln in lines:
        toks = list(ln.tokens)
        for i, t in enumerate(toks):
            # An IBAN or VAT ID starts with a country code and has digits in its first
            # word ("DE89", "DE811907980", "CHE-123..."); "INVOICE" or "TOTAL" cannot be one.
            if not _ID_START.match(t.text) or not any(c.isdigit() for c in t.text):
                continue
            readers = [("vendor_iban", read_iban, 0.75)] if _IBAN_START.match(t.text) else []
            readers.append(("vendor_tax_id", read_vat, 0.6))
            for field, reader, score in readers:
                got = reader(toks[i:], conv)
                if field == "vendor_iban" and not (got and got[1][0] is t):
                    # an IBAN wrapped in a narrow cell goes on at the same left edge below
                    got = reader([*toks[i:], *_wrapped(t, toks, lines)], conv)
                if got and got[1][0] is t:
                    out.append(
                        Candidate(
                            field,
                            got[0],
                            score,
                            page.page,
                            union_bbox(got[1]),
                            "layout:pattern",
                            tuple(got[1]),
                            ln.block,
                        )
                    )
    return out


def _currency(page: PageTokens, lines: Sequence[Line]) -> Candidate | None:
    from extractors.fields import Candidate
    from extractors.values import AMOUNT_FIELDS

    seen: Counter[str] = Counter()
    first = {}
    toks = page.tokens
    # "Gesamtbetrag EUR", "Totale documento (EUR)": a code that ends an amount's label
    # names the currency of the amount, however far right that stands
    after_label = {
        id(ln.tokens[-1])
        for ln in lines
        if len(ln.tokens) > 1
        and any(f in AMOUNT_FIELDS and st == 0 for f, st, _, _ in match_labels(ln.text))
    }
    for i, t in enumerate(toks):
        code = currency_of(t.text)
        if not code:
            continue
        # A bare code counts only next to money ("EUR 12.00", "12,00 EUR"): "CAD" in
        # "1 CAD software" is a word. Symbols ("12,00 €", "$12.00") count double.
        near = [
            toks[j].text for j in (i - 1, i + 1) if 0 <= j < len(toks) and toks[j].line == t.line
        ]
        symbol = not t.text.strip(":;,.()").isalpha()
        if symbol or id(t) in after_label or any(_MONEY.match(x) for x in near):
            seen[code] += 2 if symbol or id(t) in after_label else 1
            first.setdefault(code, t)
    if not seen:
        return None
    code, n = seen.most_common(1)[0]
    t = first[code]
    conf = 0.9 if n >= 2 else 0.75
    return Candidate("currency", code, conf, page.page, t.bbox, "layout:symbol", (t,), t.block)


def _fallbacks(page: PageTokens, lines: Sequence[Line], conv: Conventions) -> list[Candidate]:
    """Return weak guesses: first date as invoice date, largest amount as total."""
    from extractors.fields import Candidate

    out = []
    for ln in lines:
        got = read_date(list(ln.tokens), conv)
        if got:
            out.append(
                Candidate(
                    "invoice_date",
                    got[0],
                    0.3,
                    page.page,
                    union_bbox(got[1]),
                    "layout:first-date",
                    tuple(got[1]),
                    ln.block,
                )
            )
            break
    # only printed money counts (cents shown): ids and PO numbers are digits too
    amounts = [
        (a, ln)
        for ln in lines
        if (a := read_amount(list(ln.tokens), conv)) and "." in a[0] and len(a[0]) < 13
    ]
    if amounts:
        (value, toks), ln = max(amounts, key=lambda a: abs(float(a[0][0])))
        out.append(
            Candidate(
                "total",
                value,
                0.25,
                page.page,
                union_bbox(toks),
                "layout:largest-amount",
                tuple(toks),
                ln.block,
            )
        )
    return out


def unlabelled(
    page: PageTokens, lines: Sequence[Line], conv: Conventions, found: Sequence[Candidate]
) -> list[Candidate]:
    """Return candidates that need no label, for one page."""
    from extractors.titles import title_candidates

    out = _stray_ids(page, lines, conv)
    out += title_candidates(page, lines, conv)
    cur = _currency(page, lines)
    if cur:
        out.append(cur)
    if page.page == 1:
        avoid = {c.block for c in found if c.field == "customer_name" and c.page == 1}
        vendors = _letterhead(page, lines, avoid)
        if vendors:
            out += vendors
            out += letterhead_as("provider_name", vendors[0])
        out += _fallbacks(page, lines, conv)
    return out


def letterhead_as(field: str, cand: Candidate | None) -> list[Candidate]:
    """Return the letterhead candidate relabelled (a claim's provider is its issuer)."""
    from dataclasses import replace

    return [replace(cand, field=field, score=cand.score * 0.8)] if cand else []


_CENTS = re.compile(r"\d[.,]\d{2}\b")  # printed money shows cents; ids and quantities do not


def from_line_items(
    pages: Sequence[PageTokens], conv: Conventions, lines: Sequence[dict]
) -> list[Candidate]:
    """Return subtotal, tax and total that the printed numbers prove, labels or not.

    A vendor may label its totals in words no vocabulary lists ("Warenwert", "Please
    remit"); the numbers still have to agree. The subtotal is a printed amount equal to
    the sum of the line items (the last such, below the table), and the tax and total
    are a later pair of printed amounts with subtotal + tax = total. Weak candidates
    (score 0.3): a label beats them, and ``choose`` gives them weight only because they
    add up.
    """
    from extractors.fields import Candidate
    from extractors.layout import page_lines
    from extractors.parse import format_decimal, parse_amount, parse_date

    amounts = [Decimal(str(x["amount"])) for x in lines if x.get("amount") not in (None, "")]
    if not amounts:
        return []
    total_of_lines = sum(amounts, Decimal(0))
    printed: list[tuple[Decimal, list, int, int]] = []  # value, tokens, page, block
    for page in pages:
        for ln in page_lines(page.tokens, page.page):
            for text, toks in merge_numbers(list(ln.tokens)):
                if "%" in text or not _CENTS.search(text):
                    continue
                value = parse_amount(text, decimal=conv.decimal)
                if value is None or parse_date(text, day_first=conv.day_first):
                    continue
                printed.append((value, toks, page.page, ln.block))
    subs = [k for k, p in enumerate(printed) if p[0] == total_of_lines]
    if not subs:
        return []

    def cand(field: str, k: int, source: str) -> Candidate:
        value, toks, page, block = printed[k]
        bbox = union_bbox(toks)
        return Candidate(field, format_decimal(value), 0.3, page, bbox, source, tuple(toks), block)

    # Without tax the total prints the subtotal again: try the later occurrences last.
    for s in reversed(subs):
        pair = None
        for t in range(s + 1, len(printed)):
            for g in range(t + 1, len(printed)):
                if printed[g][0] == total_of_lines + printed[t][0]:
                    pair = (t, g)
        if pair:
            return [
                cand("subtotal", s, "layout:lines-sum"),
                cand("tax_amount", pair[0], "layout:sum-check"),
                cand("total", pair[1], "layout:sum-check"),
            ]
    return [cand("subtotal", subs[-1], "layout:lines-sum")]
