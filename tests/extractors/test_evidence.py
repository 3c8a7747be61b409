"""Issue 22: the page's own IBANs and amounts, read independently of the chosen fields."""

from __future__ import annotations

from extractors.evidence import ibans_in, page_evidence
from extractors.pipeline import extract_pages
from extractors.tokens import PageTokens, Token

DE54 = "DE54370400440532013048"
DE33 = "DE33600501010532013034"
DE12 = "DE12500105170648489890"


def page(
    rows: list[tuple[float, list[tuple[float, str]]]], *, split_lines: bool = False
) -> PageTokens:
    """Return a page from ``(top, [(x0, text), ...])`` rows; ``split_lines`` gives every
    token its own line id (as text layers of table layouts do)."""
    tokens = []
    line = 0
    for top, words in rows:
        for x0, text in words:
            tokens.append(Token(text, x0, top, x0 + 5.5 * len(text), top + 9, page=1, line=line))
            line += split_lines
        line += not split_lines
    return PageTokens(page=1, width=595, height=842, tokens=tuple(tokens))


def test_ibans_in_every_printed_form() -> None:
    assert ibans_in(f"IBAN : {DE12}") == [DE12]
    assert ibans_in(f"Verkäufer-IBAN : {DE54} BIC COBADEFFXXX") == [DE54]
    grouped = " ".join(DE33[i : i + 4] for i in range(0, len(DE33), 4))
    assert ibans_in(f"IBAN: {grouped} Steuernummer 12/345/67890") == [DE33]
    assert ibans_in(f"IBAN:{DE12}") == [DE12]
    assert ibans_in("IBAN: DE12 5001 0517 0648 4898 91") == []  # check digits fail
    assert ibans_in("USt-IdNr. DE123456789, Kunde DE1234") == []


def test_iban_in_groups_of_four_tokens_and_one_on_the_line_below_its_label() -> None:
    grouped = [DE33[i : i + 4] for i in range(0, len(DE33), 4)]
    evidence = page_evidence(
        [
            page(
                [
                    (700, [(40, "IBAN:"), *[(80 + 30 * i, g) for i, g in enumerate(grouped)]]),
                    (720, [(40, "IBAN :")]),
                    (732, [(40, DE12)]),
                ]
            )
        ]
    )
    assert evidence["ibans"] == [DE33, DE12]


def test_payable_amounts_are_read_across_columns_with_their_labels() -> None:
    rows = [
        (500, [(226, "Positionssumme"), (523, "977,65")]),
        (520, [(226, "Gesamtbetrag"), (280, "der"), (300, "Zuschläge"), (523, "0,00")]),
        (540, [(226, "Rechnungssumme"), (300, "ohne"), (330, "USt."), (523, "977,65")]),
        (560, [(226, "Steuerbetrag"), (300, "in"), (320, "EUR"), (523, "185,75")]),
        (580, [(226, "Bruttosumme"), (510, "1.163,40")]),
        (600, [(226, "Erhaltene"), (280, "Anzahlungen"), (523, "0,00")]),
        (620, [(40, "Net"), (60, "total:"), (100, "977.65"), (130, "€"),
               (300, "Zahlbetrag"), (360, "EUR"), (400, "1,163.40")]),
    ]  # fmt: skip
    evidence = page_evidence([page(rows, split_lines=True)])
    assert [(p["label"], p["amount"]) for p in evidence["payable"]] == [
        ("Bruttosumme", "1163.40"),
        ("Zahlbetrag EUR", "1163.40"),
    ]
    assert {"0.00", "977.65", "185.75", "1163.40"} <= set(evidence["amounts"])


def test_extraction_carries_the_page_evidence_and_stays_in_the_contract(schema) -> None:
    import jsonschema

    rows = [
        (60, [(40, "Muster"), (90, "GmbH")]),
        (80, [(40, "Rechnung"), (110, "Nr."), (140, "R-17")]),
        (100, [(40, "Rechnungsdatum"), (140, "10.03.2024")]),
        (400, [(40, "Zahlbetrag"), (400, "235,62")]),
        (700, [(40, "Verkäufer-IBAN"), (120, ":"), (130, DE54)]),
    ]
    result = extract_pages([page(rows)], file="r.pdf", sha256="0" * 64)
    jsonschema.validate(result, schema)
    assert result["page_evidence"]["ibans"] == [DE54]
    assert {"label": "Zahlbetrag", "amount": "235.62", "page": 1} in result["page_evidence"][
        "payable"
    ]
