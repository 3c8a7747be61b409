"""Calibrated confidence from a field's evidence, and the risk thresholds that go with it.

``extractors.calibration`` maps one raw score to a probability, fitted on our own
synthetic layouts; on layouts nobody here designed that probability is far too high.
This module scores each field from its *evidence* (``extractors.field_evidence``): how
it was found, whether the document's arithmetic and the value's check digits agree,
how close the runner-up was and how familiar the layout is. The model is a logistic
regression over a handful of such features; ``bench/trust.py`` fits it leave-one-
source-out on real invoices (synthetic ones may be added to the training side) and
writes ``trust.json`` beside this file: the coefficients, the reliability table of the
held-out sources, and per risk target the confidence a critical field needs
(``thresholds``), chosen by Learn-then-Test (see ``bench/trust.py``).

Applying the model needs no scikit-learn: it is a dot product read from JSON. The
extraction carries the thresholds under ``trust`` so the rules (which never import
extractors) can turn the pack's ``max_risk`` into a decision.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL = Path(__file__).with_name("trust.json")
# Fields whose confidence this model replaces: what the generic reader and its helpers
# found. An e-invoice's XML, a vendor's template and a person's entry keep their own.
SCORED_METHODS = ("label", "party", "learned", "model", "master-data", "sum", "guess", "other")
METHODS = ("label", "party", "learned", "model", "master-data", "sum", "guess")
# ``bench/trust.py`` fits the model on invoices (real and third-party); a claim's own fields
# were never in its training, so it does not score them: they keep the reader's confidence
# and the pack's raw thresholds (with 15 sources the 1% threshold rose to 0.95, set by one
# invoice family's confident misreads, and a clean claim's total at 0.92 was held).
UNFITTED = frozenset(
    {"claim_number", "policy_number", "claimant_name", "provider_name", "service_date",
     "date_of_service", "total_claimed"}
)  # fmt: skip
GROUPS = {
    "amount": ("subtotal", "tax_amount", "total", "total_claimed"),
    "date": ("invoice_date", "due_date", "service_date"),
    "ident": ("invoice_number", "po_number", "vendor_iban", "vendor_tax_id", "claim_number"),
    "name": ("vendor_name", "customer_name", "claimant_name", "provider_name"),
}
FEATURES = (
    "raw",
    *(f"method_{m}" for m in METHODS),
    "checks_ok",
    "checks_failed",
    "valid_ok",
    "valid_failed",
    "has_rival",
    "margin",
    "vendor_known",
    "learned_layout",
    "layout_agrees",
    "layout_differs",
    "payable_larger",
    "net_like",
    "ocr",
    *(f"group_{g}" for g in GROUPS),
    "warnings",
)
# Signs the fit may not flip: evidence for a value never lowers trust in it, evidence
# against never raises it. With a few dozen documents per source a coefficient can come
# out backwards by chance; the product must not learn "a valid IBAN is suspicious".
NON_NEGATIVE = ("checks_ok", "valid_ok", "vendor_known", "learned_layout", "layout_agrees", "raw")
NON_POSITIVE = ("checks_failed", "valid_failed", "layout_differs", "payable_larger", "net_like")
# Familiarity carries weight by construction, not only where a fit finds it: a vendor in
# the master data, a layout learned from its corrected invoices and a second reader (that
# layout) agreeing each raise trust by at least this much (log-odds), and a learned
# layout reading another value lowers it. A vendor's first invoice in a layout nobody here
# has seen is therefore always scored below the same reading on a familiar layout; the
# thresholds are then chosen on held-out predictions of the model as constrained.
FLOORS = {"vendor_known": 0.2, "learned_layout": 0.3, "layout_agrees": 0.5}
CEILINGS = {"layout_differs": -0.5}


def _logit(p: float) -> float:
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1 - p))


def features(
    name: str, field: Mapping[str, Any], *, ocr: bool = False, warnings: int = 0
) -> list[float]:
    """Return the feature vector (in ``FEATURES`` order) of one field with evidence."""
    ev = field.get("evidence") or {}
    method = ev.get("method", "other")
    checks = [c for c in ev.get("checks") or () if c.get("check") != "valid"]
    valid = [c for c in ev.get("checks") or () if c.get("check") == "valid"]
    raw = ev.get("raw", field.get("confidence"))
    margin = ev.get("margin")
    x = {
        "raw": _logit(float(raw)) if isinstance(raw, (int, float)) else 0.0,
        **{f"method_{m}": float(method == m) for m in METHODS},
        "checks_ok": float(sum(bool(c.get("ok")) for c in checks)),
        "checks_failed": float(sum(not c.get("ok") for c in checks)),
        "valid_ok": float(any(c.get("ok") for c in valid)),
        "valid_failed": float(any(not c.get("ok") for c in valid)),
        "has_rival": float(margin is not None),
        "margin": min(max(float(margin), -1.0), 1.0) if margin is not None else 0.0,
        "vendor_known": float(bool(ev.get("vendor_known"))),
        "learned_layout": float(bool(ev.get("learned_layout"))),
        "layout_agrees": float(ev.get("layout") == "agrees"),
        "layout_differs": float(ev.get("layout") == "differs"),
        "payable_larger": float(any("larger amount" in d for d in ev.get("doubts") or ())),
        "net_like": float(any("net amount" in d for d in ev.get("doubts") or ())),
        "ocr": float(ocr),
        **{f"group_{g}": float(name in members) for g, members in GROUPS.items()},
        "warnings": float(min(warnings, 3)),
    }
    return [x[k] for k in FEATURES]


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    """Return the shipped trust model, or None when absent."""
    try:
        return json.loads(MODEL.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def probability(model: Mapping[str, Any], x: list[float]) -> float:
    """Return the model's probability that a field with features ``x`` is right."""
    names = model.get("features") or FEATURES
    if tuple(names) != FEATURES:  # a model fitted on other features: map them by name
        by_name = dict(zip(FEATURES, x, strict=True))
        x = [by_name.get(n, 0.0) for n in names]
    z = float(model["intercept"]) + sum(w * v for w, v in zip(model["coef"], x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def score(result: dict[str, Any], model: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return ``result`` with evidence-based confidences and the policy's thresholds.

    The confidence a field had before (the raw reader's, calibrated on synthetic
    layouts) is kept as ``evidence.raw``.
    """
    model = model if model is not None else load_model()
    if not model:
        return result
    ocr = result.get("text_source") in ("ocr", "mixed")
    warnings = len(result.get("warnings") or ())
    out = {}
    for name, f in (result.get("fields") or {}).items():
        ev = (f or {}).get("evidence") if isinstance(f, Mapping) else None
        conf = f.get("confidence") if isinstance(f, Mapping) else None
        if ev is None or ev.get("method") not in SCORED_METHODS or conf is None or name in UNFITTED:
            out[name] = f
            continue
        ev = {**ev, "raw": ev.get("raw", conf)}
        p = probability(model, features(name, {**f, "evidence": ev}, ocr=ocr, warnings=warnings))
        out[name] = {**f, "confidence": round(p, 4), "evidence": ev}
    trust = {
        "model": model.get("version"),
        "thresholds": model.get("thresholds", {}),
        "scored": list(SCORED_METHODS),
        "unfitted": sorted(UNFITTED),
    }
    return {**result, "fields": out, "trust": trust}
