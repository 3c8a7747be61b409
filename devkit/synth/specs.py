"""Random but valid vendors, customers, invoices and claims, drawn from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from devkit.synth import catalog
from devkit.synth.grammar import Design, design, is_grammar
from devkit.synth.ids import make_iban, make_tax_id
from devkit.synth.layouts import CLAIM_LAYOUTS, INVOICE_LAYOUTS, layout_of
from devkit.synth.model import (
    ClaimLine,
    ClaimSpec,
    InvoiceLine,
    InvoiceSpec,
    Party,
    Vendor,
    money,
)
from devkit.synth.wording import LOCALES, terms_text

BASE_DATE = date(2026, 1, 5)

# Which locales a layout is drawn with; a vendor keeps its layout and locale.
LAYOUT_LOCALES = {
    "classic": ("en-GB", "en-US", "de-DE"),
    "grid_de": ("de-DE", "de-AT", "de-CH"),
    "letterhead": ("fr-FR", "en-GB", "fr-BE"),
    "band": ("en-US", "en-IE", "de-DE"),
    "mono": ("de-DE", "fr-FR", "en-US"),
    "compact": ("en-IE", "fr-FR", "de-CH"),
    "serif_grid": ("fr-FR", "de-AT", "en-GB"),
    "modern": ("en-US", "de-DE", "fr-BE"),
    "ledger": ("de-DE", "en-GB", "fr-FR"),
    "minimal": ("fr-FR", "en-US", "de-CH"),
}


def random_party(
    rng: random.Random, locale_code: str, used: set[str], *, with_ids: bool = True
) -> Party:
    """Return a company in ``locale_code``'s country, with tax id and IBAN if ``with_ids``."""
    loc = LOCALES[locale_code]
    return Party(
        name=catalog.company_name(rng, loc.language, used),
        street=catalog.street(rng, loc.language),
        city=rng.choice(catalog.CITIES[loc.country]),
        country=loc.country,
        tax_id=make_tax_id(rng, loc.country) if with_ids else None,
        iban=make_iban(rng, loc.country) if with_ids else None,
    )


def random_vendor(
    rng: random.Random, vendor_id: str, layout: str, used: set[str], locale_code: str | None = None
) -> Vendor:
    """Return a vendor printing with ``layout``, with a GL category and name aliases.

    A grammar layout brings its own locale (its language, and maybe a date style of its
    own); ``locale_code`` is for fixed layouts."""
    grammar = design(layout) if is_grammar(layout) else None
    code = grammar.locale.code if grammar else locale_code or rng.choice(LAYOUT_LOCALES[layout])
    party = random_party(rng, code, used)
    short = party.name.rsplit(" ", 1)[0]
    aliases = (short, party.name.upper())
    locale = grammar.locale if grammar else LOCALES[code]
    return Vendor(
        vendor_id, party, locale, layout, aliases, rng.choice(sorted(catalog.GL_ACCOUNTS))
    )


def random_customer(rng: random.Random, vendor: Vendor) -> Party:
    """Return the buying company (always the same one: the Bursar user) in the vendor's
    language."""
    del rng
    country = vendor.locale.country
    city = catalog.CITIES[country][0]
    return Party("Bursar Demo Manufacturing", "1 Ledger Lane", city, country)


def _price(rng: random.Random, lo: int, hi: int) -> Decimal:
    if hi <= 1:
        return Decimal(rng.randint(5, 95)) / 100
    return Decimal(rng.randint(lo * 100, hi * 100)) / 100


def random_lines(
    rng: random.Random, vendor: Vendor, n: int, *, multiline: bool = False, start: int = 0
) -> tuple[InvoiceLine, ...]:
    """Return ``n`` lines mostly from the vendor's GL category, with PO line refs 10, 20..."""
    lines = []
    rates = vendor.locale.tax_rates
    for i in range(n):
        gl = vendor.category if rng.random() < 0.8 else rng.choice(sorted(catalog.GL_ACCOUNTS))
        prefix, desc, unit, lo, hi = rng.choice(catalog.GL_ACCOUNTS[gl][1])
        if multiline and rng.random() < 0.4:
            desc = f"{desc}, {rng.choice(catalog.LONG_SUFFIXES)}"
        cheap = hi <= 1
        # Keep a line's amount to a few thousand, so most clean invoices stay under the
        # default pack's auto-approval limit (25,000) as real AP mixes mostly do.
        budget = min(3000, 18000 // max(n, 1))
        counts = [q for q in (1, 1, 2, 3, 4, 5, 6, 8, 10, 12, 20, 25) if q * hi <= budget] or [1]
        qty = (
            Decimal(rng.choice([100, 200, 250, 500, 1000]))
            if cheap
            else Decimal(rng.choice(counts))
        )
        lines.append(
            InvoiceLine(
                sku=f"{prefix}-{rng.randint(1000, 9999)}",
                description=desc,
                quantity=qty,
                unit=unit,
                unit_price=_price(rng, lo, hi),
                tax_rate=rates[0] if len(rates) == 1 or rng.random() < 0.7 else rng.choice(rates),
                po_line=str((start + i + 1) * 10),
                gl_account=gl,
            )
        )
    return tuple(lines)


def grammar_lines(rng: random.Random, vendor: Vendor, d: Design, n: int) -> tuple[InvoiceLine, ...]:
    """Return ``n`` lines (plus a charge line if the design has one) dressed for design
    ``d``: several tax rates where it mixes them, some lines at a discount from list price."""
    lines = list(random_lines(rng, vendor, n, multiline=d.multiline))
    rates = vendor.locale.tax_rates
    if d.mixed_rates and len(lines) > 1 and len({ln.tax_rate for ln in lines}) == 1:
        other = rng.choice([r for r in rates if r != lines[-1].tax_rate])
        lines[-1] = replace(lines[-1], tax_rate=other)
    if d.discounts:
        for i, ln in enumerate(lines):
            if rng.random() < 0.5:
                lines[i] = _discounted(rng, ln)
    if d.charge:
        price = Decimal(rng.choice([9, 12, 15, 19, 25, 35, 45, 60])) + Decimal("0.90")
        desc = {"freight": "Freight and delivery", "packaging": "Packaging, pallets"}[d.charge]
        tag = {"freight": "FRT", "packaging": "PKG"}[d.charge]
        lines.append(
            InvoiceLine(
                f"{tag}-9000",
                desc,
                Decimal(1),
                "EA",
                price,
                rates[0],
                str((len(lines) + 1) * 10),
                "6800",
            )  # fmt: skip
        )
    return tuple(lines)


def _discounted(rng: random.Random, ln: InvoiceLine) -> InvoiceLine:
    """Return ``ln`` at r % off a list price: a list price in 20-cent steps keeps the net
    price exact to the cent for every r drawn here."""
    pct = Decimal(rng.choice([5, 10, 15, 20, 25, 30]))
    step = Decimal("0.20")
    gross = max(step, (ln.unit_price / step).to_integral_value() * step)
    net = money(gross * (100 - pct) / 100)
    assert net == gross * (100 - pct) / 100, (gross, pct)
    return replace(ln, unit_price=net, list_price=gross)


def invoice_number(rng: random.Random, vendor: Vendor, seq: int) -> str:
    """Return an invoice number in one of several vendor-specific styles."""
    style = int(vendor.vendor_id[1:]) % 5
    year = BASE_DATE.year
    return [
        f"INV-{year}-{seq:05d}",
        f"{year}{seq:06d}",
        f"RE-{seq:06d}",
        f"F{year % 100}-{seq:04d}",
        f"{vendor.vendor_id}/{seq:05d}",
    ][style]


def random_invoice(
    rng: random.Random,
    layout: str | None = None,
    *,
    vendor: Vendor | None = None,
    name: str = "inv-00001",
    kind: str = "invoice",
    n_lines: int | None = None,
    lines: tuple[InvoiceLine, ...] | None = None,
    po_number: str | None = None,
    seq: int = 1,
) -> InvoiceSpec:
    """Return a consistent random invoice; pass ``lines``/``vendor`` to pin known values."""
    layout = layout or (vendor.layout if vendor else rng.choice(sorted(INVOICE_LAYOUTS)))
    vendor = vendor or random_vendor(rng, "V9001", layout, set())
    lay = layout_of(layout)
    if lines is None:
        n = n_lines if n_lines is not None else rng.choice([1, 2, 3, 3, 4, 5, 6, 8])
        if isinstance(lay, Design):
            lines = grammar_lines(rng, vendor, lay, n)
        else:
            lines = random_lines(rng, vendor, n, multiline=lay.multiline)
    issued = BASE_DATE + timedelta(days=rng.randint(0, 120))
    days = rng.choice([14, 30, 30, 45, 60])
    return InvoiceSpec(
        name=name,
        kind=kind,
        layout=layout,
        vendor=vendor,
        customer=random_customer(rng, vendor),
        invoice_number=invoice_number(rng, vendor, seq),
        invoice_date=issued,
        due_date=issued + timedelta(days=days),
        po_number=po_number if po_number is not None else f"45000{rng.randint(10000, 99999)}",
        currency=vendor.locale.currency,
        payment_terms=terms_text(vendor.locale.language, days, lay.labels),
        lines=lines,
    )


def random_claim(
    rng: random.Random,
    layout: str | None = None,
    *,
    name: str = "clm-00001",
    policy_number: str | None = None,
    claimant: str | None = None,
    seq: int = 1,
    codes: list[tuple[str, str, Decimal, bool]] | None = None,
) -> ClaimSpec:
    """Return a consistent random claim with prices within the fee schedule."""
    layout = layout or rng.choice(sorted(CLAIM_LAYOUTS))
    code = rng.choice(["en-GB", "de-DE", "fr-FR", "en-US", "de-CH"])
    loc = LOCALES[code]
    provider = random_party(rng, code, set(), with_ids=False)
    provider = Party(
        f"Dr. {catalog.person_name(rng)} Medical Practice",
        provider.street,
        provider.city,
        provider.country,
    )
    served = BASE_DATE + timedelta(days=rng.randint(0, 100))
    chosen = codes or [c for c in catalog.MEDICAL if c[3]]
    lines = []
    for _ in range(rng.choice([1, 2, 2, 3, 4])):
        c, desc, cap, _cov = rng.choice(chosen)
        price = (cap * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("0.01"))
        lines.append(
            ClaimLine(
                served + timedelta(days=rng.randint(0, 6)),
                c,
                desc,
                Decimal(rng.choice([1, 1, 1, 2, 3])),
                price,
            )
        )
    lines.sort(key=lambda ln: ln.service_date)
    return ClaimSpec(
        name=name,
        layout=layout,
        language=loc.language,
        claim_number=f"CLM-{BASE_DATE.year}-{seq:06d}",
        policy_number=policy_number or f"POL-{rng.randint(100000, 999999)}",
        claimant=Party(
            claimant or catalog.person_name(rng),
            catalog.street(rng, loc.language),
            rng.choice(catalog.CITIES[loc.country]),
            loc.country,
        ),
        provider=provider,
        service_date=lines[0].service_date,
        currency=loc.currency,
        lines=tuple(lines),
        number_style=loc.number_style,
        date_style=loc.date_style,
    )
