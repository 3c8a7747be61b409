"""The document layouts: where header blocks sit, label wording, table style, fonts.

A vendor always prints with its own layout (as real vendors do), so a held-out
layout means held-out vendors: nothing of them is seen in training or tuning.
Besides these fixed layouts, any number of layouts can be drawn from the layout grammar
(``grammar.py``); ``layout_of`` finds either kind by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from devkit.synth.grammar import Design, design, is_grammar

ALL_COLUMNS = (
    "pos",
    "po_line",
    "sku",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "tax_rate",
    "amount",
)


@dataclass(frozen=True)
class Layout:
    """Parameters of one visual layout."""

    name: str
    kind: str  # "invoice" | "claim"
    split: str  # "train" | "heldout"
    font: str
    bold: str
    header: str  # invoices: left | right | center | band ; claims: form | letter
    meta: str  # table | stacked | inline | boxes
    table: str  # grid | rules | none | zebra
    columns: tuple[str, ...]
    labels: int  # which wording variant of every label
    bank: str  # footer | totals | header
    symbol: bool  # currency symbol on amounts (else the code is printed once)
    size: float = 8.5
    multiline: bool = False  # long descriptions that wrap onto a second line


def _L(name: str, split: str, font: str, *rest: object, **kw: object) -> Layout:  # noqa: N802
    bold = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
    return Layout(name, "invoice", split, font, bold[font], *rest, **kw)  # type: ignore[arg-type]


_STD = ("pos", "sku", "description", "quantity", "unit", "unit_price", "amount")

INVOICE_LAYOUTS: dict[str, Layout] = {
    lay.name: lay
    for lay in (
        _L("classic", "train", "Helvetica", "left", "table", "rules", _STD, 0, "footer", False),
        _L(
            "grid_de",
            "train",
            "Helvetica",
            "right",
            "stacked",
            "grid",
            (
                "pos",
                "po_line",
                "sku",
                "description",
                "quantity",
                "unit",
                "unit_price",
                "tax_rate",
                "amount",
            ),
            1,
            "footer",
            True,
            multiline=True,
        ),
        _L(
            "letterhead",
            "train",
            "Times-Roman",
            "center",
            "inline",
            "none",
            ("description", "quantity", "unit_price", "amount"),
            2,
            "totals",
            True,
            size=9.5,
        ),
        _L(
            "band",
            "train",
            "Helvetica",
            "band",
            "boxes",
            "zebra",
            ("sku", "description", "quantity", "unit", "unit_price", "tax_rate", "amount"),
            3,
            "footer",
            False,
            multiline=True,
        ),
        _L(
            "mono",
            "train",
            "Courier",
            "left",
            "inline",
            "rules",
            ("pos", "sku", "description", "quantity", "unit_price", "amount"),
            1,
            "header",
            False,
            size=8,
        ),
        _L(
            "compact",
            "train",
            "Helvetica",
            "right",
            "table",
            "none",
            ("po_line", "sku", "description", "quantity", "unit", "unit_price", "amount"),
            2,
            "totals",
            False,
            size=7.5,
        ),
        _L(
            "serif_grid",
            "train",
            "Times-Roman",
            "left",
            "boxes",
            "grid",
            ("pos", "description", "sku", "quantity", "unit", "unit_price", "tax_rate", "amount"),
            0,
            "totals",
            True,
            size=9,
            multiline=True,
        ),
        _L(
            "modern",
            "train",
            "Helvetica",
            "center",
            "stacked",
            "zebra",
            ("description", "sku", "quantity", "unit_price", "tax_rate", "amount"),
            3,
            "header",
            True,
        ),
        # Held out: never used to train or tune anything.
        _L(
            "ledger",
            "heldout",
            "Courier",
            "band",
            "table",
            "grid",
            ("pos", "po_line", "description", "quantity", "unit", "unit_price", "amount"),
            2,
            "footer",
            False,
            size=8,
        ),
        _L(
            "minimal",
            "heldout",
            "Times-Roman",
            "right",
            "inline",
            "rules",
            ("sku", "description", "quantity", "unit", "unit_price", "tax_rate", "amount"),
            3,
            "totals",
            True,
            multiline=True,
        ),
    )
}

CLAIM_LAYOUTS: dict[str, Layout] = {
    lay.name: lay
    for lay in (
        Layout(
            "claim_form",
            "claim",
            "train",
            "Helvetica",
            "Helvetica-Bold",
            "form",
            "boxes",
            "grid",
            ("service_date", "code", "description", "quantity", "unit_price", "amount"),
            0,
            "footer",
            False,
        ),
        Layout(
            "claim_letter",
            "claim",
            "train",
            "Times-Roman",
            "Times-Bold",
            "letter",
            "inline",
            "rules",
            ("service_date", "code", "description", "quantity", "unit_price", "amount"),
            0,
            "footer",
            True,
            size=9.5,
        ),
        Layout(
            "claim_mono",
            "claim",
            "heldout",
            "Courier",
            "Courier-Bold",
            "form",
            "table",
            "none",
            ("code", "service_date", "description", "quantity", "unit_price", "amount"),
            0,
            "footer",
            False,
            size=8,
        ),
    )
}

LAYOUTS: dict[str, Layout] = {**INVOICE_LAYOUTS, **CLAIM_LAYOUTS}

HELDOUT_LAYOUTS: tuple[str, ...] = tuple(n for n, lay in LAYOUTS.items() if lay.split == "heldout")
TRAIN_LAYOUTS: tuple[str, ...] = tuple(n for n, lay in LAYOUTS.items() if lay.split == "train")


def layout_of(name: str) -> Layout | Design:
    """Return the fixed layout or the grammar design (``grammar.py``) called ``name``."""
    return design(name) if is_grammar(name) else LAYOUTS[name]
