"""What a benchmark hands to ``bench/results.md``: figures with their targets, and plots.

A benchmark still prints its figures; it also calls ``record`` for each one worth a
row in the results table (with the target and, where one was measured in the same
run, the peer's figure), and ``plot`` for its charts. ``bench/run.py`` gathers them.
Nothing here asserts anything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
PLOTS = BENCH / "plots"


def record(bench: str, figure: str, value: str, *, target: str = "-", peer: str = "-") -> None:
    """Add (or replace) one figure of ``bench`` in ``bench/results/BENCH.json``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{bench}.json"
    rows = json.loads(path.read_text()) if path.exists() else []
    rows = [r for r in rows if r["figure"] != figure]
    rows.append({"figure": figure, "value": value, "target": target, "peer": peer})
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    os.replace(tmp, path)


def plot(
    name: str,
    x: Sequence[float],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    target: float | None = None,
    target_label: str = "target",
    xticks: Sequence[float] | None = None,
    logx: bool = False,
) -> Path | None:
    """Draw lines (one per series) to ``bench/plots/NAME.png``; None without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    PLOTS.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(5.2, 3.3))
    for label, ys in series.items():
        ax.plot(list(x), list(ys), marker="o", label=label)
    if target is not None:
        ax.axhline(target, color="grey", linestyle="--", label=target_label)
    if logx:
        ax.set_xscale("log")
    if xticks is not None:
        ax.set_xticks(list(xticks))
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = PLOTS / f"{name}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def bars(
    name: str,
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    ylabel: str,
    targets: dict[str, float] | None = None,
) -> Path | None:
    """Draw grouped bars (one group per category, one bar per series) to ``NAME.png``.

    ``targets`` maps a series label to its target, drawn as a dashed line in the
    series' colour. None without matplotlib.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    PLOTS.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(max(5.2, 0.7 * len(categories) + 3.5), 3.6))
    width = 0.8 / max(len(series), 1)
    for i, (label, ys) in enumerate(series.items()):
        xs = [c + (i - (len(series) - 1) / 2) * width for c in range(len(categories))]
        drawn = ax.bar(xs, list(ys), width, label=label)
        if targets and label in targets:
            ax.axhline(
                targets[label],
                color=drawn.patches[0].get_facecolor() if drawn.patches else "grey",
                linestyle="--",
                linewidth=1,
                label=f"target {label.split(' (')[0]} {targets[label]:g}",
            )
    ax.set_xticks(range(len(categories)))
    ax.set_xticklabels(list(categories), rotation=30, ha="right", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 105)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    path = PLOTS / f"{name}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
