"""The labeller earns its place: on held-out layouts it raises header accuracy over the rules.

A real tiny BERT is trained on real synthetic PDFs, a share of which print label wordings
the rule vocabulary does not list (``devkit.synth --unlisted``); it is then measured
inside ``extract_pages`` against the rule path alone on layouts it never saw. This is
the slowest model test (about a minute on 2 cores): it is the issue's acceptance figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from devkit.synth import generate
from devkit.synth.wording import LABELS, UNLISTED
from extractors.fields import ANCHOR_SCORE
from extractors.labels import fuzzy_labels, match_labels
from models.data import load_corpus
from models.encoders import BaseSpec
from models.evaluate import header_accuracy
from models.inference import BertFieldScorer, Runner
from models.train import TrainConfig, train_fields

FIELD_OF = {"tax": "tax_amount", "tax_id": "vendor_tax_id", "terms": "payment_terms"}


def test_unlisted_wordings_are_unknown_to_the_rule_vocabulary() -> None:
    # If someone adds one of these to extractors/labels.py, the benchmark's "unlisted"
    # group stops measuring what it says: pick another wording for it then.
    for language, wordings in UNLISTED.items():
        for key, options in wordings.items():
            assert key in LABELS[language], key
            field = FIELD_OF.get(key, key)
            for wording in options:
                hits = [h for h in match_labels(f"{wording}: 12") if h[0] == field]
                assert all(h[3] < ANCHOR_SCORE for h in hits), (wording, hits)
                assert not fuzzy_labels(f"{wording}: 12"), wording


def test_unlisted_share_changes_only_the_chosen_invoices(tmp_path: Path) -> None:
    plain = generate(tmp_path / "a", count=12, seed=3, scans=False, einvoices=False)
    mixed = generate(tmp_path / "b", count=12, seed=3, scans=False, einvoices=False, unlisted=0.5)
    changed = 0
    for a, b in zip(plain.documents, mixed.documents, strict=True):
        before, after = (tmp_path / "a" / a["path"]), (tmp_path / "b" / b["path"])
        same = before.read_bytes() == after.read_bytes()
        truth = (tmp_path / "b" / b["truth"]).read_text(encoding="utf-8")
        unlisted = '"wording": "unlisted"' in truth
        assert same != unlisted, a["name"]  # chosen ones differ, the others keep their bytes
        changed += unlisted
    assert 0 < changed < len(plain.documents)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list:
    root = tmp_path_factory.mktemp("unlisted")
    generate(root, count=100, seed=5, scans=False, claims=False, einvoices=False, unlisted=0.5)
    return load_corpus(root)


def test_labeller_raises_header_accuracy_on_held_out_layouts(corpus, no_network) -> None:
    torch.set_num_threads(2)
    trained = train_fields(corpus, BaseSpec("tiny", None), TrainConfig(epochs=20, seed=7))
    scorer = BertFieldScorer(Runner(trained.model, trained.tokenizer, torch.device("cpu")), "t@1")
    held = [d for d in corpus if d.split == "heldout"]
    unlisted = [d for d in held if d.wording == "unlisted"]
    listed = [d for d in held if d.wording == "listed"]
    assert len(unlisted) >= 5 and len(listed) >= 5

    # the labeller's own gain: against the rules alone (the learned ranker, the default
    # reader, reads many unlisted wordings too; there the labeller must not lose)
    rules = header_accuracy(unlisted, ranker=None)
    learned = header_accuracy(unlisted, scorer, ranker=None)
    assert learned["model_right"] > learned["model_wrong"]
    assert learned["accuracy"] >= rules["accuracy"] + 0.10, (rules, learned)
    assert header_accuracy(unlisted, scorer)["accuracy"] >= header_accuracy(unlisted)["accuracy"]
    # Where the rules read specific labels, the labeller must not make things worse.
    assert (
        header_accuracy(listed, scorer, ranker=None)["accuracy"]
        >= header_accuracy(listed, ranker=None)["accuracy"]
    )
