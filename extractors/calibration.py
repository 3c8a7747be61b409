"""Calibrated field confidence: turn the extractor's raw candidate score into the
probability that the value is right, measured on documents with known answers.

The raw score (label strength x position x OCR confidence x agreement) orders
candidates well but is not a probability: a label-anchored invoice number read
from a clean PDF scored ~0.73 while being right every time. ``fit`` runs the
extractor over the synthetic corpus's *training* layouts (never the held-out ones),
fits a monotone map from raw score to observed accuracy (isotonic regression,
Laplace-smoothed) per text source (pdf | ocr) and per field where there is enough
data, and writes it to ``calibration.json`` beside this file. ``calibrate`` applies
it. The held-out layouts then give an honest reliability table.

Regenerate with: ``python -m extractors.calibration fit [--count N] [--seed S]``.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from bursar.contract import DECIMAL_FIELDS
from extractors.tokens import PageTokens

TABLE = Path(__file__).with_name("calibration.json")
MIN_PER_FIELD = 25  # fewer samples than this: use the source-wide map
# Values the rule path guessed with no label: the first date on the page, the largest
# amount. On the training layouts such guesses are mostly right (the fit says 0.95),
# on a layout never seen they are right about 60% of the time, so no fit on known
# layouts can vouch for them: they stay below any auto-approval threshold, and a
# person confirms them.
GUESSES = ("layout:first-date", "layout:largest-amount")
GUESS_CONFIDENCE = 0.6

Record = tuple[str, str, float, bool]  # (source, field, raw score, correct)


def same(key: str, a: Any, b: Any) -> bool:
    """Return whether an extracted value equals the truth (decimals compared as numbers)."""
    if a is None or b is None:
        return a is None and b is None
    if key in DECIMAL_FIELDS:
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except InvalidOperation:
            return False
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def isotonic(points: Sequence[tuple[float, bool]]) -> list[list[float]]:
    """Return ``[[max_score, probability], ...]`` increasing in both (pool adjacent violators).

    Equal scores start in one block: a score cannot map to two probabilities.
    """
    tied: dict[float, list[float]] = {}
    for score, ok in points:
        agg = tied.setdefault(round(score, 4), [0.0, 0.0])
        agg[0] += float(ok)
        agg[1] += 1.0
    blocks: list[list[float]] = []  # [max score, correct, n]
    for score in sorted(tied):
        blocks.append([score, *tied[score]])
        while len(blocks) > 1 and _p(blocks[-2]) >= _p(blocks[-1]):
            top = blocks.pop()
            blocks[-1] = [top[0], blocks[-1][1] + top[1], blocks[-1][2] + top[2]]
    return [[s, round(min(_p([s, c, n]), 0.995), 4)] for s, c, n in blocks]


def _p(block: Sequence[float]) -> float:
    """Laplace-smoothed accuracy of a block: one imagined right and one wrong answer."""
    return (block[1] + 1) / (block[2] + 2)


def fit(records: Iterable[Record]) -> dict[str, Any]:
    """Return the calibration table from (source, field, raw, correct) records."""
    by_source: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    by_field: dict[tuple[str, str], list[tuple[float, bool]]] = defaultdict(list)
    for source, field, raw, ok in records:
        by_source[source].append((raw, ok))
        by_field[(source, field)].append((raw, ok))
    table: dict[str, dict[str, list[list[float]]]] = {}
    floors: dict[str, float] = {}  # per text source: the lowest raw score the fit saw
    for source, points in by_source.items():
        table[source] = {"*": isotonic(points)}
        floors[source] = round(min(raw for raw, _ in points), 4)
        for (src, field), fpoints in by_field.items():
            if src == source and len(fpoints) >= MIN_PER_FIELD:
                table[source][field] = isotonic(fpoints)
    return {"version": "cal@2", "maps": table, "floors": floors}


@lru_cache(maxsize=1)
def load_table() -> dict[str, Any] | None:
    """Return the shipped calibration table, or None when absent."""
    try:
        return json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def lookup(steps: list[list[float]], raw: float) -> float:
    """Return the probability of the first step whose max score reaches ``raw``."""
    i = bisect_left([s for s, _ in steps], raw)
    return steps[min(i, len(steps) - 1)][1]


def calibrate(
    fields: dict[str, Any], pages: Sequence[PageTokens], table: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Return ``fields`` with layout-derived confidences replaced by calibrated ones.

    Template and e-invoice fields keep their own confidence: they are not scored by
    the generic layout reader this table was fitted on.
    """
    table = table if table is not None else load_table()
    if not table:
        return fields
    out = {}
    for name, f in fields.items():
        src = str(f.get("source", ""))
        if src.startswith("layout:") and isinstance(f.get("confidence"), float | int):
            source = _page_source(pages, f.get("page", 1))
            maps = table["maps"].get(source, {})
            steps = maps.get(name) or maps.get("*")
            if steps:
                # The floor is the source's, not the field's: a field map starts higher
                # where its labels were strong, and "Due" scores below "Due date".
                floor = table.get("floors", {}).get(source)
                raw = float(f["confidence"])
                p = calibrated(steps, raw, floor)
                f = {**f, "confidence": round(min(p, GUESS_CONFIDENCE) if src in GUESSES else p, 4)}
        out[name] = f
    return out


def calibrated(steps: list[list[float]], raw: float, floor: float | None) -> float:
    """Return the calibrated probability of ``raw``, never extrapolated upwards.

    Below the lowest score seen in the fit (``floor``) the table knows nothing: such a
    value (a guess where no label was found, a badly read scan) keeps its raw score
    when that is lower, rather than borrowing the confidence of the weakest value that
    the fit saw -- which had a label, and was right.
    """
    p = lookup(steps, raw)
    return min(p, raw) if floor is not None and raw < floor else p


def _page_source(pages: Sequence[PageTokens], page: int) -> str:
    for p in pages:
        if p.page == page:
            return p.source
    return "pdf"


def reliability(
    records: Iterable[tuple[float, bool]],
    edges: Sequence[float] = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01),
) -> list[dict[str, Any]]:
    """Return rows of (confidence bin, n, mean confidence, accuracy) -- a reliability table."""
    rows, lo = [], 0.0
    recs = list(records)
    for hi in edges:
        inside = [(c, ok) for c, ok in recs if lo <= c < hi]
        if inside:
            rows.append(
                {
                    "bin": f"[{lo:.2f}, {min(hi, 1.0):.2f}]",
                    "n": len(inside),
                    "confidence": sum(c for c, _ in inside) / len(inside),
                    "accuracy": sum(ok for _, ok in inside) / len(inside),
                }
            )
        lo = hi
    return rows
