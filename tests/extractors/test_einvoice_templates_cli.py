"""E-invoices, vendor templates, the kind classifier and the ``bursar extract`` CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import facturx
import jsonschema
import pytest
import yaml
from extract_docs import many_pages_pdf, odd_vendor_invoice
from extract_einvoice_xml import CII, UBL
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bursar.cli import main
from extractors import extract_file
from extractors.templates import load_templates

H = A4[1]


def printed_invoice(path: Path, total: str = "95.20") -> Path:
    """Write the human-readable page that goes with the CII fixture."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, H - 60, "Acme Tools GmbH")
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 75, "Hauptstr. 5, 10115 Berlin  USt-IdNr.: DE136695976")
    rows = [
        ("Invoice No.:", "INV-2026-0042"),
        ("Invoice date:", "14.03.2026"),
        ("Due date:", "13.04.2026"),
        ("PO:", "PO-7781"),
    ]
    for i, (label, value) in enumerate(rows):
        c.drawString(350, H - 140 - 12 * i, label)
        c.drawString(450, H - 140 - 12 * i, value)
    y = H - 230
    for x, h in [(50, "Description"), (300, "Qty"), (350, "Unit price"), (500, "Amount")]:
        c.drawString(x, y, h)
    for desc, qty, price, amount in [
        ("Steel bolts M8", "200", "0.15", "30.00"),
        ("Hex nuts M8, zinc plated", "1,000", "0.05", "50.00"),
    ]:
        y -= 14
        for x, v in zip([50, 300, 350, 500], [desc, qty, price, amount], strict=True):
            c.drawString(x, y, v)
    for i, (label, value) in enumerate(
        [("Subtotal", "80.00"), ("VAT 19%", "15.20"), ("Total EUR", total)]
    ):
        c.drawString(400, y - 30 - 12 * i, label)
        c.drawString(500, y - 30 - 12 * i, value)
    c.save()
    return path


def facturx_pdf(tmp_path: Path, xml_total: str, printed_total: str) -> Path:
    pdf = printed_invoice(tmp_path / "printed.pdf", printed_total).read_bytes()
    xml = CII.format(number="INV-2026-0042", total=xml_total).encode()
    out = tmp_path / "facturx.pdf"
    out.write_bytes(facturx.generate_from_binary(pdf, xml, check_xsd=False))
    return out


def test_facturx_pdf_is_read_from_its_xml(tmp_path: Path, schema) -> None:
    result = extract_file(facturx_pdf(tmp_path, "95.20", "95.20"))
    jsonschema.validate(result, schema)
    assert result["text_source"] == "einvoice"
    assert result["warnings"] == []
    total = result["fields"]["total"]
    assert total == {
        **total,
        "value": "95.20",
        "confidence": 1.0,
        "source": "einvoice:factur-x-en16931",
    }
    assert "bbox" in total  # the printed value was found: a reviewer can see it
    assert [ln["sku"] for ln in result["lines"]] == ["B-M8", None]
    assert result["lines"][1]["quantity"] == "1000"


def test_printed_page_disagreeing_with_the_xml_is_a_warning(tmp_path: Path) -> None:
    result = extract_file(facturx_pdf(tmp_path, "96.20", "95.20"))
    assert result["fields"]["total"]["value"] == "96.20"
    assert any("total" in w and "96.20" in w and "95.20" in w for w in result["warnings"])


def test_bare_ubl_peppol_file(tmp_path: Path, schema) -> None:
    path = tmp_path / "peppol.xml"
    path.write_text(UBL, encoding="utf-8")
    result = extract_file(path)
    jsonschema.validate(result, schema)
    assert result["text_source"] == "einvoice"
    assert result["fields"]["total"]["source"] == "einvoice:peppol-bis"
    assert result["fields"]["vendor_iban"]["value"] == "FR7630006000011234567890189"
    assert result["lines"][0] | {"unit": "HUR"} == result["lines"][0]
    assert result["lines"][0]["po_line"] == "10"


def test_bare_cii_xrechnung_file(tmp_path: Path) -> None:
    path = tmp_path / "xr.xml"
    path.write_text(
        CII.format(number="XR-1", total="95.20").replace(
            "urn:cen.eu:en16931:2017",
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
        ),
        encoding="utf-8",
    )
    result = extract_file(path)
    assert result["fields"]["invoice_number"] == {
        "value": "XR-1",
        "confidence": 1.0,
        "source": "einvoice:xrechnung",
    }


def test_template_fixes_a_vendor_the_generic_path_gets_wrong(tmp_path: Path) -> None:
    doc = odd_vendor_invoice(tmp_path / "quirky.pdf")
    generic = extract_file(doc, templates=[])
    assert generic["fields"].get("invoice_number", {}).get("value") != "QW/7731/B"
    assert "tax_amount" not in generic["fields"]
    fixed = extract_file(doc, templates=load_templates())  # templates/quirky_widgets.yml
    assert fixed["fields"]["invoice_number"]["value"] == "QW/7731/B"
    assert fixed["fields"]["invoice_number"]["source"] == "template:quirky_widgets@1"
    assert fixed["fields"]["tax_amount"]["value"] == "208.33"
    assert fixed["versions"]["template"] == "quirky_widgets@1"


def test_templates_new_drafts_a_passing_template(tmp_path: Path, capsys) -> None:
    doc = odd_vendor_invoice(tmp_path / "quirky.pdf")
    corrected = {
        "fields": {
            "vendor_name": {"value": "Quirky Widgets Ltd"},
            "invoice_number": {"value": "QW/7731/B"},
            "total": {"value": "1250.00"},
        }
    }
    (tmp_path / "fixed.json").write_text(json.dumps(corrected))
    folder = tmp_path / "tpl"
    out = folder / "quirky.yml"
    assert (
        main(
            [
                "templates",
                "new",
                str(doc),
                "--from-json",
                str(tmp_path / "fixed.json"),
                "--name",
                "quirky",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    data = yaml.safe_load(out.read_text())
    assert data["fields"]["invoice_number"]["anchor"] == "Ref. code"
    assert main(["templates", "test", "--folder", str(folder)]) == 0
    assert main(["templates", "list", "--folder", str(folder), "--json"]) == 0
    assert '"quirky"' in capsys.readouterr().out


def test_templates_test_fails_on_a_wrong_expectation(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    shutil.copy(odd_vendor_invoice(tmp_path / "q.pdf"), folder / "q.pdf")
    (folder / "q.yml").write_text(
        yaml.safe_dump(
            {
                "name": "q",
                "issuer": ["Quirky Widgets"],
                "fields": {"total": {"anchor": "Pay this"}},
                "samples": [{"file": "q.pdf", "expected": {"total": "999.00"}}],
            }
        )
    )
    assert main(["templates", "test", "--folder", str(folder)]) == 1


def test_cli_json_array_with_error_object_and_exit_2(tmp_path: Path, capsys) -> None:
    good = printed_invoice(tmp_path / "good.pdf")
    code = main(["extract", str(good), str(tmp_path / "missing.pdf"), "--json", "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 2
    results = json.loads(out)
    assert results[0]["fields"]["invoice_number"]["value"] == "INV-2026-0042"
    assert results[1] == {
        "file": "missing.pdf",
        "error": {"code": "not_found", "message": results[1]["error"]["message"]},
    }
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_single_file_prints_one_object_and_a_table(tmp_path: Path, capsys) -> None:
    good = printed_invoice(tmp_path / "good.pdf")
    assert main(["extract", str(good), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["schema"] == "bursar.extraction/1"
    assert main(["extract", str(good)]) == 0
    assert "invoice_number" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("CREDIT NOTE", "credit_note"),
        ("INVOICE", "invoice"),
        ("Gutschrift", "credit_note"),
        ("FACTURE", "invoice"),
        ("Hello", "other"),
    ],
)
def test_kind_classifier_reads_titles(tmp_path: Path, title: str, kind: str) -> None:
    path = tmp_path / "doc.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(50, H - 60, title)
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 100, "Some words on the page to read")
    c.save()
    result = extract_file(path, templates=[])
    assert result["kind"] == kind
    assert 0 < result["kind_confidence"] <= 1


def test_each_page_chooses_text_layer_or_ocr(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    printed = printed_invoice(tmp_path / "p.pdf")
    image = pdfium.PdfDocument(str(printed))[0].render(scale=200 / 72).to_pil()
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 60, "Cover letter: please find our invoice attached.")
    c.showPage()
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=H)  # page 2: a scan
    c.save()
    result = extract_file(path)
    assert result["pages"] == 2 and result["text_source"] == "mixed"
    assert result["fields"]["invoice_number"]["value"] == "INV-2026-0042"
    assert result["fields"]["invoice_number"]["page"] == 2


def test_a_page_with_almost_no_text_is_not_trusted(tmp_path: Path) -> None:
    result = extract_file(many_pages_pdf(tmp_path / "two.pdf", 2))  # "Page 1" only
    assert result["pages"] == 2 and result["text_source"] == "ocr"


def test_template_line_hints_name_unusual_table_headers(tmp_path: Path) -> None:
    from extractors.templates import parse_template

    path = tmp_path / "odd-table.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, H - 60, "Quirky Widgets Ltd")
    c.setFont("Helvetica", 9)
    for x, head in [(50, "Stuff"), (300, "How many"), (380, "Each"), (500, "Sum")]:
        c.drawString(x, H - 200, head)
    # the red widget is discounted (1 x 4.50 = 4.05 net): with one row only that
    # multiplies out, the table cannot be read from its arithmetic either
    for i, (d, q, p, a) in enumerate(
        [("Widget, blue", "3", "2.00", "6.00"), ("Widget, red", "1", "4.50", "4.05")]
    ):
        for x, v in [(50, d), (300, q), (380, p), (500, a)]:
            c.drawString(x, H - 214 - 14 * i, v)
    c.save()
    assert extract_file(path, templates=[])["lines"] == []
    template = parse_template(
        {
            "name": "quirky_lines",
            "issuer": ["Quirky Widgets"],
            "lines": {
                "columns": {
                    "description": ["stuff"],
                    "quantity": ["how many"],
                    "unit_price": ["each"],
                    "amount": ["sum"],
                }
            },
        }
    )
    lines = extract_file(path, templates=[template])["lines"]
    assert [(ln["description"], ln["quantity"], ln["amount"]) for ln in lines] == [
        ("Widget, blue", "3", "6.00"),
        ("Widget, red", "1", "4.05"),
    ]


def test_a_field_scorer_plugs_into_candidate_scores(tmp_path: Path) -> None:
    from extractors.plugins import FieldScorer

    class Doubtful:
        version = "fields@test"

        def token_probs(self, pages):
            return [{i: {"invoice_number": 0.0} for i in range(len(p.tokens))} for p in pages]

    scorer = Doubtful()
    assert isinstance(scorer, FieldScorer)
    from extractors import extract_pages, load_pages

    doc = printed_invoice(tmp_path / "inv.pdf")
    pages = load_pages(doc)
    raw = {"file": doc.name, "sha256": "0" * 64, "templates": [], "calibration": {}}
    plain = extract_pages(pages, **raw)
    scored = extract_pages(pages, field_scorer=scorer, **raw)
    assert scored["versions"]["labeler"] == "fields@test"
    before = plain["fields"]["invoice_number"]["confidence"]
    assert scored["fields"]["invoice_number"]["confidence"] == pytest.approx(before / 2, abs=0.01)
    # With the shipped calibration the model's doubt still lowers the reported confidence.
    calibrated = extract_file(doc, templates=[], field_scorer=scorer)
    assert (
        calibrated["fields"]["invoice_number"]["confidence"]
        < extract_file(doc, templates=[])["fields"]["invoice_number"]["confidence"]
    )


def test_multi_page_tiff_is_read_page_by_page(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(printed_invoice(tmp_path / "p.pdf")))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    path = tmp_path / "fax.tiff"
    image.save(
        path,
        save_all=True,
        append_images=[image.copy()],
        dpi=(200, 200),
        compression="tiff_deflate",
    )
    result = extract_file(path)
    assert result["pages"] == 2 and result["text_source"] == "ocr"
    assert result["fields"]["invoice_number"]["value"] == "INV-2026-0042"
    x0, top, x1, bottom = result["fields"]["invoice_number"]["bbox"]
    assert 440 < x0 < 460 and 125 < top < 145  # points, top-left origin, like the PDF
