"""A trained tiny labeller inside ``extract_file``: its spans join the candidates, and the
result still satisfies the extraction contract (4.1)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import pytest
import torch

import extractors
import models
from models import registry
from models.data import DocExample
from models.jobs import train_task
from models.train import TrainConfig

torch.set_num_threads(2)
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "extraction.schema.json"


def _invoices(folder: Path, n: int) -> list[tuple[Path, DocExample]]:
    """Return ``n`` rendered synthetic invoices; the first on a held-out layout."""
    synth = pytest.importorskip("devkit.synth")
    out = []
    for k in range(n):
        layout = synth.HELDOUT_LAYOUTS[0] if k == 0 else synth.TRAIN_LAYOUTS[k]
        spec = synth.random_invoice(random.Random(k), layout, name=f"inv-{k}")
        path = folder / f"inv-{k}.pdf"
        path.write_bytes(synth.render(spec))
        truth = {f: {"value": v} for f, v in synth.invoice_fields(spec).items() if v is not None}
        split = "heldout" if k == 0 else "train"
        pages = tuple(extractors.load_pages(path))
        out.append((path, DocExample(path.stem, pages, spec.kind, truth, split, layout)))
    return out


def test_extract_file_with_trained_labeller_follows_the_contract(
    settings, docs, tmp_path, no_network
) -> None:
    if not SCHEMA.is_file():
        pytest.skip("extraction.schema.json not found")
    invoices = _invoices(tmp_path, 4)
    examples = [*docs, *(d for _, d in invoices)]
    cfg = TrainConfig(epochs=6, batch_size=8)
    train_task("fields", settings, base="tiny", cfg=cfg, examples=examples)
    if registry.active_version(settings.models_dir, "fields") is None:
        registry.promote(settings.models_dir, "fields", 1, force=True)
    _, scorer, versions = models.load_plugins(settings)
    assert versions["labeler"] == "fields@1"  # the home's own, not the shipped one

    path = invoices[0][0]  # a layout the labeller never saw
    result = extractors.extract_file(path, field_scorer=scorer)
    jsonschema.validate(result, json.loads(SCHEMA.read_text()))
    assert result["versions"]["labeler"] == "fields@1"
    for f in result["fields"].values():
        assert 0 < f["confidence"] <= 1
        assert f["source"].startswith(("layout:", "model:fields@1"))

    from extractors.fields import document_conventions
    from extractors.spans import span_candidates

    pages = extractors.load_pages(path)
    probs = scorer.token_probs(pages)
    for c in span_candidates(pages, probs, document_conventions(pages), scorer.version):
        assert c.source == "model:fields@1" and 0.5 < c.score <= 1 and c.value
