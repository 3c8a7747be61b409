"""Arithmetic and tax: qty x price = amount, lines sum to subtotal, subtotal + tax = total."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from rules.facts import Work
from rules.money import fmt


def _q(w: Work, amount: Decimal) -> Decimal:
    return amount.quantize(w.quantum, rounding=ROUND_HALF_UP)


def _m(w: Work, amount: Decimal | None) -> str | None:
    """Return a money amount with the currency's minor unit, as a clerk reads it."""
    return fmt(amount, places=-int(w.quantum.as_tuple().exponent))


def _allowance(w: Work, key: str, default: int) -> Decimal:
    return w.quantum * int(w.pack.setting("arithmetic", key, default))


def check_line_amounts(w: Work) -> None:
    """Add ``arithmetic_mismatch`` for each line whose amount is not quantity x unit price."""
    allowed = _allowance(w, "line_tolerance_minor_units", 1)
    for line in w.facts.lines:
        if line.quantity is None or line.unit_price is None or line.amount is None:
            continue
        expected = _q(w, abs(line.quantity * line.unit_price))
        if abs(abs(line.amount) - expected) > allowed:
            w.add(
                "arithmetic_mismatch",
                "block",
                f"Line {line.index}: {fmt(line.quantity)} x {fmt(line.unit_price)} is "
                f"{_m(w, expected)}, but the line says {_m(w, line.amount)}.",
                line=line.index,
                expected=_m(w, expected),
                actual=_m(w, line.amount),
            )


def _mismatch(w: Work, what: str, expected: Decimal, actual: Decimal, allowed: Decimal) -> None:
    if abs(expected - actual) > allowed:
        w.add(
            "arithmetic_mismatch",
            "block",
            f"{what} {_m(w, expected)}, but the document says {_m(w, actual)}.",
            expected=_m(w, expected),
            actual=_m(w, actual),
        )


def check_totals(w: Work, total_field: str = "total") -> None:
    """Check lines against subtotal, and subtotal + tax against the total."""
    f = w.facts
    allowed = _allowance(w, "total_tolerance_minor_units", 0)
    amounts = [x.amount for x in f.lines if x.amount is not None]
    lines_sum = _q(w, sum((abs(a) for a in amounts), Decimal(0))) if amounts else None
    subtotal, tax, total = f.dec("subtotal"), f.dec("tax_amount"), f.dec(total_field)
    if lines_sum is not None and subtotal is not None:
        _mismatch(w, "The lines add up to", lines_sum, abs(subtotal), allowed)
    base = abs(subtotal) if subtotal is not None else lines_sum
    if base is not None and total is not None:
        if tax is not None:
            _mismatch(
                w,
                f"Subtotal {_m(w, base)} plus tax {_m(w, abs(tax))} is",
                base + abs(tax),
                abs(total),
                allowed,
            )
        elif total_field != "total":  # claims carry no tax
            _mismatch(w, "The lines add up to", base, abs(total), allowed)
    if tax is not None:
        _check_tax_amount(w, abs(tax))


def _check_tax_amount(w: Work, tax: Decimal) -> None:
    bases: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in w.facts.lines:
        if line.amount is None or line.tax_rate is None:
            return  # not every line states its rate: the tax cannot be recomputed
        bases[line.tax_rate] += abs(line.amount)
    if not bases:
        return
    expected = sum((_q(w, base * rate / 100) for rate, base in bases.items()), Decimal(0))
    allowed = w.quantum * max(1, len(w.facts.lines))  # per-line vs per-rate rounding
    if abs(expected - tax) > allowed:
        w.add(
            "arithmetic_mismatch",
            "block",
            f"Tax at the stated rates is {_m(w, expected)}, but the document says {_m(w, tax)}.",
            expected=_m(w, expected),
            actual=_m(w, tax),
        )


def check_tax_rates(w: Work) -> None:
    """Add ``tax_rate_invalid`` for rates not valid in the vendor's country."""
    country = (w.vendor.country if w.vendor else "") or str(
        w.pack.setting("tax_rates", "default_country", "") or ""
    )
    valid = w.pack.tax_rates.get(country.upper())
    if not valid:
        return
    for line in w.facts.lines:
        if line.tax_rate is not None and line.tax_rate.normalize() not in valid:
            rates = ", ".join(f"{fmt(r)}%" for r in sorted(valid))
            w.add(
                "tax_rate_invalid",
                "block",
                f"Line {line.index} charges {fmt(line.tax_rate)}% tax, which is not a valid rate "
                f"in {country} ({rates}).",
                line=line.index,
                expected=rates,
                actual=fmt(line.tax_rate),
            )
