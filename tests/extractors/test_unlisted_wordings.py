"""Invoices whose totals are labelled in words the vocabulary does not list.

Real PDFs rendered by ``devkit.synth`` with ``wording=unlisted`` ("Warenwert",
"Please remit", "Reste dû"): the table must not swallow the totals block, the printed
numbers must still give subtotal, tax and total, and values the rules only guessed must
not be reported with the confidence of a labelled one.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from devkit.synth import INVOICE_LAYOUTS, invoice_fields, random_invoice, render
from extractors import extract_file
from extractors.lines import without_totals_rows


def _unlisted(tmp_path: Path, seed: int, layout: str, n_lines: int):
    spec = random_invoice(random.Random(seed), layout, name=f"u-{seed}", n_lines=n_lines)
    spec.extra["wording"] = "unlisted"
    path = tmp_path / f"u-{seed}.pdf"
    path.write_bytes(render(spec))
    return spec, extract_file(path, templates=[])


@pytest.mark.parametrize("layout", sorted(INVOICE_LAYOUTS))
def test_totals_under_unknown_labels_are_read_from_the_numbers(tmp_path, layout) -> None:
    spec, got = _unlisted(tmp_path, 31, layout, n_lines=4)
    truth = invoice_fields(spec)
    assert len(got["lines"]) == len(spec.lines), [ln["description"] for ln in got["lines"]]
    for name in ("subtotal", "tax_amount", "total"):
        field = got["fields"].get(name) or {}
        assert field.get("value") is not None, (name, got["fields"].keys())
        assert Decimal(field["value"]) == Decimal(truth[name]), (name, field)


def test_a_guess_is_not_reported_with_a_labels_confidence(tmp_path) -> None:
    # "Issued on" / "Ausgestellt am" are unknown: the invoice date is the first date on
    # the page, a guess; its confidence must stay below the auto-approval threshold.
    guessed = 0
    for seed, layout in enumerate(sorted(INVOICE_LAYOUTS)):
        _, got = _unlisted(tmp_path, 100 + seed, layout, n_lines=2)
        field = got["fields"].get("invoice_date") or {}
        if field.get("source") == "layout:first-date":
            guessed += 1
            assert field["confidence"] < 0.8, (layout, field)
    assert guessed >= 3  # the wordings do defeat the labels on several layouts


def test_only_a_trailing_block_that_adds_up_is_cut() -> None:
    def row(amount, qty=None, price=None):
        return {"amount": amount, "quantity": qty, "unit_price": price}

    items = [row("10.00", "1", "10.00"), row("5.00", "1", "5.00")]
    totals = [row("15.00"), row("2.85", qty="19"), row("17.85")]
    assert without_totals_rows(items + totals) == items
    # a flat fee equal to the lines above it, followed by priced items, is an item
    fee = [*items, row("15.00"), row("4.00", "2", "2.00")]
    assert without_totals_rows(fee) == fee
    # a row that does not equal the sum above it is not a subtotal
    assert without_totals_rows([*items, row("14.00"), row("17.85")]) == [
        *items, row("14.00"), row("17.85"),
    ]  # fmt: skip
