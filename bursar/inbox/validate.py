"""Typed checks for corrected values: amounts, quantities, rates, currencies and dates.

A value a person types is refused with one clear line unless it is something the rules
and the books can hold: a finite amount in a sane range with at most the currency's
decimals, a current ISO 4217 code, a date within a window around today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from bursar.contract import DATE_FIELDS, DECIMAL_FIELDS
from bursar.errors import InputError

MONEY_FIELDS = frozenset({"subtotal", "tax_amount", "total", "total_claimed", "amount"})
MAX_AMOUNT = Decimal("1000000000000")  # one trillion: beyond any invoice, within every column
MAX_PLACES = {"unit_price": 4, "quantity": 4, "tax_rate": 2}
DATE_WINDOW = (timedelta(days=3653), timedelta(days=731))  # ten years back, two years ahead
# ISO 4217 active codes (2024 list), so a typo like "EUD" is caught, not stored.
ISO_4217 = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BOV",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHE",
        "CHF",
        "CHW",
        "CLF",
        "CLP",
        "CNY",
        "COP",
        "COU",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MXV",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SLL",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "USN",
        "UYI",
        "UYU",
        "UYW",
        "UZS",
        "VED",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XCG",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWG",
    ]
)
# Minor units that are not 2 (ISO 4217); the rule pack's ``currencies`` section wins.
MINOR_UNITS = {
    **dict.fromkeys(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"], 0),
    **dict.fromkeys(["RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"], 0),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    "CLF": 4, "UYW": 4,
}  # fmt: skip
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def minor_units(currency: str | None) -> int:
    """Return the decimals an amount in ``currency`` may have (2 when unknown)."""
    code = (currency or "").upper()
    try:
        from bursar.inbox.authority import current_pack

        pack_units = current_pack().currencies
    except Exception:  # a broken pack must not stop a correction from being checked
        pack_units = {}
    return int(pack_units.get(code, MINOR_UNITS.get(code, 2)))


def number(field: str, text: str, currency: str | None) -> str:
    """Return ``text`` as a contract decimal string for ``field``; raise when it is not one."""
    base = field.rsplit(".", 1)[-1]
    plain = text.replace(" ", "")
    if not _NUMBER.fullmatch(plain):
        raise InputError(f"{field}: {text!r} is not a number (write it like 1234.50)")
    try:
        value = Decimal(plain.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already refused it
        raise InputError(f"{field}: {text!r} is not a number") from exc
    if base == "tax_rate":
        if not Decimal(0) <= value <= Decimal(100):
            raise InputError(f"{field}: a tax rate is a percentage from 0 to 100, got {text!r}")
    elif abs(value) >= MAX_AMOUNT:
        raise InputError(f"{field}: {text!r} is out of range (under {MAX_AMOUNT:,})")
    if base == "quantity" and value < 0:
        raise InputError(f"{field}: a quantity cannot be negative")
    places = minor_units(currency) if base in MONEY_FIELDS else MAX_PLACES.get(base, 2)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        unit = f"{currency} amounts" if base in MONEY_FIELDS and currency else base
        raise InputError(f"{field}: {unit} have at most {places} decimals, got {text!r}")
    return str(value)


def a_date(field: str, text: str, today: date | None = None) -> str:
    today = today or date.today()
    try:
        value = date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{field}: {text!r} is not a date (YYYY-MM-DD)") from exc
    back, ahead = DATE_WINDOW
    if not today - back <= value <= today + ahead:
        raise InputError(
            f"{field}: {value} is outside {today - back} to {today + ahead}; check the year"
        )
    return value.isoformat()


def currency_code(text: str) -> str:
    code = text.strip().upper()
    if code not in ISO_4217:
        raise InputError(f"currency: {text!r} is not an ISO 4217 code like EUR")
    return code


def normalise(field: str, value: str, currency: str | None = None) -> str | None:
    """Return ``value`` in the extraction contract's format for ``field``; raise when invalid.

    An empty value clears the field (None).
    """
    text = " ".join(value.split())
    if text == "":
        return None
    base = field.rsplit(".", 1)[-1]
    if base in DECIMAL_FIELDS:
        return number(field, text, currency)
    if base in DATE_FIELDS:
        return a_date(field, text)
    if base == "currency":
        return currency_code(text)
    if base == "deny":  # a claim line denied with a claim adjustment reason code
        from rules.adjudicate import carc_of

        reason = carc_of(text)
        if reason is None:
            raise InputError(f"{field}: give a claim adjustment reason code such as CO-96")
        return f"{reason[0]}-{reason[1]}"
    if any(ord(c) < 32 for c in text):
        raise InputError(f"{field}: control characters are not allowed")
    return text[:500]
