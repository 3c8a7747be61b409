"""``generate``: a whole deterministic corpus on disk — documents, truth, master data."""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from devkit.synth import grammar, specs
from devkit.synth.claims import render_claim
from devkit.synth.layouts import CLAIM_LAYOUTS, INVOICE_LAYOUTS, layout_of
from devkit.synth.master import World, gl_history_rows, write_master
from devkit.synth.model import ClaimSpec, InvoiceSpec, Vendor
from devkit.synth.render import render_invoice
from devkit.synth.scan import image_pdf, png_bytes, scan_pages
from devkit.synth.truth import claim_truth, invoice_truth

Spec = InvoiceSpec | ClaimSpec


@dataclass
class Doc:
    """One planned document: its spec, and the findings it must raise."""

    spec: Spec
    expected: list[str] = field(default_factory=list)
    variant: str = "digital"  # digital | einvoice
    einvoice_format: str = "facturx"  # facturx | cii | ubl (einvoice variant only)


@dataclass
class Manifest:
    """Every document of a corpus, as written to ``manifest.json``."""

    out_dir: Path
    seed: int
    documents: list[dict[str, Any]] = field(default_factory=list)

    def select(
        self, *, variant: str | None = None, split: str | None = None, kind: str | None = None
    ) -> list[dict[str, Any]]:
        """Return the entries matching every given attribute."""
        return [
            d
            for d in self.documents
            if (variant is None or d["variant"] == variant)
            and (split is None or d["split"] == split)
            and (kind is None or d["kind"] == kind)
        ]

    def truth(self, name: str) -> dict[str, Any]:
        """Return the truth object of document ``name``."""
        entry = next(d for d in self.documents if d["name"] == name)
        return json.loads((self.out_dir / entry["truth"]).read_text(encoding="utf-8"))

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "devkit.synth/1", "seed": self.seed, "documents": self.documents}

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Return the manifest of a corpus written earlier."""
        data = json.loads((Path(out_dir) / "manifest.json").read_text(encoding="utf-8"))
        return cls(Path(out_dir), data["seed"], data["documents"])


def make_vendors(world: World, n: int) -> list[Vendor]:
    """Return ``n`` vendors, layouts assigned round robin so every layout is used."""
    layouts = sorted(INVOICE_LAYOUTS)
    vendors = [
        specs.random_vendor(world.rng, f"V{i + 1:04d}", layouts[i % len(layouts)], world.used_names)
        for i in range(n)
    ]
    world.vendors.extend(vendors)
    return vendors


def clean_invoice(
    world: World, vendor: Vendor, name: str, seq: int, *, n_lines: int | None = None
) -> InvoiceSpec:
    """Return an invoice that matches its PO and receipts exactly (and record both)."""
    rng = world.rng
    lay = layout_of(vendor.layout)
    n = n_lines if n_lines is not None else rng.choice([1, 2, 3, 3, 4, 5, 6, 8])
    if isinstance(lay, grammar.Design):
        lines = specs.grammar_lines(rng, vendor, lay, n)
    else:
        lines = specs.random_lines(rng, vendor, n, multiline=lay.multiline)
    spec = specs.random_invoice(rng, vendor=vendor, lines=lines, name=name, seq=seq, po_number="")
    po = world.order_and_receive(vendor, lines, spec.invoice_date, partial=rng.random() < 0.3)
    return spec.with_changes(po_number=po)


def credit_note(world: World, prior: InvoiceSpec, name: str, seq: int) -> InvoiceSpec:
    """Return a clean credit note returning one unit of the prior invoice's first line."""
    first = prior.lines[0]
    qty = min(first.quantity, type(first.quantity)(1))
    line = type(first)(
        first.sku,
        first.description,
        qty,
        first.unit,
        first.unit_price,
        first.tax_rate,
        first.po_line,
        first.gl_account,
    )
    issued = prior.invoice_date + timedelta(days=world.rng.randint(5, 20))
    return prior.with_changes(
        name=name,
        kind="credit_note",
        lines=(line,),
        invoice_number=f"CN-{seq:06d}",
        invoice_date=issued,
        due_date=issued + (prior.due_date - prior.invoice_date),
    )


def clean_claim(world: World, name: str, seq: int) -> ClaimSpec:
    """Return a claim with an active policy and covered services within the fee schedule."""
    layout = sorted(CLAIM_LAYOUTS)[seq % len(CLAIM_LAYOUTS)]
    spec = specs.random_claim(world.rng, layout, name=name, seq=seq)
    world.add_policy(spec.policy_number, spec.claimant.name)
    return spec


def plan_clean(world: World, count: int, *, claims: bool, einvoices: bool) -> list[Doc]:
    """Return the clean documents: invoices (some credit notes, some multi-page), claims,
    e-invoices."""
    n_claims = count // 5 if claims else 0
    n_einv = count // 10 if einvoices else 0
    n_inv = max(count - n_claims - n_einv, 0)
    vendors = make_vendors(world, max(len(INVOICE_LAYOUTS), count // 4))
    docs: list[Doc] = []
    last: dict[str, InvoiceSpec] = {}
    for i in range(n_inv):
        vendor = vendors[i % len(vendors)]
        name, seq = f"inv-{i + 1:04d}", i + 1
        if i % 9 == 8 and vendor.vendor_id in last:
            spec = credit_note(world, last[vendor.vendor_id], name, seq)
        else:
            spec = clean_invoice(
                world, vendor, name, seq, n_lines=world.rng.randint(24, 40) if i % 7 == 3 else None
            )
            last[vendor.vendor_id] = spec
        docs.append(Doc(spec))
    for k in range(n_claims):
        docs.append(Doc(clean_claim(world, f"clm-{k + 1:04d}", k + 1)))
    formats = ("facturx", "cii", "ubl")
    for k in range(n_einv):
        vendor = vendors[(k * 3) % len(vendors)]
        spec = clean_invoice(world, vendor, f"einv-{k + 1:04d}", n_inv + k + 1)
        docs.append(Doc(spec, variant="einvoice", einvoice_format=formats[k % 3]))
    return docs


def plan_grammar(world: World, train: int, heldout: int, per_layout: int) -> list[Doc]:
    """Return ``per_layout`` clean invoices for each of ``train`` + ``heldout`` grammar
    layouts, one new vendor per layout (every fifth document a credit note, every tenth
    long enough for several pages)."""
    docs: list[Doc] = []
    layouts = grammar.names("train", train) + grammar.names("heldout", heldout)
    for k, layout in enumerate(layouts):
        vendor = specs.random_vendor(world.rng, f"G{k + 1:04d}", layout, world.used_names)
        world.vendors.append(vendor)
        prior = None
        for _ in range(per_layout):
            i = len(docs)
            name, seq = f"gram-{i + 1:05d}", 50000 + i + 1
            if prior is not None and i % 5 == 4:
                spec = credit_note(world, prior, name, seq)
            else:
                long = world.rng.randint(18, 30) if i % 10 == 7 else None
                spec = prior = clean_invoice(world, vendor, name, seq, n_lines=long)
            docs.append(Doc(spec))
    return docs


def _entry(name: str, path: str, truth: dict[str, Any], base: str) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "truth": f"truth/{name}.json",
        "kind": truth["kind"],
        "layout": truth["layout"],
        "split": truth["split"],
        "variant": truth["variant"],
        "language": truth["language"],
        "base": base,
        "expected_findings": truth["expected_findings"],
    }


def _write(out: Path, rel: str, data: bytes) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _dump(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def emit_doc(out: Path, doc: Doc, *, scan: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Write one document (and its scanned variant if ``scan``); return manifest entries."""
    spec = doc.spec
    if isinstance(spec, ClaimSpec):
        rendered = render_claim(spec)

        def truth_of(rel: str, data: bytes, variant: str, geo: bool) -> dict[str, Any]:
            return claim_truth(
                spec,
                file=rel.rsplit("/", 1)[-1],
                data=data,
                pages=rendered.pages,
                boxes=rendered.boxes if geo else None,
                variant=variant,
                expected_findings=doc.expected,
            )
    else:
        rendered = render_invoice(spec)

        def truth_of(rel: str, data: bytes, variant: str, geo: bool) -> dict[str, Any]:
            return invoice_truth(
                spec,
                file=rel.rsplit("/", 1)[-1],
                data=data,
                pages=rendered.pages,
                boxes=rendered.boxes if geo else None,
                line_pages=rendered.line_pages,
                variant=variant,
                expected_findings=doc.expected,
            )

    files: list[tuple[str, str, bytes, str, bool]] = []
    if doc.variant == "einvoice":
        from devkit.synth.einvoice import einvoice_files

        for rel, data in einvoice_files(spec, rendered.pdf, doc.einvoice_format):  # type: ignore[arg-type]
            files.append((spec.name, rel, data, "einvoice", rel.endswith(".pdf")))
    else:
        files.append((spec.name, f"docs/{spec.name}.pdf", rendered.pdf, "digital", True))
    if scan is not None:
        files.append(_scan_file(spec.name, rendered.pdf, rendered.pages, scan))
    entries = []
    for name, rel, data, variant, geo in files:
        _write(out, rel, data)
        truth = truth_of(rel, data, variant, geo)
        if getattr(spec, "extra", {}).get("wording"):
            truth["wording"] = spec.extra["wording"]
        _write(out, f"truth/{name}.json", _dump(truth))
        entries.append(_entry(name, rel, truth, spec.name))
    return entries


def _mark_unlisted(docs: list[Doc], share: float) -> None:
    """Print ``share`` of the invoices with unlisted wordings (``spec.extra["wording"]``).

    A new ``extra`` per chosen spec: a duplicate planned from an original shares the
    original's dict, and must not change wording because its original was chosen.
    """
    for doc in docs:
        spec = doc.spec
        if isinstance(spec, InvoiceSpec) and zlib.crc32(spec.name.encode()) % 1000 < share * 1000:
            doc.spec = replace(spec, extra={**spec.extra, "wording": "unlisted"})


def _scan_file(
    base: str,
    pdf: bytes,
    pages: int,
    scan: dict[str, Any],
) -> tuple[str, str, bytes, str, bool]:
    dpi = scan.pop("dpi")
    as_pdf = scan.pop("as_pdf") or pages > 1
    images = scan_pages(pdf, dpi, **scan)
    name = f"{base}-scan"
    if as_pdf:
        return name, f"scans/{name}.pdf", image_pdf(images, dpi), "scan", False
    return name, f"scans/{name}.png", png_bytes(images[0], dpi), "scan", False


def scan_settings(rng: random.Random, index: int) -> dict[str, Any]:
    """Return the degradation of one scan: 200-300 dpi, up to 3 degrees, noise, blur, JPEG."""
    return {
        "dpi": rng.choice([200, 200, 200, 250, 300]),
        "rotate": round(rng.uniform(-3.0, 3.0), 2),
        "noise": round(rng.uniform(2.0, 12.0), 1),
        "blur": round(rng.choice([0.0, 0.5, 0.8, 1.0]), 1),
        "jpeg_quality": rng.choice([None, 85, 70, 55]),
        "seed": 1000 + index,
        "as_pdf": (index // 4) % 2 == 1,
    }


def generate(
    out_dir: Path,
    *,
    count: int = 40,
    seed: int = 7,
    scans: bool = True,
    claims: bool = True,
    einvoices: bool = True,
    discrepancies: bool = False,
    unlisted: float = 0.0,
    grammar_train: int = 0,
    grammar_heldout: int = 0,
    grammar_docs: int = 2,
    progress: Callable[[Iterable[Doc], str], Iterable[Doc]] | None = None,
) -> Manifest:
    """Return the manifest of a corpus of ``count`` clean documents (plus, with
    ``discrepancies``, one extra document per injected discrepancy) written to ``out_dir``.

    Same arguments -> byte-identical files. Clean documents come first in the manifest,
    so ingesting in manifest order sees originals before their duplicates.

    ``unlisted``: the share of invoices printed with label wordings the extractor's
    vocabulary does not list (``wording.UNLISTED``), chosen by a hash of the document's
    name so that the other documents keep their bytes.

    ``grammar_train`` / ``grammar_heldout``: how many layouts to draw from the layout
    grammar (``grammar.py``) for the train and the held-out split, each printed by a vendor
    of its own on ``grammar_docs`` clean invoices (``gram-NNNNN``, after the other clean
    documents). They are planned last, so every other document keeps its bytes."""
    out = Path(out_dir)
    rng = random.Random(seed)
    world = World(rng)
    docs = plan_clean(world, count, claims=claims, einvoices=einvoices)
    injected: list[Doc] = []
    if discrepancies:
        from devkit.synth.discrepancies import plan_discrepancies

        injected = plan_discrepancies(world, docs, count)
    docs += plan_grammar(world, grammar_train, grammar_heldout, grammar_docs) + injected
    if unlisted > 0:
        _mark_unlisted(docs, unlisted)
    scan_rng = random.Random(seed * 7919 + 1)
    manifest = Manifest(out, seed)
    iterable: Iterable[Doc] = progress(docs, "synth") if progress else docs
    for i, doc in enumerate(iterable):
        settings = scan_settings(scan_rng, i)  # drawn for every doc: stable across options
        # Every 4th document, and also every 4th on a held-out layout (which the first
        # rule alone never picks: vendors cycle through the layouts in step with it).
        held = layout_of(doc.spec.layout).split == "heldout"
        pick = i % 4 == 1 or (held and i % 4 == 2)
        wants_scan = scans and doc.variant == "digital" and not doc.expected and pick
        manifest.documents += emit_doc(out, doc, scan=settings if wants_scan else None)
    write_master(out / "master", world, gl_history_rows(rng, world.vendors))
    (out / "manifest.json").write_bytes(_dump(manifest.to_dict()))
    return manifest
