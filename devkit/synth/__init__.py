"""Deterministic synthetic corpus: invoices, credit notes, claim forms, scans, e-invoices,
ground truth in the extraction contract's shape, and master data that matches them.

    from devkit.synth import generate
    manifest = generate(Path("var/corpus"), count=100, seed=7, discrepancies=True)

Layout of ``out_dir``: ``docs/`` born-digital PDFs, ``scans/`` PNG or image-only PDF
scans of some of them, ``einvoices/`` Factur-X PDFs and bare XRechnung CII / UBL XML,
``truth/NAME.json`` (see ``devkit.synth.truth``), ``master/*.csv`` (ARCHITECTURE 4.2 plus
``gl_history.csv``) and ``manifest.json``. Each manifest entry has ``name, path, truth,
kind, layout, split, variant, language`` plus ``base`` (the document a scan was made
from; equal to ``name`` otherwise: a rules benchmark should take one entry per ``base``)
and ``expected_findings``. Clean documents come first, then one document per injected
discrepancy (so a duplicate is always ingested after its original).

``generate(..., grammar_train=N, grammar_heldout=M)`` adds invoices on layouts drawn
from the layout grammar (``devkit.synth.grammar``: six languages, party blocks anywhere,
multi-row items, several tax rates ...), one vendor per layout, held-out ones never
trained on; ``bursar synth --grammar-train N --grammar-heldout M`` does the same.

For one document with known values::

    rng = random.Random(1)
    spec = random_invoice(rng, layout="classic")
    pdf = render(spec)                       # bytes
    png = rasterise(pdf, dpi=200, rotate=1.5, noise=6, blur=0.8, jpeg_quality=70)
"""

from __future__ import annotations

from devkit.synth.claims import make_claim, render_claim
from devkit.synth.corpus import Manifest, generate
from devkit.synth.layouts import (
    CLAIM_LAYOUTS,
    HELDOUT_LAYOUTS,
    INVOICE_LAYOUTS,
    LAYOUTS,
    TRAIN_LAYOUTS,
)
from devkit.synth.master import HEADERS as CSV_HEADERS
from devkit.synth.model import ClaimLine, ClaimSpec, InvoiceLine, InvoiceSpec, Party, Vendor
from devkit.synth.render import Rendered, render, render_invoice
from devkit.synth.scan import image_pdf, rasterise
from devkit.synth.specs import random_claim, random_invoice, random_lines, random_vendor
from devkit.synth.truth import claim_truth, invoice_fields, invoice_truth

make_invoice = render

RULE_CODES: tuple[str, ...] = (
    "price_variance",
    "quantity_over_received",
    "quantity_over_ordered",
    "unknown_vendor",
    "vendor_bank_mismatch",
    "duplicate_invoice",
    "po_not_found",
    "po_vendor_mismatch",
    "currency_mismatch",
    "arithmetic_mismatch",
    "unmatched_line",
    "policy_not_found",
    "policy_inactive",
    "service_not_covered",
    "over_fee_schedule",
    "duplicate_claim",
)

__all__ = [
    "CLAIM_LAYOUTS",
    "CSV_HEADERS",
    "HELDOUT_LAYOUTS",
    "INVOICE_LAYOUTS",
    "LAYOUTS",
    "RULE_CODES",
    "TRAIN_LAYOUTS",
    "ClaimLine",
    "ClaimSpec",
    "InvoiceLine",
    "InvoiceSpec",
    "Manifest",
    "Party",
    "Rendered",
    "Vendor",
    "claim_truth",
    "generate",
    "image_pdf",
    "invoice_fields",
    "invoice_truth",
    "make_claim",
    "make_invoice",
    "random_claim",
    "random_invoice",
    "random_lines",
    "random_vendor",
    "rasterise",
    "render",
    "render_claim",
    "render_invoice",
]
