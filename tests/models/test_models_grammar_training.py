"""The labeller trains on a corpus with layout-grammar invoices, never on held-out designs."""

from __future__ import annotations

from pathlib import Path

import torch

import models.train
from devkit.synth import generate
from models.data import load_corpus
from models.jobs import train_task
from models.train import TrainConfig

torch.set_num_threads(2)


def test_labeller_trains_on_grammar_layouts_but_never_on_held_out_ones(
    settings, tmp_path: Path, monkeypatch, no_network
) -> None:
    root = tmp_path / "corpus"
    generate(
        root, count=3, seed=3, scans=False, claims=False, einvoices=False,
        grammar_train=2, grammar_heldout=2, grammar_docs=1,
    )  # fmt: skip
    docs = load_corpus(root)
    held = {d.name for d in docs if d.layout.startswith("grammar-heldout-")}
    grammar_train = {d.name for d in docs if d.layout.startswith("grammar-train-")}
    assert len(held) == 2 and len(grammar_train) == 2
    assert all(d.split == "heldout" for d in docs if d.name in held)

    seen: set[str] = set()
    texts: list[str] = []
    tagging, tokenizer = models.train._tagging_data, models.train.load_tokenizer

    def spy_tagging(tok, train_docs, spec):
        seen.update(d.name for d in train_docs)
        return tagging(tok, train_docs, spec)

    def spy_tokenizer(base, corpus_texts):
        texts.extend(corpus_texts)
        return tokenizer(base, corpus_texts)

    monkeypatch.setattr(models.train, "_tagging_data", spy_tagging)
    monkeypatch.setattr(models.train, "load_tokenizer", spy_tokenizer)
    cfg = TrainConfig(epochs=2, batch_size=8)
    report = train_task("fields", settings, root, base="tiny", cfg=cfg)

    assert grammar_train <= seen  # the grammar's training designs are learnt from
    assert not seen & held  # ... its held-out ones never, words and vocabulary alike
    numbers = [d.fields["invoice_number"]["value"] for d in docs if d.name in held]
    assert not any(n in text for n in numbers for text in texts)
    assert report["metrics"]["n"] == sum(d.split == "heldout" for d in docs)  # measured on
