"""CMS-1500 and UB-04 claim forms -> the same contract 4.1 claim dicts as the 837 reader.

Each form is template data (``templates/forms/*.yml``): every box's rectangle in page
points, with the claim field it carries and how its value is printed. A born-digital
form is read from its text layer: the words whose centres fall in a box's reading area
(below its caption). A scan is registered first: the form's printed outer frame is found
(in the red channel's ink for a form printed in red drop-out ink, in the dark pixels
otherwise), the page is warped onto the template's coordinates, the form's own ink is
dropped (red drop-out: the red channel, where red ink is as bright as paper; black
forms: the known captions and rulings painted out), and one Tesseract run reads what
remains, the filled-in data. The form's kind is the template whose rulings the page
matches best (scans) or whose title the text layer prints (born-digital).

The result has the 837 reader's fields and lines, so the same line adjudication decides
it (``claim_form`` carries the form, its template version and the date it was signed).
Pure apart from reading the image and running Tesseract.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from extractors.templates import default_folder
from extractors.tokens import PageTokens, Token

EXTRACTOR_VERSION = "claimforms@1"
ORDER = (
    "claim_number", "policy_number", "member_id", "claimant_name", "provider_name",
    "provider_npi", "payer_id", "place_of_service", "service_date", "currency", "total_claimed",
)  # fmt: skip
FORMS_DIR = Path(__file__).resolve().parents[1] / "templates" / "forms"
SCALE = 4.0  # pixels per point of the registered page (288 dpi)
CAPTION_BAND = 8.0  # points at the top of a box that hold its caption
MIN_LINE_MATCH = 0.75
# the frame found is the outer edge of its (thickened) ruling, this far outside its centre
FRAME_OUTSET = 1.5
OCR_ZOOM = 0.75
# forms are filled in capitals; Tesseract reads only what a filled box can hold
WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,.-&/# "


@dataclass(frozen=True, slots=True)
class Box:
    id: str
    caption: str
    rect: tuple[float, float, float, float]
    field: str | None
    format: str
    cents: float | None
    data_at: tuple[float, float] | None
    read: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    caption: str
    x: tuple[float, float]
    value: str | None
    format: str
    cents: float | None


@dataclass(frozen=True, slots=True)
class FormTemplate:
    form: str
    version: int
    page: tuple[float, float]
    title: dict[str, Any]
    subtitle: dict[str, Any] | None
    frame: tuple[float, float, float, float]
    data_size: float
    boxes: tuple[Box, ...]
    table_rect: tuple[float, float, float, float]
    head: float
    rows: int
    row_height: float
    data_band: float
    columns: tuple[Column, ...]

    @property
    def tag(self) -> str:
        return f"{self.form}@{self.version}"

    def row_rect(self, row: int, col: Column) -> tuple[float, float, float, float]:
        """Return the data band of table row ``row`` (0-based) in column ``col``."""
        bottom = self.table_rect[1] + self.head + (row + 1) * self.row_height
        return (col.x[0], bottom - self.data_band, col.x[1], bottom)

    def rulings(self) -> list[tuple[float, float, float, float]]:
        """Return every printed line (x0, y0, x1, y1) of the form: box edges and table."""
        out: set[tuple[float, float, float, float]] = set()
        for b in self.boxes:
            x0, y0, x1, y1 = b.rect
            out |= {(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)}
        x0, y0, x1, y1 = self.table_rect
        out |= {(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)}
        for i in range(self.rows + 1):
            y = y0 + self.head + i * self.row_height
            out.add((x0, y, x1, y))
        for c in self.columns:
            out.add((c.x[0], y0, c.x[0], y1))
        return sorted(out)


def _rect(v: Sequence[float]) -> tuple[float, float, float, float]:
    a, b, c, d = (float(x) for x in v)
    return (a, b, c, d)


def _template(path: Path) -> FormTemplate:
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    boxes = []
    for bid, b in (doc.get("boxes") or {}).items():
        rect = _rect(b["rect"])
        band = CAPTION_BAND if b.get("caption") else 0.0
        read = _rect(b["read"]) if b.get("read") else (rect[0], rect[1] + band, *rect[2:])
        boxes.append(
            Box(
                id=str(bid),
                caption=str(b.get("caption") or ""),
                rect=rect,
                field=b.get("field"),
                format=str(b.get("format") or "text"),
                cents=float(b["cents"]) if b.get("cents") is not None else None,
                data_at=tuple(b["data_at"]) if b.get("data_at") else None,  # type: ignore[arg-type]
                read=read,
            )
        )
    t = doc["table"]
    cols = tuple(
        Column(
            id=str(c["id"]),
            caption=str(c.get("caption") or ""),
            x=(float(c["x"][0]), float(c["x"][1])),
            value=c.get("value"),
            format=str(c.get("format") or "text"),
            cents=float(c["cents"]) if c.get("cents") is not None else None,
        )
        for c in t["columns"]
    )
    return FormTemplate(
        form=str(doc["form"]),
        version=int(doc.get("version", 1)),
        page=(float(doc["page"][0]), float(doc["page"][1])),
        title=dict(doc["title"]),
        subtitle=dict(doc["subtitle"]) if doc.get("subtitle") else None,
        frame=_rect(doc["frame"]),
        data_size=float(doc.get("data_size", 10)),
        boxes=tuple(boxes),
        table_rect=_rect(t["rect"]),
        head=float(t["head"]),
        rows=int(t["rows"]),
        row_height=float(t["row_height"]),
        data_band=float(t.get("data_band", t["row_height"])),
        columns=cols,
    )


def load_forms(folder: Path | None = None) -> tuple[FormTemplate, ...]:
    """Return the claim form templates (``forms/*.yml`` of the templates folder: the
    checkout's ``templates/``, or ``BURSAR_TEMPLATES`` of an installed bundle), by form name."""
    if folder is None:
        folder = default_folder() / "forms"
        if not folder.is_dir():  # a BURSAR_TEMPLATES of vendor templates without forms
            folder = FORMS_DIR
    return _load_forms(folder)


@lru_cache(maxsize=4)
def _load_forms(folder: Path) -> tuple[FormTemplate, ...]:
    return tuple(sorted((_template(p) for p in folder.glob("*.yml")), key=lambda f: f.form))


def form_named(name: str) -> FormTemplate:
    """Return the template of form ``name`` (``CMS-1500`` or ``UB-04``)."""
    for f in load_forms():
        if f.form == name:
            return f
    raise KeyError(name)


# --- values as printed -> contract values -------------------------------------------------------


_AS_DIGIT = str.maketrans("OoQDIl|!iSsZzBGbg", "00001111155228669")


def _digits(s: str) -> str:
    """Return the digits of a numeric box, reading letters OCR confuses with digits."""
    return "".join(ch for ch in s.translate(_AS_DIGIT) if ch.isdigit())


_ID_DIGIT = str.maketrans("OSIZB", "05128")


def _id(text: str) -> str:
    """Return an identifier (letters then digits, as payers and code sets shape them) with
    the letters OCR confuses with digits read as digits after its first character."""
    text = text.replace(" ", "")
    rest = text[1:]
    if sum(ch.isdigit() for ch in rest) >= 3:
        rest = rest.translate(_ID_DIGIT)
    return text[:1] + rest


def parse_value(fmt: str, text: str) -> Any:
    """Return the contract value of a box's printed ``text`` in format ``fmt`` (None: empty)."""
    # forms are filled in capitals (NUCC / NUBC guidance); OCR's stray marks are dropped
    text = " ".join(re.sub(r"[^A-Za-z0-9 ,.&'/#-]", " ", text).upper().split()).strip(" .,-")
    if not text:
        return None
    if fmt == "name":
        last, sep, first = text.partition(",")
        if not sep:
            last, _, first = text.partition(" ")
        return " ".join(p for p in (first.strip(), last.strip()) if p) or None
    if fmt in {"date6", "date6c"}:
        d = _digits(text)
        if len(d) < 6:
            return None
        mm, dd, yy = d[:2], d[2:4], d[4:6]
        return f"20{yy}-{mm}-{dd}"
    if fmt == "money":
        d = _digits(text)
        if not d:
            return None
        d = d.rjust(3, "0")
        return f"{int(d[:-2])}.{d[-2:]}"
    if fmt == "int":
        d = _digits(text)
        return str(int(d)) if d else None
    if fmt == "digits":
        return _digits(text) or None
    if fmt == "bill_type":
        d = _digits(text).rjust(4, "0")
        return d[1:3] if len(d) >= 4 else None
    if fmt == "id":
        return _id(text)
    if fmt == "code_mods":
        parts = text.replace(",", " ").split()
        parts[0] = _id(parts[0])
        return {"code": parts[0], "modifiers": [p for p in parts[1:] if len(p) == 2]}
    return text


# --- reading words by geometry ------------------------------------------------------------------


def _words_in(tokens: Sequence[Token], rect: Sequence[float]) -> str:
    x0, y0, x1, y1 = rect
    inside = [t for t in tokens if x0 <= t.cx < x1 and y0 <= t.cy < y1]
    inside.sort(key=lambda t: (round(t.cy / 6), t.x0))
    return " ".join(t.text for t in inside)


def _field(value: Any, source: str, rect: Sequence[float], conf: float) -> dict[str, Any]:
    return {
        "value": value,
        "confidence": round(conf, 4),
        "page": 1,
        "bbox": [round(float(v), 2) for v in rect],
        "source": source,
    }


def _conf(tokens: Sequence[Token], rect: Sequence[float]) -> float:
    x0, y0, x1, y1 = rect
    confs = [t.conf for t in tokens if x0 <= t.cx < x1 and y0 <= t.cy < y1]
    return min(confs) if confs else 0.0


def read_tokens(
    form: FormTemplate,
    tokens: Sequence[Token],
    *,
    file: str,
    sha256: str,
    text_source: str,
    width: float | None = None,
) -> dict[str, Any]:
    """Return the contract 4.1 claim dict of a filled ``form`` whose words are ``tokens``
    (in the template's page points)."""
    sx = (form.page[0] / width) if width else 1.0
    if sx != 1.0:  # a page printed at another size: scale the words onto the template
        tokens = [
            Token(t.text, t.x0 * sx, t.top * sx, t.x1 * sx, t.bottom * sx, t.page, conf=t.conf)
            for t in tokens
        ]
    src = f"form:{form.tag}"
    fields: dict[str, dict[str, Any]] = {}
    meta: dict[str, Any] = {"form": form.form, "version": form.version}
    for b in form.boxes:
        if not b.field and b.format not in {"date6", "date6c"}:
            continue
        text = _words_in(tokens, b.read)
        value = parse_value(b.format, text)
        if b.field in {None, "signed_on"}:
            continue
        fields[b.field] = _field(value, f"{src} box {b.id}", b.read, _conf(tokens, b.read))
    signed = next((b for b in form.boxes if b.field == "signed_on"), None)
    if signed is not None:
        meta["created"] = parse_value(signed.format, _words_in(tokens, signed.read))
    lines = _read_lines(form, tokens)
    days = sorted(ln["service_date"] for ln in lines if ln.get("service_date"))
    if "service_date" not in fields or fields["service_date"]["value"] is None:
        fields["service_date"] = _field(days[0] if days else None, f"{src} lines", (0, 0, 0, 0), 1)
        fields["service_date"].pop("bbox")
    if "place_of_service" not in fields:
        pos = next((ln["place_of_service"] for ln in lines if ln.get("place_of_service")), None)
        fields["place_of_service"] = {"value": pos, "confidence": 1.0, "source": f"{src} 24B"}
    if fields.get("member_id"):
        fields["policy_number"] = {**fields["member_id"]}
    fields["currency"] = {"value": "USD", "confidence": 1.0, "source": "claim forms are in USD"}
    order = ORDER
    return {
        "schema": "bursar.extraction/1",
        "file": file,
        "sha256": sha256,
        "pages": 1,
        "text_source": text_source,
        "kind": "claim",
        "kind_confidence": 1.0,
        "fields": {k: fields[k] for k in order if k in fields},
        "lines": lines,
        "warnings": [],
        "claim_form": meta,
        "versions": {"extractor": EXTRACTOR_VERSION, "template": form.tag},
    }


def _read_lines(form: FormTemplate, tokens: Sequence[Token]) -> list[dict[str, Any]]:
    out = []
    for row in range(form.rows):
        line: dict[str, Any] = {}
        confs = []
        for col in form.columns:
            if not col.value:
                continue
            rect = form.row_rect(row, col)
            value = parse_value(col.format, _words_in(tokens, rect))
            if value is None:
                continue
            confs.append(_conf(tokens, rect))
            if col.format == "code_mods":
                line["code"] = value["code"]
                line["code_system"] = "CPT" if value["code"].isdigit() else "HCPCS"
                line["modifiers"] = value["modifiers"]
            else:
                line[col.value] = value
        if not line.get("code"):
            continue
        line.setdefault("modifiers", [])
        if line.get("units"):
            line["quantity"] = line["units"]
        try:
            price = Decimal(line["amount"]) / Decimal(line["units"])
            if price == price.quantize(Decimal("0.0001")):
                line["unit_price"] = (
                    f"{price:.2f}"
                    if price == price.quantize(Decimal("0.01"))
                    else format(price.normalize(), "f")
                )
        except (KeyError, InvalidOperation, ZeroDivisionError, TypeError):
            pass
        line["confidence"] = round(min(confs), 4) if confs else 0.0
        line["page"] = 1
        out.append(line)
    return out


# --- born-digital: the text layer ---------------------------------------------------------------


def form_of_pages(pages: Sequence[PageTokens]) -> FormTemplate | None:
    """Return the form a one-page text layer prints (its title), or None."""
    if len(pages) != 1 or pages[0].source != "pdf":
        return None
    text = " ".join(" ".join(t.text for t in pages[0].tokens).upper().split())
    for f in load_forms():
        if str(f.title["text"]).upper() not in text:
            continue
        # the title alone is not the form: a practice's own claim sheet may print the same
        # words; the form prints its box captions too (at least half of them)
        captions = [" ".join(b.caption.upper().split()) for b in f.boxes if b.caption]
        if captions and 2 * sum(c in text for c in captions) >= len(captions):
            return f
    return None


def read_pages(pages: Sequence[PageTokens], *, file: str, sha256: str) -> dict[str, Any] | None:
    """Return the claim dict of a born-digital claim form's page, or None if not one."""
    form = form_of_pages(pages)
    if form is None:
        return None
    p = pages[0]
    return read_tokens(form, p.tokens, file=file, sha256=sha256, text_source="pdf", width=p.width)


# --- scans: register, drop the form's ink, OCR --------------------------------------------------


def _ink_masks(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Return (form ink mask, data grey image, printed in red drop-out ink?)."""
    import cv2

    b, g, r = (bgr[:, :, i].astype(np.int16) for i in range(3))
    red = (r > 110) & (r - np.maximum(g, b) > 45)
    if red.mean() > 0.004:
        return (red.astype(np.uint8) * 255), bgr[:, :, 2].copy(), True
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    ink = cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    return ink, grey, False


def _frame_corners(ink: np.ndarray) -> np.ndarray | None:
    """Return the outer frame's corners (tl, tr, br, bl) in pixels, or None."""
    import cv2

    h, w = ink.shape
    k = max(15, w // 40)
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    lines = cv2.dilate(horiz | vert, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    big = max(contours, key=cv2.contourArea)
    if cv2.contourArea(big) < 0.25 * h * w:
        return None
    pts = big.reshape(-1, 2).astype(np.float32)
    s, d = pts.sum(axis=1), pts[:, 0] - pts[:, 1]
    return np.array(
        [pts[np.argmin(s)], pts[np.argmax(d)], pts[np.argmax(s)], pts[np.argmin(d)]],
        dtype=np.float32,
    )


def _frame_points(form: FormTemplate, inset: float = 0.0) -> np.ndarray:
    x0, y0, x1, y1 = form.frame
    return (
        np.array(
            [[x0 - inset, y0 - inset], [x1 + inset, y0 - inset], [x1 + inset, y1 + inset],
             [x0 - inset, y1 + inset]],
            dtype=np.float32,
        )
        * SCALE
    )  # fmt: skip


def _line_match(form: FormTemplate, ink: np.ndarray) -> float:
    """Return the share of the form's rulings inked in a registered ink mask."""
    import cv2

    thick = cv2.dilate(ink, np.ones((7, 7), np.uint8))
    h, w = thick.shape
    hit = total = 0
    for x0, y0, x1, y1 in form.rulings():
        n = max(2, int(max(abs(x1 - x0), abs(y1 - y0)) / 4))
        xs = np.clip((np.linspace(x0, x1, n) * SCALE).astype(int), 0, w - 1)
        ys = np.clip((np.linspace(y0, y1, n) * SCALE).astype(int), 0, h - 1)
        hit += int((thick[ys, xs] > 0).sum())
        total += n
    return hit / total if total else 0.0


def _paint_out_form(form: FormTemplate, img: np.ndarray) -> np.ndarray:
    """Return the registered grey page with the form's captions and rulings whitened."""
    import cv2

    out = img.copy()
    s = SCALE
    for b in form.boxes:
        x0, y0, x1, _ = b.rect
        cv2.rectangle(out, (int(x0 * s), int(y0 * s)), (int(x1 * s), int((y0 + 7) * s)), 255, -1)
    x0, y0, x1, _ = form.table_rect
    cv2.rectangle(
        out, (int(x0 * s), int(y0 * s)), (int(x1 * s), int((y0 + form.head) * s)), 255, -1
    )
    tx0, ty0, tx1, ty1 = form.title["rect"]
    cv2.rectangle(out, (int(tx0 * s), int(ty0 * s)), (int(tx1 * s), int(ty1 * s)), 255, -1)
    if form.subtitle:
        sx0, sy0, sx1, sy1 = form.subtitle["rect"]
        cv2.rectangle(out, (int(sx0 * s), int(sy0 * s)), (int(sx1 * s), int(sy1 * s)), 255, -1)
    for x0, y0, x1, y1 in form.rulings():
        cv2.line(out, (int(x0 * s), int(y0 * s)), (int(x1 * s), int(y1 * s)), 255, 9)
    dividers = [(b.cents, b.rect[1], b.rect[3]) for b in form.boxes if b.cents]
    tx0, ty0, tx1, ty1 = form.table_rect
    dividers += [(c.cents, ty0, ty1) for c in form.columns if c.cents]
    for x, top, bottom in dividers:
        cv2.line(out, (int(x * s), int(top * s)), (int(x * s), int(bottom * s)), 255, 9)
    return out


def register(bgr: np.ndarray) -> tuple[FormTemplate, np.ndarray, bool, float] | None:
    """Return (form, page warped onto its template with the form's ink dropped, red?,
    rulings matched) for a scanned claim form, or None when the image is not one."""
    import cv2

    ink, data, red = _ink_masks(bgr)
    step = max(1, ink.shape[1] // 1200)  # find the frame on a smaller copy
    small = ink[::step, ::step]
    corners = _frame_corners(small)
    if corners is None:
        return None
    corners = corners * step
    best: tuple[float, FormTemplate, np.ndarray] | None = None
    for form in load_forms():
        size = (int(form.page[0] * SCALE), int(form.page[1] * SCALE))
        m = cv2.getPerspectiveTransform(corners, _frame_points(form, FRAME_OUTSET))
        warped_ink = cv2.warpPerspective(ink, m, size, flags=cv2.INTER_NEAREST)
        score = _line_match(form, warped_ink)
        if best is None or score > best[0]:
            best = (score, form, m)
    if best is None or best[0] < MIN_LINE_MATCH:
        return None
    score, form, m = best
    size = (int(form.page[0] * SCALE), int(form.page[1] * SCALE))
    page = cv2.warpPerspective(
        data, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )
    # paper (and, printed in red drop-out ink, the form: as bright as paper in the red
    # channel) to white; a scan's paper noise made Tesseract misread short codes
    page = np.where(page > 150, 255, page).astype(np.uint8)
    page = _drop_rulings(_paint_out_form(form, page))
    return form, page, red, score


def _drop_rulings(page: np.ndarray) -> np.ndarray:
    """Return the page with what is left of long straight lines (rulings) whitened."""
    import cv2

    ink = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    k = int(12 * SCALE)
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    lines = cv2.dilate(h | v, np.ones((3, 3), np.uint8))
    out = page.copy()
    out[lines > 0] = 255
    return out


def _strips(form: FormTemplate) -> list[tuple[float, float, list[tuple[float, float]]]]:
    """Return the page's data areas as strips (top, bottom, x ranges): each reading box,
    and each table row cut at its columns (and at the cents divider of money cells)."""

    def cut(x0: float, x1: float, cents: float | None) -> list[tuple[float, float]]:
        pad = 1.6  # points in from a ruling: what is left of it is no data
        if cents:
            return [(x0 + pad, cents - pad), (cents + pad, x1 - pad)]
        return [(x0 + pad, x1 - pad)]

    out = [
        (b.read[1], b.read[3], cut(b.read[0], b.read[2], b.cents)) for b in form.boxes if b.field
    ]
    for row in range(form.rows):
        xs: list[tuple[float, float]] = []
        for col in form.columns:
            if col.value:
                xs += cut(col.x[0], col.x[1], col.cents)
        r = form.row_rect(row, form.columns[0])
        out.append((r[1], r[3], xs))
    return out


def ocr_tokens(form: FormTemplate, page: np.ndarray) -> list[Token]:
    """Return the words Tesseract reads in the form's data areas, in template points.

    The areas are cut out and stacked one under the other into a single image (each at
    its own x, a gap between), so one Tesseract run reads them all line by line.
    """
    import cv2

    s, gap, space, lead = SCALE, int(10 * SCALE), int(8 * SCALE), int(40 * SCALE)
    strips = _strips(form)
    crops: list[tuple[int, int, int, float, float]] = []  # canvas x, y, y end, page x, page y
    y = gap
    pieces = []
    marks = []
    for y0, y1, xs in strips:
        h = int((y1 - y0) * s) + 2
        marks.append(y + int((y1 - y0 - 3.5) * s))
        x = lead
        for x0, x1 in xs:
            crop = page[int(y0 * s) : int(y0 * s) + h, int(x0 * s) : int(x1 * s)]
            pieces.append((x, y, crop))
            crops.append((x, y, y + h, x0 - x / s, y0 - y / s))
            x += crop.shape[1] + space
        y += h + gap
    width = max(x + c.shape[1] for x, _, c in pieces) + gap
    canvas = np.full((y, width), 255, np.uint8)
    for x, yy, crop in pieces:
        canvas[yy : yy + crop.shape[0], x : x + crop.shape[1]] = crop
    # Tesseract's line recogniser drops or misreads the first character of a line now and
    # then (a leading C or M before zeros); a mark at each line's start takes that place,
    # and is dropped below (it lies left of every area)
    for baseline in marks:
        cv2.putText(canvas, "X", (int(4 * s), baseline), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 3)
    # Tesseract reads Courier's narrow zeros best near 200 dpi (at 288 dpi it splits them)
    small = cv2.resize(canvas, None, fx=OCR_ZOOM, fy=OCR_ZOOM, interpolation=cv2.INTER_AREA)
    d = _tesseract(small)
    for k in ("left", "top", "width", "height"):
        d[k] = [v / OCR_ZOOM for v in d[k]]
    out = []
    for i, text in enumerate(d["text"]):
        text = str(text).strip()
        if not text or d["conf"][i] < 0:
            continue
        left, top = d["left"][i], d["top"][i]
        cy = top + d["height"][i] / 2
        cx = left + min(d["width"][i], 8)
        at = [c for c in crops if c[0] - space / 2 <= cx and c[1] - gap / 2 <= cy < c[2] + gap / 2]
        if not at:
            continue
        _, _, _, dx, dy = max(at, key=lambda c: (c[1], c[0]))
        x0, t0 = left / s + dx, top / s + dy
        w, h = d["width"][i] / s, d["height"][i] / s
        conf = max(0.0, d["conf"][i]) / 100
        out.append(Token(text, x0, t0, x0 + w, t0 + h, 1, conf=conf, source="ocr"))
    return out


def _tesseract(image: np.ndarray) -> dict[str, list]:
    """Run Tesseract once (block of text, no dictionary: the data are codes and numbers)."""
    import os
    import shutil
    import subprocess

    import cv2

    from bursar.errors import SystemError_
    from extractors.ocr_tesseract import INSTALL, TIMEOUT_S, parse_tsv

    exe = shutil.which("tesseract")
    if exe is None:
        raise SystemError_(f"Tesseract is not installed; {INSTALL}", code="tesseract_missing")
    ok, pgm = cv2.imencode(".pgm", image)
    dpi = str(round(72 * SCALE * OCR_ZOOM))
    cmd = [exe, "stdin", "stdout", "-l", "eng", "--psm", "6", "--dpi", dpi]
    cmd += ["-c", "load_system_dawg=0", "-c", "load_freq_dawg=0", "-c", "tessedit_do_invert=0"]
    cmd += ["-c", f"tessedit_char_whitelist={WHITELIST}"]
    cmd += ["tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    try:
        proc = subprocess.run(
            cmd, input=pgm.tobytes(), capture_output=True, timeout=TIMEOUT_S, env=env
        )
    except subprocess.TimeoutExpired:
        raise SystemError_("Tesseract took too long on a claim form", code="ocr_timeout") from None
    if proc.returncode != 0:
        raise SystemError_(f"Tesseract failed (exit {proc.returncode})", code="ocr_failed")
    return parse_tsv(proc.stdout.decode("utf-8", "replace"))


def read_image(bgr: np.ndarray, *, file: str, sha256: str) -> dict[str, Any] | None:
    """Return the claim dict of a scanned claim form (colour image), or None if not one."""
    reg = register(bgr)
    if reg is None:
        return None
    form, page, red, score = reg
    result = read_tokens(form, ocr_tokens(form, page), file=file, sha256=sha256, text_source="ocr")
    result["claim_form"] |= {"scan": True, "dropout": red, "rulings_matched": round(score, 3)}
    return result


def read_image_file(path: Path, *, sha256: str) -> dict[str, Any] | None:
    """Return the claim dict of an image file that is a scanned claim form, or None."""
    import cv2
    from PIL import Image

    from extractors.loader import MAX_IMAGE_PIXELS

    try:  # from the header only: an oversized image is the loader's to refuse, in one line
        with Image.open(path) as im:
            width, height = im.size
    except Exception:
        return None
    if width * height > MAX_IMAGE_PIXELS:
        return None
    data = np.fromfile(str(path), dtype=np.uint8)
    bgr = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if bgr is None or min(bgr.shape[:2]) < 600:
        return None
    return read_image(bgr, file=path.name, sha256=sha256)
