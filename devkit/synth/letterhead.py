"""The top of a grammar-layout invoice: seller letterhead, address window, meta block.

Every block is measured before it is placed, so no two texts overlap whatever wordings,
language and font the design drew. ``compose.py`` draws the rest of the page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from devkit.synth.grammar import Design
from devkit.synth.ids import format_iban, make_bic
from devkit.synth.model import InvoiceSpec
from devkit.synth.pen import MARGIN, Pen, meta_item
from devkit.synth.wording import fmt_date, fmt_money, fmt_number, label

SIDE_W = 150.0
Seg = tuple[str, str | None]  # a piece of text and the truth key it shows (or None)


@dataclass
class Ctx:
    """One document being drawn: the spec, its design, the pen and per-vendor extras."""

    spec: InvoiceSpec
    d: Design
    pen: Pen
    rng: random.Random
    extras: dict[str, str] = field(default_factory=dict)

    def w(self, key: str) -> str:
        """Return the design's wording of label ``key`` (credit notes say so)."""
        if self.spec.kind == "credit_note":
            key = {"invoice": "credit_note", "invoice_number": "credit_number"}.get(key, key)
        unlisted = self.spec.extra.get("wording") == "unlisted"
        return label(self.d.language, key, self.d.word(key), unlisted=unlisted)

    def date(self, value: object) -> str:
        return fmt_date(value, self.d.locale.date_style, self.d.language)  # type: ignore[arg-type]

    def money(self, value: Decimal) -> str:
        return fmt_money(value, self.spec.currency, self.d.locale.number_style, self.d.symbol)

    def num(self, value: Decimal) -> str:
        return fmt_number(value, self.d.locale.number_style)


def extras(spec: InvoiceSpec) -> dict[str, str]:
    """Return the vendor's printed contact and bank details that are not truth."""
    party = spec.vendor.party
    rng = random.Random(f"contact/{party.name}")
    host = "".join(ch for ch in party.name.split()[0].lower() if ch.isalnum()) or "vendor"
    return {
        "phone": f"+{rng.randint(30, 49)} {rng.randint(20, 99)} {rng.randint(100000, 999999)}",
        "email": f"{rng.choice(['billing', 'invoices', 'info', 'ar'])}@{host}.example",
        "bic": make_bic(rng, party.country),
        "register": str(rng.randint(10000, 99999)),
        "customer_no": str(rng.randint(10000, 99999)),
        "delivery_note": str(rng.randint(80000000, 89999999)),
    }


# -- blocks of text -------------------------------------------------------------------------


def line_width(pen: Pen, segs: list[Seg], bold: bool, size: float) -> float:
    return sum(pen.text_width(t, bold=bold, size=size) for t, _ in segs)


def draw_line(
    pen: Pen, x: float, top: float, segs: list[Seg], align: str, bold: bool, size: float
) -> None:
    width = line_width(pen, segs, bold, size)
    x = {"left": x, "right": x - width, "center": x - width / 2}[align]
    for text, key in segs:
        x += pen.text(x, top, text, key=key, bold=bold, size=size)


def _block(
    pen: Pen,
    x: float,
    top: float,
    lines: list[list[Seg]],
    align: str = "left",
    *,
    head: bool = True,
) -> float:
    """Draw lines of segments, the first bold and larger if ``head``; return the bottom."""
    for i, segs in enumerate(lines):
        first = head and i == 0
        size = pen.size + (1.5 if first else 0)
        draw_line(pen, x, top, segs, align, first, size)
        top += size * 1.35
    return top


def _block_width(pen: Pen, lines: list[list[Seg]]) -> float:
    return max(
        line_width(pen, segs, i == 0, pen.size + (1.5 if i == 0 else 0))
        for i, segs in enumerate(lines)
    )


def labelled(c: Ctx, key: str, value: str, truth: str | None) -> list[Seg]:
    return [(f"{c.w(key)}: ", None), (value, truth)]


def _seller_lines(c: Ctx, *, name: bool = True) -> list[list[Seg]]:
    party, d = c.spec.vendor.party, c.d
    lines: list[list[Seg]] = [[(party.name, "vendor_name")]] if name else []
    lines += [[(party.street, None)], [(f"{party.city}, {party.country}", None)]]
    if d.contact:
        lines += [[(f"{c.w('phone')} {c.extras['phone']}", None)]]
        lines += [[(f"{c.w('email')}: {c.extras['email']}", None)]]
    if party.tax_id and d.ids_at == "header":
        lines.append(labelled(c, "tax_id", party.tax_id, "vendor_tax_id"))
    if c.spec.iban and d.bank == "header":
        lines.append(labelled(c, "iban", format_iban(c.spec.iban), "vendor_iban"))
        if d.bic:
            lines.append(labelled(c, "bic", c.extras["bic"], None))
    return lines


def _buyer_lines(c: Ctx) -> list[list[Seg]]:
    cust = c.spec.customer
    lines: list[list[Seg]] = [[(cust.name, "customer_name")]]
    lines += [[(cust.street, None)], [(f"{cust.city}, {cust.country}", None)]]
    return lines


# -- the meta block (number, dates, PO ...) --------------------------------------------------


def meta_items(c: Ctx) -> list[tuple[str | None, str, str]]:
    """Return ``(truth key or None, label, printed value)`` of the meta block, in order."""
    spec, d = c.spec, c.d
    items: list[tuple[str | None, str, str]] = [
        ("invoice_number", c.w("invoice_number"), spec.invoice_number),
        ("invoice_date", c.w("invoice_date"), c.date(spec.invoice_date)),
        ("due_date", c.w("due_date"), c.date(spec.due_date)),
        ("po_number", c.w("po_number"), spec.po_number or ""),
    ]
    for extra in d.meta_extra:
        if extra == "customer_no":
            items.append((None, c.w("customer_no"), c.extras["customer_no"]))
        else:
            delivered = spec.invoice_date - timedelta(days=2)
            items.append((None, c.w("delivery_date"), c.date(delivered)))
    items = [items[i] for i in d.meta_order if i < len(items)]
    items = [it for it in items if it[2]]  # no PO number: no PO line
    if not d.symbol and d.currency_at == "meta":
        items.append(("currency", c.w("currency"), spec.currency))
    return items


def _meta_width(pen: Pen, items: list[tuple[str | None, str, str]], mode: str) -> float:
    labs = max(pen.text_width(lab, size=pen.size - 1) for _, lab, _ in items)
    vals = max(pen.text_width(v, bold=True) for _, _, v in items)
    if mode == "inline":
        return max(pen.text_width(f"{lab}: ", bold=True) + pen.text_width(v) for _, lab, v in items)
    if mode == "stacked":
        return max(labs, vals)
    return labs + vals + 24  # table, kv_grid: a label column and a value column


def _draw_meta(
    pen: Pen,
    items: list[tuple[str | None, str, str]],
    mode: str,
    x: float,
    top: float,
    width: float,
) -> float:
    """Draw the meta block in ``mode`` within ``width``; return its bottom."""
    step = pen.size * 1.45
    if mode in ("boxes", "two_column"):
        return _meta_across(pen, items, mode, x, top, width)
    lw = _meta_width(pen, items, "stacked") if mode == "kv_grid" else 0.0
    lw = max(pen.text_width(lab) for _, lab, _ in items) + 10 if mode == "kv_grid" else lw
    for key, lab, val in items:
        if mode == "kv_grid":
            pen.rect(x, top, lw, step + 2, fill=0.9)
            pen.rect(x + lw, top, width - lw, step + 2)
            pen.text(x + 4, top + 2, lab)
            pen.text(x + lw + 4, top + 2, val, key=key, bold=True)
            top += step + 2
        else:
            top = meta_item(pen, mode, key, lab, val, x, top, width)
    return top + 8


def _meta_across(
    pen: Pen,
    items: list[tuple[str | None, str, str]],
    mode: str,
    x: float,
    top: float,
    width: float,
) -> float:
    """Draw the items side by side (boxes: label over value; two_column: label: value)."""
    step = pen.size * 1.45
    if mode == "two_column":
        half = width / 2
        for i, (key, lab, val) in enumerate(items):
            cx, ty = x + (i % 2) * half, top + (i // 2) * step
            w = pen.text(cx, ty, f"{lab}: ")
            pen.text(cx + w, ty, val, key=key, bold=True)
        return top + ((len(items) + 1) // 2) * step + 8
    need = max(max(pen.text_width(lab, size=pen.size - 1), pen.text_width(v, bold=True))
               for _, lab, v in items) + 8  # fmt: skip
    per_row = max(1, min(len(items), int(width // need)))
    cell = width / per_row
    for i, (key, lab, val) in enumerate(items):
        cx, ty = x + (i % per_row) * cell, top + (i // per_row) * (step * 2 + 4)
        pen.rect(cx, ty, cell, step * 2 + 4)
        pen.text(cx + 3, ty + 2, lab, size=pen.size - 1)
        pen.text(cx + 3, ty + step + 2, val, key=key, bold=True)
    rows = (len(items) + per_row - 1) // per_row
    return top + rows * (step * 2 + 4) + 10


# -- page 1 header ---------------------------------------------------------------------------


def _top(c: Ctx) -> float:
    """Draw the seller's letterhead (and the title when it goes on top); return the bottom."""
    pen, d, w, m = c.pen, c.d, c.pen.width, MARGIN
    title = c.w("invoice")
    name = c.spec.vendor.party.name
    if d.seller == "band":
        pen.rect(0, 0, w, 70, fill=0.25, stroke=False)
        tsize = _fit(pen, title, d.title_size, 200)
        room = (
            w - 2 * m - (pen.text_width(title, bold=True, size=tsize) + 24) * (d.title_at == "top")
        )
        white = (1.0, 1.0, 1.0)
        pen.text(m, 22, name, key="vendor_name", bold=True, size=_fit(pen, name, 15, room),
                 color=white)  # fmt: skip
        if d.title_at == "top":
            pen.text(w - m, 24, title, bold=True, size=tsize, align="right", color=white)
        return _block(pen, m, 84, _seller_lines(c, name=False), head=False)
    on_top = d.title_at == "top" and d.seller != "side"
    if d.seller in ("logo", "side"):
        room = w - 2 * m - (SIDE_W + 20 if d.seller == "side" else 0)
        room -= _title_room(c, title) if on_top else 0
        size = _fit(pen, name, d.title_size + 2, room)
        pen.text(m, 36, name, key="vendor_name", bold=True, size=size)
        bottom = 36 + size + 10
        used = pen.text_width(name, bold=True, size=size)
    else:
        align = {"top_left": "left", "top_right": "right", "top_center": "center"}[d.seller]
        x = {"left": m, "right": w - m, "center": w / 2}[align]
        bottom = _block(pen, x, 40, _seller_lines(c), align=align)
        used = _block_width(pen, _seller_lines(c))
    if on_top:
        right = d.seller != "top_right"
        size = _fit(pen, title, d.title_size, w - 2 * m - used - 24)
        pen.text(w - m if right else m, 40, title, bold=True, size=size,
                 align="right" if right else "left")  # fmt: skip
        bottom = max(bottom, 40 + size + 6)
    return bottom


def _fit(pen: Pen, text: str, size: float, room: float) -> float:
    """Return ``size``, or the smaller bold size at which ``text`` fits in ``room``."""
    width = pen.text_width(text, bold=True, size=size)
    return size if width <= room else max(6.0, size * room / width)


def _title_room(c: Ctx, title: str) -> float:
    return min(c.pen.text_width(title, bold=True, size=c.d.title_size), 200.0) + 24


def _side(c: Ctx, items: list[tuple[str | None, str, str]]) -> float:
    """Draw the side column (seller details, maybe the meta block); return its bottom."""
    pen = c.pen
    x = pen.width - MARGIN - SIDE_W
    top = _block(pen, x, 40, [[(c.spec.vendor.party.name, None)]] + _seller_lines(c, name=False))
    if c.d.meta_at == "side":
        top = _draw_meta(pen, items, "stacked", x, top + 10, SIDE_W)
    return top


def header(c: Ctx) -> float:
    """Draw everything above the line table on page 1; return where the table starts."""
    pen, d, w, m = c.pen, c.d, c.pen.width, MARGIN
    items = meta_items(c)
    top = _top(c)
    side_bottom = _side(c, items) if d.seller == "side" else 0.0
    win = max(top + 16, 118.0)
    left = d.buyer == "window_left"
    bx = m if left else w / 2 + 30
    y = win
    if d.sender_line:
        party = c.spec.vendor.party
        sender = f"{party.name} · {party.street} · {party.city}"
        room = (w / 2 + 10 - bx) if left else (w - m - bx)
        tiny = min(pen.size - 2, (pen.size - 2) * room / pen.text_width(sender, size=pen.size - 2))
        sw = pen.text(bx, y, sender, size=tiny)
        pen.hline(bx, bx + sw, y + tiny + 1, 0.3)
        y += tiny + 6
    if d.buyer_label:
        pen.text(bx, y, c.w("customer"), size=pen.size - 1)
        y += pen.size * 1.4
    bottom = _block(pen, bx, y, _buyer_lines(c))
    if d.meta_at == "beside":
        mode = d.meta
        mw = _meta_width(pen, items, mode)
        room = (w - m - (bx + _block_width(pen, _buyer_lines(c)) + 30)) if left else (bx - m - 30)
        if mw > room:
            mode, mw = "stacked", _meta_width(pen, items, "stacked")
        mx = w - m - mw if left else m
        bottom = max(bottom, _draw_meta(pen, items, mode, mx, win, mw))
    top = max(bottom, side_bottom) + 14
    if d.title_at == "above_table":
        pen.text(m, top, c.w("invoice"), bold=True, size=d.title_size)
        top += d.title_size + 10
    if d.meta_at == "below":
        mw = w - 2 * m if d.meta in ("boxes", "two_column") else _meta_width(pen, items, d.meta)
        top = _draw_meta(pen, items, d.meta, m, top, min(mw, w - 2 * m)) + 6
    return top + 6
