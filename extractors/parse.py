"""Typed values from printed text: amounts, dates, currencies, IBANs, VAT IDs.

Pure functions, no layout. Each parser returns None when the text is not a
value of its type, so the field extractor can offer every token run as a
candidate and keep what parses. Document conventions (decimal comma or point,
day-first or month-first dates) are passed in as hints, decided once per
document by ``conventions``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from stdnum import iban as std_iban
from stdnum import vatin
from stdnum.us import ein as us_ein_mod

CURRENCY_SYMBOLS = {
    "€": "EUR",
    "$": "USD",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
    "Fr.": "CHF",
    "US$": "USD",
    "zł": "PLN",
    "kr": "SEK",
}
CURRENCY_CODES = {
    "EUR",
    "USD",
    "GBP",
    "CHF",
    "JPY",
    "CAD",
    "AUD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "INR",
    "CNY",
    "NZD",
}

MONTHS = {
    # en
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # de
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
    "mrz": 3,
    "okt": 10,
    "dez": 12,
    # fr
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "janv": 1,
    "févr": 2,
    "fevr": 2,
    "avr": 4,
    "juil": 7,
    "déc": 12,
    # nl
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mei": 5,
    "augustus": 8,
    "mrt": 3,
    # it
    "gennaio": 1,
    "febbraio": 2,
    "marzo": 3,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "agosto": 8,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    "gen": 1,
    "mag": 5,
    "giu": 6,
    "lug": 7,
    "ago": 8,
    "set": 9,
    "ott": 10,
    "dic": 12,
    # es
    "enero": 1,
    "febrero": 2,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "septiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "ene": 1,
    "abr": 4,
    "setiembre": 9,
}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_AMOUNT = re.compile(r"^[+-]?(\d{1,3}(?:([.,\s'’])\d{3})*(?:\2\d{3})*|\d+)(?:([.,])(\d{1,6}))?$")


@dataclass(frozen=True, slots=True)
class Conventions:
    """How this document writes numbers and dates."""

    decimal: str = "."  # "." or ","
    day_first: bool = True


def normalise_text(text: str) -> str:
    """Return text with Unicode normalised (NFC) and whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


_CODES = re.compile(r"(?<![A-Z])(" + "|".join(sorted(CURRENCY_CODES)) + r")(?![A-Z])")
_SYMBOLS = sorted(CURRENCY_SYMBOLS.items(), key=lambda kv: -len(kv[0]))


def strip_currency(text: str) -> tuple[str, str | None]:
    """Return (text without currency marks, ISO code found or None)."""
    found = None
    out = text
    if not out or out.isdigit():
        return out, None
    for sym, code in _SYMBOLS:
        if sym in out:
            found = found or code
            out = out.replace(sym, " ")
    m = _CODES.search(out)
    if m:
        found = found or m.group(1)
        out = _CODES.sub(" ", out)
    return out.strip(), found


def parse_amount(text: str, *, decimal: str | None = None) -> Decimal | None:
    """Return the amount printed as ``text`` (1,234.56 / 1.234,56 / 1 234,56 / (12.00) / 12.00-)."""
    s, _ = strip_currency(normalise_text(text))
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1].strip()
    if s.endswith("-") and len(s) > 1:
        neg, s = True, s[:-1].strip()
    if s.startswith("-") or s.startswith("−"):
        neg, s = True, s[1:].strip()
    s = re.sub(r"(?<=\d)[\s\u00a0\u202f\u2009](?=\d{3}(\D|$))", " ", s)
    m = _AMOUNT.match(s)
    if not m:
        ocr = re.fullmatch(r"(\d{1,3}(?:[.,' ]\d{3})+)[.,](\d{2})", s)
        if not ocr:
            return None
        # OCR misread one separator ("3.898.14"): two final digits are the cents
        value = Decimal(re.sub(r"\D", "", ocr.group(1)) + "." + ocr.group(2))
        return -value if neg else value
    intpart, group_sep, dec_sep, frac = m.group(1), m.group(2), m.group(3), m.group(4)
    if frac is not None and len(frac) == 3 and group_sep is None:
        # "1,000" or "1.000": thousands unless the document uses that mark as decimal.
        if decimal != dec_sep:
            intpart, frac = intpart + frac, None
    elif group_sep is not None and dec_sep == group_sep:
        if len(frac) != 2:
            return None
        # OCR misread the decimal mark ("3.898.14"): two final digits are the cents
    elif (
        group_sep is not None
        and frac is None
        and decimal == group_sep
        and intpart.count(group_sep) == 1
    ):
        # German quantities print as "1,000": one group and the decimal mark -> a decimal.
        intpart, frac = intpart.split(group_sep)
    digits = re.sub(r"\D", "", intpart)
    try:
        value = Decimal(digits + ("." + frac if frac else ""))
    except InvalidOperation:
        return None
    return -value if neg else value


def format_decimal(value: Decimal) -> str:
    """Return the contract's decimal string: '.' decimal point, no exponent, no grouping."""
    text = format(value, "f")
    return "0" if text in ("-0", "") else text


def parse_percent(text: str) -> Decimal | None:
    """Return the rate in percent from '19%', '19 %', '7,0' or '20.00'."""
    s = normalise_text(text).replace("%", "").strip()
    value = parse_amount(s, decimal="," if "," in s else ".")
    if value is None or not (0 <= value <= 100):
        return None
    return value.normalize() if value == value.to_integral() else value


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./\-](\d{1,2})[./\-](\d{2,4})\.?$")
# "3 May 2024", "3. Mai 2024", "1er mars 2024", "3 de mayo de 2024", "1º marzo 2024"
_WORD_DATE_DMY = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?[\s\-]*(?:de\s+)?([^\W\d_]+)\.?,?[\s\-]*"
    r"(?:(?:de|del)\s+)?(\d{2,4})$"
)
_WORD_DATE_MDY = re.compile(r"^([^\W\d_]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def _year(y: int) -> int:
    return y + 2000 if y < 100 else y


def _make(y: int, m: int, d: int) -> date | None:
    try:
        result = date(_year(y), m, d)
    except ValueError:
        return None
    return result if 1990 <= result.year <= 2100 else None


def parse_date(text: str, *, day_first: bool = True) -> date | None:
    """Return the date printed as ``text`` in any common en/de/fr/nl/it/es format."""
    s = normalise_text(text).strip(" ,;:")
    m = _NUMERIC_DATE.match(s)
    if m:
        a, b, c = (int(g) for g in m.groups())
        if len(m.group(1)) == 4:
            return _make(a, b, c)
        if len(m.group(3)) not in (2, 4):
            return None
        if a > 12 or (day_first and b <= 12):
            return _make(c, b, a)
        return _make(c, a, b)
    m = _WORD_DATE_DMY.match(s)
    if m and m.group(2).lower() in MONTHS:
        return _make(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _WORD_DATE_MDY.match(s)
    if m and m.group(1).lower() in MONTHS:
        return _make(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    return None


def parse_iban(text: str) -> str | None:
    """Return the IBAN without spaces when the mod-97 check passes."""
    s = re.sub(r"[\s.\-]", "", text).upper()
    if s.startswith("IBAN"):
        s = s[4:].lstrip(":")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return None
    # mod-97 and the country's length; national BBAN check digits are not required
    # (stdnum insists on them, and real banks issue IBANs that fail its BE/FR checks).
    if not std_iban.is_valid(s):
        try:
            from schwifty import IBAN

            IBAN(s)
        except ValueError:
            return None
    return s


# After a VAT label: a country prefix and 8-12 digits is read as printed even when its
# length is wrong for the country (a typo or test ID the rules must flag, not drop).
_EU_VAT_SHAPE = re.compile(
    r"(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)"
    r"\d{8,12}"
)


def parse_vat_id(text: str, *, us_ein: bool = False, checksum: bool = True) -> str | None:
    """Return a valid VAT ID / Swiss UID (with ``us_ein`` also a US EIN), or None.

    EU and GB IDs come back compact ("DE123456789"); Swiss UIDs and EINs as printed.
    ``checksum=False`` (a value printed after a VAT label) also accepts an ID of the
    right format whose check digits fail: the page says what it says, and the rules
    judge the ID.
    """
    raw = normalise_text(text).strip(" :;,")
    if us_ein and re.fullmatch(r"\d{2}-\d{7}", raw):
        return raw if us_ein_mod.is_valid(raw) else None
    if raw.upper().startswith("CHE"):
        return (
            raw
            if re.fullmatch(r"CHE-?[\d.]{9,11}( ?(MWST|TVA|IVA))?", raw) and vatin.is_valid(raw)
            else None
        )
    s = re.sub(r"[\s.\-]", "", raw).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z+*]{2,13}", s):
        return None
    if vatin.is_valid(s):
        return vatin.compact(s)
    if not checksum:
        from stdnum.exceptions import InvalidChecksum

        try:
            vatin.validate(s)
        except InvalidChecksum:
            return vatin.compact(s)
        except Exception:  # wrong format or length: only an EU-prefixed run of digits
            return s if _EU_VAT_SHAPE.fullmatch(s) else None
    return None


_COMMA_CENTS = re.compile(r"[-(]?[\d.' ]*\d,\d{2}\)?-?")
_POINT_CENTS = re.compile(r"[-(]?[\d,' ]*\d\.\d{2}\)?-?")


def conventions(texts: Iterable[str], *, us_hint: bool = False) -> Conventions:
    """Return the document's number and date conventions, voted from its tokens.

    Dates like 03/04/2026 are ambiguous; unless some date settles it (a part > 12,
    or dots, which only day-first writers use), ``us_hint`` (US letter paper,
    dollars) chooses month-first.
    """
    comma = point = dmy = mdy = 0
    for t in texts:
        if not t[:1].isdigit() and not t.startswith(("-", "(")):
            continue
        if _COMMA_CENTS.fullmatch(t):
            comma += 1
        elif _POINT_CENTS.fullmatch(t):
            point += 1
        m = _NUMERIC_DATE.match(t)
        if m and len(m.group(1)) <= 2:
            a, b = int(m.group(1)), int(m.group(2))
            dmy += a > 12 or "." in t
            mdy += b > 12
    day_first = dmy > mdy or (dmy == mdy and not us_hint)
    return Conventions(decimal="," if comma > point else ".", day_first=day_first)
