"""The extraction pipeline: tokens -> kind, fields, lines, warnings -> contract dict.

``extract_pages`` is pure (tokens in, dict out); ``extract(path, ctx)`` is the thin
imperative shell that reads bytes, hashes them and loads the pages; everything known
beforehand (company, vendors, learned layouts, models) comes in ``ctx``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractors.company import Parties
from extractors.context import ExtractionContext
from extractors.loader import load_pages, sniff
from extractors.plugins import FieldScorer, KindClassifier
from extractors.tokens import PageTokens

SCHEMA = "bursar.extraction/1"
EXTRACTOR_VERSION = "layout@1"


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of the file's bytes."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def text_source(pages: Sequence[PageTokens]) -> str:
    """Return 'pdf', 'ocr' or 'mixed' from the pages' sources."""
    kinds = {p.source for p in pages} or {"pdf"}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def versions(kind_version: str, labeler: str | None, template: str | None) -> dict[str, Any]:
    from extractors.ocr import tesseract_version

    return {
        "bursar": _bursar_version(),
        "extractor": EXTRACTOR_VERSION,
        "tesseract": tesseract_version(),
        "classifier": kind_version,
        "labeler": labeler,
        "template": template,
    }


def _bursar_version() -> str:
    try:
        from importlib.metadata import version

        return version("bursar")
    except Exception:  # not installed as a distribution (running from a checkout)
        return "0.1.0"


def extract_pages(
    pages: Sequence[PageTokens],
    *,
    file: str,
    sha256: str,
    kind_classifier: KindClassifier | None = None,
    field_scorer: FieldScorer | None = None,
    templates: Sequence[Any] | None = None,
    calibration: dict[str, Any] | None = None,
    parties: Any = None,
    layouts: Sequence[Any] | None = None,
    trust: dict[str, Any] | None = None,
    lines_from: str = "evidence",
    ranker: Any = "shipped",
) -> dict[str, Any]:
    """Return the contract 4.1 dict for a document given its page tokens.

    ``lines_from``: which line reader's items to report when the field scorer also
    labels line-item cells (``extractors.model_lines``): ``evidence`` (the model's only
    where they have more evidence than the rules'), ``rules`` or ``model``.

    ``calibration`` overrides the shipped confidence calibration table (``{}``: none);
    ``trust``: an evidence model (``extractors.trust.load_model()``) that rescores the
    confidences and carries its risk thresholds for a pack's ``max_risk``; None: evidence
    only, confidences as calibrated (the core's context passes the shipped model; see
    bench/trust.py for its held-out figures).
    ``parties`` (``extractors.parties.Parties``): the company running Bursar (the buyer)
    and known vendors. ``layouts``: learned vendor layouts (``extractors.learning``).
    ``ranker``: the learned candidate ranker (``extractors.rank``): ``"shipped"`` (the
    default: the one shipped with Bursar, ``extractors/ranker.json``), a ``Ranker``, or
    None (the rules' own scores). An amount a strong label gave stands against it where
    the ranker would give it another amount's labelled value (``fields.labelled_money``).
    """
    from extractors.calibration import calibrate
    from extractors.evidence import page_evidence
    from extractors.fields import extract_fields
    from extractors.kind import RuleKindClassifier
    from extractors.lines import extract_lines
    from extractors.rank import resolve
    from extractors.templates import select_template, template_fields

    ranker = resolve(ranker)
    classifier = kind_classifier or RuleKindClassifier()
    kind, kind_conf = classifier.classify(pages)
    template = select_template(pages, templates or [])
    extra = template.extra_columns() if template else None
    lines = extract_lines(pages, kind=kind, extra_columns=extra)
    if template is None and kind != "claim" and callable(getattr(field_scorer, "cell_probs", None)):
        from extractors.model_lines import choose_lines, model_lines

        cells = field_scorer.cell_probs(pages)  # type: ignore[union-attr]
        if any(cells):
            lines, _ = choose_lines(pages, lines, model_lines(pages, cells), lines_from)
    if kind == "credit_note":  # printed as negatives or not, a credit note's lines are positive
        lines = [
            {**ln, "amount": ln["amount"].lstrip("-")} if ln.get("amount") else ln for ln in lines
        ]
    fields, warnings = extract_fields(
        pages, kind=kind, lines=lines, scorer=field_scorer, parties=parties, ranker=ranker
    )
    fields = calibrate(fields, pages, calibration)
    fields = _boxes_on_page(fields, pages)
    template_name = None
    if template is not None:
        fields = {**fields, **template_fields(template, pages)}
        template_name = template.tag
    result = {
        "schema": SCHEMA,
        "file": file,
        "sha256": sha256,
        "pages": max(len(pages), 1),
        "text_source": text_source(pages),
        "kind": kind,
        "kind_confidence": round(float(kind_conf), 4),
        "fields": fields,
        "lines": lines,
        "warnings": warnings,
        "versions": versions(
            classifier.version, getattr(field_scorer, "version", None), template_name
        ),
    }
    if layouts and template is None:
        from extractors.field_evidence import with_learned

        result = with_learned(result, pages, layouts)  # apply_learned + readers' agreement
    # what the page prints, whatever the fields chose: the rules check them against it
    result["page_evidence"] = page_evidence(pages)
    return _trusted(result, trust)


def _trusted(result: dict[str, Any], trust: Any) -> dict[str, Any]:
    """Return the result with evidence per field and confidences scored from it (issue 23)."""
    from extractors.field_evidence import field_evidence
    from extractors.trust import score

    # The field extractor already matched the page against the vendor master (it marks what
    # a known vendor vouches for as ``master-data``): read that instead of scanning again.
    known = any(f.get("source") == "master-data" for f in result["fields"].values())
    result = field_evidence(result, vendor_known=known)
    return score(result, trust) if trust else result


def _boxes_on_page(fields: dict[str, Any], pages: Sequence[PageTokens]) -> dict[str, Any]:
    """Return fields whose boxes are mapped from a straightened scan back onto its page."""
    by_number = {p.page: p for p in pages}
    out = {}
    for name, f in fields.items():
        page = by_number.get(f.get("page", 0))
        if page is not None and page.deskew and f.get("bbox"):
            f = {**f, "bbox": [round(v, 2) for v in page.to_page(f["bbox"])]}
        out[name] = f
    return out


def extract(path: Path, ctx: ExtractionContext | None = None) -> dict[str, Any]:
    """Return the contract 4.1 dict for one file read with ``ctx``, or raise InputError.

    ``ctx`` carries what the caller knows (company, vendors, learned layouts, models);
    without one the file is read with no outside knowledge at all.
    """
    ctx = ctx or ExtractionContext()
    path = Path(path)
    kind = sniff(path)
    digest = sha256_file(path)
    if kind == "xml":
        from extractors.einvoice import extract_xml_file

        return extract_xml_file(path, sha256=digest)
    if kind == "x12":
        return _one_part(extract_documents(path, ctx), path)
    templates = ctx.templates
    if templates is None:
        from extractors.templates import load_templates

        templates = load_templates()
    if kind == "image":  # a scanned CMS-1500 / UB-04 is read by its boxes (issue 27)
        from extractors.claimforms import read_image_file

        form = read_image_file(path, sha256=digest)
        if form is not None:
            return form
    pages = load_pages(path, languages=ctx.languages, dpi=ctx.dpi, page_limit=ctx.page_limit)
    if kind == "pdf":
        from extractors.claimforms import read_pages

        form = read_pages(pages, file=path.name, sha256=digest)
        if form is not None:
            return form
    result = extract_pages(
        pages,
        file=path.name,
        sha256=digest,
        kind_classifier=ctx.kind_classifier,
        field_scorer=ctx.field_scorer,
        templates=templates,
        parties=ctx.parties,
        layouts=ctx.layouts,
        trust=ctx.trust,
        ranker=ctx.ranker,
    )
    if kind == "pdf":
        from extractors.einvoice import merge_embedded

        result = merge_embedded(path, result)
    return result


def extract_documents(path: Path, ctx: ExtractionContext | None = None) -> list[dict[str, Any]]:
    """Return one contract 4.1 dict per document the file holds (an X12 837: one per claim,
    each with its ``part``); every other file holds one document."""
    path = Path(path)
    if sniff(path) != "x12":
        return [extract(path, ctx)]
    from extractors.x12 import decode, read_claims

    text = decode(path.read_bytes(), str(path))
    return read_claims(text, file=path.name, sha256=sha256_file(path), where=str(path))


def _one_part(results: list[dict[str, Any]], path: Path) -> dict[str, Any]:
    if len(results) == 1:
        return results[0]
    from bursar.errors import InputError

    raise InputError(
        f"holds {len(results)} claims; read it with extract_documents (or ingest it: each "
        "claim becomes its own document)",
        code="several_documents",
        where=str(path),
    )


def extract_file(
    path: Path,
    *,
    kind_classifier: KindClassifier | None = None,
    field_scorer: FieldScorer | None = None,
    languages: str | None = None,
    dpi: int = 300,
    templates: Sequence[Any] | None = None,
    page_limit: int | None = None,
    parties: Any = None,
    layouts: Sequence[Any] | None = None,
    ranker: Any = "shipped",
) -> dict[str, Any]:
    """Return ``extract(path, ctx)`` with the context given as keywords (None: nothing known)."""
    return extract(
        path,
        ExtractionContext(
            ranker=ranker,
            parties=parties if parties is not None else Parties(),
            layouts=tuple(layouts or ()),
            templates=templates,
            kind_classifier=kind_classifier,
            field_scorer=field_scorer,
            languages=languages,
            dpi=dpi,
            page_limit=page_limit,
        ),
    )
