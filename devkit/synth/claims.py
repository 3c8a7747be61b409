"""Render a ``ClaimSpec`` to a claim-form PDF (boxed form or letter style)."""

from __future__ import annotations

from devkit.synth.layouts import CLAIM_LAYOUTS, Layout
from devkit.synth.model import ClaimSpec
from devkit.synth.pen import MARGIN, Pen
from devkit.synth.render import Rendered
from devkit.synth.wording import CLAIM_LABELS, fmt_date, fmt_money, fmt_number, fmt_quantity

COLS = {"service_date": 80, "code": 50, "quantity": 40, "unit_price": 75, "amount": 80}
RIGHT = {"quantity", "unit_price", "amount"}


def _header_items(spec: ClaimSpec) -> list[tuple[str, str]]:
    d = fmt_date(spec.service_date, spec.date_style, spec.language)
    return [
        ("claim_number", spec.claim_number),
        ("policy_number", spec.policy_number),
        ("claimant_name", spec.claimant.name),
        ("provider_name", spec.provider.name),
        ("service_date", d),
        ("currency", spec.currency),
    ]


def _form_header(pen: Pen, spec: ClaimSpec, lay: Layout, top: float) -> float:
    lab = CLAIM_LABELS[spec.language]
    cell_w = (pen.width - 2 * MARGIN) / 2
    h = pen.size * 3.2
    for i, (key, value) in enumerate(_header_items(spec)):
        x = MARGIN + (i % 2) * cell_w
        y = top + (i // 2) * h
        if lay.meta == "boxes":
            pen.rect(x, y, cell_w, h)
            pen.text(x + 4, y + 3, lab[key], size=pen.size - 1.5)
            pen.text(x + 4, y + pen.size * 1.6, value, key=key, bold=True)
        else:
            w = pen.text(x, y + 4, f"{lab[key]}: ", bold=True)
            pen.text(x + w, y + 4, value, key=key)
    return top + 3 * h + 16


def _letter_header(pen: Pen, spec: ClaimSpec, top: float) -> float:
    lab = CLAIM_LABELS[spec.language]
    pen.text(MARGIN, top, spec.provider.name, key="provider_name", bold=True, size=pen.size + 2)
    pen.text(MARGIN, top + pen.size * 1.6, f"{spec.provider.street}, {spec.provider.city}")
    top += pen.size * 4
    for key, value in _header_items(spec):
        if key == "provider_name":
            continue
        w = pen.text(MARGIN, top, f"{lab[key]}: ")
        pen.text(MARGIN + max(w, 150), top, value, key=key, bold=True)
        top += pen.size * 1.5
    return top + 14


def _table(pen: Pen, spec: ClaimSpec, lay: Layout, top: float) -> float:
    lab = CLAIM_LABELS[spec.language]
    fixed = sum(COLS[c] for c in lay.columns if c != "description")
    x, cols = MARGIN, []
    for c in lay.columns:
        w = pen.width - 2 * MARGIN - fixed if c == "description" else COLS[c]
        cols.append((c, x, x + w))
        x += w
    row_h = pen.size * 1.9
    rows = [[lab[c] for c, _, _ in cols]]
    st = spec.number_style
    for ln in spec.lines:
        vals = {
            "service_date": fmt_date(ln.service_date, spec.date_style, spec.language),
            "code": ln.code,
            "description": ln.description,
            "quantity": fmt_quantity(ln.quantity, st),
            "unit_price": fmt_number(ln.unit_price, st),
            "amount": fmt_number(ln.amount, st),
        }
        rows.append([vals[c] for c, _, _ in cols])
    for r, row in enumerate(rows):
        for (c, x0, x1), text in zip(cols, row, strict=True):
            if lay.table == "grid":
                pen.rect(x0, top, x1 - x0, row_h, fill=0.88 if r == 0 else None)
            x, align = (x1 - 3, "right") if c in RIGHT else (x0 + 3, "left")
            pen.text(x, top + pen.size * 0.5, text, align=align, bold=r == 0)
        if lay.table == "rules" and r == 0:
            pen.hline(MARGIN, cols[-1][2], top + row_h)
        top += row_h
    total = fmt_money(spec.total_claimed, spec.currency, st, lay.symbol)
    top += 8
    pen.text(pen.width - MARGIN - 200, top, lab["total_claimed"], bold=True)
    pen.text(pen.width - MARGIN, top, total, key="total_claimed", bold=True, align="right")
    return top + 20


def render_claim(spec: ClaimSpec) -> Rendered:
    """Return the claim form PDF and where its truth values were drawn."""
    lay = CLAIM_LAYOUTS[spec.layout]
    pen = Pen("A4", lay.font, lay.bold, lay.size, title=spec.claim_number)
    lab = CLAIM_LABELS[spec.language]
    pen.text(pen.width / 2, 40, lab["title"], bold=True, size=15, align="center")
    if lay.header == "form":
        top = _form_header(pen, spec, lay, 80)
    else:
        top = _letter_header(pen, spec, 80)
    top = _table(pen, spec, lay, top)
    pen.text(
        MARGIN,
        top + 20,
        f"{spec.claimant.name}, {spec.claimant.street}, {spec.claimant.city}",
        size=pen.size - 1,
    )
    if spec.stamp:
        pen.text(
            pen.width / 2, 20, spec.stamp, bold=True, size=14, align="center", color=(0.7, 0.1, 0.1)
        )
    return Rendered(pen.finish(), pen.boxes, [], 1)


def make_claim(spec: ClaimSpec) -> bytes:
    """Return the PDF bytes of one claim form."""
    return render_claim(spec).pdf
