"""Claims checks: policy found and active, services covered, fee schedule, duplicate claims."""

from __future__ import annotations

from datetime import date

from rules.facts import Work
from rules.history import norm_doc_number
from rules.model import Policy, parse_date
from rules.money import fmt


def check_policy(w: Work) -> Policy | None:
    """Return the claim's policy; add ``policy_not_found``/``policy_inactive`` as needed."""
    number = w.facts.text("policy_number")
    if not number:
        return None  # missing_field covers it
    policy = w.master.policies.get(number)
    if policy is None:
        w.add(
            "policy_not_found",
            "block",
            f"Policy {number} does not exist; check the number on the claim form.",
            actual=number,
        )
        return None
    active = w.pack.setting("claims", "active_statuses") or ("active",)
    if policy.status not in active:
        w.add(
            "policy_inactive",
            "block",
            f"Policy {number} is {policy.status}; it pays no claims.",
            expected="active",
            actual=policy.status,
        )
        return policy
    dates = {("header", w.facts.day("service_date"))}
    dates |= {(str(x.index), parse_date(x.raw.get("service_date"))) for x in w.facts.lines}
    for where, day in sorted(dates, key=lambda d: (d[0] != "header", d[0])):
        if day is not None and not _covers(policy, day):
            line = None if where == "header" else int(where)
            w.add(
                "policy_inactive",
                "block",
                f"Service date {day} is outside policy {number}'s cover "
                f"({policy.valid_from or '…'} to {policy.valid_to or '…'}).",
                line=line,
                expected=f"{policy.valid_from or ''}..{policy.valid_to or ''}",
                actual=str(day),
            )
            return policy
    return policy


def _covers(policy: Policy, day: date) -> bool:
    return (policy.valid_from is None or policy.valid_from <= day) and (
        policy.valid_to is None or day <= policy.valid_to
    )


def check_services(w: Work) -> None:
    """Check each claim line's code is covered and its unit price within the fee schedule."""
    for line in w.facts.lines:
        code = line.sku
        fee = w.master.fees.get(code)
        if fee is None or not fee.covered:
            why = "is not in the fee schedule" if fee is None else "is not covered"
            w.add(
                "service_not_covered",
                "block",
                f"Line {line.index}: service code '{code or '(none)'}' {why}.",
                line=line.index,
                actual=code or None,
            )
            continue
        if (
            fee.max_unit_price is None
            or line.unit_price is None
            or line.unit_price <= fee.max_unit_price
        ):
            continue
        over = (line.unit_price - fee.max_unit_price) * (line.quantity or 1)
        w.add(
            "over_fee_schedule",
            w.money_severity(over),
            f"Line {line.index}: {fee.description or code} is charged at {fmt(line.unit_price)}, "
            f"above the fee schedule maximum of {fmt(fee.max_unit_price)}.",
            line=line.index,
            expected=fmt(fee.max_unit_price),
            actual=fmt(line.unit_price),
        )


def check_duplicate_claim(w: Work) -> None:
    """Block a claim already made on the same policy (same number, or same date and total)."""
    policy = w.facts.text("policy_number")
    if not policy:
        return
    sha = w.facts.sha256
    ignore = set(w.pack.setting("duplicates", "ignore_statuses") or ("rejected",))
    number = norm_doc_number(w.facts.text("claim_number"))
    earlier = (
        [
            c
            for c in w.history.claims_numbered(policy, number)
            if c.status not in ignore and not (sha and c.sha256 == sha)
        ]
        if number
        else []
    )
    if earlier:
        c = earlier[0]
        w.add(
            "duplicate_claim",
            "block",
            f"Claim {w.facts.text('claim_number')} on policy {policy} was already received as "
            f"'{c.raw_number}' (status {c.status}).",
            expected=c.raw_number,
            actual=w.facts.text("claim_number"),
        )
        return
    total, day = w.facts.dec("total_claimed"), w.facts.day("service_date")
    if total is None or day is None:
        return
    for c in w.history.claims_totalling(policy, total):
        if c.status not in ignore and not (sha and c.sha256 == sha) and c.service_date == day:
            w.add(
                "duplicate_claim",
                "block",
                f"Claim {c.raw_number} on policy {policy} is for the same service date {day} and "
                f"the same total {fmt(total)}.",
                expected=c.raw_number,
                actual=w.facts.text("claim_number") or None,
            )
            return
