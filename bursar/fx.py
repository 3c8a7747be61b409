"""Approval limits across currencies: an amount in the limit's currency, or a refusal.

Approval limits are numbers. Without a base currency they are compared with each
document's amount in its own currency (10,000 is 10,000 EUR, GBP or JPY alike), and
``bursar doctor`` warns about it. With ``base_currency`` set, a limit is in that currency
and a document in another one is converted with the configured rate (``fx_rates``: units
of the base currency for one unit of the other, e.g. ``GBP = "1.16"`` for EUR). A
currency without a rate is not guessed: the approval is refused with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rules.money import round_money


class NoRate(Exception):
    """No configured rate converts this currency into the base currency."""


@dataclass(frozen=True)
class InLimitCurrency:
    """An amount as compared with an approval limit."""

    amount: Decimal  # as printed on the document
    currency: str | None  # the document's currency
    value: Decimal  # what is compared with the limit
    base: str | None  # the limit's currency; None: limits are in the document currency
    rate: Decimal | None  # None: no conversion

    def describe(self) -> str:
        """Return e.g. ``9000.00 GBP (10440.00 EUR at 1.16)`` or ``9000.00 GBP``."""
        own = f"{self.amount} {self.currency or ''}".strip()
        if self.rate is None:
            return own
        return f"{own} ({self.value} {self.base} at {self.rate})"

    def to_json(self) -> dict[str, Any]:
        return {
            "amount": str(self.amount),
            "currency": self.currency,
            "in_limit_currency": str(self.value),
            "limit_currency": self.base,
            "fx_rate": None if self.rate is None else str(self.rate),
        }


def in_limit_currency(
    amount: Decimal, currency: str | None, base: str | None, rates: dict[str, Decimal]
) -> InLimitCurrency:
    """Return ``amount`` in the limit's currency; raise ``NoRate`` when it cannot be."""
    code = (currency or "").strip().upper() or None
    if base is None or code == base:
        return InLimitCurrency(amount, code, amount, base, None)
    if code is None:
        raise NoRate(f"the document's currency is unknown, so it cannot be compared in {base}")
    rate = rates.get(code)
    if rate is None:
        raise NoRate(f"no exchange rate from {code} to {base} is configured (fx_rates)")
    value = round_money(amount * rate, base)  # half up to the base currency's minor unit
    return InLimitCurrency(amount, code, value, base, rate)
