"""Line-item cells: truth aligned to words, and items assembled from cell labels.

Pure functions on hand-made pages: no model, no PDF. The labels given to ``model_lines``
are what a labeller outputs (per word, per cell label, a probability).
"""

from __future__ import annotations

from extractors.model_lines import choose_lines, model_lines
from extractors.tokens import PageTokens, Token
from models.align import bio_labels
from models.cells import cell_labels


def _row(words: list[tuple[str, float]], top: float, line: int, page: int = 1) -> list[Token]:
    return [Token(w, x, top, x + 6 * len(w), top + 9, page=page, line=line) for w, x in words]


def _table_page(page: int, rows: list[list[tuple[str, float]]], start: float = 100) -> PageTokens:
    toks: list[Token] = []
    for k, r in enumerate(rows):
        # each cell its own layout line, as a PDF's text layer often gives table cells
        for j, (w, x) in enumerate(r):
            toks.extend(_row([(w, x)], start + 14 * k, line=100 * k + j, page=page))
    return PageTokens(page=page, width=595, height=842, tokens=tuple(toks))


ROWS = [
    [("Item", 40), ("Qty", 300), ("Price", 380), ("Amount", 480)],
    [("Steel", 40), ("bolts", 80), ("M8", 120), ("4", 300), ("2.50", 380), ("10.00", 480)],
    [("zinc", 40), ("plated", 80)],
    [("Hex", 40), ("nuts", 70), ("3", 300), ("1.20", 380), ("3.60", 480)],
    [("Subtotal", 380), ("13.60", 480)],
]
LINES = [
    {"description": "Steel bolts M8 zinc plated", "quantity": "4", "unit_price": "2.50",
     "amount": "10.00"},
    {"description": "Hex nuts", "quantity": "3", "unit_price": "1.20", "amount": "3.60"},
]  # fmt: skip


def test_truth_lines_align_to_cells_and_totals_row_stays_out() -> None:
    page = _table_page(1, ROWS)
    toks = list(page.tokens)
    labels = cell_labels(toks, LINES, bio_labels(toks, {"subtotal": "13.60"}))
    got = {t.text: lab for t, lab in zip(toks, labels, strict=True) if lab != "O"}
    assert got["13.60"] == "B-subtotal"  # a header field, not an item's amount
    assert got["10.00"] == "B-line_amount" and got["3.60"] == "B-line_amount"
    assert got["4"] == "B-line_quantity" and got["2.50"] == "B-line_unit_price"
    assert got["Steel"] == "B-line_description" and got["plated"] == "I-line_description"
    assert got["Hex"] == "B-line_description" and got["nuts"] == "I-line_description"
    assert "Qty" not in got and "Item" not in got


def _probs(page: PageTokens, labels: dict[str, str]) -> dict[int, dict[str, float]]:
    """What a confident labeller says: 0.9 for the word's cell label."""
    return {i: {labels[t.text]: 0.9} for i, t in enumerate(page.tokens) if t.text in labels}


CELLS = {
    "Steel": "B-line_description", "bolts": "I-line_description", "M8": "I-line_description",
    "zinc": "I-line_description", "plated": "I-line_description",
    "Hex": "B-line_description", "nuts": "I-line_description",
    "4": "B-line_quantity", "3": "B-line_quantity",
    "2.50": "B-line_unit_price", "1.20": "B-line_unit_price",
    "10.00": "B-line_amount", "3.60": "B-line_amount",
}  # fmt: skip


def test_items_from_cell_labels_wrap_rows_and_cross_pages() -> None:
    # the second item's row sits on page 2; the table has no header the rules know
    p1 = _table_page(1, ROWS[1:3])
    p2 = _table_page(2, ROWS[3:], start=60)
    items = model_lines([p1, p2], [_probs(p1, CELLS), _probs(p2, CELLS)])
    assert [(i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        ("Steel bolts M8 zinc plated", "4", "2.50", "10.00"),
        ("Hex nuts", "3", "1.20", "3.60"),
    ]
    assert [i["page"] for i in items] == [1, 2]


def test_price_is_solved_from_quantity_and_amount_when_unlabelled() -> None:
    page = _table_page(1, [ROWS[1]])
    cells = {k: v for k, v in CELLS.items() if k != "2.50"}
    [item] = model_lines([page], [_probs(page, cells)])
    assert item["unit_price"] == "2.50" and item["amount"] == "10.00"


def test_choice_keeps_rules_unless_model_lines_have_more_evidence() -> None:
    page = _table_page(1, ROWS)
    good = [
        {"description": "a", "quantity": "4", "unit_price": "2.50", "amount": "10.00"},
        {"description": "b", "quantity": "3", "unit_price": "1.20", "amount": "3.60"},
    ]
    bad = [{"description": "a", "quantity": "4", "unit_price": "2.50", "amount": "10.00"}]
    assert choose_lines([page], bad, good)[1] == "model"  # adds up to the printed 13.60
    assert choose_lines([page], good, bad)[1] == "rules"
    assert choose_lines([page], good, good)[1] == "rules"  # a tie keeps the rules
    assert choose_lines([page], good, bad, mode="model")[0] == bad
    assert choose_lines([page], bad, good, mode="rules")[0] == bad
