"""Fixtures for the operations tests: a small synthetic corpus and its master data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve invoices with injected discrepancies (some go to the inbox), born digital."""
    from devkit.synth import generate

    out = tmp_path_factory.mktemp("corpus")
    generate(out, count=12, seed=7, scans=False, claims=False, einvoices=False, discrepancies=True)
    return out
