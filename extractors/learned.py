"""Using and updating learned layouts (``extractors.learning``): which vendor, which fields.

- ``apply_learned(result, pages, layouts)``: the vendor's layout re-reads the fields
  where it beats the generic path (``source: learned:<vendor>@<n>``).
- ``learn(pages, truth, folder, document=...)``: one more document of a vendor with
  known truth (an e-invoice's XML, a person's corrections): counts how the layout as it
  was and the generic path did on it, then updates the rules and writes the file.
- ``learn_file(path, truth, folder)``: the same from a file (the pipeline's hook after a
  decision is the core's ``bursar.ingest.context.learn_from``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bursar.files import write_atomic
from extractors.calibration import same
from extractors.fields import document_conventions
from extractors.learning import CONFIDENCE, FIELDS, Layout, apply_rule, learn_rules, load_layouts
from extractors.parties import compact, fold
from extractors.tokens import PageTokens


def vendor_layout(pages: Sequence[PageTokens], layouts: Sequence[Layout]) -> Layout | None:
    """Return the learned layout of the vendor whose VAT ID, IBAN or name the page prints."""
    if not layouts:
        return None
    text = " ".join(t.text for p in pages[:2] for t in p.tokens)
    squeezed, folded = compact(text), f" {fold(text)} "
    best: tuple[int, Layout] | None = None
    for lay in layouts:
        score = 2 * any(compact(x) in squeezed for x in (*lay.vat_ids, *lay.ibans) if x)
        score += any(f" {fold(n)} " in folded for n in lay.names if len(n) >= 4)
        if score and (best is None or score > best[0]):
            best = (score, lay)
    return best[1] if best else None


def learned_fields(
    pages: Sequence[PageTokens],
    layout: Layout,
    *,
    only_better: bool = True,
    missing: frozenset[str] = frozenset(),
) -> dict[str, dict[str, Any]]:
    """Return the contract fields the layout reads (only where it beats the generic path).

    ``missing``: fields the generic path found nothing for on this document; there a
    rule that was right on the vendor's documents so far (as often as the generic path)
    fills the gap.
    """
    conv = document_conventions(pages)
    out = {}
    for field, rule in layout.rules.items():
        filling = field in missing and layout.at_least_generic(field)
        if only_better and not layout.beats_generic(field) and not filling:
            continue
        got = apply_rule(field, rule, pages, conv)
        if got is None:
            continue
        value, page, bbox = got
        out[field] = {
            "value": value,
            "confidence": CONFIDENCE,
            "page": page,
            "bbox": [round(v, 2) for v in bbox],
            "source": layout.tag,
        }
    return out


def apply_learned(
    result: dict[str, Any], pages: Sequence[PageTokens], layouts: Sequence[Layout]
) -> dict[str, Any]:
    """Return the extraction with the vendor's learned fields laid over the generic ones."""
    layout = vendor_layout(pages, layouts)
    if layout is None or result.get("kind") == "claim":
        return result
    # a field is open to the vendor's learned rule when the generic path left it empty or
    # only the ranker's generic proposer found it (no rule vouches for that value)
    empty = frozenset(
        f
        for f in layout.rules
        if not (result["fields"].get(f) or {}).get("value")
        or (result["fields"].get(f) or {}).get("source") == "layout:any"
    )
    fields = learned_fields(pages, layout, missing=empty)
    if not fields:
        return result
    versions = {**result.get("versions", {}), "learned": layout.tag}
    return {**result, "fields": {**result["fields"], **fields}, "versions": versions}


def _key(truth: dict[str, str]) -> str:
    base = truth.get("vendor_tax_id") or truth.get("vendor_iban") or truth.get("vendor_name") or ""
    slug = re.sub(r"[^a-z0-9]+", "-", base.casefold()).strip("-")[:48]
    return slug or "unknown"


def learn(
    pages: Sequence[PageTokens],
    truth: dict[str, str],
    folder: Path,
    *,
    document: str,
    generic: dict[str, Any] | None = None,
) -> Layout | None:
    """Learn one document of known truth into its vendor's layout file; return the layout.

    ``generic``: the generic path's fields for this document (computed when not given).
    Learning the same document twice changes nothing.
    """
    truth = {k: v for k, v in truth.items() if k in FIELDS and v}
    if not truth or not pages:
        return None
    if generic is None:
        from extractors.pipeline import extract_pages

        generic = extract_pages(pages, file="learn", sha256="0" * 64, templates=[])["fields"]
    folder.mkdir(parents=True, exist_ok=True)
    # who the vendor is: the truth's IDs, else what the page says (a correction of the
    # invoice number alone still belongs to the vendor whose VAT ID the page prints)
    ident = {
        f: truth.get(f) or (generic.get(f) or {}).get("value")
        for f in ("vendor_tax_id", "vendor_iban", "vendor_name")
    }
    ident = {k: v for k, v in ident.items() if v}
    known = load_layouts(folder)
    layout = vendor_layout(pages, known) or next(
        (lay for lay in known if lay.key == _key(ident)), None
    )
    if layout is None:
        layout = Layout(_key(ident), 0, [], [], [], {}, {}, [])
    if document in layout.documents:
        return layout
    before = learned_fields(pages, layout, only_better=False) if layout.rules else {}
    rules = learn_rules(pages, truth)
    for field, value in truth.items():
        s = layout.stats.setdefault(field, {"learned": 0, "generic": 0, "seen": 0})
        s["seen"] += 1
        s["generic"] += same(field, (generic.get(field) or {}).get("value"), value)
        # the layout as it stood before this document; a new rule counts for its first one
        mine = before.get(field, {}).get("value") if field in layout.rules else None
        ok = same(field, mine, value) if field in layout.rules else field in rules
        s["learned"] += ok
        if field in rules and (field not in layout.rules or not ok):
            layout.rules[field] = rules[field]
    for attr, field in (("vat_ids", "vendor_tax_id"), ("ibans", "vendor_iban")):
        v = ident.get(field)
        if v and compact(v) not in {compact(x) for x in getattr(layout, attr)}:
            getattr(layout, attr).append(v)
    name = ident.get("vendor_name")
    if name and name not in layout.names:
        layout.names.append(name)
    layout.documents.append(document)
    layout.version += 1
    text = json.dumps(layout.to_json(), indent=1, ensure_ascii=False)
    write_atomic(folder / f"{layout.key}.json", text.encode("utf-8"), mode=0o644)
    return layout


def learn_file(path: Path, truth: dict[str, str], folder: Path) -> Layout | None:
    """Learn a PDF of known truth (its printed page) into the layouts ``folder``."""
    from extractors.loader import load_pages
    from extractors.pipeline import sha256_file

    pages = load_pages(Path(path))
    return learn(pages, truth, folder, document=sha256_file(Path(path)))


def truth_of(extraction: dict[str, Any]) -> dict[str, str] | None:
    """Return the truth an extraction carries: an e-invoice's XML values, else None."""
    if extraction.get("text_source") != "einvoice":
        return None
    return {k: f["value"] for k, f in extraction.get("fields", {}).items() if f.get("value")}


def learn_correction(path: Path, corrected: dict[str, str], folder: Path) -> Layout | None:
    """Learn a document a person corrected (its corrected fields are the truth)."""
    return learn_file(path, corrected, folder)
