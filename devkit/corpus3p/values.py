"""Generated invoice values for the template sources (own word lists, seeded).

Nothing here comes from the project's synthetic grammar (``devkit/synth``): the template
families are meant to be unseen by readers tuned on it, values included.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

_FIRST = ["Birch", "Copperfield", "Lakeshore", "Quarry", "Meridian", "Oakridge", "Tidewater",
          "Granite", "Pinecrest", "Silverline", "Juniper", "Redwood", "Foxglove", "Harbourside",
          "Bluestem", "Cobalt", "Larkspur", "Northgate", "Wrenfield", "Ironbridge"]  # fmt: skip
_SECOND = ["Studio", "Supply", "Consulting", "Printworks", "Logistics", "Labs", "Media",
           "Engineering", "Catering", "Design", "Systems", "Outfitters", "Analytics",
           "Builders"]  # fmt: skip
_SUFFIX = ["LLC", "Inc.", "Ltd", "Co.", "& Sons", "Partners", "Group", "LLP"]
_PEOPLE = ["Maya Okafor", "Tom Lindqvist", "Priya Raman", "Jonas Weber", "Ana Ruiz",
           "Liam O'Brien", "Chen Wei", "Sofia Rossi", "Noah Becker", "Emma Dubois"]  # fmt: skip
_STREETS = ["Elm Street", "Harbor Road", "Mill Lane", "Station Avenue", "Canal Street",
            "Orchard Way", "King Street", "Bridge Road"]  # fmt: skip
_CITIES = ["Portland, OR 97204", "Austin, TX 78701", "Leeds LS1 4AP", "Dublin D02 X285",
           "Denver, CO 80202", "Bristol BS1 5TR", "Toronto, ON M5V 2T6"]  # fmt: skip
_ITEMS = ["Website hosting (12 months)", "Logo redesign", "On-site support, hours",
          "Printer toner cartridge", "Conference room rental", "Copywriting, blog posts",
          "Annual software licence", "Courier delivery", "Photography session",
          "Network cabling, per metre", "Catering for workshop", "Data migration",
          "Ergonomic office chair", "Translation, per page", "Security audit",
          "Domain name renewal", "Shipping boxes, pack of 50", "Training day"]  # fmt: skip
CURRENCIES = [("USD", "$"), ("EUR", "€"), ("GBP", "£")]
CENT = Decimal("0.01")


@dataclass
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Invoice:
    number: str
    issued: date
    due: date
    vendor: str
    vendor_street: str
    vendor_city: str
    vendor_email: str
    customer: str
    contact: str
    customer_email: str
    currency: str
    symbol: str
    iban: str
    lines: list[Line] = field(default_factory=list)
    # drawn only with ``invoice(seed, taxed=True)`` (the first families print none)
    tax_rate: Decimal = Decimal(0)  # percent
    vendor_vat: str = ""
    customer_vat: str = ""
    po_number: str = ""

    @property
    def subtotal(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), Decimal("0.00"))

    @property
    def tax(self) -> Decimal:
        return (self.subtotal * self.tax_rate / 100).quantize(CENT, ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax


def _company(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {rng.choice(_SUFFIX)}"


def iban(rng: random.Random) -> str:
    """Return a valid (mod-97) GB or DE IBAN of made-up digits."""
    country, bban = rng.choice(
        [("GB", "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
          + "".join(rng.choice("0123456789") for _ in range(14))),
         ("DE", "".join(rng.choice("0123456789") for _ in range(18)))]
    )  # fmt: skip
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def vat_id(rng: random.Random) -> str:
    """Return a VAT ID with valid check digits (German: ISO 7064 mod 11,10)."""
    digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
    product = 10
    for d in digits:
        total = (d + product) % 10 or 10
        product = (2 * total) % 11
    check = (11 - product) % 10
    return "DE" + "".join(map(str, digits)) + str(check)


def invoice(seed: int, taxed: bool = False) -> Invoice:
    """Return a generated invoice; ``taxed`` adds a VAT rate, both parties' VAT IDs and a
    PO number (drawn after everything else, so the untaxed families' values stay put)."""
    rng = random.Random(seed)
    vendor, customer = _company(rng), _company(rng)
    while customer == vendor:
        customer = _company(rng)
    issued = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 1300))
    code, symbol = rng.choice(CURRENCIES)
    number = rng.choice(
        [f"INV-{issued.year}-{rng.randrange(1, 9999):04d}", str(rng.randrange(1000, 99999)),
         f"{rng.choice('ABCFS')}{rng.randrange(100, 999)}/{issued.year % 100:02d}"]
    )  # fmt: skip
    slug = vendor.split()[0].lower()
    inv = Invoice(
        number=number,
        issued=issued,
        due=issued + timedelta(days=rng.choice([7, 14, 30, 45])),
        vendor=vendor,
        vendor_street=f"{rng.randrange(1, 999)} {rng.choice(_STREETS)}",
        vendor_city=rng.choice(_CITIES),
        vendor_email=f"billing@{slug}.example",
        customer=customer,
        contact=rng.choice(_PEOPLE),
        customer_email=f"accounts@{customer.split()[0].lower()}.example",
        currency=code,
        symbol=symbol,
        iban=iban(rng),
    )
    for desc in rng.sample(_ITEMS, rng.randint(1, 7)):
        qty = Decimal(rng.choice([1, 1, 2, 3, 4, 5, 10, 12, 25]))
        if "hours" in desc and rng.random() < 0.5:
            qty = Decimal(rng.choice(["1.5", "2.5", "7.5"]))
        price = (Decimal(rng.randrange(200, 250000)) / 100).quantize(CENT)
        inv.lines.append(Line(desc, qty, price))
    if taxed:
        inv.tax_rate = Decimal(rng.choice(["19", "20", "7", "10", "21"]))
        inv.vendor_vat, inv.customer_vat = vat_id(rng), vat_id(rng)
        inv.po_number = rng.choice([f"PO-{rng.randrange(10000, 99999)}",
                                    f"{rng.randrange(4500000000, 4599999999)}"])  # fmt: skip
    return inv


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip


def long_date(d: date, ordinal: bool = False) -> str:
    """``January 1, 2023`` or, with ``ordinal``, ``May 24th, 2024``."""
    day = str(d.day)
    if ordinal:
        suffix = (
            "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
        )
        day += suffix
    return f"{_MONTHS[d.month - 1]} {day}, {d.year}"


def money(symbol: str, v: Decimal) -> str:
    return f"{symbol}{v:,.2f}"


def truth(inv: Invoice, fields: tuple[str, ...]) -> dict:
    """Truth in the contract's formats: the named header fields and every line."""
    every = {
        "invoice_number": inv.number,
        "invoice_date": inv.issued.isoformat(),
        "due_date": inv.due.isoformat(),
        "vendor_name": inv.vendor,
        "customer_name": inv.customer,
        "currency": inv.currency,
        "total": str(inv.total),
        "vendor_iban": inv.iban,
        "subtotal": str(inv.subtotal),
        "tax_amount": str(inv.tax),
        "vendor_tax_id": inv.vendor_vat,
        "po_number": inv.po_number,
    }
    return {
        "kind": "invoice",
        "fields": {k: every[k] for k in fields},
        "lines": [
            {
                "description": ln.description,
                "quantity": f"{ln.quantity.normalize():f}",
                "unit_price": str(ln.unit_price),
                "amount": str(ln.amount),
            }
            for ln in inv.lines
        ],
    }
