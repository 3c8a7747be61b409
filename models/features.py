"""Turn documents into model inputs: word pieces, x/y buckets, windows, dynamic padding.

Pure functions over ``PageTokens``; the tokenizer is a ``tokenizers.Tokenizer`` with its
own truncation and padding switched off, so ``[CLS] ... [SEP]`` and padding happen here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from extractors.tokens import PageTokens
from models.align import reading_order

IGNORE = -100

# Word shapes: what kind of string a word is, independent of its word pieces. A tiny
# encoder trained from scratch splits "1.234,56" or "INV-2026-00030" into pieces it has
# seen only a few times; the shape says "an amount" or "an identifier" whatever the digits.
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx))
    for name, rx in (
        ("amount", r"^[-(]?[$€£]?\d{1,3}([.,' ]?\d{3})*[.,]\d{2}\)?[€$£]?$"),
        ("date", r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\.?$"),
        ("percent", r"^\d+([.,]\d+)?\s?%$|^%$"),
        ("year", r"^(19|20)\d{2}[.,]?$"),
        ("integer", r"^\d+[.,:]?$"),
        ("id", r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9./_-]*$"),
        ("digits", r"^[\d\s./-]+$"),
        ("money", r"^([$€£]|EUR|USD|GBP|CHF)$"),
        ("upper", r"^[A-ZÀ-ÝŒ]{2,}[.:]?$"),
        ("title", r"^[A-ZÀ-Ý][^\W\d_]*[.:,]?$"),
        ("lower", r"^[^\W\d_]+[.:,]?$"),
        ("punct", r"^\W+$"),
    )
)
N_SHAPES = len(SHAPES) + 2  # + "other", + the specials' own shape (index 0)


def shape(word: str) -> int:
    """Return the shape index of ``word`` (1..N_SHAPES-1; 0 is kept for specials)."""
    for k, (_, rx) in enumerate(SHAPES):
        if rx.match(word):
            return k + 1
    return len(SHAPES) + 1


@dataclass(frozen=True)
class Window:
    """One model input over a slice of a document's word pieces."""

    ids: list[int]
    xb: list[int]
    yb: list[int]
    sb: list[int]  # per position: the word's shape (``shape``), 0 for specials
    words: list[int]  # per position: index into the document's word list, -1 if none
    first: list[bool]  # per position: this piece starts its word


def specials(tokenizer) -> tuple[int, int, int]:
    """Return the ids of ``[CLS]``, ``[SEP]`` and ``[PAD]``."""
    ids = [tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]")]
    if None in ids:
        raise ValueError("tokenizer lacks [CLS]/[SEP]/[PAD]; it is not a BERT word-piece one")
    return ids[0], ids[1], ids[2]


def first_page_text(pages: Sequence[PageTokens], max_words: int = 400) -> str:
    """Return the first page's words in reading order, joined by spaces."""
    if not pages:
        return ""
    words = [pages[0].tokens[i].text for p, i in reading_order(pages[:1]) if p == 0]
    return " ".join(words[:max_words])


def encode_texts(tokenizer, texts: Sequence[str], max_len: int) -> list[list[int]]:
    """Return ``[CLS] pieces [SEP]`` ids per text, truncated to ``max_len``."""
    cls, sep, _ = specials(tokenizer)
    encs = tokenizer.encode_batch(list(texts), add_special_tokens=False)
    return [[cls, *e.ids[: max_len - 2], sep] for e in encs]


def pad_seq(rows: Sequence[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(input_ids, attention_mask)`` padded to the longest row only."""
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for k, r in enumerate(rows):
        ids[k, : len(r)] = torch.tensor(r, dtype=torch.long)
        mask[k, : len(r)] = 1
    return ids, mask


def doc_words(pages: Sequence[PageTokens]) -> tuple[list[tuple[int, int]], list[str]]:
    """Return the reading-order ``(page_index, token_index)`` list and the words' text."""
    order = reading_order(pages)
    return order, [pages[p].tokens[i].text for p, i in order]


def _buckets(pages: Sequence[PageTokens], order: list[tuple[int, int]], n: int) -> list[tuple]:
    out = []
    for p, i in order:
        page, tok = pages[p], pages[p].tokens[i]
        x = int(min(max(tok.cx / max(page.width, 1.0), 0.0), 0.999) * n)
        y = int(min(max(tok.cy / max(page.height, 1.0), 0.0), 0.999) * n)
        out.append((x, y))
    return out


def windows(
    tokenizer,
    pages: Sequence[PageTokens],
    max_len: int,
    buckets: int,
    stride: int | None = None,
) -> tuple[list[Window], list[tuple[int, int]]]:
    """Return overlapping windows over the document's word pieces, and the word order."""
    cls, sep, _ = specials(tokenizer)
    order, words = doc_words(pages)
    if not words:
        return [], order
    enc = tokenizer.encode(words, is_pretokenized=True, add_special_tokens=False)
    ids, wid = enc.ids, [w if w is not None else -1 for w in enc.word_ids]
    pos = _buckets(pages, order, buckets)
    shapes = [shape(w) for w in words]
    first = [k == 0 or wid[k] != wid[k - 1] for k in range(len(ids))]
    size = max_len - 2
    step = stride or max(size // 2, 1)  # half-window overlap: every word sees context
    out = []
    for start in range(0, max(len(ids) - size, 0) + step, step):
        sl = slice(start, min(start + size, len(ids)))
        w = wid[sl]
        out.append(
            Window(
                ids=[cls, *ids[sl], sep],
                xb=[buckets, *(pos[i][0] for i in w), buckets],
                yb=[buckets, *(pos[i][1] for i in w), buckets],
                sb=[0, *(shapes[i] for i in w), 0],
                words=[-1, *w, -1],
                first=[False, *first[sl], False],
            )
        )
        if sl.stop >= len(ids):
            break
    return out, order


def window_labels(win: Window, word_labels: Sequence[int]) -> list[int]:
    """Return per-position label ids: the word's label on its first piece, else ignored."""
    return [
        word_labels[w] if (w >= 0 and f) else IGNORE
        for w, f in zip(win.words, win.first, strict=True)
    ]


def pad_windows(
    wins: Sequence[Window], pad: int, buckets: int, labels: Sequence[list[int]] | None = None
) -> dict[str, torch.Tensor]:
    """Return the batch tensors for ``wins`` padded to the longest window."""
    ids, mask = pad_seq([w.ids for w in wins], pad)
    width = ids.shape[1]
    xb = torch.full_like(ids, buckets)
    yb = torch.full_like(ids, buckets)
    sb = torch.zeros_like(ids)
    for k, w in enumerate(wins):
        xb[k, : len(w.xb)] = torch.tensor(w.xb)
        yb[k, : len(w.yb)] = torch.tensor(w.yb)
        sb[k, : len(w.sb)] = torch.tensor(w.sb)
    batch = {"input_ids": ids, "attention_mask": mask, "xb": xb, "yb": yb, "sb": sb}
    if labels is not None:
        lab = torch.full((len(wins), width), IGNORE, dtype=torch.long)
        for k, row in enumerate(labels):
            lab[k, : len(row)] = torch.tensor(row)
        batch["labels"] = lab
    return batch
