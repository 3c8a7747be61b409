"""The rule path as the incumbent: a first model is promoted only when it beats it.

With no active model, the pipeline uses the rule-based kind classifier and field
extractor. A learned model replaces them only when, on the same held-out documents,
it classifies kinds more accurately (kind) or lets the extractor read header fields
more accurately (fields) -- the same rule as against an active model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.evaluate import header_accuracy


def _kind_accuracy(classifier: Any, docs: Sequence[Any]) -> float:
    return sum(classifier.classify(d.pages)[0] == d.kind for d in docs) / len(docs)


def against_rules(root: Path, name: str, version: int, heldout: Sequence[Any]) -> dict | None:
    """Return the comparison of candidate ``name@version`` with the rule path, or None."""
    from extractors.kind import RuleKindClassifier
    from models.inference import BertFieldScorer, BertKindClassifier, runner
    from models.registry import weights_dir

    docs = [d for d in heldout if getattr(d, "pages", None)]
    if name not in ("kind", "fields") or not docs:
        return None
    run = runner(weights_dir(root, name, version), "cpu")
    if name == "kind":
        cand = _kind_accuracy(BertKindClassifier(run, f"kind@{version}"), docs)
        rules = _kind_accuracy(RuleKindClassifier(), docs)
        metric = "kind accuracy"
    else:
        cand = header_accuracy(docs, BertFieldScorer(run, f"fields@{version}"))["accuracy"]
        rules = header_accuracy(docs)["accuracy"]
        metric = "header accuracy"
    return {
        "metric": metric,
        "candidate": round(cand, 4),
        "active": round(rules, 4),
        "active_version": "rules",
        "incumbent": "rules",
    }
