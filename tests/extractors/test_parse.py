"""Typed value parsers: amounts, dates, IBANs, VAT IDs (property tests where it pays)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from extractors.parse import (
    format_decimal,
    parse_amount,
    parse_date,
    parse_iban,
    parse_percent,
    parse_vat_id,
)

MONEY = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("99999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


def _fmt(value: Decimal, style: str) -> str:
    text = f"{value:,.2f}"
    sep, dec = {"en": (",", "."), "de": (".", ","), "fr": (" ", ","), "ch": ("'", ".")}[style]
    return text.replace(",", "\0").replace(".", dec).replace("\0", sep)


@given(MONEY, st.sampled_from(["en", "de", "fr", "ch"]))
def test_amount_round_trips_in_every_number_style(value: Decimal, style: str) -> None:
    decimal = "," if style in ("de", "fr") else "."
    assert parse_amount(_fmt(value, style), decimal=decimal) == value


@given(MONEY)
def test_amount_with_currency_marks_and_negative_forms(value: Decimal) -> None:
    text = _fmt(value, "en")
    assert parse_amount(f"€ {text}") == value
    assert parse_amount(f"{text} EUR") == value
    assert parse_amount(f"({text})") == -value
    assert parse_amount(f"{text}-") == -value


@given(st.dates(min_value=date(1991, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip_in_every_printed_style(d: date) -> None:
    months_de = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
    months_fr = (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    )
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%d.%m.%Y")) == d
    assert parse_date(d.strftime("%d/%m/%Y"), day_first=True) == d
    assert parse_date(d.strftime("%m/%d/%Y"), day_first=False) == d
    assert parse_date(f"{d.day}. {months_de.split()[d.month - 1]} {d.year}") == d
    assert parse_date(f"{d.day} {months_fr.split()[d.month - 1]} {d.year}") == d
    assert parse_date(d.strftime("%B %d, %Y")) == d


def test_german_quantity_with_three_decimals_reads_as_decimal() -> None:
    assert parse_amount("1,000", decimal=",") == Decimal("1.000")
    assert parse_amount("1,000", decimal=".") == Decimal("1000")


def test_ocr_misread_decimal_mark_keeps_cents() -> None:
    assert parse_amount("3.898.14") == Decimal("3898.14")


def test_format_decimal_has_no_exponent_or_grouping() -> None:
    assert format_decimal(Decimal("1E+3")) == "1000"
    assert format_decimal(Decimal("1234.50")) == "1234.50"


def test_iban_needs_a_valid_checksum() -> None:
    assert parse_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert parse_iban("DE89 3704 0044 0532 0130 01") is None


def test_vat_ids_by_country_rules() -> None:
    assert parse_vat_id("DE136695976") == "DE136695976"
    assert parse_vat_id("FR40303265045") == "FR40303265045"
    assert parse_vat_id("DE136695977") is None
    assert parse_vat_id("12-3456789") is None  # an EIN only after a tax-id label


def test_percent() -> None:
    assert parse_percent("19 %") == Decimal("19")
    assert parse_percent("5,5") == Decimal("5.5")
    assert parse_percent("150") is None
