"""Structured e-invoices: CII (Factur-X/ZUGFeRD EN 16931, XRechnung) and UBL (Peppol BIS).

The XML is built element by element in schema order (lxml) so that it passes the
official CII XSD shipped with the ``factur-x`` library, which also embeds it into the
PDF (PDF/A-3 with the XML attached as ``factur-x.xml``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from devkit.synth.model import InvoiceSpec

NS_CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
NS_UBL = {
    None: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
GUIDELINES = {
    "facturx": "urn:cen.eu:en16931:2017",
    "cii": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
}
# UN/ECE Recommendation 20/21 codes for the units the catalog prints
UNIT_CODES = {
    "EA": "H87",
    "PK": "XPK",
    "BX": "XBX",
    "MON": "MON",
    "NT": "DAY",
    "DAY": "DAY",
    "HUR": "HUR",
    "KWH": "KWH",
    "M3": "MTQ",
    "M": "MTR",
    "KG": "KGM",
    "RL": "XRO",
    "PAL": "XPX",
}


def unit_code(unit: str) -> str:
    """Return the UN/ECE code written in the XML for a printed unit."""
    return UNIT_CODES.get(unit, "C62")


def _d(value: Decimal) -> str:
    return format(value, "f")


def _rate(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _category(rate: Decimal) -> str:
    return "S" if rate > 0 else "Z"


class _Builder:
    """Appends namespaced children in order: ``b.add(parent, "ram:Name", text)``."""

    def __init__(self, ns: dict[str | None, str]):
        self.ns = ns

    def add(
        self, parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        prefix, _, local = tag.rpartition(":")
        el = etree.SubElement(parent, f"{{{self.ns[prefix or None]}}}{local}", attrs)
        if text is not None:
            el.text = text
        return el

    def path(
        self, parent: etree._Element, *tags: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        for tag in tags[:-1]:
            parent = self.add(parent, tag)
        return self.add(parent, tags[-1], text, **attrs)


def _cii_date(b: _Builder, parent: etree._Element, tag: str, value: date) -> None:
    b.path(parent, tag, "udt:DateTimeString", text=value.strftime("%Y%m%d"), format="102")


def _cii_party(
    b: _Builder, parent: etree._Element, tag: str, spec: InvoiceSpec, seller: bool
) -> None:
    party = spec.vendor.party if seller else spec.customer
    el = b.add(parent, tag)
    b.add(el, "ram:Name", party.name)
    postcode, _, city = (
        party.city.partition(" ") if party.city[:1].isdigit() else ("", "", party.city)
    )
    addr = b.add(el, "ram:PostalTradeAddress")
    if postcode:
        b.add(addr, "ram:PostcodeCode", postcode)
    b.add(addr, "ram:LineOne", party.street)
    b.add(addr, "ram:CityName", city)
    b.add(addr, "ram:CountryID", party.country)
    if party.tax_id:
        scheme = "VA" if party.country != "US" else "FC"
        b.path(
            el,
            "ram:SpecifiedTaxRegistration",
            "ram:ID",
            text=party.tax_id.replace(" MWST", "").replace("-", "").replace(".", "")
            if scheme == "VA"
            else party.tax_id,
            schemeID=scheme,
        )


def _cii_line(b: _Builder, parent: etree._Element, spec: InvoiceSpec, i: int) -> None:
    ln = spec.lines[i]
    item = b.add(parent, "ram:IncludedSupplyChainTradeLineItem")
    b.path(item, "ram:AssociatedDocumentLineDocument", "ram:LineID", text=str(i + 1))
    prod = b.add(item, "ram:SpecifiedTradeProduct")
    b.add(prod, "ram:SellerAssignedID", ln.sku)
    b.add(prod, "ram:Name", ln.description)
    agr = b.add(item, "ram:SpecifiedLineTradeAgreement")
    if ln.po_line:
        b.path(agr, "ram:BuyerOrderReferencedDocument", "ram:LineID", text=ln.po_line)
    b.path(agr, "ram:NetPriceProductTradePrice", "ram:ChargeAmount", text=_d(ln.unit_price))
    b.path(
        item,
        "ram:SpecifiedLineTradeDelivery",
        "ram:BilledQuantity",
        text=_d(ln.quantity),
        unitCode=unit_code(ln.unit),
    )
    st = b.add(item, "ram:SpecifiedLineTradeSettlement")
    tax = b.add(st, "ram:ApplicableTradeTax")
    b.add(tax, "ram:TypeCode", "VAT")
    b.add(tax, "ram:CategoryCode", _category(ln.tax_rate))
    b.add(tax, "ram:RateApplicablePercent", _rate(ln.tax_rate))
    b.path(
        st,
        "ram:SpecifiedTradeSettlementLineMonetarySummation",
        "ram:LineTotalAmount",
        text=_d(ln.amount),
    )


def _cii_settlement(b: _Builder, tx: etree._Element, spec: InvoiceSpec) -> None:
    st = b.add(tx, "ram:ApplicableHeaderTradeSettlement")
    b.add(st, "ram:InvoiceCurrencyCode", spec.currency)
    if spec.iban:
        pm = b.add(st, "ram:SpecifiedTradeSettlementPaymentMeans")
        b.add(pm, "ram:TypeCode", "58")
        b.path(pm, "ram:PayeePartyCreditorFinancialAccount", "ram:IBANID", text=spec.iban)
    for rate, base, tax in spec.tax_breakdown():
        el = b.add(st, "ram:ApplicableTradeTax")
        b.add(el, "ram:CalculatedAmount", _d(tax))
        b.add(el, "ram:TypeCode", "VAT")
        if rate == 0:
            b.add(el, "ram:ExemptionReason", "Zero rated")
        b.add(el, "ram:BasisAmount", _d(base))
        b.add(el, "ram:CategoryCode", _category(rate))
        b.add(el, "ram:RateApplicablePercent", _rate(rate))
    terms = b.add(st, "ram:SpecifiedTradePaymentTerms")
    b.add(terms, "ram:Description", spec.payment_terms)
    _cii_date(b, terms, "ram:DueDateDateTime", spec.due_date)
    sums = b.add(st, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    b.add(sums, "ram:LineTotalAmount", _d(spec.subtotal))
    b.add(sums, "ram:TaxBasisTotalAmount", _d(spec.subtotal))
    b.add(sums, "ram:TaxTotalAmount", _d(spec.tax_amount), currencyID=spec.currency)
    b.add(sums, "ram:GrandTotalAmount", _d(spec.printed_total))
    b.add(sums, "ram:DuePayableAmount", _d(spec.printed_total))


def cii_xml(spec: InvoiceSpec, *, profile: str = "facturx") -> bytes:
    """Return the invoice as UN/CEFACT CII XML (Factur-X EN 16931 or XRechnung 3.0)."""
    b = _Builder(NS_CII)  # type: ignore[arg-type]
    root = etree.Element(f"{{{NS_CII['rsm']}}}CrossIndustryInvoice", nsmap=NS_CII)
    ctx = b.add(root, "rsm:ExchangedDocumentContext")
    b.path(
        ctx, "ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID", text=GUIDELINES[profile]
    )
    doc = b.add(root, "rsm:ExchangedDocument")
    b.add(doc, "ram:ID", spec.invoice_number)
    b.add(doc, "ram:TypeCode", "381" if spec.kind == "credit_note" else "380")
    _cii_date(b, doc, "ram:IssueDateTime", spec.invoice_date)
    tx = b.add(root, "rsm:SupplyChainTradeTransaction")
    for i in range(len(spec.lines)):
        _cii_line(b, tx, spec, i)
    agr = b.add(tx, "ram:ApplicableHeaderTradeAgreement")
    b.add(agr, "ram:BuyerReference", spec.po_number or "n/a")
    _cii_party(b, agr, "ram:SellerTradeParty", spec, True)
    _cii_party(b, agr, "ram:BuyerTradeParty", spec, False)
    if spec.po_number:
        b.path(agr, "ram:BuyerOrderReferencedDocument", "ram:IssuerAssignedID", text=spec.po_number)
    b.add(tx, "ram:ApplicableHeaderTradeDelivery")
    _cii_settlement(b, tx, spec)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _ubl_party(
    b: _Builder, parent: etree._Element, tag: str, spec: InvoiceSpec, seller: bool
) -> None:
    party = spec.vendor.party if seller else spec.customer
    el = b.add(b.add(parent, tag), "cac:Party")
    addr = b.add(el, "cac:PostalAddress")
    b.add(addr, "cbc:StreetName", party.street)
    b.add(addr, "cbc:CityName", party.city)
    b.path(addr, "cac:Country", "cbc:IdentificationCode", text=party.country)
    if party.tax_id:
        pts = b.add(el, "cac:PartyTaxScheme")
        b.add(pts, "cbc:CompanyID", party.tax_id)
        b.path(pts, "cac:TaxScheme", "cbc:ID", text="VAT")
    b.path(el, "cac:PartyLegalEntity", "cbc:RegistrationName", text=party.name)


def _ubl_tax_category(b: _Builder, parent: etree._Element, tag: str, rate: Decimal) -> None:
    cat = b.add(parent, tag)
    b.add(cat, "cbc:ID", _category(rate))
    b.add(cat, "cbc:Percent", _rate(rate))
    b.path(cat, "cac:TaxScheme", "cbc:ID", text="VAT")


def ubl_xml(spec: InvoiceSpec) -> bytes:
    """Return the invoice as UBL 2.1 (Peppol BIS Billing 3.0)."""
    b = _Builder(NS_UBL)
    cur = {"currencyID": spec.currency}
    root = etree.Element(f"{{{NS_UBL[None]}}}Invoice", nsmap=NS_UBL)  # type: ignore[arg-type]
    b.add(
        root,
        "cbc:CustomizationID",
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    )
    b.add(root, "cbc:ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    b.add(root, "cbc:ID", spec.invoice_number)
    b.add(root, "cbc:IssueDate", spec.invoice_date.isoformat())
    b.add(root, "cbc:DueDate", spec.due_date.isoformat())
    b.add(root, "cbc:InvoiceTypeCode", "380")
    b.add(root, "cbc:DocumentCurrencyCode", spec.currency)
    b.add(root, "cbc:BuyerReference", spec.po_number or "n/a")
    if spec.po_number:
        b.path(root, "cac:OrderReference", "cbc:ID", text=spec.po_number)
    _ubl_party(b, root, "cac:AccountingSupplierParty", spec, True)
    _ubl_party(b, root, "cac:AccountingCustomerParty", spec, False)
    if spec.iban:
        pm = b.add(root, "cac:PaymentMeans")
        b.add(pm, "cbc:PaymentMeansCode", "58")
        b.path(pm, "cac:PayeeFinancialAccount", "cbc:ID", text=spec.iban)
    b.path(root, "cac:PaymentTerms", "cbc:Note", text=spec.payment_terms)
    total = b.add(root, "cac:TaxTotal")
    b.add(total, "cbc:TaxAmount", _d(spec.tax_amount), **cur)
    for rate, base, tax in spec.tax_breakdown():
        sub = b.add(total, "cac:TaxSubtotal")
        b.add(sub, "cbc:TaxableAmount", _d(base), **cur)
        b.add(sub, "cbc:TaxAmount", _d(tax), **cur)
        _ubl_tax_category(b, sub, "cac:TaxCategory", rate)
    sums = b.add(root, "cac:LegalMonetaryTotal")
    b.add(sums, "cbc:LineExtensionAmount", _d(spec.subtotal), **cur)
    b.add(sums, "cbc:TaxExclusiveAmount", _d(spec.subtotal), **cur)
    b.add(sums, "cbc:TaxInclusiveAmount", _d(spec.printed_total), **cur)
    b.add(sums, "cbc:PayableAmount", _d(spec.printed_total), **cur)
    for i, ln in enumerate(spec.lines):
        el = b.add(root, "cac:InvoiceLine")
        b.add(el, "cbc:ID", str(i + 1))
        b.add(el, "cbc:InvoicedQuantity", _d(ln.quantity), unitCode=unit_code(ln.unit))
        b.add(el, "cbc:LineExtensionAmount", _d(ln.amount), **cur)
        if ln.po_line:
            b.path(el, "cac:OrderLineReference", "cbc:LineID", text=ln.po_line)
        item = b.add(el, "cac:Item")
        b.add(item, "cbc:Name", ln.description)
        b.path(item, "cac:SellersItemIdentification", "cbc:ID", text=ln.sku)
        _ubl_tax_category(b, item, "cac:ClassifiedTaxCategory", ln.tax_rate)
        b.path(el, "cac:Price", "cbc:PriceAmount", text=_d(ln.unit_price), **cur)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@contextmanager
def _fixed_clock(when: date) -> Iterator[None]:
    """Pin factur-x's timestamps (PDF dates and XMP) to ``when``: the library reads the
    wall clock, which would make the same corpus differ from run to run."""
    from facturx import facturx as fx

    stamp = datetime(when.year, when.month, when.day, 9, 0, tzinfo=UTC)
    saved = fx._get_pdf_timestamp, fx._get_metadata_timestamp
    fx._get_pdf_timestamp = lambda date=None: saved[0](date or stamp)
    fx._get_metadata_timestamp = lambda: stamp.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    try:
        yield
    finally:
        fx._get_pdf_timestamp, fx._get_metadata_timestamp = saved


def facturx_pdf(spec: InvoiceSpec, pdf: bytes) -> bytes:
    """Return ``pdf`` as a Factur-X (EN 16931) PDF/A-3 with the CII XML embedded."""
    import facturx

    with _fixed_clock(spec.invoice_date):
        return _facturx_pdf(facturx, spec, pdf)


def _facturx_pdf(facturx: Any, spec: InvoiceSpec, pdf: bytes) -> bytes:
    xml = cii_xml(spec, profile="facturx")
    meta = {
        "author": spec.vendor.party.name,
        "keywords": "Factur-X, Invoice",
        "title": f"{spec.vendor.party.name}: {spec.invoice_number}",
        "subject": f"Invoice {spec.invoice_number}",
    }
    return facturx.generate_from_binary(
        pdf,
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata=meta,
        lang={"de": "de-DE", "fr": "fr-FR"}.get(spec.locale.language, "en-GB"),
    )


def einvoice_files(spec: InvoiceSpec, pdf: bytes, fmt: str) -> list[tuple[str, bytes]]:
    """Return ``(relative path, bytes)`` of the e-invoice in format facturx | cii | ubl."""
    if fmt == "facturx":
        return [(f"einvoices/{spec.name}.pdf", facturx_pdf(spec, pdf))]
    xml = ubl_xml(spec) if fmt == "ubl" else cii_xml(spec, profile="cii")
    return [(f"einvoices/{spec.name}.xml", xml)]
