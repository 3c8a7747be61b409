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
    for level in ("extended", "en16931", "basicwl", "basic", "minimum"):
        if level in g:
            return f"factur-x-{level}" if default == "cii" else f"{default}-{level}"
    return default


def cii_document(root: etree._Element) -> tuple[str, str, dict[str, Any], list[dict[str, Any]]]:
    """Return (kind, profile, fields, lines) from a CrossIndustryInvoice."""
    doc = find(root, "ExchangedDocument")
    tx = find(root, "SupplyChainTradeTransaction")
    agr = find(tx, "ApplicableHeaderTradeAgreement")
    stl = find(tx, "ApplicableHeaderTradeSettlement")
    seller, buyer = find(agr, "SellerTradeParty"), find(agr, "BuyerTradeParty")
    sums = find(stl, "SpecifiedTradeSettlementHeaderMonetarySummation")
    terms = find(stl, "SpecifiedTradePaymentTerms")
    tax_id = next(
        (
            text(r, "ID")
            for r in _kids(seller, "SpecifiedTaxRegistration")
            if (find(r, "ID") is not None and find(r, "ID").get("schemeID") == "VA")
        ),
        None,
    )
    fields = {
        "vendor_name": text(seller, "Name"),
        "vendor_tax_id": tax_id,
        "vendor_iban": text(
            stl, "SpecifiedTradeSettlementPaymentMeans/PayeePartyCreditorFinancialAccount/IBANID"
        ),
        "customer_name": text(buyer, "Name"),
        "invoice_number": text(doc, "ID"),
        "invoice_date": _cii_date(text(doc, "IssueDateTime/DateTimeString")),
        "due_date": _cii_date(text(terms, "DueDateDateTime/DateTimeString")),
        "po_number": text(agr, "BuyerOrderReferencedDocument/IssuerAssignedID"),
        "currency": text(stl, "InvoiceCurrencyCode"),
        "subtotal": _dec(text(sums, "TaxBasisTotalAmount")),
        "tax_amount": _dec(text(sums, "TaxTotalAmount")),
        "total": _dec(text(sums, "GrandTotalAmount")),
        "payment_terms": text(terms, "Description"),
    }
    lines = [_cii_line(item) for item in _kids(tx, "IncludedSupplyChainTradeLineItem")]
    kind = "credit_note" if text(doc, "TypeCode") in CREDIT_CODES else "invoice"
    guideline = text(root, "ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID")
    return kind, _profile(guideline, "cii"), fields, lines


def _cii_line(item: etree._Element) -> dict[str, Any]:
    qty = find(item, "SpecifiedLineTradeDelivery/BilledQuantity")
    unit = qty.get("unitCode") if qty is not None else None
    return {
        "description": text(item, "SpecifiedTradeProduct/Name"),
        "sku": text(item, "SpecifiedTradeProduct/SellerAssignedID"),
        "quantity": _dec(text(qty, "")) if qty is not None else None,
        "unit": UNIT_CODES.get(unit or "", unit),
        "unit_price": _dec(
            text(item, "SpecifiedLineTradeAgreement/NetPriceProductTradePrice/ChargeAmount")
        ),
        "amount": _dec(
            text(
                item,
                "SpecifiedLineTradeSettlement/"
                "SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount",
            )
        ),
        "tax_rate": _rate(
            text(item, "SpecifiedLineTradeSettlement/ApplicableTradeTax/RateApplicablePercent")
        ),
        "po_line": text(item, "SpecifiedLineTradeAgreement/BuyerOrderReferencedDocument/LineID"),
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
        "vendor_tax_id": text(seller, "PartyTaxScheme/CompanyID"),
        "vendor_iban": text(means, "PayeeFinancialAccount/ID"),
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
