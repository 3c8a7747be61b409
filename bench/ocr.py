"""OCR time per scanned page: Bursar's OCR path beside Tesseract alone on the same page images.

Prints figures, never asserts. Usage::

    python bench/ocr.py [--scans 4] [--count 24] [--seed 5]

Scans come from the synthetic corpus (``devkit.synth``, held-out layouts first). For each
scan, interleaved so machine load hits both alike: ``extract_file`` on the scan (straighten,
clean up, Tesseract, fields and lines), then ``tesseract IMAGE - -l LANGS`` on its page
images at 300 dpi (rendered as the OCR path renders them). Best of two runs each: on a
shared machine the least disturbed run is the fairest. Tesseract runs single-threaded
(``OMP_THREAD_LIMIT=1``) in both. Wall time and CPU time (this process and its children,
so Tesseract's too) are both reported: on a loaded machine the CPU ratio is the steadier.
Then one more run per scan, instrumented, prints where Bursar's time goes: opening the
file and rendering or decoding the page, straightening, the clean-up, the one Tesseract
run, the rest of the OCR path (words to tokens) and the fields and lines after it.
Records the figures (target: at most 1.3x Tesseract alone, and 1.0 s per page) and
``bench/plots/ocr.png``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.extract import _page_images  # noqa: E402
from bench.record import plot, record  # noqa: E402

TARGET_RATIO = 1.3
TARGET_SECONDS = 1.0


def _best(fn) -> tuple[float, float]:  # noqa: ANN001
    """Return (wall s, CPU s incl. child processes) of ``fn``: the best of two runs each."""
    runs = []
    for _ in range(2):
        t, before = time.perf_counter(), os.times()
        fn()
        after = os.times()
        cpu = sum(a - b for a, b in zip(after[:4], before[:4], strict=True))
        runs.append((time.perf_counter() - t, cpu))
    return min(w for w, _ in runs), min(c for _, c in runs)


STAGES = (
    ("straighten", "extractors.ocr", "straighten"),
    ("clean-up", "extractors.ocr", "clean"),
    ("Tesseract", "extractors.ocr", "tesseract_tsv"),
    ("OCR path", "extractors.loader", "ocr_image"),
)


def _where_the_time_goes(paths: list[Path]) -> str:
    """Return a line saying where ``extract_file``'s wall time per page goes (one run each)."""
    import importlib

    from extractors import extract_file

    spent = dict.fromkeys([name for name, _, _ in STAGES], 0.0)

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t

        return wrapper

    with contextlib.ExitStack() as undo:
        for name, module, attr in STAGES:
            mod = importlib.import_module(module)
            original = getattr(mod, attr)
            setattr(mod, attr, timed(name, original))
            undo.callback(setattr, mod, attr, original)
        t, pages = time.perf_counter(), 0
        for path in paths:
            pages += extract_file(path)["pages"]
        total = time.perf_counter() - t
    ocr = spent.pop("OCR path")
    parts = {
        **spent,
        "rest of OCR (grey, resize, words, tokens)": ocr - sum(spent.values()),
        "open, render/decode, fields, lines": total - ocr,
    }
    return f"where the time goes ({pages} pages, {total / pages:.2f} s/page): " + ", ".join(
        f"{name} {v / pages:.3f} s ({100 * v / total:.0f}%)" for name, v in parts.items()
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scans", type=int, default=4, help="scans to time (each: 2 + 2 runs)")
    ap.add_argument("--count", type=int, default=24, help="documents in the generated corpus")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    if not shutil.which("tesseract"):
        print("ocr: tesseract is not installed (apt-get install tesseract-ocr); skipped")
        return 0
    from bursar.config import get_settings
    from devkit.synth import generate
    from extractors import extract_file

    langs = get_settings().ocr_languages
    with tempfile.TemporaryDirectory(prefix="bursar-bench-ocr-") as t:
        root = Path(t) / "corpus"
        generate(root, count=args.count, seed=args.seed, scans=True, claims=False, einvoices=False)
        docs = json.loads((root / "manifest.json").read_text())["documents"]
        scans = sorted(
            (d for d in docs if d["variant"] == "scan"), key=lambda d: d["split"] != "heldout"
        )[: args.scans]
        if not scans:
            print("ocr: the corpus has no scans; skipped")
            return 0
        extract_file(root / scans[0]["path"])  # warm imports and caches, outside the timing
        breakdown = _where_the_time_goes([root / d["path"] for d in scans])
        ours, alone, ours_cpu, alone_cpu, pages = [], [], [], [], 0
        for d in scans:
            path = root / d["path"]
            images = _page_images(path, Path(t))
            mine = _best(lambda p=path: extract_file(p))
            tess = [
                _best(
                    lambda im=im: subprocess.run(
                        ["tesseract", str(im), "-", "-l", langs], capture_output=True, check=True
                    )
                )
                for im in images
            ]
            n = len(images)
            pages += n
            ours.append(mine[0] / n)
            ours_cpu.append(mine[1] / n)
            alone.append(sum(w for w, _ in tess) / n)
            alone_cpu.append(sum(c for _, c in tess) / n)
            print(
                f"{path.name:24} {n} page(s)  Bursar {ours[-1]:5.2f} s/page "
                f"({ours_cpu[-1]:.2f} CPU-s)  Tesseract alone {alone[-1]:5.2f} s/page "
                f"({alone_cpu[-1]:.2f} CPU-s)  = {ours[-1] / alone[-1]:.2f}x wall, "
                f"{ours_cpu[-1] / alone_cpu[-1]:.2f}x CPU",
                flush=True,
            )
    print(breakdown)
    mean_ours, mean_alone = sum(ours) / len(ours), sum(alone) / len(alone)
    ratio, ratio_cpu = sum(ours) / sum(alone), sum(ours_cpu) / sum(alone_cpu)
    cpu_ours, cpu_alone = sum(ours_cpu) / len(ours_cpu), sum(alone_cpu) / len(alone_cpu)
    print(
        f"OCR per page: Bursar {mean_ours:.2f} s, Tesseract alone {mean_alone:.2f} s on the "
        f"same page images ({langs}, 300 dpi) = {ratio:.2f}x wall; CPU (Tesseract's child "
        f"processes included) {cpu_ours:.2f} / {cpu_alone:.2f} s = {ratio_cpu:.2f}x "
        f"({pages} pages, best of 2; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    what = f"{len(scans)} synthetic scans, {pages} pages, {langs}, best of 2"
    record(
        "ocr",
        f"OCR time per scanned page, wall: Bursar / Tesseract alone, same images ({what})",
        f"{mean_ours:.2f} s = {ratio:.2f}x Tesseract alone",
        target=f"<= {TARGET_RATIO}x; <= {TARGET_SECONDS:.1f} s",
        peer=f"Tesseract alone {mean_alone:.2f} s",
    )
    record(
        "ocr",
        "OCR CPU time per scanned page (Tesseract children included): Bursar / Tesseract alone",
        f"{cpu_ours:.2f} CPU-s = {ratio_cpu:.2f}x Tesseract alone",
        target=f"<= {TARGET_RATIO}x",
        peer=f"Tesseract alone {cpu_alone:.2f} CPU-s",
    )
    x = list(range(1, len(scans) + 1))
    out = plot(
        "ocr",
        x,
        {
            "Bursar (extract_file), wall": ours,
            "Tesseract alone, wall": alone,
            "Bursar, CPU": ours_cpu,
            "Tesseract alone, CPU": alone_cpu,
            f"target: {TARGET_RATIO}x Tesseract alone (wall)": [TARGET_RATIO * a for a in alone],
        },
        title="OCR time per page vs Tesseract alone (same page images)",
        xlabel="scan",
        ylabel="seconds / page (best of 2)",
        target=TARGET_SECONDS,
        target_label=f"target {TARGET_SECONDS:.1f} s/page",
        xticks=x,
    )
    if out:
        print(f"plot: bench/plots/{out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
