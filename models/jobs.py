"""Training jobs: read a corpus and the corrections, train, register, maybe promote.

The imperative shell around ``models.train`` used by ``bursar models train``, the demo
(``ensure_demo_models``) and the benchmark.
"""

from __future__ import annotations

import time
from pathlib import Path

from bursar.errors import InputError
from models import data, registry
from models.data import PageLoader
from models.encoders import resolve_base
from models.inference import pick_device, set_threads
from models.train import Progress, TrainConfig, train_fields, train_glcode, train_kind

TASKS = ("kind", "fields", "glcode")


def task_data(task: str, corpus: Path | None, home: Path, loader: PageLoader | None = None) -> list:
    """Return the examples for ``task``: corpus (train + heldout) plus corrections (train)."""
    if task == "glcode":
        rows = []
        if corpus is not None and (corpus / "master" / "gl_history.csv").is_file():
            rows = data.load_gl_history(corpus / "master" / "gl_history.csv")
        return rows + data.gl_corrections(home)
    docs = data.load_corpus(corpus, loader) if corpus is not None else []
    return docs + data.load_corrections(home, loader)


def train_task(
    task: str,
    settings,
    corpus: Path | None = None,
    *,
    base: str | None = None,
    cfg: TrainConfig | None = None,
    examples: list | None = None,
    on_step: Progress | None = None,
    loader: PageLoader | None = None,
) -> dict:
    """Train ``task``, save it as a new version, promote it if it beats the active one.

    Returns the registry's report (name, version, promoted, comparison) with metrics and
    the training time in seconds.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")
    cfg = cfg or TrainConfig(device=settings.device)
    spec = resolve_base(base, settings.base_model)
    items = examples if examples is not None else task_data(task, corpus, settings.home_dir, loader)
    if not data.split(items, "train"):
        raise InputError(
            f"no training data for {task}: pass --data CORPUS (devkit.synth output) "
            f"or add corrections under {settings.home_dir / 'corrections'}"
        )
    if pick_device(cfg.device).type == "cpu":
        set_threads(settings.workers)
    fn = {"kind": train_kind, "fields": train_fields, "glcode": train_glcode}[task]
    started = time.perf_counter()
    trained = fn(items, spec, cfg, on_step)
    seconds = round(time.perf_counter() - started, 1)
    trained.extra.update(train_seconds=seconds, train_examples=len(data.split(items, "train")))
    report = registry.register(settings.models_dir, trained, data.split(items, "heldout"))
    return {**report, "metrics": trained.metrics, "train_seconds": seconds, "base": trained.base}


def ensure_demo_models(corpus_dir: Path, settings, *, base: str = "tiny") -> dict[str, dict]:
    """Train small models for every task never trained; return what was done per task.

    Tiny BERT with a few epochs: about a minute per task on 2 CPU cores. A task whose
    data is missing is skipped (the pipeline then uses rules), never an error.
    """
    done: dict[str, dict] = {}
    for task in TASKS:
        if registry.active_version(settings.models_dir, task) is not None:
            done[task] = {"skipped": "already active"}
            continue
        if registry.versions(settings.models_dir, task):
            # Trained before but not promoted (the rules beat it): retraining the same
            # data would only repeat that; `bursar models train` does it on purpose.
            done[task] = {"skipped": "trained before, not promoted; the rule path stays"}
            continue
        items = task_data(task, corpus_dir, settings.home_dir)
        if not data.split(items, "train"):
            done[task] = {"skipped": "no training data"}
            continue
        cfg = TrainConfig(epochs=DEMO_EPOCHS[task], batch_size=16, device=settings.device)
        done[task] = train_task(task, settings, corpus_dir, base=base, cfg=cfg, examples=items)
    return done


DEMO_EPOCHS = {"kind": 8, "fields": 20, "glcode": 6}
