"""One Tesseract run per page: a grey image in through a pipe, word boxes (TSV) out.

pytesseract writes every page to a temporary PNG first; on a noisy scan PIL's PNG
encoder took ~0.4 s a page, half of Tesseract's own time (issue 10). Here the page
goes to ``tesseract stdin stdout ... tsv`` as an uncompressed PGM (a few ms), and
the recognition resolution is passed with ``--dpi`` (a PGM carries none, and
Tesseract would otherwise guess 70).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import cv2
import numpy as np

from bursar.errors import SystemError_

INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra"
# A page that takes longer than this is stuck, not slow (a page takes ~1 s on one core).
TIMEOUT_S = float(os.environ.get("BURSAR_TESSERACT_TIMEOUT", "120"))
COLUMNS = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")


def tesseract_tsv(image: np.ndarray, *, languages: str, psm: str, dpi: float) -> dict[str, list]:
    """Return Tesseract's words of a grey ``image`` as columns (``COLUMNS``), one entry a word.

    Only word rows (TSV level 5) are kept; ``conf`` is a float, the others as Tesseract
    gives them. Raises ``SystemError_`` when Tesseract is missing or fails.
    """
    exe = shutil.which("tesseract")
    if exe is None:
        raise SystemError_(f"Tesseract is not installed; {INSTALL}", code="tesseract_missing")
    ok, pgm = cv2.imencode(".pgm", np.ascontiguousarray(image, dtype=np.uint8))
    if not ok:  # pragma: no cover - OpenCV always encodes a uint8 image
        raise SystemError_("could not encode the page image for Tesseract", code="ocr_failed")
    cmd = [exe, "stdin", "stdout", "-l", languages, "--psm", psm, "--dpi", str(round(dpi))]
    # The page comes cleaned (reversed bands turned, noise gone): no second try of a line
    # inverted, and no row dropped as noise; Tesseract took a bold title on a band for a
    # row of noise and read it as ". ." (issue 10).
    cmd += ["-c", "tessedit_do_invert=0", "-c", "textord_noise_rejrows=0", "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    try:
        proc = subprocess.run(
            cmd, input=pgm.tobytes(), capture_output=True, timeout=TIMEOUT_S, env=env
        )
    except subprocess.TimeoutExpired:
        raise SystemError_(
            f"Tesseract took over {TIMEOUT_S:.0f} s on one page (BURSAR_TESSERACT_TIMEOUT)",
            code="ocr_timeout",
        ) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SystemError_(
            f"Tesseract failed ({err[-1] if err else f'exit {proc.returncode}'}); "
            f"check that the languages {languages} are installed ({INSTALL})",
            code="ocr_failed",
        )
    return parse_tsv(proc.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> dict[str, list]:
    """Return the word rows of Tesseract's TSV output as columns (``COLUMNS``)."""
    out: dict[str, list] = {k: [] for k in COLUMNS}
    lines = tsv.splitlines()
    if not lines:
        return out
    head = lines[0].split("\t")
    at = {k: head.index(k) for k in (*COLUMNS, "level")}
    for row in lines[1:]:
        cells = row.split("\t")
        if len(cells) < len(head) or cells[at["level"]] != "5":
            continue
        for k in COLUMNS:
            v = cells[at[k]]
            out[k].append(v if k == "text" else float(v) if k == "conf" else int(v))
    return out
