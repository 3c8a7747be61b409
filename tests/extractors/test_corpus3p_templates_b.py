"""The stumpsyn and reneweiser template families (issue 24): the vendored PHP view and
Handlebars template are filled completely, with every truth value in the page's text.

Checks the filled HTML (no Chromium needed); ``test_corpus3p`` checks printed samples.
"""

from __future__ import annotations

import pytest
from lxml import html

from devkit.corpus3p import build, templates_b, values


def _text(page: str) -> str:
    doc = html.fromstring(page)
    for el in doc.xpath("//style|//script"):
        el.getparent().remove(el)
    return " ".join(doc.text_content().split()).casefold()


@pytest.mark.parametrize("fam", ["stumpsyn", "reneweiser"])
def test_every_truth_value_is_filled_in_and_no_template_syntax_is_left(fam):
    fill, _paper, taxed = build.TEMPLATES[fam]
    for seed in range(12):
        inv = values.invoice(seed, taxed)
        page = fill(inv)
        assert "<?php" not in page and "{{" not in page and "}}" not in page
        assert "googleapis" not in page and "<img" not in page  # no network
        text = _text(page)
        truth = values.truth(inv, build.TEMPLATE_FIELDS[fam])
        for k, v in truth["fields"].items():
            assert build.on_page(k, v, text), (fam, seed, k, v)
        for ln in truth["lines"]:
            assert ln["description"].casefold() in text
            assert build.on_page("total", ln["amount"], text)


def test_stumpsyn_prints_its_tax_row_po_number_and_us_dates():
    inv = values.invoice(3, taxed=True)
    text = _text(templates_b.stumpsyn(inv))
    assert f"{inv.tax_rate:.2f}%" in text and money_in(inv.tax, text)
    assert f"po number: {inv.po_number}".casefold() in text
    assert f"invoice date: {inv.issued:%m/%d/%Y}" in text
    assert f"balance: {inv.symbol}{inv.total:,.2f}" in text


def test_reneweiser_writes_german_amounts_and_the_due_date_in_its_closing_text():
    inv = values.invoice(4)
    text = _text(templates_b.reneweiser(inv))
    total = f"{inv.total:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    assert f"rechnungsbetrag {total}" in text
    assert f"spätestens bis zum {inv.due:%d.%m.%Y}" in text
    assert f"rechnung nr.: {inv.number}".casefold() in text


def test_the_php_subset_refuses_what_it_does_not_render():
    php = templates_b._Php({"invoice": {}}, "$")
    with pytest.raises(ValueError, match="not rendered"):
        php.render("<p><?php echo strtoupper($invoice->x); ?></p>")
    with pytest.raises(ValueError, match="not rendered"):
        php.render("<?php while (true) { ?>x<?php } ?>")


def money_in(v, text: str) -> bool:
    return f"{v:,.2f}" in text
