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
their amounts add up to a total printed on the page where the rules' do not, or, both
alike on that, more of their rows multiply out (quantity x price = amount).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from extractors.fields import document_conventions
from extractors.lines import (
    _close,
    _number,
    _solve,
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
    """Return ``(cell, starts, probability)`` of a word, or None when it is no cell."""
    best, best_p = None, THRESHOLD
    for c in CELLS:
        p = probs.get(f"B-{c}", 0.0) + probs.get(f"I-{c}", 0.0)
        if p > best_p:
            best, best_p = c, p
    if best is None:
        return None
    return best, probs.get(f"B-{best}", 0.0) >= probs.get(f"I-{best}", 0.0), best_p


def _runs(words: Sequence[tuple[Token, str, bool, float]], cell: str) -> list[list[Token]]:
    """Return the row's runs of ``cell`` words, left to right (a ``B-`` word starts one)."""
    runs: list[list[Token]] = []
    prev = None
    for k, (tok, c, starts, _) in enumerate(words):
        if c != cell:
            prev = None
            continue
        if prev is None or starts or prev != k - 1:
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
            tokens = own if own and desc[0][2] else [*held, *own]
            held = []
            items.append(_item(nums, tokens, words, row, conv, page.page))
    for it in items:
        it.pop("_desc", None)
    return [i for i in without_totals_rows(items) if i["description"] or i.get("quantity")]


def _item(
    nums: dict[str, Decimal | None],
    desc: list[Token],
    words: Sequence[tuple[Token, str, bool, float]],
    row: Sequence[Token],
    conv: Conventions,
    page: int,
) -> dict[str, Any]:
    nums = _solve(nums, [{"row": list(row)}], conv) if nums["amount"] is not None else nums
    q, p, a = nums["quantity"], nums["unit_price"], nums["amount"]
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


def _printed_amounts(pages: Sequence[PageTokens]) -> set[Decimal]:
    """Return every amount the pages print (single words and two-word groups)."""
    conv = document_conventions(pages)
    out: set[Decimal] = set()
    for page in pages:
        toks = page.tokens
        for k, t in enumerate(toks):
            for text in (t.text, f"{t.text} {toks[k + 1].text}" if k + 1 < len(toks) else ""):
                v = parse_amount(text, decimal=conv.decimal) if text else None
                if v is not None:
                    out.add(abs(v))
    return out


def _evidence(lines: Sequence[Mapping[str, Any]], printed: set[Decimal]) -> tuple[int, int]:
    """Return (amounts add up to a printed total, rows that multiply out)."""
    amounts = [Decimal(x["amount"]) for x in lines if x.get("amount") not in (None, "")]
    adds_up = bool(amounts) and abs(sum(amounts)) in printed
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
    if m_sum > r_sum or (m_sum == r_sum and m_priced > r_priced and len(model) >= len(rules)):
        return model, "model"
    return rules, "rules"
