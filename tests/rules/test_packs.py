"""Rule packs load whole or not at all, with file:line errors; their hash is the file's."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bursar.errors import InputError
from rules.engine import evaluate
from rules.history import History, norm_doc_number
from rules.packs import PACKS_DIR, load_pack
from tests.rules.helpers import invoice, line, master

DEFAULT = (PACKS_DIR / "default.yml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), start=1) if needle in row)


def test_pack_hash_is_sha256_of_file_bytes() -> None:
    pack = load_pack("default")
    assert pack.sha256 == hashlib.sha256((PACKS_DIR / "default.yml").read_bytes()).hexdigest()


def test_yaml_syntax_error_is_reported_with_file_and_line(tmp_path: Path) -> None:
    text = DEFAULT.replace("  lines: 0.70", "  lines: [0.70")
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_pack(path)
    assert err.value.where is not None and err.value.where.startswith(f"{path}:")
    assert "YAML" in err.value.one_line()


def test_expression_syntax_error_names_the_line_of_the_rule(tmp_path: Path) -> None:
    text = DEFAULT.replace("total < 500'", "total <'")
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_pack(path)
    assert err.value.where == f"{path}:{_line_of(text, 'total <')}"
    assert "small utility bills" in err.value.one_line()


def test_unknown_symbol_in_expression_is_refused_at_load(tmp_path: Path) -> None:
    text = DEFAULT.replace("total < 500", "totl < 500")
    with pytest.raises(InputError, match="totl"):
        load_pack(_write(tmp_path, text))


def test_unknown_tolerance_key_is_refused_with_its_line(tmp_path: Path) -> None:
    text = DEFAULT.replace("pct_upper: 10}", "pct_uper: 10}")
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match="pct_uper") as err:
        load_pack(path)
    assert err.value.where == f"{path}:{_line_of(text, 'pct_uper')}"


def test_fraud_controls_cannot_be_auto_approved(tmp_path: Path) -> None:
    text = DEFAULT.replace(
        "codes: [price_variance, approval_required]", "codes: [vendor_bank_mismatch]"
    )
    with pytest.raises(InputError, match="vendor_bank_mismatch"):
        load_pack(_write(tmp_path, text))


def test_unknown_pack_name_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no rule pack named 'nope'"):
        load_pack("nope")


def test_vendor_tolerance_overrides_pack_default(tmp_path: Path) -> None:
    text = DEFAULT.replace(
        "  vendors: {}",
        "  vendors:\n    V1: {price: {pct_upper: 25}, amount: {pct_upper: 25, abs_upper: null}}",
    )
    pack = load_pack(_write(tmp_path, text))
    md = master([(10, "S", "item", "1000", "10.00")])
    decision = evaluate(invoice([line("100", "12.00", ref=10)]), md, History(), pack)
    assert decision.status == "approved"
    assert (
        evaluate(
            invoice([line("100", "12.00", ref=10)]), md, History(), load_pack("default")
        ).status
        == "exception"
    )


def test_custom_rule_adds_a_finding(tmp_path: Path) -> None:
    text = (
        DEFAULT + "  - {name: big lines, when: 'line_count > 1', then: block, "
        "rule: too_many_lines, message: 'has $line_count lines'}\n"
    )
    pack = load_pack(_write(tmp_path, text))
    md = master([(10, "S", "a", "10", "1.00"), (20, "T", "b", "10", "1.00")])
    decision = evaluate(
        invoice([line("1", "1.00", ref=10), line("1", "1.00", ref=20)]), md, History(), pack
    )
    assert [(f.rule, f.severity, f.message) for f in decision.findings] == [
        ("too_many_lines", "block", "has 2 lines")
    ]


@pytest.mark.parametrize("raw", ["INV-0042", "inv 42", "INV.OO42", " Inv-042 ", "INV/0042"])
def test_invoice_numbers_normalise_to_one_key(raw: str) -> None:
    assert norm_doc_number(raw) == norm_doc_number("INV-0042")


def test_different_invoice_numbers_stay_different() -> None:
    assert norm_doc_number("INV-0042") != norm_doc_number("INV-0043")
    assert norm_doc_number("INV-420") != norm_doc_number("INV-42")
