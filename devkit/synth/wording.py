"""Labels in six languages (en, de, fr here; nl, it, es in ``languages.py``), and how numbers
and dates are printed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from devkit.synth import languages
from devkit.synth.model import Locale

D = Decimal

LOCALES: dict[str, Locale] = {
    "en-US": Locale("en-US", "en", "US", "USD", "en", "mdy_slash", (D("0"),), "LETTER"),
    "en-GB": Locale("en-GB", "en", "GB", "GBP", "en", "long", (D("20"),)),
    "en-IE": Locale("en-IE", "en", "IE", "EUR", "en", "iso", (D("23"),)),
    "de-DE": Locale("de-DE", "de", "DE", "EUR", "de", "dmy_dot", (D("19"), D("7"))),
    "de-AT": Locale("de-AT", "de", "AT", "EUR", "de", "long", (D("20"),)),
    "de-CH": Locale("de-CH", "de", "CH", "CHF", "ch", "dmy_dot", (D("8.1"),)),
    "fr-FR": Locale("fr-FR", "fr", "FR", "EUR", "fr", "dmy_slash", (D("20"), D("5.5"))),
    "fr-BE": Locale("fr-BE", "fr", "BE", "EUR", "fr", "long", (D("21"),)),
    # Only grammar layouts (``grammar.py``) draw these; the fixed layouts keep theirs.
    "nl-NL": Locale("nl-NL", "nl", "NL", "EUR", "de", "dmy_dash", (D("21"), D("9"))),
    "it-IT": Locale("it-IT", "it", "IT", "EUR", "de", "dmy_slash", (D("22"), D("10"), D("4"))),
    "es-ES": Locale("es-ES", "es", "ES", "EUR", "de", "dmy_slash", (D("21"), D("10"), D("4"))),
}

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    **languages.MONTHS,
}

CURRENCY_SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}

# Each label has several wordings; a layout picks one by index (modulo the list length),
# so the same field reads differently from layout to layout.
LABELS: dict[str, dict[str, list[str]]] = {
    "en": {
        "invoice": ["INVOICE", "Invoice", "TAX INVOICE", "Bill"],
        "credit_note": ["CREDIT NOTE", "Credit Note", "CREDIT MEMO", "Credit Memo"],
        "invoice_number": ["Invoice No.", "Invoice #", "Invoice Number", "Bill #"],
        "credit_number": ["Credit Note No.", "Credit #", "Credit Note Number", "Memo #"],
        "invoice_date": ["Invoice Date", "Date", "Date of issue", "Billing date"],
        "due_date": ["Due Date", "Payment due", "Due", "Pay by"],
        "po_number": ["PO Number", "Your order", "P.O. #", "Purchase Order"],
        "customer": ["Bill to", "Invoice to", "Customer", "Sold to"],
        "tax_id": ["VAT No.", "VAT Reg. No.", "Tax ID", "VAT ID"],
        "iban": ["IBAN", "IBAN", "Bank account (IBAN)", "IBAN"],
        "terms": ["Payment terms", "Terms", "Terms of payment", "Terms"],
        "pos": ["Pos.", "Line", "#", "Item"],
        "po_line": ["PO Line", "PO Pos.", "Order line", "PO Ln"],
        "sku": ["Item code", "SKU", "Part No.", "Article"],
        "description": ["Description", "Description", "Item description", "Details"],
        "quantity": ["Qty", "Quantity", "Qty", "Units"],
        "unit": ["Unit", "UoM", "Unit", "U/M"],
        "unit_price": ["Unit price", "Price", "Rate", "Unit Cost"],
        "tax_rate": ["VAT %", "Tax %", "VAT", "Tax"],
        "amount": ["Amount", "Total", "Line total", "Net"],
        "subtotal": ["Subtotal", "Net total", "Total excl. VAT", "Sub-total"],
        "tax": ["VAT", "Tax", "VAT amount", "Sales tax"],
        "total": ["Total", "Amount due", "Total due", "Balance due"],
        "page": ["Page"],
        "continued": ["continued on next page"],
        "terms_text": ["Net {days} days", "Payable within {days} days", "{days} days net"],
    },
    "de": {
        "invoice": ["RECHNUNG", "Rechnung", "Rechnung", "RECHNUNG"],
        "credit_note": ["GUTSCHRIFT", "Gutschrift", "Rechnungskorrektur", "Gutschrift"],
        "invoice_number": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Beleg-Nr."],
        "credit_number": ["Gutschriftsnummer", "Gutschrift-Nr.", "Korrektur-Nr.", "Beleg-Nr."],
        "invoice_date": ["Rechnungsdatum", "Datum", "Belegdatum", "Rechnungsdatum"],
        "due_date": ["Fällig am", "Zahlbar bis", "Fälligkeit", "Fällig am"],
        "po_number": ["Bestellnummer", "Ihre Bestellung", "Bestell-Nr.", "Auftrag"],
        "customer": ["Rechnungsempfänger", "Kunde", "An", "Rechnungsadresse"],
        "tax_id": ["USt-IdNr.", "USt-ID", "UID-Nr.", "USt-IdNr."],
        "iban": ["IBAN", "IBAN", "Bankverbindung IBAN", "IBAN"],
        "terms": ["Zahlungsbedingungen", "Zahlungsziel", "Konditionen", "Zahlung"],
        "pos": ["Pos.", "Pos", "Nr.", "Position"],
        "po_line": ["Best.-Pos.", "BestPos", "Bestellpos.", "Pos. Best."],
        "sku": ["Artikelnr.", "Art.-Nr.", "Material", "Artikel"],
        "description": ["Bezeichnung", "Beschreibung", "Leistung", "Artikelbezeichnung"],
        "quantity": ["Menge", "Anzahl", "Menge", "Anz."],
        "unit": ["Einheit", "ME", "Einh.", "ME"],
        "unit_price": ["Einzelpreis", "E-Preis", "Preis", "Stückpreis"],
        "tax_rate": ["USt. %", "MwSt.", "USt-Satz", "MwSt %"],
        "amount": ["Betrag", "Gesamtpreis", "Summe", "Netto"],
        "subtotal": ["Zwischensumme", "Nettobetrag", "Summe netto", "Netto gesamt"],
        "tax": ["Umsatzsteuer", "MwSt.", "USt.", "zzgl. MwSt."],
        "total": ["Gesamtbetrag", "Rechnungsbetrag", "Summe brutto", "Zu zahlen"],
        "page": ["Seite"],
        "continued": ["Fortsetzung auf der nächsten Seite"],
        "terms_text": ["{days} Tage netto", "Zahlbar innerhalb {days} Tagen", "Netto {days} Tage"],
    },
    "fr": {
        "invoice": ["FACTURE", "Facture", "FACTURE", "Facture"],
        "credit_note": ["AVOIR", "Avoir", "Facture d'avoir", "AVOIR"],
        "invoice_number": ["Facture n°", "N° de facture", "Numéro de facture", "Facture N°"],
        "credit_number": ["Avoir n°", "N° d'avoir", "Numéro d'avoir", "Avoir N°"],
        "invoice_date": ["Date de facture", "Date", "Date d'émission", "Date de facturation"],
        "due_date": ["Échéance", "Date d'échéance", "À payer avant le", "Échéance"],
        "po_number": ["Bon de commande", "Votre commande", "N° de commande", "Commande"],
        "customer": ["Facturé à", "Client", "Destinataire", "Adresse de facturation"],
        "tax_id": ["N° TVA", "TVA intracom.", "N° TVA intracommunautaire", "N° TVA"],
        "iban": ["IBAN", "IBAN", "Coordonnées bancaires IBAN", "IBAN"],
        "terms": ["Conditions de paiement", "Paiement", "Règlement", "Conditions"],
        "pos": ["Pos.", "Ligne", "N°", "Réf."],
        "po_line": ["Ligne cde", "Ligne BC", "Pos. cde", "Ligne commande"],
        "sku": ["Référence", "Réf.", "Code article", "Article"],
        "description": ["Désignation", "Description", "Libellé", "Désignation"],
        "quantity": ["Qté", "Quantité", "Qté", "Quantité"],
        "unit": ["Unité", "U.", "Unité", "U."],
        "unit_price": ["Prix unitaire", "P.U. HT", "Prix HT", "PU"],
        "tax_rate": ["TVA %", "TVA", "Taux TVA", "TVA %"],
        "amount": ["Montant HT", "Total HT", "Montant", "Total"],
        "subtotal": ["Total HT", "Sous-total", "Montant HT", "Total hors taxes"],
        "tax": ["TVA", "Montant TVA", "Total TVA", "TVA"],
        "total": ["Total TTC", "Net à payer", "Montant TTC", "Total à payer"],
        "page": ["Page"],
        "continued": ["suite page suivante"],
        "terms_text": ["{days} jours net", "Paiement à {days} jours", "À {days} jours"],
    },
}

# Wordings real vendors print that the extractor's label vocabulary
# (``extractors/labels.py``) does not list: a vendor whose documents use them defeats the
# rule path's label anchors, which is where a labeller trained on the organisation's
# documents earns its keep. Opt-in (``generate(unlisted=...)``), so existing corpora keep
# their bytes. Keys as in ``LABELS``; a layout picks one by its wording index.
UNLISTED: dict[str, dict[str, list[str]]] = {
    "en": {
        "invoice_number": ["Reference", "Our ref."],
        "invoice_date": ["Issued on", "Tax point"],
        "due_date": ["Settle by", "Payment deadline"],
        "po_number": ["Customer ref.", "Buyer reference"],
        "subtotal": ["Goods value", "Sum of lines"],
        "tax": ["Levy", "Goods & services tax"],
        "total": ["Please remit", "Payable now"],
        "tax_id": ["Fiscal code", "Registration"],
        "terms": ["Settlement", "Credit period"],
    },
    "de": {
        "invoice_number": ["Dokumentnummer", "Vorgang"],
        "invoice_date": ["Ausgestellt am", "Erstellt am"],
        "due_date": ["Spätestens am", "Begleichen bis"],
        "po_number": ["Ihr Zeichen", "Bestellreferenz"],
        "subtotal": ["Warenwert", "Positionen gesamt"],
        "tax": ["Steuerbetrag", "Steueranteil"],
        "total": ["Endsumme", "Zahlbetrag"],
        "tax_id": ["Steuer-ID", "Steuerkennung"],
        "terms": ["Zahlungsfrist", "Skontoregel"],
    },
    "fr": {
        "invoice_number": ["Pièce n°", "Réf. document"],
        "invoice_date": ["Émise le", "Établie le"],
        "due_date": ["Payable le", "Date limite"],
        "po_number": ["Réf. client", "Votre référence"],
        "subtotal": ["Base HT", "Valeur marchandises"],
        "tax": ["Taxe", "Taxes perçues"],
        "total": ["Reste dû", "Solde à régler"],
        "tax_id": ["Identifiant fiscal", "Code fiscal"],
        "terms": ["Modalités", "Délai de règlement"],
    },
}


def _merge() -> None:
    """Add the other languages, appended wordings and grammar-only keys to ``LABELS``."""
    LABELS.update(languages.NEW_LANGUAGES)
    for lang, more in languages.MORE_VARIANTS.items():
        for key, extra in more.items():
            # variants 0-3 are what the fixed layouts print: never shift them
            assert len(LABELS[lang][key]) >= 4, (lang, key)
            LABELS[lang][key] = LABELS[lang][key] + extra
    for lang, keys in languages.GRAMMAR_KEYS.items():
        LABELS[lang].update({k: v for k, v in keys.items() if k not in LABELS[lang]})


_merge()

CLAIM_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "HEALTH INSURANCE CLAIM FORM",
        "claim_number": "Claim No.",
        "policy_number": "Policy No.",
        "claimant_name": "Claimant",
        "provider_name": "Provider",
        "service_date": "Date of service",
        "currency": "Currency",
        "code": "Code",
        "description": "Service",
        "quantity": "Qty",
        "unit_price": "Unit price",
        "amount": "Amount",
        "total_claimed": "Total claimed",
    },
    "de": {
        "title": "ERSTATTUNGSANTRAG KRANKENVERSICHERUNG",
        "claim_number": "Antragsnummer",
        "policy_number": "Versicherungsnummer",
        "claimant_name": "Versicherte Person",
        "provider_name": "Leistungserbringer",
        "service_date": "Behandlungsdatum",
        "currency": "Währung",
        "code": "Ziffer",
        "description": "Leistung",
        "quantity": "Anzahl",
        "unit_price": "Einzelbetrag",
        "amount": "Betrag",
        "total_claimed": "Erstattungsbetrag gesamt",
    },
    "fr": {
        "title": "DEMANDE DE REMBOURSEMENT",
        "claim_number": "N° de demande",
        "policy_number": "N° de contrat",
        "claimant_name": "Assuré",
        "provider_name": "Prestataire",
        "service_date": "Date des soins",
        "currency": "Devise",
        "code": "Code acte",
        "description": "Prestation",
        "quantity": "Qté",
        "unit_price": "Prix unitaire",
        "amount": "Montant",
        "total_claimed": "Total demandé",
    },
}


def label(language: str, key: str, variant: int, *, unlisted: bool = False) -> str:
    """Return the wording of ``key`` in ``language``, variant ``variant`` (cyclic).

    ``unlisted``: a wording from ``UNLISTED`` where it has one for ``key``.
    """
    options = (UNLISTED.get(language, {}) if unlisted else LABELS[language]).get(key)
    options = options or LABELS[language][key]
    return options[variant % len(options)]


def fmt_number(value: Decimal, style: str, places: int = 2) -> str:
    """Return ``value`` printed with the thousands/decimal separators of ``style``."""
    quant = Decimal(1).scaleb(-places) if places else Decimal(1)
    text = f"{abs(value.quantize(quant)):,.{places}f}"  # 1,234.56
    sep, dec = {"en": (",", "."), "de": (".", ","), "fr": (" ", ","), "ch": ("'", ".")}[style]
    text = text.replace(",", "\0").replace(".", dec).replace("\0", sep)
    return ("-" if value < 0 else "") + text


def fmt_quantity(value: Decimal, style: str) -> str:
    """Return a quantity without trailing zeros (``5``, ``2,5``)."""
    places = 0 if value == value.to_integral_value() else 2
    return fmt_number(value, style, places)


def fmt_rate(value: Decimal, style: str) -> str:
    """Return a tax rate as printed (``19``, ``5,5``, ``8.1``)."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if style in ("de", "fr") else text


def fmt_money(value: Decimal, currency: str, style: str, symbol: bool) -> str:
    """Return an amount, with the currency symbol placed the local way if ``symbol``."""
    num = fmt_number(value, style)
    if not symbol:
        return num
    sym = CURRENCY_SYMBOL[currency]
    if currency in ("USD", "GBP") or (currency == "EUR" and style == "en"):
        return f"{sym}{num}"
    return f"{sym} {num}" if currency == "CHF" else f"{num} {sym}"


def fmt_date(value: date, style: str, language: str) -> str:
    """Return a date as printed in ``style`` (iso, dmy_dot, dmy_slash, dmy_dash, mdy_slash,
    long)."""
    if style == "iso":
        return value.isoformat()
    if style == "dmy_dot":
        return value.strftime("%d.%m.%Y")
    if style == "dmy_slash":
        return value.strftime("%d/%m/%Y")
    if style == "mdy_slash":
        return value.strftime("%m/%d/%Y")
    if style == "dmy_dash":
        return value.strftime("%d-%m-%Y")
    month = MONTHS[language].split()[value.month - 1]
    if language == "de":
        return f"{value.day}. {month} {value.year}"
    if language == "es":
        return f"{value.day} de {month} de {value.year}"
    return f"{value.day} {month} {value.year}"


def terms_text(language: str, days: int, variant: int) -> str:
    """Return the payment terms sentence, e.g. ``Net 30 days``."""
    return label(language, "terms_text", variant).format(days=days)
