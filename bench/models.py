"""Benchmark of the BERT models: quality on unseen layouts, the labeller's gain, speed.

    python bench/models.py [--corpus DIR] [--count 200] [--base tiny|minilm|PATH] [--home DIR]
                           [--no-speed] [--grammar-train 60] [--grammar-heldout 24]

The generated corpus also holds invoices on layouts drawn from the layout grammar
(``devkit.synth.grammar``; ``--grammar-train 0 --grammar-heldout 0``: none). The models
of the existing figures train on the ten fixed layouts only, as before; a second field
labeller trains on those plus the grammar's training layouts, and both are measured on
the grammar's held-out layouts and the fixed ones.

Prints figures, never asserts. Runs unchanged on the CPU or on a CUDA GPU (where it
also sweeps batch sizes 1-256 and reads the GPU's utilisation).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder would come first on sys.path and its name would hide
# the ``models`` package: put the repository root there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402

from bursar.config import Settings  # noqa: E402
from devkit.synth.grammar import is_grammar  # noqa: E402
from models import data as mdata  # noqa: E402
from models import registry  # noqa: E402
from models.evaluate import header_accuracy  # noqa: E402
from models.inference import BertFieldScorer, pick_device, runner  # noqa: E402
from models.jobs import DEMO_EPOCHS  # noqa: E402
from models.registry import active, weights_dir  # noqa: E402
from models.train import TrainConfig  # noqa: E402

sys.path.append(str(_HERE))  # after the root: bench/record.py, without hiding ``models``
from record import record  # noqa: E402

UNLISTED = 0.3  # share of invoices printed with wordings the rules' vocabulary lacks


def corpus(path: Path | None, count: int, grammar: tuple[int, int] = (0, 0)) -> Path:
    """Return a corpus folder, generating one when none is given.

    A share of its invoices (``UNLISTED``) print label wordings that the extractor's
    vocabulary does not list, in the training layouts and the held-out ones alike: the
    labeller can learn them from the training documents, as it would from a person's
    corrections, while the rules cannot. ``grammar``: how many train and held-out layouts
    to draw from the layout grammar (two invoices each); the fixed layouts' documents keep
    their bytes whatever it is.
    """
    if path is not None:
        return path
    tag = f"-g{grammar[0]}-{grammar[1]}" if any(grammar) else ""
    out = Path(tempfile.gettempdir()) / f"bursar-bench-corpus-{count}-u{UNLISTED}{tag}"
    if not (out / "manifest.json").is_file():
        from devkit.synth import generate

        generate(
            out, count=count, seed=7, scans=True, einvoices=False, unlisted=UNLISTED,
            grammar_train=grammar[0], grammar_heldout=grammar[1],
        )  # fmt: skip
    return out


def load(root: Path) -> list[mdata.DocExample]:
    """Return the corpus's documents, scans included, except the scans of grammar layouts.

    Their OCR would add minutes, and the grammar's figures are about layouts, which the
    born-digital documents show as well.
    """

    def loader(path: Path) -> list:
        if path.parent.name == "scans" and path.name.startswith("gram-"):
            return []
        return mdata.default_loader(path)

    return [d for d in mdata.load_corpus(root, loader, with_scans=True) if d.pages]


def train_all(
    settings: Settings, examples: dict[str, list], base: str, epochs: dict[str, int]
) -> dict[str, dict]:
    """Train each task of ``examples`` with the demo's settings (``ensure_demo_models``:
    few epochs, batch 16) unless ``settings``' registry has it already; return each task's
    registry record. The examples are given, so which layouts a model saw is the bench's
    choice, not the demo's."""
    from models.jobs import train_task

    out = {}
    for task, items in examples.items():
        if not registry.versions(settings.models_dir, task):
            cfg = TrainConfig(epochs=epochs[task], batch_size=16, device=settings.device)
            train_task(task, settings, base=base, cfg=cfg, examples=items)
        version = registry.active_version(settings.models_dir, task)
        if version is None:  # refused against the rule path: report the newest anyway
            version = registry.versions(settings.models_dir, task)[-1]
        out[task] = registry.info(settings.models_dir, task, version)
    return out


def print_quality(reports: dict[str, dict]) -> None:
    k, f, g = (reports[t]["metrics"] for t in ("kind", "fields", "glcode"))
    print("\n== quality on held-out layouts ==")
    for task, rep in reports.items():
        print(
            f"train {task:7} {rep['train_seconds']:>6}s  base={rep['base']}  "
            f"examples={rep['train_examples']}"
        )
    print(f"kind accuracy      {k['accuracy']:.3f}  (n={k['n']})")
    print(f"GL top-1 / top-3   {g['top1']:.3f} / {g['top3']:.3f}  (n={g['n']})")
    print(f"fields micro F1    {f['micro_f1']:.3f}  word accuracy {f['word_accuracy']:.3f}")
    for name, m in f["fields"].items():
        print(f"  {name:15} F1 {m['f1']:.3f}  P {m['precision']:.3f}  R {m['recall']:.3f}"
              f"  n={m['support']}")  # fmt: skip
    cal = f["calibration"]
    print(f"calibration ECE    {cal['ece']:.3f}")
    record(
        "models", "kind classifier accuracy, held-out layouts (tiny BERT)", f"{k['accuracy']:.2f}"
    )
    record(
        "models",
        "GL coding top-1 / top-3 (synthetic history)",
        f"{g['top1']:.2f} / {g['top3']:.2f}",
    )
    for row in cal["table"]:
        print(f"  conf {row['bin']}  n={row['n']:>6}  mean conf {row['conf']:.3f}"
              f"  accuracy {row['acc']:.3f}")  # fmt: skip


def print_gain(everything: list[mdata.DocExample], scorer) -> None:
    print(
        "\n== extract_file header accuracy: rules only | with the labeller (rescoring + spans) =="
    )

    def held_out(scans: bool, wording: str) -> list[mdata.DocExample]:
        return [
            d
            for d in everything
            if d.split == "heldout" and ("scan" in d.variant) == scans and d.wording == wording
        ]

    groups = {
        "held-out, listed wordings": held_out(False, "listed"),
        "held-out, unlisted wordings": held_out(False, "unlisted"),
        "held-out scans, listed": held_out(True, "listed"),
        "held-out scans, unlisted": held_out(True, "unlisted"),
        "scans (all layouts)": [d for d in everything if "scan" in d.variant],
    }
    for label, docs in groups.items():
        if not docs:
            print(f"{label:28} no documents")
            continue
        base = header_accuracy(docs, None)
        got = header_accuracy(docs, scorer)
        a, b = base["accuracy"], got["accuracy"]
        record(
            "models",
            f"header fields, {label}: rules / rules + tiny labeller",
            f"{100 * a:.1f}% / {100 * b:.1f}%",
            target="no loss" if "listed" in label and "unlisted" not in label else "a gain",
        )
        print(
            f"{label:28} rules {a:.3f} | labeller {b:.3f} ({b - a:+.3f})"
            f"  model-sourced right/wrong {got['model_right']}/{got['model_wrong']}"
            f"  ({base['n']} fields, {len(docs)} docs)"
        )


def grammar_epochs(fixed: list, grammar: list, asked: int) -> int:
    """Return the epochs of the labeller trained with grammar layouts: ``asked``, else
    (0) about the training steps of the one without, so the two differ in the layouts
    they saw and not in how long they trained."""
    if asked:
        return asked
    n_fixed, n_all = len(mdata.split(fixed, "train")), len(mdata.split(fixed + grammar, "train"))
    return max(1, round(DEMO_EPOCHS["fields"] * n_fixed / max(n_all, 1)))


def print_grammar(docs: list[mdata.DocExample], without, with_grammar, seconds: str) -> None:
    """Print and record header accuracy on held-out grammar layouts (and the fixed ones):
    rules alone, with the labeller trained on fixed layouts, with the one trained on both."""
    print(
        "\n== header accuracy, held-out layouts: rules | labeller trained on fixed layouts "
        "| + grammar layouts =="
    )
    print(f"train fields       {seconds}")
    record("models", "field labeller training time, without / with grammar layouts", seconds)
    for family, grammar in (("fixed", False), ("grammar", True)):
        for wording in ("listed", "unlisted"):
            label = f"held-out {family} layouts, {wording} wordings"
            group = [
                d
                for d in docs
                if d.split == "heldout" and is_grammar(d.layout) == grammar
                and d.wording == wording and "scan" not in d.variant
            ]  # fmt: skip
            if not group:
                print(f"{label:44} no documents")
                continue
            a = header_accuracy(group, None)
            b = header_accuracy(group, without) if without else None
            c = header_accuracy(group, with_grammar) if with_grammar else None
            cells = [f"{100 * m['accuracy']:.1f}%" if m else "-" for m in (a, b, c)]
            record(
                "models",
                f"header fields, {label}: rules / + labeller / + labeller trained with grammar",
                " / ".join(cells),
                target="no loss" if wording == "listed" else "a gain",
            )
            gain = f" ({c['accuracy'] - b['accuracy']:+.3f})" if b and c else ""
            print(
                f"{label:44} rules {cells[0]} | without {cells[1]} | with {cells[2]}{gain}"
                f"  ({a['n']} fields, {len(group)} docs)"
            )


def field_scorer(settings: Settings):
    """Return the active labeller, else the newest trained one (refused against the rules)."""
    scorer = active("fields", settings)
    if scorer is not None:
        return scorer
    version = (registry.versions(settings.models_dir, "fields") or [None])[-1]
    if version is None:
        return None
    print(f"(fields@{version} was not promoted over the rule path; measured anyway)")
    run = runner(weights_dir(settings.models_dir, "fields", version), settings.device)
    return BertFieldScorer(run, f"fields@{version}")


def print_speed(settings: Settings, docs: list[mdata.DocExample]) -> None:
    version = registry.active_version(settings.models_dir, "fields")
    folder = weights_dir(settings.models_dir, "fields", version)
    run = runner(folder, settings.device, settings.workers)
    pages = [d.pages for d in docs]
    threads = (torch.get_num_threads(),) if run.device.type == "cuda" else (1, settings.workers)
    for n in dict.fromkeys(threads):
        torch.set_num_threads(n)
        print(f"\n== field labelling speed on {run.device.type} ({n} CPU threads) ==")
        _latency(run, pages)
        sizes = (1, 8, 32, 64, 128, 256) if run.device.type == "cuda" else (1, 8, 32)
        for bs in sizes:
            batch = (pages * (1 + 4 * bs // max(len(pages), 1)))[: max(bs * 4, len(pages))]
            t = time.perf_counter()
            run.word_probs(batch, batch_size=bs)
            if run.device.type == "cuda":
                torch.cuda.synchronize()
            rate = len(batch) / (time.perf_counter() - t)
            print(f"batch {bs:>3}          {rate:8.1f} docs/s{_gpu_util(run.device)}")
            if bs == 32:
                record(
                    "models",
                    f"field labeller inference, batch 32, {run.device.type}, {n} threads",
                    f"{rate:.0f} documents/s",
                    target=">= 20",
                )


def _latency(run, pages: list) -> None:
    run.word_probs(pages[:4])  # warm-up
    lat = []
    for p in pages:
        t = time.perf_counter()
        run.word_probs([p])
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    print(f"latency one doc    p50 {statistics.median(lat):.1f} ms  p95 {p95:.1f} ms")
    record(
        "models",
        f"field labeller latency one document, p50 / p95 ({torch.get_num_threads()} threads)",
        f"{statistics.median(lat):.1f} / {p95:.1f} ms",
    )


def _gpu_util(device: torch.device) -> str:
    if device.type != "cuda":
        return ""
    try:
        return f"  GPU utilisation {torch.cuda.utilization()}%"
    except Exception:  # pynvml missing: utilisation is not readable here
        return "  GPU utilisation n/a (pynvml missing)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--base", default="tiny")
    ap.add_argument("--home", type=Path, help="Keep (and reuse) the trained models here.")
    ap.add_argument("--no-speed", action="store_true", help="Skip the speed measurements.")
    ap.add_argument("--grammar-train", type=int, default=60, help="Grammar layouts to train on.")
    ap.add_argument("--grammar-heldout", type=int, default=24, help="Grammar layouts held out.")
    ap.add_argument(
        "--grammar-epochs", type=int, default=0,
        help="Epochs of the labeller trained with grammar layouts (0: the same training "
        "steps, about, as the one without).",
    )  # fmt: skip
    args = ap.parse_args()
    device = pick_device("auto")
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    root = corpus(args.corpus, args.count, (args.grammar_train, args.grammar_heldout))
    print(f"corpus {root}  device {device.type}  torch {torch.__version__}")
    everything = load(root)
    fixed_all = [d for d in everything if not is_grammar(d.layout)]
    fixed = [d for d in fixed_all if "scan" not in d.variant]
    grammar = [d for d in everything if is_grammar(d.layout) and "scan" not in d.variant]
    gl_path = root / "master" / "gl_history.csv"
    gl_rows = mdata.load_gl_history(gl_path) if gl_path.is_file() else []
    workers = min(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        settings = Settings(home=home, workers=workers)
        examples = {"kind": fixed, "fields": fixed, "glcode": gl_rows}
        reports = train_all(settings, examples, args.base, DEMO_EPOCHS)
        print_quality(reports)
        scorer = field_scorer(settings)
        if scorer is None:
            print("no field labeller trained: nothing to compare")
            return
        print_gain(fixed_all, scorer)
        if grammar:
            with_grammar, seconds = None, f"{reports['fields']['train_seconds']}s / -"
            if mdata.split(grammar, "train"):
                epochs = grammar_epochs(fixed, grammar, args.grammar_epochs)
                grammar_home = Settings(home=home / "with-grammar", workers=workers)
                rep = train_all(
                    grammar_home, {"fields": fixed + grammar}, args.base, {"fields": epochs}
                )["fields"]
                with_grammar = field_scorer(grammar_home)
                seconds = (
                    f"{reports['fields']['train_seconds']}s / {rep['train_seconds']}s"
                    f"  (examples {reports['fields']['train_examples']} / "
                    f"{rep['train_examples']}, epochs {DEMO_EPOCHS['fields']} / {epochs})"
                )
            print_grammar(fixed + grammar, scorer, with_grammar, seconds)
        if not args.no_speed:
            heldout = [d for d in fixed if d.split == "heldout"]
            print_speed(settings, heldout or fixed)


if __name__ == "__main__":
    main()
