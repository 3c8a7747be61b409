"""The layout-aware reader (tiny BERT + 2-D positions, header fields and line cells) vs the rules.

    python bench/layoutmodel.py [--synth DIR] [--dev DIR] [--epochs 6] [--loso]
                                [--ship] [--no-speed]

Each source is scored by models that never saw it:

- **synthetic held-out layouts**: designs drawn from the layout grammar and kept out of
  training (``bursar synth --grammar-train 60 --grammar-heldout 24``);
- **a third-party layout corpus** (``--corpus3p DIR``, truth in the einvoice-dev format,
  read only): no model here saw any of its sources;
- **real e-invoices (einvoice-dev), printed page**: the base models train on synthetic
  documents only, so every real family is unseen; with ``--loso`` each family is also
  scored by models trained on the synthetic documents plus every *other* real family
  (leave-one-source-out; families of one file are pooled as ``small``).

For each: document kind accuracy, header accuracy and line F1 (strict / fuzzy
description, ``bench.extract.line_matches``) of the rules alone, of rules + model with
lines chosen by evidence (the default), and of the model's lines alone. ``--ship``
writes the models trained on synthetic documents only into ``models/default/`` (the
defaults of a fresh install): every real figure above is then the shipped model's on
sources it never saw. Prints figures, never asserts.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402

from bench.extract import line_matches  # noqa: E402
from bench.realdev import DEFAULT_DIR, family  # noqa: E402
from extractors.calibration import same  # noqa: E402
from models import data as mdata  # noqa: E402
from models.align import FIELDS  # noqa: E402
from models.encoders import resolve_base  # noqa: E402
from models.inference import BertFieldScorer, BertKindClassifier, Runner  # noqa: E402
from models.train import TrainConfig, Trained, train_fields, train_kind  # noqa: E402

KIND_EPOCHS = 8
SMALL = "small"  # real families of a single file, pooled into one source


def synth_corpus(path: Path | None) -> Path:
    """Return the synthetic corpus, generated (deterministically) when not given."""
    if path is not None:
        return path
    out = Path(tempfile.gettempdir()) / "bursar-bench-layoutmodel-c120-g60-24"
    if not (out / "manifest.json").is_file():
        from devkit.synth import generate

        # = synth -n 120 --no-scans --unlisted 0.3 --grammar-train 60 --grammar-heldout 24
        generate(out, count=120, seed=7, scans=False, unlisted=0.3,
                 grammar_train=60, grammar_heldout=24)  # fmt: skip
    return out


def real_docs(folder: Path) -> list[mdata.DocExample]:
    """Return einvoice-dev's documents (printed page), ``layout`` = source family."""
    docs = mdata.load_eval_truth(folder, group=family)
    sizes = defaultdict(int)
    for d in docs:
        sizes[d.layout] += 1
    return [d if sizes[d.layout] > 1 else _relabel(d, SMALL) for d in docs]


def _relabel(d: mdata.DocExample, layout: str, split: str | None = None) -> mdata.DocExample:
    from dataclasses import replace

    return replace(d, layout=layout, split=split or d.split)


def train_pair(train_docs: list, epochs: int, seed: int = 7) -> tuple[Trained, Trained, float]:
    """Return (kind, field+cell tagger, seconds) trained on ``train_docs`` (tiny BERT)."""
    base = resolve_base("tiny")
    cfg = TrainConfig(epochs=epochs, batch_size=16, seed=seed)
    t0 = time.perf_counter()
    kind = train_kind(train_docs, base, TrainConfig(epochs=KIND_EPOCHS, batch_size=16, seed=seed))
    fields = train_fields(train_docs, base, cfg, cells=True)
    return kind, fields, time.perf_counter() - t0


def _runner(trained: Trained) -> Runner:
    return Runner(trained.model, trained.tokenizer, torch.device("cpu"))


class Score:
    def __init__(self) -> None:
        self.ok = self.n = self.kind_ok = self.docs = 0
        self.tp = self.tpf = self.pred = self.gold = 0
        self.per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, res: dict, d: mdata.DocExample) -> None:
        self.docs += 1
        self.kind_ok += res["kind"] == d.kind
        for k in FIELDS:
            entry = d.fields.get(k)
            truth = entry.get("value") if isinstance(entry, dict) else entry
            if truth in (None, ""):
                continue
            ok = same(k, (res["fields"].get(k) or {}).get("value"), str(truth))
            self.ok += ok
            self.n += 1
            self.per_field[k][0] += ok
            self.per_field[k][1] += 1
        if d.lines:
            self.pred += len(res["lines"])
            self.gold += len(d.lines)
            self.tp += line_matches(res["lines"], list(d.lines), fuzzy=False)
            self.tpf += line_matches(res["lines"], list(d.lines), fuzzy=True)

    def f1(self, tp: int) -> float:
        p, r = tp / max(self.pred, 1), tp / max(self.gold, 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    def cells(self) -> str:
        return (f"kind {100 * self.kind_ok / max(self.docs, 1):5.1f}%  header "
                f"{100 * self.ok / max(self.n, 1):5.1f}% ({self.ok}/{self.n})  line F1 "
                f"{self.f1(self.tp):.2f} / {self.f1(self.tpf):.2f}")  # fmt: skip


READERS = ("rules", "rules+model", "model lines")


def read_all(docs, kind_run, field_run, scores: dict[str, dict[str, Score]], group) -> None:
    """Read ``docs`` three ways and add each result to ``scores[reader][group(d)]``."""
    from extractors import extract_pages

    kc = BertKindClassifier(kind_run, "kind@bench") if kind_run else None
    fs = BertFieldScorer(field_run, "fields@bench") if field_run else None
    for d in docs:
        runs = {"rules": extract_pages(d.pages, file=d.name, sha256="0" * 64, templates=[])}
        if fs is not None:
            for reader, mode in (("rules+model", "evidence"), ("model lines", "model")):
                runs[reader] = extract_pages(
                    d.pages, file=d.name, sha256="0" * 64, templates=[],
                    kind_classifier=kc, field_scorer=fs, lines_from=mode,
                )  # fmt: skip
        for reader, res in runs.items():
            for g in (group(d), "ALL"):
                scores[reader][g].add(res, d)


def report(title: str, scores: dict[str, dict[str, Score]]) -> None:
    print(f"\n== {title} ==  (line F1 strict / fuzzy description)")
    groups = sorted(scores["rules"], key=lambda g: (g == "ALL", g))
    for g in groups:
        for reader in READERS:
            if g in scores.get(reader, {}):
                sc = scores[reader][g]
                print(f"  {g:22} {reader:12} docs {sc.docs:3}  {sc.cells()}")
    for reader in READERS:
        if "ALL" in scores.get(reader, {}):
            per = scores[reader]["ALL"].per_field
            print(f"  per field, {reader}: " + ", ".join(
                f"{k} {100 * a / n:.0f}%" for k, (a, n) in sorted(per.items())))  # fmt: skip


def speed(field_run: Runner, docs: list, batch: int = 16) -> None:
    """Print documents/s of the labeller alone, batched, on this machine's CPU threads."""
    sample = [d.pages for d in docs[:64]]
    field_run.word_probs(sample[:2])  # warm up
    t0 = time.perf_counter()
    field_run.word_probs(sample, batch_size=batch)
    secs = time.perf_counter() - t0
    threads = torch.get_num_threads()
    print(f"\n== speed ==\n  labeller: {len(sample) / secs:.1f} documents/s "
          f"({len(sample)} documents, batch {batch}, {threads} CPU threads)")  # fmt: skip


def ship(kind: Trained, fields: Trained, meta: dict, out: Path) -> None:
    """Write the trained pair into ``out`` as the defaults of a fresh install."""
    from models.default import write_default

    for trained in (kind, fields):
        write_default(out, trained, meta)
    print(f"\nshipped kind + fields to {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synth", type=Path, default=None)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--loso", action="store_true", help="leave one real family out")
    ap.add_argument(
        "--corpus3p",
        type=Path,
        default=None,
        help="third-party layout corpus (truth.json; read only): every source unseen",
    )
    ap.add_argument("--ship", action="store_true", help="write the models as the defaults")
    ap.add_argument("--shipped", action="store_true", help="measure models/default, no training")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
    t0 = time.perf_counter()
    synth = [d for d in mdata.load_corpus(synth_corpus(args.synth)) if d.pages]
    real = real_docs(args.dev) if (args.dev / "truth.json").is_file() else []
    n_src, secs = len({d.layout for d in real}), time.perf_counter() - t0
    print(f"synthetic: {len(mdata.split(synth, 'train'))} train, "
          f"{len(mdata.split(synth, 'heldout'))} held out; real: {len(real)} files in "
          f"{n_src} sources; loaded in {secs:.0f} s")  # fmt: skip
    if args.shipped:
        from models.default import default_dir
        from models.nets import load

        kind_run, field_run = (
            Runner(*load(default_dir(n) / "model"), torch.device("cpu")) for n in ("kind", "fields")
        )
        print("measuring the shipped models (models/default; trained on synthetic only)")
    else:
        kind, fields, secs = train_pair(synth, args.epochs)
        kind_run, field_run = _runner(kind), _runner(fields)
        print(f"trained on synthetic only: {secs:.0f} s (tiny BERT, fields {args.epochs} epochs)")
    held = [d for d in mdata.split(synth, "heldout") if d.layout.startswith("grammar")]
    scores: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    read_all(held, kind_run, field_run, scores, lambda d: "grammar held-out")
    report("synthetic held-out grammar layouts (never trained on)", scores)
    scores = defaultdict(lambda: defaultdict(Score))
    read_all(real, kind_run, field_run, scores, lambda d: d.layout)
    report("real einvoice-dev, printed page: models trained on synthetic only", scores)
    if args.corpus3p is not None and (args.corpus3p / "truth.json").is_file():
        third = mdata.load_eval_truth(args.corpus3p, group=lambda doc: str(doc.get("source")))
        scores = defaultdict(lambda: defaultdict(Score))
        read_all(third, kind_run, field_run, scores, lambda d: d.layout)
        report(f"third-party corpus ({len(third)} files), printed page: models never saw it",
               scores)  # fmt: skip
    if args.loso and real:
        scores = defaultdict(lambda: defaultdict(Score))
        for fam in sorted({d.layout for d in real}):
            train = synth + [_relabel(d, d.layout, "train") for d in real if d.layout != fam]
            k, f, took = train_pair(train, args.epochs)
            print(f"  fold {fam}: trained in {took:.0f} s")
            fold = [d for d in real if d.layout == fam]
            read_all(fold, _runner(k), _runner(f), scores, lambda d: d.layout)
        report("real einvoice-dev, leave-one-family-out (synthetic + other families)", scores)
    if not args.no_speed:
        speed(field_run, real or held)
    if args.ship and not args.shipped:
        n_train = len(mdata.split(synth, "train"))
        meta = {"train_seconds": round(secs, 1), "train_documents": n_train,
                "trained_on": "synthetic (bursar synth, seed 7, grammar-train 60; no real source)",
                "epochs": {"kind": KIND_EPOCHS, "fields": args.epochs},
                "data_hash": mdata.data_hash(synth)}  # fmt: skip
        ship(kind, fields, meta, _HERE.parent / "models" / "default")
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
