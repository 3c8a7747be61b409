"""The decision policy that states its risk: which extracted fields pass without a person.

A rule pack sets ``confidence.max_risk`` (e.g. ``0.01``: of the critical fields passed
without a person, at most 1% wrong) instead of a raw score. The extraction carries, under
``trust.thresholds``, the confidence each field needs for a given risk; those thresholds
were chosen with a stated guarantee when the evidence model was fitted (``bench/trust.py``,
Learn-then-Test over held-out sources). This module applies them, in this order:

1. a critical field that the document's own arithmetic, its check digits or the master
   data contradicts never passes, whatever its score (``low_confidence``, block);
2. a critical field the master data corroborates (the IBAN or VAT ID on file for the
   vendor found, the name on file, the PO's or vendor's currency, a total whose PO-matched
   lines and tax add up to it) passes: the master data vouches for it;
3. otherwise a field passes when its confidence reaches the threshold for the largest
   risk target the model offers that is not above ``max_risk`` (none: nothing passes on
   its score alone).

Fields the model does not score (an e-invoice's XML, a vendor template, a person's entry)
keep the pack's raw thresholds. Pure, like every rule: facts in, findings out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.decision import Finding
from rules.facts import Work
from rules.model import norm_id

CRITICAL = ("vendor_name", "vendor_iban", "invoice_number", "invoice_date", "currency", "total")
CLAIM_CRITICAL = ("claim_number", "policy_number", "service_date", "total_claimed")
_WORDS = {"vendor_iban": "vendor IBAN", "vendor_tax_id": "vendor VAT ID", "po_number": "PO number"}
_MONEY_RULES = ("price_variance", "quantity_over_ordered", "quantity_over_received")


def _words(name: str) -> str:
    return _WORDS.get(name, name.replace("_", " "))


def applies(w: Work, extraction: Mapping[str, Any]) -> bool:
    """Return whether the pack states a risk and the extraction carries thresholds for it."""
    trust = extraction.get("trust")
    return (
        w.pack.section("confidence").get("max_risk") is not None
        and isinstance(trust, Mapping)
        and isinstance(trust.get("thresholds"), Mapping)
    )


def threshold(thresholds: Mapping[str, Any], max_risk: float, name: str) -> float:
    """Return the confidence ``name`` needs at ``max_risk`` (above 1: none is enough)."""
    risks = [r for r in thresholds if _float(r) is not None and _float(r) <= max_risk + 1e-12]
    if not risks:
        return 1.01
    table = thresholds[max(risks, key=lambda r: float(r))]
    value = table.get(name, table.get("*"))
    return float(value) if isinstance(value, (int, float)) else 1.01


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def master_notes(w: Work, name: str, value: str) -> list[tuple[bool, str]]:
    """Return what the master data says about one field's value: (agrees?, words)."""
    v, po = w.vendor, w.po
    out: list[tuple[bool, str]] = []
    if name == "vendor_iban" and v is not None:
        known = {w.master.vendors[x].iban for x in w.master.related_vendors(v.vendor_id)} - {""}
        if known:
            ok = norm_id(value) in known
            out.append(
                (ok, "IBAN on file for this vendor" if ok else "IBAN not on file for this vendor")
            )
    elif name == "vendor_tax_id" and v is not None and v.tax_id:
        ok = norm_id(value) == v.tax_id
        out.append(
            (ok, "VAT ID on file for this vendor" if ok else "VAT ID differs from the one on file")
        )
    elif name == "vendor_name" and v is not None:
        found_by_id = (v.tax_id and norm_id(w.facts.text("vendor_tax_id")) == v.tax_id) or (
            v.iban and norm_id(w.facts.text("vendor_iban")) == v.iban
        )
        if found_by_id:
            # the vendor is known by its IDs; the name read must still be that vendor's
            # (a customer's or another party's name read as the vendor is not vouched for)
            min_score = float(w.pack.setting("matching", "vendor_name_min_score", 90))
            hit = w.master.vendor_by_name(value, min_score)
            related = w.master.related_vendors(v.vendor_id)
            if (hit is not None and hit[0] in related) or _name_close(
                value, (v.name, *v.aliases), min_score
            ):
                out.append((True, "vendor found in the master data by VAT ID or IBAN"))
            else:
                out.append((False, f"the name read is not the name on file ({v.name})"))
    elif name == "po_number" and po is not None:
        ok = v is not None and po.vendor_id == v.vendor_id
        out.append((ok, "PO on file for this vendor" if ok else "PO belongs to another vendor"))
    elif name == "currency" and (po is not None or (v is not None and v.currency)):
        expected = po.currency if po is not None else v.currency  # type: ignore[union-attr]
        ok = not expected or value.upper() == expected
        out.append(
            (ok, "currency of the PO / vendor" if ok else f"the PO / vendor bills in {expected}")
        )
    elif name == "total" and _total_matches_po(w):
        out.append((True, "total = PO-matched lines + tax"))
    return out


def _name_close(value: str, names: tuple[str, ...], min_score: float) -> bool:
    """Return whether ``value`` names one of ``names`` (one contains the other, or fuzzy)."""
    from rapidfuzz import fuzz

    from rules.model import norm_name

    a = norm_name(value)
    for name in names:
        b = norm_name(name)
        if a and b and (a in b or b in a or fuzz.token_sort_ratio(a, b) >= min_score):
            return True
    return False


def _total_matches_po(w: Work) -> bool:
    """Return whether every line matched the PO without a money finding and the document's
    sums (lines = subtotal, subtotal + tax = total) hold."""
    f = w.facts
    s, t, g = f.dec("subtotal"), f.dec("tax_amount"), f.dec("total")
    amounts = [ln.amount for ln in f.lines]
    if not w.assignments or not amounts or None in amounts or None in (s, t, g):
        return False
    if any(a.method == "none" for a in w.assignments):
        return False
    if any(x.rule in _MONEY_RULES or x.rule == "unmatched_line" for x in w.findings):
        return False
    return sum(amounts) == s and s + t == g  # type: ignore[operator, arg-type]


def check_fields(w: Work, extraction: Mapping[str, Any]) -> None:
    """Add a ``low_confidence`` block for each critical field not trusted at ``max_risk``."""
    conf = w.pack.section("confidence")
    max_risk = float(conf["max_risk"])
    trust = extraction["trust"]
    scored = set(trust.get("scored") or ())
    unfitted = set(trust.get("unfitted") or ())
    critical = tuple(
        conf.get("critical") or (CLAIM_CRITICAL if w.facts.kind == "claim" else CRITICAL)
    )
    for name, f in (extraction.get("fields") or {}).items():
        if not isinstance(f, Mapping) or name not in critical or name not in w.facts.values:
            continue
        ev = f.get("evidence") if isinstance(f.get("evidence"), Mapping) else {}
        notes = [(bool(c.get("ok")), str(c.get("text"))) for c in ev.get("checks") or ()]
        notes += master_notes(w, name, w.facts.text(name))
        against = [text for ok, text in notes if not ok]
        if against:
            _block(w, name, f"is contradicted: {'; '.join(against)}", "contradicted")
            continue
        if any(ok and text in _CORROBORATING for ok, text in notes):
            continue
        score = w.facts.confidence.get(name)
        if score is None or ev.get("method") not in scored or name in unfitted:
            # not scored by the evidence model (its method, or a field it was not fitted
            # on, ``trust.unfitted``): the pack's raw threshold
            need = float((conf.get("per_field") or {}).get(name, conf.get("fields", 0.0) or 0.0))
        else:
            need = threshold(trust["thresholds"], max_risk, name)
        if score is not None and score < need:
            why = ", ".join(text for ok, text in _reasons(ev) if not ok) or "no corroboration"
            needs = "more than any score" if need > 1 else f"{need:.2f}"
            _block(
                w,
                name,
                f"was read with confidence {score:.2f}; at max_risk {max_risk:g} it needs "
                f"{needs} ({why})",
                f"{score:.2f}",
                expected=needs,
            )
    check_line_confidence(w)


_CORROBORATING = frozenset(
    {
        "IBAN on file for this vendor",
        "VAT ID on file for this vendor",
        "vendor found in the master data by VAT ID or IBAN",
        "PO on file for this vendor",
        "currency of the PO / vendor",
        "total = PO-matched lines + tax",
    }
)


def _reasons(ev: Mapping[str, Any]) -> list[tuple[bool, str]]:
    method = str(ev.get("method") or "")
    out = [(method not in ("guess", "other"), f"found by {method or 'the layout rules'}")]
    if not (ev.get("vendor_known") or ev.get("learned_layout")):
        out.append((False, "first invoice of this layout"))
    margin = ev.get("margin")
    if isinstance(margin, (int, float)) and margin < 0.1:
        out.append((False, "a different value scored almost as high"))
    return out


def _block(w: Work, name: str, why: str, actual: str, expected: str | None = None) -> None:
    w.findings.append(
        Finding(
            rule="low_confidence",
            severity="block",
            message=f"The {_words(name)} {why}; check it against the original.",
            expected=expected or name,
            actual=actual,
        )
    )


def check_line_confidence(w: Work) -> None:
    """Add ``low_confidence`` for each line read below the pack's line threshold."""
    line_min = float(w.pack.section("confidence").get("lines", 0.0) or 0.0)
    for line in w.facts.lines:
        if line.confidence is not None and line.confidence < line_min:
            w.add(
                "low_confidence",
                "block",
                f"Line {line.index} was read with confidence {line.confidence:.2f} "
                f"(needs {line_min:.2f}); check it against the original.",
                line=line.index,
                expected=f"{line_min:.2f}",
                actual=f"{line.confidence:.2f}",
            )
