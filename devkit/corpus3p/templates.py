"""Fill the vendored HTML invoice templates with generated values (one HTML page each).

The templates keep their own CSS and structure; only their sample content is replaced,
their remote logo images are dropped (no network), and the sparksuite item table gains
quantity and unit-price columns in its own style.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import html

from devkit.corpus3p.values import Invoice, long_date, money

SOURCES = Path(__file__).resolve().parent / "sources"


def _set(el: html.HtmlElement, *parts: str) -> None:
    """Replace an element's content with text parts separated by <br>."""
    for child in list(el):
        el.remove(child)
    el.text = parts[0] if parts else ""
    for p in parts[1:]:
        br = html.Element("br")
        br.tail = p
        el.append(br)


def _td(text: str = "", **attrs: str) -> html.HtmlElement:
    td = html.Element("td", **attrs)
    td.text = text
    return td


def sparksuite(inv: Invoice) -> str:
    doc = html.fromstring((SOURCES / "sparksuite-template" / "invoice.html").read_text())
    box = doc.find_class("invoice-box")[0]
    outer = box.find("table")
    top = outer.find_class("top")[0]
    title = top.find_class("title")[0]
    _set(title, inv.vendor.split()[0])
    meta = title.getnext()
    _set(
        meta,
        f"Invoice #: {inv.number}",
        f"Created: {long_date(inv.issued)}",
        f"Due: {long_date(inv.due)}",
    )
    info = outer.find_class("information")[0]
    left, right = info.find(".//table").findall(".//td")[:2]
    _set(left, inv.vendor, inv.vendor_street, inv.vendor_city)
    _set(right, inv.customer, inv.contact, inv.customer_email)
    for row in (top, info):
        row.find("td").set("colspan", "4")
    rows = [r for r in outer if r.tag == "tr"]
    heading_pay, details, heading_items = rows[2], rows[3], rows[4]
    item_proto, total_row = rows[5], rows[-1]
    for r in rows[5:]:
        outer.remove(r)
    _set(heading_pay[0], "Payment Method")
    heading_pay[0].set("colspan", "3")
    _set(heading_pay[1], "IBAN")
    _set(details[0], "Bank transfer")
    details[0].set("colspan", "3")
    _set(details[1], inv.iban)
    for r in list(heading_items):
        heading_items.remove(r)
    for text in ("Item", "Qty", "Unit price", "Price"):
        heading_items.append(_td(text))
    for i, ln in enumerate(inv.lines):
        row = copy.deepcopy(item_proto)
        row.set("class", "item last" if i == len(inv.lines) - 1 else "item")
        for c in list(row):
            row.remove(c)
        row.append(_td(ln.description))
        row.append(_td(f"{ln.quantity.normalize():f}", style="text-align: right"))
        row.append(_td(money(inv.symbol, ln.unit_price), style="text-align: right"))
        row.append(_td(money(inv.symbol, ln.amount), style="text-align: right"))
        outer.append(row)
    for c in list(total_row):
        total_row.remove(c)
    total_row.append(_td(colspan="3"))
    total_row.append(_td(f"Total: {money(inv.symbol, inv.total)}"))
    total_row[-1].set("style", "border-top: 2px solid #eee; font-weight: bold; text-align: right")
    outer.append(total_row)
    return "<!DOCTYPE html>\n" + html.tostring(doc, encoding="unicode")


def anvil(inv: Invoice) -> str:
    src = SOURCES / "anvil-template"
    frag = html.fragment_fromstring((src / "invoice.html").read_text(), create_parent="div")
    for img in frag.findall(".//img"):  # remote logo and heart: no network here
        img.getparent().remove(img)
    for el in frag.find_class("page-container"):
        frag.remove(el)
    info = frag.find_class("invoice-info-container")[0]
    tds = info.findall(".//td")
    _set(tds[0], inv.customer)
    _set(tds[1], inv.vendor)
    _set(tds[2], inv.vendor_street)
    tds[3].text = "Invoice Date: "
    tds[3][0].text = long_date(inv.issued, ordinal=True)
    _set(tds[4], inv.vendor_city)
    tds[5].text = "Invoice No: "
    tds[5][0].text = inv.number
    _set(tds[6], inv.vendor_email)
    items, pay = frag.find_class("line-items-container")[:2]
    body = items.find("tbody")
    proto = body[0]
    for r in list(body):
        body.remove(r)
    for ln in inv.lines:
        row = copy.deepcopy(proto)
        vals = [
            f"{ln.quantity.normalize():f}",
            ln.description,
            money(inv.symbol, ln.unit_price),
            money(inv.symbol, ln.amount),
        ]
        for td, v in zip(row, vals, strict=True):
            td.text = v
        body.append(row)
    cells = pay.find("tbody").find("tr").findall("td")
    divs = cells[0].findall("div")
    divs[0].text = "IBAN: "
    divs[0][0].text = inv.iban
    divs[1].text = "Reference: "
    divs[1][0].text = inv.number
    cells[1].text = long_date(inv.due, ordinal=True)
    cells[2].text = money(inv.symbol, inv.total)
    foot = frag.find_class("footer-info")[0].findall("span")
    foot[0].text = inv.vendor_email
    foot[1].text = "Thank you for your business"
    foot[2].text = inv.vendor
    css = (src / "invoice.css").read_text()
    body_html = "".join(html.tostring(c, encoding="unicode") for c in frag)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><style>'
        f"{css}\nbody {{ margin: 40px; font-family: Helvetica, Arial, sans-serif; }}"
        f"</style></head><body>{body_html}</body></html>"
    )
