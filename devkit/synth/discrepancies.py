"""Documents with exactly one known discrepancy each, and the rule code it must raise.

Each discrepancy document gets its own fresh PO and receipts, so that it cannot
disturb the clean documents (no shared cumulative quantities) and its only fault
is the injected one. ``expected_findings`` lists the codes that must be raised,
the injected one first; a rules engine may add consequential findings (e.g. an
unknown vendor's PO cannot be matched) without that being counted as a miss.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from devkit.synth import specs
from devkit.synth.corpus import Doc, clean_claim, clean_invoice
from devkit.synth.ids import make_iban
from devkit.synth.layouts import INVOICE_LAYOUTS
from devkit.synth.master import World
from devkit.synth.model import ClaimLine, ClaimSpec, InvoiceLine, InvoiceSpec, money
from devkit.synth.wording import LOCALES

INVOICE_CODES = (
    "price_variance",
    "quantity_over_received",
    "quantity_over_ordered",
    "unknown_vendor",
    "vendor_bank_mismatch",
    "duplicate_invoice",
    "po_not_found",
    "po_vendor_mismatch",
    "currency_mismatch",
    "arithmetic_mismatch",
    "unmatched_line",
)
CLAIM_CODES = (
    "policy_not_found",
    "policy_inactive",
    "service_not_covered",
    "over_fee_schedule",
    "duplicate_claim",
)


class _Ctx:
    """What an injector needs: the world, the clean documents, fresh names and numbers."""

    def __init__(self, world: World, clean: list[Doc]):
        self.world = world
        self.rng = world.rng
        self.clean = clean
        self.inv = itertools.count(sum(1 for d in clean if isinstance(d.spec, InvoiceSpec)) + 1)
        self.clm = itertools.count(sum(1 for d in clean if isinstance(d.spec, ClaimSpec)) + 1)
        self.vendors = list(world.vendors)

    def invoice(self, **kw: object) -> InvoiceSpec:
        n = next(self.inv) + 500
        vendor = kw.pop("vendor", None) or self.rng.choice(self.vendors)
        return clean_invoice(self.world, vendor, f"inv-{n:04d}", n, **kw)  # type: ignore[arg-type]

    def claim(self) -> ClaimSpec:
        n = next(self.clm) + 500
        return clean_claim(self.world, f"clm-{n:04d}", n)


def _reprice(ln: InvoiceLine, price: Decimal) -> InvoiceLine:
    return replace(ln, unit_price=price)


def _price_variance(c: _Ctx) -> InvoiceSpec:
    spec = c.invoice()
    first = spec.lines[0]
    bumped = _reprice(first, money(first.unit_price * Decimal("1.25") + Decimal("1")))
    return spec.with_changes(lines=(bumped, *spec.lines[1:]))


def _over_received(c: _Ctx) -> InvoiceSpec:
    """PO orders N, only part was received, the invoice bills all N."""
    vendor = c.rng.choice(c.vendors)
    lines = specs.random_lines(c.rng, vendor, c.rng.randint(1, 3))
    n = next(c.inv) + 500
    spec = specs.random_invoice(c.rng, vendor=vendor, lines=lines, name=f"inv-{n:04d}", seq=n)
    po = c.world.new_po(vendor, lines)
    for i, ln in enumerate(lines):
        got = ln.quantity if i else max(ln.quantity // 2, Decimal(0))
        if got:
            c.world.receive(po, ln.po_line or "", got, spec.invoice_date - timedelta(days=3))
    return spec.with_changes(po_number=po)


def _over_ordered(c: _Ctx) -> InvoiceSpec:
    """More was delivered (and received) than ordered; the invoice bills the delivery."""
    vendor = c.rng.choice(c.vendors)
    lines = specs.random_lines(c.rng, vendor, c.rng.randint(1, 3))
    n = next(c.inv) + 500
    spec = specs.random_invoice(c.rng, vendor=vendor, lines=lines, name=f"inv-{n:04d}", seq=n)
    ordered = [ln.quantity for ln in lines]
    extra = max(ordered[0] // 5, Decimal(1))
    lines = (replace(lines[0], quantity=ordered[0] + extra), *lines[1:])
    po = c.world.new_po(vendor, spec.lines, ordered=ordered)
    for ln in lines:
        c.world.receive(po, ln.po_line or "", ln.quantity, spec.invoice_date - timedelta(days=3))
    return spec.with_changes(po_number=po, lines=lines)


def _unknown_vendor(c: _Ctx) -> InvoiceSpec:
    layout = c.rng.choice(sorted(INVOICE_LAYOUTS))
    stranger = specs.random_vendor(c.rng, "V9999", layout, c.world.used_names)
    n = next(c.inv) + 500
    return specs.random_invoice(
        c.rng,
        vendor=stranger,
        name=f"inv-{n:04d}",
        seq=n,
        po_number=f"45009{c.rng.randint(10000, 99999)}",
    )


def _bank_mismatch(c: _Ctx) -> InvoiceSpec:
    vendor = c.rng.choice([v for v in c.vendors if v.party.iban])
    spec = c.invoice(vendor=vendor)
    return spec.with_changes(printed_iban=make_iban(c.rng, vendor.party.country))


def _duplicate_invoice(c: _Ctx) -> InvoiceSpec:
    originals = [
        d.spec
        for d in c.clean
        if isinstance(d.spec, InvoiceSpec) and d.spec.kind == "invoice" and d.variant == "digital"
    ]
    orig = c.rng.choice(originals)
    n = next(c.inv) + 500
    # Re-sent a few days later with a stamp: same vendor and number, different bytes.
    return orig.with_changes(name=f"inv-{n:04d}", stamp="COPY / DUPLICATA")


def _po_not_found(c: _Ctx) -> InvoiceSpec:
    spec = c.invoice()
    return spec.with_changes(po_number=f"45009{c.rng.randint(10000, 99999)}")


def _po_vendor_mismatch(c: _Ctx) -> InvoiceSpec:
    """Vendor A invoices against a PO that belongs to vendor B (same lines, prices)."""
    a, b = c.rng.sample(c.vendors, 2)
    spec = c.invoice(vendor=b)  # PO + receipts recorded for B
    vendor_a = replace(a, locale=b.locale)  # A prints in B's currency so only the PO differs
    return spec.with_changes(vendor=vendor_a, layout=a.layout)


def _currency_mismatch(c: _Ctx) -> InvoiceSpec:
    spec = c.invoice()
    other = next(
        loc
        for code, loc in sorted(LOCALES.items())
        if loc.currency != spec.currency and code != "en-US"
    )
    return spec.with_changes(currency=other.currency)


def _arithmetic_mismatch(c: _Ctx) -> InvoiceSpec:
    spec = c.invoice()
    return spec.with_changes(total_override=spec.total + Decimal("10.00"))


def _unmatched_line(c: _Ctx) -> InvoiceSpec:
    spec = c.invoice()
    extra = InvoiceLine(
        "MISC-0001",
        "Express handling surcharge",
        Decimal(1),
        "EA",
        Decimal("49.00"),
        spec.lines[0].tax_rate,
        None,
        "6800",
    )
    return spec.with_changes(lines=(*spec.lines, extra))


def _policy_not_found(c: _Ctx) -> ClaimSpec:
    spec = c.claim()
    return spec.with_changes(policy_number=f"POL-{c.rng.randint(1000000, 9999999)}")


def _policy_inactive(c: _Ctx) -> ClaimSpec:
    spec = c.claim()
    row = next(r for r in c.world.policy_rows if r["policy_number"] == spec.policy_number)
    row["status"] = "lapsed"
    row["valid_to"] = (spec.service_date - timedelta(days=30)).isoformat()
    return spec


def _not_covered(c: _Ctx) -> ClaimSpec:
    spec = c.claim()
    line = ClaimLine(
        spec.lines[-1].service_date, "CS90", "Cosmetic treatment", Decimal(1), Decimal("250.00")
    )
    return spec.with_changes(lines=(*spec.lines, line))


def _over_fee(c: _Ctx) -> ClaimSpec:
    from devkit.synth.catalog import MEDICAL

    spec = c.claim()
    first = spec.lines[0]
    cap = next(p for code, _, p, _ in MEDICAL if code == first.code)
    line = replace(first, unit_price=money(cap * Decimal("1.3")))
    return spec.with_changes(lines=(line, *spec.lines[1:]))


def _duplicate_claim(c: _Ctx) -> ClaimSpec:
    orig = c.rng.choice([d.spec for d in c.clean if isinstance(d.spec, ClaimSpec)])
    n = next(c.clm) + 500
    return orig.with_changes(name=f"clm-{n:04d}", stamp="COPY")


INJECTORS: dict[str, Callable[[_Ctx], InvoiceSpec | ClaimSpec]] = {
    "price_variance": _price_variance,
    "quantity_over_received": _over_received,
    "quantity_over_ordered": _over_ordered,
    "unknown_vendor": _unknown_vendor,
    "vendor_bank_mismatch": _bank_mismatch,
    "duplicate_invoice": _duplicate_invoice,
    "po_not_found": _po_not_found,
    "po_vendor_mismatch": _po_vendor_mismatch,
    "currency_mismatch": _currency_mismatch,
    "arithmetic_mismatch": _arithmetic_mismatch,
    "unmatched_line": _unmatched_line,
    "policy_not_found": _policy_not_found,
    "policy_inactive": _policy_inactive,
    "service_not_covered": _not_covered,
    "over_fee_schedule": _over_fee,
    "duplicate_claim": _duplicate_claim,
}


def plan_discrepancies(world: World, clean: list[Doc], count: int) -> list[Doc]:
    """Return one document per rule code (more for larger corpora), each with one fault."""
    has_claims = any(isinstance(d.spec, ClaimSpec) for d in clean)
    codes = [c for c in INJECTORS if has_claims or c not in CLAIM_CODES]
    rounds = max(1, count // 40)
    ctx = _Ctx(world, clean)
    return [Doc(INJECTORS[code](ctx), [code]) for _ in range(rounds) for code in codes]
