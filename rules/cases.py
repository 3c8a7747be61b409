"""A pack's example cases: small extraction + master snippets with the rule codes they must give.

Cases live inline under ``cases:`` in the pack or in ``<pack>.cases.yml`` next to it.
A file may hold a shared ``master:``/``history:`` used by every case, and each case
may add its own rows. Extraction fields may be bare values (confidence 1.0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bursar.errors import InputError
from rules.decision import Decision
from rules.engine import evaluate
from rules.history import History
from rules.model import MasterData
from rules.packs import RulePack
from rules.packyaml import load_located

MASTER_KEYS = (
    "vendors",
    "purchase_orders",
    "receipts",
    "policies",
    "fee_schedule",
    "unit_conversions",
)
HISTORY_KEYS = ("invoices", "invoiced_lines", "claims")


@dataclass(frozen=True, slots=True)
class CaseResult:
    name: str
    expected: frozenset[str]
    actual: frozenset[str]
    expected_status: str | None
    decision: Decision

    @property
    def passed(self) -> bool:
        """Return True when the codes (and the status, if given) are as expected."""
        status_ok = self.expected_status in (None, self.decision.status)
        return status_ok and self.expected == self.actual


def extraction_from_snippet(snippet: Mapping[str, Any]) -> dict[str, Any]:
    """Return a contract-4.1 extraction from a case snippet (bare field values allowed)."""
    fields = {
        name: value
        if isinstance(value, Mapping)
        else {"value": None if value is None else str(value), "confidence": 1.0}
        for name, value in (snippet.get("fields") or {}).items()
    }
    lines = [
        {k: (v if k == "confidence" or v is None else str(v)) for k, v in line.items()}
        for line in snippet.get("lines") or ()
    ]
    return {
        "schema": "bursar.extraction/1",
        "kind": snippet.get("kind", "invoice"),
        "sha256": snippet.get("sha256", ""),
        "fields": fields,
        "lines": lines,
    }


def _merged(
    shared: Mapping[str, Any], own: Mapping[str, Any], keys: tuple[str, ...]
) -> dict[str, list[Any]]:
    return {k: [*(shared.get(k) or ()), *(own.get(k) or ())] for k in keys}


def load_cases(pack: RulePack) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return ``(shared, cases)`` for the pack: inline cases plus ``<name>.cases.yml``."""
    shared: dict[str, Any] = {}
    cases: list[dict[str, Any]] = list(pack.config.get("cases") or ())
    side = pack.path.with_name(f"{pack.path.stem}.cases.yml")
    if side.is_file():
        doc = load_located(side, side.read_text(encoding="utf-8"))
        data = doc.data or {}
        if not isinstance(data, Mapping) or not isinstance(data.get("cases", []), list):
            raise InputError("a cases file is a mapping with a 'cases' list", where=f"{side}:1")
        shared = {k: data.get(k) or {} for k in ("master", "history")}
        cases.extend(data.get("cases") or ())
    return shared, cases


def run_case(case: Mapping[str, Any], shared: Mapping[str, Any], pack: RulePack) -> CaseResult:
    """Return the result of evaluating one case against the pack."""
    master = MasterData.from_rows(
        **_merged(shared.get("master") or {}, case.get("master") or {}, MASTER_KEYS)
    )
    history = History.from_rows(
        **_merged(shared.get("history") or {}, case.get("history") or {}, HISTORY_KEYS)
    )
    decision = evaluate(
        extraction_from_snippet(case.get("extraction") or {}), master, history, pack
    )
    return CaseResult(
        name=str(case.get("name") or "(unnamed)"),
        expected=frozenset(case.get("expect") or ()),
        actual=decision.rule_codes,
        expected_status=case.get("status"),
        decision=decision,
    )


def run_cases(pack: RulePack) -> list[CaseResult]:
    """Return the results of all the pack's example cases."""
    shared, cases = load_cases(pack)
    return [run_case(case, shared, pack) for case in cases]
