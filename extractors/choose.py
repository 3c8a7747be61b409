"""Choose one candidate per field, using the document's own arithmetic as evidence.

The best-scoring candidate wins unless a combination of lower-scoring ones
agrees with itself: subtotal + tax = total, the lines sum to the subtotal,
the due date is on or after the invoice date. Agreement raises confidence;
disagreement that cannot be resolved becomes a warning.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from bursar.contract import CLAIM_FIELDS, INVOICE_FIELDS
from extractors.fields import Candidate

CENT = Decimal("0.01")


def _ranked(cands: Sequence[Candidate], field: str, n: int = 4) -> list[Candidate | None]:
    seen: dict[str, Candidate] = {}
    for c in sorted((c for c in cands if c.field == field), key=lambda c: -c.score):
        seen.setdefault(c.value, c)
    return [*list(seen.values())[:n], None]


def _lines_sum(lines: Sequence[dict[str, Any]]) -> Decimal | None:
    amounts = [Decimal(x["amount"]) for x in lines if x.get("amount")]
    return sum(amounts, Decimal(0)) if amounts else None


def _amount_triple(
    cands: Sequence[Candidate], lines: Sequence[dict[str, Any]]
) -> tuple[dict[str, Candidate], bool]:
    """Return the best (subtotal, tax, total) combination and whether it adds up."""
    lsum = _lines_sum(lines)
    best: tuple[float, dict[str, Candidate], bool] = (-1.0, {}, False)
    for s, t, g in itertools.product(
        *(_ranked(cands, f) for f in ("subtotal", "tax_amount", "total"))
    ):
        score = sum(c.score for c in (s, t, g) if c)
        ok = bool(
            s and t and g and abs(Decimal(s.value) + Decimal(t.value) - Decimal(g.value)) <= CENT
        )
        ok = ok or bool(
            s and g and not t and Decimal(s.value) == Decimal(g.value) and lsum == Decimal(s.value)
        )
        score += 1.5 if ok else 0.0
        if s and lsum is not None and abs(Decimal(s.value) - lsum) <= CENT:
            score += 0.5
        if score > best[0]:
            best = (
                score,
                {
                    k: c
                    for k, c in zip(("subtotal", "tax_amount", "total"), (s, t, g), strict=True)
                    if c
                },
                ok,
            )
    chosen, ok = best[1], best[2]
    if ok:
        chosen = {
            k: replace(c, score=min(0.5 + 0.5 * c.score + 0.15, 0.99)) for k, c in chosen.items()
        }
    return chosen, ok


def _tax_sum(cands: Sequence[Candidate]) -> Candidate | None:
    """Return one tax candidate summing several tax rows (documents with two VAT rates)."""
    rows = {}
    for c in cands:
        if c.field == "tax_amount" and c.source == "layout:label":
            rows.setdefault(round(c.bbox[1]), c)
    if len(rows) < 2:
        return None
    parts = list(rows.values())
    total = sum((Decimal(c.value) for c in parts), Decimal(0))
    return Candidate(
        "tax_amount",
        format(total, "f"),
        min(c.score for c in parts) * 0.9,
        parts[0].page,
        parts[0].bbox,
        "layout:label-sum",
        parts[0].tokens,
    )


def _dates(cands: Sequence[Candidate]) -> dict[str, Candidate]:
    best: tuple[float, dict[str, Candidate]] = (-1.0, {})
    for inv, due in itertools.product(_ranked(cands, "invoice_date"), _ranked(cands, "due_date")):
        if inv and due and inv.tokens == due.tokens:
            continue
        score = sum(c.score for c in (inv, due) if c)
        if inv and due and due.value < inv.value:
            score -= 1.0
        if score > best[0]:
            best = (score, {k: c for k, c in (("invoice_date", inv), ("due_date", due)) if c})
    return best[1]


def _customer_blocks(cands: Sequence[Candidate]) -> set[tuple[int, int]]:
    return {(c.page, c.block) for c in cands if c.field == "customer_name"}


def select(
    cands: Sequence[Candidate], *, kind: str, lines: Sequence[dict[str, Any]]
) -> tuple[dict[str, Candidate], list[str]]:
    """Return the chosen candidate per field for this kind of document, and warnings."""
    warnings: list[str] = []
    cust = _customer_blocks(cands)
    cands = [
        replace(c, score=c.score * 0.5)
        if c.field in ("vendor_tax_id", "vendor_iban") and (c.page, c.block) in cust
        else c
        for c in cands
    ]
    extra = _tax_sum(cands)
    if extra:
        cands = [*cands, extra]
    fields = CLAIM_FIELDS if kind == "claim" else INVOICE_FIELDS
    chosen: dict[str, Candidate] = {}
    if kind == "claim":
        claim_amounts = [c for c in cands if c.field == "total_claimed"]
        if not claim_amounts:
            cands = [
                *cands,
                *[
                    replace(c, field="total_claimed", score=c.score * 0.8)
                    for c in cands
                    if c.field == "total"
                ],
            ]
    else:
        triple, ok = _amount_triple(cands, lines)
        chosen.update(triple)
        if triple and not ok and len(triple) == 3:
            warnings.append("subtotal + tax does not equal total")
        chosen.update(_dates(cands))
        s, g = chosen.get("subtotal"), chosen.get("total")
        if s and g and "tax_amount" not in chosen and Decimal(s.value) == Decimal(g.value):
            # net and gross printed equal (a small business, an exempt delivery): no tax
            chosen["tax_amount"] = replace(
                g,
                field="tax_amount",
                value="0.00",
                score=min(s.score, g.score) * 0.9,
                source="layout:sum-check",
                tokens=(),
            )
    for f in fields:
        if f not in chosen:
            ranked = [c for c in _ranked(cands, f) if c]
            if ranked:
                chosen[f] = ranked[0]
    return {f: chosen[f] for f in fields if f in chosen}, warnings
