"""Line items in table shapes seen on real invoices.

Stacked headers (an item's numbers in its first row, its name in the second), an
item's attributes after its description, a label's value reaching towards the next
column, compounds broken at a hyphen, "name:" with an empty detail, and a vertical
note in the margin. Every page is drawn here with reportlab; nothing depends on the
development set.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors import extract_file
from extractors.lines import extract_lines
from extractors.tokens import PageTokens, Token

H = A4[1]


def _totals(c: canvas.Canvas, y: float, rows: list[tuple[str, str]]) -> None:
    for i, (label, value) in enumerate(rows):
        c.drawString(380, y - 30 - 12 * i, label)
        c.drawRightString(560, y - 30 - 12 * i, value)


def _lines(path: Path) -> list[dict]:
    return extract_file(path, templates=[])["lines"]


def stacked_header_invoice(path: Path) -> Path:
    """Two header rows over the same columns: article numbers and numbers above, names
    below; attribute rows and a rotated copyright note in the left margin."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(50, H - 60, "Lindenhof Getränke GmbH")
    c.drawString(50, H - 160, "Rechnung Nr. 88-1204 vom 03.02.2026")
    y = H - 220
    c.drawString(50, y, "GTIN")
    c.drawString(130, y, "Art-Nr-Lieferant")
    c.drawString(260, y, "Menge")
    c.drawRightString(420, y, "Nettopreis")
    c.drawRightString(560, y, "Nettowert")
    y -= 10
    c.drawString(50, y, "Art-Nr-Kunde")
    c.drawString(130, y, "Artikelbezeichnung")
    items = [
        ("4260000000011", "AP-100", "12", "1,2500", "15,00", "K-77", "Apfelschorle naturtrüb 0,5l",
         "Verpackung: Kiste"),
        ("4260000000028", "MW-330", "24", "0,8000", "19,20", "K-78", "Mineralwasser still 0,33l",
         "Pfand: 0,08 je Flasche"),
    ]  # fmt: skip
    for gtin, sku, qty, price, amount, customer_sku, name, attribute in items:
        y -= 16
        c.drawString(50, y, gtin)
        c.drawString(130, y, sku)
        c.drawRightString(290, y, qty)
        c.drawRightString(420, y, price)
        c.drawRightString(560, y, amount)
        y -= 10
        c.drawString(50, y, customer_sku)
        c.drawString(130, y, name)
        y -= 10
        c.drawString(130, y, attribute)
    c.saveState()
    c.translate(20, H - 420)
    c.rotate(90)
    c.drawString(0, 0, "Copyright Formularverlag Beispielrechnung")
    c.restoreState()
    _totals(c, y, [("Summe netto", "34,20"), ("USt 19 %", "6,50"), ("Gesamtbetrag", "40,70")])
    c.save()
    return path


def test_a_stacked_header_reads_the_name_from_the_items_second_row(tmp_path: Path) -> None:
    lines = _lines(stacked_header_invoice(tmp_path / "stacked.pdf"))
    got = [(ln["description"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in lines]
    assert got == [
        ("Apfelschorle naturtrüb 0,5l", "12", "1.2500", "15.00"),
        ("Mineralwasser still 0,33l", "24", "0.8000", "19.20"),
    ]
    assert "AP-100" in (lines[0].get("sku") or "")


def attributes_invoice(path: Path) -> Path:
    """Items whose description is followed by references and attribute rows."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 6)
    c.drawString(50, H - 60, "Sonnendach Solartechnik GmbH")
    c.drawString(50, H - 160, "Rechnung Nr. SD-2207 vom 12.03.2026")
    y = H - 220
    for x, h in [(50, "Pos"), (100, "Referenzen"), (175, "Beschreibung"), (300, "Menge")]:
        c.drawString(x, y, h)
    c.drawRightString(400, y, "Nettopreis")
    c.drawRightString(560, y, "Nettobetrag")
    rows = [
        # a value after its label and a tag after a code reach into the gap before
        # the description column: they stay references, not description
        ("1", "Art-Nr-Lieferant: ARNR2", "Lieferung und Montage", "52", "59,00", "3.068,00"),
        ("", "400003565778 (GTIN)", "von Solarhaltern mit Brechsand-", "", "", ""),
        ("", "", "Gemisch und Systemziegel", "", "", ""),
        ("", "", "• Abweichender Warenempfänger:", "", "", ""),
        ("", "", "DE 12345 Musterstadt", "", "", ""),
        ("2", "", "Heiße Luft pro Liter:", "200", "0,10", "20,00"),
        ("3", "", "Pflastersteine, Dicke 5 +/-", "10", "2,00", "20,00"),
    ]
    for pos, ref, desc, qty, price, amount in rows:
        y -= 9
        c.drawString(50, y, pos)
        c.drawString(100, y, ref)
        c.drawString(175, y, desc)
        c.drawRightString(320, y, qty)
        c.drawRightString(400, y, price)
        c.drawRightString(560, y, amount)
    y -= 9
    c.drawString(175, y, "1,5 cm,")
    _totals(c, y, [("Summe netto", "3.108,00"), ("USt 0 %", "0,00"), ("Gesamtbetrag", "3.108,00")])
    c.save()
    return path


def test_attributes_references_and_broken_words_of_real_items(tmp_path: Path) -> None:
    lines = _lines(attributes_invoice(tmp_path / "attributes.pdf"))
    assert [ln["description"] for ln in lines] == [
        # the hyphen of a compound broken over two rows is kept, without a space;
        # the delivery address after "Abweichender Warenempfänger:" is not the name
        "Lieferung und Montage von Solarhaltern mit Brechsand-Gemisch und Systemziegel",
        # a name printed with an empty detail ("name:") has no colon
        "Heiße Luft pro Liter",
        # a listing goes on over a short row
        "Pflastersteine, Dicke 5 +/- 1,5 cm,",
    ]
    assert [ln["amount"] for ln in lines] == ["3068.00", "20.00", "20.00"]


def headerless_invoice(path: Path) -> Path:
    """A table printed without a header row: positions, codes, names, numbers."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 60, "Officina Rossi S.r.l.")
    c.drawString(50, H - 160, "Fattura n. 2026/118 del 04/03/2026")
    y = H - 220
    rows = [
        ("1", "VT-220", "Viti inox M6 x 20", "500", "0,06", "30,00"),
        ("2", "RD-064", "Rondelle piane M6,", "500", "0,02", "10,00"),
        ("", "", "zincate", "", "", ""),
        ("", "", "GTIN: 8001234567895", "", "", ""),
        ("3", "OL-005", "Olio da taglio 5 l", "2", "18,40", "36,80"),
    ]
    for pos, sku, desc, qty, price, amount in rows:
        y -= 13
        c.drawString(50, y, pos)
        c.drawString(70, y, sku)
        c.drawString(130, y, desc)
        c.drawRightString(330, y, qty)
        c.drawRightString(420, y, price)
        c.drawString(450, y, "22 %" if qty else "")
        c.drawRightString(560, y, amount)
    _totals(c, y, [("Imponibile", "76,80"), ("IVA 22 %", "16,90"), ("Totale fattura", "93,70")])
    c.save()
    return path


def test_a_table_without_a_header_row_is_read_from_its_arithmetic(tmp_path: Path) -> None:
    lines = _lines(headerless_invoice(tmp_path / "headerless.pdf"))
    got = [(ln["sku"], ln["description"], ln["quantity"], ln["unit_price"], ln["amount"])
           for ln in lines]  # fmt: skip
    assert got == [
        ("VT-220", "Viti inox M6 x 20", "500", "0.06", "30.00"),
        ("RD-064", "Rondelle piane M6, zincate", "500", "0.02", "10.00"),
        ("OL-005", "Olio da taglio 5 l", "2", "18.40", "36.80"),
    ]
    assert [ln["tax_rate"] for ln in lines] == ["22", "22", "22"]


def notes_invoice(path: Path) -> Path:
    """Items followed by a delivery-note row and a list-price note; quantities printed
    with their unit in one right-aligned cell ("8 HUR") under a short header."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 60, "Studio Legale Bianchi")
    c.drawString(50, H - 160, "Fattura n. 77/2026 del 12/03/2026")
    y = H - 220
    c.drawString(50, y, "Descrizione")
    c.drawRightString(380, y, "Quantità")
    c.drawRightString(460, y, "Prezzo")
    c.drawRightString(560, y, "Totale")
    rows = [
        ("Consulenza legale, revisione contratto", "8 HUR", "214,33", "1.714,64"),
        ("Packing slip 83824639 / 6 January 2026", "", "", ""),
        ("Traduzione tecnica", "3 PG", "45,00", "135,00"),
        ("Prezzo di listino 60,00, sconto del 25 %", "", "", ""),
    ]
    for desc, qty, price, amount in rows:
        y -= 13
        c.drawString(50, y, desc)
        c.drawRightString(380, y, qty)
        c.drawRightString(460, y, price)
        c.drawRightString(560, y, amount)
    _totals(c, y, [("Imponibile", "1.849,64"), ("IVA 22 %", "406,92"), ("Totale", "2.256,56")])
    c.save()
    return path


def test_delivery_and_price_notes_are_not_description_and_units_stay_with_quantities(
    tmp_path: Path,
) -> None:
    lines = _lines(notes_invoice(tmp_path / "notes.pdf"))
    got = [(ln["description"], ln["quantity"], ln["amount"]) for ln in lines]
    assert got == [
        ("Consulenza legale, revisione contratto", "8", "1714.64"),
        ("Traduzione tecnica", "3", "135.00"),
    ]


def _ocr_page(rows: list[list[tuple[str, float]]]) -> PageTokens:
    """A scanned page's words: (text, x0) per word, one row every 14 points."""
    toks = []
    for n, row in enumerate(rows):
        top = 200.0 + 14 * n
        for text, x0 in row:
            w = 5.0 * len(text)
            toks.append(Token(text, x0, top, x0 + w, top + 9, 1, line=n, conf=0.9, source="ocr"))
    return PageTokens(1, 595.0, 842.0, tuple(toks), source="ocr")


def test_a_decimal_separator_ocr_dropped_is_put_back_by_the_rows_arithmetic() -> None:
    page = _ocr_page(
        [
            [("Description", 50), ("Qty", 300), ("Price", 380), ("Amount", 480)],
            [("Copper", 50), ("wire", 90), ("12", 305), ("15846", 380), ("1.901,52", 480)],
            [("Steel", 50), ("bolts", 85), ("100", 300), ("0,18", 385), ("1800", 490)],
        ]
    )
    lines = extract_lines([page])
    got = [(ln["description"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in lines]
    assert got == [
        ("Copper wire", "12", "158.46", "1901.52"),
        ("Steel bolts", "100", "0.18", "18.00"),
    ]
