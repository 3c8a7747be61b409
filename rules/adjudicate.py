"""Line-level claim adjudication for X12 claims: each service line paid, denied with a
claim adjustment reason code (CARC), or pended to the inbox with its finding. Pure.

Denials and reductions are the payer's ordinary answer, so they are ``warn`` findings
(the claim is adjudicated without a person and the 835 carries them); what a person must
look at (a code with no fee, totals that do not add up, a claim over the approval
limit) is a ``block`` finding and the claim goes to the inbox like an invoice.

Edits are data: the fee schedule's optional columns (``modifier``, ``place_of_service``,
``max_units_per_day``) and the pack's ``claims`` section (``timely_filing_days``,
``procedure_pairs``: ``{column1, column2, modifiers}``, ``active_statuses``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rules.facts import InvLine, Work
from rules.history import norm_doc_number
from rules.model import parse_date
from rules.money import fmt, to_decimal

# rule code -> (claim adjustment group code, claim adjustment reason code)
CARC: Mapping[str, tuple[str, str]] = {
    "policy_not_found": ("CO", "31"),  # patient cannot be identified as our insured
    "policy_not_started": ("CO", "26"),  # expenses incurred before coverage
    "policy_inactive": ("CO", "27"),  # expenses incurred after coverage terminated
    "service_not_covered": ("CO", "96"),  # non-covered charge
    "over_fee_schedule": ("CO", "45"),  # charge exceeds fee schedule
    "units_over_limit": ("CO", "151"),  # information does not support this many services
    "procedure_pair_edit": ("CO", "97"),  # included in another service paid the same day
    "duplicate_line": ("CO", "18"),  # exact duplicate claim/service
    "duplicate_claim": ("CO", "18"),
    "timely_filing": ("CO", "29"),  # time limit for filing has expired
}
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LineResult:
    """One service line's outcome."""

    line: int
    code: str
    charged: Decimal
    allowed: Decimal
    paid: Decimal
    outcome: str  # paid | denied | pend
    rule: str = ""  # the finding behind a denial, reduction or pend
    group: str = ""  # CARC group (CO: contractual obligation)
    carc: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the line's outcome as plain JSON (amounts as decimal strings)."""
        return {
            "line": self.line,
            "code": self.code,
            "charged": fmt(self.charged),
            "allowed": fmt(self.allowed),
            "paid": fmt(self.paid),
            "outcome": self.outcome,
            "rule": self.rule or None,
            "group": self.group or None,
            "carc": self.carc or None,
        }


@dataclass
class _Line:
    src: InvLine
    day: date | None
    units: Decimal
    modifiers: tuple[str, ...]
    charged: Decimal
    outcome: str = ""
    rule: str = ""
    allowed: Decimal = ZERO
    reason: tuple[str, str] | None = None  # a person's denial: (group, CARC)


def adjudicate(w: Work, x12: Mapping[str, Any]) -> tuple[LineResult, ...]:
    """Return every line's outcome, adding one finding per denial, reduction or pend."""
    lines = [_read(ln) for ln in w.facts.lines]
    _claim_level(w, lines, x12)
    pos = w.facts.text("place_of_service")
    seen: set[tuple[str, tuple[str, ...], date | None]] = set()
    billed = {(x.src.sku, x.day) for x in lines if not x.outcome}
    units_day: dict[tuple[str, date | None], Decimal] = defaultdict(Decimal)
    for x in lines:
        if x.outcome:
            continue
        if x.src.raw.get("deny"):
            _reviewer_denial(w, x, str(x.src.raw["deny"]))
            continue
        _line_level(w, x, pos, seen, billed, units_day)
    out = []
    for x in lines:
        group, carc = x.reason or CARC.get(x.rule, ("", "")) if x.outcome != "pend" else ("", "")
        paid = x.allowed if x.outcome == "paid" else ZERO
        out.append(
            LineResult(
                line=x.src.index,
                code=x.src.sku,
                charged=x.charged,
                allowed=x.allowed if x.outcome == "paid" else ZERO,
                paid=paid,
                outcome=x.outcome,
                rule=x.rule,
                group=group,
                carc=carc,
            )
        )
    return tuple(out)


def _read(ln: InvLine) -> _Line:
    raw = ln.raw
    mods = raw.get("modifiers") or ()
    return _Line(
        src=ln,
        day=parse_date(raw.get("service_date")),
        units=to_decimal(raw.get("units")) or ln.quantity or Decimal(1),
        modifiers=tuple(str(m).upper() for m in mods if m),
        charged=ln.amount if ln.amount is not None else ZERO,
    )


def _deny(w: Work, x: _Line, rule: str, why: str) -> None:
    group, carc = CARC[rule]
    x.outcome, x.rule, x.allowed = "denied", rule, ZERO
    w.add(
        rule,
        "warn",
        f"Line {x.src.index} ({x.src.sku or 'no code'}) denied, {group}-{carc}: {why}",
        line=x.src.index,
        expected="0.00",
        actual=fmt(x.charged),
    )


REVIEWER_DENIAL = re.compile(r"^(CO|PR|OA|PI|CR)-?([A-Z]?\d{1,3})$")


def carc_of(text: str) -> tuple[str, str] | None:
    """Return (group, reason code) of ``CO-96`` / ``CO96`` / ``96`` (group CO), or None."""
    t = text.strip().upper().replace(" ", "")
    m = REVIEWER_DENIAL.match(t if not t[:1].isdigit() else f"CO-{t}")
    return (m.group(1), m.group(2)) if m else None


def _reviewer_denial(w: Work, x: _Line, text: str) -> None:
    """Deny a line a person denied in the inbox (a line correction ``deny``: a CARC)."""
    reason = carc_of(text) or ("CO", "96")
    x.outcome, x.rule, x.allowed, x.reason = "denied", "denied_by_reviewer", ZERO, reason
    w.add(
        "denied_by_reviewer",
        "warn",
        f"Line {x.src.index} ({x.src.sku or 'no code'}) denied by a reviewer, "
        f"{reason[0]}-{reason[1]}.",
        line=x.src.index,
        expected="0.00",
        actual=fmt(x.charged),
    )


def _pend(w: Work, x: _Line, rule: str, why: str) -> None:
    x.outcome, x.rule = "pend", rule
    w.add(rule, "block", f"Line {x.src.index}: {why}", line=x.src.index, actual=x.src.sku or None)


def _claim_level(w: Work, lines: list[_Line], x12: Mapping[str, Any]) -> None:
    member = w.facts.text("member_id") or w.facts.text("policy_number")
    policy = w.master.policies.get(member)
    active = w.pack.setting("claims", "active_statuses") or ("active",)
    total = w.facts.dec("total_claimed")
    summed = sum((x.charged for x in lines), ZERO)
    if total is not None and summed != total:
        w.add(
            "arithmetic_mismatch",
            "block",
            f"The service lines add up to {fmt(summed)} but the claim says {fmt(total)}.",
            expected=fmt(summed),
            actual=fmt(total),
        )
        for x in lines:
            x.outcome, x.rule = "pend", "arithmetic_mismatch"
        return
    dup = _earlier_claim(w, member)
    created = parse_date(x12.get("created"))
    limit = int(w.pack.setting("claims", "timely_filing_days", 365) or 365)
    for x in lines:
        if policy is None:
            _deny(w, x, "policy_not_found", f"member {member or '(none)'} is not insured here.")
        elif policy.status not in active:
            _deny(w, x, "policy_inactive", f"policy {member} is {policy.status}.")
        elif x.day is not None and policy.valid_from and x.day < policy.valid_from:
            _deny(
                w, x, "policy_not_started", f"service on {x.day}, cover from {policy.valid_from}."
            )
        elif x.day is not None and policy.valid_to and x.day > policy.valid_to:
            _deny(w, x, "policy_inactive", f"service on {x.day}, cover ended {policy.valid_to}.")
        elif dup:
            _deny(w, x, "duplicate_claim", f"claim already received as {dup}.")
        elif x.day is not None and created is not None and (created - x.day).days > limit:
            _deny(
                w, x, "timely_filing", f"service on {x.day}, filed {created} (limit {limit} days)."
            )
        elif x.day is None:
            _pend(w, x, "missing_field", "the service line has no date of service.")


def _earlier_claim(w: Work, member: str) -> str | None:
    number = norm_doc_number(w.facts.text("claim_number"))
    if not (member and number):
        return None
    ignore = set(w.pack.setting("duplicates", "ignore_statuses") or ("rejected",))
    sha = w.facts.sha256
    for c in w.history.claims_numbered(member, number):
        if c.status not in ignore and not (sha and c.sha256 == sha):
            return c.raw_number
    return None


def _earlier_line(w: Work, code: str, day: date | None) -> str | None:
    """Return the number of an earlier claim that billed this member the same service on
    the same day by the same provider (a claim sent again under a new number)."""
    member = w.facts.text("member_id") or w.facts.text("policy_number")
    if not (member and code and day):
        return None
    provider = w.facts.text("provider_npi") or w.facts.text("provider_name")
    ignore = set(w.pack.setting("duplicates", "ignore_statuses") or ("rejected",))
    sha = w.facts.sha256
    for ln in w.history.claim_lines_on(member, code, day):
        same_provider = not (ln.provider and provider) or ln.provider == provider
        if same_provider and ln.status not in ignore and not (sha and ln.sha256 == sha):
            return ln.raw_number
    return None


def _line_level(
    w: Work,
    x: _Line,
    pos: str,
    seen: set[tuple[str, tuple[str, ...], date | None]],
    billed: set[tuple[str, date | None]],
    units_day: dict[tuple[str, date | None], Decimal],
) -> None:
    code = x.src.sku
    fee = w.master.fee_for(code, x.modifiers, str(x.src.raw.get("place_of_service") or pos))
    key = (code, tuple(sorted(x.modifiers)), x.day)
    if fee is None or fee.max_unit_price is None:
        _pend(
            w, x, "fee_not_found", f"service code '{code or '(none)'}' has no fee schedule entry."
        )
        return
    if not fee.covered:
        _deny(w, x, "service_not_covered", f"{code} is not a covered service.")
        return
    if key in seen:
        _deny(w, x, "duplicate_line", f"{code} on {x.day} is billed twice on this claim.")
        return
    seen.add(key)
    earlier = _earlier_line(w, code, x.day)
    if earlier:
        _deny(w, x, "duplicate_line", f"{code} on {x.day} was already claimed on {earlier}.")
        return
    for pair in w.pack.setting("claims", "procedure_pairs") or ():
        allowed_mods = {str(m).upper() for m in pair.get("modifiers") or ()}
        if (
            pair.get("column2") == code
            and (pair.get("column1"), x.day) in billed
            and not allowed_mods & set(x.modifiers)
        ):
            _deny(w, x, "procedure_pair_edit", f"{code} is part of {pair['column1']} that day.")
            return
    units_day[(code, x.day)] += x.units
    if fee.max_units_per_day is not None and units_day[(code, x.day)] > fee.max_units_per_day:
        _deny(
            w,
            x,
            "units_over_limit",
            f"{units_day[(code, x.day)]} units of {code} on {x.day}, "
            f"at most {fee.max_units_per_day} a day.",
        )
        return
    allowed = min(x.charged, (fee.max_unit_price * x.units).quantize(CENT))
    x.outcome, x.allowed = "paid", allowed
    if allowed < x.charged:
        x.rule = "over_fee_schedule"
        w.add(
            "over_fee_schedule",
            "warn",
            f"Line {x.src.index} ({code}) paid at the fee schedule's {fmt(allowed)} "
            f"instead of {fmt(x.charged)}, CO-45.",
            line=x.src.index,
            expected=fmt(allowed),
            actual=fmt(x.charged),
        )
