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


def price_explains(
    quantity: Decimal, unit_price: Decimal, amount: Decimal, quantum: Decimal, allowed: Decimal
) -> bool:
    """Return True when some unit price that rounds to the printed one gives ``amount``.

    Invoices print unit prices rounded (2.773 as 2.77) but compute the line from the
    full price: 20 x 2.77 is printed as 55.46. A price printed with fewer decimals than
    the currency's minor unit is taken as exact to the minor unit ("10" is 10.00), so a
    real variance (12.00 charged for 10.00) never hides in the rounding. ``allowed`` is
    the pack's extra slack per line, in money.
    """
    quantity, unit_price, amount = abs(quantity), abs(unit_price), abs(amount)
    if quantity == 0:
        return amount <= allowed
    places = max(-int(unit_price.as_tuple().exponent), -int(quantum.as_tuple().exponent))
    half_price = Decimal(1).scaleb(-places) / 2
    # the amounts that a price within half a printed digit of unit_price gives, unrounded;
    # rounding the line to the minor unit moves it by up to half a minor unit more
    low = quantity * (unit_price - half_price) - quantum / 2 - allowed
    high = quantity * (unit_price + half_price) + quantum / 2 + allowed
    return low <= amount <= high


def check_line_amounts(w: Work) -> None:
    """Add ``arithmetic_mismatch`` for each line whose amount is not quantity x unit price
    (allowing for a unit price printed rounded, and the pack's per-line slack)."""
    allowed = _allowance(w, "line_tolerance_minor_units", 1)
    for line in w.facts.lines:
        if line.quantity is None or line.unit_price is None or line.amount is None:
            continue
        expected = _q(w, abs(line.quantity * line.unit_price))
        if not price_explains(line.quantity, line.unit_price, line.amount, w.quantum, allowed):
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
    # a document that sums unrounded line amounts differs from its printed lines by up
    # to a minor unit per line
    per_line = _allowance(w, "sum_tolerance_minor_units_per_line", 1) * len(amounts)
    subtotal, tax, total = f.dec("subtotal"), f.dec("tax_amount"), f.dec(total_field)
    if lines_sum is not None and subtotal is not None:
        _mismatch(w, "The lines add up to", lines_sum, abs(subtotal), allowed + per_line)
    base = abs(subtotal) if subtotal is not None else lines_sum
    slack = per_line if subtotal is None else Decimal(0)  # base is the printed lines' sum
    if base is not None and total is not None:
        if tax is not None:
            _mismatch(
                w,
                f"Subtotal {_m(w, base)} plus tax {_m(w, abs(tax))} is",
                base + abs(tax),
                abs(total),
                allowed + slack,
            )
        elif total_field != "total":  # claims carry no tax
            _mismatch(w, "The lines add up to", base, abs(total), allowed + slack)
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


def check_total_supported(w: Work) -> None:
    """Route an invoice whose total the page does not support (issue 22).

    An approved total is a payment: it must be positive, be printed on the page, not be
    contradicted by a larger amount the page labels gross or payable, and include the tax
    the lines charge.
    """
    f = w.facts
    total = f.dec("total")
    if total is None:
        return  # missing_field already says so
    if total == 0 or (f.kind == "invoice" and total < 0):
        w.add(
            "missing_field",
            "block",
            f"The total was read as {_m(w, total)}; an invoice is paid only for a positive "
            "total. Enter the amount payable printed on the original.",
            expected="total",
            actual=_m(w, total),
        )
    amount = abs(total)
    page = f.page
    if page is not None and amount and amount not in page.amounts:
        w.add(
            "low_confidence",
            "block",
            f"The total {_m(w, amount)} is not printed on the page; check it against the original.",
            expected="an amount printed on the page",
            actual=_m(w, amount),
        )
    if page is not None:
        for label, printed in page.payable:
            if printed > amount:
                w.add(
                    "arithmetic_mismatch",
                    "block",
                    f"The page says '{label}' {_m(w, printed)}, more than the total "
                    f"{_m(w, amount)} that was read; check which amount is payable.",
                    expected=_m(w, printed),
                    actual=_m(w, amount),
                )
                break
    _check_tax_included(w, amount)


def _check_tax_included(w: Work, total: Decimal) -> None:
    """Block a total that leaves out the tax every line charges (the net read as the total)."""
    f = w.facts
    if f.dec("tax_amount") is not None or not f.lines or not total:
        return
    rated = [(abs(x.amount), x.tax_rate) for x in f.lines if x.amount is not None]
    if len(rated) < len(f.lines) or any(rate is None for _, rate in rated):
        return
    tax = sum((_q(w, amount * rate / 100) for amount, rate in rated), Decimal(0))  # type: ignore[operator]
    subtotal = f.dec("subtotal")
    net = abs(subtotal) if subtotal is not None else sum((a for a, _ in rated), Decimal(0))
    if tax > len(f.lines) * w.quantum and total <= net:
        w.add(
            "arithmetic_mismatch",
            "block",
            f"The lines charge tax of about {_m(w, tax)} on {_m(w, net)}, but the total is "
            f"{_m(w, total)}; the total must include the tax.",
            expected=_m(w, net + tax),
            actual=_m(w, total),
        )
