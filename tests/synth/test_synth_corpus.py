"""The generated corpus: truth matches the contract, the arithmetic and the identifiers."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pypdfium2 as pdfium
import pytest
import schwifty

from devkit.synth import CSV_HEADERS, HELDOUT_LAYOUTS, RULE_CODES, Manifest, generate
from devkit.synth.ids import is_valid_tax_id

SCHEMA_PATH = Path(__file__).parents[2].parent / "shared/contracts/extraction.schema.json"


def _truths(corpus: Manifest) -> list[dict]:
    return [corpus.truth(d["name"]) for d in corpus.documents]


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", count=8, seed=3, discrepancies=True)
    b = generate(tmp_path / "b", count=8, seed=3, discrepancies=True)
    files_a = sorted(p.relative_to(a.out_dir) for p in a.out_dir.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b.out_dir) for p in b.out_dir.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (a.out_dir / rel).read_bytes() == (b.out_dir / rel).read_bytes(), rel


def test_other_seed_gives_other_documents(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", count=3, seed=1, scans=False, claims=False, einvoices=False)
    b = generate(tmp_path / "b", count=3, seed=2, scans=False, claims=False, einvoices=False)
    assert a.truth("inv-0001")["sha256"] != b.truth("inv-0001")["sha256"]


def test_truth_validates_against_extraction_schema(corpus: Manifest) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for truth in _truths(corpus):
        errors = list(validator.iter_errors(truth))
        assert not errors, (truth["file"], errors[0].message)


def test_every_file_in_manifest_exists_with_its_sha256(corpus: Manifest) -> None:
    import hashlib

    for entry in corpus.documents:
        data = (corpus.out_dir / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == corpus.truth(entry["name"])["sha256"]


def test_arithmetic_holds_on_every_truth(corpus: Manifest) -> None:
    for truth in _truths(corpus):
        f = {k: v["value"] for k, v in truth["fields"].items()}
        if truth["kind"] == "claim":
            amounts = [Decimal(ln["amount"]) for ln in truth["lines"]]
            assert sum(amounts) == Decimal(f["total_claimed"])
            continue
        for ln in truth["lines"]:
            product = Decimal(ln["quantity"]) * Decimal(ln["unit_price"])
            assert Decimal(ln["amount"]) == product.quantize(Decimal("0.01"))
        assert sum(Decimal(ln["amount"]) for ln in truth["lines"]) == Decimal(f["subtotal"])
        balanced = Decimal(f["subtotal"]) + Decimal(f["tax_amount"]) == Decimal(f["total"])
        assert balanced is ("arithmetic_mismatch" not in truth["expected_findings"])


def test_ibans_and_tax_ids_are_valid(corpus: Manifest) -> None:
    rows = list(csv.DictReader((corpus.out_dir / "master/vendors.csv").open(encoding="utf-8")))
    ibans = [r["iban"] for r in rows if r["iban"]]
    ibans += [
        t["fields"]["vendor_iban"]["value"] for t in _truths(corpus) if "vendor_iban" in t["fields"]
    ]
    assert ibans
    for iban in ibans:
        assert schwifty.IBAN(iban).is_valid, iban
    for row in rows:
        assert is_valid_tax_id(row["tax_id"]), row["tax_id"]


def test_pdf_text_shows_invoice_number_and_total_as_printed(corpus: Manifest) -> None:
    from devkit.synth.layouts import INVOICE_LAYOUTS
    from devkit.synth.wording import LOCALES, fmt_money

    for entry in corpus.select(variant="digital"):
        truth = corpus.truth(entry["name"])
        if truth["kind"] == "claim":
            continue
        doc = pdfium.PdfDocument(corpus.out_dir / entry["path"])
        text = "\n".join(page.get_textpage().get_text_range() for page in doc)
        f = {k: v["value"] for k, v in truth["fields"].items()}
        assert f["invoice_number"] in text
        lay = INVOICE_LAYOUTS[truth["layout"]]
        styles = {loc.number_style for loc in LOCALES.values()}
        printed = {fmt_money(Decimal(f["total"]), f["currency"], s, lay.symbol) for s in styles}
        assert any(p in text for p in printed), (entry["name"], printed)


def test_csv_files_have_contract_headers(corpus: Manifest) -> None:
    for kind, header in CSV_HEADERS.items():
        with (corpus.out_dir / f"master/{kind}.csv").open(encoding="utf-8") as fh:
            assert tuple(next(csv.reader(fh))) == header
    assert CSV_HEADERS["vendors"] == ("vendor_id", "name", "tax_id", "iban", "currency", "aliases")


def test_heldout_layouts_are_present_and_marked(corpus: Manifest) -> None:
    heldout = {d["layout"] for d in corpus.select(split="heldout")}
    assert heldout == set(HELDOUT_LAYOUTS)
    assert len(HELDOUT_LAYOUTS) == 3
    assert all(d["split"] == "train" for d in corpus.documents if d["layout"] not in heldout)


def test_discrepancies_carry_expected_findings(corpus: Manifest) -> None:
    found = [code for d in corpus.documents for code in d["expected_findings"]]
    assert set(found) == set(RULE_CODES)
    assert all(len(d["expected_findings"]) <= 1 for d in corpus.documents)
    clean = [d for d in corpus.documents if not d["expected_findings"]]
    assert len(clean) > len(found)


def test_manifest_lists_variants(corpus: Manifest) -> None:
    variants = {d["variant"] for d in corpus.documents}
    assert variants == {"digital", "scan", "einvoice"}
    paths = {d["path"].rsplit(".", 1)[-1] for d in corpus.select(variant="scan")}
    assert paths <= {"png", "pdf"}
    for d in corpus.documents:
        assert d["path"].startswith(
            {"digital": "docs/", "scan": "scans/", "einvoice": "einvoices/"}[d["variant"]]
        )


@pytest.mark.parametrize("kind", ["invoice", "credit_note", "claim"])
def test_corpus_has_each_kind(corpus: Manifest, kind: str) -> None:
    assert corpus.select(kind=kind)
