"""PO numbers as vendors print them: prefixes, separators and case do not lose the match."""

from __future__ import annotations

import pytest

from rules.engine import evaluate
from rules.history import History
from rules.model import MasterData, norm_po
from rules.packs import load_pack
from tests.rules.helpers import VENDOR, invoice, line, master, po_rows

PACK = load_pack("default")
LINES = [(10, "S", "Steel bolts", "100", "10.00")]


@pytest.mark.parametrize(
    "quoted",
    [
        "4500012",
        "PO-4500012",
        "P.O. # 4500 012",
        "po4500012",
        "PO Nr. 4500012",
        "Bestell-Nr. 4500012",
    ],
)
def test_a_quoted_po_with_prefix_or_separators_is_matched(quoted: str) -> None:
    md = master(LINES)
    decision = evaluate(
        invoice([line("100", "10.00", ref=10)], po_number=quoted), md, History(), PACK
    )
    rules = {f.rule for f in decision.findings}
    assert "po_not_found" not in rules and decision.status == "approved", decision.findings
    assert decision.po_number == "4500012"  # the decision names the master's number


def test_a_different_number_is_still_not_found() -> None:
    md = master(LINES)
    for quoted in ("450001", "45000120", "PO-4500013"):
        decision = evaluate(
            invoice([line("100", "10.00", ref=10)], po_number=quoted), md, History(), PACK
        )
        assert "po_not_found" in {f.rule for f in decision.findings}, quoted


def test_two_pos_with_the_same_key_match_neither_loosely() -> None:
    rows = po_rows(LINES, po="45-00012") + po_rows(LINES, po="4500-012")
    md = MasterData.from_rows(vendors=[VENDOR], purchase_orders=rows)
    assert md.find_po("45-00012") is not None  # exact still works
    assert md.find_po("PO 4500012") is None  # ambiguous: no guess


def test_messages_say_which_po_was_matched_and_how_it_was_quoted() -> None:
    rows = po_rows(LINES, status="closed")
    md = MasterData.from_rows(vendors=[VENDOR], purchase_orders=rows)
    doc = invoice([line("100", "10.00", ref=10)], po_number="PO-4500012")
    closed = [f for f in evaluate(doc, md, History(), PACK).findings if f.rule == "po_closed"]
    assert closed and "PO 4500012 (quoted as PO-4500012) is closed" in closed[0].message


def test_word_prefixes_need_a_separator_or_digit() -> None:
    assert norm_po("NORD-1234") == "NORD1234"  # "NO" of NORD is not a prefix
    assert norm_po("ORDERLY-5") == "ORDERLY5"
