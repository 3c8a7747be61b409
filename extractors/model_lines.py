"""Line items read from a layout labeller's cell labels, and the choice between readers.

A labeller trained with line-item cells (``models.cells``) gives every word a
probability of being an item's description (``B-`` where an item starts, ``I-`` inside),
quantity, unit price or amount. No header row is needed: on a table it has never
seen, rows come from the page's geometry (``lines.visual_rows``) and the labels say
which words are which cell.

1. A visual row holding an amount starts an item; its quantity and unit price are the
   row's words labelled so. Numbers that do not multiply out are tried the other way
   round from the row's other numbers (``lines._solve``), keeping the amount.
2. A row of description words without numbers continues the item above it (``I-``),
   or, starting an item (``B-``), is held for the next numeric row that has no
   description of its own (a description printed above its numbers). Rows of an
   item may go over a page break.
3. Totals and sub-totals are header fields to the labeller, never cells; a row that is
   not priced and equals the sum of the rows above it goes as well
   (``lines.without_totals_rows``).

``choose_lines`` keeps the rule reader's lines unless the model's have more evidence:
their amounts add up to a total printed on the page where the rules' do not, with at
least as many rows that multiply out (quantity x price = amount).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from extractors.fields import document_conventions
from extractors.lines import (
    _close,
    _number,
    item_name,
    visual_rows,
    without_totals_rows,
)
from extractors.parse import Conventions, format_decimal, normalise_text, parse_amount
from extractors.tokens import PageTokens, Token

CELLS = ("line_description", "line_quantity", "line_unit_price", "line_amount")
THRESHOLD = 0.5  # a word is a cell when its B + I probability is above this
CellProbs = Sequence[Mapping[int, Mapping[str, float]]]
MODES = ("evidence", "rules", "model")


def _cell(probs: Mapping[str, float]) -> tuple[str, bool, float] | None:
    """Return ``(cell, starts, probability)`` of a word, or None when it is no cell.

    A number the labeller is sure is a cell but not which (price or amount, say) is a
    ``line_number``: the row's geometry and arithmetic decide (``_item``).
    """
    best, best_p = None, THRESHOLD
    for c in CELLS:
        p = probs.get(f"B-{c}", 0.0) + probs.get(f"I-{c}", 0.0)
        if p > best_p:
            best, best_p = c, p
    if best is None:
        numeric = sum(probs.get(f"{b}-{c}", 0.0) for c in CELLS[1:] for b in "BI")
        if numeric > THRESHOLD:
            return "line_number", True, numeric
        return None
    return best, probs.get(f"B-{best}", 0.0) >= probs.get(f"I-{best}", 0.0), best_p


def _runs(words: Sequence[tuple[Token, str, bool, float]], cell: str) -> list[list[Token]]:
    """Return the row's runs of ``cell`` words, left to right.

    A description's ``B-`` word starts a new run; numbers run on while adjacent ("1 000").
    """
    runs: list[list[Token]] = []
    prev = None
    for k, (tok, c, starts, _) in enumerate(words):
        if c != cell:
            prev = None
            continue
        if prev is None or prev != k - 1 or (starts and cell == "line_description"):
            runs.append([])
        runs[-1].append(tok)
        prev = k
    return runs


def _value(runs: list[list[Token]], conv: Conventions, last: bool) -> Decimal | None:
    for run in reversed(runs) if last else runs:
        v = _number(run, conv)
        if v is not None:
            return v
    return None


def _text(tokens: Sequence[Token]) -> str:
    return normalise_text(" ".join(t.text for t in tokens))


def model_lines(pages: Sequence[PageTokens], cells: CellProbs) -> list[dict[str, Any]]:
    """Return the document's line items in the contract's shape, from the cell labels."""
    conv = document_conventions(pages)
    items: list[dict[str, Any]] = []
    held: list[Token] = []  # description words printed above their numbers
    for page, probs in zip(pages, cells, strict=False):
        where = {id(t): k for k, t in enumerate(page.tokens)}
        for row in visual_rows(page.tokens):
            words = []
            for tok in sorted(row, key=lambda t: t.x0):
                got = _cell(probs.get(where[id(tok)], {}))
                if got is not None:
                    words.append((tok, *got))
            if not words:
                continue
            desc = [w for w in words if w[1] == "line_description"]
            nums = {
                "quantity": _value(_runs(words, "line_quantity"), conv, last=False),
                "unit_price": _value(_runs(words, "line_unit_price"), conv, last=True),
                "amount": _value(_runs(words, "line_amount"), conv, last=True),
            }
            if nums["amount"] is None:  # the rightmost number a cell: the amount column
                nums["amount"] = _value(_runs(words, "line_number"), conv, last=True)
            if nums["amount"] is None:
                if not desc:
                    continue
                if desc[0][2] or not items:
                    held.extend(w[0] for w in desc)
                else:  # continues the item above (wrapped description)
                    it = items[-1]
                    it["_desc"].extend(w[0] for w in desc)
                    it["description"] = item_name(_text(it["_desc"])) or None
                continue
            own = [w[0] for w in desc]
            if not own and nums["quantity"] is None and nums["unit_price"] is None:
                continue  # an amount alone: a totals or tax row the labeller took for a cell
            tokens = own if own and desc[0][2] else [*held, *own]
            held = []
            items.append(_item(nums, tokens, words, row, conv, page.page))
    for it in items:
        it.pop("_desc", None)
    return [i for i in without_totals_rows(items) if i["description"] or i.get("quantity")]


def _solve(
    q: Decimal | None, p: Decimal | None, a: Decimal, cells: Sequence[Token], conv: Conventions
) -> tuple[Decimal | None, Decimal | None]:
    """Return quantity and unit price that make ``a`` from the row's other words (a number
    the labeller missed included), keeping a labelled one where it fits; else what was
    labelled (the item stays unpriced)."""
    pool = []
    for t in cells:
        v = parse_amount(t.text, decimal=conv.decimal)
        if v is not None and v != 0 and abs(v) != abs(a) and abs(v) not in pool:
            pool.append(abs(v))
    tries = [
        *(((q, v) for v in pool) if q is not None else ()),
        *(((v, p) for v in pool) if p is not None else ()),
        *((x, y) for x in pool for y in pool if x is not y),
    ]
    for qq, pp in tries:
        if _close(qq, pp, abs(a)):
            return qq, pp
    return q, p


def _item(
    nums: dict[str, Decimal | None],
    desc: list[Token],
    words: Sequence[tuple[Token, str, bool, float]],
    row: Sequence[Token],
    conv: Conventions,
    page: int,
) -> dict[str, Any]:
    q, p, a = nums["quantity"], nums["unit_price"], nums["amount"]
    if a is not None and not (q is not None and p is not None and _close(q, p, a)):
        desc_ids = {id(t) for t in desc}
        q, p = _solve(q, p, a, [t for t in row if id(t) not in desc_ids], conv)
    if a is not None and q is not None and p is None and q != 0:
        exact = (a / q).quantize(Decimal("0.01"))
        p = exact if _close(q, exact, a) else None
    item: dict[str, Any] = {"description": item_name(_text(desc)) or None}
    for key, v in (("quantity", q), ("unit_price", p), ("amount", a)):
        item[key] = format_decimal(v) if v is not None else None
    probs = [w[3] for w in words]
    priced = q is not None and p is not None and a is not None and _close(q, p, a)
    item["confidence"] = round(min(0.99, sum(probs) / len(probs)) * (1.0 if priced else 0.8), 4)
    item["page"] = page
    item["_desc"] = list(desc)
    return item


def _printed_amounts(pages: Sequence[PageTokens]) -> Counter[Decimal]:
    """Return how often the pages print each amount (single words and two-word groups)."""
    conv = document_conventions(pages)
    out: Counter[Decimal] = Counter()
    for page in pages:
        toks = page.tokens
        for k, t in enumerate(toks):
            for text in (t.text, f"{t.text} {toks[k + 1].text}" if k + 1 < len(toks) else ""):
                v = parse_amount(text, decimal=conv.decimal) if text else None
                if v is not None:
                    out[abs(v)] += 1
    return out


def _evidence(lines: Sequence[Mapping[str, Any]], printed: Counter[Decimal]) -> tuple[int, int]:
    """Return (amounts add up to a total printed on the page, rows that multiply out).

    The sum must be printed more often than the items themselves print it: one item's
    amount is its own sum, which says nothing until a total repeats it.
    """
    amounts = [Decimal(x["amount"]) for x in lines if x.get("amount") not in (None, "")]
    total = abs(sum(amounts))
    adds_up = bool(amounts) and printed[total] > sum(1 for a in amounts if abs(a) == total)
    priced = 0
    for x in lines:
        try:
            q, p, a = (Decimal(str(x[k])) for k in ("quantity", "unit_price", "amount"))
        except (KeyError, TypeError, ArithmeticError, ValueError):
            continue
        priced += _close(q, p, a)
    return int(adds_up), priced


def choose_lines(
    pages: Sequence[PageTokens],
    rules: list[dict[str, Any]],
    model: list[dict[str, Any]],
    mode: str = "evidence",
) -> tuple[list[dict[str, Any]], str]:
    """Return the lines to report and which reader gave them (``rules`` | ``model``)."""
    if mode not in MODES:
        raise ValueError(f"unknown line reader {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "rules" or (mode == "evidence" and not model):
        return rules, "rules"
    if mode == "model":
        return model, "model"
    printed = _printed_amounts(pages)
    r_sum, r_priced = _evidence(rules, printed)
    m_sum, m_priced = _evidence(model, printed)
    # Only the sum decides: rows that multiply out are easy to find in a tax breakdown too
    # (measured: preferring them lost line F1 on real layouts the labeller never saw).
    if m_sum > r_sum and m_priced >= r_priced:
        return model, "model"
    return rules, "rules"
