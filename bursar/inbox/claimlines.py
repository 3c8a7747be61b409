"""A claim's service lines as the inbox shows them (issue 27): each line's code, day,
units and charge, what adjudication made of it (paid, paid at the fee schedule's allowed
amount, denied with its claim adjustment reason code, or pended to a person) and why.

Rebuilt from the decision's findings the way the 835 is (``bursar.remit``): a line's
own ``warn`` finding with a CARC is a denial or a reduction (its ``expected`` the amount
allowed), a ``block`` finding pends it, and a claim-level block pends every line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rules.adjudicate import CARC, carc_of

# the reason codes a reviewer picks from when denying a line (group CO: contractual)
DENIAL_CODES = (
    ("CO-96", "Non-covered charge"),
    ("CO-18", "Exact duplicate claim or service"),
    ("CO-97", "Included in another service paid that day"),
    ("CO-151", "Information does not support this many services"),
    ("CO-16", "Claim lacks information needed for adjudication"),
    ("CO-50", "Not deemed a medical necessity"),
    ("CO-204", "Not covered under the patient's benefit plan"),
)


@dataclass
class ClaimLineView:
    no: int
    code: str
    modifiers: str
    service_date: str | None
    units: str | None
    charged: Decimal | None
    outcome: str  # paid | reduced | denied | pend
    allowed: Decimal | None  # None while pended
    reason: str = ""  # CO-45 etc.
    rules: tuple[str, ...] = ()
    message: str = ""


def is_claim(result: dict[str, Any]) -> bool:
    """True for a claim read line by line (an 837 or a CMS-1500 / UB-04 form)."""
    return result.get("kind") == "claim" and bool(result.get("x12") or result.get("claim_form"))


def _dec(v: Any) -> Decimal | None:
    try:
        return Decimal(str(v)) if v not in (None, "") else None
    except InvalidOperation:
        return None


def claim_line_views(result: dict[str, Any], findings: list[Any]) -> list[ClaimLineView]:
    """Return each service line of a claim with its outcome and allowed amount."""
    if not is_claim(result):
        return []
    claim_block = [f for f in findings if f.line is None and f.severity == "block"]
    out = []
    for no, ln in enumerate(result.get("lines") or [], start=1):
        mine = [f for f in findings if f.line == no]
        charged = _dec(ln.get("amount"))
        view = ClaimLineView(
            no=no,
            code=str(ln.get("code") or ln.get("sku") or ""),
            modifiers=" ".join(ln.get("modifiers") or ()),
            service_date=ln.get("service_date"),
            units=ln.get("units") or ln.get("quantity"),
            charged=charged,
            outcome="paid",
            allowed=charged,
            rules=tuple(sorted({f.rule for f in mine})),
        )
        block = next((f for f in mine if f.severity == "block"), None)
        answer = next((f for f in mine if f.severity == "warn" and f.rule in CARC), None)
        denied = carc_of(str(ln["deny"])) if ln.get("deny") else None
        if denied:
            view.outcome, view.allowed, view.reason = "denied", Decimal("0.00"), "-".join(denied)
            view.message = next((f.message for f in mine if f.rule == "denied_by_reviewer"), "")
        elif block is not None or (claim_block and not mine):
            f = block or claim_block[0]
            view.outcome, view.allowed, view.message = "pend", None, f.message
            view.rules = tuple(sorted({*view.rules, f.rule}))
        elif answer is not None:
            allowed = _dec(answer.expected) or Decimal("0.00")
            view.outcome = "denied" if allowed == 0 else "reduced"
            view.allowed, view.reason = allowed, "-".join(CARC[answer.rule])
            view.message = answer.message
        out.append(view)
    return out
