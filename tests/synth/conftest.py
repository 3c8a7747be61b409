"""One small corpus shared by the synth tests (generated once per session)."""

from __future__ import annotations

import pytest

from devkit.synth import Manifest, generate


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    out = tmp_path_factory.mktemp("corpus")
    return generate(out, count=24, seed=11, discrepancies=True)
