"""Render an ``InvoiceSpec`` to a born-digital PDF in its layout (multi-page when long)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.utils import simpleSplit

from devkit.synth.grammar import is_grammar
from devkit.synth.ids import format_iban
from devkit.synth.layouts import INVOICE_LAYOUTS, Layout
from devkit.synth.model import InvoiceLine, InvoiceSpec
from devkit.synth.pen import MARGIN, Pen, meta_item
from devkit.synth.wording import (
    fmt_date,
    fmt_money,
    fmt_number,
    fmt_quantity,
    fmt_rate,
    label,
    terms_text,
)

COL_WIDTH = {
    "pos": 26,
    "po_line": 34,
    "sku": 62,
    "quantity": 38,
    "unit": 30,
    "unit_price": 62,
    "tax_rate": 36,
    "amount": 68,
}
NUMERIC = {"pos", "po_line", "quantity", "unit_price", "tax_rate", "amount"}
FOOTER_H = 56.0


@dataclass
class Rendered:
    """The PDF and where things were drawn: field boxes, each line's page, page count."""

    pdf: bytes
    boxes: dict[str, tuple[int, list[float]]]
    line_pages: list[int] = field(default_factory=list)
    pages: int = 1


def _lab(spec: InvoiceSpec, lay: Layout, key: str) -> str:
    if spec.kind == "credit_note":
        key = {"invoice": "credit_note", "invoice_number": "credit_number"}.get(key, key)
    unlisted = spec.extra.get("wording") == "unlisted"
    return label(spec.locale.language, key, lay.labels, unlisted=unlisted)


def _date(spec: InvoiceSpec, value: object) -> str:
    return fmt_date(value, spec.locale.date_style, spec.locale.language)  # type: ignore[arg-type]


def meta_items(spec: InvoiceSpec, lay: Layout) -> list[tuple[str, str, str]]:
    """Return ``(truth key, label, printed value)`` for the document's header block."""
    items = [
        ("invoice_number", _lab(spec, lay, "invoice_number"), spec.invoice_number),
        ("invoice_date", _lab(spec, lay, "invoice_date"), _date(spec, spec.invoice_date)),
        ("due_date", _lab(spec, lay, "due_date"), _date(spec, spec.due_date)),
    ]
    if spec.po_number:
        items.append(("po_number", _lab(spec, lay, "po_number"), spec.po_number))
    if not lay.symbol:
        items.append(
            (
                "currency",
                label(spec.locale.language, "currency", 0),
                spec.currency,
            )
        )
    return items


def _block(
    pen: Pen, x: float, top: float, lines: list[tuple[str, str | None]], align: str = "left"
) -> float:
    """Draw address-like lines; the first is bold. Return the bottom."""
    for i, (text, key) in enumerate(lines):
        pen.text(
            x, top, text, key=key, align=align, bold=i == 0, size=pen.size + (1.5 if i == 0 else 0)
        )
        top += pen.size * 1.35 + (1.5 if i == 0 else 0)
    return top


def _vendor_lines(spec: InvoiceSpec, lay: Layout) -> list[tuple[str, str | None]]:
    party = spec.vendor.party
    lines: list[tuple[str, str | None]] = [
        (party.name, "vendor_name"),
        (party.street, None),
        (f"{party.city}, {party.country}", None),
    ]
    if party.tax_id and lay.bank != "footer":
        lines.append((f"{_lab(spec, lay, 'tax_id')}: {party.tax_id}", "vendor_tax_id"))
    if spec.iban and lay.bank == "header":
        lines.append((f"{_lab(spec, lay, 'iban')}: {format_iban(spec.iban)}", "vendor_iban"))
    return lines


def _customer_lines(spec: InvoiceSpec, lay: Layout) -> list[tuple[str, str | None]]:
    c = spec.customer
    return [
        (_lab(spec, lay, "customer"), None),
        (c.name, "customer_name"),
        (c.street, None),
        (f"{c.city}, {c.country}", None),
    ]


def _draw_meta(
    pen: Pen, items: list[tuple[str, str, str]], mode: str, x: float, top: float, width: float
) -> float:
    """Draw the number/date/PO block in one of four styles; return its bottom."""
    step = pen.size * 1.45
    if mode == "boxes":
        cell = width / len(items)
        for i, (key, lab, val) in enumerate(items):
            pen.rect(x + i * cell, top, cell, step * 2 + 4)
            pen.text(x + i * cell + 3, top + 2, lab, size=pen.size - 1)
            pen.text(x + i * cell + 3, top + step + 2, val, key=key, bold=True)
        return top + step * 2 + 10
    for key, lab, val in items:
        top = meta_item(pen, mode, key, lab, val, x, top, width)
    return top + 6


def _header(pen: Pen, spec: InvoiceSpec, lay: Layout) -> float:
    """Draw title, vendor, customer and meta blocks on page 1; return where the table starts."""
    w, m = pen.width, MARGIN
    title = _lab(spec, lay, "invoice")
    items = meta_items(spec, lay)
    if lay.header == "band":
        pen.rect(0, 0, w, 70, fill=0.25, stroke=False)
        pen.text(
            m, 22, spec.vendor.party.name, key="vendor_name", bold=True, size=15, color=(1, 1, 1)
        )
        pen.text(w - m, 24, title, bold=True, size=18, align="right", color=(1, 1, 1))
        _block(pen, m, 84, _vendor_lines(spec, lay)[1:])
        bottom = _block(pen, w / 2 + 20, 84, _customer_lines(spec, lay))
        return _draw_meta(pen, items, lay.meta, m, bottom + 14, w - 2 * m) + 10
    if lay.header == "center":
        _block(pen, w / 2, 40, _vendor_lines(spec, lay), align="center")
        pen.text(w / 2, 130, title, bold=True, size=16, align="center")
        bottom = _block(pen, m, 160, _customer_lines(spec, lay))
        meta_bottom = _draw_meta(pen, items, lay.meta, w / 2 + 40, 160, w / 2 - 40 - m)
        return max(bottom, meta_bottom) + 16
    if lay.header == "right":
        _block(pen, w - m, 40, _vendor_lines(spec, lay), align="right")
        pen.text(m, 44, title, bold=True, size=20)
        bottom = _block(pen, m, 130, _customer_lines(spec, lay))
        meta_bottom = _draw_meta(pen, items, lay.meta, w - m - 200, 130, 200)
        return max(bottom, meta_bottom) + 16
    top = _block(pen, m, 40, _vendor_lines(spec, lay))
    pen.text(w - m, 40, title, bold=True, size=20, align="right")
    meta_bottom = _draw_meta(pen, items, lay.meta, w - m - 210, 80, 210)
    bottom = _block(pen, m, max(top, 110) + 14, _customer_lines(spec, lay))
    return max(bottom, meta_bottom) + 16


def columns(lay: Layout, width: float) -> list[tuple[str, float, float]]:
    """Return ``(column, x0, x1)`` spanning ``width`` from the margin; description flexes."""
    fixed = sum(COL_WIDTH[c] for c in lay.columns if c != "description")
    x, cols = MARGIN, []
    for col in lay.columns:
        cw = width - fixed if col == "description" else COL_WIDTH[col]
        cols.append((col, x, x + cw))
        x += cw
    return cols


def cells(spec: InvoiceSpec, ln: InvoiceLine, index: int) -> dict[str, str]:
    """Return the printed text of each cell of one line."""
    st = spec.locale.number_style
    return {
        "pos": str(index + 1),
        "po_line": ln.po_line or "",
        "sku": ln.sku,
        "description": ln.description,
        "quantity": fmt_quantity(ln.quantity, st),
        "unit": ln.unit,
        "unit_price": fmt_number(ln.unit_price, st),
        "tax_rate": fmt_rate(ln.tax_rate, st) + " %",
        "amount": fmt_number(ln.amount, st),
    }


def _desc_lines(pen: Pen, text: str, x0: float, x1: float) -> list[str]:
    return simpleSplit(text, pen.font, pen.size, x1 - x0 - 6) or [""]


def _table_head(pen: Pen, spec: InvoiceSpec, lay: Layout, cols: list, top: float) -> float:
    h = pen.size * 2
    if lay.table in ("grid", "zebra"):
        pen.rect(MARGIN, top, cols[-1][2] - MARGIN, h, fill=0.85, stroke=lay.table == "grid")
    for col, x0, x1 in cols:
        text = _lab(spec, lay, col)
        x, align = (x1 - 3, "right") if col in NUMERIC else (x0 + 3, "left")
        pen.text(x, top + pen.size * 0.5, text, bold=True, align=align)
    if lay.table == "rules":
        pen.hline(MARGIN, cols[-1][2], top + h, 0.9)
    return top + h


def _row(
    pen: Pen, spec: InvoiceSpec, lay: Layout, cols: list, top: float, i: int, desc: list[str]
) -> float:
    h = pen.size * 1.3 * len(desc) + pen.size * 0.7
    if lay.table == "zebra" and i % 2 == 1:
        pen.rect(MARGIN, top, cols[-1][2] - MARGIN, h, fill=0.94, stroke=False)
    texts = cells(spec, spec.lines[i], i)
    for col, x0, x1 in cols:
        if col == "description":
            for k, part in enumerate(desc):
                pen.text(x0 + 3, top + pen.size * 0.35 + k * pen.size * 1.3, part)
        elif col in NUMERIC:
            pen.text(x1 - 3, top + pen.size * 0.35, texts[col], align="right")
        else:
            pen.text(x0 + 3, top + pen.size * 0.35, texts[col])
        if lay.table == "grid":
            pen.rect(x0, top, x1 - x0, h)
    return top + h


def _totals(pen: Pen, spec: InvoiceSpec, lay: Layout, top: float) -> float:
    st, cur, x1 = spec.locale.number_style, spec.currency, pen.width - MARGIN
    x0 = x1 - 230

    def money(v: object) -> str:
        return fmt_money(v, cur, st, lay.symbol)  # type: ignore[arg-type]

    rows: list[tuple[str, str, str | None, bool]] = [
        (_lab(spec, lay, "subtotal"), money(spec.subtotal), "subtotal", False)
    ]
    breakdown = spec.tax_breakdown()
    for rate, _base, tax in breakdown:
        key = "tax_amount" if len(breakdown) == 1 else None
        rows.append((f"{_lab(spec, lay, 'tax')} {fmt_rate(rate, st)} %", money(tax), key, False))
    if len(breakdown) > 1:
        rows.append((_lab(spec, lay, "tax"), money(spec.tax_amount), "tax_amount", False))
    rows.append((_lab(spec, lay, "total"), money(spec.printed_total), "total", True))
    if lay.table != "none":
        pen.hline(x0, x1, top, 0.9)
    top += 6
    for lab, val, key, bold in rows:
        pen.text(x0, top, lab, bold=bold)
        pen.text(x1, top, val, key=key, bold=bold, align="right")
        top += pen.size * 1.5
    return top + 8


def _after_totals(pen: Pen, spec: InvoiceSpec, lay: Layout, top: float) -> None:
    w = pen.text(MARGIN, top, f"{_lab(spec, lay, 'terms')}: ", bold=True)
    pen.text(MARGIN + w, top, spec.payment_terms, key="payment_terms")
    top += pen.size * 1.5
    if lay.bank == "totals" and spec.iban:
        w = pen.text(MARGIN, top, f"{_lab(spec, lay, 'iban')}: ", bold=True)
        pen.text(MARGIN + w, top, format_iban(spec.iban), key="vendor_iban")


def _footer(pen: Pen, spec: InvoiceSpec, lay: Layout, page: int, pages: int) -> None:
    top = pen.height - FOOTER_H + 12
    pen.hline(MARGIN, pen.width - MARGIN, top - 6, 0.4)
    party = spec.vendor.party
    parts = [party.name, party.street, party.city]
    pen.text(MARGIN, top, " · ".join(parts), size=pen.size - 1.5)
    if lay.bank == "footer":
        x = MARGIN
        if party.tax_id:
            x += pen.text(x, top + pen.size, f"{_lab(spec, lay, 'tax_id')}: ", size=pen.size - 1.5)
            x += (
                pen.text(x, top + pen.size, party.tax_id, key="vendor_tax_id", size=pen.size - 1.5)
                + 12
            )
        if spec.iban:
            x += pen.text(x, top + pen.size, f"{_lab(spec, lay, 'iban')}: ", size=pen.size - 1.5)
            pen.text(
                x, top + pen.size, format_iban(spec.iban), key="vendor_iban", size=pen.size - 1.5
            )
    page_word = label(spec.locale.language, "page", 0)
    pen.text(
        pen.width - MARGIN, top, f"{page_word} {page} / {pages}", align="right", size=pen.size - 1.5
    )
    if spec.stamp:
        pen.text(
            pen.width / 2, 20, spec.stamp, bold=True, size=14, align="center", color=(0.7, 0.1, 0.1)
        )


def paginate(heights: list[float], first: float, later: float, tail: float) -> list[list[int]]:
    """Return row indices per page: rows fill ``first`` then ``later`` heights; the last
    page must also hold ``tail`` (the totals), else the totals go on a page of their own."""
    pages: list[list[int]] = [[]]
    room = first
    for i, h in enumerate(heights):
        if h > room and pages[-1]:
            pages.append([])
            room = later
        pages[-1].append(i)
        room -= h
    if tail > room:
        pages.append([])
    return pages


def render_invoice(spec: InvoiceSpec) -> Rendered:
    """Return the invoice PDF and where its truth values were drawn."""
    if is_grammar(spec.layout):
        from devkit.synth.compose import render_design  # compose builds on this module

        return render_design(spec)
    lay = INVOICE_LAYOUTS[spec.layout]
    pen = Pen(spec.locale.page_size, lay.font, lay.bold, lay.size, title=spec.invoice_number)
    table_w = pen.width - 2 * MARGIN
    cols = columns(lay, table_w)
    desc_x = next((x0, x1) for c, x0, x1 in cols if c == "description")
    descs = [_desc_lines(pen, ln.description, *desc_x) for ln in spec.lines]
    heights = [pen.size * 1.3 * len(d) + pen.size * 0.7 for d in descs]
    start = _header(pen, spec, lay)
    bottom = pen.height - FOOTER_H - 10
    head_h = pen.size * 2
    tail = pen.size * 1.5 * (len(spec.tax_breakdown()) + 5) + 30
    pages = paginate(heights, bottom - start - head_h, bottom - 90 - head_h, tail)
    line_pages = [0] * len(spec.lines)
    for p, rows in enumerate(pages, start=1):
        top = start
        if p > 1:
            pen.new_page()
            pen.text(MARGIN, 40, f"{spec.vendor.party.name} — {spec.invoice_number}", bold=True)
            top = 90
        if rows:
            top = _table_head(pen, spec, lay, cols, top)
        for i in rows:
            top = _row(pen, spec, lay, cols, top, i, descs[i])
            line_pages[i] = p
        if p < len(pages):
            pen.text(
                pen.width - MARGIN,
                top + 6,
                label(spec.locale.language, "continued", 0),
                align="right",
                size=pen.size - 1,
            )
        else:
            _after_totals(pen, spec, lay, _totals(pen, spec, lay, top + 6))
        _footer(pen, spec, lay, p, len(pages))
    return Rendered(pen.finish(), pen.boxes, line_pages, len(pages))


def render(spec: InvoiceSpec) -> bytes:
    """Return the PDF bytes of one invoice or credit note."""
    return render_invoice(spec).pdf


def expected_terms(spec: InvoiceSpec, lay: Layout) -> str:
    """Return the payment terms sentence the layout prints for this spec's due date."""
    days = (spec.due_date - spec.invoice_date).days
    return terms_text(spec.locale.language, days, lay.labels)
