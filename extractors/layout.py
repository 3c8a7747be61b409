"""Group positioned words into lines and blocks, in reading order.

Both the PDF text layer and OCR produce loose words with boxes; this module
gives them the same line/block structure so nothing downstream cares which
path a page took. A *line* is a run of words on one baseline with no wide gap
(like Tesseract's line: a label and a value far to its right are two lines);
a *block* is a stack of lines that touch vertically and overlap horizontally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.tokens import Token


@dataclass(frozen=True, slots=True)
class Word:
    """A word before layout: text, box in points, confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0


def _rows(words: Sequence[Word]) -> list[list[Word]]:
    """Return words clustered into visual rows (vertical-centre overlap)."""
    rows: list[list[Word]] = []
    centres: list[float] = []
    heights: list[float] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        cy = (w.top + w.bottom) / 2
        h = max(w.bottom - w.top, 1.0)
        # min, not max: a large title must not glue two small lines together
        if rows and abs(cy - centres[-1]) <= 0.4 * min(h, heights[-1]):
            rows[-1].append(w)
            n = len(rows[-1])
            centres[-1] += (cy - centres[-1]) / n
        else:
            rows.append([w])
            centres.append(cy)
            heights.append(h)
    return rows


def _segments(row: list[Word], gap: float = 1.0) -> list[list[Word]]:
    """Split one row into lines wherever the gap is wider than about one line height."""
    row = sorted(row, key=lambda w: w.x0)
    h = sorted(w.bottom - w.top for w in row)[len(row) // 2]
    out: list[list[Word]] = [[row[0]]]
    for w in row[1:]:
        if w.x0 - out[-1][-1].x1 > max(gap * h, 4.0):
            out.append([w])
        else:
            out[-1].append(w)
    return out


def _blocks(lines: list[list[Word]]) -> list[int]:
    """Return a block id per line: lines stacked closely with horizontal overlap share one."""
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    boxes = [
        (
            min(w.x0 for w in ln),
            min(w.top for w in ln),
            max(w.x1 for w in ln),
            max(w.bottom for w in ln),
        )
        for ln in lines
    ]
    order = sorted(range(len(lines)), key=lambda i: boxes[i][1])
    for a_pos, a in enumerate(order):
        ax0, _, ax1, ab = boxes[a]
        h = boxes[a][3] - boxes[a][1]
        for b in order[a_pos + 1 :]:
            bx0, bt, bx1, _ = boxes[b]
            if bt - ab > 0.9 * h:
                break
            if bt >= ab - 0.3 * h and min(ax1, bx1) - max(ax0, bx0) > 0:
                parent[find(b)] = find(a)
    return [find(i) for i in range(len(lines))]


def assemble(
    words: Sequence[Word], *, page: int, source: str, gap: float = 1.0
) -> tuple[Token, ...]:
    """Return tokens with line and block ids, ordered block by block, line by line."""
    words = [w for w in words if w.text.strip()]
    if not words:
        return ()
    lines = [seg for row in _rows(words) for seg in _segments(row, gap)]
    block_of = _blocks(lines)
    first: dict[int, tuple[float, float]] = {}
    for i, ln in enumerate(lines):
        key = (min(w.top for w in ln), min(w.x0 for w in ln))
        first[block_of[i]] = min(first.get(block_of[i], key), key)
    block_rank = {
        b: r for r, b in enumerate(sorted(first, key=lambda b: (round(first[b][0]), first[b][1])))
    }
    order = sorted(
        range(len(lines)), key=lambda i: (block_rank[block_of[i]], lines[i][0].top, lines[i][0].x0)
    )
    tokens: list[Token] = []
    for line_id, i in enumerate(order):
        for w in lines[i]:
            tokens.append(
                Token(
                    w.text,
                    w.x0,
                    w.top,
                    w.x1,
                    w.bottom,
                    page,
                    line=line_id,
                    block=block_rank[block_of[i]],
                    conf=w.conf,
                    source=source,
                )
            )
    return tuple(tokens)


@dataclass(frozen=True, slots=True)
class Line:
    """A line of tokens on one page, with the tokens' indices in ``PageTokens.tokens``."""

    page: int
    line: int
    block: int
    tokens: tuple[Token, ...]
    indices: tuple[int, ...]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def make_line(
    page: int, line: int, block: int, tokens: Sequence[Token], indices: Sequence[int] = ()
) -> Line:
    """Return a Line with its box computed once (lines are looked at many times)."""
    toks = tuple(tokens)
    return Line(
        page,
        line,
        block,
        toks,
        tuple(indices),
        toks[0].x0,
        toks[-1].x1,
        min(t.top for t in toks),
        max(t.bottom for t in toks),
    )


def page_lines(tokens: Sequence[Token], page: int) -> list[Line]:
    """Return the page's lines in reading order."""
    groups: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        groups.setdefault(t.line, []).append(i)
    out = []
    for line_id, idx in groups.items():
        idx.sort(key=lambda i: tokens[i].x0)
        toks = [tokens[i] for i in idx]
        out.append(make_line(page, line_id, toks[0].block, toks, idx))
    return out
