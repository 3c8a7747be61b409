"""Invoices in Dutch, Italian and Spanish are read like the German, English and French ones.

Grammar layouts (``devkit.synth.grammar``) print the labels a vendor in these languages
uses ("Uw referentie", "Vs. ordine", "Forma de pago", "Valuta", "Importe neto", dates as
"17 de febrero de 2026"); amounts often carry no currency symbol, the code standing in
the meta block or after the total's label ("Totale documento EUR").
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from devkit.synth import invoice_fields, random_invoice, render
from devkit.synth.grammar import design, names
from extractors import extract_file
from extractors.labels import match_labels
from extractors.parse import parse_date


def _layouts() -> list[str]:
    """Return, per language, the first training designs printing the currency code (no
    symbol) in the meta block and after the total, with a table header."""
    out = []
    for language in ("nl", "it", "es"):
        for where in ("meta", "totals"):
            out.append(
                next(
                    n
                    for n in names("train", 200)
                    if (d := design(n)).language == language
                    and not d.symbol
                    and d.currency_at == where
                    and d.head
                )
            )
    return out


@pytest.mark.parametrize("layout", _layouts())
def test_header_fields_and_lines_are_read(tmp_path: Path, layout: str) -> None:
    spec = random_invoice(random.Random(layout), layout, name="six", n_lines=3, seq=7)
    path = tmp_path / "six.pdf"
    path.write_bytes(render(spec))
    got = extract_file(path, templates=[])
    truth = invoice_fields(spec)
    for name in ("invoice_number", "invoice_date", "due_date", "po_number", "currency", "total"):
        value = (got["fields"].get(name) or {}).get("value")
        assert value == truth[name], (design(layout).language, name, value, truth[name])
    assert "payment_terms" in got["fields"], got["fields"].keys()
    prices = [ln.get("unit_price") for ln in got["lines"]]
    assert len(prices) == len(spec.lines) and all(prices), got["lines"]
    assert Decimal(got["lines"][0]["amount"]) == spec.lines[0].amount


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Uw referentie: 4500012386", "po_number"),
        ("Uw kenmerk: 4500012386", "po_number"),
        ("Vs. ordine: 4500012386", "po_number"),
        ("Rif. ordine 4500012386", "po_number"),
        ("Su pedido: 4500012386", "po_number"),
        ("Betalingsvoorwaarden: 30 dagen netto", "payment_terms"),
        ("Condizioni di pagamento: 30 gg d.f.", "payment_terms"),
        ("Forma de pago: transferencia a 30 días", "payment_terms"),
        ("Valuta: EUR", "currency"),
        ("Divisa: EUR", "currency"),
        ("Moneda: EUR", "currency"),
        ("Totale netto 75,00", "subtotal"),
        ("Netto a pagare 91,50", "total"),
        ("Base imponible 75,00", "subtotal"),
        ("Cuota IVA 15,75", "tax_amount"),
        ("Fecha de expedición 17/02/2026", "invoice_date"),
        ("Intestatario", "customer_name"),
    ],
)
def test_label_wordings_of_nl_it_es(text: str, field: str) -> None:
    assert field in {h[0] for h in match_labels(text) if h[1] == 0}, match_labels(text)


@pytest.mark.parametrize(
    "text", ["Data consegna 06/04/2026", "Fecha de entrega 06/04/2026", "Date de livraison 6/4"]
)
def test_a_delivery_date_is_not_the_invoice_date(text: str) -> None:
    assert "invoice_date" not in {h[0] for h in match_labels(text)}


@pytest.mark.parametrize(
    ("text", "iso"),
    [("17 de febrero de 2026", "2026-02-17"), ("8 aprile 2026", "2026-04-08"),
     ("3 maart 2026", "2026-03-03"), ("1º marzo 2026", "2026-03-01")],
)  # fmt: skip
def test_month_names_of_nl_it_es(text: str, iso: str) -> None:
    got = parse_date(text)
    assert got is not None and got.isoformat() == iso
