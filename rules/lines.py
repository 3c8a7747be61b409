"""Line matching: assign invoice lines to PO lines optimally, then check price and quantities.

Assignment is by PO line reference, then SKU, then description similarity backed by
price and quantity closeness, solved as one assignment problem with
``scipy.optimize.linear_sum_assignment`` -- a greedy pass would let an early line take
the PO line a later line fits better.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz, process, utils
from scipy.optimize import linear_sum_assignment

from rules.decision import LineAssignment
from rules.facts import InvLine, Work
from rules.model import POLine
from rules.money import fmt, pct

REF_SCORE = 1000.0
SKU_SCORE = 500.0
FORBIDDEN = 1e9


def _closeness(a: Decimal | None, b: Decimal) -> float:
    """Return 1.0 for equal values, falling to 0.0 at 100% apart."""
    if a is None or b == 0:
        return 0.0
    return max(0.0, 1.0 - float(abs(a - b) / abs(b)))


def score_matrix(
    lines: tuple[InvLine, ...], po_lines: tuple[POLine, ...], min_desc: float
) -> np.ndarray:
    """Return scores (higher is better; -inf where a pair may not be matched)."""
    desc = process.cdist(
        [x.description for x in lines],
        [p.description for p in po_lines],
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        dtype=np.float64,
    )
    scores = np.full((len(lines), len(po_lines)), -np.inf)
    for i, x in enumerate(lines):
        sku = x.sku.upper()
        for j, p in enumerate(po_lines):
            base = float(desc[i, j])
            if x.po_line is not None and x.po_line == p.line_no:
                base += REF_SCORE
            elif sku and sku == p.sku.upper():
                base += SKU_SCORE
            elif base < min_desc:
                continue
            scores[i, j] = (
                base
                + 20 * _closeness(x.unit_price, p.unit_price)
                + 10 * _closeness(x.quantity, p.quantity)
            )
    return scores


def assign(
    lines: tuple[InvLine, ...], po_lines: tuple[POLine, ...], min_desc: float
) -> dict[int, tuple[int, str, float]]:
    """Return ``{invoice index: (po line index, method, score)}`` for an optimal assignment."""
    by_no = {p.line_no: j for j, p in enumerate(po_lines)}
    refs = [x.po_line for x in lines]
    if all(r in by_no for r in refs) and len(set(refs)) == len(refs):
        # Every line quotes a distinct existing PO line: that assignment scores highest.
        return {i: (by_no[r], "po_line", 100.0) for i, r in enumerate(refs)}  # type: ignore[index]
    scores = score_matrix(lines, po_lines, min_desc)
    cost = np.where(np.isfinite(scores), -scores, FORBIDDEN)
    rows, cols = linear_sum_assignment(cost)
    out: dict[int, tuple[int, str, float]] = {}
    for i, j in zip(rows, cols, strict=True):
        if cost[i, j] >= FORBIDDEN:
            continue
        s = float(scores[i, j])
        method = "po_line" if s >= REF_SCORE else "sku" if s >= SKU_SCORE else "description"
        offset = REF_SCORE if method == "po_line" else SKU_SCORE if method == "sku" else 0.0
        out[int(i)] = (int(j), method, s - offset)
    return out


def check_lines(w: Work) -> None:
    """Match lines against the PO and record price and quantity findings."""
    po = w.po
    if po is None or not w.facts.lines:
        return
    min_desc = float(w.pack.setting("matching", "description_min_score", 60))
    pairs = assign(w.facts.lines, po.lines, min_desc) if po.lines else {}
    for i, line in enumerate(w.facts.lines):
        if i not in pairs:
            _unmatched(w, line, f"matches no line of PO {po.po_number}")
            continue
        j, method, score = pairs[i]
        _check_pair(w, line, po.lines[j], method, score)
    _check_amount(w)


def _unmatched(w: Work, line: InvLine, why: str) -> None:
    w.assignments.append(
        LineAssignment(
            line.index,
            w.po.po_number if w.po else None,
            None,
            "none",
            0.0,
            line.quantity,
            line.unit_price,
        )
    )
    label = line.description or line.sku or f"line {line.index}"
    w.add(
        "unmatched_line",
        "block",
        f"Invoice line {line.index} ('{label}') {why}; "
        "check what was delivered or ask the buyer to amend the PO.",
        line=line.index,
        actual=label,
    )


def _factor(w: Work, line: InvLine, po_line: POLine) -> Decimal | None:
    canon = w.pack.canonical_unit
    have, want = canon(line.unit), canon(po_line.unit)
    if not have or not want or have == want:
        return Decimal(1)
    found = w.master.conversion(po_line.sku, have, want)
    if found is None and (have, want) != (line.unit, po_line.unit):
        found = w.master.conversion(po_line.sku, line.unit, po_line.unit)
    return found if found is not None else w.pack.unit_factor(have, want)


def _check_pair(w: Work, line: InvLine, p: POLine, method: str, score: float) -> None:
    po = w.po
    assert po is not None
    factor = _factor(w, line, p)
    if factor is None:
        _unmatched(
            w,
            line,
            f"is in {line.unit}, which has no conversion to {p.unit} (PO {po.po_number} line "
            f"{p.line_no})",
        )
        return
    qty = None if line.quantity is None else abs(line.quantity) * factor
    price = None if line.unit_price is None else abs(line.unit_price) / factor
    key = (po.po_number, p.line_no)
    already = w.history.invoiced_qty(*key)
    received = w.master.received.get(key, Decimal(0))
    w.assignments.append(
        LineAssignment(
            line.index,
            po.po_number,
            p.line_no,
            method,
            score,
            qty,
            price,
            p.quantity,
            received,
            already,
            p.unit_price,
        )
    )
    if price is not None and w.facts.kind != "credit_note":
        _check_price(w, line, p, price, qty)
    if qty is not None and w.facts.kind != "credit_note":
        _check_quantities(w, line, p, qty, already, received)
    if qty is not None and w.facts.kind == "credit_note":
        _check_credit(w, line, p, qty, already)
    if p.tax_rate is not None and line.tax_rate is not None and p.tax_rate != line.tax_rate:
        w.add(
            "tax_rate_invalid",
            "block",
            f"Line {line.index} charges {fmt(line.tax_rate)}% tax but PO {po.po_number} line "
            f"{p.line_no} has {fmt(p.tax_rate)}%.",
            line=line.index,
            expected=fmt(p.tax_rate),
            actual=fmt(line.tax_rate),
        )


def _check_price(w: Work, line: InvLine, p: POLine, price: Decimal, qty: Decimal | None) -> None:
    limit = w.tolerances.price.violation(price, p.unit_price)
    if limit is None:
        return
    diff = price - p.unit_price
    share = pct(abs(diff), p.unit_price)
    how = (
        f"{fmt(share, 0)}% {'above' if diff > 0 else 'below'}"
        if share is not None
        else "different from"
    )
    places = max(2, -p.unit_price.as_tuple().exponent)  # type: ignore[operator]
    w.add(
        "price_variance",
        w.money_severity(diff * (qty or Decimal(1))),
        f"Unit price {fmt(price, places)} is {how} PO {w.po.po_number} line {p.line_no} "  # type: ignore[union-attr]
        f"({fmt(p.unit_price, places)}); tolerance is {limit}.",
        line=line.index,
        expected=fmt(p.unit_price, places),
        actual=fmt(price, places),
    )


def _check_quantities(
    w: Work, line: InvLine, p: POLine, qty: Decimal, already: Decimal, received: Decimal
) -> None:
    total = already + qty
    po_ref = f"PO {w.po.po_number} line {p.line_no}"  # type: ignore[union-attr]
    before = f" plus {fmt(already)} already invoiced" if already else ""
    limit = w.tolerances.quantity.violation(total, p.quantity) if total > p.quantity else None
    if limit is not None:
        w.add(
            "quantity_over_ordered",
            w.money_severity((total - p.quantity) * p.unit_price),
            f"Quantity {fmt(qty)} {p.unit}{before} is more than the {fmt(p.quantity)} ordered on "
            f"{po_ref}; tolerance is {limit}.",
            line=line.index,
            expected=fmt(p.quantity - already),
            actual=fmt(qty),
        )
    mode = (
        w.po.match_mode
        or (w.vendor.match_mode if w.vendor else "")
        or w.pack.setting("matching", "default_mode", "3way")
    )  # type: ignore[union-attr]
    if mode != "3way" or total <= received:
        return
    limit = w.tolerances.quantity.violation(total, received)
    if limit is not None:
        w.add(
            "quantity_over_received",
            w.money_severity((total - received) * p.unit_price),
            f"Quantity {fmt(qty)} {p.unit}{before} is more than the {fmt(received)} received on "
            f"{po_ref}; tolerance is {limit}.",
            line=line.index,
            expected=fmt(max(received - already, Decimal(0))),
            actual=fmt(qty),
        )


def _check_credit(w: Work, line: InvLine, p: POLine, qty: Decimal, already: Decimal) -> None:
    """Flag a credit note returning more of a PO line than is invoiced on it so far."""
    if qty <= already:
        return
    po_ref = f"PO {w.po.po_number} line {p.line_no}"  # type: ignore[union-attr]
    w.add(
        "credit_over_invoiced",
        w.money_severity((qty - already) * p.unit_price),
        f"This credit note returns {fmt(qty)} {p.unit} of {po_ref}, but only {fmt(already)} "
        "is invoiced on it so far; ask the vendor which invoice it corrects.",
        line=line.index,
        expected=fmt(already),
        actual=fmt(qty),
    )


def _check_amount(w: Work) -> None:
    """Check matched lines' total against PO prices (catches many small variances adding up)."""
    if w.facts.kind == "credit_note" or any(f.rule == "price_variance" for f in w.findings):
        return
    actual = expected = Decimal(0)
    for a in w.assignments:
        if (
            a.po_line is None
            or a.quantity is None
            or a.unit_price is None
            or a.po_unit_price is None
        ):
            continue
        actual += a.quantity * a.unit_price
        expected += a.quantity * a.po_unit_price
    q = w.quantum
    actual, expected = actual.quantize(q), expected.quantize(q)
    limit = w.tolerances.amount.violation(actual, expected)
    if limit is not None:
        w.add(
            "price_variance",
            w.money_severity(actual - expected),
            f"Matched lines total {fmt(actual)} against {fmt(expected)} at PO {w.po.po_number} "
            f"prices; tolerance is {limit}.",  # type: ignore[union-attr]
            expected=fmt(expected),
            actual=fmt(actual),
        )
