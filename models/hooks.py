"""Observation hooks of the models: values the core records; models import nothing of it.

``OBSERVERS`` are called after each forward pass with ``(model, batch_size, seconds)``;
``bursar.observe.metrics.hook_models`` adds the Prometheus recorder. An observer that
raises is dropped from the call, never from the prediction.
"""

from __future__ import annotations

from collections.abc import Callable

Observer = Callable[[str, int, float], None]
OBSERVERS: list[Observer] = []


def forward_done(model: str, batch_size: int, seconds: float) -> None:
    """Tell every observer about one forward pass."""
    for observe in list(OBSERVERS):
        try:
            observe(model, batch_size, seconds)
        except Exception:  # noqa: S112 - metrics must never cost a prediction
            continue
