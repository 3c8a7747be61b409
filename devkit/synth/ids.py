"""Valid identifiers: IBANs with correct mod-97 check digits and checksummed VAT ids."""

from __future__ import annotations

import random
import string

from stdnum import luhn, vatin
from stdnum.us import ein

# country -> BBAN pattern: "n" digit, "a" upper-case letter
_BBAN = {
    "DE": "n" * 18,
    "AT": "n" * 16,
    "CH": "n" * 17,
    "GB": "aaaa" + "n" * 14,
    "IE": "aaaa" + "n" * 14,
    "BE": "n" * 12,
    "NL": "aaaa" + "n" * 10,
}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _to_numeric(text: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in text))


def iban_check_digits(country: str, bban: str) -> str:
    """Return the two ISO 13616 check digits for ``country`` + ``bban``."""
    return f"{98 - _to_numeric(bban + country + '00') % 97:02d}"


def _french_bban(rng: random.Random) -> str:
    bank, branch, account = _digits(rng, 5), _digits(rng, 5), _digits(rng, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{bank}{branch}{account}{key:02d}"


def _belgian_bban(rng: random.Random) -> str:
    body = _digits(rng, 10)
    check = int(body) % 97 or 97
    return f"{body}{check:02d}"


def _spanish_bban(rng: random.Random) -> str:
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

    def check(digits: str) -> str:
        d = 11 - sum(int(c) * w for c, w in zip(digits, weights, strict=True)) % 11
        return str({11: 0, 10: 1}.get(d, d))

    bank, account = _digits(rng, 8), _digits(rng, 10)
    return f"{bank}{check('00' + bank)}{check(account)}{account}"


_CIN_ODD = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21)


def _italian_bban(rng: random.Random) -> str:
    """ABI, CAB and account (digits only here) behind their CIN check letter."""
    body = _digits(rng, 22)
    total = sum(_CIN_ODD[int(c)] if i % 2 == 0 else int(c) for i, c in enumerate(body))
    return string.ascii_uppercase[total % 26] + body


def make_iban(rng: random.Random, country: str) -> str | None:
    """Return a random valid IBAN for ``country`` (None where IBANs are not used, e.g. US)."""
    if country == "US":
        return None
    if country == "FR":
        bban = _french_bban(rng)
    elif country == "BE":
        bban = _belgian_bban(rng)
    elif country == "ES":
        bban = _spanish_bban(rng)
    elif country == "IT":
        bban = _italian_bban(rng)
    else:
        pattern = _BBAN[country]
        bban = "".join(
            rng.choice(string.digits if p == "n" else string.ascii_uppercase) for p in pattern
        )
    return f"{country}{iban_check_digits(country, bban)}{bban}"


def make_bic(rng: random.Random, country: str) -> str:
    """Return a plausible BIC (bank code, country, location, branch) for ``country``."""
    bank = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
    loc = rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase + string.digits)
    return f"{bank}{country}{loc}" + rng.choice(["", "XXX"])


def format_iban(iban: str) -> str:
    """Return the IBAN in groups of four, as printed on paper."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def _french_vat(rng: random.Random) -> str:
    base = _digits(rng, 8)
    siren = base + luhn.calc_check_digit(base)
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def make_tax_id(rng: random.Random, country: str) -> str:
    """Return a random tax id valid under python-stdnum (VAT id, Swiss UID, or US EIN)."""
    if country == "FR":
        return _french_vat(rng)
    if country == "US":
        while True:
            cand = f"{_digits(rng, 2)}-{_digits(rng, 7)}"
            if ein.is_valid(cand):
                return cand
    if country == "IT":  # partita IVA: 7 digits, office code, Luhn check digit
        base = _digits(rng, 7) + f"{rng.randint(1, 100):03d}"
        return f"IT{base}{luhn.calc_check_digit(base)}"
    for _ in range(100_000):
        if country == "ES":
            cand = "ESB" + _digits(rng, 8)
        elif country == "CH":
            body = _digits(rng, 9)
            cand = f"CHE-{body[:3]}.{body[3:6]}.{body[6:]} MWST"
        elif country == "GB":
            cand = "GB" + _digits(rng, 9)
        elif country == "AT":
            cand = "ATU" + _digits(rng, 8)
        elif country == "BE":
            cand = "BE0" + _digits(rng, 9)
        else:
            cand = country + _digits(rng, {"DE": 9, "IE": 7, "NL": 9}.get(country, 9))
            if country == "IE":
                cand += rng.choice(string.ascii_uppercase[:23])
            if country == "NL":
                cand += "B01"
        if vatin.is_valid(cand):
            return cand
    raise RuntimeError(f"could not draw a valid tax id for {country}")  # pragma: no cover


def is_valid_tax_id(value: str) -> bool:
    """Return True when ``value`` is a valid VAT id / UID (stdnum.vatin) or US EIN."""
    return bool(vatin.is_valid(value) or ein.is_valid(value))
