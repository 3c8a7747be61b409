"""Helpers for reading the synthetic corpus in pipeline tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def manifest_docs(corpus: Path, variant: str = "digital") -> list[dict[str, Any]]:
    """Return the corpus's documents of one variant, in manifest order."""
    docs = json.loads((corpus / "manifest.json").read_text())["documents"]
    for doc in docs:
        doc["truth_json"] = json.loads((corpus / doc["truth"]).read_text())
    return [d for d in docs if d["variant"] == variant]
