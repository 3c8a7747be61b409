"""Field candidates proposed by a learned labeller (``FieldScorer``), not only rescored by it.

The rule path reads values next to labels it knows; a layout it has never seen, or a
value printed without a label, leaves it empty-handed. The labeller gives every token a
probability per field. Here, per field, runs of tokens above ``THRESHOLD`` that follow
each other in reading order (same page, same or next line) become spans; each span is
read with the field's typed reader (``values.READERS``: dates to ``YYYY-MM-DD``, amounts
to decimal strings, checksum-valid IBANs ...) and, when it parses, becomes a
``Candidate`` scored by the span's mean probability, with ``source="model:<version>"``.

``choose.select`` then arbitrates between these and the rule candidates exactly as
between rule candidates (best score, subtotal + tax = total, due >= invoice date). The
confidence reported for a chosen model value is the span's mean probability: the model
is calibrated itself, so ``calibration.py`` leaves ``model:`` sources alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from extractors.fields import Candidate
from extractors.parse import Conventions
from extractors.tokens import PageTokens, Token, union_bbox
from extractors.values import READERS, Reader, read_name

THRESHOLD = 0.5  # a token belongs to a field's span above this probability
MAX_SPAN = 12  # tokens; longer runs are split (no header value is that long)
SPAN_READERS: dict[str, Reader] = {**READERS, "vendor_name": read_name}

TokenProbs = Sequence[Mapping[int, Mapping[str, float]]]


def reading_order(page: PageTokens) -> list[int]:
    """Return the page's token indices in reading order (line, then row, then x)."""
    toks = page.tokens
    return sorted(
        range(len(toks)), key=lambda i: (toks[i].line, round(toks[i].top / 3), toks[i].x0)
    )


def _follows(prev: Token, tok: Token) -> bool:
    """Return whether ``tok`` may continue a span ending at ``prev`` (same or next line)."""
    return abs(tok.line - prev.line) <= 1


def field_runs(
    page: PageTokens, probs: Mapping[int, Mapping[str, float]], threshold: float = THRESHOLD
) -> Iterator[tuple[str, list[int], float]]:
    """Yield ``(field, token indices, mean probability)`` for every span on one page."""
    fields = sorted({f for p in probs.values() for f, v in p.items() if v > threshold})
    order = reading_order(page)
    for field in fields:
        run: list[int] = []
        for i in order:
            p = probs.get(i, {}).get(field, 0.0)
            inside = p > threshold
            if run and (
                not inside
                or not _follows(page.tokens[run[-1]], page.tokens[i])
                or len(run) >= MAX_SPAN
            ):
                yield field, run, _mean(probs, run, field)
                run = []
            if inside:
                run.append(i)
        if run:
            yield field, run, _mean(probs, run, field)


def _mean(probs: Mapping[int, Mapping[str, float]], run: Sequence[int], field: str) -> float:
    return sum(probs[i][field] for i in run) / len(run)


def span_candidates(
    pages: Sequence[PageTokens],
    probs: TokenProbs,
    conv: Conventions,
    version: str,
    threshold: float = THRESHOLD,
) -> list[Candidate]:
    """Return a typed candidate for every labeller span that its field's reader can parse."""
    out: list[Candidate] = []
    for page, page_probs in zip(pages, probs, strict=False):
        for field, run, score in field_runs(page, page_probs, threshold):
            reader = SPAN_READERS.get(field)
            toks = [page.tokens[i] for i in run]
            got = reader(toks, conv) if reader else None
            if got is None or not got[1]:
                continue  # not a value of this field's type: the span is discarded
            value, used = got
            out.append(
                Candidate(
                    field,
                    value,
                    round(score, 4),
                    page.page,
                    union_bbox(used),
                    f"model:{version}",
                    tuple(used),
                    toks[0].block,
                )
            )
    return out


def new_values(spans: Sequence[Candidate], rules: Sequence[Candidate]) -> list[Candidate]:
    """Return the spans that tell the rules something new: another value, another place.

    A span whose value a rule candidate of its field already has (whole or in part:
    "plc" of "Redwood Logistics plc" printed again in the footer), or lying on a rule
    candidate's words ("Hoffmann" of "Hoffmann Metallbau GmbH"), agrees with the rules;
    ``rescore`` has already raised that candidate by the same probabilities, and its
    ``layout:`` reading keeps the value's full extent.
    """
    placed = {(c.field, *_where(t)) for c in rules for t in c.tokens}
    return [
        s
        for s in spans
        if not any(_part_of(s.value, c.value) for c in rules if c.field == s.field)
        and not any((s.field, *_where(t)) in placed for t in s.tokens)
    ]


def _part_of(value: str, whole: str) -> bool:
    """Return whether ``value``'s words run inside ``whole``'s ("plc" of "Redwood ... plc")."""
    words, full = ([w.strip(".,;:()") for w in v.casefold().split()] for v in (value, whole))
    n = len(words)
    return any(full[i : i + n] == words for i in range(len(full) - n + 1))


def _where(t: Token) -> tuple[int, float, float]:
    """Return a word's place (a label split off a word keeps its x0 and top, not its text)."""
    return t.page, round(t.x0, 1), round(t.top, 1)


def model_confidence(
    chosen: Mapping[str, Candidate], spans: Sequence[Candidate]
) -> dict[str, Candidate]:
    """Return ``chosen`` with every model-sourced value scored by its span's mean probability.

    ``choose.select`` may raise the score of values that add up (subtotal + tax = total);
    that boost is for the uncalibrated rule scores, not for the model's probabilities.
    """
    mean = {(s.field, s.value, s.page, s.bbox): s.score for s in spans}
    out = {}
    for name, c in chosen.items():
        key = (c.field, c.value, c.page, c.bbox)
        if c.source.startswith("model:") and key in mean:
            c = replace(c, score=mean[key])
        out[name] = c
    return out
