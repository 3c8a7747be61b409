"""The shipped layout reader: loads offline in a fresh home, reads a layout it never saw.

The sample (``tests/data/layout_heldout``) is printed from layout-grammar designs held
out of the shipped model's training (``bursar synth --grammar-heldout``, seed 7); its
truth is the generator's. The model path is forced (``lines_from="model"``) so the
figures are the model's, not the rules'.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import models
from extractors.calibration import same
from extractors.loader import load_pages
from extractors.pipeline import extract_pages
from models.default import default_dir

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "layout_heldout"
HEADER = (
    "invoice_number", "invoice_date", "due_date", "po_number", "vendor_name", "vendor_tax_id",
    "vendor_iban", "subtotal", "tax_amount", "total", "currency",
)  # fmt: skip

pytestmark = pytest.mark.skipif(
    default_dir("fields") is None, reason="no default model shipped in models/default"
)


def line_matches(pred: list[dict], truth: list[dict]) -> int:
    """Return how many truth lines a predicted line matches one to one: the three numbers
    equal and at least 80% of the description's words found."""
    used: set[int] = set()
    for t in truth:
        words = set(str(t["description"]).casefold().split())
        for i, p in enumerate(pred):
            got = set(str(p.get("description") or "").casefold().split())
            if i in used or len(words & got) < 0.8 * len(words):
                continue
            if all(same(k, p.get(k), t.get(k)) for k in ("quantity", "unit_price", "amount")):
                used.add(i)
                break
    return len(used)


def _sample() -> list[tuple[Path, dict]]:
    return [
        (SAMPLE / f"{p.stem}.pdf", json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(SAMPLE.glob("*.json"))
    ]


def test_fresh_home_uses_the_shipped_kind_model_offline(settings, no_network, monkeypatch) -> None:
    monkeypatch.delenv("BURSAR_DEFAULT_MODELS", raising=False)
    assert not any(settings.models_dir.glob("*/active"))  # nothing trained in this home
    kind, fields, versions = models.load_plugins(settings)
    # the field labeller loses to the rules on unseen real layouts: shipped, opt-in only
    assert versions == {"classifier": "kind@default-1"} and fields is None
    label, prob = kind.classify(load_pages(_sample()[0][0]))
    assert label == "invoice" and 0.5 < prob <= 1.0


def test_shipped_labeller_is_opt_in_and_defaults_can_be_switched_off(
    settings, monkeypatch, no_network
) -> None:
    monkeypatch.setenv("BURSAR_DEFAULT_MODELS", "kind,fields")
    _, fields, versions = models.load_plugins(settings)
    assert versions == {"classifier": "kind@default-1", "labeler": "fields@default-1"}
    assert fields.has_cells
    monkeypatch.setenv("BURSAR_DEFAULT_MODELS", "none")
    assert models.load_plugins(settings) == (None, None, {})


@pytest.fixture
def layout_model(monkeypatch) -> None:
    monkeypatch.setenv("BURSAR_DEFAULT_MODELS", "kind,fields")


def _read(settings, mode: str) -> list[dict]:
    kind, fields, _ = models.load_plugins(settings)
    out = []
    for path, _truth in _sample():
        pages = load_pages(path)
        out.append(
            extract_pages(
                pages, file=path.name, sha256="0" * 64, templates=[], kind_classifier=kind,
                field_scorer=fields, lines_from=mode,
            )
        )  # fmt: skip
    return out


def test_unseen_layout_is_read_by_the_model_path(settings, layout_model, no_network) -> None:
    results = _read(settings, "model")
    right = total = tp = gold = pred = 0
    for res, (_, truth) in zip(results, _sample(), strict=True):
        assert res["versions"]["labeler"] == "fields@default-1"
        assert res["kind"] == truth["kind"]
        for name in HEADER:
            if name in truth["fields"]:
                total += 1
                right += same(name, res["fields"].get(name, {}).get("value"),
                              truth["fields"][name]["value"])  # fmt: skip
        tp += line_matches(res["lines"], truth["lines"])
        gold += len(truth["lines"])
        pred += len(res["lines"])
    assert right / total >= 0.9, (right, total)
    precision, recall = tp / max(pred, 1), tp / max(gold, 1)
    assert precision >= 0.8 and recall >= 0.8, (tp, pred, gold)


def test_repeated_runs_give_identical_results(settings, layout_model) -> None:
    first = _read(settings, "evidence")
    from models.inference import clear_cache

    clear_cache()  # a fresh load from the package gives the same answer too
    assert _read(settings, "evidence") == first


def test_kind_model_reads_pages_without_a_title_and_a_found_title_stands(
    settings, no_network
) -> None:
    from dataclasses import replace

    from extractors.kind import RuleKindClassifier
    from extractors.tokens import Token

    kind, _, _ = models.load_plugins(settings)
    rules = RuleKindClassifier()
    for path, truth in _sample():
        pages = load_pages(path)
        if rules.classify(pages) == ("other", 0.5):  # this design's title is not in the rules
            assert kind.classify(pages)[0] == truth["kind"] == "invoice"
        # a title the rules know, printed large at the top, stands whatever the model says
        title = Token("GUTSCHRIFT", 40, 8, 160, 30, page=1, line=-1)
        titled = [replace(pages[0], tokens=(title, *pages[0].tokens)), *pages[1:]]
        r_kind, r_conf = rules.classify(titled)
        assert r_kind == "credit_note" and r_conf > 0.5
        assert kind.classify(titled)[0] == "credit_note"
