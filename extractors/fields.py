"""Header fields without a template: labels on the layout -> typed candidates -> choice.

1. ``candidates`` finds every label (``labels.py``) and reads a typed value to
   its right on the same line, in the next line of the same row, or just below.
2. Unlabelled evidence adds weaker candidates: a valid IBAN or VAT ID anywhere,
   the letterhead as the vendor name, the largest amount as the total.
3. An optional ``FieldScorer`` (a learned model) rescores candidates by the
   probability it gives their tokens, and proposes its own: its spans, read with the
   field's typed reader (``spans.py``), fill fields the rules missed.
4. ``choose.select`` keeps the best candidate per field under consistency checks
   (subtotal + tax = total, sum of lines = subtotal, due date >= invoice date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from extractors.labels import BLOCK_FIELDS, fuzzy_labels, match_labels
from extractors.layout import Line, make_line, page_lines
from extractors.parse import Conventions, conventions
from extractors.parties import Parties
from extractors.plugins import FieldScorer
from extractors.tokens import PageTokens, Token, union_bbox
from extractors.values import AMOUNT_FIELDS, READERS

POSITION_WEIGHT = {"same": 1.0, "right": 0.95, "below": 0.85}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible value for a field, with where it was read and how sure we are."""

    field: str
    value: str
    score: float
    page: int
    bbox: tuple[float, float, float, float]
    source: str = "layout:label"
    tokens: tuple[Token, ...] = ()
    block: int = -1


def _split_label(line: Line, end: int) -> list[Token]:
    """Return the line's tokens after the first ``end`` characters of its text."""
    pos = 0
    if end >= len(line.text):
        return []
    for i, t in enumerate(line.tokens):
        if pos + len(t.text) > end:
            if pos >= end:
                return list(line.tokens[i:])
            rest = t.text[end - pos :].strip(" :")
            tail = [replace(t, text=rest)] if rest else []
            return tail + list(line.tokens[i + 1 :])
        pos += len(t.text) + 1
    return []


def _right_lines(line: Line, lines: Sequence[Line]) -> list[Line]:
    cy, half, x1 = line.cy, 0.5 * line.height, line.x1 - 1
    row = [ln for ln in lines if ln.x0 >= x1 and abs(ln.cy - cy) < half and ln is not line]
    return sorted(row, key=lambda ln: ln.x0)


def _below_lines(line: Line, lines: Sequence[Line], x0: float) -> list[Line]:
    """Return lines just below a label starting at ``x0`` and starting near it."""
    out = [
        ln
        for ln in lines
        if ln.top >= line.bottom - 1
        and ln.top - line.bottom < 1.6 * line.height
        and (abs(ln.x0 - x0) < 3 * line.height or ln.x0 - 2 <= x0 <= ln.x1)
    ]
    out.sort(key=lambda ln: (round(ln.top), abs(ln.x0 - x0)))
    if not out:
        return []
    # several cells in one row below: keep the one under the label, split at its start
    first = out[0]
    toks = [t for t in first.tokens if t.x0 >= x0 - 3]
    return (
        [make_line(first.page, first.line, first.block, toks)]
        if toks and len(toks) < len(first.tokens)
        else out
    )


def _label_x0(line: Line, start: int) -> float:
    pos = 0
    for t in line.tokens:
        if pos >= start:
            return t.x0
        pos += len(t.text) + 1
    return line.x0


def _places(
    field: str, line: Line, rest: list[Token], lines: Sequence[Line], x0: float
) -> list[tuple[str, list[Token]]]:
    """Return where the value of a label on ``line`` may stand, best first."""
    right = _right_lines(line, lines)
    if field in AMOUNT_FIELDS:  # amounts sit at the row's right end, past any rate column
        if not rest and (under := _under_totals_head(line, lines)):
            return [("below", under)]
        return [("right", rest + [t for ln in right for t in ln.tokens])]
    places = [("same", rest)] if rest else []
    below = [
        ("below", list(ln.tokens))
        for ln in _below_lines(line, lines, x0)[:1]
        if not _starts_with_label(ln)
    ]
    if field in BLOCK_FIELDS:
        return places + below
    places += [("right", list(ln.tokens)) for ln in right[:1] if not _starts_with_label(ln)]
    places += below
    return places


def _under_totals_head(line: Line, lines: Sequence[Line]) -> list[Token]:
    """Return the amount printed under a label in a row of totals headings, if any.

    "Warenwert | Nettobetrag | MwSt-Betrag | Endbetrag" over rows of numbers: each
    heading's amount is the number under it. With a row per tax rate and a sum row
    below them, the sum row's (it must equal the rows above it). Only for a row of three
    or more headings without a number among them, under which rows of numbers follow,
    and never for a line-item table's header row.
    """
    from extractors.columns import header_columns, is_header
    from extractors.parse import parse_amount

    half = 0.5 * line.height
    row = [ln for ln in lines if abs(ln.cy - line.cy) < half]
    if len(row) < 3 or any(any(ch.isdigit() for ch in ln.text) for ln in row):
        return []
    if is_header(header_columns([t for ln in row for t in ln.tokens])):
        return []
    cells: list[Line] = []
    bottom = line.bottom
    while True:
        below = [ln for ln in lines if ln.top >= bottom - 1 and ln.top - bottom < 4 * line.height]
        if not below:
            break
        top = min(ln.top for ln in below)
        next_row = [ln for ln in below if ln.top - top < half]
        if any(_wordy(ln.text) for ln in next_row):
            break
        under = [ln for ln in next_row if ln.x0 < line.x1 + 2 and line.x0 - 2 < ln.x1]
        if len(under) != 1:
            break
        cells.append(under[0])
        bottom = max(ln.bottom for ln in next_row)
    if len(cells) <= 1:
        return list(cells[0].tokens) if cells else []
    values = [parse_amount(c.text.replace(" ", "")) for c in cells]
    if None in values:
        return []
    *parts, last = values
    if abs(sum(parts) - last) <= 0.01:  # type: ignore[arg-type]
        return list(cells[-1].tokens)
    return []


def _wordy(text: str) -> bool:
    """Return whether a cell holds words (a currency code or symbol is not one)."""
    return any(re.search(r"[^\W\d_]", w) and not re.fullmatch(r"[A-Z]{3}", w) for w in text.split())


def _starts_with_label(line: Line) -> bool:
    return any(start == 0 for _, start, _, _ in match_labels(line.text))


def _conf(tokens: Sequence[Token]) -> float:
    return (sum(t.conf for t in tokens) / len(tokens)) ** 0.5 if tokens else 0.0


def labelled(page: PageTokens, lines: Sequence[Line], conv: Conventions) -> list[Candidate]:
    """Return candidates read next to labels on one page."""
    out = []
    for line in lines:
        hits = match_labels(line.text)
        if not hits and line.tokens[0].source == "ocr":
            hits = fuzzy_labels(line.text)
        for field, start, end, strength in hits:
            if start > 0 and field in AMOUNT_FIELDS:
                continue
            rest = _split_label(line, end)
            if (
                field in BLOCK_FIELDS
                and rest
                and (not line.text.rstrip().endswith(":") or rest[-1].text.endswith(":"))
            ):
                continue  # "Customer Service ...", "Customer Number:" are not bill-to labels
            for where, toks in _places(field, line, rest, lines, _label_x0(line, start)):
                got = READERS[field](toks, conv) if toks else None
                if got is None:
                    continue
                value, used = got
                score = strength * POSITION_WEIGHT[where] * _conf(used) * 0.95
                out.append(
                    Candidate(
                        field,
                        value,
                        score,
                        page.page,
                        union_bbox(used),
                        "layout:label",
                        tuple(used),
                        line.block,
                    )
                )
                break
    return out


def candidates(pages: Sequence[PageTokens], conv: Conventions) -> list[Candidate]:
    """Return every field candidate in the document."""
    from extractors.guess import unlabelled

    out: list[Candidate] = []
    for page in pages:
        lines = page_lines(page.tokens, page.page)
        out += [net_or_discount(c, lines) for c in labelled(page, lines, conv)]
        out += unlabelled(page, lines, conv, out)
    return out


_DISCOUNT = re.compile(r"\b(?:skonto|escompte|sconto|descuento|pronto pago|korting|discount)\b")
_NET = re.compile(
    r"\b(?:ohne abzug|rein netto|netto|net|sans escompte|without (?:deduction|discount)|"
    r"senza sconto|sin descuento|zonder korting)\b"
)


def net_or_discount(c: Candidate, lines: Sequence[Line]) -> Candidate:
    """Return a due-date candidate scored by what its terms line says after the date.

    Payment terms list a date for each discount and the date the full amount is due
    ("Bis zum 20.04.2026 erhalten Sie 2 % Skonto" / "Bis zum 30.04.2026 ohne Abzug"):
    the due date is the one paid without deduction, not a discount's deadline.
    """
    if c.field != "due_date" or not c.tokens:
        return c
    last = c.tokens[-1]
    for ln in lines:
        toks = list(ln.tokens)
        if last in toks:
            after = " ".join(t.text for t in toks[toks.index(last) + 1 :][:6]).casefold()
            if _NET.search(after):
                return replace(c, score=c.score + 0.1)
            if _DISCOUNT.search(after) or "%" in after:
                return replace(c, score=c.score * 0.6)
            break
    return c


def rescore(
    cands: list[Candidate],
    pages: Sequence[PageTokens],
    scorer: FieldScorer,
    probs: list[dict[int, dict[str, float]]] | None = None,
) -> list[Candidate]:
    """Return candidates with scores blended with the scorer's token probabilities.

    ``probs``: the scorer's ``token_probs(pages)`` when already computed.
    """
    probs = scorer.token_probs(pages) if probs is None else probs
    index = {(p.page, t): i for p in pages for i, t in enumerate(p.tokens)}
    out = []
    for c in cands:
        ps = [
            probs[c.page - 1].get(index.get((c.page, t), -1), {}).get(c.field, 0.0)
            for t in c.tokens
        ]
        if ps:
            c = replace(c, score=0.5 * c.score + 0.5 * sum(ps) / len(ps))
        out.append(c)
    return out


ANCHOR_SCORE = 0.6  # a known, specific label next to a value of the right type scores above


def anchored(cands: Sequence[Candidate]) -> set[str]:
    """Return the fields a strong label anchors (``layout:label`` scoring >= ANCHOR_SCORE).

    There the rule path reads what the document itself says the value is, and a
    labeller's span must not replace it: on layouts the labeller has never seen its
    guesses are wrong more often than a specific label is. It competes where the rules
    only guessed (letterhead, first date, largest amount) or found nothing.
    """
    return {c.field for c in cands if c.source == "layout:label" and c.score >= ANCHOR_SCORE}


def extract_fields(
    pages: Sequence[PageTokens],
    *,
    kind: str,
    lines: list[dict[str, Any]],
    scorer: FieldScorer | None = None,
    parties: Parties | None = None,
    ranker: Any = None,
) -> tuple[dict[str, Any], list[str]]:
    """Return (contract fields dict, warnings) for the document.

    ``ranker`` (``extractors.rank.Ranker`` or anything with its ``rescore``): a learned
    model that scores every candidate before the choice; None: the rules' scores.
    """
    from extractors.choose import select
    from extractors.guess import from_line_items
    from extractors.spans import model_confidence, new_values, span_candidates

    conv = document_conventions(pages)
    cands = candidates(pages, conv)
    cands = with_parties(cands, pages, parties)
    held = anchored(cands)
    if kind != "claim" and not {"subtotal", "tax_amount", "total"} <= held:
        cands += from_line_items(pages, conv, lines)  # labels did not name all the totals
    spans: list[Candidate] = []
    if scorer is not None:
        probs = scorer.token_probs(pages)
        cands = rescore(cands, pages, scorer, probs)
        spans = new_values(span_candidates(pages, probs, conv, scorer.version), cands)
        spans = [s for s in spans if s.field not in held]
    rivals = [*cands, *spans]
    if ranker is not None:
        cands, spans = ranked_choice(ranker, cands, spans, pages, conv, kind, lines)
    chosen, warnings = select([*cands, *spans], kind=kind, lines=lines)
    chosen = model_confidence(chosen, spans)
    if kind == "credit_note":  # a credit note's amounts are positive; its kind says credit
        chosen = {
            f: replace(c, value=c.value.lstrip("-")) if f in AMOUNT_FIELDS else c
            for f, c in chosen.items()
        }
    out = {f: to_field(c) for f, c in chosen.items()}
    for f, c in chosen.items():  # how far the next different value stood (issue 23 evidence)
        rival = max((x.score for x in rivals if x.field == f and x.value != c.value), default=None)
        out[f]["evidence"] = {"runner_up": None if rival is None else round(min(rival, 1.0), 4)}
    return out, warnings


def ranked_choice(
    ranker: Any,
    cands: list[Candidate],
    spans: list[Candidate],
    pages: Sequence[PageTokens],
    conv: Conventions,
    kind: str,
    lines: list[dict[str, Any]],
) -> tuple[list[Candidate], list[Candidate]]:
    """Return (candidates, spans) narrowed to the values the learned ranker chooses.

    The ranker (``extractors.rank``) scores every candidate, and those the generic
    typed-value proposer adds, and ``select`` chooses with its scores. The choice then
    narrows the rules' own candidates to the chosen value per field, so that confidences,
    warnings and the arithmetic's checks keep the rules' meaning (the calibration and the
    evidence model were fitted on them); a value only the generic proposer found keeps
    the ranker's probability, at most 0.5: no rule vouches for it.
    """
    from extractors.choose import select
    from extractors.company import fold
    from extractors.rank import GENERIC_SOURCE, generic_candidates

    rules_choice, _ = select([*cands, *spans], kind=kind, lines=lines)
    # a buyer's name only where a rule proposes one: held out, the ranker's own picks
    # among every name-like line gained 13 of 352 documents and named a customer on pages
    # that print none (a column heading, the seller)
    extra = [c for c in generic_candidates(pages, conv) if c.field != "customer_name"]
    scored = ranker.rescore([*cands, *spans, *extra], pages, conv, lines, rules_choice)
    picked, _ = select(scored, kind=kind, lines=lines)
    keep: dict[str, str | None] = {f: c.value for f, c in picked.items()}
    keep.update(labelled_money(cands, rules_choice, keep))
    # the vendor's own name, IBAN or VAT ID on file, found on the page, stands: the
    # ranker learned from first invoices and cannot weigh what the vendor master says
    keep.update({f: c.value for f, c in rules_choice.items() if c.source == "master-data"})
    vendor, customer = keep.get("vendor_name"), keep.get("customer_name")
    if vendor and customer and fold(vendor) == fold(customer):
        # one party is not both seller and buyer: the customer is the best other name
        # (the ranker tells vendors far better than customers)
        others = [c for c in scored if c.field == "customer_name" and fold(c.value) != fold(vendor)]
        keep["customer_name"] = max(others, key=lambda c: c.score).value if others else None
    known = {(c.field, c.value) for c in (*cands, *spans)}
    best: dict[str, Candidate] = {}  # the kept value's best-scored candidate, per field
    for c in scored:
        mine = c.field in keep and c.value == keep[c.field]
        if mine and (c.field not in best or c.score > best[c.field].score):
            best[c.field] = c
    only_generic = [
        replace(c, score=min(c.score, 0.5))
        for f, c in best.items()
        if c.source == GENERIC_SOURCE and (f, c.value) not in known
    ]

    def kept(c: Candidate) -> bool:
        return c.field not in keep or c.value == keep[c.field]

    return [c for c in cands if kept(c)] + only_generic, [c for c in spans if kept(c)]


def labelled_money(
    cands: Sequence[Candidate], rules: dict[str, Candidate], picked: dict[str, str]
) -> dict[str, str]:
    """Return the amounts where the rules' labelled reading stands against the ranker.

    An amount the page prints under its own label (``Total 1,828.48``) is what the
    document says, right or wrong. The ranker learned which values usually are the total,
    and a value that makes the sums agree (the subtotal's, the lines' sum) usually is; on
    a page whose printed total does not add up that would "repair" the very discrepancy
    the rules engine must route. So where the rules chose an amount a strong label gave,
    the ranker may choose only among the values a strong label of that field gave (a page
    printing "Gesamtsumme" twice, net and gross); otherwise the rules' value stands.
    """
    labelled: dict[str, set[str]] = {}
    for c in cands:
        if c.field in AMOUNT_FIELDS and c.source == "layout:label" and c.score >= ANCHOR_SCORE:
            labelled.setdefault(c.field, set()).add(c.value)
    return {
        f: c.value
        for f, c in rules.items()
        if c.value in labelled.get(f, ()) and picked.get(f) not in (None, *labelled[f])
    }


def with_parties(
    cands: list[Candidate], pages: Sequence[PageTokens], parties: Parties | None
) -> list[Candidate]:
    """Return candidates with the party blocks' added and the buyer's own values removed.

    A VAT ID, IBAN or name that a buyer block prints (or that ``[company]`` declares)
    is never the vendor's; a known vendor's IBAN or VAT ID on the page raises its values.
    """
    from extractors.parties import compact, fold, known_vendor, party_candidates

    found, buyer_own = party_candidates(pages, parties)
    buyer_own |= {compact(c.value) for c in cands if c.field == "customer_tax_id"}
    customers = {fold(c.value) for c in found if c.field == "customer_name"}
    out = []
    for c in [*cands, *found]:
        if c.field in ("vendor_tax_id", "vendor_iban") and compact(c.value) in buyer_own:
            continue
        if c.field == "vendor_name" and (fold(c.value) in buyer_own or fold(c.value) in customers):
            continue
        out.append(c)
    vendor = known_vendor(pages, parties.vendors) if parties else None
    if vendor is not None:
        mine = {compact(x) for x in (vendor.tax_id, vendor.iban) if x}
        names = {fold(n) for n in (vendor.name, *vendor.aliases)}
        out = [
            replace(c, score=max(c.score, 0.96), source="master-data")
            if (c.field in ("vendor_tax_id", "vendor_iban") and compact(c.value) in mine)
            or (c.field == "vendor_name" and fold(c.value) in names)
            else c
            for c in out
        ]
        if not any(c.field == "vendor_name" and c.source == "master-data" for c in out):
            # the name on file printed where no rule proposed it as a name (a footer, a
            # table cell): master data reads it there
            printed = _printed_name(pages, names)
            if printed is not None:
                out.append(printed)
        if not any(c.field == "vendor_name" for c in out):  # only where the page names none
            first = pages[0].page if pages else 1
            out.append(
                Candidate(
                    "vendor_name", vendor.name, 0.9, first, (0.0, 0.0, 0.0, 0.0), "master-data"
                )
            )
    return out


def _printed_name(pages: Sequence[PageTokens], names: set[str]) -> Candidate | None:
    """Return the first run of words on a line that reads as one of ``names`` (folded)."""
    from extractors.parties import fold

    longest = max(map(len, names), default=0)
    for page in pages:
        for ln in page_lines(page.tokens, page.page):
            toks = list(ln.tokens)
            for i in range(len(toks)):
                for j in range(i + 1, min(len(toks), i + 12) + 1):
                    text = " ".join(t.text for t in toks[i:j])
                    folded = fold(text)
                    if folded in names:
                        return Candidate(
                            "vendor_name", text, 0.96, page.page, union_bbox(toks[i:j]),
                            "master-data", tuple(toks[i:j]),
                        )  # fmt: skip
                    if len(folded) > longest:
                        break
    return None


def document_conventions(pages: Sequence[PageTokens]) -> Conventions:
    """Return the document's number/date conventions (US paper or dollars hint month-first)."""
    texts = [t.text for p in pages for t in p.tokens]
    letter = any(abs(p.width - 612) < 3 and abs(p.height - 792) < 3 for p in pages)
    dollars = any("$" in t or t == "USD" for t in texts)
    euros = any("€" in t or t in ("EUR", "CHF", "GBP", "£") for t in texts)
    return conventions(texts, us_hint=(letter or dollars) and not euros)


def to_field(c: Candidate) -> dict[str, Any]:
    """Return the contract's field object for a candidate."""
    return {
        "value": c.value,
        "confidence": round(min(max(c.score, 0.0), 1.0), 4),
        "page": c.page,
        "bbox": [round(v, 2) for v in c.bbox],
        "source": c.source,
    }
