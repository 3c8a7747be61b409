"""Two more template families: Kimai's DIN 5008 invoice (Twig, German) and Aerix's Nota
invoice (Handlebars, Dutch or English by the client's country, as the template decides).

Neither template engine is a dependency: a small reader below walks the vendored
template's own tags (``if``/``else``, ``for``/``each``, output tags) and fills each output
tag from a table of values built here from an ``Invoice``; an output tag the table lacks
is an error, so nothing of the template's sample text or syntax reaches the page. The
templates keep their own CSS and markup; remote logos are dropped (no network), and the
few rules their PDF engines needed (mPDF page header/footer, PhantomJS page padding) are
given to Chromium in a short stylesheet of our own after theirs.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from devkit.corpus3p.values import Invoice, long_date

SOURCES = Path(__file__).resolve().parent / "sources"
KIMAI = SOURCES / "kimai-din5008" / "din5008-invoice" / "din5008-invoice.pdf.twig"
AERIX = SOURCES / "aerix-nota"

# --- a reader for the subset of Twig and Handlebars the two templates use ---------------

_TWIG = re.compile(r"\{#.*?#\}|\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_HBS = re.compile(r"\{\{!--.*?--\}\}|\{\{\s*(.*?)\s*\}\}", re.S)


def _tokens(src: str, twig: bool) -> list[tuple[str, str]]:
    """Split a template into ("text", s), ("out", expr), ("if", cond), ("else", ""),
    ("end", ""), ("for", "var in seq") tokens; comments, Twig ``set`` and ``block``
    tags are dropped (the values table stands for what they compute)."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in (_TWIG if twig else _HBS).finditer(src):
        out.append(("text", src[pos : m.start()]))
        pos = m.end()
        if twig:
            stmt, expr = m.group(1), m.group(2)
            if expr is not None:
                out.append(("out", " ".join(expr.split())))
            elif stmt is not None:
                word, _, rest = stmt.partition(" ")
                if word == "if":
                    out.append(("if", " ".join(rest.split())))
                elif word == "else":
                    out.append(("else", ""))
                elif word in ("endif", "endfor"):
                    out.append(("end", ""))
                elif word == "for":
                    out.append(("for", " ".join(rest.split())))
                elif word not in ("set", "block", "endblock"):
                    raise ValueError(f"twig tag not handled: {stmt!r}")
        else:
            expr = m.group(1)
            if expr is None:
                continue
            expr = " ".join(expr.split())
            if expr.startswith("#if "):
                out.append(("if", expr[4:]))
            elif expr.startswith("#each "):
                out.append(("for", f"this in {expr[6:]}"))
            elif expr == "else":
                out.append(("else", ""))
            elif expr in ("/if", "/each"):
                out.append(("end", ""))
            else:
                out.append(("out", expr))
    out.append(("text", src[pos:]))
    return out


def _tree(tokens: list[tuple[str, str]], i: int = 0) -> tuple[list, int]:
    """Nest the tokens: ("if", cond, then, else) and ("for", head, body) nodes."""
    nodes: list = []
    while i < len(tokens):
        kind, arg = tokens[i]
        if kind in ("else", "end"):
            return nodes, i
        if kind == "if":
            then, i = _tree(tokens, i + 1)
            other: list = []
            if i < len(tokens) and tokens[i][0] == "else":
                other, i = _tree(tokens, i + 1)
            if i >= len(tokens):
                raise ValueError(f"unbalanced template tags: if {arg!r} is not closed")
            nodes.append(("if", arg, then, other))
        elif kind == "for":
            body, i = _tree(tokens, i + 1)
            if i >= len(tokens):
                raise ValueError(f"unbalanced template tags: for {arg!r} is not closed")
            nodes.append(("for", arg, body))
        else:
            nodes.append((kind, arg))
        i += 1
    return nodes, i


class Values:
    """The values table: expression (whitespace collapsed) -> text, markup, bool or list
    of row tables (for loops). Text is escaped; ``Markup`` is written as is."""

    def __init__(self, table: dict[str, Any], parent: Values | None = None,
                 call: Callable[[str, Values], Any] | None = None) -> None:  # fmt: skip
        self.table, self.parent, self.call = table, parent, call

    def get(self, expr: str) -> Any:
        if expr.startswith("../") and self.parent:
            return self.parent.get(expr[3:])
        if expr in self.table:
            return self.table[expr]
        if self.parent is not None:
            return self.parent.get(expr)
        if self.call is not None:
            return self.call(expr, self)
        raise KeyError(f"no value for template expression {expr!r}")


class Markup(str):
    """Already HTML: written into the page unescaped."""


def _render(nodes: list, vals: Values) -> str:
    parts: list[str] = []
    for node in nodes:
        if node[0] == "text":
            parts.append(node[1])
        elif node[0] == "out":
            v = vals.get(node[1])
            parts.append(v if isinstance(v, Markup) else escape(str(v), quote=False))
        elif node[0] == "if":
            parts.append(_render(node[2] if vals.get(node[1]) else node[3], vals))
        else:
            _var, _, seq = node[1].partition(" in ")
            for row in vals.get(seq):
                parts.append(_render(node[2], Values(row, vals)))
    return "".join(parts)


def render(src: str, vals: Values, twig: bool) -> str:
    tokens = _tokens(src, twig)
    nodes, end = _tree(tokens)
    if end < len(tokens):
        raise ValueError("unbalanced template tags")
    return _render(nodes, vals)


def nl2br(text: str, sep: str = "<br>\n") -> Markup:
    return Markup(sep.join(escape(line, quote=False) for line in text.split("\n")))


# --- generated details the Invoice does not carry (seeded by the invoice) ---------------

_DE_STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schulstraße",
               "Am Markt", "Industriestraße", "Bergstraße"]  # fmt: skip
_DE_CITIES = ["10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg", "04109 Leipzig",
              "70173 Stuttgart", "28195 Bremen", "90402 Nürnberg"]  # fmt: skip
_NL_STREETS = ["Oudegracht", "Keizersgracht", "Stationsplein", "Marktstraat", "Dorpsweg",
               "Havenkade", "Molenlaan", "Kerkstraat"]  # fmt: skip
_NL_TOWNS = [("3511 AX", "Utrecht"), ("1015 CJ", "Amsterdam"), ("2511 BT", "Den Haag"),
             ("3012 KN", "Rotterdam"), ("9711 LV", "Groningen"), ("5611 EM", "Eindhoven"),
             ("6811 CG", "Arnhem"), ("2312 BS", "Leiden")]  # fmt: skip
_EN_PLACES = {"USD": ("1200 Market Street", "94103", "San Francisco", "United States"),
              "GBP": ("14 Queen Street", "EH2 1JX", "Edinburgh", "United Kingdom"),
              "EUR": ("Rue de la Loi 42", "1040", "Brussels", "Belgium")}  # fmt: skip
_BANKS = [("Sparkasse", "SPKRDE21"), ("Volksbank", "GENODEF1"), ("ING", "INGBNL2A"),
          ("Rabobank", "RABONL2U"), ("Triodos", "TRIONL2U")]  # fmt: skip


def _rng(inv: Invoice, salt: str) -> random.Random:
    return random.Random(hashlib.sha256(f"{salt}|{inv.number}|{inv.vendor}".encode()).digest())


def _de_money(v: Decimal, symbol: str) -> str:
    en = f"{v:,.2f}"
    return en.replace(",", "_").replace(".", ",").replace("_", ".") + f" {symbol}"


def _qty(q: Decimal, decimal_comma: bool) -> str:
    s = f"{q.normalize():f}"
    return s.replace(".", ",") if decimal_comma else s


def _iban(iban: str) -> str:
    """The IBAN in groups of four, as printed on paper."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def _de_date(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


# --- Kimai DIN 5008 (Twig, mPDF) ---------------------------------------------------------

_KIMAI_DE = {  # Kimai's message keys in German (our wording of its translation keys)
    "invoice.number": "Rechnungsnummer", "invoice.service_date": "Leistungszeitraum",
    "invoice.due_days": "Fällig am", "vat_id": "USt-IdNr.", "date": "Datum",
    "description": "Beschreibung", "amount": "Menge", "unit_price": "Einzelpreis",
    "total_rate": "Gesamtpreis", "invoice.subtotal": "Zwischensumme",
    "invoice.tax": "MwSt.", "invoice.total": "Gesamtbetrag",
}  # fmt: skip
_KIMAI_PROJECTS = ["Relaunch", "Jahresvertrag", "Wartung", "Kampagne", "Umzug", "Projekt"]
# what mPDF did that Chromium needs said: the page header and footer (an HTML comment
# for mPDF) become a block at the top and a footer fixed at the foot of the page, the
# mPDF margins become body padding, and the body starts below the address window
_KIMAI_PRINT = """
@page { margin: 12mm 10mm; }
@page :first { margin-top: 12mm; }
body { padding: 0 10mm 0 15mm; }
.header { position: absolute; top: 0; left: 0; right: 0; width: auto; }
.kimai-footer { position: fixed; bottom: 0; left: 15mm; right: 10mm; }
.invoice-address { top: 33mm; }
.invoice-details { top: 38mm; right: auto; left: 90mm; width: 100mm; }
.content { padding-top: 88mm; }
.fold_mark, .hole_mark { left: -10mm; }
"""


def kimai_din5008(inv: Invoice) -> str:
    rng = _rng(inv, "kimai")
    sym = inv.symbol
    street, city = f"{rng.choice(_DE_STREETS)} {rng.randrange(1, 120)}", rng.choice(_DE_CITIES)
    c_street, c_city = f"{rng.choice(_DE_STREETS)} {rng.randrange(1, 120)}", rng.choice(_DE_CITIES)
    bank, bic = rng.choice(_BANKS)
    phone = f"+49 {rng.randrange(30, 999)} {rng.randrange(100000, 9999999)}"
    address = f"{inv.vendor}\n{street}\n{city}"
    contact = f"Telefon: {phone}\nE-Mail: {inv.vendor_email}"
    project = rng.choice(_KIMAI_PROJECTS)
    entries = [
        {
            "loop.index": str(i),
            "entry.fixedRate is not null": True,
            "entry.project.name": project,
            "entry.activity is not null": True,
            "entry.activity.name": ln.description,
            "entry.description is not empty": False,
            "duration": _qty(ln.quantity, True),
            "rate|money(currency)": _de_money(ln.unit_price, sym),
            "entry.rate|money(currency)": _de_money(ln.amount, sym),
        }
        for i, ln in enumerate(inv.lines, 1)
    ]
    contact_rows = [
        {"lineData|length > 1": True, "attribute(lineData, 0)": k,
         "attribute(lineData, 1)": v.strip()}
        for k, _, v in (line.partition(":") for line in contact.split("\n"))
    ]  # fmt: skip
    table: dict[str, Any] = {
        "language": "de",
        "model.invoiceNumber": inv.number,
        "model.customer.company|default(model.customer.name)|u.snake": re.sub(
            r"\W+", "_", inv.customer.lower()
        ).strip("_"),
        "fontFamily|raw": Markup("'Arial', sans-serif"),
        "accentColor": "#708090",
        "logoUrl": False,
        "showFoldHoleMarks": True,
        "model.template.company": inv.vendor,
        "model.template.address|nl2br": nl2br(address),
        "model.template.vatId": inv.vendor_vat,
        "model.template.contact|nl2br": nl2br(contact),
        "model.template.paymentDetails|nl2br": nl2br(
            f"Bank: {bank}\nIBAN: {_iban(inv.iban)}\nBIC: {bic}"
        ),
        "invoiceSenderAddress|raw": nl2br(address, " &bull; "),
        "model.customer.company|default(model.customer.name)": inv.customer,
        "model.customer.contact": inv.contact,
        "model.customer.address|nl2br": nl2br(f"{c_street}\n{c_city}"),
        "model.customer.country|country_name": "Deutschland",
        "model.query.begin|date('d.m.Y')": _de_date(inv.issued - timedelta(days=30)),
        "model.query.end|date('d.m.Y')": _de_date(inv.issued - timedelta(days=1)),
        "model.dueDate|date_short": _de_date(inv.due),
        "model.customer.vatId": inv.customer_vat,
        "model.template.contact is not empty": True,
        'model.template.contact|split("\\n")': contact_rows,
        "model.invoiceDate|date_short": _de_date(inv.issued),
        "model.template.title": "Rechnung",
        "introductionText": False,
        "model.calculator.entries": entries,
        "model.calculator.tax > 0 or not model.isHideZeroTax()": True,
        "model.calculator.subtotal|money(currency)": _de_money(inv.subtotal, sym),
        "model.calculator.vat": f"{inv.tax_rate.normalize():f}",
        "model.calculator.tax|money(currency)": _de_money(inv.tax, sym),
        "model.calculator.total|money(currency)": _de_money(inv.total, sym),
        "model.template.paymentTerms is not empty": True,
        "model.template.paymentTerms|md2html": Markup(
            f"Zahlbar ohne Abzug bis zum {_de_date(inv.due)}."
        ),
        **{f"'{k}'|trans": v for k, v in _KIMAI_DE.items()},
        # mPDF's {PAGENO}/{nb}: Chromium cannot count pages in a fixed footer; left empty
        "'export.page_of'|trans({'%page%': '{PAGENO}', '%pages%': '{nb}'})": "",
    }
    page = render(KIMAI.read_text(), Values(table), twig=True)
    # mPDF's page header and footer live in an HTML comment: show them to Chromium
    m = re.search(r"<!--mpdf(.*?)mpdf-->", page, re.S)
    if not m:
        raise ValueError("kimai template: no mPDF header/footer comment")
    head_foot = m.group(1)
    head_foot = re.sub(r"<htmlpageheader[^>]*>", "<div>", head_foot)
    head_foot = re.sub(r"<htmlpagefooter[^>]*>", '<div class="kimai-footer">', head_foot)
    head_foot = re.sub(r"</htmlpage(header|footer)>", "</div>", head_foot)
    page = page[: m.start()] + head_foot + page[m.end() :]
    page = page.replace("</style>", _KIMAI_PRINT + "</style>", 1)
    if "{{" in page or "{%" in page:
        raise ValueError("kimai template: a tag was left unrendered")
    return page


# --- Aerix Nota (Handlebars, PhantomJS) --------------------------------------------------

# what the Nota/PhantomJS page setup did that Chromium needs said: the template is
# rendered into <body class="page">; normalize.css (a bower dependency) is not vendored
# (its table reset is repeated here); the amount columns do not wrap
_AERIX_PRINT = """
body.page { min-height: 0; padding-left: 12mm; padding-right: 12mm; margin: 0; }
h1#price { margin-right: -22mm; }
table { border-collapse: collapse; border-spacing: 0; }
td, th { padding: 0; }
section#body table td + td, section#body table th + th { white-space: nowrap; padding-left: 4mm; }
"""


def aerix_nota(inv: Invoice) -> str:
    rng = _rng(inv, "aerix")
    dutch = inv.currency == "EUR" and rng.random() < 0.8  # the client's country decides
    lang = "nl" if dutch else "en"
    words = json.loads((AERIX / "json" / "locales" / f"{lang}.json").read_text())
    pc, town = rng.choice(_NL_TOWNS)
    bank, bic = rng.choice(_BANKS[2:])
    slug = inv.vendor.split()[0].lower()
    if dutch:
        c_pc, c_town = rng.choice(_NL_TOWNS)
        client = {"client.address": f"{rng.choice(_NL_STREETS)} {rng.randrange(1, 200)}",
                  "client.postalcode": c_pc, "client.town": c_town,
                  "client.country": "Nederland"}  # fmt: skip
    else:
        street, c_pc, c_town, country = _EN_PLACES[inv.currency]
        client = {"client.address": street, "client.postalcode": c_pc, "client.town": c_town,
                  "client.country": country}  # fmt: skip

    def day(d: date) -> str:  # moment 'LL' (en); Dutch documents use moment 'L'
        return f"{d.day:02d}-{d.month:02d}-{d.year}" if dutch else long_date(d)

    def currency(v: Decimal) -> str:  # the template's helper: symbol, space, toFixed(2)
        return f"{inv.symbol} {v:.2f}"

    def call(expr: str, vals: Values) -> Any:
        args = re.findall(r"'[^']*'|[^\s]+", expr)
        if args[0] == "i18n":
            key = args[1].strip("'")
            key = vals.get(key) if not args[1].startswith("'") else key
            count = None
            if len(args) > 3 and args[2] != "null":
                count = len(vals.get(args[2]))
            if count is not None and count != 1 and f"{key}_plural" in words:
                key = f"{key}_plural"
            text = words[key]
            case = args[-1].strip("'") if len(args) > 2 else ""
            if case == "uppercase":
                return text.upper()
            if case == "lowercase":
                return text.lower()
            if case == "capitalize":
                return text[:1].upper() + text[1:]
            return text
        if args[0] == "currency":
            return currency(vals.get(args[1]))
        raise KeyError(f"no value for template expression {expr!r}")

    products = [
        {"description": ln.description, "currency price": currency(ln.unit_price),
         "quantity": _qty(ln.quantity, False), "discount": False,
         "currency subtotal": currency(ln.amount)}
        for ln in inv.lines
    ]  # fmt: skip
    table: dict[str, Any] = {
        "fiscalType": "invoice",
        "total": inv.total,
        **{k: v for k, v in client.items()},
        "client.organization": inv.customer,
        "client.contactPerson": inv.contact,
        "isInternational": not dutch,
        "projectName": False,
        "fullID": inv.number,
        "bookingDate": day(inv.issued),
        "expiryDate": day(inv.due),
        "hasServices": False,
        "hasProducts": True,
        "hasProductsDiscounts": False,
        "products": products,
        "productsSubtotal": inv.subtotal,
        "VATrate": f"{inv.tax_rate.normalize():f}",
        "VATproducts": inv.tax,
        "productsTotal": inv.total,
        "isQuotation": False,
        "isInvoice": True,
        "validityPeriod": str((inv.due - inv.issued).days),
        "companyFull": inv.vendor,
        "origin.address": f"{rng.choice(_NL_STREETS)} {rng.randrange(1, 300)}",
        "origin.postalcode": pc,
        "origin.town": town,
        "origin.country": "Nederland" if dutch else "The Netherlands",
        "origin.website": f"{slug}.example",
        "origin.email": inv.vendor_email,
        "origin.iban": _iban(inv.iban),
        "origin.bank": bank,
        "origin.bic": bic,
        "origin.vat": inv.vendor_vat,
        "origin.kvk": str(rng.randrange(10000000, 99999999)),
    }
    body = render((AERIX / "templates" / "main.hbs").read_text(), Values(table, call=call),
                  twig=False)  # fmt: skip
    # the company logo (Aerix's own) is left out; an empty column keeps the header grid
    body = re.sub(r'<img id="logo"[^>]*/>', '<div class="left"></div>', body)
    body = body.replace("aerix.nl/algemene-voorwaarden", f"{slug}.example/terms")
    css = (AERIX / "dist" / "css" / "styles.css").read_text()
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css, flags=re.S)
    if "{{" in body:
        raise ValueError("aerix template: a tag was left unrendered")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><style>{css}'
        f'{_AERIX_PRINT}</style></head><body class="page">{body}</body></html>'
    )
