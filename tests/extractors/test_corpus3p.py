"""The third-party layout corpus (issue 24): its truth is on the page, and the
leave-one-source-out harness scores readers and can fail one.

Uses the checked-in sample ``tests/data/corpus3p`` (one to three documents per source,
built by ``python -m devkit.corpus3p build``); nothing here needs Java or Chromium.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import loso
from devkit.corpus3p import build, truth

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "corpus3p"
MANIFEST = Path(build.__file__).resolve().parent / "manifest.json"


@pytest.fixture(scope="module")
def docs() -> list[loso.Doc]:
    return loso.load_corpus(SAMPLE)


def test_manifest_names_licence_commit_and_rendering_of_every_source():
    man = json.loads(MANIFEST.read_text())
    repos = {r["name"]: r for r in man["repositories"]}
    for r in repos.values():
        assert len(r["commit"]) == 40 and r["licence"] and r["url"].startswith("https://")
        lic = Path(build.SOURCES / r["vendored_as"])
        assert any((lic / n).exists() for n in ("LICENSE", "LICENSE.txt", "package.json"))
    fams = [s["name"] for s in man["sources"]]
    assert len(fams) >= 4 and len({r for s in man["sources"] for r in s["inputs"]}) >= 3
    for s in man["sources"]:
        assert s["rendering"] and s["layout_family"] and set(s["inputs"]) <= set(repos)


def test_sample_covers_every_source_and_its_truth_is_printed(docs):
    assert {d.source for d in docs} == {f"3p:{s}" for s in build.ALL_SOURCES}
    for d in docs:
        text = " ".join(build.page_text(d.path).split()).casefold()
        verified = [k for k in d.truth["fields"] if k not in d.skip]
        assert len(verified) >= 5, d.path.name
        for k in verified:
            assert build.on_page(k, d.truth["fields"][k], text), (d.path.name, k)
        assert d.truth["lines"], d.path.name
        for ln in d.truth["lines"]:
            assert ln["description"].split()[0].casefold() in text


def test_on_page_rejects_a_value_that_is_not_printed():
    text = "invoice no 4711 date 03.02.2024 total 1.234,50 eur"
    assert build.on_page("invoice_date", "2024-02-03", text)
    assert build.on_page("total", "1234.50", text)
    assert not build.on_page("total", "1234.60", text)
    assert not build.on_page("invoice_date", "2024-03-02", text)


def test_truth_reads_ubl_and_cii_twins_alike():
    suite = build.SOURCES / "xrechnung-testsuite" / "src" / "test" / "business-cases"
    a = truth.read(suite / "standard" / "01.01a-INVOICE_ubl.xml")
    b = truth.read(suite / "standard" / "01.01a-INVOICE_uncefact.xml")
    assert a["syntax"] == "UBL" and b["syntax"] == "CII"
    assert a["fields"] == b["fields"] and a["lines"] == b["lines"]
    assert a["fields"]["total"] == "336.90" and len(a["lines"]) == 2


def test_harness_scores_rules_in_range_and_truth_perfectly(docs):
    rules = loso.loso(loso.rules_reader, docs)
    for sc in rules.printed.values():
        assert 0.0 <= sc.acc <= 100.0 and 0.0 <= sc.f1(sc.tp_fuzzy) <= 1.0
    assert rules.printed["ALL"].docs == len(docs)
    perfect = loso.loso(loso.truth_reader(docs), docs)
    assert perfect.printed["ALL"].acc == 100.0
    assert perfect.printed["ALL"].f1(perfect.printed["ALL"].tp) == 1.0


def test_harness_fails_a_reader_that_is_wrong(docs):
    def wrong(train):
        def extract(path):
            return {"fields": {"total": {"value": "0.01"}}, "lines": []}

        return extract

    run = loso.loso(wrong, docs)
    assert run.printed["ALL"].acc < 20.0
    assert run.printed["ALL"].f1(run.printed["ALL"].tp_fuzzy) == 0.0
    assert run.misses["total"]


def test_held_out_source_is_never_in_training(docs):
    seen: list[tuple[set[str], list[str]]] = []

    def spy(train):
        sources = {d.source for d in train}

        def extract(path):
            seen.append((sources, [d.source for d in docs if d.path == path]))
            return {"fields": {}, "lines": []}

        return extract

    loso.loso(spy, docs)
    assert seen and all(held[0] not in trained for trained, held in seen)
    assert all(len(trained) == len({d.source for d in docs}) - 1 for trained, _ in seen)
