"""Plain data for synthetic documents: parties, lines, invoices, claims.

Every amount is a ``Decimal`` rounded ROUND_HALF_UP to cents; derived totals are
computed here, once, so that the renderer, the e-invoice writer and the ground
truth can never disagree about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Return ``value`` rounded half-up to cents."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Locale:
    """How a vendor writes: language, country, currency and number/date conventions."""

    code: str  # "de-DE", "en-US", ...
    language: str  # "en" | "de" | "fr" | "nl" | "it" | "es"
    country: str  # ISO 3166 alpha-2
    currency: str  # ISO 4217
    number_style: str  # "en" 1,234.56 | "de" 1.234,56 | "fr" 1 234,56 | "ch" 1'234.56
    date_style: str  # "iso" | "dmy_dot" | "dmy_slash" | "mdy_slash" | "long"
    tax_rates: tuple[Decimal, ...]
    page_size: str = "A4"  # "A4" | "LETTER"


@dataclass(frozen=True)
class Party:
    """A company or person with an address and, for vendors, tax id and bank account."""

    name: str
    street: str
    city: str  # postcode and city as printed
    country: str
    tax_id: str | None = None
    iban: str | None = None


@dataclass(frozen=True)
class Vendor:
    """A supplier as it appears in the vendor master and on its invoices."""

    vendor_id: str
    party: Party
    locale: Locale
    layout: str
    aliases: tuple[str, ...] = ()
    category: str = "6000"  # the GL account most of its lines go to


@dataclass(frozen=True)
class InvoiceLine:
    """One invoice line; ``amount`` is quantity x unit price rounded to cents."""

    sku: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    tax_rate: Decimal
    po_line: str | None = None
    gl_account: str = "6000"
    # Printed as "list price L less r % discount" under the line (grammar layouts); the
    # unit price is the net price, so amount = quantity x unit price still holds.
    list_price: Decimal | None = None

    @property
    def amount(self) -> Decimal:
        return money(self.quantity * self.unit_price)


@dataclass(frozen=True)
class InvoiceSpec:
    """Everything needed to print one invoice or credit note and to state its truth."""

    name: str
    kind: str  # "invoice" | "credit_note"
    layout: str
    vendor: Vendor
    customer: Party
    invoice_number: str
    invoice_date: date
    due_date: date
    po_number: str | None
    currency: str
    payment_terms: str
    lines: tuple[InvoiceLine, ...]
    printed_iban: str | None = None  # defaults to the vendor's IBAN
    total_override: Decimal | None = None  # prints a wrong total (arithmetic_mismatch)
    stamp: str | None = None  # e.g. "COPY" on a re-sent duplicate
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def locale(self) -> Locale:
        return self.vendor.locale

    @property
    def iban(self) -> str | None:
        return self.printed_iban if self.printed_iban is not None else self.vendor.party.iban

    @property
    def subtotal(self) -> Decimal:
        return money(sum((ln.amount for ln in self.lines), Decimal("0")))

    def tax_breakdown(self) -> list[tuple[Decimal, Decimal, Decimal]]:
        """Return ``(rate, base, tax)`` per tax rate, tax rounded per rate."""
        bases: dict[Decimal, Decimal] = {}
        for ln in self.lines:
            bases[ln.tax_rate] = bases.get(ln.tax_rate, Decimal("0")) + ln.amount
        return [
            (rate, money(base), money(base * rate / Decimal(100)))
            for rate, base in sorted(bases.items())
        ]

    @property
    def tax_amount(self) -> Decimal:
        return money(sum((t for _, _, t in self.tax_breakdown()), Decimal("0")))

    @property
    def total(self) -> Decimal:
        return money(self.subtotal + self.tax_amount)

    @property
    def printed_total(self) -> Decimal:
        return self.total_override if self.total_override is not None else self.total

    def with_changes(self, **changes: object) -> InvoiceSpec:
        """Return a copy with some attributes replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ClaimLine:
    """One claimed service."""

    service_date: date
    code: str
    description: str
    quantity: Decimal
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return money(self.quantity * self.unit_price)


@dataclass(frozen=True)
class ClaimSpec:
    """Everything needed to print one insurance claim form and to state its truth."""

    name: str
    layout: str
    language: str
    claim_number: str
    policy_number: str
    claimant: Party
    provider: Party
    service_date: date
    currency: str
    lines: tuple[ClaimLine, ...]
    number_style: str = "en"
    date_style: str = "iso"
    stamp: str | None = None

    @property
    def total_claimed(self) -> Decimal:
        return money(sum((ln.amount for ln in self.lines), Decimal("0")))

    def with_changes(self, **changes: object) -> ClaimSpec:
        """Return a copy with some attributes replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]
