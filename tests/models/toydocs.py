"""Small labelled documents made in memory (no PDFs, no other packages) for model tests."""

from __future__ import annotations

import random

from extractors.tokens import PageTokens, Token
from models.data import DocExample, GLExample

TITLES = {
    "invoice": "INVOICE",
    "credit_note": "CREDIT NOTE",
    "claim": "CLAIM FORM",
    "receipt": "RECEIPT",
    "purchase_order": "PURCHASE ORDER",
    "other": "LETTER",
}
VENDORS = ["Acme Tools GmbH", "Nordwind Logistics", "Blue River Foods", "Kappa Paper SA"]


def _line(words: list[str], x: float, top: float, page_line: int) -> list[Token]:
    out = []
    for w in words:
        width = 5.5 * len(w)
        out.append(Token(w, x, top, x + width, top + 9, page=1, line=page_line))
        x += width + 4
    return out


def make_doc(k: int, kind: str, split: str, layout: int) -> DocExample:
    """Return one synthetic document; ``layout`` moves the header blocks around."""
    rng = random.Random(k)
    vendor = rng.choice(VENDORS)
    number = f"INV-{rng.randint(1000, 9999)}"
    day = rng.randint(1, 28)
    total = f"{rng.randint(10, 9999)}.{rng.randint(0, 99):02d}"
    printed_total = total.replace(".", ",") if layout % 2 else total
    rows = [
        (vendor.split(), 40, 40),
        ([TITLES[kind]], 300, 40),
        (["Number:", number], 40 + 200 * (layout % 2), 90),
        (["Date:", f"{day:02d}.03.2026"], 40 + 200 * (layout % 2), 105),
        (["Item", "Widgets", "3"], 40, 200 + 10 * layout),
        (["Total", printed_total, "EUR"], 300, 400 - 20 * layout),
    ]
    if layout >= 2:
        rows.reverse()
    tokens: list[Token] = []
    for n, (words, x, top) in enumerate(rows):
        tokens += _line(words, x, top, n)
    fields = {}
    if kind in ("invoice", "credit_note"):
        fields = {
            "vendor_name": {"value": vendor},
            "invoice_number": {"value": number},
            "invoice_date": {"value": f"2026-03-{day:02d}"},
            "total": {"value": total},
            "currency": {"value": "EUR"},
        }
    page = PageTokens(page=1, width=595, height=842, tokens=tuple(tokens))
    return DocExample(f"d{k}", (page,), kind, fields, split, f"L{layout}")


def make_docs(n: int = 48) -> list[DocExample]:
    """Return ``n`` documents; layout 3 is held out, as the corpus does with unseen layouts."""
    kinds = list(TITLES)
    out = []
    for k in range(n):
        layout = k % 4
        out.append(
            make_doc(k, kinds[k % len(kinds)], "heldout" if layout == 3 else "train", layout)
        )
    return out


def make_gl_rows() -> list[GLExample]:
    """Return coded lines: the account follows a word in the description."""
    words = {"toner": "6815", "freight": "6740", "laptop": "0650", "coffee": "6640"}
    rows = []
    for k in range(60):
        word = list(words)[k % 4]
        rows.append(GLExample(f"{word} item {k}", f"V{k % 3}", words[word],
                              "heldout" if k % 5 == 4 else "train"))  # fmt: skip
    return rows


def one_page(words: list[str]) -> PageTokens:
    """Return a page holding ``words`` on one line."""
    return PageTokens(page=1, width=595, height=842, tokens=tuple(_line(words, 40, 60, 0)))
