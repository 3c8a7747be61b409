"""The default pack's example cases, one test each; together they cover every rule code."""

from __future__ import annotations

import pytest

from rules.cases import load_cases, run_case
from rules.decision import CONTRACT_CODES, EXTRA_CODES
from rules.packs import load_pack

PACK = load_pack("default")
SHARED, CASES = load_cases(PACK)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_pack_case_gives_expected_rule_codes(case: dict) -> None:
    result = run_case(case, SHARED, PACK)
    assert sorted(result.actual) == sorted(result.expected), [
        f.message for f in result.decision.findings
    ]
    if result.expected_status:
        assert result.decision.status == result.expected_status


def test_every_contract_rule_code_has_an_example_case() -> None:
    covered = {code for case in CASES for code in case.get("expect") or ()}
    codes = set(CONTRACT_CODES) | set(EXTRA_CODES)
    assert codes <= covered, sorted(codes - covered)


def test_clean_examples_are_approved_and_blocking_ones_are_exceptions() -> None:
    for case in CASES:
        decision = run_case(case, SHARED, PACK).decision
        blocking = any(f.severity == "block" for f in decision.findings)
        assert decision.status == ("exception" if blocking else "approved")
