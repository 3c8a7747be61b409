"""Single documents from the API: known values in, the same values printed."""

from __future__ import annotations

import io
import random
from dataclasses import replace
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from PIL import Image

from devkit.synth import (
    CLAIM_LAYOUTS,
    INVOICE_LAYOUTS,
    make_claim,
    random_claim,
    random_invoice,
    rasterise,
    render,
    render_invoice,
)
from devkit.synth.einvoice import cii_xml, facturx_pdf, ubl_xml


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in doc)


def test_a_known_unit_price_is_printed() -> None:
    spec = random_invoice(random.Random(5), layout="classic", n_lines=2)
    line = replace(spec.lines[0], unit_price=Decimal("1234.50"), quantity=Decimal(2))
    spec = spec.with_changes(lines=(line, spec.lines[1]))
    text = _text(render(spec))
    assert "2,469.00" in text or "2.469,00" in text or "2 469,00" in text


@pytest.mark.parametrize("layout", sorted(INVOICE_LAYOUTS))
def test_every_layout_renders_number_and_total(layout: str) -> None:
    spec = random_invoice(random.Random(len(layout)), layout=layout)
    out = render_invoice(spec)
    text = _text(out.pdf)
    assert spec.invoice_number in text
    assert {"invoice_number", "total", "subtotal", "vendor_name"} <= set(out.boxes)


def test_long_invoices_spill_onto_more_pages_with_totals_last() -> None:
    spec = random_invoice(random.Random(2), layout="grid_de", n_lines=45)
    out = render_invoice(spec)
    assert out.pages >= 2
    assert out.boxes["total"][0] == out.pages
    assert out.line_pages[0] == 1 and out.line_pages[-1] > 1


@pytest.mark.parametrize("layout", sorted(CLAIM_LAYOUTS))
def test_claim_layouts_print_claim_number(layout: str) -> None:
    spec = random_claim(random.Random(4), layout)
    assert spec.claim_number in _text(make_claim(spec))


def test_rasterise_gives_a_rotated_noisy_png() -> None:
    pdf = render(random_invoice(random.Random(1), layout="band"))
    png = rasterise(pdf, dpi=100, rotate=2.0, noise=6, blur=0.8, jpeg_quality=60, seed=3)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.mode == "L" and img.width > 500
    assert png == rasterise(pdf, dpi=100, rotate=2.0, noise=6, blur=0.8, jpeg_quality=60, seed=3)


def test_einvoice_xml_passes_the_official_xsd() -> None:
    import facturx

    spec = random_invoice(random.Random(9), layout="grid_de")
    assert facturx.xml_check_xsd(cii_xml(spec), flavor="factur-x", level="en16931")
    pdf = facturx_pdf(spec, render(spec))
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml" and spec.invoice_number.encode() in xml
    assert f'<cbc:PayableAmount currencyID="{spec.currency}">{spec.total}'.encode() in (
        ubl_xml(spec)
    )
