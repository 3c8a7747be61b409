"""Read a template field next to an anchor text (a vendor's own label wording)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from extractors.layout import Line, page_lines
from extractors.parse import Conventions
from extractors.tokens import PageTokens, Token


def _candidates_after(line: Line, anchor: str, lines: Sequence[Line]) -> list[list[Token]]:
    """Return token runs right of the anchor (same line, same row) and below it."""
    low = line.text.lower()
    at = low.find(anchor.lower())
    pos, rest, x0 = 0, [], line.x0
    for t in line.tokens:
        if pos >= at + len(anchor):
            rest.append(t)
        elif pos >= at and at >= 0:
            x0 = min(x0, t.x0) if pos == at else x0
        pos += len(t.text) + 1
    right = sorted(
        (
            ln
            for ln in lines
            if ln is not line and abs(ln.cy - line.cy) < 0.5 * line.height and ln.x0 >= line.x1 - 1
        ),
        key=lambda ln: ln.x0,
    )
    below = sorted(
        (
            ln
            for ln in lines
            if 0 <= ln.top - line.bottom < 1.8 * line.height and ln.x1 > x0 - 2 and ln.x0 < line.x1
        ),
        key=lambda ln: (ln.top, abs(ln.x0 - x0)),
    )
    runs = [rest] if rest else []
    runs += [list(ln.tokens) for ln in right[:1]]
    runs += [[t for t in ln.tokens if t.x1 > x0 - 2] for ln in below[:1]]
    return [r for r in runs if r]


def value_near_anchor(
    name: str, spec: dict[str, Any], pages: Sequence[PageTokens], conv: Conventions
) -> tuple[str, list[Token]] | None:
    """Return (value, tokens) for the first anchor occurrence that yields a value."""
    from extractors.templates import typed

    anchor = str(spec["anchor"])
    pattern = re.compile(spec["regex"]) if spec.get("regex") else None
    for page in pages:
        lines = page_lines(page.tokens, page.page)
        for line in lines:
            if anchor.lower() not in line.text.lower():
                continue
            for run in _candidates_after(line, anchor, lines):
                text = " ".join(t.text for t in run).strip(" :")
                if pattern:
                    m = pattern.search(text)
                    if not m:
                        continue
                    raw = m.group(1) if m.groups() else m.group(0)
                else:
                    raw = text
                value = typed(name, raw, conv)
                if value:
                    used = [t for t in run if t.text in raw or raw in t.text] or run
                    return value, used
    return None
