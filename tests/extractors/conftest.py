"""Fixtures for the extraction tests: a small synthetic corpus and hand-made bad files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

SCHEMA_PATH = (
    Path(__file__).resolve().parents[3] / "shared" / "contracts" / "extraction.schema.json"
)


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    """Return the contract's JSON Schema (the shared copy, or a minimal stand-in)."""
    for path in (SCHEMA_PATH, Path("/work/shared/contracts/extraction.schema.json")):
        if path.exists():
            return json.loads(path.read_text())
    pytest.skip("extraction.schema.json not found")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Return (root, manifest documents) of a small deterministic synthetic corpus."""
    synth = pytest.importorskip("devkit.synth")
    root = tmp_path_factory.mktemp("corpus")
    synth.generate(root, count=12, seed=11, scans=True, claims=True, einvoices=False)
    docs = json.loads((root / "manifest.json").read_text())["documents"]
    return root, docs
