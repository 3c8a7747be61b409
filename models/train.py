"""Fine-tuning: the kind classifier, the field labeller and GL coding, with fixed seeds.

Each ``train_*`` takes plain examples (see ``models.data``) and returns a ``Trained``
holding the network, its tokenizer, held-out metrics and the hash of the data; the
registry stores it. Training runs on CUDA when present (bf16 autocast), else the CPU.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from models import features
from models.align import LABELS, bio_labels
from models.cells import CELL_LABELS, cell_labels
from models.data import DocExample, GLExample, data_hash, gl_text, split
from models.encoders import BaseSpec, load_encoder, load_tokenizer
from models.evaluate import evaluate
from models.inference import Runner, autocast, pick_device
from models.nets import HeadSpec, build

KINDS = ("invoice", "credit_note", "claim", "receipt", "purchase_order", "other")
Progress = Callable[[int, int, float], None]  # (step, total, loss)


@dataclass(frozen=True)
class TrainConfig:
    """Knobs of one training run; defaults suit a few CPU minutes."""

    epochs: int = 3
    max_steps: int | None = None
    batch_size: int = 16
    lr: float | None = None  # default: 1e-3 for tiny, 1e-4 for pretrained encoders
    seed: int = 7
    max_len: int = 256
    device: str = "auto"
    augment: bool = True  # field labeller: shift layouts, hide words (``augment``)


@dataclass
class Trained:
    """A trained network ready for the registry."""

    task: str
    model: torch.nn.Module
    tokenizer: object
    base: str
    metrics: dict
    data_hash: str
    extra: dict = field(default_factory=dict)


def set_seed(seed: int) -> None:
    """Seed every generator training touches."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _batches(n: int, size: int, epochs: int, seed: int) -> Iterator[list[int]]:
    rng = random.Random(seed)
    for _ in range(epochs):
        idx = list(range(n))
        rng.shuffle(idx)
        for s in range(0, n, size):
            yield idx[s : s + size]


def fit(
    model: torch.nn.Module,
    make_batch: Callable[[list[int]], dict[str, torch.Tensor]],
    n: int,
    cfg: TrainConfig,
    base: BaseSpec,
    on_step: Progress | None = None,
) -> float:
    """Train ``model`` on ``n`` examples; return the last smoothed loss."""
    device = pick_device(cfg.device)
    model.to(device).train()
    steps = -(-n // cfg.batch_size) * cfg.epochs
    steps = min(steps, cfg.max_steps) if cfg.max_steps else steps
    lr = cfg.lr or (1e-3 if base.path is None else 1e-4)
    # Fresh heads (classifier, x/y embeddings) learn 10x faster than pretrained weights.
    body = [p for n, p in model.named_parameters() if n.startswith("encoder.")]
    heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    head_lr = lr if base.path is None else lr * 10
    groups = [{"params": body, "lr": lr}, {"params": heads, "lr": head_lr}]
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(steps - warm, 1)))
    )
    loss_fn, smooth = torch.nn.CrossEntropyLoss(ignore_index=features.IGNORE), 0.0
    for step, idx in enumerate(_batches(n, cfg.batch_size, cfg.epochs, cfg.seed)):
        if step >= steps:
            break
        batch = {k: v.to(device) for k, v in make_batch(idx).items()}
        labels = batch.pop("labels")
        with autocast(device):
            logits = model(**batch)
        loss = loss_fn(logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        smooth = loss.item() if step == 0 else 0.9 * smooth + 0.1 * loss.item()
        if on_step:
            on_step(step + 1, steps, smooth)
    model.eval().cpu()
    return smooth


def _prepare(base: BaseSpec, texts: Sequence[str], spec: HeadSpec):
    tok = load_tokenizer(base, texts)
    encoder = load_encoder(base, tok.get_vocab_size())
    return build(encoder, spec), tok


def _seq_task(
    task: str,
    texts: list[str],
    targets: list[str],
    labels: tuple[str, ...],
    heldout: Sequence,
    base: BaseSpec,
    cfg: TrainConfig,
    on_step: Progress | None,
) -> tuple[torch.nn.Module, object, dict, float]:
    set_seed(cfg.seed)
    spec = HeadSpec(task=task, shape="seq", labels=labels, max_len=min(cfg.max_len, 256))
    model, tok = _prepare(base, texts, spec)
    rows = features.encode_texts(tok, texts, spec.max_len)
    pad = features.specials(tok)[2]
    y = torch.tensor([labels.index(t) for t in targets], dtype=torch.long)

    def make_batch(idx: list[int]) -> dict[str, torch.Tensor]:
        ids, mask = features.pad_seq([rows[k] for k in idx], pad)
        return {"input_ids": ids, "attention_mask": mask, "labels": y[idx]}

    loss = fit(model, make_batch, len(rows), cfg, base, on_step)
    metrics = evaluate(task, Runner(model, tok, torch.device("cpu")), heldout)
    return model, tok, metrics, loss


def train_kind(
    docs: Sequence[DocExample], base: BaseSpec, cfg: TrainConfig, on_step: Progress | None = None
) -> Trained:
    """Return a kind classifier trained on the ``train`` split of ``docs``."""
    train = split(docs, "train")
    if not train:
        raise ValueError("no training documents (split 'train')")
    texts = [features.first_page_text(d.pages) for d in train]
    kinds = [d.kind if d.kind in KINDS else "other" for d in train]
    model, tok, metrics, loss = _seq_task(
        "kind", texts, kinds, KINDS, split(docs, "heldout"), base, cfg, on_step
    )
    metrics["train_loss"] = round(loss, 4)
    return Trained("kind", model, tok, base.name, metrics, data_hash(docs))


def train_glcode(
    rows: Sequence[GLExample], base: BaseSpec, cfg: TrainConfig, on_step: Progress | None = None
) -> Trained:
    """Return a GL coder trained on the ``train`` rows (accounts seen in training only)."""
    train = split(rows, "train")
    if not train:
        raise ValueError("no coded GL lines to train on")
    accounts = tuple(sorted({r.gl_account for r in train}))
    texts = [gl_text(r.description, r.vendor_id) for r in train]
    model, tok, metrics, loss = _seq_task(
        "glcode", texts, [r.gl_account for r in train], accounts,
        split(rows, "heldout"), base, cfg, on_step,
    )  # fmt: skip
    metrics["train_loss"] = round(loss, 4)
    return Trained("glcode", model, tok, base.name, metrics, data_hash(rows))


def train_fields(
    docs: Sequence[DocExample],
    base: BaseSpec,
    cfg: TrainConfig,
    on_step: Progress | None = None,
    *,
    cells: bool = False,
) -> Trained:
    """Return a layout tagger trained on the ``train`` split, BIO labels from the truth.

    ``cells``: also label line-item cells (``models.cells``: description, quantity, unit
    price, amount) from the truth's ``lines``, for the model's own line reading.
    """
    set_seed(cfg.seed)
    train = split(docs, "train")
    if not train:
        raise ValueError("no training documents (split 'train')")
    spec = HeadSpec(
        task="fields", shape="tagger", labels=LABELS + (CELL_LABELS if cells else ()),
        max_len=cfg.max_len, shapes=features.N_SHAPES,
    )  # fmt: skip
    texts = [" ".join(t.text for p in d.pages for t in p.tokens) for d in train]
    model, tok = _prepare(base, texts, spec)
    wins, wlabels, aligned = _tagging_data(tok, train, spec)
    pad = features.specials(tok)[2]
    gen = torch.Generator().manual_seed(cfg.seed)
    unk = tok.token_to_id("[UNK]")

    def make_batch(idx: list[int]) -> dict[str, torch.Tensor]:
        batch = features.pad_windows(
            [wins[k] for k in idx], pad, spec.buckets, [wlabels[k] for k in idx]
        )
        return augment(batch, spec.buckets, unk, gen) if cfg.augment else batch

    loss = fit(model, make_batch, len(wins), cfg, base, on_step)
    metrics = evaluate("fields", Runner(model, tok, torch.device("cpu")), split(docs, "heldout"))
    metrics.update(train_loss=round(loss, 4), aligned_fields=aligned, windows=len(wins))
    return Trained("fields", model, tok, base.name, metrics, data_hash(docs))


def augment(
    batch: dict[str, torch.Tensor], buckets: int, unk: int | None, gen: torch.Generator
) -> dict[str, torch.Tensor]:
    """Return the batch with each window's layout shifted and some words hidden.

    Training layouts are few; without this the labeller learns "the invoice number sits
    at x=41, y=7" and "after the word Rechnungsnummer", which fails on the next vendor.
    Each window moves by up to ``buckets // 8`` buckets in x and y, and 15% of its word
    pieces become ``[UNK]`` (their shape stays), so position relative to other words and
    the value's own shape must carry the decision too.
    """
    ids, xb, yb = batch["input_ids"].clone(), batch["xb"].clone(), batch["yb"].clone()
    real = xb < buckets  # specials and padding sit in the extra bucket
    reach = max(1, buckets // 8)
    for coord in (xb, yb):
        shift = torch.randint(-reach, reach + 1, (coord.shape[0], 1), generator=gen)
        moved = (coord + shift).clamp(0, buckets - 1)
        coord.copy_(torch.where(real, moved, coord))
    if unk is not None:
        hide = (torch.rand(ids.shape, generator=gen) < 0.15) & real
        ids[hide] = unk
    return {**batch, "input_ids": ids, "xb": xb, "yb": yb}


def _tagging_data(tok, docs: Sequence[DocExample], spec: HeadSpec):
    """Return training windows, their label rows, and how many truth fields were found."""
    index = {lab: k for k, lab in enumerate(spec.labels)}
    wins, rows, aligned = [], [], 0
    for d in docs:
        # A quarter overlap suffices in training; inference overlaps by half.
        stride = (spec.max_len - 2) * 3 // 4
        ws, order = features.windows(tok, d.pages, spec.max_len, spec.buckets, stride)
        words = [d.pages[p].tokens[i] for p, i in order]
        labels = bio_labels(words, d.fields)
        if CELL_LABELS[0] in index and d.lines:
            labels = cell_labels(words, d.lines, labels)
        aligned += sum(1 for lab in labels if lab.startswith("B-"))
        ids = [index[lab] for lab in labels]
        for w in ws:
            wins.append(w)
            rows.append(features.window_labels(w, ids))
    return wins, rows, aligned
