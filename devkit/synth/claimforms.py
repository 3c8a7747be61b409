"""The generated 837 claims printed on CMS-1500 / UB-04 forms, born-digital and scanned.

``form_pdf(sc, claim, "CMS-1500", ink="black"|"red")`` draws the form from its template
(``templates/forms/*.yml``: frame, box rulings, our own short captions) and fills the
claim in Courier, as practice-management software prints it; ``ink="red"`` prints the
form in red drop-out ink with only the data black. ``form_scan(pdf, seed=...)`` makes a
scan of it (colour, skewed, blurred, noisy, JPEG). ``form_truth`` is what the form
reader must return: the 837 truth of the same claim, plus the UB-04 revenue codes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from devkit.synth.x12 import SERVICES, Claim, Scenario, scenario
from extractors.claimforms import FormTemplate, form_named

DATA_FONT = "Courier-Bold"
RED = (0.93, 0.22, 0.2)
FORM_OF = {"P": "CMS-1500", "I": "UB-04"}
DESCRIPTIONS = {code: desc.upper() for code, desc, _, _ in SERVICES}


def _d6(day: date, sep: str = " ") -> str:
    return day.strftime(f"%m{sep}%d{sep}%y")


def _box(form: FormTemplate, bid: str):
    return next(b for b in form.boxes if b.id == bid)


class _Page:
    def __init__(self, form: FormTemplate, ink: str) -> None:
        rl_config.invariant = 1  # the same claim prints the same bytes
        self.form = form
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=form.page, pageCompression=1)
        self.ink = RED if ink == "red" else (0, 0, 0)
        self.h = form.page[1]

    def y(self, top: float) -> float:
        return self.h - top

    def rect(self, r, width: float = 0.6) -> None:
        x0, y0, x1, y1 = r
        self.c.setLineWidth(width)
        self.c.rect(x0, self.y(y1), x1 - x0, y1 - y0, stroke=1, fill=0)

    def caption(self, text: str, x0: float, top: float, width: float, size: float = 5.2) -> None:
        if not text:
            return
        w1 = stringWidth(text, "Helvetica", 1)
        size = min(size, (width - 3) / w1) if w1 else size
        self.c.setFont("Helvetica", size)
        self.c.drawString(x0 + 1.5, self.y(top + size + 0.6), text)

    def draw_form(self) -> None:
        f, c = self.form, self.c
        c.setStrokeColorRGB(*self.ink)
        c.setFillColorRGB(*self.ink)
        t = f.title
        c.setFont("Helvetica-Bold", float(t["size"]))
        tx0, ty0, tx1, ty1 = t["rect"]
        c.drawCentredString((tx0 + tx1) / 2, self.y(ty1 - 2), str(t["text"]))
        if f.subtitle:
            s = f.subtitle
            c.setFont("Helvetica", float(s["size"]))
            sx0, _, sx1, sy1 = s["rect"]
            c.drawCentredString((sx0 + sx1) / 2, self.y(sy1 - 2), str(s["text"]))
        self.rect(f.frame, 1.4)
        for b in f.boxes:
            self.rect(b.rect)
            self.caption(b.caption, b.rect[0], b.rect[1], b.rect[2] - b.rect[0])
            if b.cents:
                self._divider(b.cents, b.rect[1] + 9, b.rect[3])
        x0, y0, x1, y1 = f.table_rect
        self.rect(f.table_rect)
        for col in f.columns:
            c.setLineWidth(0.6)
            c.line(col.x[0], self.y(y0), col.x[0], self.y(y1))
            self.caption(col.caption, col.x[0], y0 + 2, col.x[1] - col.x[0], 5.0)
            if col.cents:
                self._divider(col.cents, y0 + f.head, y1)
        for i in range(f.rows + 1):
            yy = y0 + f.head + i * f.row_height
            c.setLineWidth(0.6 if i in {0, f.rows} else 0.3)
            c.line(x0, self.y(yy), x1, self.y(yy))
        c.setFillColorRGB(0, 0, 0)

    def _divider(self, x: float, top: float, bottom: float) -> None:
        self.c.setLineWidth(0.3)
        self.c.setDash(1, 1.5)
        self.c.line(x, self.y(top), x, self.y(bottom))
        self.c.setDash()

    def text(self, x: float, baseline_top: float, text: str, size: float | None = None) -> None:
        self.c.setFont(DATA_FONT, size or self.form.data_size)
        self.c.drawString(x, self.y(baseline_top), text)

    def in_box(self, r, text: str, *, right: bool = False) -> None:
        x0, _, x1, y1 = r
        size = self.form.data_size
        if right:
            self.c.setFont(DATA_FONT, size)
            self.c.drawRightString(x1 - 4, self.y(y1 - 3.5), text)
        else:
            self.text(x0 + 4, y1 - 3.5, text)

    def money(self, cents_x: float, bottom: float, amount: Decimal) -> None:
        dollars, cents = f"{amount:.2f}".split(".")
        self.c.setFont(DATA_FONT, self.form.data_size)
        self.c.drawRightString(cents_x - 3, self.y(bottom - 3.5), dollars)
        self.c.drawString(cents_x + 3, self.y(bottom - 3.5), cents)

    def done(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def _dx(claim: Claim) -> list[str]:
    from devkit.synth.x12 import DIAGNOSES

    return random.Random(claim.number).sample(DIAGNOSES, 2)


def _fill_cms1500(p: _Page, sc: Scenario, cl: Claim) -> None:
    f = p.form
    last, first = cl.patient
    boxes = {
        "payer": sc.payer_id,
        "1a": cl.member_id,
        "2": f"{last}, {first}",
        "3": "01 01 1970  F",
        "4": f"{last}, {first}",
        "5": "1 ELM ROAD",
        "6": "SELF",
        "7": "1 ELM ROAD",
        "11": "NONE",
        "12": "SIGNATURE ON FILE",
        "13": "SIGNATURE ON FILE",
        "21": "   ".join(f"{chr(65 + i)}. {d}" for i, d in enumerate(_dx(cl))),
        "25": "123456789  EIN",
        "26": cl.number,
        "27": "YES",
        "33a": sc.provider_npi,
    }
    for bid, text in boxes.items():
        p.in_box(_box(f, bid).rect, text)
    b28 = _box(f, "28")
    p.money(b28.cents or 0, b28.rect[3], cl.total)
    b31 = _box(f, "31")
    p.text(26, b31.rect[3] - 22, "SIGNATURE ON FILE", 8)
    p.text(26, b31.rect[3] - 4, _d6(sc.created))
    b33 = _box(f, "33")
    x, y = b33.data_at or (b33.rect[0] + 4, b33.rect[1] + 22)
    p.text(x, y, sc.provider_name)
    p.text(x, y + 12, "100 MAIN STREET")
    p.text(x, y + 24, "SPRINGFIELD IL 627010001")
    cols = {c.id: c for c in f.columns}
    for i, ln in enumerate(cl.lines):

        def cell(cid: str, text: str, i: int = i) -> None:
            p.in_box(f.row_rect(i, cols[cid]), text)

        cell("24A", _d6(ln.service_date))
        cell("24A-to", _d6(ln.service_date))
        cell("24B", cl.pos)
        cell("24D", "  ".join((ln.code, *ln.modifiers)))
        cell("24E", "A")
        r = f.row_rect(i, cols["24F"])
        p.money(cols["24F"].cents or 0, r[3], ln.charge)
        cell("24G", str(ln.units))
        cell("24J", sc.provider_npi)


def _fill_ub04(p: _Page, sc: Scenario, cl: Claim) -> None:
    f = p.form
    last, first = cl.patient
    first_day = min(ln.service_date for ln in cl.lines)
    last_day = max(ln.service_date for ln in cl.lines)
    b1 = _box(f, "1")
    x, y = b1.data_at or (26, 62)
    p.text(x, y, sc.provider_name)
    p.text(x, y + 11, "100 MAIN STREET")
    p.text(x, y + 22, "SPRINGFIELD IL 627010001")
    b3 = _box(f, "3a")
    p.text(*(b3.data_at or (436, 54)), cl.number)
    boxes = {
        "4": f"0{cl.pos}1",
        "5": "123456789",
        "6": f"{_d6(first_day, '')} {_d6(last_day, '')}",
        "8": f"{last}, {first}",
        "9": "1 ELM ROAD SPRINGFIELD IL 62702",
        "10": "01011970",
        "11": "F",
        "51": sc.payer_id,
        "56": sc.provider_npi,
        "58": f"{last}, {first}",
        "60": cl.member_id,
        "67": "   ".join(_dx(cl)),
        "50": "SYNTH PAYER",
        "76": sc.provider_npi,
        "45c": _d6(sc.created, ""),
    }
    for bid, text in boxes.items():
        p.in_box(_box(f, bid).rect, text)
    b47 = _box(f, "47")
    p.money(b47.cents or 0, b47.rect[3], cl.total)
    cols = {c.id: c for c in f.columns}
    for i, ln in enumerate(cl.lines):

        def cell(cid: str, text: str, i: int = i) -> None:
            p.in_box(f.row_rect(i, cols[cid]), text)

        cell("42", ln.revenue)
        cell("43", DESCRIPTIONS.get(ln.code, "SERVICE")[:22])
        cell("44", "  ".join((ln.code, *ln.modifiers)))
        cell("45", _d6(ln.service_date, ""))
        cell("46", str(ln.units))
        r = f.row_rect(i, cols["47"])
        p.money(cols["47"].cents or 0, r[3], ln.charge)


def form_pdf(sc: Scenario, claim: Claim, form: str | None = None, *, ink: str = "black") -> bytes:
    """Return a one-page born-digital PDF of ``claim`` filled on its form."""
    name = form or FORM_OF[sc.kind]
    p = _Page(form_named(name), ink)
    p.draw_form()
    (_fill_cms1500 if name == "CMS-1500" else _fill_ub04)(p, sc, claim)
    return p.done()


def form_scan(
    pdf: bytes,
    *,
    seed: int,
    dpi: int = 200,
    rotate: float | None = None,
    noise: float = 6.0,
    blur: float = 0.6,
    jpeg_quality: int = 75,
) -> bytes:
    """Return a colour scan (PNG bytes) of the PDF's page: skewed, blurred, noisy, JPEG'd."""
    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf)
    try:
        img = np.array(doc[0].render(scale=dpi / 72).to_pil().convert("RGB"))[:, :, ::-1]
    finally:
        doc.close()
    angle = rng.uniform(-2.0, 2.0) if rotate is None else rotate
    h, w = img.shape[:2]
    shift = np.float32([[1, 0, rng.uniform(-12, 12)], [0, 1, rng.uniform(-12, 12)]])
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, rng.uniform(0.985, 1.015))
    m[:, 2] += shift[:, 2]
    img = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(255,) * 3)
    if blur:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    if noise:
        gen = np.random.default_rng(seed)
        img = np.clip(img + gen.standard_normal(img.shape, np.float32) * noise, 0, 255)
        img = img.astype(np.uint8)
    ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
    img = cv2.imdecode(enc, cv2.IMREAD_COLOR)
    ok, png = cv2.imencode(".png", img, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    return png.tobytes()


def form_truth(sc: Scenario, claim: Claim) -> dict[str, Any]:
    """Return what the form reader must read from ``claim``'s form."""
    truth = sc.truth()[next(i for i, c in enumerate(sc.claims) if c is claim)]
    for want, ln in zip(truth["lines"], claim.lines, strict=True):
        if sc.kind == "I":
            want["revenue_code"] = ln.revenue
        else:
            want["place_of_service"] = claim.pos
    return truth


def forms(seed: int, n: int, kind: str = "P") -> Iterator[tuple[Scenario, Claim]]:
    """Yield ``n`` generated claims (with their scenario) for the form of ``kind``."""
    sc = scenario(seed, claims=n, kind=kind)
    for claim in sc.claims[:n]:
        yield sc, claim
