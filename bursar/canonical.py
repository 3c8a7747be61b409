"""Canonical JSON: one byte string per value, so hashes are reproducible."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def _default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    raise TypeError(f"not canonical-JSON serialisable: {type(obj).__name__}")


def canonical_json(value: Any) -> str:
    """Return ``value`` as JSON with sorted keys, no whitespace, Decimals as strings."""
    return json.dumps(
        value, default=_default, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
