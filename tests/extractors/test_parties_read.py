"""Party names through the default reader: what master data says stands, and one party is
never both seller and buyer (issue 23/24)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors import extract_file
from extractors.parties import Company, KnownVendor, Parties

H = A4[1]
VENDOR = "Kessler Feinmechanik GmbH"
IBAN = "DE89370400440532013000"


def footer_vendor_page(path: Path) -> Path:
    """A page whose seller is printed only in its footer, with its bank account; the
    top of the page is the buyer's address window and a title."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(50, H - 60, "RECHNUNG")
    c.setFont("Helvetica", 10)
    c.drawString(50, H - 140, "Brandt Werkzeugbau AG")
    c.drawString(50, H - 152, "Industriestr. 4, 70376 Stuttgart")
    c.drawString(350, H - 140, "Rechnungsnummer: RE-2041")
    c.drawString(350, H - 152, "Datum: 02.06.2025")
    y = H - 240
    for x, h in [(50, "Beschreibung"), (300, "Menge"), (380, "Preis"), (480, "Betrag")]:
        c.drawString(x, y, h)
    for x, v in zip([50, 300, 380, 480], ["Frästeile", "4", "12,50", "50,00"], strict=True):
        c.drawString(x, y - 14, v)
    c.drawString(380, y - 50, "Summe")
    c.drawString(480, y - 50, "50,00 EUR")
    c.setFont("Helvetica", 7)
    c.drawString(50, 60, f"{VENDOR} · Am Hafen 2 · 28195 Bremen")
    c.drawString(50, 50, "IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX")
    c.save()
    return path


def test_a_known_vendors_name_printed_in_the_footer_is_read_from_master_data(tmp_path):
    path = footer_vendor_page(tmp_path / "footer.pdf")
    vendor = KnownVendor(VENDOR, iban=IBAN)
    warm = extract_file(path, templates=[], layouts=[], parties=Parties(Company(), (vendor,)))
    got = warm["fields"]["vendor_name"]
    assert (got["value"], got["source"]) == (VENDOR, "master-data")
    assert got["bbox"] != [0.0, 0.0, 0.0, 0.0]  # where the page prints it, not only on file
    assert got["page"] == 1 and got["bbox"][1] > H - 100  # the footer line
    cold = extract_file(path, templates=[], layouts=[], parties=Parties())
    assert (cold["fields"].get("vendor_name") or {}).get("source") != "master-data"


def test_the_customer_is_never_the_vendor(tmp_path):
    path = footer_vendor_page(tmp_path / "footer.pdf")
    for parties in (Parties(), Parties(Company(), (KnownVendor(VENDOR, iban=IBAN),))):
        got = extract_file(path, templates=[], layouts=[], parties=parties)["fields"]
        vendor = (got.get("vendor_name") or {}).get("value")
        customer = (got.get("customer_name") or {}).get("value")
        assert vendor is None or customer is None or vendor.casefold() != customer.casefold()
