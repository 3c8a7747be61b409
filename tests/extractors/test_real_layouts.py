"""Real-layout reading: multi-row items, the buyer's own IDs, a vendor's learned layout.

Every input is built here with reportlab / factur-x; nothing depends on the dev set.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import facturx
from extract_einvoice_xml import CII
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bursar.config import reset_settings
from bursar.ingest.context import extraction_context
from extractors import extract, extract_file
from extractors.learned import learn_file, truth_of
from extractors.learning import load_layouts
from extractors.parties import Company, Parties

H = A4[1]
VENDOR_VAT, BUYER_VAT = "DE811907906", "DE811907914"


def multirow_invoice(path: Path) -> Path:
    """An invoice whose items run over several rows: description, wrap, GTIN, attribute."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 60, "Kessler Feinmechanik GmbH")
    c.drawString(50, H - 180, "Rechnung Nr. RE-7731 vom 02.06.2025")
    y = H - 230
    for x, h in [(50, "Pos"), (80, "Art.-Nr."), (150, "Bezeichnung"), (380, "Menge")]:
        c.drawString(x, y, h)
    c.drawRightString(470, y, "Einzelpreis")
    c.drawRightString(540, y, "Betrag")
    rows = [
        ("1", "LG-6204", "Rillenkugellager 6204", "10", "4,50", "45,00"),
        ("", "", "2RS, beidseitig abgedichtet", "", "", ""),
        ("", "4012345000017", "(GTIN)", "", "", ""),
        ("", "", "Verpackung: Karton", "", "", ""),
        ("2", "SR-12", "Sicherungsring DIN 471", "200", "0,12", "24,00"),
        ("", "", "Federstahl, phosphatiert", "", "", ""),
    ]
    for pos, sku, desc, qty, price, amount in rows:
        y -= 13
        for x, v in [(50, pos), (80, sku), (150, desc), (380, qty)]:
            c.drawString(x, y, v)
        c.drawRightString(470, y, price)
        c.drawRightString(540, y, amount)
    for i, (label, value) in enumerate(
        [("Summe netto", "69,00"), ("USt 19 %", "13,11"), ("Gesamtbetrag", "82,11")]
    ):
        c.drawString(380, y - 30 - 12 * i, label)
        c.drawRightString(540, y - 30 - 12 * i, value)
    c.save()
    return path


def test_multi_row_line_items_are_joined(tmp_path: Path) -> None:
    got = extract_file(multirow_invoice(tmp_path / "multi.pdf"), templates=[], layouts=[])
    lines = [
        (ln["sku"], ln["description"], ln["quantity"], ln["unit_price"], ln["amount"])
        for ln in got["lines"]
    ]
    assert lines == [
        ("LG-6204", "Rillenkugellager 6204 2RS, beidseitig abgedichtet", "10", "4.50", "45.00"),
        ("SR-12", "Sicherungsring DIN 471 Federstahl, phosphatiert", "200", "0.12", "24.00"),
    ]
    assert got["fields"]["total"]["value"] == "82.11"


def two_ids_page(path: Path) -> Path:
    """A page with two VAT IDs and no party labels: which is the vendor's is not printed."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(50, H - 60, "Nordlicht Logistik AG")
    c.drawString(50, H - 74, f"USt-IdNr.: {BUYER_VAT}")
    c.drawString(330, H - 60, "Kessler Feinmechanik GmbH")
    c.drawString(330, H - 74, f"USt-IdNr.: {VENDOR_VAT}")
    c.drawString(50, H - 160, "Rechnung Nr. RE-1001 vom 02.06.2025")
    c.drawString(380, H - 260, "Gesamtbetrag")
    c.drawRightString(540, H - 260, "285,60")
    c.save()
    return path


def test_the_buyers_vat_id_is_not_the_vendors_when_company_names_it(
    tmp_path: Path, monkeypatch
) -> None:
    page = two_ids_page(tmp_path / "ids.pdf")
    company = Parties(Company(names=("Nordlicht Logistik AG",), vat_ids=(BUYER_VAT,)))
    got = extract_file(page, templates=[], layouts=[], parties=company)
    assert got["fields"]["vendor_tax_id"]["value"] == VENDOR_VAT
    assert got["fields"]["customer_name"]["value"] == "Nordlicht Logistik AG"
    assert got["fields"]["vendor_name"]["value"] != "Nordlicht Logistik AG"
    # the same from [company] in bursar.toml (the context the core hands extraction)
    toml = tmp_path / "bursar.toml"
    toml.write_text(
        f'[company]\nnames = ["Nordlicht Logistik AG"]\nvat_ids = ["{BUYER_VAT[:2]} '
        f'{BUYER_VAT[2:]}"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("BURSAR_CONFIG", str(toml))
    reset_settings()
    try:
        ctx = replace(extraction_context(), templates=[], layouts=())
        configured = extract(page, ctx)
    finally:
        monkeypatch.delenv("BURSAR_CONFIG")
        reset_settings()
    assert configured["fields"]["vendor_tax_id"]["value"] == VENDOR_VAT


def vendor_page(path: Path, number: str, date: str, po: str, total: str) -> Path:
    """Acme Tools' own layout: its number under a word no label vocabulary lists."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, H - 60, "Acme Tools GmbH")
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 74, "Hauptstr. 5, 10115 Berlin  USt-IdNr.: DE136695976")
    c.drawString(350, H - 140, "Vorgang")
    c.drawString(450, H - 140, number)
    c.drawString(350, H - 152, "Ausgestellt")
    c.drawString(450, H - 152, date)
    c.drawString(350, H - 164, "Ihr Zeichen")
    c.drawString(450, H - 164, po)
    y = H - 230
    for x, h in [(50, "Description"), (300, "Qty"), (350, "Unit price"), (500, "Amount")]:
        c.drawString(x, y, h)
    for desc, qty, price, amount in [("Steel bolts M8", "200", "0.15", "30.00")]:
        y -= 14
        for x, v in zip([50, 300, 350, 500], [desc, qty, price, amount], strict=True):
            c.drawString(x, y, v)
    c.drawString(400, y - 30, "Total EUR")
    c.drawString(500, y - 30, total)
    c.save()
    return path


def test_plain_pdf_read_with_the_layout_learned_from_the_vendors_e_invoice(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "layouts"
    printed = vendor_page(tmp_path / "p1.pdf", "INV-2026-0042", "14.03.2026", "PO-7781", "95.20")
    xml = CII.format(number="INV-2026-0042", total="95.20").encode()
    einvoice = tmp_path / "e1.pdf"
    einvoice.write_bytes(facturx.generate_from_binary(printed.read_bytes(), xml, check_xsd=False))
    truth = truth_of(extract_file(einvoice, layouts=[]))
    assert truth and truth["invoice_number"] == "INV-2026-0042"
    layout = learn_file(einvoice, truth, folder)
    assert layout is not None and layout.version == 1
    saved = json.loads((folder / f"{layout.key}.json").read_text())
    assert saved["rules"]["invoice_number"]["anchor"] == "vorgang"

    plain = vendor_page(tmp_path / "p2.pdf", "INV-2026-0107", "02.04.2026", "PO-7790", "48.00")
    generic = extract_file(plain, templates=[], layouts=[], ranker=None)  # the rules alone
    assert generic["fields"].get("invoice_number", {}).get("value") != "INV-2026-0107"
    # the learned ranker finds it under the unlisted word, but only as a guess nobody
    # approves on: a value no rule vouches for is capped at 0.5
    guessed = extract_file(plain, templates=[], layouts=[], ranker="shipped")["fields"].get(
        "invoice_number"
    )
    assert guessed is None or guessed["confidence"] <= 0.5
    learned = extract_file(plain, templates=[], layouts=load_layouts(folder))
    number = learned["fields"]["invoice_number"]
    assert (number["value"], number["source"]) == ("INV-2026-0107", layout.tag)
    assert learned["fields"]["invoice_date"]["value"] == "2026-04-02"
    assert learned["fields"]["po_number"]["value"] == "PO-7790"
    assert learned["versions"]["learned"] == layout.tag
    # learning the same document again changes nothing
    assert learn_file(einvoice, truth, folder).version == 1


def test_an_ingested_e_invoice_teaches_its_vendors_layout(tmp_path: Path, home: Path) -> None:
    from sqlmodel import col, select

    from bursar.config import get_settings
    from bursar.db import session_scope, upgrade
    from bursar.ingest import ingest_file
    from bursar.records import AuditEvent

    upgrade(get_settings().db_url)
    printed = vendor_page(tmp_path / "p1.pdf", "INV-2026-0042", "14.03.2026", "PO-7781", "95.20")
    xml = CII.format(number="INV-2026-0042", total="95.20").encode()
    einvoice = tmp_path / "acme-e1.pdf"
    einvoice.write_bytes(facturx.generate_from_binary(printed.read_bytes(), xml, check_xsd=False))
    ingest_file(einvoice, actor="test")
    layouts = load_layouts(home / "layouts")
    assert [lay.version for lay in layouts] == [1]
    with session_scope() as s:
        events = s.exec(select(AuditEvent).where(col(AuditEvent.action) == "layout.learned")).all()
        assert len(events) == 1 and events[0].subject == f"layout/{layouts[0].key}"
    plain = vendor_page(tmp_path / "p2.pdf", "INV-2026-0107", "02.04.2026", "PO-7790", "48.00")
    # the core hands extraction BURSAR_HOME/layouts
    got = extract(plain, replace(extraction_context(), templates=[]))
    assert got["fields"]["invoice_number"]["value"] == "INV-2026-0107"


def test_layouts_cli_learns_a_corrected_plain_pdf_and_lists_it(
    tmp_path: Path, home: Path, capsys
) -> None:
    from bursar.cli import main
    from bursar.config import get_settings
    from bursar.db import upgrade

    upgrade(get_settings().db_url)
    first = vendor_page(tmp_path / "p1.pdf", "INV-2026-0042", "14.03.2026", "PO-7781", "95.20")
    corrected = tmp_path / "corrected.json"
    corrected.write_text(
        json.dumps({"fields": {"invoice_number": {"value": "INV-2026-0042"}}}), encoding="utf-8"
    )
    assert main(["layouts", "learn", str(first), "--truth", str(corrected), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"] == ["invoice_number"]
    assert main(["layouts", "learn", str(first)]) == 2  # plain PDF, no --truth: one-line error
    assert "not an e-invoice" in capsys.readouterr().err
    assert main(["layouts", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    # "used": fields where the learned rule was right more often than the generic reader;
    # the default reader (the learned ranker) already guesses this number right (at <= 0.5),
    # so the rule is kept and vouches for it, but need not be listed as beating it
    assert set(row["used"]) <= {"invoice_number"} and row["version"] == 1
    second = vendor_page(tmp_path / "p2.pdf", "INV-2026-0107", "02.04.2026", "PO-7790", "48.00")
    got = extract(second, replace(extraction_context(), templates=[]))
    assert got["fields"]["invoice_number"]["value"] == "INV-2026-0107"


def test_a_known_vendors_iban_on_the_page_identifies_it(tmp_path: Path) -> None:
    from extractors.parties import KnownVendor

    path = tmp_path / "iban.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(50, H - 160, "Rechnung Nr. RE-1001 vom 02.06.2025")
    c.drawString(50, H - 600, "Bankverbindung: DE89 3704 0044 0532 0130 00")
    c.save()
    vendor = KnownVendor("Kessler Feinmechanik GmbH", iban="DE89370400440532013000")
    other = KnownVendor("Nordlicht Logistik AG", iban="DE02120300000000202051")
    got = extract_file(path, templates=[], layouts=[], parties=Parties(Company(), (other, vendor)))
    assert got["fields"]["vendor_name"]["value"] == "Kessler Feinmechanik GmbH"
    assert got["fields"]["vendor_name"]["source"] == "master-data"
    assert got["fields"]["vendor_iban"]["value"] == "DE89370400440532013000"
    plain = extract_file(path, templates=[], layouts=[], parties=Parties())
    assert "vendor_name" not in plain["fields"]
