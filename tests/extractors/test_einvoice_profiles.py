"""Every e-invoice generation read from its XML: ZUGFeRD 1.0 bare and embedded in a PDF."""

from __future__ import annotations

from pathlib import Path

import jsonschema
from extract_zf1_xml import ZF1
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors import extract_file


def zf1_pdf(path: Path, xml_total: str, printed_total: str) -> Path:
    """A one-page printed invoice with a ZUGFeRD 1.0 XML attached under its 1.0 name."""
    plain = path.with_suffix(".plain.pdf")
    c = canvas.Canvas(str(plain), pagesize=A4)
    h = A4[1]
    c.drawString(50, h - 60, "Kessler Feinmechanik GmbH")
    c.drawString(350, h - 140, "Rechnungsnummer: RE-1001")
    c.drawString(350, h - 152, "Datum: 02.06.2025")
    c.drawString(400, h - 400, "Gesamtbetrag EUR")
    c.drawString(500, h - 400, printed_total)
    c.save()
    writer = PdfWriter(clone_from=str(plain))
    writer.add_attachment("ZUGFeRD-invoice.xml", ZF1.format(number="RE-1001", total=xml_total))
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_zugferd_1_bare_xml_is_read(tmp_path: Path, schema) -> None:
    path = tmp_path / "zf1.xml"
    path.write_text(ZF1.format(number="RE-1001", total="285.60"), encoding="utf-8")
    result = extract_file(path)
    jsonschema.validate(result, schema)
    values = {k: f["value"] for k, f in result["fields"].items()}
    assert (
        values
        | {
            "invoice_number": "RE-1001",
            "invoice_date": "2025-06-02",
            "due_date": "2025-07-02",
            "vendor_name": "Kessler Feinmechanik GmbH",
            "vendor_tax_id": "DE260471998",
            "vendor_iban": "DE02120300000000202051",
            "customer_name": "Nordlicht Logistik AG",
            "po_number": "BST-5521",
            "subtotal": "240.00",
            "tax_amount": "45.60",
            "total": "285.60",
        }
        == values
    )
    assert result["fields"]["total"]["source"] == "einvoice:zugferd-1-comfort"
    # the note-only line is not an item
    assert [
        (ln["sku"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in result["lines"]
    ] == [("LG-608", "20", "12.00", "240.00")]


def test_zugferd_1_embedded_in_pdf_and_a_differing_printed_total_warns(tmp_path: Path) -> None:
    result = extract_file(zf1_pdf(tmp_path / "zf1.pdf", "285.60", "258.60"))
    assert result["text_source"] == "einvoice"
    assert result["fields"]["invoice_number"]["value"] == "RE-1001"
    assert result["fields"]["total"]["value"] == "285.60"
    assert any("total" in w and "285.60" in w and "258.60" in w for w in result["warnings"])
    same = extract_file(zf1_pdf(tmp_path / "zf1b.pdf", "285.60", "285.60"))
    assert not any("total" in w for w in same["warnings"])
