"""Labeller spans as field candidates, with a fake deterministic ``FieldScorer`` (no torch)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.fields import extract_fields
from extractors.parse import conventions
from extractors.plugins import FieldScorer
from extractors.spans import field_runs, span_candidates
from extractors.tokens import PageTokens, Token

Row = tuple[list[str], float, float]  # words, x, top


def page_of(rows: Sequence[Row]) -> PageTokens:
    """Return one A4 page with each row of words on its own line (line id = row number)."""
    tokens: list[Token] = []
    for n, (words, x, top) in enumerate(rows):
        for w in words:
            width = 5.5 * len(w)
            tokens.append(Token(w, x, top, x + width, top + 9, page=1, line=n, block=n))
            x += width + 4
    return PageTokens(page=1, width=595, height=842, tokens=tuple(tokens))


class FakeScorer:
    """Gives chosen words a fixed probability for one field each; every other word none."""

    version = "fields@7"

    def __init__(self, probs: dict[str, dict[str, float]]):
        self.probs = probs  # word text -> {field: probability}
        self.calls = 0

    def token_probs(self, pages: Sequence[PageTokens]) -> list[dict[int, dict[str, float]]]:
        self.calls += 1
        return [
            {i: dict(self.probs[t.text]) for i, t in enumerate(p.tokens) if t.text in self.probs}
            for p in pages
        ]


HEADER: list[Row] = [
    (["Nordwind", "Logistics", "GmbH"], 40, 40),
    (["INVOICE"], 300, 40),
    (["Date:", "14.03.2026"], 40, 90),
]


def fields_of(rows: Sequence[Row], scorer: FieldScorer | None) -> dict:
    fields, _ = extract_fields([page_of(rows)], kind="invoice", lines=[], scorer=scorer)
    return fields


def test_fake_scorer_satisfies_the_protocol() -> None:
    assert isinstance(FakeScorer({}), FieldScorer)


def test_span_fills_a_field_the_rules_miss() -> None:
    rows = [*HEADER, (["ZX-4471"], 400, 90)]  # an invoice number printed without a label
    assert "invoice_number" not in fields_of(rows, None)
    scorer = FakeScorer({"ZX-4471": {"invoice_number": 0.91}})
    got = fields_of(rows, scorer)["invoice_number"]
    assert got["value"] == "ZX-4471"
    assert got["source"] == "model:fields@7"  # names the scorer's version
    assert got["confidence"] == 0.91  # the span's mean probability, not recalibrated
    assert got["page"] == 1 and got["bbox"][0] == 400.0
    assert scorer.calls == 1  # rescoring and spans share one pass of the model


def test_weak_span_does_not_override_a_strong_rule_candidate() -> None:
    rows = [*HEADER, (["Invoice", "No:", "INV-100"], 40, 105), (["REF-999"], 400, 200)]
    rules = fields_of(rows, None)["invoice_number"]
    assert rules["value"] == "INV-100" and rules["source"].startswith("layout:")
    scorer = FakeScorer({"INV-100": {"invoice_number": 0.4}, "REF-999": {"invoice_number": 0.55}})
    got = fields_of(rows, scorer)["invoice_number"]
    assert got["value"] == "INV-100" and got["source"] == "layout:label"


def test_even_a_confident_span_cannot_replace_a_value_a_specific_label_anchors() -> None:
    # The labeller is sure of the wrong word; "Invoice No:" next to an ID is surer.
    rows = [*HEADER, (["Invoice", "No:", "INV-100"], 40, 105), (["REF-999"], 400, 200)]
    scorer = FakeScorer({"INV-100": {"invoice_number": 0.05}, "REF-999": {"invoice_number": 0.99}})
    got = fields_of(rows, scorer)["invoice_number"]
    assert (got["value"], got["source"]) == ("INV-100", "layout:label")


def test_confident_span_beats_a_weak_rule_guess() -> None:
    # No total label: the rules fall back on the largest amount (the wrong one here).
    rows = [*HEADER, (["Widgets", "999.00"], 40, 200), (["Pay", "123.45", "EUR"], 300, 400)]
    assert fields_of(rows, None)["total"]["value"] == "999.00"
    got = fields_of(rows, FakeScorer({"123.45": {"total": 0.88}}))["total"]
    assert (got["value"], got["source"], got["confidence"]) == ("123.45", "model:fields@7", 0.88)


def test_span_agreeing_with_the_rules_keeps_their_provenance() -> None:
    rows = [*HEADER, (["Invoice", "No:", "INV-100"], 40, 105)]
    got = fields_of(rows, FakeScorer({"INV-100": {"invoice_number": 0.97}}))["invoice_number"]
    assert got["value"] == "INV-100" and got["source"] == "layout:label"


def test_unparseable_span_is_ignored() -> None:
    rows = [*HEADER, (["Due", "N/A"], 40, 120), (["tbd"], 400, 300)]
    scorer = FakeScorer(
        {"N/A": {"due_date": 0.95}, "tbd": {"total": 0.9}, "Widgets": {"vendor_iban": 0.9}}
    )
    got = fields_of(rows, scorer)
    assert "due_date" not in got and "total" not in got and "vendor_iban" not in got


def test_span_values_are_typed_and_span_words_over_lines() -> None:
    rows = [
        *HEADER,
        (["Ship", "by", "3", "April", "2026"], 40, 140),
        (["Total", "due", "1.234,56", "€"], 300, 400),
    ]
    probs = {
        "3": {"due_date": 0.9},
        "April": {"due_date": 0.8},
        "2026": {"due_date": 0.7},
        "1.234,56": {"subtotal": 0.6},
    }
    cands = span_candidates([page_of(rows)], FakeScorer(probs).token_probs([page_of(rows)]),
                            conventions(["14.03.2026", "1.234,56"]), "fields@7")  # fmt: skip
    by_field = {c.field: c for c in cands}
    assert by_field["due_date"].value == "2026-04-03"
    assert abs(by_field["due_date"].score - 0.8) < 1e-9  # mean of the span's probabilities
    assert by_field["subtotal"].value == "1234.56"


def test_runs_break_at_low_probability_and_distant_lines() -> None:
    rows = [(["Acme", "Tools"], 40, 40), (["GmbH"], 40, 52), (["x"], 40, 70), (["Acme"], 40, 90)]
    page = page_of(rows)
    probs = {i: {"vendor_name": 0.9} for i, t in enumerate(page.tokens) if t.text != "x"}
    runs = [[page.tokens[i].text for i in run] for _, run, _ in field_runs(page, probs)]
    assert runs == [["Acme", "Tools", "GmbH"], ["Acme"]]
    probs[2] = {"vendor_name": 0.4}  # "GmbH" below the threshold splits the name
    runs = [[page.tokens[i].text for i in run] for _, run, _ in field_runs(page, probs)]
    assert runs == [["Acme", "Tools"], ["Acme"]]
    far = PageTokens(1, 595, 842, (page.tokens[0], replace(page.tokens[1], line=3)))
    runs = [
        run for _, run, _ in field_runs(far, {0: {"vendor_name": 0.9}, 1: {"vendor_name": 0.9}})
    ]
    assert runs == [[0], [1]]  # next in reading order, but two lines apart


def test_fragments_of_a_rule_value_do_not_compete_with_it() -> None:
    rows = [
        (["Redwood", "Logistics", "plc"], 40, 40),
        (["INVOICE"], 300, 40),
        (["Redwood", "Logistics", "plc", "·", "Registered", "in", "England"], 40, 800),
    ]
    rules = fields_of(rows, None)["vendor_name"]
    assert rules["value"] == "Redwood Logistics plc"
    # the labeller marks only part of the name, in the letterhead and in the footer
    page = page_of(rows)
    probs = {"Redwood": {"vendor_name": 0.95}, "plc": {"vendor_name": 0.97}}

    class Partial(FakeScorer):
        def token_probs(self, pages: Sequence[PageTokens]) -> list[dict[int, dict[str, float]]]:
            return [{0: probs["Redwood"], 6: probs["plc"]}]

    assert page.tokens[6].text == "plc" and page.tokens[6].top == 800
    got = fields_of(rows, Partial({}))["vendor_name"]
    assert got["value"] == "Redwood Logistics plc" and got["source"].startswith("layout:")
