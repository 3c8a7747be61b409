"""Line items (placeholder, replaced below)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from extractors.tokens import PageTokens


def extract_lines(pages: Sequence[PageTokens], *, kind: str) -> list[dict[str, Any]]:
    """Return the document's line items."""
    return []
