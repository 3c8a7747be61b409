"""Master data the engine matches against, as frozen dataclasses with indexed lookups.

``MasterData.from_rows`` takes plain dicts shaped like the CSV contract
(ARCHITECTURE.md 4.2), so the pipeline can build a snapshot straight from DB rows.
Every lookup the engine makes per invoice is a dict hit; only vendor names that
match no exact name or alias fall back to a rapidfuzz search over vendor names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz, process, utils

from bursar.errors import InputError
from rules.money import to_decimal

Row = Mapping[str, Any]

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_LEGAL_FORMS = re.compile(
    r"\b(gmbh|ag|kg|ltd|limited|inc|llc|plc|sa|sas|sarl|srl|spa|bv|nv|oy|ab|as|co|corp|company)\b"
)


def norm_id(value: object) -> str:
    """Return a tax id or IBAN reduced to upper-case letters and digits."""
    return _NON_ALNUM.sub("", str(value or "")).upper()


_PO_WORD = r"P\.?\s?O\.?|PURCHASE\s*ORDER|ORDER|BESTELLUNG|BESTELL-?NR\.?|BC|N°|NO\.?|NR\.?"
_PO_PREFIX = re.compile(  # a word prefix counts only before a separator or a digit
    rf"^(?:(?:{_PO_WORD})(?=[\s:#.\-]|\d)[\s:#.\-]*|#[\s:#.\-]*)+", re.IGNORECASE
)


def norm_po(value: object) -> str:
    """Return a PO number as a comparable key: no "PO"/"#" prefix, separators or case.

    "PO-4500012607", "P.O. # 4500 012 607" and "4500012607" are the same key; what
    is left must still be the whole number, so "45000126" never matches "4500012607".
    """
    text = _PO_PREFIX.sub("", str(value or "").strip())
    return norm_id(text)


def norm_name(value: object) -> str:
    """Return a company name lower-cased, without punctuation or legal form."""
    text = utils.default_process(str(value or ""))
    return " ".join(_LEGAL_FORMS.sub(" ", text).split())


def parse_date(value: object) -> date | None:
    """Return an ISO ``YYYY-MM-DD`` value as a date, None when absent or malformed."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10]) if value else None
    except ValueError:
        return None


def _req_decimal(row: Row, key: str) -> Decimal:
    number = to_decimal(row.get(key))
    if number is None:
        line = row.get("_line")
        where = f"line {line}" if line else None
        raise InputError(f"{key} must be a number, got {row.get(key)!r}", where=where)
    return number


def _text(row: Row, key: str, default: str = "") -> str:
    value = row.get(key)
    return default if value is None else str(value).strip()


@dataclass(frozen=True, slots=True)
class Vendor:
    vendor_id: str
    name: str
    tax_id: str = ""
    iban: str = ""
    currency: str = ""
    aliases: tuple[str, ...] = ()
    category: str = ""
    country: str = ""
    match_mode: str = ""  # "2way" | "3way" | "" (pack default)

    @classmethod
    def from_row(cls, row: Row) -> Vendor:
        """Return a Vendor from a ``vendors`` row; aliases may be ``|``-separated."""
        aliases = row.get("aliases") or ()
        if isinstance(aliases, str):
            aliases = [a for a in aliases.split("|") if a.strip()]
        tax_id, iban = norm_id(row.get("tax_id")), norm_id(row.get("iban"))
        country = _text(row, "country").upper() or (tax_id[:2] if tax_id[:2].isalpha() else "")
        return cls(
            vendor_id=_text(row, "vendor_id"),
            name=_text(row, "name"),
            tax_id=tax_id,
            iban=iban,
            currency=_text(row, "currency").upper(),
            aliases=tuple(a.strip() for a in aliases),
            category=_text(row, "category").lower(),
            country=country or iban[:2],
            match_mode=_text(row, "match_mode").lower(),
        )


@dataclass(frozen=True, slots=True)
class POLine:
    line_no: int
    sku: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    tax_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    po_number: str
    vendor_id: str
    currency: str
    status: str
    match_mode: str = ""
    lines: tuple[POLine, ...] = ()

    def line(self, line_no: int) -> POLine | None:
        """Return the PO line with this number, or None."""
        for po_line in self.lines:
            if po_line.line_no == line_no:
                return po_line
        return None


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    receipt_id: str
    po_number: str
    line_no: int
    quantity_received: Decimal
    received_on: date | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    policy_number: str
    holder_name: str
    valid_from: date | None
    valid_to: date | None
    status: str


@dataclass(frozen=True, slots=True)
class FeeItem:
    code: str
    description: str
    max_unit_price: Decimal | None
    covered: bool
    # optional fee_schedule columns (claims adjudication, issue 27): a row for one modifier
    # and/or place of service, and the units one patient may have on one day (MUE-style)
    modifier: str = ""
    place_of_service: str = ""
    max_units_per_day: Decimal | None = None


@dataclass(frozen=True, slots=True)
class UnitConversion:
    """``1 from_unit = factor to_unit``; ``sku`` empty means it holds for every item."""

    from_unit: str
    to_unit: str
    factor: Decimal
    sku: str = ""


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "y", "covered"}


def _po_from_rows(rows: list[Row]) -> PurchaseOrder:
    head = rows[0]
    lines = tuple(
        sorted(
            (
                POLine(
                    line_no=int(_req_decimal(r, "line_no")),
                    sku=_text(r, "sku"),
                    description=_text(r, "description"),
                    quantity=_req_decimal(r, "quantity"),
                    unit=_text(r, "unit").upper(),
                    unit_price=_req_decimal(r, "unit_price"),
                    tax_rate=to_decimal(r.get("tax_rate")),
                )
                for r in rows
                if r.get("line_no") not in (None, "")
            ),
            key=lambda line: line.line_no,
        )
    )
    return PurchaseOrder(
        po_number=_text(head, "po_number"),
        vendor_id=_text(head, "vendor_id"),
        currency=_text(head, "currency").upper(),
        status=_text(head, "status", "open").lower(),
        match_mode=_text(head, "match_mode").lower(),
        lines=lines,
    )


@dataclass(slots=True)
class MasterData:
    """A read-only snapshot of vendors, POs, receipts, policies and fee schedule, indexed."""

    vendors: dict[str, Vendor] = field(default_factory=dict)
    purchase_orders: dict[str, PurchaseOrder] = field(default_factory=dict)
    received: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    receipts: dict[tuple[str, int], tuple[ReceiptLine, ...]] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    fees: dict[str, FeeItem] = field(default_factory=dict)
    fee_variants: dict[tuple[str, str, str], FeeItem] = field(default_factory=dict)
    conversions: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)
    by_tax_id: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_iban: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    by_po_key: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        vendors: Iterable[Vendor] = (),
        purchase_orders: Iterable[PurchaseOrder] = (),
        receipts: Iterable[ReceiptLine] = (),
        policies: Iterable[Policy] = (),
        fees: Iterable[FeeItem] = (),
        conversions: Iterable[UnitConversion] = (),
    ) -> MasterData:
        """Return a snapshot with every index built from the given objects."""
        md = cls()
        tax: dict[str, list[str]] = defaultdict(list)
        iban: dict[str, list[str]] = defaultdict(list)
        for v in vendors:
            md.vendors[v.vendor_id] = v
            if v.tax_id:
                tax[v.tax_id].append(v.vendor_id)
            if v.iban:
                iban[v.iban].append(v.vendor_id)
            for name in (v.name, *v.aliases):
                md.by_name.setdefault(norm_name(name), v.vendor_id)
        md.by_tax_id = {k: tuple(ids) for k, ids in tax.items()}
        md.by_iban = {k: tuple(ids) for k, ids in iban.items()}
        md.purchase_orders = {po.po_number: po for po in purchase_orders}
        keys: dict[str, list[str]] = defaultdict(list)
        for number in md.purchase_orders:
            keys[norm_po(number)].append(number)
        md.by_po_key = {k: tuple(numbers) for k, numbers in keys.items()}
        grouped: dict[tuple[str, int], list[ReceiptLine]] = defaultdict(list)
        for r in receipts:
            grouped[(r.po_number, r.line_no)].append(r)
        md.receipts = {k: tuple(rs) for k, rs in grouped.items()}
        md.received = {
            k: sum((r.quantity_received for r in rs), Decimal(0)) for k, rs in grouped.items()
        }
        md.policies = {p.policy_number: p for p in policies}
        for f in fees:
            md.fee_variants[(f.code, f.modifier, f.place_of_service)] = f
            if f.code not in md.fees or not (f.modifier or f.place_of_service):
                md.fees[f.code] = f
        for c in conversions:
            md.conversions[(c.sku, c.from_unit.upper(), c.to_unit.upper())] = c.factor
        return md

    @classmethod
    def from_rows(
        cls,
        vendors: Iterable[Row] = (),
        purchase_orders: Iterable[Row] = (),
        receipts: Iterable[Row] = (),
        policies: Iterable[Row] = (),
        fee_schedule: Iterable[Row] = (),
        unit_conversions: Iterable[Row] = (),
    ) -> MasterData:
        """Return a snapshot from contract-4.2 rows (one PO row per PO line)."""
        po_rows: dict[str, list[Row]] = defaultdict(list)
        for row in purchase_orders:
            po_rows[_text(row, "po_number")].append(row)
        return cls.build(
            vendors=(Vendor.from_row(r) for r in vendors),
            purchase_orders=(_po_from_rows(rows) for rows in po_rows.values()),
            receipts=(
                ReceiptLine(
                    receipt_id=_text(r, "receipt_id"),
                    po_number=_text(r, "po_number"),
                    line_no=int(_req_decimal(r, "line_no")),
                    quantity_received=_req_decimal(r, "quantity_received"),
                    received_on=parse_date(r.get("received_on")),
                )
                for r in receipts
            ),
            policies=(
                Policy(
                    policy_number=_text(r, "policy_number"),
                    holder_name=_text(r, "holder_name"),
                    valid_from=parse_date(r.get("valid_from")),
                    valid_to=parse_date(r.get("valid_to")),
                    status=_text(r, "status", "active").lower(),
                )
                for r in policies
            ),
            fees=(
                FeeItem(
                    code=_text(r, "code"),
                    description=_text(r, "description"),
                    max_unit_price=to_decimal(r.get("max_unit_price")),
                    covered=_truthy(r.get("covered", "true")),
                    modifier=_text(r, "modifier").upper(),
                    place_of_service=_text(r, "place_of_service"),
                    max_units_per_day=to_decimal(r.get("max_units_per_day")),
                )
                for r in fee_schedule
            ),
            conversions=(
                UnitConversion(
                    from_unit=_text(r, "from_unit"),
                    to_unit=_text(r, "to_unit"),
                    factor=_req_decimal(r, "factor"),
                    sku=_text(r, "sku"),
                )
                for r in unit_conversions
            ),
        )

    # -- lookups ---------------------------------------------------------------------

    def fee_for(self, code: str, modifiers: Iterable[str], pos: str) -> FeeItem | None:
        """Return the most specific fee row: code + modifier + place of service, then code +
        modifier, code + place of service, code alone."""
        mods = [m.upper() for m in modifiers if m]
        for mod in (*mods, ""):
            for place in (pos, ""):
                item = self.fee_variants.get((code, mod, place))
                if item is not None:
                    return item
        return None

    def find_po(self, number: object) -> PurchaseOrder | None:
        """Return the PO quoted as ``number``: exactly, else by ``norm_po`` when unambiguous."""
        text = str(number or "").strip()
        if text in self.purchase_orders:
            return self.purchase_orders[text]
        found = self.by_po_key.get(norm_po(text), ())
        return self.purchase_orders[found[0]] if len(found) == 1 else None

    def vendors_by_tax_id(self, tax_id: object) -> tuple[str, ...]:
        """Return the vendor ids registered under this tax id."""
        return self.by_tax_id.get(norm_id(tax_id), ())

    def vendors_by_iban(self, iban: object) -> tuple[str, ...]:
        """Return the vendor ids paid to this IBAN."""
        return self.by_iban.get(norm_id(iban), ())

    def vendor_by_name(self, name: object, min_score: float = 90.0) -> tuple[str, float] | None:
        """Return ``(vendor_id, score)`` for an exact name/alias or the best fuzzy match."""
        key = norm_name(name)
        if not key:
            return None
        if key in self.by_name:
            return self.by_name[key], 100.0
        hit = process.extractOne(
            key, self.by_name.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=min_score
        )
        return (self.by_name[hit[0]], float(hit[1])) if hit else None

    def related_vendors(self, vendor_id: str) -> frozenset[str]:
        """Return the vendor ids sharing a tax id or IBAN with ``vendor_id`` (itself included)."""
        vendor = self.vendors.get(vendor_id)
        if vendor is None:
            return frozenset({vendor_id})
        ids = {vendor_id}
        ids.update(self.by_tax_id.get(vendor.tax_id, ()) if vendor.tax_id else ())
        ids.update(self.by_iban.get(vendor.iban, ()) if vendor.iban else ())
        return frozenset(ids)

    def conversion(self, sku: str, from_unit: str, to_unit: str) -> Decimal | None:
        """Return how many ``to_unit`` one ``from_unit`` is (item-specific first), or None."""
        f, t = from_unit.upper(), to_unit.upper()
        if f == t:
            return Decimal(1)
        for key in ((sku, f, t), ("", f, t)):
            if key in self.conversions:
                return self.conversions[key]
        for key in ((sku, t, f), ("", t, f)):
            if key in self.conversions:
                return 1 / self.conversions[key]
        return None
