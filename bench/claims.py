"""Claims figures (issue 27): 837 read accuracy, adjudication recall / wrongly paid /
straight-through on a generated scenario, and claim lines adjudicated per second on one
core. Prints figures; asserts nothing.

    python bench/claims.py [--claims 400] [--seed 1]
"""

from __future__ import annotations

import argparse
import tempfile
import time

from devkit.synth.x12 import pack_with_settings, replay, scenario, score
from extractors.x12 import read_claims


def _read_accuracy(sc, results) -> tuple[int, int]:
    right = total = 0
    for got, want in zip(results, sc.truth(), strict=True):
        for name, value in want["fields"].items():
            total += 1
            right += got["fields"][name]["value"] == value
        for gl, wl in zip(got["lines"], want["lines"], strict=True):
            for k, v in wl.items():
                total += 1
                right += gl.get(k) == v
    return right, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("P", "I"):
            sc = scenario(args.seed, claims=args.claims, kind=kind)
            t0 = time.process_time()
            ex = read_claims(sc.text, file="b.x12", sha256="e" * 64)
            read_s = time.process_time() - t0
            right, total = _read_accuracy(sc, ex)
            pack = pack_with_settings(sc.claims_settings, tmp)
            replay(sc, ex, pack)  # warm-up: imports and the pack's compiled expressions
            t0 = time.process_time()
            decisions = replay(sc, ex, pack)
            adj_s = time.process_time() - t0
            s = score(sc, decisions)
            print(
                f"837{kind}: {s['claims']} claims, {s['lines']} lines | read {right}/{total} "
                f"fields ({right / total:.2%}) in {read_s:.2f} s incl. pyx12 validation | "
                f"straight-through {s['straight_through']:.2%} of {s['clean_claims']} clean, "
                f"recall {s['recall']:.2%} of {s['problem_lines']} problem lines, "
                f"wrongly paid {s['wrongly_paid']} | adjudication "
                f"{s['lines'] / adj_s:,.0f} claim lines/s on one core (CPU time)"
            )


if __name__ == "__main__":
    main()
