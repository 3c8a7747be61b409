"""Fixtures for end-to-end pipeline tests: a synthetic corpus and an imported master."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small deterministic corpus with one injected discrepancy per rule code."""
    from devkit.synth import generate

    out = tmp_path_factory.mktemp("corpus")
    generate(out, count=12, seed=5, scans=False, claims=True, einvoices=False, discrepancies=True)
    return out
