"""A layout grammar: invoice designs drawn from a seeded RNG instead of ten fixed layouts.

A ``Design`` says where the seller, buyer and meta blocks sit, how the meta block is
drawn, which wording of every label in which of six languages, the line table's columns,
order, header and rules, the rows under each item (article no, GTIN, delivery note, list
price and discount), whether an invoice mixes tax rates and how the tax is summed up,
where bank data and VAT ids go, fonts and sizes. ``compose.py`` draws it.

A design is named ``grammar-<split>-NNNN`` and drawn from that name alone, so every
reader (renderer, truth, benchmark) gets the same design, and no held-out design can
ever be a training design: the two splits are different names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from functools import lru_cache

from devkit.synth.model import Locale
from devkit.synth.wording import LABELS, LOCALES

PREFIX = "grammar-"
SPLITS = ("train", "heldout")

# Vendors of each language; the language is drawn first, so all six are equally common.
LANGUAGE_LOCALES = {
    "en": ("en-GB", "en-US", "en-IE"),
    "de": ("de-DE", "de-AT", "de-CH"),
    "fr": ("fr-FR", "fr-BE"),
    "nl": ("nl-NL",),
    "it": ("it-IT",),
    "es": ("es-ES",),
}
# Date styles a vendor of the language may print, besides its locale's own.
DATE_STYLES = {
    "en": ("iso", "long"),
    "de": ("dmy_dot", "long", "iso"),
    "fr": ("dmy_slash", "long"),
    "nl": ("dmy_dash", "long", "dmy_slash"),
    "it": ("dmy_slash", "long", "dmy_dot"),
    "es": ("dmy_slash", "long"),
}
FONTS = (
    ("Helvetica", "Helvetica-Bold"),
    ("Times-Roman", "Times-Bold"),
    ("Courier", "Courier-Bold"),
)


@dataclass(frozen=True)
class Design:
    """One drawn invoice layout (the grammar's counterpart of ``layouts.Layout``)."""

    name: str
    split: str  # "train" | "heldout"
    locale: Locale  # the vendor's language, numbers, dates (date style may differ)
    font: str
    bold: str
    size: float
    seller: str  # top_left | top_right | top_center | band | logo | side
    buyer: str  # window_left | window_right
    sender_line: bool  # small return address above the address window
    buyer_label: bool  # "Bill to" above the buyer
    meta: str  # table | stacked | inline | boxes | two_column | kv_grid
    meta_at: str  # beside (the buyer) | below (the addresses) | side (the seller column)
    meta_extra: tuple[str, ...]  # customer_no, delivery_date: printed, not truth
    meta_order: tuple[int, ...]  # a permutation of the meta items
    title_at: str  # top | above_table
    title_size: float
    wording: tuple[tuple[str, int], ...]  # label key -> wording index
    columns: tuple[str, ...]
    head: bool  # the line table has a header row
    table: str  # grid | rules | zebra | none
    qty_unit: bool  # unit printed in the quantity cell ("5 EA")
    details: tuple[str, ...]  # rows under an item: sku | gtin | delivery
    multiline: bool  # long descriptions that wrap
    mixed_rates: bool  # lines at several tax rates
    discounts: bool  # some lines at a discount from list price
    charge: str  # "" | freight | packaging: a charge line at the end
    tax_summary: str  # rows | table (rate, base, tax per rate beside the totals)
    totals_box: bool
    currency_at: str  # meta | totals (the code, when amounts carry no symbol)
    symbol: bool  # currency symbol on amounts
    ids_at: str  # header | footer: where the vendor's VAT id is printed
    bank: str  # header | totals | footer: where the IBAN is printed
    bic: bool
    footer: str  # line | columns
    contact: bool  # phone and e-mail with the seller's address
    kind: str = "invoice"
    labels: int = 0  # wording of the payment terms sentence (as ``Layout.labels``)

    @property
    def language(self) -> str:
        return self.locale.language

    def word(self, key: str) -> int:
        """Return the wording index of label ``key``."""
        return dict(self.wording).get(key, 0)


def is_grammar(name: str) -> bool:
    """Return True when ``name`` names a grammar design rather than a fixed layout."""
    return name.startswith(PREFIX)


def names(split: str, count: int) -> list[str]:
    """Return the names of the first ``count`` designs of ``split``."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    return [f"{PREFIX}{split}-{k:04d}" for k in range(count)]


@lru_cache(maxsize=4096)
def design(name: str) -> Design:
    """Return the design named ``name`` (drawn from the name; same name, same design)."""
    split = name.removeprefix(PREFIX).rsplit("-", 1)[0]
    if not is_grammar(name) or split not in SPLITS:
        raise KeyError(f"not a grammar layout name: {name!r}")
    return draw(random.Random(f"bursar-grammar/{name}"), name, split)


def draw(rng: random.Random, name: str, split: str) -> Design:
    """Return a design drawn from ``rng``."""
    language = rng.choice(sorted(LANGUAGE_LOCALES))
    locale = LOCALES[rng.choice(LANGUAGE_LOCALES[language])]
    if rng.random() < 0.35:
        locale = replace(locale, date_style=rng.choice(DATE_STYLES[language]))
    font, bold = rng.choice(FONTS)
    seller = rng.choice(("top_left", "top_right", "top_center", "band", "logo", "side"))
    buyer = "window_left" if seller == "side" else rng.choice(("window_left", "window_right"))
    meta_at = rng.choice(("side", "below") if seller == "side" else ("beside", "beside", "below"))
    meta_modes = ("table", "stacked", "inline", "kv_grid")
    meta = rng.choice(meta_modes + (("boxes", "two_column") if meta_at == "below" else ()))
    if meta_at == "side":  # a narrow column: labels above values
        meta = "stacked"
    extra = tuple(k for k in ("customer_no", "delivery_date") if rng.random() < 0.5)
    n_meta = 4 + len(extra)
    order = list(range(n_meta))
    if rng.random() < 0.6:
        rng.shuffle(order)
    mixed = len(locale.tax_rates) > 1 and rng.random() < 0.6
    columns = _columns(rng, mixed)
    details = []
    if "sku" not in columns and rng.random() < 0.7:
        details.append("sku")
    details += [d for d, p in (("gtin", 0.3), ("delivery", 0.25)) if rng.random() < p]
    bank = rng.choice(("footer", "footer", "totals", "header"))
    if seller == "logo" and bank == "header":  # a logo letterhead prints no address lines
        bank = "footer"
    return Design(
        name=name,
        split=split,
        locale=locale,
        font=font,
        bold=bold,
        size=rng.choice((7.5, 8.0, 8.5, 9.0, 9.5, 10.0)) - (0.5 if font == "Courier" else 0),
        seller=seller,
        buyer=buyer,
        sender_line=rng.random() < 0.5,
        buyer_label=rng.random() < 0.6,
        meta=meta,
        meta_at=meta_at,
        meta_extra=extra,
        meta_order=tuple(order),
        title_at="above_table"
        if seller in ("top_center", "side")
        else rng.choice(("top", "top", "above_table")),
        title_size=rng.choice((13.0, 15.0, 18.0, 20.0)),
        wording=_wording(rng, language),
        columns=columns,
        head=rng.random() < 0.85,
        table=rng.choice(("grid", "rules", "rules", "zebra", "none")),
        qty_unit="unit" not in columns and rng.random() < 0.5,
        details=tuple(details),
        multiline=rng.random() < 0.4,
        mixed_rates=mixed,
        discounts=rng.random() < 0.25,
        charge=rng.choice(("", "", "freight", "packaging")),
        tax_summary=rng.choice(("rows", "table")),
        totals_box=rng.random() < 0.3,
        currency_at=rng.choice(("meta", "totals")),
        symbol=rng.random() < 0.5,
        ids_at="footer" if seller == "logo" else rng.choice(("header", "footer")),
        bank=bank,
        bic=rng.random() < 0.6,
        footer=rng.choice(("line", "columns")),
        contact=rng.random() < 0.5,
        labels=rng.randrange(3),
    )


def _columns(rng: random.Random, mixed: bool) -> tuple[str, ...]:
    """Return the line table's columns: description, quantity, unit price and amount always,
    the rest sometimes, in one of several orders."""
    lead = [c for c, p in (("pos", 0.5), ("po_line", 0.25)) if rng.random() < p]
    rng.shuffle(lead)
    ident = ["description"]
    if rng.random() < 0.55:
        ident.insert(rng.randrange(2), "sku")
    nums = ["quantity", "unit_price", "amount"]
    if rng.random() < 0.5:
        nums.insert(1, "unit")
    if rng.random() < 0.1:
        nums[0], nums[-2] = nums[-2], nums[0]  # price before quantity (and unit)
    if mixed or rng.random() < 0.35:
        nums.insert(len(nums) if rng.random() < 0.3 else len(nums) - 1, "tax_rate")
    return tuple(lead + ident + nums)


def _wording(rng: random.Random, language: str) -> tuple[tuple[str, int], ...]:
    """Return a wording index for every label of ``language``."""
    return tuple((key, rng.randrange(len(opts))) for key, opts in sorted(LABELS[language].items()))
