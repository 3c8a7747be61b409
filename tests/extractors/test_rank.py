"""The learned candidate ranker (issue 24): reads a layout family it was not trained on,
the shipped one loads offline, and readings repeat exactly.

Uses the checked-in third-party sample ``tests/data/corpus3p`` (four layout families).
The held-out test trains a small ranker in seconds on three families and reads the
fourth; the shipped ranker (``extractors/ranker.json``) is built by
``python bench/ranker.py --ship``, never here.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from bench import loso
from bench.extract import line_matches
from bench.realdev import printed_page
from extractors import rank
from extractors.calibration import same

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "corpus3p"


@pytest.fixture(scope="module")
def docs() -> list[loso.Doc]:
    return loso.load_corpus(SAMPLE)


def _correct(res: dict, doc: loso.Doc) -> tuple[int, int]:
    verified = [k for k in doc.truth["fields"] if k not in doc.skip]
    got = {k: res["fields"].get(k, {}).get("value") for k in verified}
    ok = sum(same(k, got[k], doc.truth["fields"][k]) for k in verified)
    return ok, len(verified)


@pytest.mark.parametrize("held", ["3p:sparksuite", "3p:kosit-fo", "3p:aerix-nota", "3p:reneweiser"])
def test_a_family_absent_from_training_is_read_by_the_model_path(docs, held):
    pytest.importorskip("sklearn")
    from bench.ranker import examples, fit

    train = [d for d in docs if d.source != held]
    ranker = fit(examples(train), "ranker@test")
    assert {"total", "invoice_date"} <= set(ranker.models)
    heldout = [d for d in docs if d.source == held]
    assert heldout
    ok = n = ok_rules = 0
    for d in heldout:
        res = printed_page(d.path, ranker=ranker)
        rules = printed_page(d.path, ranker=None)
        got, count = _correct(res, d)
        ok, n = ok + got, n + count
        ok_rules += _correct(rules, d)[0]
        # the model path reads every truth line of the unseen family
        assert line_matches(res["lines"], d.truth["lines"], fuzzy=True) == len(d.truth["lines"])
        assert len(res["lines"]) == len(d.truth["lines"])
    assert ok >= ok_rules  # never worse than the rules on the unseen family
    assert ok / n >= 0.6, (ok, n)


def test_the_shipped_ranker_loads_offline_and_reads_a_page(docs, monkeypatch):
    def no_network(*a, **k):  # noqa: ANN002, ANN003
        raise OSError("network used")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    rank.shipped.cache_clear()
    ranker = rank.shipped()
    assert ranker is not None and ranker.version.startswith("ranker@")
    data = json.loads(rank.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["trained"]["documents"] > 0 and set(data["models"]) >= {"total", "vendor_name"}
    d = next(d for d in docs if d.source == "3p:anvil")
    res = printed_page(d.path, ranker="shipped")
    assert res["fields"]["total"]["value"] == d.truth["fields"]["total"]


def test_repeated_readings_and_training_are_identical(docs):
    pytest.importorskip("sklearn")
    from bench.ranker import examples, fit

    a = fit(examples(docs), "ranker@test").to_json()
    b = fit(examples(docs), "ranker@test").to_json()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    ranker = rank.Ranker.from_json(a)
    for d in docs[:3]:
        first = printed_page(d.path, ranker=ranker)
        second = printed_page(d.path, ranker=ranker)
        assert first["fields"] == second["fields"] and first["lines"] == second["lines"]


def test_the_ranker_abstains_where_it_finds_nothing_likely(docs):
    """A model that finds every value unlikely leaves the rules' choice standing."""
    d = docs[0]
    rules = printed_page(d.path, ranker=None)
    leaf = {"f": [0], "t": [0.0], "l": [0], "r": [0], "leaf": [1], "v": [-9.0], "m": [0]}
    unsure = rank.Ranker("ranker@unsure", {f: {"baseline": 0.0, "trees": [leaf]}
                                           for f in rules["fields"]})  # fmt: skip
    res = printed_page(d.path, ranker=unsure)
    assert {k: v["value"] for k, v in res["fields"].items()} == {
        k: v["value"] for k, v in rules["fields"].items()
    }


def test_items_printed_as_records_are_read_without_a_table(docs):
    """kosit-fo prints each item as a block of key-value pairs, with no table header."""
    d = next(d for d in docs if d.path.name.startswith("en16931-CII-BR-CO-10"))
    res = printed_page(d.path, ranker=None)
    assert len(res["lines"]) == len(d.truth["lines"]) == 4
    assert line_matches(res["lines"], d.truth["lines"], fuzzy=False) == 4


@pytest.mark.parametrize("zero_tax", [True, False])
def test_a_printed_total_that_does_not_add_up_is_read_as_printed(tmp_path, zero_tax):
    """The default reader must not 'repair' the page's money: a total printed 10.00 above
    subtotal + tax is read as printed on every fixed layout (the rules engine routes it),
    even where the subtotal's printed value would make the sums agree (no tax)."""
    import random
    from dataclasses import replace
    from decimal import Decimal

    from devkit.synth.layouts import INVOICE_LAYOUTS
    from devkit.synth.render import render
    from devkit.synth.specs import random_invoice

    rng = random.Random(5)
    for layout in sorted(INVOICE_LAYOUTS):
        spec = random_invoice(rng, layout, n_lines=3)
        if zero_tax:
            spec = spec.with_changes(
                lines=tuple(replace(ln, tax_rate=Decimal(0)) for ln in spec.lines)
            )
        spec = spec.with_changes(total_override=spec.total + Decimal("10.00"))
        pdf = tmp_path / f"{layout}.pdf"
        pdf.write_bytes(render(spec))
        rules = printed_page(pdf, ranker=None)["fields"]
        read = printed_page(pdf)["fields"]  # the default reader: the shipped ranker
        assert same("total", rules["total"]["value"], str(spec.printed_total)), layout
        for name in ("subtotal", "tax_amount", "total"):
            assert read.get(name, {}).get("value") == rules.get(name, {}).get("value"), (
                layout,
                name,
            )


def test_a_ranker_file_of_another_feature_layout_is_refused_in_one_line() -> None:
    """Trees index features by position and a candidate's source by its place in the
    list: a file trained on another layout must not be read (it would misread quietly)."""
    data = json.loads(rank.MODEL_FILE.read_text(encoding="utf-8"))
    assert rank.Ranker.from_json(data).models  # the shipped file loads
    for trained in (
        {**data["trained"], "features": rank.N_FEATURES - 1},
        {**data["trained"], "candidate_sources": list(rank.SOURCES[:-1])},
    ):
        with pytest.raises(ValueError, match="retrain it") as err:
            rank.Ranker.from_json({**data, "trained": trained})
        assert "\n" not in str(err.value)
