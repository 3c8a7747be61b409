"""Why a field's value is trusted or not: evidence per field, beside its confidence (issue 23).

One score per field hides what a controller wants to know. ``field_evidence`` adds an
``evidence`` object to every field of an extraction (contract 4.1 allows it) with:

- ``method``: how the value was found (``label``, ``party`` block, ``learned`` layout,
  ``template``, ``einvoice`` XML, ``model``, ``master-data``, ``sum`` of other amounts,
  ``guess`` from position only);
- ``checks``: each ``{"check": name, "ok": true|false, "text": ...}`` -- the document's
  own arithmetic (subtotal + tax = total, lines sum to the subtotal, due date on or after
  the invoice date, the total printed beside a payable label) and the value's validity
  (IBAN mod 97, VAT ID check digits, ISO currency, plausible date);
- ``runner_up`` / ``margin``: the best score of a different value for the field;
- ``vendor_known`` / ``learned_layout``: how familiar the layout is (the page names a
  vendor in the master data snapshot; the vendor's learned layout read it).

Pure: a function of the extraction dict and two flags the pipeline computes from its
context. Master-data corroboration (IBAN on file for *this* vendor, PO open for it)
needs the resolved vendor and lives in ``rules.trust``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from extractors.parse import CURRENCY_CODES, parse_iban
from extractors.tokens import PageTokens

CENT = Decimal("0.01")
AMOUNTS = ("subtotal", "tax_amount", "total", "total_claimed")
DATES = ("invoice_date", "due_date", "service_date")
# source prefix or exact source -> method (first match wins)
_METHODS = (
    ("einvoice:", "einvoice"),
    ("template:", "template"),
    ("learned:", "learned"),
    ("model:", "model"),
    ("master-data", "master-data"),
    ("human:", "human"),
    ("layout:label-sum", "sum"),
    ("layout:sum-check", "sum"),
    ("layout:lines-sum", "sum"),
    ("layout:label", "label"),
    ("layout:party", "party"),
    ("layout:company", "party"),
    ("layout:title", "label"),
    ("layout:symbol", "label"),
    ("layout:first-date", "guess"),
    ("layout:largest-amount", "guess"),
    ("layout:letterhead", "guess"),
    ("layout:pattern", "guess"),
)
METHOD_WORDS = {
    "label": "read beside its label",
    "party": "read in the sender's address block",
    "learned": "read by this vendor's learned layout",
    "template": "read by the vendor's template",
    "einvoice": "taken from the embedded e-invoice XML",
    "model": "found by the field model",
    "master-data": "matches the vendor master data",
    "sum": "found from the document's own sums",
    "guess": "guessed from its position (no label)",
    "human": "entered by a person",
    "other": "read by the layout rules",
}


def method_of(source: str) -> str:
    """Return the method (a word of ``METHOD_WORDS``) a field's ``source`` names."""
    for prefix, method in _METHODS:
        if source.startswith(prefix):
            return method
    return "other"


def _dec(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _check(name: str, ok: bool, text: str) -> dict[str, Any]:
    return {"check": name, "ok": ok, "text": text}


def _arithmetic(values: Mapping[str, Any], lines: list[Mapping[str, Any]], payable: list[Decimal]):
    """Return {field: [checks]} from the document's own sums."""
    out: dict[str, list[dict[str, Any]]] = {}
    s, t, g = (_dec(values.get(k)) for k in ("subtotal", "tax_amount", "total"))
    if s is not None and t is not None and g is not None:
        ok = abs(s + t - g) <= CENT
        text = "total = subtotal + tax" if ok else f"subtotal + tax = {s + t}, not {g}"
        for k in ("subtotal", "tax_amount", "total"):
            out.setdefault(k, []).append(_check("sum", ok, text))
    amounts = [_dec(x.get("amount")) for x in lines]
    if amounts and all(a is not None for a in amounts):
        lsum = sum(amounts, Decimal(0))  # type: ignore[arg-type]
        target = "subtotal" if s is not None else ("total" if g is not None else None)
        if target:
            have = s if s is not None else g
            ok = abs(lsum - have) <= CENT * max(1, len(amounts))  # type: ignore[operator]
            word = target.replace("_", " ")
            text = f"lines add up to the {word}" if ok else f"lines add up to {lsum}, not {have}"
            out.setdefault(target, []).append(_check("lines", ok, text))
    if g is not None and payable and not any(p > g + CENT for p in payable):
        # beside a payable label, and no larger amount labelled so (else: a doubt, below)
        ok = g in payable
        text = (
            "printed beside a payable label"
            if ok
            else f"the page labels {', '.join(str(p) for p in sorted(set(payable))[:3])} as payable"
        )
        out.setdefault("total", []).append(_check("payable", ok, text))
    d1, d2 = _day(values.get("invoice_date")), _day(values.get("due_date"))
    if d1 and d2:
        ok = d1 <= d2
        text = "due date on or after the invoice date" if ok else "due date before invoice date"
        for k in ("invoice_date", "due_date"):
            out.setdefault(k, []).append(_check("dates", ok, text))
    return out


def _total_doubts(
    values: Mapping[str, Any], lines: list[Mapping[str, Any]], payable: list[Decimal]
) -> list[str]:
    """Return softer signs against the total than a failed sum: the page labels a larger
    amount as a total, or the total equals the net (the lines' sum) although tax is read.
    Neither vetoes (a prepaid balance or gross-priced lines explain them); the evidence
    model weighs them."""
    g, t = _dec(values.get("total")), _dec(values.get("tax_amount"))
    out = []
    if g is not None and any(p > g + CENT for p in payable):
        out.append(f"the page labels a larger amount ({max(payable)}) as a total")
    amounts = [_dec(x.get("amount")) for x in lines]
    net = _dec(values.get("subtotal"))
    if net is None and amounts and all(a is not None for a in amounts):
        net = sum(amounts, Decimal(0))  # type: ignore[arg-type]
    if g is not None and t is not None and t > 0 and net is not None and abs(net - g) <= CENT:
        out.append("the total equals the net amount although tax is charged")
    return out


def _validity(name: str, value: str) -> dict[str, Any] | None:
    """Return the validity check of one value, or None where none applies."""
    if name == "vendor_iban":
        ok = parse_iban(value) is not None
        return _check("valid", ok, "IBAN check digits valid" if ok else "IBAN fails mod 97")
    if name in ("vendor_tax_id", "customer_tax_id"):
        from stdnum import vatin

        compact = value.replace(" ", "").replace(".", "").replace("-", "").upper()
        if compact[:2].isalpha():
            try:
                ok = bool(vatin.is_valid(compact))
            except Exception:  # a country stdnum does not know
                return None
            text = "VAT ID check digits valid" if ok else "VAT ID check digits fail"
            return _check("valid", ok, text)
        return None
    if name == "currency":
        ok = value.upper() in CURRENCY_CODES
        return _check("valid", ok, "ISO currency" if ok else f"'{value}' is no known currency")
    if name in DATES:
        d = _day(value)
        ok = d is not None and 2000 <= d.year <= 2100
        return _check("valid", ok, "plausible date" if ok else "implausible date")
    if name in AMOUNTS:
        d = _dec(value)
        ok = d is not None and d >= 0
        return None if ok else _check("valid", False, "not an amount")
    if name in ("vendor_name", "customer_name"):
        ok = len(value) >= 3 and any(ch.isalpha() for ch in value)
        return None if ok else _check("valid", False, "does not look like a name")
    return None


def field_evidence(
    result: dict[str, Any], *, vendor_known: bool = False, learned_layout: bool = False
) -> dict[str, Any]:
    """Return ``result`` with an ``evidence`` object on every field (see module doc)."""
    fields = result.get("fields") or {}
    values = {k: (f or {}).get("value") for k, f in fields.items()}
    evidence = result.get("page_evidence") or {}
    payable = [a for a in (_dec(p.get("amount")) for p in evidence.get("payable") or ()) if a]
    arith = _arithmetic(values, list(result.get("lines") or ()), payable)
    learned_layout = learned_layout or bool((result.get("versions") or {}).get("learned"))
    doubts = _total_doubts(values, list(result.get("lines") or ()), payable)
    out = {}
    for name, f in fields.items():
        if not isinstance(f, Mapping):
            out[name] = f
            continue
        prior = {k: v for k, v in (f.get("evidence") or {}).items() if k != "doubts"}
        method = method_of(str(f.get("source") or ""))
        checks = list(arith.get(name, ()))
        if f.get("value") not in (None, ""):
            valid = _validity(name, str(f["value"]))
            if valid:
                checks.append(valid)
        runner_up = prior.get("runner_up")
        raw = f.get("confidence")
        ev = {
            "method": method,
            "checks": checks,
            "runner_up": runner_up,
            "margin": (
                None
                if runner_up is None or not isinstance(raw, (int, float))
                else round(float(raw) - float(runner_up), 4)
            ),
            "vendor_known": vendor_known,
            "learned_layout": learned_layout or method == "learned",
        }
        if name == "total" and doubts:
            ev["doubts"] = doubts
        out[name] = {**f, "evidence": {**prior, **ev}}
    return {**result, "fields": out}


def reasons(evidence: Mapping[str, Any]) -> list[tuple[bool, str]]:
    """Return the evidence as (good?, words) pairs for a person, most telling first."""
    out: list[tuple[bool, str]] = []
    for c in evidence.get("checks") or ():
        out.append((bool(c.get("ok")), str(c.get("text"))))
    method = str(evidence.get("method") or "other")
    out.append((method not in ("guess", "other"), METHOD_WORDS.get(method, method)))
    layout = evidence.get("layout")
    if layout == "agrees":
        out.append((True, "this vendor's learned layout reads the same value"))
    elif layout == "differs":
        out.append((False, "this vendor's learned layout reads a different value"))
    if evidence.get("learned_layout"):
        out.append((True, "layout learned from this vendor's invoices"))
    elif evidence.get("vendor_known"):
        out.append((True, "vendor in the master data"))
    else:
        out.append((False, "first invoice of this layout"))
    margin = evidence.get("margin")
    if isinstance(margin, (int, float)) and margin < 0.1:
        out.append((False, "another value on the page scored almost as high"))
    for doubt in evidence.get("doubts") or ():
        out.append((False, str(doubt)))
    for note in evidence.get("master_data") or ():
        out.append((bool(note.get("ok")), str(note.get("text"))))
    return sorted(out, key=lambda r: r[0])


def with_learned(
    result: dict[str, Any], pages: Sequence[PageTokens], layouts: Sequence[Any]
) -> dict[str, Any]:
    """Return ``result`` read with the vendor's learned layout, each field marked with
    whether the layout (a second, independent reader) agrees with the generic path.

    ``extractors.learned.apply_learned`` lays the layout's fields over the generic ones
    where the layout beats the generic path; here every rule the layout holds is also read
    (``only_better=False``) and compared with the value the generic path found, so a
    field carries ``evidence.layout``: ``"agrees"`` (two readers, one value), ``"differs"``
    or nothing (no rule for it, or no learned layout for this vendor).
    """
    from extractors.calibration import same
    from extractors.learned import apply_learned, learned_fields, vendor_layout

    layout = vendor_layout(pages, layouts)
    if layout is None or result.get("kind") == "claim":
        return result
    generic = {k: (f or {}).get("value") for k, f in (result.get("fields") or {}).items()}
    rule_values = {
        k: f.get("value") for k, f in learned_fields(pages, layout, only_better=False).items()
    }
    result = apply_learned(result, pages, [layout])
    out = {}
    for name, f in (result.get("fields") or {}).items():
        mine = rule_values.get(name)
        if not isinstance(f, Mapping) or mine in (None, "") or generic.get(name) in (None, ""):
            out[name] = f
            continue
        agree = same(name, mine, generic[name]) and same(name, mine, f.get("value"))
        ev = {**(f.get("evidence") or {}), "layout": "agrees" if agree else "differs"}
        out[name] = {**f, "evidence": ev}
    versions = {**(result.get("versions") or {}), "learned": layout.tag}
    return {**result, "fields": out, "versions": versions}
