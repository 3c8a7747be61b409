"""OCR time per scanned page: Bursar's OCR path beside Tesseract alone on the same page images.

Prints figures, never asserts. Usage::

    python bench/ocr.py [--scans 4] [--count 24] [--seed 5]

Scans come from the synthetic corpus (``bursar.synth``, held-out layouts first). For each
scan, interleaved so machine load hits both alike: ``extract_file`` on the scan (straighten,
clean up, Tesseract, fields and lines), then ``tesseract IMAGE - -l LANGS`` on its page
images at 300 dpi (rendered as the OCR path renders them). Best of two runs each: on a
shared machine the least disturbed run is the fairest. Tesseract runs single-threaded
(``OMP_THREAD_LIMIT=1``) in both. Records the figures (target: at most 1.3x Tesseract
alone, and 1.0 s per page) and ``bench/plots/ocr.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.extract import _page_images, _timed  # noqa: E402
from bench.record import plot, record  # noqa: E402

TARGET_RATIO = 1.3
TARGET_SECONDS = 1.0


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
    from bursar.synth import generate
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
        ours, alone, pages = [], [], 0
        for d in scans:
            path = root / d["path"]
            images = _page_images(path, Path(t))
            mine = min(_timed(lambda p=path: extract_file(p)) for _ in range(2))
            tess = sum(
                min(
                    _timed(
                        lambda im=im: subprocess.run(
                            ["tesseract", str(im), "-", "-l", langs],
                            capture_output=True,
                            check=True,
                        )
                    )
                    for _ in range(2)
                )
                for im in images
            )
            n = len(images)
            pages += n
            ours.append(mine / n)
            alone.append(tess / n)
            print(
                f"{path.name:32} {n} page(s)  Bursar {mine / n:5.2f} s/page  "
                f"Tesseract alone {tess / n:5.2f} s/page  = {mine / tess:.2f}x",
                flush=True,
            )
    mean_ours = sum(ours) / len(ours)
    mean_alone = sum(alone) / len(alone)
    ratio = sum(ours) / sum(alone)
    print(
        f"OCR per page: Bursar {mean_ours:.2f} s, Tesseract alone {mean_alone:.2f} s on the "
        f"same page images ({langs}, 300 dpi) = {ratio:.2f}x ({pages} pages, best of 2)"
    )
    what = f"{len(scans)} synthetic scans, {pages} pages, {langs}, best of 2, wall"
    record(
        "ocr",
        f"OCR time per scanned page, Bursar / Tesseract alone on the same images ({what})",
        f"{mean_ours:.2f} s / {mean_alone:.2f} s = {ratio:.2f}x",
        target=f"<= {TARGET_RATIO}x Tesseract alone; <= {TARGET_SECONDS:.1f} s",
        peer=f"Tesseract alone {mean_alone:.2f} s",
    )
    x = list(range(1, len(scans) + 1))
    out = plot(
        "ocr",
        x,
        {
            "Bursar (extract_file)": ours,
            "Tesseract alone": alone,
            f"target: {TARGET_RATIO}x Tesseract alone": [TARGET_RATIO * a for a in alone],
        },
        title="OCR time per page vs Tesseract alone (same page images)",
        xlabel="scan",
        ylabel="seconds / page (wall, best of 2)",
        target=TARGET_SECONDS,
        target_label=f"target {TARGET_SECONDS:.1f} s/page",
        xticks=x,
    )
    if out:
        print(f"plot: bench/plots/{out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
