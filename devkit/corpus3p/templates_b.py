"""Two more template families, filled with generated values (issue 24).

* ``stumpsyn``: Stumptown Syndicate's FusionInvoice template (PHP view): biller block
  without a label at the top, "Bill To" beside a right-aligned Invoice Number / PO Number /
  Invoice Date / Due Date / Amount Due table, an Item / Description / Qty / Price / Total
  table, a Subtotal / tax rate / Total / Paid / Balance summary and payment terms.
* ``reneweiser``: a German business letter (Handlebars): sender block top right, window
  envelope return line and recipient left, "Ort, den ..." date, "Rechnung Nr.:", a
  Datum / Bezeichnung / Menge / Einzelpreis / Gesamt table with "Rechnungsbetrag", and
  the bank details (Bankverbindung, KTO / BLZ / IBAN / BIC) in a boxed footer.

Neither template engine is run: the PHP and Handlebars subsets the two templates use
(echo, if, foreach; ``{{path}}``, ``{{helper args}}``, ``{{#each}}``) are rendered here
with the values of ``values.Invoice``; each template's own CSS and structure are kept,
its logo and remote fonts are left out (no network, and the Syndicate logo is not under
the repository's MIT licence).
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from devkit.corpus3p.values import Invoice, money

SOURCES = Path(__file__).resolve().parent / "sources"
_STREETS = ["Alder Court", "Market Street", "Riverside Drive", "Chapel Row", "Park Lane",
            "Union Square", "Hillcrest Road", "Willow Walk"]  # fmt: skip
_TOWNS = [("Seattle", "WA", "98101"), ("Boston", "MA", "02108"), ("Chicago", "IL", "60601"),
          ("Salem", "OR", "97301"), ("Madison", "WI", "53703"),
          ("Albany", "NY", "12207")]  # fmt: skip
_ORTE = [("10115", "Berlin"), ("20095", "Hamburg"), ("50667", "Köln"), ("80331", "München"),
         ("04109", "Leipzig"), ("28195", "Bremen"), ("90403", "Nürnberg")]  # fmt: skip


def _rng(inv: Invoice) -> random.Random:
    """Extra made-up details (addresses, phone) from the invoice itself, so a document's
    page stays the same from build to build."""
    key = f"{inv.number}|{inv.vendor}|{inv.customer}".encode()
    return random.Random(int(hashlib.sha256(key).hexdigest()[:12], 16))


def _qty(q: Decimal, comma: bool = False) -> str:
    s = f"{q.normalize():f}"
    return s.replace(".", ",") if comma else s


# --- stumpsyn: a PHP view, rendered by a small subset interpreter ----------------------

_PHP = re.compile(r"<\?php(.*?)\?>", re.S)
_LANG = {"bill_to": "Bill To", "invoice_date": "Invoice Date", "due_date": "Due Date",
         "amount_due": "Amount Due", "item": "Item", "description": "Description",
         "qty": "Qty", "price": "Price", "total": "Total", "subtotal": "Subtotal",
         "item_tax": "Item Tax", "paid": "Paid", "balance": "Balance",
         "terms": "Terms"}  # fmt: skip


class _Raw(str):
    """Markup a PHP function returns (``nl2br``): not escaped again."""


class _Php:
    """Evaluate the expressions of the FusionInvoice view against Python values."""

    def __init__(self, env: dict[str, Any], symbol: str) -> None:
        self.env = env
        self.symbol = symbol

    def value(self, expr: str) -> Any:
        expr = expr.strip()
        if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"":
            return expr[1:-1]
        m = re.fullmatch(r"(\w+)\((.*)\)", expr, re.S)
        if m:
            fn, arg = m.group(1), m.group(2)
            if fn == "lang":
                return _LANG[self.value(arg)]
            first = self.value(re.split(r",\s*(?=TRUE|FALSE)", arg)[0])
            if fn == "format_currency":
                return money(self.symbol, first)
            if fn == "date_from_mysql":  # FusionInvoice's default date format, m/d/Y
                return first.strftime("%m/%d/%Y")
            if fn == "nl2br":
                return _Raw("<br>\n".join(html.escape(t) for t in str(first).split("\n")))
            if fn == "intval":  # quantities keep their decimals (hours)
                return first
            raise ValueError(f"stumpsyn: PHP function {fn} is not rendered")
        m = re.fullmatch(r"\$(\w+)(?:->(\w+))?", expr)
        if m:
            obj = self.env.get(m.group(1))
            return obj.get(m.group(2), "") if m.group(2) else obj
        if re.fullmatch(r"-?\d+(\.\d+)?", expr):
            return Decimal(expr)
        raise ValueError(f"stumpsyn: PHP expression {expr!r} is not rendered")

    def text(self, expr: str) -> str:
        out = []
        for part in re.split(r"\s+\.\s+", expr.strip()):
            v = self.value(part)
            lit = len(part) >= 2 and part[0] in "'\"" or isinstance(v, _Raw)
            out.append(v if lit else html.escape(str(v)))
        return "".join(str(o) for o in out)

    def cond(self, expr: str) -> bool:
        m = re.fullmatch(r"(.+?)\s+>\s+(\S+)", expr.strip())
        if m:
            return Decimal(str(self.value(m.group(1)) or 0)) > self.value(m.group(2))
        return bool(self.value(expr))

    def render(self, src: str) -> str:
        tokens = _PHP.split(src)  # text, code, text, code, ...
        out, _ = self._block(tokens, 0)
        return out

    def _block(self, tokens: list[str], i: int) -> tuple[str, int]:
        out = []
        while i < len(tokens):
            tok = tokens[i]
            if i % 2 == 0:
                out.append(tok)
                i += 1
                continue
            code = tok.strip()
            if code in ("}", "endforeach", "endforeach;"):
                return "".join(out), i + 1
            m = re.fullmatch(r"if \((.+)\) \{\s*echo (.+?);\s*\}", code, re.S)
            if m:
                if self.cond(m.group(1)):
                    out.append(self.text(m.group(2)))
                i += 1
                continue
            m = re.fullmatch(r"if \((.+)\) \{", code, re.S)
            if m:
                body_start = i + 1
                body, i = self._block(tokens, body_start)
                if self.cond(m.group(1)):
                    out.append(body)
                continue
            m = re.fullmatch(r"foreach \(\$(\w+) as \$(\w+)\)\s*[:{]", code)
            if m:
                seq, name = self.env.get(m.group(1), []), m.group(2)
                if not seq:
                    _body, i = self._block(tokens, i + 1)
                    continue
                for item in seq:
                    self.env[name] = item
                    body, end = self._block(tokens, i + 1)
                    out.append(body)
                i = end
                continue
            m = re.fullmatch(r"echo (.+?);?", code, re.S)
            if m:
                out.append(self.text(m.group(1)))
                i += 1
                continue
            if code.startswith("$this->load"):
                i += 1
                continue
            raise ValueError(f"stumpsyn: PHP statement {code[:60]!r} is not rendered")
        return "".join(out), i


def stumpsyn(inv: Invoice) -> str:
    src = SOURCES / "stumpsyn-template"
    rng = _rng(inv)
    town, state, zip_ = rng.choice(_TOWNS)
    env: dict[str, Any] = {
        "invoice": {
            "user_name": inv.vendor,
            "user_address_1": inv.vendor_street,
            "user_city": inv.vendor_city,
            "user_phone": f"({rng.randrange(200, 999)}) {rng.randrange(200, 999)}-"
            f"{rng.randrange(1000, 9999)}",
            "user_email": inv.vendor_email,
            "user_custom_ein": f"{rng.randrange(10, 99)}-{rng.randrange(1000000, 9999999)}",
            "client_name": inv.customer,
            "client_address_1": f"{rng.randrange(1, 4999)} {rng.choice(_STREETS)}",
            "client_city": town,
            "client_state": state,
            "client_zip": zip_,
            "invoice_number": inv.number,
            "invoice_custom_po_number": inv.po_number,
            "invoice_date_created": inv.issued,
            "invoice_date_due": inv.due,
            "invoice_item_subtotal": inv.subtotal,
            "invoice_item_tax_total": Decimal(0),
            "invoice_total": inv.total,
            "invoice_paid": Decimal("0.00"),
            "invoice_balance": inv.total,
            "invoice_terms": (
                f"Payment is due within {(inv.due - inv.issued).days} days.\n"
                f"Please pay by bank transfer to {inv.vendor}, IBAN {inv.iban}, "
                f"quoting invoice {inv.number}."
            ),
        },
        "items": [
            {
                "item_name": ln.description,
                "item_description": "",
                "item_quantity": _qty(ln.quantity),
                "item_price": ln.unit_price,
                "item_subtotal": ln.amount,
            }
            for ln in inv.lines
        ],
        "invoice_tax_rates": [
            {
                "invoice_tax_rate_name": "VAT" if inv.symbol != "$" else "Sales Tax",
                "invoice_tax_rate_percent": f"{inv.tax_rate:.2f}",
                "invoice_tax_rate_amount": inv.tax,
            }
        ]
        if inv.tax_rate
        else [],
    }
    view = (src / "application/views/syndicate/invoice_content.php").read_text()
    view = re.sub(r"\s*<img id=\"logo\"[^>]*>", "", view)  # logo: not under MIT, remote
    body = _Php(env, inv.symbol).render(view)
    css = (src / "syndicate_assets/invoice_styles.css").read_text()
    # FusionInvoice links Bootstrap 2 for .table/.table-striped (not in the repository):
    # its few rules the view relies on, written here
    boot = (
        "body { font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; line-height: 18px; }"
        " .table { margin-bottom: 18px; border-collapse: collapse; }"
        " .table th, .table td { padding: 8px; line-height: 18px; vertical-align: top;"
        " border-top: 1px solid #dddddd; }"
        " .table th { font-weight: bold; } .table thead th { vertical-align: bottom; }"
        " .table thead:first-child tr:first-child th { border-top: 0; }"
        " .table-striped tbody tr:nth-child(odd) td { background-color: #f9f9f9; }"
        " h4 { font-size: 14px; line-height: 18px; margin-bottom: 4px; }"
    )
    return (
        '<!DOCTYPE HTML>\n<html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=UTF-8"><title></title>'
        f"<style>{boot}</style><style>{css}</style></head><body>{body}</body></html>"
    )


# --- reneweiser: a Handlebars template, rendered by a small subset --------------------

_BRANCHEN = ["IT-Dienstleistungen", "Grafik & Gestaltung", "Beratung und Projektarbeit",
             "Handel und Service", "Veranstaltungstechnik", "Übersetzungen"]  # fmt: skip


def _de_money(symbol: str, v: Decimal) -> str:
    """``Intl.NumberFormat("de-DE", {style: "currency"})``: ``1.234,56 €``."""
    en = f"{v:,.2f}"
    return en.replace(",", "_").replace(".", ",").replace("_", ".") + "\u00a0" + symbol


def _path(ctx: dict[str, Any], name: str) -> Any:
    cur: Any = ctx
    for part in name.split("."):
        cur = cur[part]
    return cur


def _hbs(src: str, ctx: dict[str, Any], helpers: dict[str, Any]) -> str:
    def each(m: re.Match[str]) -> str:
        body = m.group(2)
        return "".join(_hbs(body, {**ctx, "this": item}, helpers) for item in ctx[m.group(1)])

    src = re.sub(r"\{\{#each (\w+)\}\}(.*?)\{\{/each\}\}", each, src, flags=re.S)

    def expr(m: re.Match[str]) -> str:
        words = m.group(1).split()
        if words[0] in helpers:
            return html.escape(str(helpers[words[0]](*(_path(ctx, w) for w in words[1:]))))
        return html.escape(str(_path(ctx, words[0])))

    return re.sub(r"\{\{\s*([^#/{}][^{}]*?)\s*\}\}", expr, src)


def reneweiser(inv: Invoice) -> str:
    src = SOURCES / "reneweiser-template"
    rng = _rng(inv)
    plz, ort = rng.choice(_ORTE)
    own_plz, own_ort = rng.choice([o for o in _ORTE if o[1] != ort])
    words = inv.vendor.split()
    de_iban = inv.iban.startswith("DE")
    grouped = " ".join(inv.iban[i : i + 4] for i in range(0, len(inv.iban), 4))
    days = (inv.due - inv.issued).days
    ctx: dict[str, Any] = {
        "sender": {
            "firstName": " ".join(words[:-1]),
            "lastName": words[-1],
            "businessDescription": rng.choice(_BRANCHEN),
            "street": f"{rng.choice(['Schiller', 'Goethe', 'Mühlen', 'Kirch'])}weg "
            f"{rng.randrange(1, 90)}",
            "postcode": own_plz,
            "city": own_ort,
        },
        "contact": {
            "mobile": f"0{rng.randrange(151, 179)}/{rng.randrange(1000000, 99999999)}",
            "email": inv.vendor_email,
            "taxNumber": f"{rng.randrange(10, 99)}/{rng.randrange(100, 999)}/"
            f"{rng.randrange(10000, 99999)}",
        },
        "recipient": {
            "title": "Firma",
            "firstName": inv.customer,
            "lastName": "",
            "street": f"{rng.choice(['Haupt', 'Bahnhof', 'Linden', 'Garten'])}straße "
            f"{rng.randrange(1, 120)}",
            "postcode": plz,
            "city": ort,
        },
        "invoice": {
            "id": inv.number,
            "introduction": "für die erbrachten Leistungen erlaube ich mir, wie folgt "
            "zu berechnen:",
            "closing": f"Bitte überweisen Sie den Rechnungsbetrag innerhalb von {days} "
            f"Tagen, spätestens bis zum {inv.due:%d.%m.%Y}, unter Angabe der "
            "Rechnungsnummer auf das unten genannte Konto. Gemäß § 19 UStG wird keine "
            "Umsatzsteuer berechnet.",
        },
        "bankInfo": {
            "accountOwner": inv.vendor,
            "accountNumber": inv.iban[12:] if de_iban else "",
            "blz": inv.iban[4:12] if de_iban else "",
            "iban": grouped,
            "bic": (
                "".join(rng.choice("ABCDEFGHIKLMNOPRSTUVWXYZ") for _ in range(4))
                + inv.iban[:2]
                + rng.choice(["FF", "MM", "2X", "HH"])
                + "XXX"
            ),
        },  # fmt: skip
        "items": [
            {
                "date": f"{inv.issued - timedelta(days=rng.randrange(1, 28)):%m/%Y}",
                "description": ln.description,
                "amount": _qty(ln.quantity, comma=True),
                "perUnit": ln.unit_price,
                "total": ln.amount,
            }
            for ln in inv.lines
        ],
    }
    helpers = {
        "printCurrency": lambda v: _de_money(inv.symbol, v),
        "printItemTotal": lambda _q, _p: "",  # replaced below: the line's own amount
        "printInvoiceTotal": lambda _items: _de_money(inv.symbol, inv.total),
        "greeting": lambda _r: "Sehr geehrte Damen und Herren",
        "printDate": lambda: f"{inv.issued:%d.%m.%Y}",
    }
    tpl = (src / "src" / "index.hbs").read_text()
    # the line total is amount x unit price, rounded as the truth rounds it (Decimal)
    tpl = tpl.replace("{{printItemTotal this.amount this.perUnit}}", "{{printCurrency this.total}}")
    tpl = re.sub(r"<link[^>]*fonts\.googleapis[^>]*>", "", tpl, flags=re.S)  # no network
    tpl = tpl.replace('<link rel="stylesheet" href="css/style.css" />', "<style>{{css}}</style>")
    css = (src / "dist" / "css" / "style.css").read_text()
    # the sheet's .page is 21 cm wide plus 5 cm padding: fitted to A4 less the printer's
    # margins (the screenshot's proportions); the letter text and the bank box flow (the
    # template places them absolutely, so seven items ran into the box): the box stays at
    # the page foot and moves on to the next page when the items need the room
    css += (
        "\n.page { box-sizing: border-box; width: 19cm; height: auto; min-height: 26.4cm;"
        " padding: 0 0.8cm 0.6cm; display: flex; flex-direction: column; }"
        "\n.sender { top: 0.8cm; right: 0.8cm; } .recipient { top: 4cm; left: 0.8cm; }"
        "\n.content { position: static; margin-top: 8cm; width: auto; }"
        "\n.footer { position: static; margin-top: auto; width: auto; height: auto;"
        " break-inside: avoid; }"
        "\nbody { margin: 0; font-size: 13px; } .title { font-size: 1.3rem; }"
    )
    if not de_iban:  # account number and bank code are German: none for a foreign IBAN
        tpl = tpl.replace("KTO {{bankInfo.accountNumber}}", "")
        tpl = tpl.replace("BLZ {{bankInfo.blz}}", "")
    out = _hbs(tpl, {**ctx, "css": "\0CSS\0"}, helpers)
    return out.replace("\0CSS\0", css)
