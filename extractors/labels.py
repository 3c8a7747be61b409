"""Label vocabulary (en/de/fr/nl/it/es) for header fields, with a strength per wording.

A label matches at the start of a line, case-insensitively, followed by the end
of the line, a colon or the value. Strength < 1 marks generic words ("Date",
"Total") that a more specific label elsewhere should beat. ``delivery_date`` and
``customer_number`` are read but not reported: their labels ("Date de livraison",
"Data consegna", "N° client") would otherwise be taken for the generic "Date"/"Data"
of the invoice date or the "N°" of its number.
"""

from __future__ import annotations

import re
from functools import lru_cache

# field -> [(pattern, strength)]; patterns are regex fragments over lowercased text.
LABELS: dict[str, list[tuple[str, float]]] = {
    "invoice_number": [
        (r"invoice (?:no\.?|#|number|nr\.?)", 1.0),
        (r"bill (?:#|no\.?)", 1.0),
        (r"rechnungs?-?(?:nummer|nr\.?)", 1.0),
        (r"rechnung (?:nr\.?|no\.?)", 1.0),
        (r"beleg-?nr\.?", 0.9),
        (r"facture (?:n°|no\.?|n\.)", 1.0),
        (r"n° de facture|numéro de facture", 1.0),
        (r"credit note (?:no\.?|number|#)", 1.0),
        (r"credit #|memo #|credit memo (?:no\.?|#)", 1.0),
        (r"gutschrifts?-?(?:nummer|nr\.?)|korrektur-?nr\.?", 1.0),
        (r"avoir (?:n°|no\.?)|n° d'avoir|numéro d'avoir", 1.0),
        (r"document (?:no\.?|number|#)|doc\. no\.?", 0.8),
        (r"(?:no\.?|nr\.?|n°|nº|n\.º|number|nummer|numero|número)", 0.4),
        (r"inv\.? (?:no\.?|#)|re\.?-nr\.?", 1.0),
        (
            r"factuur ?(?:nummer|nr\.?|no\.?)|nummer factuur|factuur-nummer|"
            r"credit ?nota ?(?:nummer|nr\.?)|creditfactuur ?(?:nummer|nr\.?)|creditnr\.?",
            1.0,
        ),
        (
            r"fattura (?:n[°º.]?|nr\.?|numero)|(?:numero|n[°º.]?|nr\.?) (?:di |della )?fattura|"
            r"(?:nota di credito|nota credito|nota) (?:n[°º.]?|nr\.?|numero)|"
            r"(?:numero|n[°º.]?|nr\.?) (?:nota(?: di credito)?|nota credito)",
            1.0,
        ),
        (
            r"factura (?:n\.?[º°o]\.?|núm\.?|número)|n\.?[º°]\.? (?:de )?factura|"
            r"núm\.? (?:de )?factura|número (?:de )?factura|"
            r"(?:abono|rectificativa|factura rectificativa) (?:n\.?[º°]\.?|núm\.?|número)|"
            r"(?:n\.?[º°]\.?|núm\.?|número) (?:de )?(?:abono|rectificativa|factura rectificativa)",
            1.0,
        ),
        (r"numero documento|n\. documento|documento n\.?|número de documento", 0.8),
        (r"réf\.? (?:de la )?facture|référence facture|invoice ref(?:\.|erence)", 0.9),
    ],
    "invoice_date": [
        (r"invoice date|date of issue|billing date|issue date|date issued|credit note date", 1.0),
        (r"rechnungsdatum|belegdatum|gutschriftsdatum", 1.0),
        (r"date de (?:la )?facture|date d'émission|date de facturation", 1.0),
        (r"date|datum|data|fecha", 0.6),
        (r"dated|invoice dated|rechnungs-datum|datum der rechnung|ausstellungsdatum", 0.9),
        (r"date (?:de la )?facture|date de l'avoir", 1.0),
        (
            r"factuurdatum|factuur datum|datum factuur|creditnotadatum|datum creditnota|"
            r"data (?:della )?fattura|data documento|data doc\.|data (?:di )?emissione|"
            r"fecha (?:de )?(?:la )?factura|fecha (?:de )?emisión|fecha (?:de )?expedición|"
            r"fecha (?:del )?(?:abono|documento)",
            1.0,
        ),
        (r"issued at|invoice issued", 0.9),
    ],
    "due_date": [
        (
            r"remit (?:until|by|before)|pay (?:until|before)|payable (?:until|before)|"
            r"to be paid (?:by|until|before)|bitte zahlen sie bis(?: zum)?",
            1.0,
        ),
        (r"due date|payment due|pay by|due by|payable by", 1.0),
        (r"due", 0.8),
        (r"fällig am|zahlbar bis|fälligkeit|fälligkeitsdatum", 1.0),
        (r"date d'échéance|échéance|à payer avant le", 1.0),
        (r"zahlungsziel|zahlbar bis zum|bitte überweisen sie bis zum|bis zum", 0.85),
        (
            r"vervaldatum|te betalen voor|uiterlijk te betalen op|scadenza|"
            r"data (?:di )?scadenza|fecha de vencimiento|vencimiento",
            1.0,
        ),
        (r"payment due date|date due|échéance le|date limite de paiement", 1.0),
        (
            r"vervaldag|uiterste betaaldatum|te betalen vóór|betalen voor|uiterlijk betalen op|"
            r"scadenza (?:pagamento|fattura)|pagamento entro|da pagare entro|"
            r"vto\.?|fecha (?:de )?vto\.?|fecha límite de pago|pagar antes de(?:l)?",
            1.0,
        ),
    ],
    "po_number": [
        (r"bestellung (?:nr\.?|no\.?)(?: (?:des )?kunden?)?|bestell-?nr\.? (?:des )?kunden?", 1.0),
        (r"p\.?o\.? (?:number|no\.?|#)|po-?nr\.?|purchase order(?: no\.?| number| #)?", 1.0),
        (r"your order(?: no\.?)?|order (?:no\.?|number|#)|p\.?o\.?", 0.9),
        (r"bestell-?(?:nummer|nr\.?)|ihre bestellung|auftrag(?:s-?nr\.?)?", 1.0),
        (r"bon de commande|votre commande|n° de commande|commande", 1.0),
        (r"your reference|your ref\.?|order reference|bestellnummer kunde|auftragsnummer", 0.85),
        (
            r"inkoopordernummer|ordernummer|uw (?:order|bestelling)|numero (?:d')?ordine|"
            r"ordine n\.?|n[º°] (?:de )?pedido|pedido",
            0.9,
        ),
        (
            r"customer (?:po|order)(?: no\.?| number| #)?|po ref\.?|"
            r"ihre (?:bestell|auftrags)-?(?:nummer|nr\.?)",
            1.0,
        ),
        (r"réf\.? commande|n° (?:de )?bc|n° commande|numéro de commande|commande n°", 1.0),
        (
            r"uw (?:ordernummer|ordernr\.?|bestelnummer|bestelnr\.?|inkoopordernummer|"
            r"inkooporder)|inkoopordernr\.?|inkooporder(?: nr\.?)?|ordernr\.?|bestelnummer|"
            r"bestelnr\.?|bestelbon(?:nummer| nr\.?)?|po-nummer",
            1.0,
        ),
        (r"uw (?:referentie|kenmerk|ref\.?)", 0.85),
        (
            r"(?:vs\.?|vostro|vostra) (?:ordine|ord\.)(?: n[°º.]?| nr\.?)?|"
            r"rif\.? (?:vs\.? )?ordine|riferimento ordine|(?:numero|n[°º.]?|nr\.?) ordine|"
            r"ordine (?:cliente|d'acquisto|di acquisto|nr\.?|n°)|ord\. n\.?",
            1.0,
        ),
        (r"(?:vs\.?|vostro) rif(?:\.|erimento)", 0.85),
        (
            r"su pedido(?: n\.?[º°])?|(?:n\.?[º°]\.?|núm\.?|número) (?:de )?pedido|"
            r"pedido (?:n\.?[º°]\.?|núm\.?|número|cliente)|(?:ref\.?|referencia) (?:de )?pedido|"
            r"orden de compra(?: n\.?[º°])?|(?:n\.?[º°]\.?|número) (?:de )?orden de compra",
            1.0,
        ),
        (r"su referencia|su ref\.?", 0.85),
    ],
    "subtotal": [
        (r"sub-?total|net total|total excl\.? vat|total net|net amount", 1.0),
        (r"zwischensumme|nettobetrag|summe netto|netto gesamt|gesamt netto", 1.0),
        (r"total ht|sous-total|montant ht|total hors taxes", 1.0),
        (
            r"gesamtbetrag netto|nettosumme|summe netto|netto-?summe|positionssumme|"
            r"summe positionen|total excl\.? tax|amount excl\.? vat|total before tax|net total",
            1.0,
        ),
        (
            r"subtotaal|totaal excl\.? btw|imponibile|totale imponibile|base imponible|total neto",
            1.0,
        ),
        (r"goods total|total before vat|amount before tax|warenwert netto|total net ht", 1.0),
        (r"montant total ht|total h\.t\.|total hors tva|montant hors taxes", 1.0),
        (
            r"totaal excl(?:\.|usief) btw|netto totaal|totaal netto|bedrag excl(?:\.|usief) btw|"
            r"subtotale|totale netto|totale imponibile|imponibile totale|totale merce|"
            r"total sin iva|total base imponible|importe neto|suma neto|subtotal neto",
            1.0,
        ),
    ],
    "tax_amount": [
        (r"value added tax|vat amount|goods and services tax", 1.0),
        (r"vat amount|sales tax|total vat|total tax|tax amount", 1.0),
        (r"vat|tax", 0.8),
        (r"umsatzsteuer|zzgl\.? (?:mwst|ust)\.?|mwst\.?|ust\.?|mehrwertsteuer", 1.0),
        (r"mwst\.?-betrag|ust\.?-betrag|mehrwertsteuerbetrag|umsatzsteuerbetrag", 1.0),
        (r"montant tva|total tva|tva", 1.0),
        (
            r"zuzügl\.? (?:ust|mwst)\.?|zuzüglich (?:ust|mwst|umsatzsteuer)\.?|umsatzs?steuer|"
            r"total taxes|tax total|vat total",
            0.95,
        ),
        (r"btw(?: bedrag)?|totaal btw|iva|totale iva|imposta|impuestos|cuota iva", 0.9),
        (
            r"btw-bedrag|bedrag btw|omzetbelasting|totaal btw|importo iva|totale imposta|"
            r"imposte|i\.v\.a\.|total iva|importe (?:del )?iva|cuota (?:de )?iva|cuota",
            1.0,
        ),
    ],
    "total": [
        (r"gross total(?: amount)?|total gross|gross amount|amount payable|invoice amount", 1.0),
        (r"total due|amount due|balance due|grand total|invoice total|total amount", 1.0),
        (r"total", 0.7),
        (r"gesamtbetrag|rechnungsbetrag|summe brutto|zu zahlen|endbetrag", 1.0),
        (r"gesamtsumme|bruttobetrag|total brutto", 1.0),
        (r"total ttc|net à payer|montant ttc|total à payer", 1.0),
        (
            r"gesamtbetrag brutto|summe brutto|bruttosumme|summe inkl\.? (?:ust|mwst)\.?|"
            r"gesamt brutto|rechnungssumme|total incl\.? (?:vat|tax)|total including (?:vat|"
            r"tax)",
            1.0,
        ),
        (
            r"totaal incl\.? btw|te betalen|totale (?:documento|fattura)|"
            r"importe total|total factura|total a pagar",
            1.0,
        ),
        (r"totaal|totale", 0.7),
        (r"total payable|amount to pay|montant à payer|total ttc à payer", 1.0),
        (
            r"totaalbedrag|totaal incl(?:\.|usief) btw|totaal te betalen|factuurbedrag|"
            r"eindtotaal|te voldoen|"
            r"totale (?:da pagare|generale|complessivo|ivato|iva inclusa|documento)|"
            r"netto a pagare|importo totale|totale a pagare|"
            r"total (?:de la )?factura|total (?:con iva|iva incluido)|importe a pagar|"
            r"líquido a pagar|total importe",
            1.0,
        ),
    ],
    "vendor_tax_id": [
        (r"vat (?:no\.?|reg\.? no\.?|id|number)|tax id|vat registration(?: no\.?)?", 1.0),
        (r"ust-?id(?:nr\.?)?|ust\.?-?idnr\.?|uid-?nr\.?|steuernummer", 1.0),
        (r"n° tva(?: intracommunautaire| intracom\.?)?|tva intracom(?:munautaire|\.)?", 1.0),
        (
            r"tva|vat|btw(?:-?nr\.?| nummer)?|iva|p\.? ?iva|partita iva|nif|cif|ust\.?|"
            r"mwst\.?-?nr\.?",
            0.7,
        ),
        (r"ust\.?-?id\.?-?nr\.?|umsatzsteuer-?id(?:entifikationsnummer)?", 1.0),
        (
            r"btw[- ]?(?:nummer|nr\.?|id|identificatienummer)|p\.? ?iva|partita iva|"
            r"cod\.? iva|n\.?i\.?f\.?(?:[-/]iva)?|c\.?i\.?f\.?(?:/n\.?i\.?f\.?)?|"
            r"nif-iva|n\.?º? iva",
            1.0,
        ),
    ],
    "vendor_iban": [(r"(?:bank account |bankverbindung |coordonnées bancaires )?\(?iban\)?", 1.0)],
    "payment_terms": [
        (r"payment terms|terms of payment|terms", 1.0),
        (r"zahlungsbedingungen|zahlungsziel|konditionen|zahlung", 1.0),
        (r"conditions de paiement|paiement|règlement|conditions", 0.9),
        (r"payment conditions|conditions of payment|zahlungskonditionen|zahlungsweise", 1.0),
        (r"conditions de règlement|modalités de paiement|mode de (?:paiement|règlement)", 1.0),
        (
            r"betalingsvoorwaarden?|betaalvoorwaarden|betaaltermijn|betalingstermijn|"
            r"betalingscondities|betaalconditie|betaalwijze",
            1.0,
        ),
        (
            r"condizioni di pagamento|modalità di pagamento|termini di pagamento|"
            r"cond\.? (?:di )?pag(?:amento|\.)|modalità pagamento|termini pagamento",
            1.0,
        ),
        (
            r"forma de pago|condiciones de pago|términos de pago|plazo de pago|"
            r"método de pago|modo de pago|cond\.? (?:de )?pago",
            1.0,
        ),
        (r"betaling|voorwaarden|pagamento|termini|pago|condiciones", 0.8),
    ],
    "currency": [
        (r"currency|curr\.|währung|whg\.|devise|monnaie", 1.0),
        (r"valuta|munteenheid|divisa|moneda", 1.0),
    ],
    "customer_name": [
        (r"bill to|invoice to|sold to|billed to|customer|ship to", 1.0),
        (r"rechnungsempfänger|rechnungsadresse|kunde|an", 0.9),
        (r"facturé à|client|destinataire|adresse de facturation", 1.0),
        (r"käufer|leistungsempfänger|buyer|acheteur|klant|cliente|destinatario", 0.9),
        (
            r"invoice address|billing address|customer address|bill-to|"
            r"(?:ship|sold) (?:&|and) bill to|bill (?:&|and) ship to|"
            r"kundenanschrift|rechnungsanschrift|empfänger|client facturé|adresse client|"
            r"facturer à|factuuradres|gefactureerd aan|gefactureerd naar|debiteur|"
            r"spett\.le|spettabile|intestatario|intestato a|fatturare a|fatturato a|"
            r"facturar a|facturado a|datos del cliente",
            1.0,
        ),
        (r"aan|committente|cessionario|comprador|adquirente", 0.9),
    ],
    "customer_number": [
        (
            r"customer (?:no\.?|number|id|#)|account (?:no\.?|number)|"
            r"kunden-?(?:nr\.?|nummer)|ihre kd\.?-?nr\.?|kd\.?-?nr\.?|"
            r"n° client|code client|numéro client|"
            r"klantnummer|klantnr\.?|klant nr\.?|debiteurnummer|debiteurnr\.?|"
            r"codice cliente|cod\.? cliente|cliente n[°º.]?|"
            r"n\.?[º°] (?:de )?cliente|código (?:de )?cliente|cliente n\.?[º°]",
            1.0,
        ),
    ],
    "delivery_date": [
        (
            r"delivery date|date of (?:supply|delivery)|ship(?:ping)? date|shipped(?: on)?|"
            r"dispatch date|lieferdatum|leistungsdatum|liefertermin|versanddatum|"
            r"date de livraison|livré le|date d'expédition|"
            r"leverdatum|afleverdatum|leveringsdatum|geleverd op|verzenddatum|"
            r"data (?:di )?consegna|data (?:di )?spedizione|consegnato il|data ddt|"
            r"fecha (?:de )?entrega|fecha (?:de )?envío|entregado el|fecha (?:del )?albarán",
            1.0,
        ),
    ],
    "customer_tax_id": [
        (
            r"(?:ust-?id(?:nr\.?)?|ust\.?-?idnr\.?|vat (?:no\.?|id|number)|"
            r"n° tva) (?:des )?(?:kunden|kunde|client|customer|buyer)",
            1.0,
        ),
        (
            r"(?:customer|client|buyer|kunden|käufer) (?:vat|tax|ust\.?-?id)(?: (?:no\.?|"
            r"number|id|nr\.?))?",
            1.0,
        ),
        (
            r"n° (?:de )?tva (?:client|acheteur)|tva client|btw-?nummer klant|"
            r"partita iva cliente|nif cliente",
            1.0,
        ),
    ],
    "claim_number": [(r"claim (?:no\.?|number|#)|antragsnummer|n° de demande", 1.0)],
    "policy_number": [(r"policy (?:no\.?|number|#)|versicherungsnummer|n° de contrat", 1.0)],
    "claimant_name": [(r"claimant|patient|insured|versicherte person|assuré", 1.0)],
    "provider_name": [(r"provider|leistungserbringer|prestataire", 1.0)],
    "service_date": [(r"date of service|service date|behandlungsdatum|date des soins", 1.0)],
    "total_claimed": [
        (r"total claimed|erstattungsbetrag gesamt|total demandé|amount claimed", 1.0),
    ],
}

# Fields whose value stands on the line below the label (address blocks).
BLOCK_FIELDS = {"customer_name"}


@lru_cache(maxsize=1)
def compiled() -> list[tuple[str, re.Pattern[str], float]]:
    """Return (field, pattern, strength), each anchored at a line start."""
    out = []
    for field, items in LABELS.items():
        for pattern, strength in items:
            out.append((field, re.compile(rf"^(?:{pattern})\s*[:.]?(?=\s|$)"), strength))
    return out


@lru_cache(maxsize=1)
def _prefilters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def union(fields: set[str] | None) -> re.Pattern[str]:
        parts = [
            p for f, items in LABELS.items() if fields is None or f in fields for p, _ in items
        ]
        return re.compile("(?:" + "|".join(f"(?:{p})" for p in parts) + ")")

    return union(None), union(INLINE_FIELDS)


# Fields whose label may also stand mid-line ("Berlin · USt-IdNr.: DE123...").
INLINE_FIELDS = {
    "vendor_tax_id",
    "customer_tax_id",
    "vendor_iban",
    "invoice_number",
    "invoice_date",
    "due_date",
    "po_number",
    "claim_number",
    "policy_number",
}


@lru_cache(maxsize=4096)
def match_labels(text: str) -> tuple[tuple[str, int, int, float], ...]:
    """Return (field, start, end offset, strength) of the labels found in ``text``.

    Labels match at the start of the line or, for ``INLINE_FIELDS``, at any word
    start. Where wordings overlap ("Total" vs "Total HT") only the longest survives.
    """
    low = text.lower()
    hits: list[tuple[str, int, int, float]] = []
    starts = [0] + [i + 1 for i, ch in enumerate(low) if ch == " "]
    anywhere, inline = _prefilters()
    for start in starts:
        # one combined regex rejects most word starts before the per-label patterns run
        if not (anywhere if start == 0 else inline).match(low, start):
            continue
        sub = low[start:]
        found = [
            (f, start, start + m.end(), s * (1.0 if start == 0 else 0.9))
            for f, p, s in compiled()
            if (start == 0 or f in INLINE_FIELDS) and (m := p.match(sub))
        ]
        if found:
            longest = max(h[2] for h in found)
            hits += [h for h in found if h[2] == longest]
    return tuple(hits)


# Literal wordings for fuzzy matching of OCR text ("Beteg-Nr", "Falkg am").
FUZZY_LABELS: dict[str, tuple[str, ...]] = {
    "invoice_number": (
        "invoice no.",
        "invoice number",
        "rechnungsnummer",
        "rechnungs-nr.",
        "rechnung nr.",
        "beleg-nr.",
        "facture n°",
        "n° de facture",
        "numéro de facture",
        "credit note no.",
        "gutschriftsnummer",
        "numéro d'avoir",
        "bill #",
        "invoice #",
    ),
    "invoice_date": (
        "invoice date",
        "date of issue",
        "billing date",
        "rechnungsdatum",
        "belegdatum",
        "date de facture",
        "date d'émission",
        "date de facturation",
    ),
    "due_date": (
        "due date",
        "payment due",
        "fällig am",
        "zahlbar bis",
        "fälligkeit",
        "échéance",
        "date d'échéance",
        "à payer avant le",
        "pay by",
    ),
    "po_number": (
        "purchase order",
        "po number",
        "bestellnummer",
        "bestell-nr.",
        "ihre bestellung",
        "bon de commande",
        "votre commande",
        "n° de commande",
    ),
    "vendor_tax_id": ("ust-idnr.", "vat no.", "vat id", "tax id", "n° tva", "vat reg. no."),
    "customer_name": (
        "rechnungsempfänger",
        "rechnungsadresse",
        "bill to",
        "invoice to",
        "sold to",
        "facturé à",
        "destinataire",
        "adresse de facturation",
    ),
    "subtotal": ("subtotal", "zwischensumme", "nettobetrag", "sous-total", "net total"),
    "tax_amount": ("umsatzsteuer", "vat amount", "montant tva"),
    "total": (
        "gesamtbetrag",
        "rechnungsbetrag",
        "amount due",
        "total due",
        "balance due",
        "total ttc",
        "net à payer",
    ),
    "payment_terms": (
        "payment terms",
        "zahlungsbedingungen",
        "zahlungsziel",
        "conditions de paiement",
    ),
    "claim_number": ("claim no.", "antragsnummer", "n° de demande"),
    "policy_number": ("policy no.", "versicherungsnummer", "n° de contrat"),
    "claimant_name": ("claimant", "versicherte person", "assuré"),
    "provider_name": ("provider", "leistungserbringer", "prestataire"),
    "service_date": ("date of service", "behandlungsdatum", "date des soins"),
    "total_claimed": ("total claimed", "total demandé", "erstattungsbetrag gesamt"),
}


def _fold(text: str) -> str:
    """Return text without accents (OCR often drops or misreads them)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def fuzzy_labels(text: str) -> tuple[tuple[str, int, int, float], ...]:
    """Return a label that OCR misspelt at the start of ``text`` (ratio >= 85), if any."""
    from rapidfuzz import fuzz

    low = _fold(text.lower())
    words = low.split(" ")
    best: tuple[str, int, int, float] | None = None
    best_score = 0.0
    for field, wordings in FUZZY_LABELS.items():
        for w in wordings:
            n = w.count(" ") + 1
            head = " ".join(words[:n])
            if len(w) < 5 or abs(len(head) - len(w)) > 3:
                continue
            score = fuzz.ratio(head.rstrip(":"), _fold(w.rstrip(".")))
            if score >= 85 and score > best_score:
                best, best_score = (field, 0, len(head), 0.85), score
    return (best,) if best else ()
