"""The layout grammar: deterministic designs, distinct designs, and exact truth for each."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from bursar.cli import main
from devkit.synth import Manifest, generate
from devkit.synth.grammar import design, draw, is_grammar, names
from devkit.synth.ids import format_iban
from devkit.synth.wording import CURRENCY_SYMBOL, fmt_date, fmt_money, fmt_number, fmt_quantity

N = 12  # grammar layouts per split in the shared corpus


@pytest.fixture(scope="module")
def gram(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    out = tmp_path_factory.mktemp("grammar")
    return generate(out, count=1, seed=2, scans=False, claims=False, einvoices=False,
                    grammar_train=N, grammar_heldout=N, grammar_docs=2)  # fmt: skip


def _grammar_truths(m: Manifest) -> list[dict]:
    return [m.truth(d["name"]) for d in m.documents if is_grammar(d["layout"])]


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _printed(key: str, value: str, truth: dict) -> str:
    """Return how the design prints a truth value (contract format in, page format out)."""
    d = design(truth["layout"])
    style = d.locale.number_style
    if key in ("invoice_date", "due_date"):
        return fmt_date(date.fromisoformat(value), d.locale.date_style, d.language)
    if key in ("subtotal", "tax_amount", "total"):
        return fmt_money(Decimal(value), truth["fields"]["currency"]["value"], style, d.symbol)
    if key == "vendor_iban":
        return format_iban(value)
    if key == "currency" and d.symbol:
        return CURRENCY_SYMBOL[value]
    return value


def test_a_name_draws_the_same_design_every_time() -> None:
    import random

    name = names("heldout", 3)[2]
    assert design(name) == draw(random.Random(f"bursar-grammar/{name}"), name, "heldout")
    again = draw(random.Random(f"bursar-grammar/{name}"), name, "heldout")
    assert again == design(name)
    assert draw(random.Random(5), "x", "train") == draw(random.Random(5), "x", "train")


def test_rendering_is_byte_identical_across_processes() -> None:
    code = (
        "import random, hashlib\n"
        "from devkit.synth import random_invoice, render\n"
        "spec = random_invoice(random.Random(4), 'grammar-train-0007', n_lines=6)\n"
        "print(hashlib.sha256(render(spec)).hexdigest())\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout  # fmt: skip
        for seed in ("1", "2")
    }
    assert len(runs) == 1


def test_designs_are_distinct_and_splits_never_share_a_name() -> None:
    train, held = names("train", 60), names("heldout", 60)
    assert not set(train) & set(held)
    bodies = {replace(design(n), name="", split="") for n in train + held}
    assert len(bodies) == 120


def test_the_grammar_reaches_every_choice() -> None:
    designs = [design(n) for n in names("train", 150)]
    assert {d.language for d in designs} == {"en", "de", "fr", "nl", "it", "es"}
    assert {d.seller for d in designs} == {
        "top_left", "top_right", "top_center", "band", "logo", "side"
    }  # fmt: skip
    assert {d.meta for d in designs} == {
        "table", "stacked", "inline", "boxes", "two_column", "kv_grid"
    }  # fmt: skip
    assert {d.meta_at for d in designs} == {"beside", "below", "side"}
    assert {d.table for d in designs} == {"grid", "rules", "zebra", "none"}
    assert {d.bank for d in designs} == {"header", "totals", "footer"}
    assert {d.head for d in designs} == {True, False}
    assert {d.tax_summary for d in designs} == {"rows", "table"}
    assert {x for d in designs for x in d.details} == {"sku", "gtin", "delivery"}
    assert len({d.columns for d in designs}) > 40
    assert any(d.mixed_rates for d in designs) and any(d.discounts for d in designs)


def test_every_truth_header_value_is_printed_on_the_page(gram: Manifest) -> None:
    truths = _grammar_truths(gram)
    assert len(truths) == 4 * N
    for truth in truths:
        text = _text(gram.out_dir / "docs" / truth["file"])
        for key, field in truth["fields"].items():
            printed = _printed(key, field["value"], truth)
            assert printed in text, (truth["file"], truth["layout"], key, printed)
            if not (key == "currency" and design(truth["layout"]).symbol):
                assert "bbox" in field, (truth["file"], key)


def test_every_truth_line_is_printed_on_the_page(gram: Manifest) -> None:
    for truth in _grammar_truths(gram):
        d = design(truth["layout"])
        style = d.locale.number_style
        text = " ".join(_text(gram.out_dir / "docs" / truth["file"]).split())
        for ln in truth["lines"]:
            for printed in (
                fmt_number(Decimal(ln["amount"]), style),
                fmt_number(Decimal(ln["unit_price"]), style),
                fmt_quantity(Decimal(ln["quantity"]), style),
                " ".join(ln["description"].split()[:2]),  # a long one wraps after that
            ):
                assert printed in text, (truth["file"], truth["layout"], printed)


def test_truth_arithmetic_holds(gram: Manifest) -> None:
    for truth in _grammar_truths(gram):
        f = {k: Decimal(v["value"]) for k, v in truth["fields"].items()
             if k in ("subtotal", "tax_amount", "total")}  # fmt: skip
        for ln in truth["lines"]:
            product = Decimal(ln["quantity"]) * Decimal(ln["unit_price"])
            assert Decimal(ln["amount"]) == product.quantize(Decimal("0.01"))
        assert sum(Decimal(ln["amount"]) for ln in truth["lines"]) == f["subtotal"]
        assert f["subtotal"] + f["tax_amount"] == f["total"]


def test_multi_row_items_discounts_charges_and_several_tax_rates_occur(gram: Manifest) -> None:
    truths = _grammar_truths(gram)
    assert any(len({ln["tax_rate"] for ln in t["lines"]}) > 1 for t in truths)
    assert any(ln["sku"].startswith(("FRT-", "PKG-")) for t in truths for ln in t["lines"])
    assert any(design(t["layout"]).details for t in truths)
    assert any(design(t["layout"]).discounts for t in truths)
    assert any(t["pages"] > 1 for t in truths)
    assert any(t["kind"] == "credit_note" for t in truths)
    assert len({t["language"] for t in truths}) >= 5


def test_splits_follow_the_layout_and_each_vendor_keeps_one_layout(gram: Manifest) -> None:
    layouts: dict[str, set[str]] = {}
    for d in gram.documents:
        if is_grammar(d["layout"]):
            assert d["split"] == design(d["layout"]).split
            truth = gram.truth(d["name"])
            layouts.setdefault(truth["fields"]["vendor_name"]["value"], set()).add(d["layout"])
    assert len(layouts) == 2 * N
    assert all(len(v) == 1 for v in layouts.values())


def test_grammar_layouts_leave_the_other_documents_unchanged(tmp_path: Path) -> None:
    opts = {"count": 6, "seed": 4, "claims": False, "einvoices": False, "discrepancies": True}
    plain = generate(tmp_path / "a", **opts)
    mixed = generate(tmp_path / "b", grammar_train=2, grammar_heldout=1, **opts)
    for d in plain.documents:
        a = (plain.out_dir / d["path"]).read_bytes()
        b = (mixed.out_dir / d["path"]).read_bytes()
        assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest(), d["name"]


def test_synth_cli_draws_grammar_layouts(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = ["synth", str(tmp_path / "c"), "--count", "1", "--no-scans", "--no-claims"]
    args += ["--no-einvoices", "--grammar-train", "2", "--grammar-heldout", "1", "--json"]
    assert main(args) == 0
    docs = json.loads(capsys.readouterr().out)["documents"]
    held = {d["layout"] for d in docs if d["split"] == "heldout" and is_grammar(d["layout"])}
    assert held == {"grammar-heldout-0000"}
    assert main(["synth", str(tmp_path / "d"), "--grammar-train", "-1"]) == 2
