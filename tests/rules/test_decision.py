"""The decision JSON validates against the shared contract; money rounds per currency."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema

from rules.engine import evaluate
from rules.history import History
from rules.model import MasterData
from rules.money import round_money
from rules.packs import load_pack
from tests.rules.helpers import invoice, line, master

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[3] / "shared/contracts/decision.schema.json").read_text()
)
PACK = load_pack("default")


def test_decision_json_validates_against_contract() -> None:
    md = master([(10, "S", "Steel bolts", "100", "10.00")])
    decision = evaluate(
        invoice([line("100", "12.00", ref=10), line("1", "5.00", desc="Freight")]),
        md,
        History(),
        PACK,
    )
    doc = decision.to_json("a" * 64, inbox_item=17, file="inv.pdf")
    jsonschema.validate(doc, SCHEMA)
    assert doc["status"] == "exception"
    assert {f["rule"] for f in doc["findings"]} == {"price_variance", "unmatched_line"}
    assert doc["rule_pack"] == {"name": "default", "sha256": PACK.sha256}
    json.dumps(doc)  # plain JSON: no Decimals left


def test_caller_can_override_status_for_exact_duplicates() -> None:
    decision = evaluate(
        invoice([line("1", "1.00", ref=10)]), master([(10, "S", "x", "5", "1.00")]), History(), PACK
    )
    doc = decision.to_json("b" * 64, status="duplicate")
    jsonschema.validate(doc, SCHEMA)
    assert doc["status"] == "duplicate"


def test_price_variance_message_reads_like_a_clerk_would_say_it() -> None:
    md = MasterData.from_rows(
        vendors=[
            {
                "vendor_id": "V1",
                "name": "ACME GmbH",
                "tax_id": "DE811111111",
                "iban": "DE89370400440532013000",
                "currency": "EUR",
            }
        ],
        purchase_orders=[
            {
                "po_number": "4500012",
                "vendor_id": "V1",
                "currency": "EUR",
                "status": "open",
                "line_no": 10,
                "sku": "S",
                "description": "x",
                "quantity": "100",
                "unit": "EA",
                "unit_price": "10.00",
                "tax_rate": "19",
            }
        ],
        receipts=[
            {"receipt_id": "G", "po_number": "4500012", "line_no": 10, "quantity_received": "100"}
        ],
    )
    finding = evaluate(invoice([line("100", "12.00", ref=10)]), md, History(), PACK).findings[0]
    assert (
        finding.message
        == "Unit price 12.00 is 20% above PO 4500012 line 10 (10.00); tolerance is 2%."
    )
    assert (finding.line, finding.expected, finding.actual) == (1, "10.00", "12.00")


def test_jpy_rounds_to_whole_yen_and_eur_to_cents() -> None:
    assert round_money(Decimal("1234.5"), "JPY") == Decimal("1235")
    assert round_money(Decimal("2.675"), "EUR") == Decimal("2.68")
    assert round_money(Decimal("1.0005"), "KWD") == Decimal("1.001")


def test_same_extraction_twice_gives_the_same_decision() -> None:
    md = master([(10, "S", "x", "5", "1.00")])
    extraction = invoice([line("1", "1.00", ref=10)])
    assert evaluate(extraction, md, History(), PACK) == evaluate(extraction, md, History(), PACK)


def test_reevaluating_a_stored_document_does_not_flag_itself_as_duplicate() -> None:
    md = master([(10, "S", "x", "5", "1.00")])
    extraction = invoice([line("1", "1.00", ref=10)]) | {"sha256": "c" * 64}
    history = History.from_rows(
        invoices=[
            {"vendor_id": "V1", "invoice_number": "INV-1", "total": "1.19", "sha256": "c" * 64}
        ]
    )
    assert evaluate(extraction, md, history, PACK).status == "approved"
