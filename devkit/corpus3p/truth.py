"""Truth from an e-invoice XML instance (UBL Invoice / CreditNote, UN/CEFACT CII).

Written for the corpus, independently of the product's e-invoice reader, from the EN 16931
business terms (BT numbers below): header fields in the extraction contract's value formats
(ISO dates, ``.`` decimals, ISO currency, IBAN and VAT ID without spaces) and line items.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

CREDIT_CODES = {"381", "396", "81", "83", "532"}


def _x(node: Any, path: str) -> list[Any]:
    """XPath with ``*:name`` steps written as plain names (namespaces ignored)."""
    steps = "/".join(
        s if s in ("", ".", "..") or s.startswith("@") else f"*[local-name()='{s}']"
        for s in path.split("/")
    )
    return node.xpath(steps)


def _t(node: Any, path: str) -> str | None:
    for hit in _x(node, path):
        text = hit if isinstance(hit, str) else (hit.text or "")
        text = " ".join(text.split())
        if text:
            return text
    return None


def _money(v: str | None) -> str | None:
    if v is None:
        return None
    try:
        return str(Decimal(v).quantize(Decimal("0.01")))
    except InvalidOperation:
        return None


def _qty(v: str | None) -> str | None:
    if v is None:
        return None
    try:
        d = Decimal(v).normalize()
    except InvalidOperation:
        return None
    return f"{d:f}"


def _price(v: str | None) -> str | None:
    """A unit price keeps its precision but at least two decimals."""
    if v is None:
        return None
    try:
        d = Decimal(v).normalize()
    except InvalidOperation:
        return None
    return str(d.quantize(Decimal("0.01"))) if -d.as_tuple().exponent <= 2 else f"{d:f}"


def _date(v: str | None) -> str | None:
    if not v:
        return None
    v = v.strip()
    if len(v) == 8 and v.isdigit():  # CII format 102
        v = f"{v[:4]}-{v[4:6]}-{v[6:]}"
    try:  # a test case with a malformed date has no date truth
        return date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        return None


def _compact(v: str | None) -> str | None:
    return "".join(v.split()).upper() if v else None


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "")}


def ubl(root: Any) -> dict[str, Any]:
    credit = etree.QName(root).localname == "CreditNote"
    code = _t(root, "./InvoiceTypeCode") or _t(root, "./CreditNoteTypeCode") or ""
    sup = "./AccountingSupplierParty/Party"
    cus = "./AccountingCustomerParty/Party"
    vat = None
    for scheme in _x(root, f"{sup}/PartyTaxScheme"):
        if (_t(scheme, "./TaxScheme/ID") or "").upper() == "VAT":
            vat = _t(scheme, "./CompanyID")
            break
    currency = _t(root, "./DocumentCurrencyCode")
    tax = None
    for tt in _x(root, "./TaxTotal/TaxAmount"):
        if tt.get("currencyID") in (None, currency):
            tax = tt.text
            break
    iban = None
    for pm in _x(root, "./PaymentMeans"):
        if _t(pm, "./PaymentMeansCode") in ("30", "58"):
            iban = _t(pm, "./PayeeFinancialAccount/ID")
            break
    mon = "./LegalMonetaryTotal"
    fields = {
        "invoice_number": _t(root, "./ID"),  # BT-1
        "invoice_date": _date(_t(root, "./IssueDate")),  # BT-2
        "due_date": _date(_t(root, "./DueDate") or _t(root, "./PaymentMeans/PaymentDueDate")),
        "vendor_name": _t(root, f"{sup}/PartyLegalEntity/RegistrationName")  # BT-27
        or _t(root, f"{sup}/PartyName/Name"),
        "vendor_tax_id": _compact(vat),  # BT-31
        "vendor_iban": _compact(iban),  # BT-84
        "customer_name": _t(root, f"{cus}/PartyLegalEntity/RegistrationName")  # BT-44
        or _t(root, f"{cus}/PartyName/Name"),
        "po_number": _t(root, "./OrderReference/ID"),  # BT-13
        "currency": currency,  # BT-5
        "subtotal": _money(_t(root, f"{mon}/TaxExclusiveAmount")),  # BT-109
        "tax_amount": _money(tax),  # BT-110
        "total": _money(_t(root, f"{mon}/TaxInclusiveAmount")),  # BT-112
    }
    lines = []
    for ln in _x(root, "./CreditNoteLine" if credit else "./InvoiceLine"):
        qty = _t(ln, "./CreditedQuantity" if credit else "./InvoicedQuantity")
        lines.append(
            _clean(
                {
                    "description": _t(ln, "./Item/Name"),  # BT-153
                    "quantity": _qty(qty),  # BT-129
                    "unit_price": _price(_t(ln, "./Price/PriceAmount")),  # BT-146
                    "amount": _money(_t(ln, "./LineExtensionAmount")),  # BT-131
                    "sku": _t(ln, "./Item/SellersItemIdentification/ID"),  # BT-155
                }
            )
        )
    kind = "credit_note" if credit or code in CREDIT_CODES else "invoice"
    return {"kind": kind, "syntax": "UBL", "fields": _clean(fields), "lines": lines}


def cii(root: Any) -> dict[str, Any]:
    tx = "./SupplyChainTradeTransaction"
    agr = f"{tx}/ApplicableHeaderTradeAgreement"
    stl = f"{tx}/ApplicableHeaderTradeSettlement"
    code = _t(root, "./ExchangedDocument/TypeCode") or ""
    vat = None
    for reg in _x(root, f"{agr}/SellerTradeParty/SpecifiedTaxRegistration/ID"):
        if reg.get("schemeID") == "VA":
            vat = reg.text
            break
    currency = _t(root, f"{stl}/InvoiceCurrencyCode")
    summ = f"{stl}/SpecifiedTradeSettlementHeaderMonetarySummation"
    tax = None
    for tt in _x(root, f"{summ}/TaxTotalAmount"):
        if tt.get("currencyID") in (None, currency):
            tax = tt.text
            break
    iban = None
    for pm in _x(root, f"{stl}/SpecifiedTradeSettlementPaymentMeans"):
        if _t(pm, "./TypeCode") in ("30", "58"):
            iban = _t(pm, "./PayeePartyCreditorFinancialAccount/IBANID")
            break
    fields = {
        "invoice_number": _t(root, "./ExchangedDocument/ID"),
        "invoice_date": _date(_t(root, "./ExchangedDocument/IssueDateTime/DateTimeString")),
        "due_date": _date(
            _t(root, f"{stl}/SpecifiedTradePaymentTerms/DueDateDateTime/DateTimeString")
        ),
        "vendor_name": _t(root, f"{agr}/SellerTradeParty/Name"),
        "vendor_tax_id": _compact(vat),
        "vendor_iban": _compact(iban),
        "customer_name": _t(root, f"{agr}/BuyerTradeParty/Name"),
        "po_number": _t(root, f"{agr}/BuyerOrderReferencedDocument/IssuerAssignedID"),
        "currency": currency,
        "subtotal": _money(_t(root, f"{summ}/TaxBasisTotalAmount")),
        "tax_amount": _money(tax),
        "total": _money(_t(root, f"{summ}/GrandTotalAmount")),
    }
    lines = []
    for ln in _x(root, f"{tx}/IncludedSupplyChainTradeLineItem"):
        lines.append(
            _clean(
                {
                    "description": _t(ln, "./SpecifiedTradeProduct/Name"),
                    "quantity": _qty(_t(ln, "./SpecifiedLineTradeDelivery/BilledQuantity")),
                    "unit_price": _price(
                        _t(
                            ln,
                            "./SpecifiedLineTradeAgreement/NetPriceProductTradePrice/ChargeAmount",
                        )
                    ),
                    "amount": _money(
                        _t(
                            ln,
                            "./SpecifiedLineTradeSettlement/"
                            "SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount",
                        )
                    ),
                    "sku": _t(ln, "./SpecifiedTradeProduct/SellerAssignedID"),
                }
            )
        )
    kind = "credit_note" if code in CREDIT_CODES else "invoice"
    return {"kind": kind, "syntax": "CII", "fields": _clean(fields), "lines": lines}


def read(path: Path) -> dict[str, Any] | None:
    """Return ``{kind, syntax, fields, lines}`` for an e-invoice XML, or None for others."""
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
    except etree.XMLSyntaxError:
        return None
    name = etree.QName(root).localname
    if name in ("Invoice", "CreditNote"):
        return ubl(root)
    if name == "CrossIndustryInvoice":
        return cii(root)
    return None
