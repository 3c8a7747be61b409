"""Plug-in points where learned models replace or refine the rule-based path.

The field extractor and the kind classifier in ``extractors`` work without any
model. When ``models`` has a trained, promoted model it provides objects that
satisfy these protocols, and the extractor uses them; the version string of each
ends up in the contract's ``versions`` and in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from extractors.tokens import PageTokens


@runtime_checkable
class KindClassifier(Protocol):
    """Returns the document kind and its probability from the page tokens."""

    version: str  # e.g. "kind@3" or "rules@1"

    def classify(self, pages: Sequence[PageTokens]) -> tuple[str, float]: ...


@runtime_checkable
class FieldScorer(Protocol):
    """Per-token field probabilities, used to rescore field candidates.

    ``token_probs`` returns one dict per page, mapping a token's index in
    ``page.tokens`` to ``{field_name: probability}`` (fields with negligible
    probability may be omitted). The field extractor combines these with its own
    rule-based candidate scores.
    """

    version: str  # e.g. "fields@2"

    def token_probs(self, pages: Sequence[PageTokens]) -> list[dict[int, dict[str, float]]]: ...
