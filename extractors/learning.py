"""A vendor's layout learned from its e-invoices and corrected documents.

An e-invoice carries its own truth: its XML. When one is ingested, each XML value is
looked up among the printed page's tokens, and where it is found the place is kept as a
rule: the words printed just before it on its line ("Beleg-Nr :"), the line to its left
on the same row, the line above it, or, without any of these, its box. The same for a
document a person corrected in the inbox. The rules for one vendor are its *learned
layout*: data, one JSON file per vendor in ``BURSAR_HOME/layouts/`` with a version that
goes up on every change, named in each field's ``source`` (``learned:<vendor>@<n>``).

A vendor's next plain PDF (recognised by its VAT ID, IBAN or name printed on the page)
is read with these rules, but a field is taken from them only where they beat the
generic path on the vendor's documents seen so far: every learned document re-reads
both ways against its truth, and the counts are kept per field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.calibration import same
from extractors.fields import document_conventions
from extractors.layout import Line, page_lines
from extractors.parse import Conventions
from extractors.parties import fold
from extractors.tokens import PageTokens, Token, union_bbox
from extractors.values import READERS, read_name

FIELDS = (
    "invoice_number",
    "invoice_date",
    "due_date",
    "po_number",
    "vendor_name",
    "vendor_tax_id",
    "vendor_iban",
    "customer_name",
    "subtotal",
    "tax_amount",
    "total",
    "currency",
)
NAME_FIELDS = {"vendor_name", "customer_name"}
CONFIDENCE = 0.97


@dataclass
class Layout:
    """One vendor's learned layout (the JSON file's content)."""

    key: str
    version: int
    vat_ids: list[str]
    ibans: list[str]
    names: list[str]
    rules: dict[str, dict[str, Any]]
    stats: dict[str, dict[str, int]]
    documents: list[str]

    @property
    def tag(self) -> str:
        return f"learned:{self.key}@{self.version}"

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "bursar.learned-layout/1",
            "key": self.key,
            "version": self.version,
            "vendor": {"vat_ids": self.vat_ids, "ibans": self.ibans, "names": self.names},
            "rules": self.rules,
            "stats": self.stats,
            "documents": self.documents,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Layout:
        v = d.get("vendor", {})
        return cls(
            d["key"],
            int(d.get("version", 1)),
            list(v.get("vat_ids", [])),
            list(v.get("ibans", [])),
            list(v.get("names", [])),
            dict(d.get("rules", {})),
            dict(d.get("stats", {})),
            list(d.get("documents", [])),
        )

    def beats_generic(self, field: str) -> bool:
        s = self.stats.get(field, {})
        return s.get("learned", 0) > s.get("generic", 0)

    def at_least_generic(self, field: str) -> bool:
        """Return whether the rule was right at least once, and as often as the generic path."""
        s = self.stats.get(field, {})
        return s.get("learned", 0) >= max(1, s.get("generic", 0))


def load_layouts(folder: Path | None) -> list[Layout]:
    """Return every learned layout in ``folder`` (the core's ``BURSAR_HOME/layouts``)."""
    if folder is None or not folder.is_dir():
        return []
    # every extraction asks: parse the files again only when the folder changed (a layout
    # is written by rename, which touches the folder)
    stamp = (str(folder), folder.stat().st_mtime_ns)
    if stamp not in _LOADED:
        _LOADED.clear()
        _LOADED[stamp] = _read_layouts(folder)
    out = []
    for text in _LOADED[stamp]:  # fresh objects: learning changes the ones it gets
        try:
            out.append(Layout.from_json(json.loads(text)))
        except (ValueError, KeyError, TypeError):
            continue  # a damaged file is skipped, not fatal to extraction
    return out


_LOADED: dict[tuple[str, int], tuple[str, ...]] = {}


def _read_layouts(folder: Path) -> tuple[str, ...]:
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            out.append(path.read_text(encoding="utf-8"))
        except OSError:
            continue
    return tuple(out)


# --- finding a value on the page and the rule that leads to it ---------------------------


_RAW_ID = re.compile(r"[A-Z]{2}[0-9A-Z]{6,14}")


def _raw_tax_id(toks: Sequence[Token]) -> tuple[str, list[Token]] | None:
    """Return a VAT-ID-shaped value as printed, checksum and length aside.

    A learned rule knows where the vendor prints its VAT ID, so it reads what stands
    there even when no VAT reader would accept it (a test or mistyped ID).
    """
    best = None
    for n in range(1, min(len(toks), 4) + 1):
        if n > 1 and not any(ch.isdigit() for ch in toks[n - 1].text):
            break
        s = "".join(t.text for t in toks[:n]).upper().strip(":;,.")
        if _RAW_ID.fullmatch(s) and any(ch.isdigit() for ch in s):
            best = (s, list(toks[:n]))
    return best


def _reads(field: str, toks: Sequence[Token], conv: Conventions) -> tuple[str, list[Token]] | None:
    if field in NAME_FIELDS:
        return read_name(toks, conv)
    reader = READERS.get(field)
    got = reader(toks, conv) if reader else None
    if got is None and field == "vendor_tax_id":
        got = _raw_tax_id(toks)
    return got


def _find(field: str, value: str, lines: Sequence[Line], conv: Conventions):  # noqa: ANN202
    """Yield (line, start index, used tokens) where the page prints ``value``."""
    for ln in lines:
        toks = list(ln.tokens)
        for i in range(len(toks)):
            if field in NAME_FIELDS:
                n = len(value.split())
                window = toks[i : i + n]
                if fold(" ".join(t.text for t in window)) == fold(value):
                    yield ln, i, window
                continue
            got = _reads(field, toks[i:], conv)
            if got and got[1] and got[1][0] is toks[i] and same(field, got[0], value):
                yield ln, i, got[1]


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w%#°/]+", " ", text.casefold()).split())


def _label_words(words: Sequence[str]) -> str:
    """Return a label's last words (up to 4) before a value: no word with a digit.

    "Rechnung Nr. 4711 vom" gives "vom": the number is the previous document's own.
    """
    out: list[str] = []
    for w in reversed(words):
        if any(ch.isdigit() for ch in w) or len(out) == 4:
            break
        out.insert(0, w)
    text = _words(" ".join(out))
    return text if any(ch.isalpha() for ch in text) else ""


def _row_left(ln: Line, lines: Sequence[Line]) -> Line | None:
    left = [
        x
        for x in lines
        if x.x1 <= ln.x0 + 1 and abs(x.cy - ln.cy) < 0.5 * min(x.height, ln.height) and x is not ln
    ]
    return max(left, key=lambda x: x.x1) if left else None


def _above(ln: Line, lines: Sequence[Line]) -> Line | None:
    up = [
        x
        for x in lines
        if x.bottom <= ln.top + 1
        and ln.top - x.bottom < 1.6 * ln.height
        and x.x0 < ln.x1
        and ln.x0 < x.x1
    ]
    return max(up, key=lambda x: x.bottom) if up else None


def _rules_for(
    ln: Line, i: int, used: list[Token], lines: Sequence[Line], page: PageTokens
) -> list[dict[str, Any]]:
    """Return candidate rules leading to a value found at ``ln.tokens[i]``, best first."""
    out: list[dict[str, Any]] = []
    before = _label_words([t.text for t in ln.tokens[:i]])
    if before:
        out.append({"how": "same", "anchor": before})
    if i == 0:
        left = _row_left(ln, lines)
        words = _label_words(left.text.split()) if left is not None else ""
        if words:
            out.append({"how": "right", "anchor": words})
        up = _above(ln, lines)
        words = _label_words(up.text.split()) if up is not None else ""
        if words and up is not None and len(up.text.split()) <= 6:
            out.append({"how": "below", "anchor": words})
    x0, top, x1, bottom = union_bbox(used)
    out.append(
        {
            "how": "box",
            "page": page.page,
            "box": [
                round(x0 / page.width, 4),
                round(top / page.height, 4),
                round(x1 / page.width, 4),
                round(bottom / page.height, 4),
            ],
        }
    )
    for r in out:
        r.setdefault("page", page.page)
        r["width"] = len(used)
        r["at"] = [round(x0 / page.width, 4), round(top / page.height, 4)]
    return [r for r in out if r.get("anchor") != ""]


def apply_rule(
    field: str, rule: dict[str, Any], pages: Sequence[PageTokens], conv: Conventions
) -> tuple[str, int, tuple[float, float, float, float]] | None:
    """Return (value, page, bbox) that ``rule`` reads on the document, or None.

    An anchored rule looks on every page (a longer document moves its payment terms to
    a later page) and takes the hit nearest to where it was learned.
    """
    how, n = rule["how"], int(rule.get("width", 1))
    learned_page = int(rule.get("page", 1))
    if how != "box":
        ax, ay = rule.get("at", (0.0, 0.0))
        best: tuple[float, str, int, tuple[float, float, float, float]] | None = None
        for pg in pages:
            for value, bbox in _anchored(field, rule, page_lines(pg.tokens, pg.page), conv):
                d = abs(pg.page - learned_page) + abs(bbox[0] / pg.width - ax)
                d += abs(bbox[1] / pg.height - ay)
                if best is None or d < best[0]:
                    best = (d, value, pg.page, bbox)
        return best[1:] if best else None
    page = next((p for p in pages if p.page == learned_page), None)
    if page is None:
        return None
    if how == "box":
        x0, top, x1, bottom = rule["box"]
        w, h = page.width, page.height
        pad = 0.01
        toks = [
            t
            for t in page.tokens
            if t.cx >= (x0 - pad) * w
            and t.cx <= (x1 + 4 * pad) * w
            and t.cy >= (top - pad) * h
            and t.cy <= (bottom + pad) * h
        ]
        toks.sort(key=lambda t: (round(t.top), t.x0))
        got = _value(field, toks[: max(n, 1) + 2], n, conv)
        return (got[0], page.page, union_bbox(got[1])) if got and got[1] else None
    return None


def _anchored(field: str, rule: dict[str, Any], lines: Sequence[Line], conv: Conventions):  # noqa: ANN202
    """Yield (value, bbox) wherever the rule's anchor stands on the page."""
    how, n = rule["how"], int(rule.get("width", 1))
    anchor = rule.get("anchor", "")
    for ln in lines:
        text = _words(ln.text)
        if how == "same" and anchor and f" {anchor} " in f" {text} ":
            k = len(anchor.split())
            words = [_words(t.text) for t in ln.tokens]
            for i in range(len(words)):
                if " ".join(w for w in words[i : i + k] if w) == anchor:
                    rest = list(ln.tokens[i + k :])
                    got = _value(field, rest, n, conv)
                    if got:
                        yield got[0], union_bbox(got[1])
        elif how == "right" and anchor and text.endswith(anchor):
            right = [
                x
                for x in lines
                if x.x0 >= ln.x1 - 1 and abs(x.cy - ln.cy) < 0.5 * min(x.height, ln.height)
            ]
            if right:
                got = _value(field, list(min(right, key=lambda x: x.x0).tokens), n, conv)
                if got:
                    yield got[0], union_bbox(got[1])
        elif how == "below" and anchor and text == anchor:
            below = [x for x in lines if _above(x, lines) is ln]
            for x in sorted(below, key=lambda x: x.top):
                got = _value(field, list(x.tokens), n, conv)
                if got:
                    yield got[0], union_bbox(got[1])
                    break


def _value(field: str, toks: list[Token], n: int, conv: Conventions):  # noqa: ANN202
    if field in NAME_FIELDS:
        toks = toks[: max(n, 1)]
        return (" ".join(t.text for t in toks), toks) if toks else None
    return _reads(field, toks, conv)


def learn_rules(pages: Sequence[PageTokens], truth: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Return, per field, the first rule that re-reads the truth value on these pages."""
    conv = document_conventions(pages)
    rules: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        value = truth.get(field)
        if not value:
            continue
        box = None  # a box rule only where no occurrence of the value has an anchor
        for page in pages[:8]:  # payment terms may be on a long document's last pages
            lines = page_lines(page.tokens, page.page)
            for ln, i, used in _find(field, value, lines, conv):
                for rule in _rules_for(ln, i, used, lines, page):
                    if rule["how"] == "box" and box is not None:
                        continue
                    got = apply_rule(field, rule, pages, conv)
                    if got and same(field, got[0], value):
                        if rule["how"] == "box":
                            box = rule
                        else:
                            rules[field] = rule
                            break
                if field in rules:
                    break
            if field in rules:
                break
        if field not in rules and box is not None:
            rules[field] = box
    return rules
