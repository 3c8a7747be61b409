"""The Kimai DIN 5008 and Aerix Nota template families (issue 24): their templates are
walked without a template engine, every tag is filled, and the values land where the
template puts them. No Chromium needed: these read the HTML the builder would print."""

from __future__ import annotations

import re

import pytest
from lxml import html

from devkit.corpus3p import build, templates_a, values
from devkit.corpus3p.templates_a import Markup, Values, render


def _text(page: str) -> str:
    return " ".join(html.fromstring(page).text_content().split())


def test_the_reader_follows_if_else_and_loops_and_escapes_text():
    twig = "{# c #}{% set x = 1 %}{% if a %}A{% else %}B{% endif %}{% for r in rows %}" \
           "[{{ r.v }}]{% endfor %}{{ m|raw }}"  # fmt: skip
    vals = Values({"a": False, "rows": [{"r.v": "<1>"}, {"r.v": "2"}], "m|raw": Markup("<b>")})
    assert render(twig, vals, twig=True) == "B[&lt;1&gt;][2]<b>"
    hbs = "{{!-- c --}}{{#if a}}A{{else}}B{{/if}}{{#each rows}}({{ v }}{{ ../k }}){{/each}}"
    vals = Values({"a": True, "k": "!", "rows": [{"v": "x"}, {"v": "y"}]})
    assert render(hbs, vals, twig=False) == "A(x!)(y!)"


def test_an_expression_without_a_value_is_an_error_not_sample_text():
    with pytest.raises(KeyError, match="model.unknown"):
        render("{{ model.unknown }}", Values({}), twig=True)
    with pytest.raises(ValueError, match="unbalanced"):
        render("{% if a %}x{% endif %}{% endif %}", Values({"a": True}), twig=True)
    with pytest.raises(ValueError, match="not closed"):
        render("{{#each rows}}x", Values({"rows": []}), twig=False)


@pytest.mark.parametrize("fam", ["kimai-din5008", "aerix-nota"])
def test_every_truth_field_and_line_is_in_the_filled_template(fam):
    fill, _paper, taxed = build.TEMPLATES[fam]
    assert taxed and fam in build.ALL_SOURCES
    for seed in range(12):
        inv = values.invoice(seed, taxed=True)
        page = fill(inv)
        assert not re.search(r"\{\{|\{%|\{#", page)
        assert "<img" not in page  # the logos are left out (no network, not our brand)
        text = _text(page).casefold()
        truth = values.truth(inv, build.TEMPLATE_FIELDS[fam])
        for k, v in truth["fields"].items():
            assert build.on_page(k, v, text), (fam, seed, k, v)
        for ln in truth["lines"]:
            assert ln["description"].casefold() in text


def test_kimai_prints_the_seller_in_the_footer_and_the_customer_vat_id_in_the_details():
    inv = values.invoice(7, taxed=True)
    doc = html.fromstring(templates_a.kimai_din5008(inv))
    footer = " ".join(doc.find_class("kimai-footer")[0].text_content().split())
    details = " ".join(doc.find_class("invoice-details")[0].text_content().split())
    assert inv.vendor in footer and f"USt-IdNr.: {inv.vendor_vat}" in footer
    assert inv.iban in footer.replace(" ", "")
    assert inv.customer_vat in details and inv.vendor_vat not in details
    assert "Zwischensumme" in doc.text_content() and "Gesamtbetrag" in doc.text_content()


def test_aerix_speaks_dutch_to_dutch_clients_and_english_to_the_others():
    langs = {}
    for seed in range(40):
        inv = values.invoice(seed, taxed=True)
        page = templates_a.aerix_nota(inv)
        lang = re.search(r'<html lang="(\w+)"', page).group(1)
        langs.setdefault(lang, set()).add(inv.currency)
        text = _text(page)
        if lang == "nl":
            assert "FACTUUR." in text and "Vervaldatum" in text and "BTW" in text
        else:
            assert "INVOICE." in text and "Valid through" in text
        footer = html.fromstring(page).get_element_by_id("company-info").text_content()
        assert inv.vendor in footer and inv.vendor_vat in footer
    assert set(langs) == {"nl", "en"} and langs["nl"] == {"EUR"}
