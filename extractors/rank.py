"""A learned candidate ranker: which of the rules' candidates is a field's value.

The rules propose candidates per field (labels, positions, letterhead, patterns, the
numbers that add up, a labeller's spans); ``choose.select`` then keeps the best-scoring
one under the document's arithmetic. Hand-set scores learn the layouts they were tuned
on. This module scores each (field, candidate) pair from features that carry no layout
of their own, and its probability replaces the candidate's score before ``select``:

- the words left of the value on its row and on the line above it (hashed bags of
  normalised words: "rechnungsnummer", "total", digits folded to 0), whether those
  words hold a label of this field or of another one (``labels.match_labels``), and how
  far the nearest such word stands;
- the value's shape (length, digits, letters, words, a legal form), for amounts its rank
  and share among the page's printed amounts, how often it is printed, whether it is the
  sum of two other printed amounts or a part of such a sum, whether it equals the sum of
  the line items; for dates their order among the page's dates;
- where it stands (relative x and y, page, first/last page), its height against the
  page's usual word height (a font-size proxy);
- how the rules found it (source, score, rank among the field's values, whether the rules
  alone would choose it);
- for party names: how often the name (and its first distinctive word) is printed
  elsewhere on the document (a letterhead repeated in the footer, a logo word), whether
  that word is part of an e-mail or web domain printed on it, the role of the nearest
  party heading above it in its column (seller, buyer or other words of
  ``extractors.parties``, in any of its languages), how far below it and how many lines
  stand between, and how many name-like runs stand left of it on its row.

The model: one gradient-boosted tree ensemble per field (scikit-learn's
HistGradientBoostingClassifier in ``bench/ranker.py``), exported as plain JSON trees
(``extractors/ranker.json``) and evaluated here with the standard library, so reading
needs neither scikit-learn nor pickles, and the same file gives the same scores
everywhere. Fields the model file does not cover keep the rules' scores.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.company import fold
from extractors.fields import Candidate
from extractors.labels import match_labels
from extractors.layout import Line, page_lines
from extractors.parse import Conventions, parse_amount, parse_date
from extractors.tokens import PageTokens, union_bbox
from extractors.values import AMOUNT_FIELDS, merge_numbers

MODEL_FILE = Path(__file__).with_name("ranker.json")
HASH = 24  # buckets per bag of words
SOURCES = (
    "layout:label",
    "layout:letterhead",
    "layout:pattern",
    "layout:symbol",
    "layout:first-date",
    "layout:largest-amount",
    "layout:lines-sum",
    "layout:sum-check",
    "layout:label-sum",
    "layout:title",
    "layout:party",
    "master-data",
    "layout:any",
    # a party block's name, by how the block was found (``extractors.company``)
    "layout:party-label",
    "layout:party-sender-line",
    "layout:party-window",
    "layout:company",
)
DATE_FIELDS = {"invoice_date", "due_date", "service_date", "date_of_service"}
_LEGAL = re.compile(
    r"\b(gmbh|ag|kg|ltd|limited|llc|inc|corp|plc|sarl|sas|sa|bv|nv|srl|spa|oy|ab|as|"
    r"s\.a\.|s\.r\.l\.|b\.v\.|e\.k\.)\b",
    re.IGNORECASE,
)
_CENTS = re.compile(r"\d[.,]\d{2}\b")


_DIGIT = re.compile(r"\d")
_NOT_WORD = re.compile(r"[^\w0]+")


def _word(text: str) -> str:
    return _NOT_WORD.sub("", _DIGIT.sub("0", text.casefold()))


def _bag(words: Sequence[str], out: list[float], offset: int) -> None:
    for w in words:
        if w and not w.strip("0"):
            continue  # numbers say little about what a neighbour is
        if w:
            out[offset + zlib.crc32(w.encode()) % HASH] += 1.0


@dataclass
class DocView:
    """What every candidate of one document is measured against (computed once)."""

    pages: dict[int, PageTokens]
    lines: dict[int, list[Line]]
    line_of: dict[int, Line]  # id(token) -> its line
    median_h: dict[int, float]
    amounts: list[Decimal]  # distinct printed amounts, largest first
    amount_count: dict[Decimal, int]
    sums: set[Decimal]  # printed amounts that are the sum of two other printed ones
    parts: set[Decimal]  # printed amounts that are a part of such a sum
    dates: list[str]  # distinct printed dates, earliest first
    lines_sum: Decimal | None
    n_pages: int
    text: str = ""  # every line, folded, one per row (names printed again)
    domains: frozenset[str] = frozenset()  # words of the e-mail and web domains printed
    roles: dict[int, str] = field(default_factory=dict)  # id(line) -> seller|buyer|other
    # filled as candidates ask (the same answers for every candidate of the document)
    memo: dict[Any, Any] = field(default_factory=dict)

    def printed(self, word: str) -> int:
        """Return how often ``word`` is printed as a word of its own (folded text)."""
        key = ("word", word)
        if key not in self.memo:
            pat = rf"(?<!\w){re.escape(word)}(?!\w)"
            self.memo[key] = len(re.findall(pat, self.text))
        return self.memo[key]

    def top_down(self, page: int) -> list[Line]:
        """Return the page's lines, lowest first (as ``sorted`` by -bottom, stable)."""
        key = ("down", page)
        if key not in self.memo:
            self.memo[key] = sorted(self.lines.get(page, []), key=lambda ln: -ln.bottom)
        return self.memo[key]

    def wordy(self, ln: Line) -> bool:
        """Return whether a line reads as a name: three letters or more and no digit."""
        key = ("wordy", id(ln))
        if key not in self.memo:
            text = ln.text
            self.memo[key] = sum(ch.isalpha() for ch in text) >= 3 and not any(
                ch.isdigit() for ch in text
            )
        return self.memo[key]


def doc_view(
    pages: Sequence[PageTokens], conv: Conventions, items: Sequence[dict[str, Any]]
) -> DocView:
    by_page = {p.page: p for p in pages}
    lines = {p.page: page_lines(p.tokens, p.page) for p in pages}
    line_of = {id(t): ln for lns in lines.values() for ln in lns for t in ln.tokens}
    median_h = {}
    for p in pages:
        hs = sorted(t.bottom - t.top for t in p.tokens) or [10.0]
        median_h[p.page] = max(hs[len(hs) // 2], 1.0)
    counts: dict[Decimal, int] = {}
    dates: set[str] = set()
    for lns in lines.values():
        for ln in lns:
            for text, _toks in merge_numbers(list(ln.tokens)):
                d = parse_date(text, day_first=conv.day_first)
                if d:
                    dates.add(d)
                    continue
                if "%" in text or not _CENTS.search(text):
                    continue
                v = parse_amount(text, decimal=conv.decimal)
                if v is not None:
                    counts[abs(v)] = counts.get(abs(v), 0) + 1
    amounts = sorted(counts, reverse=True)[:80]
    sums: set[Decimal] = set()
    parts: set[Decimal] = set()
    small = amounts[:40]
    present = set(amounts)
    for i, a in enumerate(small):
        for b in small[i + 1 :]:
            if a + b in present and a + b not in (a, b) and a and b:
                sums.add(a + b)
                parts.update((a, b))
    got = [x.get("amount") for x in items if x.get("amount") not in (None, "")]
    lsum = None
    try:
        lsum = sum((abs(Decimal(str(a))) for a in got), Decimal(0)) if got else None
    except InvalidOperation:
        lsum = None
    every = [ln for lns in lines.values() for ln in lns]
    return DocView(
        by_page, lines, line_of, median_h, amounts, counts, sums, parts, sorted(dates),
        lsum, max(len(pages), 1), "\n".join(fold(ln.text) for ln in every),
        frozenset(w for ln in every for w in _domain_words(ln.text)),
        {id(ln): r for ln in every if (r := _heading_role(ln.text))},
    )  # fmt: skip


_DOMAIN = re.compile(r"(?:@|\bwww\.|https?://)([\w.-]+)", re.IGNORECASE)


def _domain_words(text: str) -> list[str]:
    """Return the words of the e-mail and web domains in ``text`` (``billing@acme-tools.de``:
    acme, tools)."""
    out = []
    for m in _DOMAIN.finditer(text):
        labels = m.group(1).casefold().split(".")
        for part in labels[:-1] or labels:
            out += [w for w in re.split(r"[-_\d]+", part) if len(w) >= 3 and w != "www"]
    return out


@lru_cache(maxsize=1)
def _role_patterns() -> dict[str, re.Pattern[str]]:
    from extractors.parties import BUYER_WORDS, OTHER_WORDS, SELLER_WORDS

    return {
        role: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
        for role, words in (("other", OTHER_WORDS), ("seller", SELLER_WORDS),
                            ("buyer", BUYER_WORDS))
    }  # fmt: skip


def _heading_role(text: str) -> str | None:
    """Return the party role a short heading line names ("Informationen zum Verkäufer",
    "Bill to", "Seller details"), or None (a line of values, or no party word)."""
    t = text.strip().rstrip(":")
    if not t or len(t.split()) > 5 or any(ch.isdigit() for ch in t) or "@" in t:
        return None
    for role, pat in _role_patterns().items():
        m = pat.search(t)
        if m and (len(m.group(0)) > 4 or len(t.split()) <= 2):  # "to", "an": alone only
            return role
    return None


def _context(c: Candidate, view: DocView) -> tuple[list[str], list[str], list[str], float, float]:
    """Return (words left on its row, words on the line above, the heading of its
    column above that, gap left, gap above)."""
    page = view.pages.get(c.page)
    if page is None or not c.tokens:
        return [], [], [], 1.0, 1.0
    mine = {id(t) for t in c.tokens}
    x0, top, x1, bottom = c.bbox
    h = max(bottom - top, 1.0)
    cy = (top + bottom) / 2
    lines = view.lines.get(c.page, [])
    left = [
        t
        for ln in lines
        if ln.x0 <= x0 and abs(ln.cy - cy) < 0.6 * h and x0 - ln.x1 < 0.45 * page.width
        for t in ln.tokens
        if t.x1 <= x0 + 1 and id(t) not in mine
    ]
    left.sort(key=lambda t: t.x0)
    left = left[-6:]
    gap_left = (x0 - left[-1].x1) / page.width if left else 1.0
    anchor = left[0].x0 if left else x0
    # lines holding one of its tokens are not above it
    own = {id(view.line_of[id(t)]) for t in c.tokens if id(t) in view.line_of}
    higher = [ln for ln in lines if ln.bottom <= top + 1 and id(ln) not in own]
    near = [
        ln
        for ln in higher
        if top - ln.bottom < 3.5 * h and ln.x0 < x1 + 2 * h and ln.x1 > x0 - 2 * h
    ]
    above: list = []
    gap_above = 1.0
    if near:
        low = max(ln.bottom for ln in near)
        above = [t for ln in near if low - ln.bottom < 0.5 * h for t in ln.tokens]
        gap_above = (top - low) / page.height
    heading: list = []
    seen = {id(t) for t in above}
    for ln in sorted(higher, key=lambda ln: -ln.bottom):
        if top - ln.bottom > 0.4 * page.height:
            break
        if ln.x0 > anchor + 2 * h or ln.x1 < anchor or id(ln.tokens[0]) in seen:
            continue
        text = ln.text
        if ":" in text or any(ch.isdigit() for ch in text) or sum(ch.isalpha() for ch in text) < 3:
            continue
        heading = list(ln.tokens)
        break
    return (
        [t.text for t in left], [t.text for t in above], [t.text for t in heading],
        gap_left, gap_above,
    )  # fmt: skip


def _label_hits(words: list[str], field: str) -> tuple[float, float]:
    """Return (strength of a label of ``field``, of another field) in ``words``."""
    if not words:
        return 0.0, 0.0
    mine = other = 0.0
    for k in range(len(words)):
        for f, _s, _e, strength in match_labels(" ".join(words[k:])):
            if f == field:
                mine = max(mine, strength)
            else:
                other = max(other, strength)
    return mine, other


NAME_FIELDS = {"vendor_name", "customer_name"}
BAGS = 51  # where the bags of words start
N_FEATURES = BAGS + 3 * HASH


def features(
    c: Candidate,
    view: DocView,
    rank: int,
    n_values: int,
    top_score: float,
    chosen: bool,
    n_sources: int = 1,
    ruled: bool = True,
) -> list[float]:
    """Return the feature vector of one candidate (see the module's docstring)."""
    f = [0.0] * N_FEATURES
    src = "model" if c.source.startswith("model:") else c.source
    f[0] = SOURCES.index(src) + 1 if src in SOURCES else 0
    f[1] = c.score
    f[2] = rank
    f[3] = n_values
    f[4] = c.score - top_score
    f[5] = 1.0 if chosen else 0.0
    page = view.pages.get(c.page)
    if page is not None and c.bbox != (0.0, 0.0, 0.0, 0.0):
        x0, top, x1, bottom = c.bbox
        f[6] = x0 / page.width
        f[7] = top / page.height
        f[8] = x1 / page.width
        f[9] = (bottom - top) / view.median_h.get(c.page, 10.0)
    else:
        f[6] = f[7] = f[8] = f[9] = -1.0
    f[10] = c.page
    f[11] = 1.0 if c.page == view.n_pages else 0.0
    left, above, heading, gap_left, gap_above = _context(c, view)
    f[12], f[13] = _label_hits(left, c.field)
    f[14], f[15] = _label_hits(above, c.field)
    f[16] = gap_left
    f[17] = gap_above
    f[18] = len(left)
    f[19] = 1.0 if left and left[-1].rstrip().endswith(":") else 0.0
    v = c.value
    f[20] = len(v)
    f[21] = sum(ch.isdigit() for ch in v) / max(len(v), 1)
    f[22] = sum(ch.isalpha() for ch in v) / max(len(v), 1)
    f[23] = len(v.split())
    f[24] = 1.0 if _LEGAL.search(v) else 0.0
    f[25] = sum(ch.isupper() for ch in v) / max(sum(ch.isalpha() for ch in v), 1)
    f[26] = len(c.tokens)
    if c.field in AMOUNT_FIELDS or c.field == "total_claimed":
        try:
            a = abs(Decimal(v))
        except InvalidOperation:
            a = None
        if a is not None:
            f[27] = view.amounts.index(a) if a in view.amounts else -1
            f[28] = float(a / view.amounts[0]) if view.amounts and view.amounts[0] else -1.0
            f[29] = view.amount_count.get(a, 0)
            f[30] = 1.0 if a in view.sums else 0.0
            f[31] = 1.0 if a in view.parts else 0.0
            f[32] = 1.0 if view.lines_sum is not None and a == view.lines_sum else 0.0
            f[33] = math.log10(float(a) + 1.0)
            f[34] = 1.0 if v.startswith("-") else 0.0
    if c.field in DATE_FIELDS and v in view.dates:
        i = view.dates.index(v)
        f[35] = i
        f[36] = len(view.dates) - 1 - i
        f[37] = len(view.dates)
    f[38] = 1.0 if c.block >= 0 else 0.0
    f[39] = len(view.amounts)
    f[40], f[41] = _label_hits(heading, c.field)
    f[42] = n_sources
    f[43] = 1.0 if ruled else 0.0
    if c.field in NAME_FIELDS:
        f[44:51] = _party(c, view)
    _bag([_word(w) for w in left[-4:]], f, BAGS)
    _bag([_word(w) for w in above], f, BAGS + HASH)
    _bag([_word(w) for w in heading], f, BAGS + 2 * HASH)
    return f


_ROLE_VALUE = {"seller": 1.0, "buyer": -1.0, "other": 0.5}
_NOT_DISTINCT = re.compile(r"^(?:the|die|der|das|la|le|les|de|il|el|firma|company|\W+)$", re.I)


def _party(c: Candidate, view: DocView) -> list[float]:
    """Return the party-name features of a name candidate (see the module's docstring)."""
    name = fold(c.value)
    words = [w for w in name.split() if len(w) >= 3 and not _NOT_DISTINCT.match(w)]
    words = [w for w in words if not _LEGAL.fullmatch(w)]
    first = words[0] if words else ""
    out = [0.0] * 7
    if name:
        out[0] = min(view.text.count(name) - 1, 5)  # printed again elsewhere
    if first:
        out[1] = min(view.printed(first) - 1, 5)
        out[2] = 1.0 if first in view.domains or any(
            first in d or d in first for d in view.domains if len(d) >= 4
        ) else 0.0  # fmt: skip
    page = view.pages.get(c.page)
    if page is None or not c.tokens:
        return out
    x0, top, x1, bottom = c.bbox
    h = max(bottom - top, 1.0)
    out[3], out[4], out[6] = 0.0, 1.0, -1.0
    between = 0
    for ln in view.top_down(c.page):
        if ln.bottom > top + 1:
            continue
        if top - ln.bottom > 0.35 * page.height:
            break
        if ln.x1 < x0 - 2 * h or ln.x0 > x1 + 2 * h:
            continue  # another column
        role = view.roles.get(id(ln))
        if role:
            out[3], out[4] = _ROLE_VALUE[role], (top - ln.bottom) / page.height
            out[6] = min(between, 9)  # 0: the line right under the heading
            break
        between += 1
    mine = view.line_of.get(id(c.tokens[0]))
    cy = (top + bottom) / 2
    out[5] = sum(
        1
        for ln in view.lines.get(c.page, [])
        if ln is not mine and ln.x1 <= x0 and abs(ln.cy - cy) < 0.6 * h and view.wordy(ln)
    )  # fmt: skip
    return out


def candidate_rows(
    cands: Sequence[Candidate],
    pages: Sequence[PageTokens],
    conv: Conventions,
    items: Sequence[dict[str, Any]],
    chosen: dict[str, Candidate],
) -> list[tuple[Candidate, list[float]]]:
    """Return (candidate, features) for every distinct (field, value) the rules proposed.

    Of several candidates with one value, the best-scoring stands for them all (its
    ``sources`` are the others'); the ranker then scores values, not readings.
    """
    view = doc_view(pages, conv, items)
    by_field: dict[str, dict[str, Candidate]] = {}
    sources: dict[tuple[str, str], set[str]] = {}
    for c in sorted(cands, key=lambda c: -c.score):
        by_field.setdefault(c.field, {}).setdefault(c.value, c)
        sources.setdefault((c.field, c.value), set()).add(c.source)
    out = []
    for fld, values in by_field.items():
        ranked = list(values.values())
        ruled = [c for c in ranked if c.source != "layout:any"]
        top = ruled[0].score if ruled else 0.0
        pick = chosen.get(fld)
        for c in ranked:
            srcs = sources[(fld, c.value)]
            rule = srcs != {"layout:any"}
            r = ruled.index(c) if c in ruled else len(ruled)
            is_chosen = pick is not None and pick.value == c.value
            x = features(c, view, r, len(ruled), top, is_chosen, len(srcs), rule)
            out.append((c, x))
    return out


# -- candidates the rules do not propose ------------------------------------------------

_KINDS = {
    "date": ("invoice_date", "due_date"),
    "amount": ("subtotal", "tax_amount", "total"),
    "iban": ("vendor_iban",),
    "vat": ("vendor_tax_id",),
    "id": ("invoice_number", "po_number"),
    "name": ("vendor_name", "customer_name"),
}
GENERIC_SCORE = 0.05  # below every rule: without a ranker they never win
GENERIC_SOURCE = "layout:any"


def _typed(tokens: list, conv: Conventions) -> list[tuple[str, str, list]]:
    """Return (kind, value, tokens used) for what a run of tokens may hold."""
    from extractors.values import read_amount, read_date, read_iban, read_id, read_name, read_vat

    text = " ".join(t.text for t in tokens)
    out = []
    if got := read_iban(tokens, conv):
        out.append(("iban", *got))
    if got := read_vat(tokens, conv):
        out.append(("vat", *got))
    if (got := read_date(tokens, conv)) and len(got[1]) >= len(tokens) - 1:
        out.append(("date", *got))
        return out
    if len(tokens) <= 3 and _CENTS.search(text) and (got := read_amount(tokens, conv)):
        out.append(("amount", *got))
        return out
    if len(tokens) <= 2 and (got := read_id(tokens, conv)):
        out.append(("id", *got))
    wordy = len(tokens) <= 8 and sum(ch.isalpha() for ch in text) >= 3 and ":" not in text
    if wordy and (got := read_name(tokens, conv)):
        out.append(("name", *got))
    return out


def generic_candidates(pages: Sequence[PageTokens], conv: Conventions) -> list[Candidate]:
    """Return every typed value on the page as a weak candidate of each field of its type.

    A value is a line (the layout's run of words without a wide gap) or what follows a
    colon in one; the ranker tells from its neighbours which field, if any, it is.
    """
    out: list[Candidate] = []
    for page in pages:
        for ln in page_lines(page.tokens, page.page):
            runs = [list(ln.tokens)]
            for i, t in enumerate(ln.tokens[:-1]):
                if t.text.endswith(":"):
                    runs.append(list(ln.tokens[i + 1 :]))
                    break
            for toks in runs:
                for kind, value, used in _typed(toks, conv):
                    for fld in _KINDS[kind]:
                        out.append(
                            Candidate(
                                fld,
                                value,
                                GENERIC_SCORE,
                                page.page,
                                union_bbox(used),
                                "layout:any",
                                tuple(used),
                                ln.block,
                            )  # fmt: skip
                        )
    return out


# -- the model: gradient-boosted trees as JSON -------------------------------------------


def _tree_value(tree: dict[str, list], x: Sequence[float]) -> float:
    feat, thr, left, right, leaf, value, miss_left = (
        tree["f"], tree["t"], tree["l"], tree["r"], tree["leaf"], tree["v"], tree["m"],
    )  # fmt: skip
    i = 0
    while not leaf[i]:
        xv = x[feat[i]]
        if xv != xv:  # NaN
            i = left[i] if miss_left[i] else right[i]
        else:
            i = left[i] if xv <= thr[i] else right[i]
    return value[i]


@dataclass(frozen=True)
class Ranker:
    """Per-field tree ensembles: ``probability(field, x)`` is P(this value is the field's)."""

    version: str
    models: dict[str, dict[str, Any]]  # field -> {"baseline": b, "trees": [...]}
    blend: float = 0.9  # weight of the model's probability against the rules' score
    abstain: float = 0.3  # under this for every value of a field: the rules' scores stand

    def probability(self, field: str, x: Sequence[float]) -> float | None:
        m = self.models.get(field)
        if m is None:
            return None
        raw = m["baseline"] + sum(_tree_value(t, x) for t in m["trees"])
        return 1.0 / (1.0 + math.exp(-raw))

    def rescore(
        self,
        cands: Sequence[Candidate],
        pages: Sequence[PageTokens],
        conv: Conventions,
        items: Sequence[dict[str, Any]],
        chosen: dict[str, Candidate],
    ) -> list[Candidate]:
        """Return the candidates with the model's probability as their score.

        Where the model finds no value of a field likely (every probability under
        ``abstain``: a layout unlike any it was trained on), that field keeps the rules'
        scores and the generic candidates, which only the model can vouch for, go.
        """
        prob: dict[tuple[str, str], float] = {}
        best: dict[str, float] = {}
        for c, x in candidate_rows(cands, pages, conv, items, chosen):
            p = self.probability(c.field, x)
            if p is not None:
                prob[(c.field, c.value)] = p
                best[c.field] = max(best.get(c.field, 0.0), p)
        out = []
        for c in cands:
            p = prob.get((c.field, c.value))
            if p is None or best.get(c.field, 0.0) < self.abstain:
                if c.source != "layout:any":
                    out.append(c)
                continue
            out.append(replace(c, score=self.blend * p + (1 - self.blend) * c.score))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version, "blend": self.blend, "abstain": self.abstain,
            "models": self.models,
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranker:
        trained = data.get("trained") or {}
        n = trained.get("features", N_FEATURES)
        sources = tuple(trained.get("candidate_sources", SOURCES))
        if n != N_FEATURES or sources != SOURCES:
            # trees index features by position, and the source by its place in SOURCES:
            # a file trained on another layout misreads
            raise ValueError(
                f"ranker {data.get('version')} was trained on {n} features and "
                f"{len(sources)} candidate sources, this reader computes {N_FEATURES} and "
                f"{len(SOURCES)}: retrain it (python bench/ranker.py --ship)"
            )
        return cls(
            data["version"], data["models"], float(data.get("blend", 0.9)),
            float(data.get("abstain", 0.3)),
        )  # fmt: skip


@lru_cache(maxsize=1)
def shipped() -> Ranker | None:
    """Return the ranker shipped with Bursar (``extractors/ranker.json``), or None."""
    if not MODEL_FILE.is_file():
        return None
    return Ranker.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def resolve(ranker: Any) -> Ranker | None:
    """Return the ranker an extraction uses: ``"shipped"`` is ``shipped()``; None: none."""
    if isinstance(ranker, str):
        if ranker != "shipped":
            raise ValueError(f"ranker must be 'shipped', None or a Ranker, got {ranker!r}")
        return shipped()
    return ranker
