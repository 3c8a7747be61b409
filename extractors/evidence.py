"""What the page itself prints, for the rules to check the chosen fields against (issue 22).

The field extractor picks one value per field; a bank account or total it did not pick
(or picked wrongly) must still be seen by the rules. ``page_evidence`` scans every row
of every page, independent of the fields, for:

- ``ibans``: every IBAN-shaped string that passes mod-97 and its country's length,
  written compact or in groups of four;
- ``amounts``: every amount printed, as absolute contract decimals, in each reading
  (``1.000`` is both 1000 and 1.000 until the document says which);
- ``payable``: amounts printed next to a gross / payable label ("Bruttosumme",
  "Zahlbetrag", "Amount due", "Total TTC", ...), each with its label and page.

Pure: a function of the page tokens only. The pipeline keeps the result in the
extraction under ``page_evidence`` (the contract allows extra top-level keys).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from extractors.parse import CURRENCY_CODES, format_decimal, parse_amount, parse_iban
from extractors.tokens import PageTokens, Token
from extractors.values import merge_numbers

MAX_AMOUNTS = 5000  # a page of numbers is a few hundred; a cap keeps a hostile file small

# Labels of the amount a customer pays (gross, after tax). Net and tax labels are not here.
_LABELS = (
    r"bruttosumme|bruttobetrag|bruttogesamtbetrag|gesamtbetrag brutto|gesamtsumme brutto|"
    r"summe brutto|gesamt brutto|brutto gesamt|rechnungsbetrag(?: brutto)?|"
    r"rechnungssumme brutto|endbetrag|zahlbetrag|zahlungsbetrag|zu zahlen(?:der betrag)?|"
    r"gesamtbetrag|gesamtsumme|(?:summe|gesamt|betrag|gesamtbetrag|rechnungsbetrag) "
    r"inkl\.? ?(?:ust|mwst|umsatzsteuer|mehrwertsteuer)\.?|"
    r"total due|amount due|balance due|amount payable|total payable|due payable|"
    r"grand total|gross total(?: amount)?|total gross|gross amount|invoice total|"
    r"total amount due|amount to pay|total incl\.? ?(?:vat|tax|gst)|"
    r"total including (?:vat|tax|gst)|"
    r"total ttc|montant ttc|net à payer|net a payer|total à payer|montant à payer|"
    r"te betalen|totaal incl\.? ?btw|totale da pagare|totale documento|totale fattura|"
    r"total a pagar|importe total|total factura"
)
# What may stand between a label and its amount: punctuation and a currency mark.
_MARKS = "|".join(sorted({c.lower() for c in CURRENCY_CODES} | {"€", r"\$", "£", "¥"}))
_FILLER = rf"[\s:()\[\]\-–.=*]*(?:(?:in )?(?:{_MARKS})[\s:()\[\].]*)?"
_PAYABLE = re.compile(rf"(?:^|(?<=[\s:(\[]))(?:{_LABELS}){_FILLER}$")
_IBAN_START = re.compile(r"[A-Z]{2}\d{2}")
_IBAN_RUN = re.compile(r"(?:[A-Z0-9]| (?=[A-Z0-9]))+")


def rows(page: PageTokens) -> list[list[Token]]:
    """Return the page's tokens as visual rows (top to bottom), each sorted left to right.

    A row is what a reader sees on one line across the whole page, columns included:
    a label and its amount far to the right are in one row even when the text layer
    gives them different line ids.
    """
    out: list[tuple[float, float, list[Token]]] = []
    for t in sorted(page.tokens, key=lambda t: (t.cy, t.x0)):
        half = max(t.bottom - t.top, 1.0) / 2
        if out and abs(t.cy - out[-1][0]) <= max(half, out[-1][1]):
            out[-1][2].append(t)
        else:
            out.append((t.cy, half, [t]))
    return [sorted(toks, key=lambda t: t.x0) for _, _, toks in out]


def ibans_in(text: str) -> list[str]:
    """Return the valid IBANs in a line of text (compact or in groups split by spaces)."""
    found: list[str] = []
    pos = 0
    while True:
        m = _IBAN_START.search(text, pos)
        if m is None:
            return found
        if m.start() and text[m.start() - 1].isalnum() and not text[: m.start()].endswith("IBAN"):
            pos = m.start() + 1  # inside a longer word or number
            continue
        run = _IBAN_RUN.match(text, m.start())
        chars = run.group(0) if run else ""
        best = None
        compact = chars.replace(" ", "")
        for n in range(min(len(compact), 34), 14, -1):  # longest valid prefix wins
            value = parse_iban(compact[:n])
            if value:
                best = value
                break
        if best:
            found.append(best)
            consumed, taken = 0, 0
            while taken < len(best) and consumed < len(chars):  # skip past the IBAN's characters
                taken += chars[consumed] != " "
                consumed += 1
            pos = m.start() + consumed
        else:
            pos = m.start() + 1


def _readings(text: str) -> set[Decimal]:
    if "%" in text or not re.search(r"\d", text):
        return set()
    out = set()
    for mark in (".", ","):
        value = parse_amount(text, decimal=mark)
        if value is not None:
            out.add(abs(value))
    return out


def _label(words: list[str]) -> str | None:
    """Return the payable label that ends ``words`` (the text before an amount), else None."""
    text = " ".join(" ".join(words).split())
    m = _PAYABLE.search(text.lower())
    return text[m.start() :].strip(" :") if m else None


def page_evidence(pages: Sequence[PageTokens]) -> dict[str, Any]:
    """Return the IBANs, amounts and payable amounts printed on the pages (plain JSON)."""
    ibans: list[str] = []
    amounts: set[Decimal] = set()
    payable: list[dict[str, Any]] = []
    for page in pages:
        for row in rows(page):
            for iban in ibans_in(" ".join(t.text for t in row)):
                if iban not in ibans:
                    ibans.append(iban)
            words: list[str] = []
            for text, _toks in merge_numbers(row):
                values = _readings(text)
                if not values:
                    words.append(text)
                    continue
                amounts.update(values)
                label = _label(words[-8:])
                if label:
                    payable.append(
                        {
                            "label": label,
                            "amount": format_decimal(min(values)),
                            "page": page.page,
                        }
                    )
                words = []
    listed = sorted(amounts)[:MAX_AMOUNTS]
    return {
        "ibans": ibans,
        "amounts": [format_decimal(a) for a in listed],
        "payable": payable,
    }
