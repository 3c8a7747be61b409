"""Claims figures (issue 27): 837 read accuracy, adjudication recall / wrongly paid /
straight-through on a generated scenario, and claim lines adjudicated per second on one
core. Prints figures; asserts nothing.

    python bench/claims.py [--claims 400] [--seed 1] [--forms 8]

Form field accuracy: ``--forms`` generated claims per form (CMS-1500 from the 837P
scenario, UB-04 from the 837I one), each printed born-digital, scanned in black ink and
scanned in red drop-out ink (skew up to 2 degrees, blur, noise, JPEG), read by
``extractors.claimforms`` and compared field by field (header fields and every line's
code, modifiers, units, amount, date) with the generator's truth.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from devkit.synth.claimforms import form_pdf, form_scan, form_truth, forms
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


def _form_accuracy(n: int, seed: int) -> None:
    import cv2
    import numpy as np

    from extractors.claimforms import read_image, read_pages
    from extractors.loader import load_pages

    for kind in ("P", "I"):
        counts = {"born-digital": [0, 0, 0.0], "scanned": [0, 0, 0.0], "scanned red": [0, 0, 0.0]}
        name = ""
        with tempfile.TemporaryDirectory() as tmp:
            for i, (sc, claim) in enumerate(forms(seed, n, kind)):
                want = form_truth(sc, claim)
                for variant, c in counts.items():
                    pdf = form_pdf(sc, claim, ink="red" if variant == "scanned red" else "black")
                    t0 = time.perf_counter()
                    if variant == "born-digital":
                        path = f"{tmp}/f{i}.pdf"
                        with open(path, "wb") as fh:
                            fh.write(pdf)
                        from pathlib import Path

                        got = read_pages(load_pages(Path(path)), file="f.pdf", sha256="")
                    else:
                        png = form_scan(pdf, seed=seed * 1000 + i)
                        img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
                        got = read_image(img, file="f.png", sha256="")
                    c[2] += time.perf_counter() - t0
                    right, total = _form_fields(got, want)
                    c[0] += right
                    c[1] += total
                    name = (got or {}).get("claim_form", {}).get("form", name)
        for variant, (right, total, secs) in counts.items():
            print(
                f"{name} {variant}: {right}/{total} fields ({right / total:.2%}) on {n} forms, "
                f"{secs / n:.2f} s a form"
            )


def _form_fields(got, want) -> tuple[int, int]:
    right = total = 0
    for name, value in want["fields"].items():
        total += 1
        right += bool(got) and got["fields"].get(name, {}).get("value") == value
    for i, wl in enumerate(want["lines"]):
        gl = got["lines"][i] if got and i < len(got["lines"]) else {}
        for k, v in wl.items():
            total += 1
            right += gl.get(k) == v
    return right, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--forms", type=int, default=8, help="forms per kind (0: none)")
    args = ap.parse_args()
    if args.forms:
        _form_accuracy(args.forms, args.seed)
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
