"""Findings and the decision the engine returns (ARCHITECTURE.md 4.3)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

from rules.money import fmt

Severity = Literal["block", "warn"]

CONTRACT_CODES = (
    "unknown_vendor", "vendor_bank_mismatch", "duplicate_invoice", "po_not_found",
    "po_vendor_mismatch", "po_closed", "currency_mismatch", "price_variance",
    "quantity_over_ordered", "quantity_over_received", "unmatched_line", "arithmetic_mismatch",
    "tax_rate_invalid", "low_confidence", "missing_field", "approval_required",
    "policy_not_found", "policy_inactive", "service_not_covered", "over_fee_schedule",
    "duplicate_claim",
)  # fmt: skip
# Codes this engine adds to the contract's list (which allows more).
EXTRA_CODES = ("credit_over_invoiced",)


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a document is not (or not quite) right, in words a clerk understands."""

    rule: str
    severity: Severity
    message: str
    line: int | None = None  # 1-based invoice line; None for the header
    expected: str | None = None
    actual: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the finding as in the decision contract."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "line": self.line,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }

    def waived(self, by: str) -> Finding:
        """Return this finding downgraded to a warning, saying which pack rule accepted it."""
        return replace(
            self, severity="warn", message=f"{self.message} (accepted by pack rule '{by}')"
        )


@dataclass(frozen=True, slots=True)
class LineAssignment:
    """An invoice line and the PO line (and receipt) it was matched to, for side-by-side review."""

    invoice_line: int  # 1-based
    po_number: str | None
    po_line: int | None
    method: str  # "po_line" | "sku" | "description" | "none"
    score: float
    quantity: Decimal | None  # invoiced, converted to the PO unit
    unit_price: Decimal | None  # invoiced, converted to the PO unit
    ordered: Decimal | None = None
    received: Decimal | None = None
    already_invoiced: Decimal | None = None
    po_unit_price: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the assignment as plain JSON values (Decimals as strings)."""
        return {
            "invoice_line": self.invoice_line,
            "po_number": self.po_number,
            "po_line": self.po_line,
            "method": self.method,
            "score": round(self.score, 1),
            "quantity": fmt(self.quantity),
            "unit_price": fmt(self.unit_price),
            "ordered": fmt(self.ordered),
            "received": fmt(self.received),
            "already_invoiced": fmt(self.already_invoiced),
            "po_unit_price": fmt(self.po_unit_price),
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """What the engine concluded; the pipeline adds sha256, inbox item and exact-byte duplicates."""

    status: Literal["approved", "exception"]
    findings: tuple[Finding, ...]
    kind: str
    vendor_id: str | None
    po_number: str | None
    assignments: tuple[LineAssignment, ...]
    pack_name: str
    pack_sha256: str
    # X12 claims: each service line's outcome (rules.adjudicate.LineResult)
    claim_lines: tuple[Any, ...] = ()

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Return the findings that stop automatic approval."""
        return tuple(f for f in self.findings if f.severity == "block")

    @property
    def rule_codes(self) -> frozenset[str]:
        """Return the set of rule codes found."""
        return frozenset(f.rule for f in self.findings)

    def invoiced_quantities(self) -> list[tuple[str, int, Decimal]]:
        """Return ``(po_number, line_no, quantity)`` to add to History once this document
        is booked; credit notes give negative quantities."""
        sign = -1 if self.kind == "credit_note" else 1
        return [
            (a.po_number, a.po_line, sign * abs(a.quantity))
            for a in self.assignments
            if a.po_number and a.po_line is not None and a.quantity is not None
        ]

    def to_json(
        self,
        sha256: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        inbox_item: int | None = None,
        file: str | None = None,
    ) -> dict[str, Any]:
        """Return the contract-4.3 decision object (valid against decision.schema.json).

        The caller supplies what only it knows: the document's sha256, the inbox item,
        and ``status="duplicate"``/``"rejected"`` when it overrides the engine.
        """
        out: dict[str, Any] = {
            "sha256": sha256,
            "kind": kind or self.kind,
            "status": status or self.status,
            "findings": [f.to_json() for f in self.findings],
            "inbox_item": inbox_item,
            "vendor_id": self.vendor_id,
            "po_number": self.po_number,
            "lines": [a.to_json() for a in self.assignments],
            "rule_pack": {"name": self.pack_name, "sha256": self.pack_sha256},
        }
        if self.claim_lines:
            out["claim_lines"] = [x.to_json() for x in self.claim_lines]
        if file is not None:
            out["file"] = file
        return out
