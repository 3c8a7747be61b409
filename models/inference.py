"""Inference: one loaded model per process, batched, dynamic padding, CUDA + bf16 when present.

``runner(folder)`` loads a saved model once per process and keeps it; the wrappers at
the bottom implement the extractor's plug-in protocols (``extractors.plugins``) and
carry ``name@version`` so every prediction says which model made it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from extractors.tokens import PageTokens
from models import features, hooks
from models.align import FIELDS
from models.cells import CELL_FIELDS, CELL_LABELS
from models.data import gl_text
from models.nets import load

_RUNNERS: dict[tuple[str, str], Runner] = {}


def pick_device(setting: str = "auto") -> torch.device:
    """Return CUDA when asked or available (``auto``), else the CPU."""
    if setting == "cuda" or (setting == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def set_threads(workers: int | None) -> None:
    """Use ``workers`` CPU threads (default: the cores this process may run on)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    torch.set_num_threads(max(1, workers or cores or 1))


def autocast(device: torch.device):
    """Return bf16 autocast on CUDA, a no-op context on the CPU."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


class Runner:
    """A loaded model with its tokenizer on one device; batches inputs by length."""

    def __init__(self, model: torch.nn.Module, tokenizer, device: torch.device):
        self.model = model.to(device).eval()
        self.tokenizer = tokenizer
        self.device = device
        self.spec = model.spec
        self.pad = features.specials(tokenizer)[2]
        self.name = "model"  # ``name@version``, set by ``runner``; labels the hooks' figures
        self.folder: Path | None = None  # set by ``runner``: where a served worker loads it

    def _forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        start = time.perf_counter()
        batch = {k: v.to(self.device, non_blocking=True) for k, v in batch.items()}
        with torch.inference_mode(), autocast(self.device):
            logits = self.model(**batch)
        out = torch.softmax(logits.float(), dim=-1).cpu()
        hooks.forward_done(self.name, int(logits.shape[0]), time.perf_counter() - start)
        return out

    def seq_probs(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Return class probabilities, one row per text."""
        rows = features.encode_texts(self.tokenizer, texts, self.spec.max_len)
        out = np.zeros((len(rows), len(self.spec.labels)), dtype=np.float32)
        order = sorted(range(len(rows)), key=lambda k: len(rows[k]))  # similar lengths together
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            ids, mask = features.pad_seq([rows[k] for k in idx], self.pad)
            out[idx] = self._forward({"input_ids": ids, "attention_mask": mask}).numpy()
        return out

    def word_probs(
        self, docs: Sequence[Sequence[PageTokens]], batch_size: int = 32
    ) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Return per document the reading order and label probabilities per word."""
        spec, wins, owner, orders = self.spec, [], [], []
        for d, pages in enumerate(docs):
            ws, order = features.windows(self.tokenizer, pages, spec.max_len, spec.buckets)
            wins.extend(ws)
            owner.extend([d] * len(ws))
            orders.append(order)
        sums = [np.zeros((len(o), len(spec.labels)), dtype=np.float32) for o in orders]
        counts = [np.zeros((len(o), 1), dtype=np.float32) for o in orders]
        order = sorted(range(len(wins)), key=lambda k: len(wins[k].ids))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            batch = features.pad_windows([wins[k] for k in idx], self.pad, spec.buckets)
            probs = self._forward(batch).numpy()
            for row, k in enumerate(idx):
                win, d = wins[k], owner[k]
                for pos, (w, first) in enumerate(zip(win.words, win.first, strict=True)):
                    if w >= 0 and first:
                        sums[d][w] += probs[row, pos]
                        counts[d][w] += 1
        return [(o, s / np.maximum(c, 1)) for o, s, c in zip(orders, sums, counts, strict=True)]


def runner(folder: Path, device_setting: str = "auto", workers: int | None = None) -> Runner:
    """Return the process-wide runner for the model saved in ``folder`` (loaded once)."""
    key = (str(Path(folder).resolve()), device_setting)
    if key not in _RUNNERS:
        device = pick_device(device_setting)
        if device.type == "cpu":
            set_threads(workers)
        model, tok = load(Path(folder))
        _RUNNERS[key] = Runner(model, tok, device)
        _RUNNERS[key].name = _model_name(Path(folder))
        _RUNNERS[key].folder = Path(folder)  # where an inference worker loads it from
    return _RUNNERS[key]


def _model_name(folder: Path) -> str:
    """Return ``name@version`` for a registry folder (``<name>/<version>/model``)."""
    parts = folder.resolve().parts
    if len(parts) >= 3 and parts[-1] == "model" and parts[-2].isdigit():
        return f"{parts[-3]}@{parts[-2]}"
    meta = folder.resolve().parent / "metrics.json"
    if len(parts) >= 3 and parts[-1] == "model" and parts[-3] == "default" and meta.is_file():
        import json  # a shipped model: name@default-N, as the extraction's versions say

        version = json.loads(meta.read_text(encoding="utf-8")).get("version", 1)
        return f"{parts[-2]}@default-{version}"
    return folder.name


def clear_cache() -> None:
    """Forget every loaded model (after a promotion or in tests)."""
    _RUNNERS.clear()


def field_probs(labels: Sequence[str], probs: np.ndarray) -> dict[str, np.ndarray]:
    """Return per field the probability that each word belongs to it (B + I)."""
    index = {lab: k for k, lab in enumerate(labels)}
    return {f: probs[:, index[f"B-{f}"]] + probs[:, index[f"I-{f}"]] for f in FIELDS}


class BertKindClassifier:
    """``KindClassifier`` backed by a trained sequence classifier, checked against the rules."""

    rules_floor = 0.5

    def __init__(self, run: Runner, version: str, with_rules: bool = True):
        self.run, self.version, self.with_rules = run, version, with_rules

    def classify(self, pages: Sequence[PageTokens]) -> tuple[str, float]:
        """Return the rules' kind where they found a title keyword, else the model's.

        Measured on sources neither saw (models/README.md): every rule error was "no
        title found" (``other`` at ``rules_floor``) and every model error overrode a
        title keyword the rules had found, so a found title stands and the model reads
        the pages that have none. Agreement raises the confidence to the higher one.
        """
        probs = self.run.seq_probs([features.first_page_text(pages)])[0]
        k = int(probs.argmax())
        kind, conf = self.run.spec.labels[k], float(probs[k])
        if not self.with_rules:
            return kind, conf
        from extractors.kind import RuleKindClassifier

        r_kind, r_conf = RuleKindClassifier().classify(pages)
        if r_kind == kind:
            return kind, max(conf, r_conf)
        return (kind, conf) if r_conf <= self.rules_floor else (r_kind, r_conf)


class BertFieldScorer:
    """``FieldScorer`` backed by the layout tagger: per token, per field probabilities.

    A tagger trained with line-item cells (``models.cells``) also answers ``cell_probs``
    (the same forward pass: the last document's probabilities are kept).
    """

    def __init__(self, run: Runner, version: str, floor: float = 0.01):
        self.run, self.version, self.floor = run, version, floor
        self._last: tuple[tuple[PageTokens, ...], list[tuple[int, int]], np.ndarray] | None = None

    @property
    def has_cells(self) -> bool:
        return f"B-{CELL_FIELDS[0]}" in self.run.spec.labels

    def _probs(self, pages: Sequence[PageTokens]) -> tuple[list[tuple[int, int]], np.ndarray]:
        last = self._last
        same = last is not None and len(last[0]) == len(pages)
        if last is not None and same and all(a is b for a, b in zip(last[0], pages, strict=True)):
            return last[1], last[2]
        [(order, probs)] = self.run.word_probs([pages])
        self._last = (tuple(pages), order, probs)  # strong refs: identities stay unique
        return order, probs

    def cell_probs(self, pages: Sequence[PageTokens]) -> list[dict[int, dict[str, float]]]:
        """Per page, token index -> ``{"B-line_amount": p, "I-line_amount": p, ...}``."""
        out: list[dict[int, dict[str, float]]] = [{} for _ in pages]
        if not self.has_cells:
            return out
        order, probs = self._probs(pages)
        labels = self.run.spec.labels
        cols = [(lab, labels.index(lab)) for lab in CELL_LABELS]
        for w, (p, i) in enumerate(order):
            scores = {lab: float(probs[w, k]) for lab, k in cols if probs[w, k] >= self.floor}
            if scores:
                out[p][i] = scores
        return out

    def token_probs(self, pages: Sequence[PageTokens]) -> list[dict[int, dict[str, float]]]:
        out: list[dict[int, dict[str, float]]] = [{} for _ in pages]
        order, probs = self._probs(pages)
        per_field = field_probs(self.run.spec.labels, probs)
        for w, (p, i) in enumerate(order):
            scores = {f: float(v[w]) for f, v in per_field.items() if v[w] >= self.floor}
            if scores:
                out[p][i] = scores
        return out


class GLCoder:
    """Proposes GL accounts for invoice lines: top-k accounts with probabilities."""

    def __init__(self, run: Runner, version: str):
        self.run, self.version = run, version

    def suggest_many(
        self, lines: Sequence[tuple[str, str]], k: int = 3
    ) -> list[list[tuple[str, float]]]:
        """Return for each ``(description, vendor_id)`` the top-k ``(account, probability)``."""
        probs = self.run.seq_probs([gl_text(d, v) for d, v in lines])
        labels = self.run.spec.labels
        return [[(labels[j], float(row[j])) for j in np.argsort(-row)[:k]] for row in probs]

    def suggest(self, description: str, vendor_id: str = "", k: int = 3) -> list[tuple[str, float]]:
        """Return the top-k ``(account, probability)`` for one line."""
        return self.suggest_many([(description, vendor_id)], k)[0]
