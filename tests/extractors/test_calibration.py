"""Calibrated confidence: monotone, tie-safe, and applied only to layout-read fields."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractors.calibration import calibrate, fit, isotonic, lookup, reliability
from extractors.tokens import PageTokens


def test_isotonic_is_monotone_and_smoothed() -> None:
    points = [(0.2, False), (0.3, False), (0.5, True), (0.6, False), (0.9, True), (0.95, True)]
    steps = isotonic(points)
    probs = [p for _, p in steps]
    assert probs == sorted(probs)
    assert lookup(steps, 0.25) < lookup(steps, 0.92)
    assert all(0 < p < 1 for p in probs)  # never certain on finite evidence


def test_tied_scores_get_one_probability() -> None:
    steps = isotonic([(0.8, False)] + [(0.8, True)] * 50)
    assert len(steps) == 1 and steps[0][1] > 0.9


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=60))
def test_isotonic_output_is_monotone_for_any_input(points: list[tuple[float, bool]]) -> None:
    steps = isotonic(points)
    assert [s for s, _ in steps] == sorted(s for s, _ in steps)
    assert [p for _, p in steps] == sorted(p for _, p in steps)


def test_calibrate_leaves_template_and_einvoice_fields_alone() -> None:
    table = {"maps": {"pdf": {"*": [[0.5, 0.2], [1.0, 0.99]]}}}
    pages = [PageTokens(page=1, width=595, height=842, tokens=(), source="pdf")]
    fields = {
        "total": {"value": "1.00", "confidence": 0.7, "page": 1, "source": "layout:label"},
        "po_number": {"value": "45", "confidence": 0.3, "page": 1, "source": "layout:label"},
        "vendor_name": {"value": "A", "confidence": 0.7, "page": 1, "source": "template:a@1"},
    }
    out = calibrate(fields, pages, table)
    assert out["total"]["confidence"] == 0.99 and out["po_number"]["confidence"] == 0.2
    assert out["vendor_name"]["confidence"] == 0.7


def test_reliability_table_bins() -> None:
    rows = reliability([(0.96, True), (0.97, False), (0.6, True)])
    assert [r["n"] for r in rows] == [1, 2]
    assert rows[1]["accuracy"] == 0.5


def test_a_score_below_anything_the_fit_saw_is_not_raised() -> None:
    # The fit saw invoice dates only next to labels (raw 0.73-0.95), always right.
    table = fit([("pdf", "invoice_date", 0.73 + k / 100, True) for k in range(30)])
    assert table["floors"]["pdf"] == 0.73
    page = PageTokens(page=1, width=595, height=842, tokens=(), source="pdf")

    def conf(raw: float) -> float:
        field = {"value": "2026-01-02", "confidence": raw, "page": 1, "source": "layout:x"}
        return calibrate({"invoice_date": field}, [page], table)["invoice_date"]["confidence"]

    assert conf(0.8) > 0.9  # within what the fit saw: calibrated
    assert conf(0.3) == 0.3  # a first-date guess: not lent the labels' 0.97
