"""Leave-one-source-out: each source read by a reader that never saw it (issue 24, item 2).

Prints figures, never asserts. Usage::

    python bench/loso.py [--dev DIR] [--corpus var/corpus3p] [--build]
                         [--reader rules | module:function] [--scans N] [--misses]

Sources: every layout family of the real development set (``dev:<family>``, grouped as
``bench/realdev.py`` groups them) and every third-party source of the corpus
(``3p:<source>``, built by ``python -m devkit.corpus3p build``; ``--build`` builds it
when missing). For each source, the reader is trained/tuned on all the *other* sources
and scores the held-out one: header field accuracy (fields marked ``unverified`` are not
counted) and line-item F1 (``bench.realdev.Score``), on the printed page and on the same
page scanned (rendered at 150-300 dpi with skew, blur, noise and JPEG by
``devkit.synth.scan``, image-only PDF, read through OCR; the first ``--scans`` documents
of each source, 0 to skip). Overall figures are pooled over every held-out document.

A reader is pluggable (``Reader`` below): a function given the training documents that
returns an extract function ``Path -> result dict`` (contract 4.1: ``fields[k]["value"]``
and ``lines``). ``--reader pkg.mod:func`` names one; the pure-rules reader (``rules``,
which ignores its training documents) always runs beside it as the baseline, and the
development-set figure (the reader trained on every source, scored on the dev set, i.e.
not held out) is printed beside the held-out one. ``--misses`` prints per field what is
still missed on held-out sources.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.realdev import DEFAULT_DIR, Score, family, printed_page  # noqa: E402

CORPUS = REPO / "var" / "corpus3p"
SCAN_CACHE = REPO / "var" / "corpus3p-scans"


@dataclass(frozen=True)
class Doc:
    """One document with its truth (``truth.json`` entry: ``fields``, ``lines``, ...)."""

    source: str  # "dev:<family>" or "3p:<source>"
    path: Path  # the born-digital PDF
    truth: dict[str, Any] = field(hash=False, compare=False)

    @property
    def skip(self) -> set[str]:
        return set(self.truth.get("unverified") or [])


Extract = Callable[[Path], dict[str, Any]]
# A reader: trained/tuned on the given documents, returns an extract function.
Reader = Callable[[Sequence[Doc]], Extract]


def rules_reader(train: Sequence[Doc]) -> Extract:  # noqa: ARG001 - the rules learn nothing
    """Today's printed-page reader: the shipped rules, no model, no learned layouts."""
    return lambda path: printed_page(path, ranker=None)


def truth_reader(docs: Sequence[Doc]) -> Reader:
    """A reader that answers the truth of ``docs`` (by file hash): scores 1.0; tests use it
    to show the harness can tell right from wrong."""
    by_sha = {hashlib.sha256(d.path.read_bytes()).hexdigest(): d.truth for d in docs}

    def reader(train: Sequence[Doc]) -> Extract:  # noqa: ARG001
        def extract(path: Path) -> dict[str, Any]:
            t = by_sha[hashlib.sha256(path.read_bytes()).hexdigest()]
            return {
                "fields": {k: {"value": v} for k, v in t["fields"].items()},
                "lines": [dict(ln) for ln in t["lines"]],
            }

        return extract

    return reader


def load_dev(dev_dir: Path = DEFAULT_DIR) -> list[Doc]:
    """The real development set, one source per layout family (empty when absent)."""
    path = dev_dir / "truth.json"
    if not path.exists():
        return []
    docs = json.loads(path.read_text())["documents"]
    return [Doc(f"dev:{family(d)}", dev_dir / "pdf" / d["file"], d) for d in docs]


def load_corpus(corpus: Path = CORPUS) -> list[Doc]:
    """The third-party corpus (``truth.json`` of ``python -m devkit.corpus3p build``)."""
    path = corpus / "truth.json"
    if not path.exists():
        return []
    docs = json.loads(path.read_text())["documents"]
    return [Doc(f"3p:{d['source']}", corpus / d["file"], d) for d in docs]


def by_source(docs: Sequence[Doc]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        out[d.source].append(d)
    return dict(sorted(out.items()))


def scanned(doc: Doc, cache: Path = SCAN_CACHE) -> Path:
    """Return an image-only PDF of ``doc`` as a scanner would give it (cached, deterministic:
    dpi 150-300, skew up to 1.5 degrees, blur, noise and JPEG drawn from the file's hash)."""
    from devkit.synth.scan import image_pdf, scan_pages

    data = doc.path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    out = cache / f"{sha[:16]}.pdf"
    if out.exists():
        return out
    rng = random.Random(sha)
    dpi = rng.choice([150, 200, 300])
    effects = {
        "rotate": round(rng.uniform(-1.5, 1.5), 2),
        "blur": round(rng.uniform(0.0, 0.9), 2),
        "noise": round(rng.uniform(2.0, 12.0), 1),
        "jpeg_quality": rng.choice([55, 65, 75, 85]),
    }
    pages = scan_pages(data, dpi, seed=int(sha[:8], 16), **effects)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(image_pdf(pages, dpi, jpeg_quality=effects["jpeg_quality"]))
    os.replace(tmp, out)
    return out


@dataclass
class Run:
    """One reader's leave-one-source-out scores: per source, printed and scanned."""

    printed: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    scanned: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    seconds: float = 0.0


def _score(sc: dict[str, Score], src: str, res: dict, doc: Doc, cpu: float) -> list[str]:
    sc[src].add(res, doc.truth, doc.skip, cpu)
    return sc["ALL"].add(res, doc.truth, doc.skip, cpu)


def loso(reader: Reader, docs: Sequence[Doc], scans: int = 0) -> Run:
    """Score ``reader`` leave-one-source-out over ``docs`` (``scans`` per source scanned)."""
    run = Run()
    start = time.perf_counter()
    groups = by_source(docs)
    for src, held in groups.items():
        train = [d for d in docs if d.source != src]
        extract = reader(train)
        for i, doc in enumerate(held):
            t0 = time.process_time()
            res = extract(doc.path)
            for m in _score(run.printed, src, res, doc, time.process_time() - t0):
                run.misses[m.split(":", 1)[0]].append(f"{src} {doc.path.name}: {m}")
            if i < scans:
                img = scanned(doc)
                t0 = time.process_time()
                _score(run.scanned, src, extract(img), doc, time.process_time() - t0)
    run.seconds = time.perf_counter() - start
    return run


def in_sample(reader: Reader, docs: Sequence[Doc]) -> Score:
    """The development-set figure: trained on everything, scored on the dev set's files."""
    extract = reader(docs)
    sc = Score()
    for d in docs:
        if d.source.startswith("dev:"):
            sc.add(extract(d.path), d.truth, d.skip)
    return sc


def _cell(sc: Score | None) -> str:
    if sc is None or not sc.docs:
        return f"{'-':>17}"
    lines = f"{sc.f1(sc.tp_fuzzy):.2f}" if sc.gold else " n/a"
    return f"{sc.acc:5.1f}% {lines} ({sc.docs:3})"


def table(name: str, run: Run) -> list[str]:
    out = [f"{name}: leave-one-source-out (header % / line F1 fuzzy (docs)), {run.seconds:.0f} s",
           f"  {'held-out source':28} {'printed page':>17}   {'scanned (OCR)':>17}"]  # fmt: skip
    keys = sorted(k for k in run.printed if k != "ALL") + ["ALL"]
    for k in keys:
        out.append(f"  {k:28} {_cell(run.printed.get(k))}   {_cell(run.scanned.get(k))}")
    return out


def print_misses(run: Run, limit: int = 4) -> None:
    print("misses on held-out sources, per field (count; examples):")
    for k, ms in sorted(run.misses.items(), key=lambda kv: -len(kv[1])):
        print(f"  {k}: {len(ms)}")
        for m in ms[:limit]:
            print(f"      {m}")


def load_reader(spec: str) -> Reader:
    if spec == "rules":
        return rules_reader
    mod, _, func = spec.partition(":")
    if not func:
        raise SystemExit(f"--reader wants 'rules' or module:function, got {spec!r}")
    return getattr(importlib.import_module(mod), func)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--build", action="store_true", help="build the corpus when missing")
    ap.add_argument("--reader", default="rules", help="rules or module:function (a Reader)")
    ap.add_argument("--scans", type=int, default=2, help="documents per source also scanned")
    ap.add_argument("--misses", action="store_true", help="per field misses on held-out sources")
    args = ap.parse_args()
    if args.build and not (args.corpus / "truth.json").exists():
        from devkit.corpus3p.build import build

        build(args.corpus)
    docs = load_dev(args.dev) + load_corpus(args.corpus)
    if not docs:
        print("no sources found (dev set and var/corpus3p missing); skipped")
        return
    groups = by_source(docs)
    print(f"{len(groups)} sources, {len(docs)} documents "
          f"({sum(d.source.startswith('3p:') for d in docs)} third-party): "
          + ", ".join(f"{k} {len(v)}" for k, v in groups.items()))  # fmt: skip
    readers = {"rules": rules_reader}
    if args.reader != "rules":
        readers[args.reader] = load_reader(args.reader)
    runs = {}
    for name, reader in readers.items():
        runs[name] = run = loso(reader, docs, args.scans)
        dev = in_sample(reader, docs)
        for line in table(name, run):
            print(line)
        print(f"  {'development set (not held out)':28} {_cell(dev)}")
        _record(name, run, dev, len(groups), len(docs))
    if args.misses:
        print_misses(runs[args.reader])


def _record(name: str, run: Run, dev: Score, n_sources: int, n_docs: int) -> None:
    from bench.record import record

    for mode, scores, target in (("printed page", run.printed, ">= 93% / >= 0.85"),
                                 ("scanned", run.scanned, ">= 88% / >= 0.75")):  # fmt: skip
        sc = scores.get("ALL")
        if sc is None or not sc.docs:
            continue
        record("loso", f"{name} reader, leave-one-source-out over {n_sources} sources "
               f"({n_docs} documents), {mode} ({sc.docs} scored): header / line F1",
               f"{sc.acc:.1f}% / {sc.f1(sc.tp_fuzzy):.2f}", target=target)  # fmt: skip
    record("loso", f"{name} reader, development set (not held out): header / line F1",
           f"{dev.acc:.1f}% / {dev.f1(dev.tp_fuzzy):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
