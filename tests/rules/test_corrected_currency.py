"""Issue 22, item 1: a corrected currency alone never lifts ``approval_required``."""

from __future__ import annotations

from typing import Any


def test_a_currency_correction_alone_keeps_approval_required() -> None:
    """The rules hold a corrected currency to the stricter of the two automatic limits."""
    from rules.engine import evaluate
    from rules.history import History
    from rules.model import MasterData
    from rules.packs import load_pack, resolve_path

    pack = load_pack(resolve_path("default"))
    fields = {"currency": {"value": "JPY"}, "total": {"value": "69000.00"}}
    plain = {"kind": "invoice", "fields": fields}
    corrected = {**plain, "as_extracted": {"currency": "GBP"}}

    def rules(extraction: dict[str, Any]) -> dict[str, str]:
        found = evaluate(extraction, MasterData(), History(), pack).findings
        return {f.rule: f.message for f in found}

    assert "approval_required" not in rules(plain)  # under the JPY limit of 3,500,000
    message = rules(corrected)["approval_required"]
    assert "limit of 25000 for GBP, the currency as first extracted" in message
