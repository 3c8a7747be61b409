"""Payment terms with discount dates, a title's date after a qualified number, and a
vendor's learned layout filling what the generic path missed (pages drawn here)."""

from __future__ import annotations

import json
from pathlib import Path

import facturx
from extract_einvoice_xml import CII
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors import extract_file
from extractors.learned import learn_file, learned_fields, truth_of
from extractors.learning import Layout, load_layouts
from extractors.loader import load_pages

H = A4[1]


def terms_invoice(
    path: Path, pages: int = 1, title: str = "Teilrechnung Bau Nr. 210111 mit LV vom 30.05.2026"
) -> Path:
    """An invoice whose terms give a discount date before the net due date; its title
    qualifies the number before the date ("Nr. 210111 mit LV vom 30.05.2026")."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 60, "Bauunternehmung Kramer GmbH")
    c.drawString(50, H - 74, "Stand der Vorlage 10.11.2025")
    c.drawString(50, H - 160, title)
    c.drawString(50, H - 200, "Pflasterarbeiten laut Aufmaß")
    c.drawString(400, H - 200, "Summe netto")
    c.drawRightString(560, H - 200, "1.000,00")
    c.drawString(400, H - 212, "USt 19 %")
    c.drawRightString(560, H - 212, "190,00")
    c.drawString(400, H - 224, "Gesamtbetrag")
    c.drawRightString(560, H - 224, "1.190,00")
    for _ in range(pages - 1):
        c.showPage()
        c.setFont("Helvetica", 9)
        c.drawString(50, H - 60, "Anlage: Aufmaß")
    c.drawString(50, H - 300, "Zahlungsbedingungen")
    c.drawString(50, H - 314, "Bis zum 13.06.2026 erhalten Sie 2,50 % Skonto")
    c.drawString(50, H - 326, "Bis zum 20.06.2026 ohne Abzug")
    c.save()
    return path


def test_the_due_date_is_the_date_without_deduction_not_a_discounts(tmp_path: Path) -> None:
    path = terms_invoice(tmp_path / "t.pdf", title="Rechnung Nr. 210111 vom 30.05.2026")
    fields = extract_file(path, templates=[])["fields"]
    assert fields["invoice_date"]["value"] == "2026-05-30"
    assert fields["due_date"]["value"] == "2026-06-20"


def test_a_titles_date_follows_a_number_with_a_qualifier(tmp_path: Path) -> None:
    fields = extract_file(terms_invoice(tmp_path / "t.pdf"), templates=[])["fields"]
    assert fields["invoice_number"]["value"] == "210111"
    assert fields["invoice_date"]["value"] == "2026-05-30"


def test_a_learned_rule_fills_a_field_the_generic_path_left_empty(tmp_path: Path) -> None:
    """A rule right as often as the generic path is not used over a generic value, but it
    fills a field the generic path found nothing for on the next document."""
    from tests.extractors.test_real_layouts import vendor_page

    folder = tmp_path / "layouts"
    printed = vendor_page(tmp_path / "p1.pdf", "INV-2026-0042", "14.03.2026", "PO-7781", "95.20")
    xml = CII.format(number="INV-2026-0042", total="95.20").encode()
    einvoice = tmp_path / "e1.pdf"
    einvoice.write_bytes(facturx.generate_from_binary(printed.read_bytes(), xml, check_xsd=False))
    layout = learn_file(einvoice, truth_of(extract_file(einvoice, layouts=[])), folder)
    assert layout is not None and "invoice_number" in layout.rules
    data = json.loads((folder / f"{layout.key}.json").read_text())
    data["stats"]["invoice_number"] = {"learned": 1, "generic": 1, "seen": 1}  # a tie
    tied = Layout.from_json(data)
    plain = vendor_page(tmp_path / "p2.pdf", "INV-2026-0107", "02.04.2026", "PO-7790", "48.00")
    pages = load_pages(plain)
    assert "invoice_number" not in learned_fields(pages, tied)
    filled = learned_fields(pages, tied, missing=frozenset({"invoice_number"}))
    assert filled["invoice_number"]["value"] == "INV-2026-0107"
    assert load_layouts(folder)  # the saved layout still loads


def test_a_rule_is_learned_from_a_long_documents_last_page(tmp_path: Path) -> None:
    from extractors.learning import learn_rules

    pages = load_pages(terms_invoice(tmp_path / "long.pdf", pages=5))
    rules = learn_rules(pages, {"due_date": "2026-06-20"})
    assert rules["due_date"]["page"] == 5


def totals_table_invoice(path: Path) -> Path:
    """Totals printed as a table: headings in a row, a row per tax rate, a sum row."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(50, H - 60, "Getränke Lindner GmbH")
    c.drawString(50, H - 160, "Rechnung Nr. 55120 vom 02.02.2026")
    y = H - 400
    heads = [(50, "Warenwert"), (140, "Fracht"), (230, "Nettobetrag"), (320, "MwSt-Betrag"),
             (410, "MwSt-%"), (500, "Endbetrag")]  # fmt: skip
    for x, h in heads:
        c.drawString(x, y, h)
    rows = [
        ("326,50", "3,00", "329,50", "62,61", "19,0", "392,11"),
        ("130,70", "", "130,70", "9,15", "7,0", "139,85"),
        ("457,20", "3,00", "460,20", "71,76", "EUR", "531,96"),
    ]
    for k, row in enumerate(rows):
        y -= 11 if k < 2 else 22
        for (x, _), v in zip(heads, row, strict=True):
            c.drawRightString(x + 45, y, v)
    c.save()
    return path


def test_totals_printed_as_a_table_are_read_under_their_headings(tmp_path: Path) -> None:
    fields = extract_file(totals_table_invoice(tmp_path / "tt.pdf"), templates=[])["fields"]
    got = {k: fields.get(k, {}).get("value") for k in ("subtotal", "tax_amount", "total")}
    assert got == {"subtotal": "460.20", "tax_amount": "71.76", "total": "531.96"}
