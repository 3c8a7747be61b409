"""Vendor templates: YAML data that fixes a vendor's fields where the generic path errs.

In the spirit of invoice2data, a template is data a finance user can edit::

    name: northwind            # unique; with version it is named in every field's source
    version: 1
    issuer: [Northwind Components, GB794676213]   # all must appear to select it
    exclude: []                                    # none may appear
    options: {decimal: ".", date_order: dmy}       # how this vendor prints numbers/dates
    fields:
      invoice_number: {anchor: "Ref. code", regex: "[A-Z]{2}\\d+"}  # value next to a label
      total: {regex: "Amount payable\\s+([\\d.,]+)"}                 # group 1 of a text regex
      currency: {value: GBP}                                         # a constant
    lines:
      columns: {description: ["Leistung/Artikel"], amount: ["Summe EUR"]}  # extra header words
    samples:
      - file: samples/northwind-1.pdf
        expected: {invoice_number: RC4711, total: "120.00"}

A matching template overrides the generic result field by field, with
``source: "template:<name>@<version>"``; fields it does not define keep the
generic value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bursar.errors import InputError
from extractors.layout import page_lines
from extractors.parse import Conventions, format_decimal, parse_amount, parse_date, parse_percent
from extractors.tokens import PageTokens, Token, union_bbox
from extractors.values import AMOUNT_FIELDS, READERS

TEMPLATE_CONFIDENCE = 0.97
DATE_FIELDS = {"invoice_date", "due_date", "service_date"}


@dataclass(frozen=True)
class Template:
    """One vendor template, as loaded from YAML."""

    name: str
    version: int
    issuer: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, Any] = field(default_factory=dict)
    samples: tuple[dict[str, Any], ...] = ()
    path: Path | None = None

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"

    def conventions(self) -> Conventions:
        return Conventions(
            decimal=str(self.options.get("decimal", ".")),
            day_first=str(self.options.get("date_order", "dmy")) != "mdy",
        )

    def extra_columns(self) -> dict[str, list[str]]:
        cols = self.lines.get("columns") or {}
        return {
            k: [str(w).lower() for w in (v if isinstance(v, list) else [v])]
            for k, v in cols.items()
        }


def default_folder() -> Path:
    """Return the templates folder: ``BURSAR_TEMPLATES`` or the repository's ``templates/``."""
    env = os.environ.get("BURSAR_TEMPLATES")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "templates"


def parse_template(data: dict[str, Any], path: Path | None = None) -> Template:
    """Return a Template from parsed YAML, or raise InputError saying what is wrong."""
    where = str(path) if path else "template"
    if not isinstance(data, dict) or not data.get("name") or not data.get("issuer"):
        raise InputError(
            "a template needs 'name' and 'issuer' keywords", code="bad_template", where=where
        )
    issuer = data["issuer"] if isinstance(data["issuer"], list) else [data["issuer"]]
    fields = data.get("fields") or {}
    for name, spec in fields.items():
        if name not in READERS and name != "vendor_name":
            raise InputError(f"unknown field {name!r}", code="bad_template", where=where)
        if not isinstance(spec, dict) or not ({"anchor", "regex", "value"} & set(spec)):
            raise InputError(
                f"field {name!r} needs anchor, regex or value", code="bad_template", where=where
            )
    return Template(
        str(data["name"]),
        int(data.get("version", 1)),
        tuple(map(str, issuer)),
        tuple(map(str, data.get("exclude") or ())),
        dict(data.get("options") or {}),
        dict(fields),
        dict(data.get("lines") or {}),
        tuple(data.get("samples") or ()),
        path,
    )


_CACHE: dict[tuple[str, tuple[tuple[str, float], ...]], list[Template]] = {}


def load_templates(folder: Path | None = None) -> list[Template]:
    """Return every template in ``folder`` (``*.yml``/``*.yaml``), sorted by name.

    Parsed templates are cached until a file in the folder changes: parsing YAML
    for every document would cost more than extracting a born-digital page.
    """
    folder = folder or default_folder()
    if not folder.is_dir():
        return []
    paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])
    key = (str(folder.resolve()), tuple((str(p), p.stat().st_mtime) for p in paths))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load(paths)
    return list(_CACHE[key])


def _load(paths: list[Path]) -> list[Template]:
    out = []
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise InputError(f"YAML error: {exc}", code="bad_template", where=str(path)) from None
        out.append(parse_template(data, path))
    return out


def document_text(pages: Sequence[PageTokens]) -> tuple[str, list[tuple[int, int, Token]]]:
    """Return the document as text (one line per layout line) and each token's span."""
    parts: list[str] = []
    spans: list[tuple[int, int, Token]] = []
    pos = 0
    for page in pages:
        for line in page_lines(page.tokens, page.page):
            for j, t in enumerate(line.tokens):
                if j:
                    parts.append(" ")
                    pos += 1
                spans.append((pos, pos + len(t.text), t))
                parts.append(t.text)
                pos += len(t.text)
            parts.append("\n")
            pos += 1
    return "".join(parts), spans


def select(templates: Sequence[Template], text: str) -> Template | None:
    """Return the first template whose issuer keywords all occur (and no exclude does)."""
    low = text.lower()
    for t in templates:
        if all(k.lower() in low for k in t.issuer) and not any(k.lower() in low for k in t.exclude):
            return t
    return None


def typed(field_name: str, raw: str, conv: Conventions) -> str | None:
    """Return a raw matched string as the contract value of ``field_name``."""
    raw = " ".join(raw.split())
    if field_name in AMOUNT_FIELDS:
        v = parse_amount(raw, decimal=conv.decimal)
        return format_decimal(v) if v is not None else None
    if field_name in DATE_FIELDS:
        d = parse_date(raw, day_first=conv.day_first)
        return d.isoformat() if d else None
    if field_name == "tax_rate":
        p = parse_percent(raw)
        return format_decimal(p) if p is not None else None
    if field_name in ("vendor_iban",):
        return raw.replace(" ", "").upper()
    return raw or None


def _span_tokens(spans: list[tuple[int, int, Token]], start: int, end: int) -> list[Token]:
    return [t for s, e, t in spans if s < end and e > start]


def _regex_field(
    name: str,
    spec: dict[str, Any],
    text: str,
    spans: list[tuple[int, int, Token]],
    conv: Conventions,
) -> tuple[str, list[Token]] | None:
    m = re.search(spec["regex"], text, flags=re.IGNORECASE | re.MULTILINE)
    if not m:
        return None
    g = 1 if m.groups() else 0
    value = typed(name, m.group(g), conv)
    return (value, _span_tokens(spans, m.start(g), m.end(g))) if value else None


def _anchor_field(
    name: str, spec: dict[str, Any], pages: Sequence[PageTokens], conv: Conventions
) -> tuple[str, list[Token]] | None:
    from extractors.template_anchor import value_near_anchor

    return value_near_anchor(name, spec, pages, conv)


def template_fields(t: Template, pages: Sequence[PageTokens]) -> dict[str, dict[str, Any]]:
    """Return the fields a template reads from the document, in the contract's shape."""
    text, spans = document_text(pages)
    conv = t.conventions()
    out: dict[str, dict[str, Any]] = {}
    for name, spec in t.fields.items():
        got: tuple[str, list[Token]] | None
        if "value" in spec:
            got = (str(spec["value"]), [])
        elif "anchor" in spec:
            got = _anchor_field(name, spec, pages, conv)
        else:
            got = _regex_field(name, spec, text, spans, conv)
        if not got:
            continue
        value, toks = got
        f: dict[str, Any] = {
            "value": value,
            "confidence": TEMPLATE_CONFIDENCE,
            "source": f"template:{t.tag}",
        }
        if toks:
            f["page"] = toks[0].page
            f["bbox"] = [
                round(v, 2) for v in union_bbox([x for x in toks if x.page == toks[0].page])
            ]
        out[name] = f
    return out


def select_template(pages: Sequence[PageTokens], templates: Sequence[Template]) -> Template | None:
    """Return the template for this document, if one matches."""
    if not templates:
        return None
    return select(templates, document_text(pages)[0])


def apply_templates(
    pages: Sequence[PageTokens],
    fields: dict[str, Any],
    lines: list[dict[str, Any]],
    templates: Sequence[Template],
) -> tuple[dict[str, Any], list[dict[str, Any]], str | None]:
    """Return (fields, lines, template tag) with a matching template's fields on top."""
    if not templates:
        return fields, lines, None
    text, _ = document_text(pages)
    t = select(templates, text)
    if t is None:
        return fields, lines, None
    merged = {**fields, **template_fields(t, pages)}
    return merged, lines, t.tag
