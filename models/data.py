"""Training data: the synthetic corpus, the inbox's corrections, the coded GL history.

Corpus folder (written by ``devkit.synth.generate``)::

    docs/*.pdf  scans/*  truth/*.json  master/gl_history.csv  manifest.json

Each ``truth/NAME.json`` has the contract 4.1 shape (``kind``, ``fields`` with values,
``lines``) plus ``layout``, ``split`` (``train`` | ``heldout``) and ``variant``. The
document it describes is ``truth["file"]`` (relative to the corpus or ``docs/``), else
``docs/NAME.pdf``.

Corrections (``BURSAR_HOME/corrections/*.json``), written by the inbox when a person fixes
an extraction: the contract 4.1 object with the corrected values, plus ``stored_path``
(the original in the document store). ``kind`` and ``fields`` train the kind classifier
and the labeller; a line carrying ``gl_account`` (with the document's ``vendor_id`` when
known) trains GL coding. Corrections always go to the training split: held-out figures
stay comparable between versions.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors.tokens import PageTokens

PageLoader = Callable[[Path], list[PageTokens]]


@dataclass(frozen=True)
class DocExample:
    """One labelled document: its pages and the truth for kind and header fields."""

    name: str
    pages: tuple[PageTokens, ...]
    kind: str
    fields: dict = field(default_factory=dict)
    split: str = "train"  # "train" | "heldout"
    layout: str = ""
    variant: str = ""
    wording: str = "listed"  # "unlisted": labels the extractor's vocabulary lacks (synth)
    lines: tuple = ()  # truth line items (contract 4.1 ``lines``): cell labels for the tagger


@dataclass(frozen=True)
class GLExample:
    """One coded invoice line."""

    description: str
    vendor_id: str
    gl_account: str
    split: str = "train"


def default_loader(path: Path) -> list[PageTokens]:
    """Return the layout tokens of ``path`` through the extractors package."""
    import extractors

    return extractors.load_pages(path)


def _doc_path(corpus: Path, name: str, truth: dict) -> Path | None:
    for cand in (truth.get("file"), f"docs/{name}.pdf"):
        if not cand:
            continue
        for p in (corpus / cand, corpus / "docs" / cand, corpus / "scans" / cand):
            if p.is_file():
                return p
    return None


def load_corpus(
    corpus: Path, loader: PageLoader | None = None, *, with_scans: bool = False
) -> list[DocExample]:
    """Return the labelled documents of a synthetic corpus folder (sorted by name)."""
    loader = loader or default_loader
    out = []
    for tp in sorted((corpus / "truth").glob("*.json")):
        truth = json.loads(tp.read_text(encoding="utf-8"))
        variant = str(truth.get("variant", ""))
        if not with_scans and "scan" in variant:
            continue
        path = _doc_path(corpus, tp.stem, truth)
        if path is None:
            continue
        out.append(_example(tp.stem, tuple(loader(path)), truth))
    return out


def _example(name: str, pages: tuple[PageTokens, ...], truth: dict, split: str = "") -> DocExample:
    return DocExample(
        name=name,
        pages=pages,
        kind=str(truth.get("kind") or "other"),
        fields=dict(truth.get("fields") or {}),
        split=split or str(truth.get("split") or "train"),
        layout=str(truth.get("layout") or ""),
        variant=str(truth.get("variant") or ""),
        wording=str(truth.get("wording") or "listed"),
        lines=tuple(x for x in truth.get("lines") or () if isinstance(x, dict)),
    )


def load_eval_truth(
    folder: Path,
    loader: PageLoader | None = None,
    *,
    group: Callable[[dict], str] | None = None,
    split_of: Callable[[str], str] | None = None,
) -> list[DocExample]:
    """Return the documents of an evaluation set (``truth.json``, ``bursar.eval.truth/1``,
    files under ``pdf/`` or beside it), printed page only; ``layout`` is ``group(doc)`` (its source
    family) and ``split`` is ``split_of(layout)`` (default: every document ``heldout``).

    Fields the set marks ``unverified`` (the XML and the print disagree) are dropped.
    """
    loader = loader or default_loader
    raw = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    out = []
    for doc in raw.get("documents") or []:
        path = folder / "pdf" / str(doc.get("file"))
        if not path.is_file():  # a corpus may keep its files beside truth.json
            path = folder / str(doc.get("file"))
        if not path.is_file():
            continue
        skip = set(doc.get("unverified") or ())
        fields = {k: v for k, v in (doc.get("fields") or {}).items() if k not in skip}
        layout = group(doc) if group else str(doc.get("layout_family") or doc.get("source") or "")
        truth = {**doc, "fields": fields, "layout": layout}
        split = split_of(layout) if split_of else "heldout"
        out.append(_example(str(doc.get("file")), tuple(loader(path)), truth, split))
    return out


def correction_files(home: Path) -> list[Path]:
    """Return the correction JSON files under ``home/corrections`` (sorted)."""
    return sorted((home / "corrections").glob("*.json"))


def load_corrections(home: Path, loader: PageLoader | None = None) -> list[DocExample]:
    """Return the corrected documents whose original is still readable."""
    loader = loader or default_loader
    out = []
    for cp in correction_files(home):
        try:
            data = json.loads(cp.read_text(encoding="utf-8"))
            path = Path(data.get("stored_path") or data.get("file") or "")
            if not path.is_file():
                continue
            out.append(_example(f"correction:{cp.stem}", tuple(loader(path)), data, "train"))
        except (OSError, ValueError):
            continue  # a bad correction file must not stop training; it is skipped
    return out


def load_gl_history(csv_path: Path, split_every: int = 5) -> list[GLExample]:
    """Return coded lines from ``description,vendor_id,gl_account``; every Nth is held out."""
    rows = []
    with csv_path.open(newline="", encoding="utf-8") as fh:
        for k, row in enumerate(csv.DictReader(fh)):
            desc, acct = (row.get("description") or "").strip(), (row.get("gl_account") or "")
            if desc and acct.strip():
                split = "heldout" if split_every and k % split_every == split_every - 1 else "train"
                rows.append(
                    GLExample(desc, (row.get("vendor_id") or "").strip(), acct.strip(), split)
                )
    return rows


def gl_corrections(home: Path) -> list[GLExample]:
    """Return the GL codings people made in the inbox (lines with ``gl_account``)."""
    out = []
    for cp in correction_files(home):
        try:
            data = json.loads(cp.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        vendor = str(data.get("vendor_id") or "")
        for line in data.get("lines") or []:
            if isinstance(line, dict) and line.get("gl_account") and line.get("description"):
                out.append(GLExample(str(line["description"]), vendor, str(line["gl_account"])))
    return out


def gl_text(description: str, vendor_id: str) -> str:
    """Return the classifier input for one line: vendor id and description."""
    return f"{vendor_id} | {description}" if vendor_id else description


def data_hash(items: Iterable[object]) -> str:
    """Return a sha256 over the training examples (what the model learnt from)."""
    h = hashlib.sha256()
    for it in items:
        if isinstance(it, DocExample):
            words = " ".join(t.text for p in it.pages for t in p.tokens)
            key = [it.name, it.kind, it.split, sorted(it.fields.items(), key=str), words]
        else:
            key = it
        h.update(json.dumps(key, default=str, sort_keys=True).encode())
    return h.hexdigest()


def split(items: Sequence, name: str) -> list:
    """Return the items whose ``split`` is ``name``."""
    return [it for it in items if it.split == name]
