"""Rule-based document kind classifier (``rules@1``), until a trained model replaces it.

Scores title-like keywords, weighting words printed large or near the top of
page 1, and turns the scores into a probability-like confidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache

from extractors.tokens import PageTokens

KINDS = ("invoice", "credit_note", "claim", "receipt", "purchase_order", "other")

# Phrases per kind; longer, more specific phrases carry more weight.
KEYWORDS: dict[str, tuple[tuple[str, float], ...]] = {
    "credit_note": (
        ("credit note", 4),
        ("credit memo", 4),
        ("gutschrift", 4),
        ("rechnungskorrektur", 4),
        ("avoir", 3),
        ("facture d'avoir", 4),
        ("credit #", 2),
        ("memo #", 2),
    ),
    "claim": (
        ("claim form", 4),
        ("insurance claim", 4),
        ("claim no", 3),
        ("policy no", 3),
        ("erstattungsantrag", 4),
        ("versicherungsnummer", 3),
        ("antragsnummer", 3),
        ("demande de remboursement", 4),
        ("n° de contrat", 3),
        ("total claimed", 3),
        ("date of service", 2),
        ("behandlungsdatum", 2),
        ("date des soins", 2),
        ("claimant", 2),
        ("assuré", 2),
    ),
    "receipt": (
        ("receipt", 3),
        ("quittung", 3),
        ("kassenbon", 3),
        ("reçu", 3),
        ("ticket de caisse", 3),
        ("cash", 1),
        ("change", 1),
    ),
    "purchase_order": (
        ("purchase order", 3),
        ("bestellung", 2),
        ("bon de commande", 2),
        ("order confirmation", 2),
    ),
    "invoice": (
        ("invoice", 3),
        ("bill", 2),
        ("bill #", 2),
        ("rechnung", 3),
        ("facture", 3),
        ("tax invoice", 4),
        ("amount due", 2),
        ("due date", 1),
        ("fällig", 1),
        ("échéance", 1),
        ("total ttc", 2),
        ("gesamtbetrag", 1),
        ("iban", 1),
    ),
}


@cache
def _word_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


TITLE_ONLY = {"purchase_order", "receipt"}


def _weighted_lines(pages: Sequence[PageTokens]) -> list[tuple[str, float]]:
    """Return (lowercased line text, weight) for page 1 (and lightly for the rest)."""
    out = []
    for page in pages[:3]:
        lines: dict[int, list] = {}
        for t in page.tokens:
            lines.setdefault(t.line, []).append(t)
        for toks in lines.values():
            text = " ".join(t.text for t in toks).lower()
            height = max(t.bottom - t.top for t in toks)
            top = min(t.top for t in toks) / max(page.height, 1.0)
            w = (1.0 + min(height / 10.0, 2.5)) * (1.5 if top < 0.3 else 1.0)
            out.append((text, w if page.page == 1 else 0.3 * w))
    return out


def score_kinds(pages: Sequence[PageTokens]) -> dict[str, float]:
    """Return a raw evidence score per kind."""
    scores = dict.fromkeys(KINDS, 0.0)
    for text, weight in _weighted_lines(pages):
        for kind, words in KEYWORDS.items():
            for phrase, value in words:
                if phrase not in text or not _word_re(phrase).search(text):
                    continue
                if kind in TITLE_ONLY and len(phrase) < 0.6 * len(text):
                    continue  # "Purchase Order: 4500..." on an invoice is a label, not a title
                scores[kind] += value * weight
    # A purchase-order number on an invoice is not a purchase order.
    if scores["invoice"] > 0:
        scores["purchase_order"] *= 0.3
    return scores


class RuleKindClassifier:
    """KindClassifier from keywords; version ``rules@1``."""

    version = "rules@1"

    def classify(self, pages: Sequence[PageTokens]) -> tuple[str, float]:
        scores = score_kinds(pages)
        if scores["credit_note"] > 0 and scores["invoice"] > 0:
            scores["invoice"] *= 0.4  # a credit note usually says "invoice" too
        best = max(scores, key=lambda k: scores[k])
        if scores[best] < 3:
            return "other", 0.5
        exps = {k: math.exp(min(v, 60) / 6) for k, v in scores.items()}
        conf = exps[best] / sum(exps.values())
        return best, max(0.5, min(conf, 0.99))
