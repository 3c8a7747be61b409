"""Render an ``InvoiceSpec`` whose layout is a grammar ``Design`` (``grammar.py``).

Same contract as ``render.render_invoice``: the PDF, where each truth value was drawn,
each line's page. Numbers that are not truth (customer numbers, delivery notes, GTINs,
BICs, phone numbers) come from RNGs seeded by the vendor and document names, so the
same spec always prints the same bytes. ``letterhead.py`` draws the top of page 1; this
module the line table, the totals and the footer.
"""

from __future__ import annotations

import random
import zlib
from datetime import timedelta

from reportlab.lib.utils import simpleSplit
from stdnum import ean

from devkit.synth.grammar import design
from devkit.synth.ids import format_iban
from devkit.synth.letterhead import Ctx, Seg, draw_line, extras, header, labelled, line_width
from devkit.synth.model import InvoiceSpec
from devkit.synth.pen import MARGIN, Pen
from devkit.synth.render import COL_WIDTH, NUMERIC, Rendered, cells, paginate
from devkit.synth.wording import fmt_rate, label

FOOTER_H = {"line": 56.0, "columns": 80.0}


# -- the line table --------------------------------------------------------------------------


def _texts(c: Ctx) -> list[dict[str, str]]:
    out = []
    for i, ln in enumerate(c.spec.lines):
        t = cells(c.spec, ln, i)
        if c.d.qty_unit:
            t["quantity"] = f"{t['quantity']} {ln.unit}"
        out.append(t)
    return out


def _columns(c: Ctx, texts: list[dict[str, str]]) -> tuple[list[tuple[str, float, float]], float]:
    """Return ``(column, x0, x1)`` fitted to the widest cell, and the header font size."""
    pen, d = c.pen, c.d
    widths = {}
    for col in d.columns:
        if col == "description":
            continue
        widest = max(pen.text_width(t[col]) for t in texts)
        widths[col] = max(COL_WIDTH[col], widest + 8)
    table_w = pen.width - 2 * MARGIN
    cols, x = [], MARGIN
    for col in d.columns:
        cw = max(table_w - sum(widths.values()), 90) if col == "description" else widths[col]
        cols.append((col, x, x + cw))
        x += cw
    head = min(
        [pen.size]
        + [pen.size * (x1 - x0 - 6) / pen.text_width(c.w(col), bold=True) for col, x0, x1 in cols]
    )
    return cols, head


def _details(c: Ctx, i: int) -> list[str]:
    """Return the rows printed under line ``i``'s description (article no, GTIN ...)."""
    ln, d, out = c.spec.lines[i], c.d, []
    if "sku" in d.details:
        out.append(f"{c.w('sku')}: {ln.sku}")
    if "gtin" in d.details:
        body = f"400{zlib.crc32(ln.sku.encode()) % 10**9:09d}"
        out.append(f"{c.w('gtin')}: {body}{ean.calc_check_digit(body)}")
    if "delivery" in d.details:
        when = c.date(c.spec.invoice_date - timedelta(days=2))
        out.append(f"{c.w('delivery_note')} {c.extras['delivery_note']} / {when}")
    if ln.list_price is not None:
        rate = (1 - ln.unit_price / ln.list_price) * 100
        off = fmt_rate(rate.normalize(), c.d.locale.number_style)
        out.append(f"{c.w('list_price')} {c.num(ln.list_price)}, {c.w('discount')} {off} %")
    return out


def _row_lines(c: Ctx, x0: float, x1: float) -> list[tuple[list[str], list[str]]]:
    pen = c.pen
    out = []
    for i, ln in enumerate(c.spec.lines):
        desc = simpleSplit(ln.description, pen.font, pen.size, x1 - x0 - 6) or [""]
        extra = [p for row in _details(c, i) for p in
                 simpleSplit(row, pen.font, pen.size - 1, x1 - x0 - 6)]  # fmt: skip
        out.append((desc, extra))
    return out


def _row_height(pen: Pen, desc: list[str], extra: list[str]) -> float:
    return pen.size * 1.3 * len(desc) + (pen.size - 1) * 1.25 * len(extra) + pen.size * 0.7


def _table_head(c: Ctx, cols: list, top: float, size: float) -> float:
    pen, d = c.pen, c.d
    if not d.head:
        if d.table in ("rules", "grid"):
            pen.hline(MARGIN, cols[-1][2], top, 0.9)
        return top + 2
    h = pen.size * 2
    if d.table in ("grid", "zebra"):
        pen.rect(MARGIN, top, cols[-1][2] - MARGIN, h, fill=0.85, stroke=d.table == "grid")
    for col, x0, x1 in cols:
        x, align = (x1 - 3, "right") if col in NUMERIC else (x0 + 3, "left")
        pen.text(x, top + pen.size * 0.5, c.w(col), bold=True, align=align, size=size)
    if d.table in ("rules", "none"):
        pen.hline(MARGIN, cols[-1][2], top + h, 0.9 if d.table == "rules" else 0.4)
    return top + h


def _row(c: Ctx, cols: list, top: float, i: int, texts: dict[str, str], rows: tuple) -> float:
    pen, d = c.pen, c.d
    desc, extra = rows
    h = _row_height(pen, desc, extra)
    if d.table == "zebra" and i % 2 == 1:
        pen.rect(MARGIN, top, cols[-1][2] - MARGIN, h, fill=0.94, stroke=False)
    for col, x0, x1 in cols:
        y = top + pen.size * 0.35
        if col == "description":
            for k, part in enumerate(desc):
                pen.text(x0 + 3, y + k * pen.size * 1.3, part)
            y += len(desc) * pen.size * 1.3
            for k, part in enumerate(extra):
                pen.text(x0 + 3, y + k * (pen.size - 1) * 1.25, part, size=pen.size - 1,
                         color=(0.3, 0.3, 0.3))  # fmt: skip
        elif col in NUMERIC:
            pen.text(x1 - 3, y, texts[col], align="right")
        else:
            pen.text(x0 + 3, y, texts[col])
        if d.table == "grid":
            pen.rect(x0, top, x1 - x0, h)
    if d.table == "rules" and extra:
        pen.hline(MARGIN, cols[-1][2], top + h, 0.3)
    return top + h


# -- totals, terms, footer -------------------------------------------------------------------


def _tax_table(c: Ctx, top: float) -> None:
    """Draw the per-rate tax summary (rate, base, tax) at the left of the totals."""
    pen, st = c.pen, c.d.locale.number_style
    heads = [c.w("tax_rate_word"), c.w("tax_base"), c.w("tax")]
    rows = [[f"{fmt_rate(r, st)} %", c.num(b), c.num(t)] for r, b, t in c.spec.tax_breakdown()]
    widths = [max(pen.text_width(r[k]) for r in [heads, *rows]) + 14 for k in range(3)]
    x, step = MARGIN, pen.size * 1.45
    pen.hline(x, x + sum(widths), top + step - 1, 0.4)
    for r, row in enumerate([heads, *rows]):
        cx = x
        for k, text in enumerate(row):
            cx += widths[k]
            pen.text(cx - 4, top + r * step, text, align="right", bold=r == 0, size=pen.size - 0.5)


def _totals(c: Ctx, top: float) -> float:
    """Draw subtotal, tax and total (keyed) at the right; return the bottom."""
    pen, spec, d = c.pen, c.spec, c.d
    breakdown = spec.tax_breakdown()
    rows: list[tuple[list[Seg], str, str | None, bool]] = [
        ([(c.w("subtotal"), None)], c.money(spec.subtotal), "subtotal", False)
    ]
    if d.tax_summary == "rows":
        for rate, _base, tax in breakdown:
            key = "tax_amount" if len(breakdown) == 1 else None
            lab = f"{c.w('tax')} {fmt_rate(rate, d.locale.number_style)} %"
            rows.append(([(lab, None)], c.money(tax), key, False))
    if d.tax_summary == "table" or len(breakdown) > 1:
        rows.append(([(c.w("tax"), None)], c.money(spec.tax_amount), "tax_amount", False))
    total: list[Seg] = [(c.w("total"), None)]
    if not d.symbol and d.currency_at == "totals":
        total += [(" ", None), (spec.currency, "currency")]
    rows.append((total, c.money(spec.printed_total), "total", True))
    step = pen.size * 1.5
    need = max(line_width(pen, s, b, pen.size) + pen.text_width(v, bold=b) for s, v, _, b in rows)
    x1 = pen.width - MARGIN
    x0 = x1 - max(200.0, need + 30)
    if d.tax_summary == "table":
        _tax_table(c, top + 6)
    if d.table != "none":
        pen.hline(x0, x1, top, 0.9)
    y = top + 6
    for segs, val, key, bold in rows:
        draw_line(pen, x0 + 4, y, segs, "left", bold, pen.size)
        pen.text(x1 - 4, y, val, key=key, bold=bold, align="right")
        y += step
    if d.totals_box:
        pen.rect(x0, top + 2, x1 - x0, y - top)
    tax_rows = len(breakdown) + 1 if d.tax_summary == "table" else 0
    return max(y, top + 6 + tax_rows * pen.size * 1.45) + 8


def _after_totals(c: Ctx, top: float) -> None:
    pen = c.pen
    w = pen.text(MARGIN, top, f"{c.w('terms')}: ", bold=True)
    pen.text(MARGIN + w, top, c.spec.payment_terms, key="payment_terms")
    if c.d.bank == "totals" and c.spec.iban:
        top += pen.size * 1.5
        segs = labelled(c, "iban", format_iban(c.spec.iban), "vendor_iban")
        if c.d.bic:
            segs += [("   ", None), *labelled(c, "bic", c.extras["bic"], None)]
        draw_line(pen, MARGIN, top, segs, "left", False, pen.size)


def _footer_parts(c: Ctx) -> list[list[list[Seg]]]:
    """Return the footer's columns, each a list of lines of segments."""
    party, d = c.spec.vendor.party, c.d
    cols: list[list[list[Seg]]] = [[[(party.name, None)], [(party.street, None)],
                                    [(f"{party.city}, {party.country}", None)]]]  # fmt: skip
    if d.contact and d.seller == "logo":
        cols.append([[(f"{c.w('phone')} {c.extras['phone']}", None)], [(c.extras["email"], None)]])
    if c.spec.iban and d.bank == "footer":
        bank = [labelled(c, "iban", format_iban(c.spec.iban), "vendor_iban")]
        if d.bic:
            bank.append(labelled(c, "bic", c.extras["bic"], None))
        cols.append([[(c.w("bank"), None)], *bank])
    ids: list[list[Seg]] = []
    if party.tax_id and d.ids_at == "footer":
        ids.append(labelled(c, "tax_id", party.tax_id, "vendor_tax_id"))
    if d.footer == "columns":
        ids.append([(f"{c.w('register')} {c.extras['register']}", None)])
    if ids:
        cols.append(ids)
    return cols


def _footer(c: Ctx, page: int, pages: int) -> None:
    pen, d = c.pen, c.d
    size = pen.size - 1.5
    top = pen.height - FOOTER_H[d.footer] + 12
    pen.hline(MARGIN, pen.width - MARGIN, top - 6, 0.4)
    page_text = f"{label(d.language, 'page', 0)} {page} / {pages}"
    parts = _footer_parts(c)
    if d.footer == "columns":
        pen.text(pen.width - MARGIN, top - 16, page_text, align="right", size=size)
        widths = [max(line_width(pen, segs, False, size) for segs in col) for col in parts]
        gap = 16.0
        room = pen.width - 2 * MARGIN - gap * (len(parts) - 1)
        if sum(widths) > room:  # long wordings: a smaller font rather than overlapping text
            size, widths = size * room / sum(widths), [w * room / sum(widths) for w in widths]
        spare = (room - sum(widths)) / max(len(parts) - 1, 1)
        x = MARGIN
        for k, lines in enumerate(parts):
            for j, segs in enumerate(lines):
                draw_line(pen, x, top + j * size * 1.3, segs, "left", False, size)
            x += widths[k] + gap + spare
    else:
        first = " · ".join(t for line in parts[0] for t, _ in line)
        pen.text(MARGIN, top, first, size=size)
        pen.text(pen.width - MARGIN, top, page_text, align="right", size=size)
        segs: list[Seg] = []
        for lines in parts[1:]:
            for line in lines:
                segs += [*line, ("   ", None)]
        if segs:
            draw_line(pen, MARGIN, top + size * 1.4, segs[:-1], "left", False, size)
    if c.spec.stamp:
        pen.text(pen.width / 2, 20, c.spec.stamp, bold=True, size=14, align="center",
                 color=(0.7, 0.1, 0.1))  # fmt: skip


# -- the document ----------------------------------------------------------------------------


def render_design(spec: InvoiceSpec) -> Rendered:
    """Return the invoice PDF of a grammar-layout spec and where its truth values were drawn."""
    d = design(spec.layout)
    pen = Pen(spec.locale.page_size, d.font, d.bold, d.size, title=spec.invoice_number)
    c = Ctx(spec, d, pen, random.Random(f"{d.name}/{spec.name}"), extras(spec))
    texts = _texts(c)
    cols, head_size = _columns(c, texts)
    desc_x = next((x0, x1) for col, x0, x1 in cols if col == "description")
    rows = _row_lines(c, *desc_x)
    heights = [_row_height(pen, *r) for r in rows]
    start = header(c)
    bottom = pen.height - FOOTER_H[d.footer] - 10
    head_h = pen.size * 2 if d.head else 2
    tail = pen.size * 1.5 * (2 * len(spec.tax_breakdown()) + 7) + 40
    pages = paginate(heights, bottom - start - head_h, bottom - 90 - head_h, tail)
    line_pages = [0] * len(spec.lines)
    for p, idx in enumerate(pages, start=1):
        top = start
        if p > 1:
            pen.new_page()
            pen.text(MARGIN, 40, f"{spec.vendor.party.name} — {spec.invoice_number}", bold=True)
            top = 90
        if idx:
            top = _table_head(c, cols, top, head_size)
        for i in idx:
            top = _row(c, cols, top, i, texts[i], rows[i])
            line_pages[i] = p
        if p < len(pages):
            pen.text(pen.width - MARGIN, top + 6, label(d.language, "continued", 0),
                     align="right", size=pen.size - 1)  # fmt: skip
        else:
            _after_totals(c, _totals(c, top + 6))
        _footer(c, p, len(pages))
    return Rendered(pen.finish(), pen.boxes, line_pages, len(pages))
