"""``evaluate``: one extraction + master data + history + rule pack -> a Decision. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from rules import arith, claims, header, lines, trust
from rules.adjudicate import LineResult, adjudicate
from rules.custom import PROTECTED
from rules.decision import Decision, Finding
from rules.facts import Work, read_extraction
from rules.history import History
from rules.model import MasterData
from rules.packs import RulePack

INVOICE_KINDS = ("invoice", "credit_note")


def evaluate(
    extraction: Mapping[str, Any], master: MasterData, history: History, pack: RulePack
) -> Decision:
    """Return the decision for one extracted document.

    Never touches a database, file or clock: the same inputs give the same decision,
    so the pipeline may re-run it anywhere (ARCHITECTURE.md 6). ``status`` is
    ``approved`` only when no finding blocks; exact-byte duplicates are the
    pipeline's to report.
    """
    w = Work(facts=read_extraction(extraction), master=master, history=history, pack=pack)
    claim_lines: tuple[LineResult, ...] = ()
    header.check_required(w)
    by_risk = trust.applies(w, extraction)  # the pack states a risk: see rules/trust.py
    if not by_risk:
        header.check_confidence(w)
    if w.facts.kind in INVOICE_KINDS:
        _invoice(w)
    elif w.facts.kind == "claim" and isinstance(
        extraction.get("x12") or extraction.get("claim_form"), Mapping
    ):  # an 837 or a CMS-1500 / UB-04 form: line by line, with CARCs
        claim_lines = adjudicate(w, extraction.get("x12") or extraction["claim_form"])
        header.check_approval(w, total_field="total_claimed")
    elif w.facts.kind == "claim":
        _claim(w)
    else:
        w.add(
            "unsupported_kind",
            "block",
            f"A {w.facts.kind.replace('_', ' ')} is not matched automatically; file it by hand.",
            actual=w.facts.kind,
        )
    if by_risk:  # after the vendor, PO and lines are known: master data may vouch
        trust.check_fields(w, extraction)
    findings = apply_custom_rules(w)
    return Decision(
        status="exception" if any(f.severity == "block" for f in findings) else "approved",
        findings=tuple(findings),
        kind=w.facts.kind,
        vendor_id=w.vendor.vendor_id if w.vendor else None,
        po_number=w.po.po_number if w.po else None,
        assignments=tuple(w.assignments),
        pack_name=pack.name,
        pack_sha256=pack.sha256,
        claim_lines=claim_lines,
    )


def _invoice(w: Work) -> None:
    header.resolve_vendor(w)
    header.check_bank(w)
    header.check_po(w)
    header.check_currency(w)
    header.check_duplicates(w)
    lines.check_lines(w)
    arith.check_line_amounts(w)
    arith.check_totals(w)
    arith.check_total_supported(w)
    arith.check_tax_rates(w)
    header.check_approval(w)


def _claim(w: Work) -> None:
    claims.check_policy(w)
    claims.check_services(w)
    claims.check_duplicate_claim(w)
    arith.check_line_amounts(w)
    arith.check_totals(w, total_field="total_claimed")
    header.check_approval(w, total_field="total_claimed")


class LazyFacts(Mapping[str, Any]):
    """The expression symbols, each computed only when an expression reads it.

    rule-engine converts every value it reads into its own types, which costs more
    than the checks themselves for a large mapping; most rules read two or three names.
    """

    def __init__(self, makers: Mapping[str, Callable[[], Any]]) -> None:
        self._makers = makers
        self._values: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._values:
            self._values[key] = self._makers[key]()
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def expression_facts(w: Work, findings: list[Finding]) -> LazyFacts:
    """Return the symbols a pack's custom rule expressions can use."""
    f, v, po = w.facts, w.vendor, w.po
    vendor = ("vendor_id", "name", "category", "country", "currency")
    return LazyFacts(
        {
            "kind": lambda: f.kind,
            "currency": lambda: w.currency,
            "total": lambda: f.dec("total" if f.kind != "claim" else "total_claimed"),
            "subtotal": lambda: f.dec("subtotal"),
            "tax_amount": lambda: f.dec("tax_amount"),
            "invoice_number": lambda: f.text("invoice_number"),
            "invoice_date": lambda: f.text("invoice_date"),
            "line_count": lambda: len(f.lines),
            "vendor": lambda: (
                {k.removeprefix("vendor_"): getattr(v, k) for k in vendor} if v else {}
            ),
            "po": lambda: (
                {"number": po.po_number, "status": po.status, "match_mode": po.match_mode}
                if po
                else {}
            ),
            "fields": lambda: {k: str(val) for k, val in f.values.items()},
            "findings": lambda: tuple(x.rule for x in findings),
            "blocking": lambda: tuple(x.rule for x in findings if x.severity == "block"),
        }
    )


def apply_custom_rules(w: Work) -> list[Finding]:
    """Return the findings after the pack's custom rules have waived or added to them.

    Every rule sees the findings of the built-in checks (not of each other), so the
    order of rules in the pack does not change the outcome.
    """
    if not w.pack.custom_rules:
        return w.findings
    facts = expression_facts(w, w.findings)
    findings = list(w.findings)
    added: list[Finding] = []
    for rule in w.pack.custom_rules:
        if not rule.matches(facts):
            continue
        if rule.then == "auto_approve":
            waivable = set(rule.codes) if rule.codes else None
            findings = [
                f.waived(rule.name)
                if f.severity == "block"
                and f.rule not in PROTECTED
                and (waivable is None or f.rule in waivable)
                else f
                for f in findings
            ]
        else:
            added.append(Finding(rule=rule.rule, severity=rule.then, message=rule.render(facts)))  # type: ignore[arg-type]
    return findings + added
