"""Property tests: rounding and sums, tolerance boundaries, cumulative invoicing, assignment."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.engine import evaluate
from rules.facts import InvLine
from rules.history import History
from rules.lines import assign, score_matrix
from rules.model import POLine
from rules.money import round_money
from rules.packs import load_pack
from rules.tolerance import Limit
from tests.rules.helpers import invoice, line, master

PACK = load_pack("default")
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=4)
quantities = st.integers(min_value=1, max_value=500).map(Decimal)
base = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000"), places=2)
limits = st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2)


@given(money, st.sampled_from(["EUR", "JPY", "KWD", "USD"]))
def test_round_money_is_half_up_to_minor_unit(amount: Decimal, currency: str) -> None:
    places = {"JPY": 0, "KWD": 3}.get(currency, 2)
    rounded = round_money(amount, currency)
    assert rounded == amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert abs(rounded - amount) <= Decimal("0.5") * Decimal(1).scaleb(-places)
    assert -rounded.as_tuple().exponent == places  # type: ignore[operator]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            quantities, st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)
        ),
        min_size=1,
        max_size=5,
    )
)
def test_invoice_that_adds_up_has_no_arithmetic_finding(
    rows: list[tuple[Decimal, Decimal]],
) -> None:
    po = [(10 * (i + 1), f"S{i}", f"item {i}", "1000", str(p)) for i, (_, p) in enumerate(rows)]
    lines = [line(str(q), str(p), ref=10 * (i + 1)) for i, (q, p) in enumerate(rows)]
    decision = evaluate(invoice(lines), master(po), History(), PACK)
    assert "arithmetic_mismatch" not in decision.rule_codes


@settings(max_examples=40, deadline=None)
@given(
    quantities,
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2),
    st.integers(min_value=1, max_value=500),
)
def test_total_off_by_a_cent_or_more_is_an_arithmetic_mismatch(
    qty: Decimal, price: Decimal, cents: int
) -> None:
    extraction = invoice([line(str(qty), str(price), ref=10)])
    total = Decimal(extraction["fields"]["total"]["value"]) + Decimal(cents) / 100
    extraction["fields"]["total"]["value"] = str(total)
    decision = evaluate(
        extraction, master([(10, "S", "item", "1000", str(price))]), History(), PACK
    )
    assert "arithmetic_mismatch" in decision.rule_codes


@given(base, limits)
def test_percent_upper_limit_boundary(expected: Decimal, pct: Decimal) -> None:
    limit = Limit(pct_upper=pct)
    at = expected * (1 + pct / 100)
    assert limit.violation(at, expected) is None
    assert limit.violation(at + Decimal("0.0001"), expected) is not None
    assert limit.violation(at - Decimal("0.0001"), expected) is None
    assert limit.violation(Decimal(0), expected) is None  # no lower limit set


@given(base, limits)
def test_percent_lower_limit_boundary(expected: Decimal, pct: Decimal) -> None:
    limit = Limit(pct_lower=pct)
    at = expected * (1 - pct / 100)
    assert limit.violation(at, expected) is None
    assert limit.violation(at - Decimal("0.0001"), expected) is not None
    assert limit.violation(at + Decimal("0.0001"), expected) is None
    assert limit.violation(expected * 10, expected) is None  # no upper limit set


@given(base, limits)
def test_absolute_limits_upper_and_lower(expected: Decimal, absolute: Decimal) -> None:
    limit = Limit(abs_upper=absolute, abs_lower=absolute)
    step = Decimal("0.01")
    for sign in (1, -1):
        at = expected + sign * absolute
        assert limit.violation(at, expected) is None
        assert limit.violation(at + sign * step, expected) is not None
        if absolute >= step:  # just inside, still on the same side of expected
            assert limit.violation(at - sign * step, expected) is None


@given(base, limits, limits)
def test_percent_and_absolute_together_the_stricter_one_wins(
    expected: Decimal, pct: Decimal, absolute: Decimal
) -> None:
    limit = Limit(pct_upper=pct, abs_upper=absolute)
    allowed = min(expected * pct / 100, absolute)
    assert limit.violation(expected + allowed, expected) is None
    assert limit.violation(expected + allowed + Decimal("0.0001"), expected) is not None


def _price_codes(po_price: str, inv_price: str, qty: str = "100") -> dict[str, str]:
    decision = evaluate(
        invoice([line(qty, inv_price, ref=10)]),
        master([(10, "S", "item", "1000", po_price)]),
        History(),
        PACK,
    )
    return {f.rule: f.severity for f in decision.findings}


def test_price_exactly_at_tolerance_is_accepted_and_just_over_is_not() -> None:
    assert _price_codes("10.00", "10.20") == {}  # default pack: 2% upper
    assert _price_codes("10.00", "10.21") == {"price_variance": "block"}
    assert _price_codes("10.00", "10.19") == {}
    assert _price_codes("10.00", "1.00") == {}  # no lower limit in the default pack


def test_small_difference_is_a_warning_not_a_block() -> None:
    # 1 unit at 0.50 over: 1.00 money difference is within the pack's 1.00 limit
    assert _price_codes("10.00", "10.50", qty="2") == {"price_variance": "warn"}
    assert _price_codes("10.00", "10.51", qty="2") == {"price_variance": "block"}


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=1, max_value=200),
)
def test_cumulative_invoicing_never_exceeds_the_receipt(
    received: int, first: int, second: int
) -> None:
    md = master([(10, "S", "item", "1000", "1.00")], received={10: str(received)})
    history = History()
    approved = Decimal(0)
    for qty in (first, second):
        if qty == 0:
            continue
        decision = evaluate(invoice([line(str(qty), "1.00", ref=10)]), md, history, PACK)
        if "quantity_over_received" not in decision.rule_codes:
            approved += qty
            for po, n, q in decision.invoiced_quantities():
                history.add_invoiced(po, n, q)
    assert approved <= received


def test_two_invoices_cannot_both_bill_the_full_receipt_and_a_credit_note_restores() -> None:
    md = master([(10, "S", "item", "100", "1.00")])
    history = History()
    first = evaluate(invoice([line("100", "1.00", ref=10)]), md, history, PACK)
    assert first.status == "approved"
    for po, n, q in first.invoiced_quantities():
        history.add_invoiced(po, n, q)
    second = evaluate(
        invoice([line("100", "1.00", ref=10)], invoice_number="INV-2"), md, history, PACK
    )
    assert {"quantity_over_received", "quantity_over_ordered"} <= second.rule_codes
    credit = evaluate(
        {**invoice([line("100", "1.00", ref=10)], invoice_number="CN-1"), "kind": "credit_note"},
        md,
        history,
        PACK,
    )
    assert credit.status == "approved"
    for po, n, q in credit.invoiced_quantities():
        history.add_invoiced(po, n, q)
    again = evaluate(
        invoice([line("100", "1.00", ref=10)], invoice_number="INV-3"), md, history, PACK
    )
    assert again.status == "approved"


def _inv(i: int, desc: str, price: str, qty: str) -> InvLine:
    return InvLine(i, desc, "", "EA", Decimal(qty), Decimal(price), None, None, None, None, {})


def _po(n: int, desc: str, price: str, qty: str) -> POLine:
    return POLine(n, "", desc, Decimal(qty), "EA", Decimal(price))


def test_optimal_assignment_beats_greedy() -> None:
    # Invoice line 1 fits PO line 10 best but PO line 20 well enough; line 2 fits only
    # PO line 10. Greedy (best pair first) strands line 2; the assignment matches both.
    lines = (
        _inv(1, "steel bolt M8 zinc plated", "0.15", "100"),
        _inv(2, "steel bolt M8 zinc", "0.15", "100"),
    )
    po = (
        _po(10, "steel bolt M8 zinc plated", "0.15", "100"),
        _po(20, "steel bolt M8 plated black", "0.15", "100"),
    )
    scores = score_matrix(lines, po, min_desc=85)
    greedy: dict[int, int] = {}
    for i in range(len(lines)):
        free = [j for j in range(len(po)) if j not in greedy.values() and np.isfinite(scores[i, j])]
        if free:
            greedy[i] = max(free, key=lambda j: scores[i, j])
    assert greedy == {0: 0}  # line 2 left unmatched
    pairs = assign(lines, po, min_desc=85)
    assert {i: po[j].line_no for i, (j, _, _) in pairs.items()} == {0: 20, 1: 10}


descriptions = [
    "Steel bolts M8",
    "Hex nuts M8",
    "Washers M8",
    "Threaded rod M8 1m",
    "Wall plugs 8mm",
    "Cable ties 200mm",
]


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(6))), st.integers(min_value=0, max_value=5))
def test_permuting_invoice_lines_does_not_change_findings(order: list[int], bad: int) -> None:
    po = [(10 * (i + 1), f"S{i}", d, "50", f"{i + 1}.00") for i, d in enumerate(descriptions)]
    rows = [line("10", f"{i + 1}.00", desc=d) for i, d in enumerate(descriptions)]
    rows[bad] = line("10", f"{bad + 1}.90", desc=descriptions[bad])  # one price variance
    md = master(po)
    reference = evaluate(invoice(rows), md, History(), PACK)
    shuffled = evaluate(invoice([rows[i] for i in order]), md, History(), PACK)

    def keyed(decision):  # type: ignore[no-untyped-def]
        po_line = {a.invoice_line: a.po_line for a in decision.assignments}
        return sorted((f.rule, f.severity, po_line.get(f.line)) for f in decision.findings)

    assert keyed(reference) == keyed(shuffled)
    assert [f.rule for f in reference.findings] == ["price_variance"]


def test_description_matching_survives_shuffled_wording() -> None:
    rng = random.Random(7)
    words = descriptions[:]
    rng.shuffle(words)
    po = [(10 * (i + 1), "", d, "50", f"{i + 1}.00") for i, d in enumerate(descriptions)]
    rows = [
        line("10", f"{descriptions.index(d) + 1}.00", desc=" ".join(reversed(d.split())))
        for d in words
    ]
    decision = evaluate(invoice(rows), master(po), History(), PACK)
    assert decision.status == "approved", [f.message for f in decision.findings]
