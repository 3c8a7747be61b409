"""Training the tiny BERT for a few CPU steps: saving, loading, versions, promotion."""

from __future__ import annotations

import json

import pytest
import torch
from toydocs import make_gl_rows

import models
from bursar.cli import main
from bursar.errors import InputError
from models import registry
from models.jobs import train_task
from models.train import KINDS, TrainConfig

torch.set_num_threads(2)
FEW = TrainConfig(epochs=2, batch_size=8)
GOOD = TrainConfig(epochs=15, batch_size=8)


def test_nothing_trained_means_no_plugins(settings, monkeypatch) -> None:
    monkeypatch.setenv("BURSAR_DEFAULT_MODELS", "none")  # the shipped ones: test_layout_default
    kind, fields, versions = models.load_plugins(settings)
    assert (kind, fields, versions) == (None, None, {})
    assert models.load_gl_coder(settings) is None


def test_trained_model_is_saved_loaded_and_predictions_carry_version(
    settings, docs, no_network
) -> None:
    report = train_task("kind", settings, base="tiny", cfg=FEW, examples=docs)
    assert report["version"] == 1
    registry.promote(settings.models_dir, "kind", 1, force=True)  # two epochs: force it in
    folder = settings.models_dir / "kind" / "1"
    assert {p.name for p in folder.iterdir()} >= {"model", "metrics.json"}
    meta = json.loads((folder / "metrics.json").read_text())
    assert meta["base"] == "tiny" and len(meta["data_hash"]) == 64
    assert "accuracy" in meta["metrics"]

    train_task("fields", settings, base="tiny", cfg=FEW, examples=docs)
    registry.promote(settings.models_dir, "fields", 1, force=True)
    kind, fields, versions = models.load_plugins(settings)
    assert versions == {"classifier": "kind@1", "labeler": "fields@1"}
    label, prob = kind.classify(docs[0].pages)
    assert label in KINDS and 0.0 <= prob <= 1.0
    probs = fields.token_probs(docs[0].pages)
    assert len(probs) == 1
    assert all(0 <= i < len(docs[0].pages[0].tokens) for i in probs[0])

    from models.inference import clear_cache

    clear_cache()  # a fresh load from disk gives the same answer
    again, _, _ = models.load_plugins(settings)
    assert again is not kind
    label2, prob2 = again.classify(docs[0].pages)
    assert label2 == label and prob2 == pytest.approx(prob, rel=1e-4)


def test_first_model_must_beat_the_rule_path_to_replace_it(settings, docs, monkeypatch) -> None:
    monkeypatch.setenv("BURSAR_DEFAULT_MODELS", "none")  # a refused model leaves the rules
    report = train_task("kind", settings, base="tiny", cfg=FEW, examples=docs)
    assert report["active_version"] == "rules" and report["metric"] == "kind accuracy"
    rules, cand = report["active"], report["candidate"]
    assert report["promoted"] == (cand > rules)
    if cand <= rules:  # the usual case after two epochs: the rules stay in charge
        assert registry.active_version(settings.models_dir, "kind") is None
        assert models.load_plugins(settings)[0] is None


def test_worse_candidate_is_not_promoted_unless_forced(settings) -> None:
    rows = make_gl_rows()
    good = train_task("glcode", settings, base="tiny", cfg=GOOD, examples=rows)
    assert good["promoted"] and good["candidate"] > 0.9
    # One step at a learning rate of ~zero: the candidate stays at chance level.
    cfg = TrainConfig(max_steps=1, lr=1e-12, batch_size=8)
    bad = train_task("glcode", settings, base="tiny", cfg=cfg, examples=rows)
    assert bad["candidate"] < good["candidate"]
    assert not bad["promoted"] and "--force" in bad["reason"]
    root = settings.models_dir
    assert registry.active_version(root, "glcode") == 1
    assert registry.versions(root, "glcode") == [1, 2]

    with pytest.raises(registry.PromotionRefused):
        registry.promote(root, "glcode", 2)
    assert main(["models", "promote", "glcode", "2"]) == 1

    assert main(["models", "promote", "glcode", "2", "--force"]) == 0
    assert registry.active_version(root, "glcode") == 2
    assert registry.history(root, "glcode")[-1]["forced"] is True
    assert models.load_gl_coder(settings).version == "glcode@2"

    assert registry.rollback(root, "glcode") == 1
    assert models.load_gl_coder(settings).version == "glcode@1"


def test_gl_coder_proposes_top_k_accounts(settings) -> None:
    report = train_task("glcode", settings, base="tiny", cfg=GOOD, examples=make_gl_rows())
    assert report["metrics"]["top3"] >= report["metrics"]["top1"]
    coder = models.load_gl_coder(settings)
    top = coder.suggest("toner cartridges", "V1", k=3)
    assert coder.version == "glcode@1"
    assert len(top) == 3 and sum(p for _, p in top) <= 1.0 + 1e-6
    assert [p for _, p in top] == sorted((p for _, p in top), reverse=True)


def test_cli_lists_versions_as_json(settings, docs, capsys) -> None:
    train_task("kind", settings, base="tiny", cfg=TrainConfig(max_steps=2), examples=docs)
    registry.promote(settings.models_dir, "kind", 1, force=True)
    capsys.readouterr()
    assert main(["models", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "kind" and rows[0]["version"] == 1 and rows[0]["active"]


def test_broken_model_degrades_to_rules(settings, docs) -> None:
    train_task("kind", settings, base="tiny", cfg=TrainConfig(max_steps=1), examples=docs)
    registry.promote(settings.models_dir, "kind", 1, force=True)
    (settings.models_dir / "kind" / "1" / "model" / "model.safetensors").write_bytes(b"junk")
    from models.inference import clear_cache

    clear_cache()
    kind, fields, versions = models.load_plugins(settings)
    assert kind is None and fields is None and versions == {}


def _write_corpus(root, docs) -> None:
    (root / "truth").mkdir(parents=True)
    (root / "docs").mkdir()
    for d in docs:
        (root / "docs" / f"{d.name}.pdf").write_bytes(b"%PDF-stub")
        truth = {"kind": d.kind, "fields": d.fields, "split": d.split, "layout": d.layout,
                 "variant": "digital", "file": f"{d.name}.pdf"}  # fmt: skip
        (root / "truth" / f"{d.name}.json").write_text(json.dumps(truth))


def test_cli_trains_from_corpus_and_corrections(settings, docs, tmp_path, monkeypatch, capsys):
    pages = {f"{d.name}.pdf": list(d.pages) for d in docs}
    monkeypatch.setattr("models.data.default_loader", lambda path: pages[path.name])
    _write_corpus(tmp_path / "corpus", docs)
    corrections = settings.home_dir / "corrections"
    corrections.mkdir(parents=True)
    stored = tmp_path / "corpus" / "docs" / f"{docs[0].name}.pdf"
    fixed = {"file": "x.pdf", "stored_path": str(stored), "kind": "invoice",
             "fields": {"total": {"value": "1.00"}}}  # fmt: skip
    (corrections / "c1.json").write_text(json.dumps(fixed))
    (corrections / "broken.json").write_text("{not json")
    from models.jobs import task_data

    items = task_data("kind", tmp_path / "corpus", settings.home_dir)
    assert len(items) == len(docs) + 1 and items[-1].name == "correction:c1"
    capsys.readouterr()
    argv = ["models", "train", "kind", "--data", str(tmp_path / "corpus"), "--base", "tiny",
            "--max-steps", "2", "--json"]  # fmt: skip
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["version"] == 1 and report["base"] == "tiny"
    assert report["active_version"] == "rules"  # shadow-evaluated against the rule path
    assert main(["models", "train", "nosuch"]) == 2


def test_training_without_data_says_what_to_pass(settings, capsys) -> None:
    assert main(["models", "train", "kind", "--base", "tiny"]) == 2
    assert "--data CORPUS" in capsys.readouterr().err


def test_rollback_walks_back_through_promotions(settings) -> None:
    from models.encoders import resolve_base
    from models.train import train_glcode

    rows = make_gl_rows()
    trained = train_glcode(rows, resolve_base("tiny", None), TrainConfig(max_steps=1))
    root = settings.models_dir
    for _ in range(3):  # saved, not registered: no shadow evaluation decides for us
        registry.save_version(root, trained)
    for version in (1, 2, 3):
        registry.promote(root, "glcode", version, force=True)
    assert registry.rollback(root, "glcode") == 2
    assert registry.rollback(root, "glcode") == 1
    with pytest.raises(InputError):
        registry.rollback(root, "glcode")


def test_demo_does_not_retrain_a_model_the_rules_beat(settings, docs, tmp_path) -> None:
    from models.jobs import ensure_demo_models

    train_task("kind", settings, base="tiny", cfg=FEW, examples=docs)
    (tmp_path / "empty").mkdir()
    report = ensure_demo_models(tmp_path / "empty", settings)
    assert "skipped" in report["kind"]
    assert registry.versions(settings.models_dir, "kind") == [1]  # nothing retrained
