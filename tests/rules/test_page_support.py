"""Issue 22: the rules check the chosen fields against what the page itself prints.

A changed bank account the extractor did not read, a total of 0.00 or the net read as
the total, and unit prices printed rounded -- each reproduced as an extraction whose
``page_evidence`` says what the page printed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.arith import price_explains
from rules.engine import evaluate
from rules.history import History
from rules.model import MasterData
from rules.packs import load_pack
from tests.rules.helpers import VENDOR, invoice, line, master

PACK = load_pack("default")
ON_FILE = VENDOR["iban"]  # DE89370400440532013000
NEW_IBAN = "DE12500105170648489890"  # valid (mod-97), not on file
CENT = Decimal("0.01")


def evidence(*amounts: str, ibans: tuple[str, ...] = (), payable: dict[str, str] | None = None):
    """Return a ``page_evidence`` block as the extractor writes it."""
    return {
        "ibans": list(ibans),
        "amounts": list(amounts),
        "payable": [
            {"label": label, "amount": amount, "page": 1}
            for label, amount in (payable or {}).items()
        ],
    }


def non_po_master() -> MasterData:
    """Vendor V1 in a category that needs no PO (as the real invoices without one)."""
    return MasterData.from_rows(vendors=[VENDOR | {"category": "telecom"}])


def non_po_invoice(**fields: Any) -> dict[str, Any]:
    values = {
        "vendor_name": "ACME GmbH",
        "vendor_tax_id": "DE811111111",
        "vendor_iban": ON_FILE,
        "invoice_number": "R-2024-17",
        "invoice_date": "2024-03-10",
        "currency": "EUR",
    } | fields
    return {
        "kind": "invoice",
        "fields": {k: {"value": v, "confidence": 0.99} for k, v in values.items() if v is not None},
        "lines": [],
    }


def codes(extraction: dict[str, Any], md: MasterData | None = None) -> tuple[str, set[str]]:
    decision = evaluate(extraction, md or non_po_master(), History(), PACK)
    return decision.status, {f.rule for f in decision.blocking}


# --- item 3: the bank check sees every IBAN on the page -----------------------------------------


def test_iban_printed_on_page_but_not_extracted_is_a_bank_mismatch() -> None:
    """'Verkäufer-IBAN : DE12...' printed, the extractor's vendor_iban empty: blocked."""
    extraction = non_po_invoice(vendor_iban=None, total="119.00")
    extraction["page_evidence"] = evidence("100.00", "19.00", "119.00", ibans=(NEW_IBAN,))
    decision = evaluate(extraction, non_po_master(), History(), PACK)
    assert decision.status == "exception"
    found = [f for f in decision.blocking if f.rule == "vendor_bank_mismatch"]
    assert found and found[0].actual == NEW_IBAN and found[0].expected == ON_FILE


def test_other_iban_on_page_blocks_even_when_the_field_is_the_one_on_file() -> None:
    extraction = non_po_invoice(total="119.00")
    extraction["page_evidence"] = evidence("119.00", ibans=(ON_FILE, NEW_IBAN))
    status, blocking = codes(extraction)
    assert status == "exception" and "vendor_bank_mismatch" in blocking


def test_vendor_iban_on_file_and_none_readable_is_routed() -> None:
    extraction = non_po_invoice(vendor_iban=None, total="119.00")
    extraction["page_evidence"] = evidence("119.00")  # the page shows no IBAN that reads
    decision = evaluate(extraction, non_po_master(), History(), PACK)
    assert decision.status == "exception"
    missing = [f for f in decision.blocking if f.rule == "missing_field"]
    assert missing and missing[0].expected == "vendor_iban"
    assert ON_FILE in missing[0].message


def test_iban_on_file_printed_on_page_passes() -> None:
    extraction = non_po_invoice(vendor_iban=None, total="119.00")
    extraction["page_evidence"] = evidence("119.00", ibans=(ON_FILE,))
    assert codes(extraction) == ("approved", set())


# --- item 4: an approved total is supported by the page -----------------------------------------


def test_zero_total_with_bruttosumme_on_page_is_not_approved() -> None:
    extraction = non_po_invoice(total="0.00")
    extraction["page_evidence"] = evidence(
        "0.00", "977.65", "185.75", "1163.40", ibans=(ON_FILE,), payable={"Bruttosumme": "1163.40"}
    )
    status, blocking = codes(extraction)
    assert status == "exception"
    assert {"missing_field", "arithmetic_mismatch"} <= blocking


def test_zero_total_is_not_approved_without_page_evidence() -> None:
    status, blocking = codes(non_po_invoice(total="0.00"))
    assert status == "exception" and "missing_field" in blocking


def test_net_read_as_total_while_page_says_zahlbetrag_is_not_approved() -> None:
    extraction = non_po_invoice(subtotal="198.00", total="198.00")
    extraction["lines"] = [line("1", "198.00", desc="Wartung") | {"tax_rate": "19"}]
    extraction["page_evidence"] = evidence(
        "1", "198.00", "37.62", "235.62", ibans=(ON_FILE,), payable={"Zahlbetrag": "235.62"}
    )
    decision = evaluate(extraction, non_po_master(), History(), PACK)
    assert decision.status == "exception"
    mismatch = [f for f in decision.blocking if f.rule == "arithmetic_mismatch"]
    assert any(f.expected == "235.62" and f.actual == "198.00" for f in mismatch)


def test_net_read_as_total_is_caught_by_the_lines_tax_without_a_label() -> None:
    extraction = non_po_invoice(subtotal="198.00", total="198.00")
    extraction["lines"] = [line("1", "198.00", desc="Wartung") | {"tax_rate": "19"}]
    status, blocking = codes(extraction)
    assert status == "exception" and "arithmetic_mismatch" in blocking


def test_total_not_printed_on_the_page_is_routed() -> None:
    extraction = non_po_invoice(total="119.00")
    extraction["page_evidence"] = evidence("100.00", "19.00", "191.00", ibans=(ON_FILE,))
    status, blocking = codes(extraction)
    assert status == "exception" and "low_confidence" in blocking


def test_total_supported_by_the_page_is_approved() -> None:
    extraction = non_po_invoice(subtotal="977.65", tax_amount="185.75", total="1163.40")
    extraction["page_evidence"] = evidence(
        "0.00", "977.65", "185.75", "1163.40", ibans=(ON_FILE,),
        payable={"Bruttosumme": "1163.40", "Zahlbetrag": "1163.40"},
    )  # fmt: skip
    assert codes(extraction) == ("approved", set())


def test_smaller_payable_after_a_prepayment_does_not_contradict_the_total() -> None:
    extraction = non_po_invoice(subtotal="977.65", tax_amount="185.75", total="1163.40")
    extraction["page_evidence"] = evidence(
        "500.00", "977.65", "185.75", "663.40", "1163.40", ibans=(ON_FILE,),
        payable={"Bruttosumme": "1163.40", "Zahlbetrag": "663.40"},
    )  # fmt: skip
    assert codes(extraction) == ("approved", set())


# --- item 5: unit prices printed rounded ---------------------------------------------------------


def test_unit_price_printed_rounded_is_no_arithmetic_mismatch() -> None:
    """20 x 2.77 printed as 55.46 (the vendor computes with 2.773)."""
    md = master([(10, "S", "Cable ties", "20", "2.77")])
    extraction = invoice([line("20", "2.77", ref=10) | {"amount": "55.46"}])
    decision = evaluate(extraction, md, History(), PACK)
    assert "arithmetic_mismatch" not in decision.rule_codes
    assert decision.status == "approved"


def test_real_price_variance_is_still_an_arithmetic_mismatch() -> None:
    """1 x 10.00 printed as 12.00 is not rounding."""
    md = master([(10, "S", "Cable ties", "1", "10.00")])
    extraction = invoice([line("1", "10.00", ref=10) | {"amount": "12.00"}])
    decision = evaluate(extraction, md, History(), PACK)
    assert "arithmetic_mismatch" in {f.rule for f in decision.blocking}


def test_whole_number_price_is_not_read_as_rounded_to_whole_euros() -> None:
    assert not price_explains(Decimal(20), Decimal("10"), Decimal("209.00"), CENT, CENT)
    assert price_explains(Decimal(20), Decimal("2.77"), Decimal("55.46"), CENT, CENT)


def _round(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=1000).map(Decimal),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("900"), places=4),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_invoice_rounding_unit_prices_and_summing_unrounded_lines_adds_up(
    rows: list[tuple[Decimal, Decimal]],
) -> None:
    """Prices kept to 4 decimals, printed to 2; lines rounded per line; the subtotal
    rounded once from the unrounded lines: no arithmetic_mismatch."""
    lines = [
        {
            "description": f"item {i}",
            "quantity": str(q),
            "unit_price": str(_round(p)),
            "amount": str(_round(q * p)),
            "unit": "EA",
            "tax_rate": "19",
        }
        for i, (q, p) in enumerate(rows)
    ]
    subtotal = _round(sum((q * p for q, p in rows), Decimal(0)))
    tax = _round(subtotal * Decimal("0.19"))
    extraction = non_po_invoice(
        subtotal=str(subtotal), tax_amount=str(tax), total=str(subtotal + tax)
    )
    extraction["lines"] = lines
    decision = evaluate(extraction, non_po_master(), History(), PACK)
    assert "arithmetic_mismatch" not in decision.rule_codes, decision.findings


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=1000).map(Decimal),
    st.decimals(min_value=Decimal("1.00"), max_value=Decimal("900"), places=2),
    st.decimals(min_value=Decimal("0.05"), max_value=Decimal("1"), places=2),
    st.booleans(),
)
def test_price_variance_of_five_percent_or_more_never_passes_as_rounding(
    qty: Decimal, price: Decimal, share: Decimal, down: bool
) -> None:
    charged = price * (1 - share if down else 1 + share)
    amount = _round(qty * charged)
    assert not price_explains(qty, price, amount, CENT, CENT)
