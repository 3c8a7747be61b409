"""The extraction (contract 4.1) read into typed facts, and the per-evaluation working state."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from rules.decision import Finding, LineAssignment, Severity
from rules.history import History
from rules.model import MasterData, PurchaseOrder, Vendor, norm_id, parse_date
from rules.money import quantum, to_decimal
from rules.packs import RulePack
from rules.tolerance import Tolerances

_TRAILING_INT = re.compile(r"(\d+)\s*$")


@dataclass(frozen=True, slots=True)
class InvLine:
    index: int  # 1-based, as the clerk counts
    description: str
    sku: str
    unit: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    tax_rate: Decimal | None
    po_line: int | None
    confidence: float | None
    raw: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class PagePrint:
    """What the page itself prints (the extraction's ``page_evidence``), whatever the
    fields chose: every valid IBAN, every amount, and the amounts labelled gross/payable."""

    ibans: tuple[str, ...]
    amounts: frozenset[Decimal]
    payable: tuple[tuple[str, Decimal], ...]  # (label as printed, amount)


@dataclass(frozen=True, slots=True)
class Facts:
    kind: str
    sha256: str
    values: Mapping[str, Any]
    confidence: Mapping[str, float]
    lines: tuple[InvLine, ...]
    # header values as first extracted, for fields a person corrected since (the inbox
    # records the currency there), so a correction cannot lift a limit by itself
    as_extracted: Mapping[str, Any] = field(default_factory=dict)
    page: PagePrint | None = None  # None: no page was read (a bare XML e-invoice, a test)

    def text(self, name: str) -> str:
        """Return a header field as stripped text ('' when absent)."""
        value = self.values.get(name)
        return "" if value is None else str(value).strip()

    def dec(self, name: str) -> Decimal | None:
        """Return a header field as a Decimal (None when absent or not a number)."""
        return to_decimal(self.values.get(name))

    def day(self, name: str) -> date | None:
        """Return a header field as a date."""
        return parse_date(self.values.get(name))


def _line_ref(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    match = _TRAILING_INT.search(str(value or ""))
    return int(match.group(1)) if match else None


def _line(index: int, raw: Mapping[str, Any]) -> InvLine:
    conf = raw.get("confidence")
    return InvLine(
        index=index,
        description=str(raw.get("description") or "").strip(),
        sku=str(raw.get("sku") or raw.get("code") or "").strip(),
        unit=str(raw.get("unit") or "").strip().upper(),
        quantity=to_decimal(raw.get("quantity")),
        unit_price=to_decimal(raw.get("unit_price")),
        amount=to_decimal(raw.get("amount")),
        tax_rate=to_decimal(raw.get("tax_rate")),
        po_line=_line_ref(raw.get("po_line")),
        confidence=float(conf) if isinstance(conf, (int, float)) else None,
        raw=raw,
    )


def _page_print(evidence: object) -> PagePrint | None:
    if not isinstance(evidence, Mapping):
        return None
    ibans = tuple(
        dict.fromkeys(
            norm_id(x) for x in evidence.get("ibans") or () if isinstance(x, str) and norm_id(x)
        )
    )
    amounts = frozenset(
        abs(a) for a in map(to_decimal, evidence.get("amounts") or ()) if a is not None
    )
    payable = []
    for item in evidence.get("payable") or ():
        amount = to_decimal(item.get("amount")) if isinstance(item, Mapping) else None
        if amount is not None:
            payable.append((str(item.get("label") or "total").strip(), abs(amount)))
    return PagePrint(ibans=ibans, amounts=amounts, payable=tuple(payable))


def read_extraction(extraction: Mapping[str, Any]) -> Facts:
    """Return the facts of one extraction; fields may be ``{"value": ..}`` or bare values."""
    values: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    for name, field_ in (extraction.get("fields") or {}).items():
        if isinstance(field_, Mapping):
            value = field_.get("value")
            conf = field_.get("confidence")
            if isinstance(conf, (int, float)) and value not in (None, ""):
                confidence[name] = float(conf)
        else:
            value = field_
        if value not in (None, ""):
            values[name] = value
    lines = tuple(
        _line(i, raw)
        for i, raw in enumerate(extraction.get("lines") or (), start=1)
        if isinstance(raw, Mapping)
    )
    first = extraction.get("as_extracted")
    return Facts(
        kind=str(extraction.get("kind") or "invoice"),
        sha256=str(extraction.get("sha256") or ""),
        values=values,
        confidence=confidence,
        lines=lines,
        as_extracted=dict(first) if isinstance(first, Mapping) else {},
        page=_page_print(extraction.get("page_evidence")),
    )


@dataclass(slots=True)
class Work:
    """Everything one evaluation reads, plus the findings it collects."""

    facts: Facts
    master: MasterData
    history: History
    pack: RulePack
    vendor: Vendor | None = None
    po: PurchaseOrder | None = None
    findings: list[Finding] = field(default_factory=list)
    assignments: list[LineAssignment] = field(default_factory=list)
    _tolerances: Tolerances | None = None
    _quantum: Decimal | None = None

    @property
    def currency(self) -> str:
        """Return the document currency, else the PO's, else the vendor's."""
        return (
            self.facts.text("currency").upper()
            or (self.po.currency if self.po else "")
            or (self.vendor.currency if self.vendor else "")
        )

    @property
    def currencies(self) -> tuple[str, ...]:
        """Return the document currency and, when a person corrected it, the one it was
        first decided in (as first extracted, else the PO's, else the vendor's)."""
        if "currency" not in self.facts.as_extracted:
            return (self.currency,)
        first = (
            str(self.facts.as_extracted.get("currency") or "").strip().upper()
            or (self.po.currency if self.po else "")
            or (self.vendor.currency if self.vendor else "")
        )
        return (self.currency,) if first in ("", self.currency) else (self.currency, first)

    @property
    def tolerances(self) -> Tolerances:
        """Return the tolerances for this document's vendor (and its category)."""
        if self._tolerances is None:
            v = self.vendor
            self._tolerances = self.pack.tolerances_for(
                v.vendor_id if v else "", v.category if v else ""
            )
        return self._tolerances

    @property
    def quantum(self) -> Decimal:
        """Return the currency's smallest coin."""
        if self._quantum is None:
            self._quantum = quantum(self.currency, dict(self.pack.currencies))
        return self._quantum

    def add(
        self,
        rule: str,
        severity: Severity,
        message: str,
        *,
        line: int | None = None,
        expected: object = None,
        actual: object = None,
    ) -> None:
        """Record a finding."""
        self.findings.append(
            Finding(
                rule=rule,
                severity=severity,
                message=message,
                line=line,
                expected=None if expected is None else str(expected),
                actual=None if actual is None else str(actual),
            )
        )

    def money_severity(self, difference: Decimal) -> Severity:
        """Return ``warn`` for a money difference within the small-difference limit, else block."""
        return "warn" if abs(difference) <= self.tolerances.small_limit(self.currency) else "block"
