"""Held-out metrics: kind accuracy, per-field F1 with a reliability table, GL top-k.

Every task has one ``primary`` figure (higher is better) that promotion compares.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extractors.tokens import PageTokens
from models.align import FIELDS, bio_labels, normalise
from models.data import DocExample, GLExample, gl_text
from models.features import first_page_text
from models.inference import Runner

PRIMARY = {"kind": "accuracy", "fields": "micro_f1", "glcode": "top1"}


def eval_kind(run: Runner, docs: Sequence[DocExample]) -> dict:
    """Return accuracy of the kind classifier over ``docs``."""
    if not docs:
        return {"accuracy": 0.0, "n": 0}
    probs = run.seq_probs([first_page_text(d.pages) for d in docs])
    pred = [run.spec.labels[int(k)] for k in probs.argmax(1)]
    acc = float(np.mean([p == d.kind for p, d in zip(pred, docs, strict=True)]))
    return {"accuracy": round(acc, 4), "n": len(docs)}


def eval_glcode(run: Runner, rows: Sequence[GLExample]) -> dict:
    """Return top-1 and top-3 accuracy of GL coding over ``rows``."""
    if not rows:
        return {"top1": 0.0, "top3": 0.0, "n": 0}
    probs = run.seq_probs([gl_text(r.description, r.vendor_id) for r in rows])
    labels = run.spec.labels
    top = np.argsort(-probs, axis=1)[:, :3]
    t1 = np.mean([labels[t[0]] == r.gl_account for t, r in zip(top, rows, strict=True)])
    t3 = np.mean([r.gl_account in {labels[j] for j in t} for t, r in zip(top, rows, strict=True)])
    return {"top1": round(float(t1), 4), "top3": round(float(t3), 4), "n": len(rows)}


def decode(
    pages: Sequence[PageTokens], order: list[tuple[int, int]], probs: np.ndarray, labels
) -> dict[str, tuple[str, float]]:
    """Return per field the best predicted span's text and mean probability."""
    arg = probs.argmax(1)
    out: dict[str, tuple[str, float]] = {}
    w = 0
    while w < len(order):
        lab = labels[arg[w]]
        if not lab.startswith(("B-", "I-")):
            w += 1
            continue
        name, end = lab[2:], w + 1
        while end < len(order) and labels[arg[end]] == f"I-{name}":
            end += 1
        score = float(np.mean([probs[k, arg[k]] for k in range(w, end)]))
        if score > out.get(name, ("", -1.0))[1]:
            words = [pages[p].tokens[i].text for p, i in order[w:end]]
            out[name] = (" ".join(words), score)
        w = end
    return out


def _truth_value(entry: object) -> str | None:
    value = entry.get("value") if isinstance(entry, dict) else entry
    return None if value in (None, "") else str(value)


def reliability(conf: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict:
    """Return the reliability table (per confidence bin) and the expected calibration error."""
    conf_a, corr_a = np.asarray(conf, dtype=float), np.asarray(correct, dtype=float)
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (conf_a > lo) & (conf_a <= hi) if b else (conf_a >= lo) & (conf_a <= hi)
        if not sel.any():
            continue
        c, a = float(conf_a[sel].mean()), float(corr_a[sel].mean())
        ece += sel.sum() / max(len(conf_a), 1) * abs(c - a)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(sel.sum()), "conf": round(c, 3),
                      "acc": round(a, 3)})  # fmt: skip
    return {"ece": round(float(ece), 4), "table": table}


def eval_fields(run: Runner, docs: Sequence[DocExample]) -> dict:
    """Return per-field precision/recall/F1, micro F1, word accuracy and calibration."""
    counts = {f: [0, 0, 0] for f in FIELDS}  # tp, fp, fn
    conf, correct = [], []
    results = run.word_probs([d.pages for d in docs])
    label_ix = {lab: k for k, lab in enumerate(run.spec.labels)}
    for d, (order, probs) in zip(docs, results, strict=True):
        gold = bio_labels([d.pages[p].tokens[i] for p, i in order], d.fields)
        gold_ix = np.array([label_ix.get(g, 0) for g in gold])
        pred_ix = probs.argmax(1) if len(order) else np.zeros(0, dtype=int)
        conf.extend(probs.max(1).tolist() if len(order) else [])
        correct.extend((pred_ix == gold_ix).tolist())
        _count(counts, d, decode(d.pages, order, probs, run.spec.labels))
    per_field, tp_all, fp_all, fn_all = {}, 0, 0, 0
    for f, (tp, fp, fn) in counts.items():
        if tp + fp + fn == 0:
            continue
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        per_field[f] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
                        "support": tp + fn}  # fmt: skip
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro = 2 * tp_all / max(2 * tp_all + fp_all + fn_all, 1)
    return {"micro_f1": round(micro, 4), "fields": per_field, "n": len(docs),
            "word_accuracy": round(float(np.mean(correct)) if correct else 0.0, 4),
            "calibration": reliability(conf, correct)}  # fmt: skip


def _count(counts: dict, doc: DocExample, pred: dict[str, tuple[str, float]]) -> None:
    for f in FIELDS:
        truth = _truth_value(doc.fields.get(f))
        guess = pred.get(f, (None, 0.0))[0]
        ok = truth is not None and guess is not None and normalise(f, guess) == normalise(f, truth)
        if ok:
            counts[f][0] += 1
            continue
        if guess is not None:
            counts[f][1] += 1
        if truth is not None:
            counts[f][2] += 1


def header_accuracy(
    docs: Sequence[DocExample], scorer=None, ranker="shipped"
) -> dict[str, float | int]:
    """Return how ``extract_pages`` reads the truth header fields, with ``scorer`` or rules.

    No templates: this measures the generic path with and without the labeller, which
    is what promotion against the rules (``models.baseline``) and the benchmark compare.
    ``accuracy``: share of truth fields right; ``n``: their count; ``model_right`` and
    ``model_wrong``: chosen values that came from the labeller's spans (``model:*``).
    ``ranker``: the learned candidate ranker (``extract_pages``'s; None: the rules alone).
    """
    from extractors import extract_pages
    from extractors.calibration import same

    right = total = model_right = model_wrong = 0
    for d in docs:
        out = extract_pages(
            d.pages, file=d.name, sha256="0" * 64, templates=[], field_scorer=scorer,
            ranker=ranker,
        )  # fmt: skip
        for name in FIELDS:
            truth = _truth_value(d.fields.get(name))
            if truth is None:
                continue
            field = out["fields"].get(name) or {}
            ok = same(name, field.get("value"), truth)
            total += 1
            right += ok
            if str(field.get("source", "")).startswith("model:"):
                model_right += ok
                model_wrong += not ok
    return {"accuracy": right / max(total, 1), "n": total, "model_right": model_right,
            "model_wrong": model_wrong}  # fmt: skip


def evaluate(task: str, run: Runner, data: Sequence) -> dict:
    """Return the metrics of ``task`` for ``run`` over held-out ``data``."""
    fn = {"kind": eval_kind, "fields": eval_fields, "glcode": eval_glcode}[task]
    return fn(run, data)
