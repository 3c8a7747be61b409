"""Decimal helpers: parsing amounts from extraction strings and rounding to a currency."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 minor units that are not 2; everything else rounds to cents.
MINOR_UNITS: dict[str, int] = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip

_QUANTA = {n: Decimal(1).scaleb(-n) for n in range(0, 5)}
_CLEAN = re.compile(r"[\s\u00a0']")


def minor_unit(currency: str | None, overrides: dict[str, int] | None = None) -> int:
    """Return the number of decimals the currency is rounded to (JPY 0, EUR 2, KWD 3)."""
    code = (currency or "").upper()
    if overrides and code in overrides:
        return overrides[code]
    return MINOR_UNITS.get(code, 2)


def quantum(currency: str | None, overrides: dict[str, int] | None = None) -> Decimal:
    """Return the smallest coin of the currency as a Decimal (0.01, 1, 0.001)."""
    return _QUANTA[minor_unit(currency, overrides)]


def round_money(
    amount: Decimal, currency: str | None, overrides: dict[str, int] | None = None
) -> Decimal:
    """Return ``amount`` rounded ROUND_HALF_UP to the currency's minor unit."""
    return amount.quantize(quantum(currency, overrides), rounding=ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal | None:
    """Return ``value`` as a Decimal, or None when it is absent or not a number.

    Extraction output uses ``"1234.50"``; spaces and apostrophes (Swiss thousands)
    are tolerated. Floats are refused on purpose: money never passes through float.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return to_decimal(repr(value))
    if isinstance(value, str):
        try:  # the contract's own format: the fast path
            number = Decimal(value)
            return number if number.is_finite() else None
        except InvalidOperation:
            pass
    text = _CLEAN.sub("", str(value))
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def fmt(amount: Decimal | None, places: int | None = None) -> str | None:
    """Return a plain decimal string (no exponent) for messages and JSON."""
    if amount is None:
        return None
    if places is not None:
        amount = amount.quantize(_QUANTA[places], rounding=ROUND_HALF_UP)
    text = format(amount, "f")
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".") if amount == amount.to_integral() else text
    return text


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole`` (None when whole is zero)."""
    if whole == 0:
        return None
    return part * 100 / whole
