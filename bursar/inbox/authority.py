"""What an approval is measured against: the larger amount, and the override policy.

* Limits compare with the largest of the amount as first extracted, the amount now (after
  corrections) and the PO value of the matched lines, so a correction never brings an
  invoice under an approver's limit (issue 12, finding 1). In a base currency, that amount
  is converted at the rate of the currency as first extracted as well as the current one,
  and the larger counts, so correcting GBP to JPY does not either (issue 22, item 1).
* Overriding a blocking finding takes what the rule pack's ``overrides`` section says for
  its rule code: a role, a reason code, a comment of some length, a second person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bursar.errors import InputError
from bursar.inbox.detail import dec
from bursar.records import (
    Correction,
    Document,
    DocumentLine,
    Extraction,
    InboxItem,
    PurchaseOrder,
    PurchaseOrderLine,
    User,
    Vendor,
)
from rules.overrides import OverridePolicy, rank
from rules.packs import RulePack, load_pack, resolve_path

AMOUNT_KEYS = ("total", "total_claimed", "subtotal", "tax_amount")
_packs: dict[tuple[str, int], RulePack] = {}


def current_pack() -> RulePack:
    """Return the configured rule pack, re-read when its file changes."""
    from bursar.config import get_settings

    path: Path = resolve_path(get_settings().rule_pack)
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _packs:
        _packs.clear()
        _packs[key] = load_pack(path)
    return _packs[key]


# --- the amount a limit compares with -------------------------------------------------------------


def _field(result: dict[str, Any] | None, name: str) -> Any:
    raw = ((result or {}).get("fields") or {}).get(name)
    return raw.get("value") if isinstance(raw, dict) else raw


def first_currency(session: Session, document_id: int) -> str | None:
    """Return the currency the document was first decided in: as first extracted, else (as
    the rules fall back) its PO's, else its vendor's; None when none is known."""
    first = session.exec(
        select(Extraction)
        .where(Extraction.document_id == document_id)
        .order_by(col(Extraction.corrected), col(Extraction.id))  # an uncorrected one first
    ).first()
    result = first.result if first else None
    code = str(_field(result, "currency") or "").strip().upper()
    if code:
        return code
    po_number = _field(result, "po_number")
    po = session.get(PurchaseOrder, str(po_number)) if po_number else None
    if po is not None and po.currency:
        return po.currency.upper()
    doc = session.get(Document, document_id)
    vendor = session.get(Vendor, doc.vendor_id) if doc and doc.vendor_id else None
    return vendor.currency.upper() if vendor and vendor.currency else None


def _total(result: dict[str, Any] | None) -> Decimal | None:
    fields = (result or {}).get("fields") or {}
    for key in ("total", "total_claimed"):
        raw = fields.get(key)
        value = dec(raw.get("value") if isinstance(raw, dict) else raw)
        if value is not None:
            return value
    return None


def _po_value(session: Session, document_id: int) -> Decimal | None:
    """Return the PO value of the invoice's lines as the engine matched them, or None."""
    lines = session.exec(
        select(DocumentLine).where(
            DocumentLine.document_id == document_id, col(DocumentLine.po_line).is_not(None)
        )
    ).all()
    total, found = Decimal("0"), False
    for line in lines:
        if not line.po_number or line.quantity is None:
            continue
        po = session.exec(
            select(PurchaseOrderLine).where(
                PurchaseOrderLine.po_number == line.po_number,
                PurchaseOrderLine.line_no == line.po_line,
            )
        ).first()
        if po is not None:
            qty = line.po_quantity if line.po_quantity is not None else line.quantity
            total += qty * po.unit_price
            found = True
    return total.quantize(Decimal("0.01")) if found else None


@dataclass(frozen=True)
class LimitAmount:
    """The amount compared with approval limits, and where it came from."""

    value: Decimal
    currency: str | None
    basis: str  # "as first extracted" | "after corrections" | "PO value of the matched lines"
    amounts: dict[str, str] = field(default_factory=dict)
    first_currency: str | None = None  # the currency as first extracted (``first_currency``)

    @property
    def currencies(self) -> list[str | None]:
        """Return the currencies the amount is compared in: the current one, and the one as
        first extracted when a correction changed it."""
        now = (self.currency or "").strip().upper() or None
        first = self.first_currency
        return [now] if first is None or first == now else [now, first]


def limit_amount(session: Session, item: InboxItem) -> LimitAmount | None:
    """Return the largest amount the document stood at; None when none is known."""
    doc = session.get(Document, item.document_id)
    exts = session.exec(
        select(Extraction)
        .where(Extraction.document_id == item.document_id)
        .order_by(col(Extraction.id))
    ).all()
    first = next((e for e in exts if not e.corrected), exts[0] if exts else None)
    candidates = [
        ("as first extracted", _total(first.result) if first else None),
        ("after corrections", item.amount if item.amount is not None else (doc and doc.total)),
        ("after corrections", _total(exts[-1].result) if exts else None),
        ("PO value of the matched lines", _po_value(session, item.document_id)),
    ]
    known = [(basis, v) for basis, v in candidates if v is not None]
    if not known:
        return None
    basis, value = max(known, key=lambda bv: bv[1])
    currency = item.currency or (doc.currency if doc else None)
    first_cur = first_currency(session, item.document_id)
    return LimitAmount(value, currency, basis, {b: str(v) for b, v in known}, first_cur)


def _shown(raw: str | None, money: bool) -> str:
    value = dec(raw)
    if value is None:
        return raw or "nothing"
    return f"{value:,.2f}" if money else f"{value:,}"


def amount_corrections(session: Session, document_id: int) -> list[str]:
    """Return e.g. ``total corrected from 25,200.00 to 9,000.00 by carla`` for amount fields
    and the currency: what an approver must see before approving."""
    rows = session.exec(
        select(Correction).where(Correction.document_id == document_id).order_by(col(Correction.id))
    ).all()
    out = []
    for c in rows:
        base = c.field.rsplit(".", 1)[-1]
        if base in AMOUNT_KEYS or base in ("amount", "unit_price", "quantity", "currency"):
            money = base in AMOUNT_KEYS or base == "amount"
            if base == "currency":
                old, new = c.old_value or "nothing", c.new_value or "nothing"
            else:
                old, new = _shown(c.old_value, money), _shown(c.new_value, money)
            out.append(f"{c.field} corrected from {old} to {new} by {c.actor}")
    return out


# --- override authority -------------------------------------------------------------------


@dataclass(frozen=True)
class Needed:
    """What overriding a set of blocking rule codes takes, merged from their policies."""

    rules: dict[str, OverridePolicy]

    @property
    def role(self) -> str:
        return max((p.role for p in self.rules.values()), key=rank, default="approver")

    @property
    def min_comment(self) -> int:
        return max((p.min_comment for p in self.rules.values()), default=0)

    @property
    def second_person(self) -> bool:
        return any(p.second_person for p in self.rules.values())

    def coded(self) -> dict[str, tuple[str, ...]]:
        """Return the rules that need a reason code, with the codes each accepts."""
        return {r: p.reason_codes for r, p in self.rules.items() if p.reason_codes}


def needed(rules: list[str], pack: RulePack | None = None) -> Needed:
    pack = pack or current_pack()
    return Needed({r: pack.override_for(r) for r in sorted(set(rules))})


def reason_codes_for(
    need: Needed, reason_code: str | None, reason_codes: dict[str, str] | None
) -> dict[str, str]:
    """Return the reason code chosen per rule; raise ``InputError`` when one is missing or
    not in that rule's list. ``reason_code`` applies to every rule not named in
    ``reason_codes``."""
    chosen: dict[str, str] = {}
    for rule, codes in need.coded().items():
        code = ((reason_codes or {}).get(rule) or reason_code or "").strip()
        if code not in codes:
            raise InputError(
                f"overriding {rule} needs a reason code: one of {', '.join(codes)}",
                code="reason_code_required",
            )
        chosen[rule] = code
    return chosen


def role_of(session: Session, name: str | None) -> str | None:
    if not name:
        return None
    user = session.exec(select(User).where(User.name == name)).first()
    return user.role if user is not None and user.active else None
