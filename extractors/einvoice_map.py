"""Map CII (UN/CEFACT) and UBL 2.1 XML to the contract's fields and lines.

Elements are addressed by local name, so the mapping does not care which
namespace prefixes a producer chose.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

CREDIT_CODES = {"381", "396", "532"}
UNIT_CODES = {"C62": "EA", "H87": "EA", "EA": "EA", "XPP": "EA"}


def _kids(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name]


def find(el: etree._Element | None, path: str) -> etree._Element | None:
    """Return the first element at a '/'-separated path of local names."""
    for step in path.split("/"):
        kids = _kids(el, step)
        if not kids:
            return None
        el = kids[0]
    return el


def text(el: etree._Element | None, path: str) -> str | None:
    """Return the whitespace-normalised text at ``path``, or None."""
    node = find(el, path) if path else el
    if node is None or node.text is None:
        return None
    return " ".join(node.text.split()) or None


def _dec(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return format(Decimal(value), "f")
    except InvalidOperation:
        return None


def _rate(value: str | None) -> str | None:
    d = _dec(value)
    return format(Decimal(d).normalize(), "f") if d is not None else None


def _cii_date(value: str | None) -> str | None:
    if value and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def _profile(guideline: str | None, default: str) -> str:
    g = (guideline or "").lower()
    if "xrechnung" in g:
        return "xrechnung"
    if "peppol" in g:
        return "peppol-bis"
    if "urn:ferd:" in g:  # ZUGFeRD 1.0 (and its release candidate): basic, comfort, extended
        level = next((v for v in ("extended", "comfort", "basic") if v in g), "")
        return f"zugferd-1-{level}".rstrip("-")
    for level in ("extended", "en16931", "basicwl", "basic", "minimum"):
        if level in g:
            return f"factur-x-{level}" if default == "cii" else f"{default}-{level}"
    return default


def first(el: etree._Element | None, *paths: str) -> str | None:
    """Return the text at the first of ``paths`` that has one (CII D16B or ZUGFeRD 1.0 names)."""
    for path in paths:
        value = text(el, path)
        if value is not None:
            return value
    return None


def node(el: etree._Element | None, *paths: str) -> etree._Element | None:
    """Return the element at the first of ``paths`` that exists."""
    for path in paths:
        found = find(el, path)
        if found is not None:
            return found
    return None


def _compact(value: str | None) -> str | None:
    """Return an IBAN or VAT ID without the spaces it was printed with."""
    return "".join(value.split()).upper() if value else None


def _tax_id(party: etree._Element | None) -> str | None:
    """Return the party's VAT ID (scheme VA), else its fiscal number (FC)."""
    ids = {}
    for reg in _kids(party, "SpecifiedTaxRegistration"):
        el = find(reg, "ID")
        if el is not None and el.text and el.text.strip():
            ids.setdefault(el.get("schemeID") or "", el.text)
    return _compact(ids.get("VA") or ids.get("FC"))


def _when(el: etree._Element | None, path: str) -> str | None:
    """Return an ISO date from a DateTimeString child (2.x, 1.0) or the element itself (1.0 RC)."""
    return _cii_date(first(el, f"{path}/DateTimeString", path))


def _due_date(settlement: etree._Element | None) -> tuple[str | None, str | None]:
    """Return (due date, payment terms text) over every payment-terms element."""
    terms = _kids(settlement, "SpecifiedTradePaymentTerms")
    due = next((d for d in (_when(t, "DueDateDateTime") for t in terms) if d), None)
    words = [w for w in (text(t, "Description") for t in terms) if w]
    return due, ("; ".join(words) if words else None)


def cii_document(root: etree._Element) -> tuple[str, str, dict[str, Any], list[dict[str, Any]]]:
    """Return (kind, profile, fields, lines) from a CrossIndustryInvoice (Factur-X, ZUGFeRD 2.x,
    XRechnung CII) or a ZUGFeRD 1.0 CrossIndustryDocument (and its release-candidate form).
    """
    doc = node(root, "ExchangedDocument", "HeaderExchangedDocument")
    tx = node(root, "SupplyChainTradeTransaction", "SpecifiedSupplyChainTradeTransaction")
    agr = node(tx, "ApplicableHeaderTradeAgreement", "ApplicableSupplyChainTradeAgreement")
    stl = node(tx, "ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement")
    seller, buyer = find(agr, "SellerTradeParty"), find(agr, "BuyerTradeParty")
    sums = node(
        stl,
        "SpecifiedTradeSettlementHeaderMonetarySummation",
        "SpecifiedTradeSettlementMonetarySummation",
    )
    due, terms = _due_date(stl)
    iban = next(
        (
            text(m, "PayeePartyCreditorFinancialAccount/IBANID")
            for m in _kids(stl, "SpecifiedTradeSettlementPaymentMeans")
            if text(m, "PayeePartyCreditorFinancialAccount/IBANID")
        ),
        None,
    )
    fields = {
        "vendor_name": text(seller, "Name"),
        "vendor_tax_id": _tax_id(seller),
        "vendor_iban": _compact(iban),
        "customer_name": text(buyer, "Name"),
        "invoice_number": text(doc, "ID"),
        "invoice_date": _when(doc, "IssueDateTime"),
        "due_date": due,
        "po_number": first(
            agr, "BuyerOrderReferencedDocument/IssuerAssignedID", "BuyerOrderReferencedDocument/ID"
        ),
        "currency": text(stl, "InvoiceCurrencyCode"),
        "subtotal": _dec(text(sums, "TaxBasisTotalAmount")),
        "tax_amount": _dec(_tax_total(sums, text(stl, "InvoiceCurrencyCode"))),
        "total": _dec(text(sums, "GrandTotalAmount")),
        "payment_terms": terms,
    }
    lines = [
        _cii_line(item)
        for item in _kids(tx, "IncludedSupplyChainTradeLineItem")
        if find(item, "SpecifiedTradeProduct") is not None  # not a text-only (note) line
    ]
    kind = "credit_note" if text(doc, "TypeCode") in CREDIT_CODES else "invoice"
    context = node(root, "ExchangedDocumentContext", "SpecifiedExchangedDocumentContext")
    guideline = text(context, "GuidelineSpecifiedDocumentContextParameter/ID")
    return kind, _profile(guideline, "cii"), fields, lines


def _tax_total(sums: etree._Element | None, currency: str | None) -> str | None:
    """Return the tax total in the invoice currency (a second one may be in the tax currency)."""
    amounts = _kids(sums, "TaxTotalAmount")
    for el in amounts:
        if el.text and (el.get("currencyID") in (None, currency)):
            return " ".join(el.text.split())
    return text(amounts[0], "") if amounts else None


def _cii_line(item: etree._Element) -> dict[str, Any]:
    qty = node(
        item,
        "SpecifiedLineTradeDelivery/BilledQuantity",
        "SpecifiedSupplyChainTradeDelivery/BilledQuantity",
    )
    unit = qty.get("unitCode") if qty is not None else None
    agreement = node(item, "SpecifiedLineTradeAgreement", "SpecifiedSupplyChainTradeAgreement")
    settlement = node(item, "SpecifiedLineTradeSettlement", "SpecifiedSupplyChainTradeSettlement")
    return {
        "description": text(item, "SpecifiedTradeProduct/Name"),
        "sku": text(item, "SpecifiedTradeProduct/SellerAssignedID"),
        "quantity": _dec(text(qty, "")) if qty is not None else None,
        "unit": UNIT_CODES.get(unit or "", unit),
        "unit_price": _dec(text(agreement, "NetPriceProductTradePrice/ChargeAmount")),
        "amount": _dec(
            text(settlement, "SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount")
            or text(settlement, "SpecifiedTradeSettlementMonetarySummation/LineTotalAmount")
        ),
        "tax_rate": _rate(
            first(
                settlement,
                "ApplicableTradeTax/RateApplicablePercent",
                "ApplicableTradeTax/ApplicablePercent",
            )
        ),
        "po_line": text(agreement, "BuyerOrderReferencedDocument/LineID"),
        "confidence": 1.0,
    }


def _party_name(party: etree._Element | None) -> str | None:
    return text(party, "PartyLegalEntity/RegistrationName") or text(party, "PartyName/Name")


def ubl_document(root: etree._Element) -> tuple[str, str, dict[str, Any], list[dict[str, Any]]]:
    """Return (kind, profile, fields, lines) from a UBL Invoice or CreditNote."""
    credit = etree.QName(root).localname == "CreditNote"
    seller = find(root, "AccountingSupplierParty/Party")
    buyer = find(root, "AccountingCustomerParty/Party")
    totals = find(root, "LegalMonetaryTotal")
    means = find(root, "PaymentMeans")
    fields = {
        "vendor_name": _party_name(seller),
        "vendor_tax_id": _compact(text(seller, "PartyTaxScheme/CompanyID")),
        "vendor_iban": _compact(text(means, "PayeeFinancialAccount/ID")),
        "customer_name": _party_name(buyer),
        "invoice_number": text(root, "ID"),
        "invoice_date": text(root, "IssueDate"),
        "due_date": text(root, "DueDate") or text(means, "PaymentDueDate"),
        "po_number": text(root, "OrderReference/ID"),
        "currency": text(root, "DocumentCurrencyCode"),
        "subtotal": _dec(text(totals, "TaxExclusiveAmount")),
        "tax_amount": _dec(text(root, "TaxTotal/TaxAmount")),
        "total": _dec(text(totals, "TaxInclusiveAmount")),
        "payment_terms": text(root, "PaymentTerms/Note"),
    }
    tag = "CreditNoteLine" if credit else "InvoiceLine"
    lines = [_ubl_line(ln, credit) for ln in _kids(root, tag)]
    profile = _profile(text(root, "CustomizationID"), "ubl")
    return ("credit_note" if credit else "invoice"), profile, fields, lines


def _ubl_line(ln: etree._Element, credit: bool) -> dict[str, Any]:
    qty = find(ln, "CreditedQuantity" if credit else "InvoicedQuantity")
    unit = qty.get("unitCode") if qty is not None else None
    return {
        "description": text(ln, "Item/Name") or text(ln, "Item/Description"),
        "sku": text(ln, "Item/SellersItemIdentification/ID"),
        "quantity": _dec(text(qty, "")) if qty is not None else None,
        "unit": UNIT_CODES.get(unit or "", unit),
        "unit_price": _dec(text(ln, "Price/PriceAmount")),
        "amount": _dec(text(ln, "LineExtensionAmount")),
        "tax_rate": _rate(text(ln, "Item/ClassifiedTaxCategory/Percent")),
        "po_line": text(ln, "OrderLineReference/LineID"),
        "confidence": 1.0,
    }
