"""Tolerance limits: percent and absolute, upper and lower, plus the small-difference limit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rules.money import fmt, to_decimal

LIMIT_KEYS = ("pct_upper", "abs_upper", "pct_lower", "abs_lower")
DIMENSIONS = ("price", "quantity", "amount")


@dataclass(frozen=True, slots=True)
class Limit:
    """How far ``actual`` may be from ``expected``; None means no limit on that side.

    A value exactly at a limit is inside it. When both a percent and an absolute limit
    are set for a side, exceeding either one is a violation (the stricter one wins,
    as with SAP tolerance keys).
    """

    pct_upper: Decimal | None = None
    abs_upper: Decimal | None = None
    pct_lower: Decimal | None = None
    abs_lower: Decimal | None = None

    def violation(self, actual: Decimal, expected: Decimal) -> str | None:
        """Return the tolerance that was exceeded (e.g. ``"5%"``), or None when within it."""
        diff = actual - expected
        if diff > 0:
            return _exceeded(diff, expected, self.pct_upper, self.abs_upper)
        if diff < 0:
            return _exceeded(-diff, expected, self.pct_lower, self.abs_lower)
        return None


def _exceeded(
    diff: Decimal, expected: Decimal, pct: Decimal | None, absolute: Decimal | None
) -> str | None:
    if pct is not None and diff * 100 > pct * abs(expected):
        return f"{fmt(pct)}%"
    if absolute is not None and diff > absolute:
        return fmt(absolute)
    return None


@dataclass(frozen=True, slots=True)
class Tolerances:
    price: Limit = field(default_factory=Limit)
    quantity: Limit = field(default_factory=lambda: Limit(pct_upper=Decimal(0)))
    amount: Limit = field(default_factory=Limit)
    small_difference: Mapping[str, Decimal] = field(default_factory=dict)

    def small_limit(self, currency: str | None) -> Decimal:
        """Return the money difference under which a variance is only a warning (SAP BD)."""
        limits = self.small_difference
        return limits.get((currency or "").upper(), limits.get("default", Decimal(0)))


def merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``base`` updated key by key (one level into dimension dicts) with ``override``."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def build(spec: Mapping[str, Any]) -> Tolerances:
    """Return Tolerances from an already validated mapping."""
    limits = {
        dim: Limit(**{k: to_decimal(v) for k, v in (spec.get(dim) or {}).items()})
        for dim in DIMENSIONS
        if dim in spec
    }
    small = spec.get("small_difference")
    if isinstance(small, Mapping):
        small_map = {
            str(k).upper() if k != "default" else "default": to_decimal(v) for k, v in small.items()
        }
    else:
        small_map = {"default": to_decimal(small) if small is not None else Decimal(0)}
    return Tolerances(**limits, small_difference={k: v or Decimal(0) for k, v in small_map.items()})
