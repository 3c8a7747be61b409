"""Master data import rules at ERP scale (issue 17, item 6): each rule on both databases."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from bursar import audit
from bursar.db import session_scope
from bursar.errors import InputError
from bursar.masterdata import import_csv
from bursar.records import FeeScheduleItem, PurchaseOrder, PurchaseOrderLine, Vendor

PO_HEADER = (
    "po_number,vendor_id,currency,status,line_no,sku,description,quantity,unit,unit_price,"
    "tax_rate\n"
)
VENDOR_HEADER = "vendor_id,name,tax_id,iban,currency,aliases\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _po_lines() -> dict[tuple[str, str], PurchaseOrderLine]:
    with session_scope(write=False) as s:
        return {(x.po_number, x.line_no): x for x in s.exec(select(PurchaseOrderLine))}


def test_duplicate_key_rejects_both_rows_naming_both_lines(db_url: str, tmp_path: Path) -> None:
    po = _write(
        tmp_path,
        "po.csv",
        PO_HEADER + "4500012,V001,EUR,open,10,B-M8,Bolts,200,EA,0.15,19\n"
        "4500012,V001,EUR,open,20,N-M8,Nuts,200,EA,0.05,19\n"
        "4500012,V001,EUR,open,10,B-M8,Bolts,200,EA,0.99,19\n"
        "4500013,V001,EUR,open,10,X,Thing,1,EA,1.00,19\n",
    )
    with session_scope() as s:
        report = import_csv(s, "purchase_orders", po)
    assert report.inserted == 2
    assert report.errors == [
        f"{po}:2: duplicate po_number '4500012', line_no '10': also on line 4; "
        "both rows rejected, keep one and re-import",
        f"{po}:4: duplicate po_number '4500012', line_no '10': also on line 2; "
        "both rows rejected, keep one and re-import",
    ]
    assert set(_po_lines()) == {("4500012", "20"), ("4500013", "10")}  # no silent winner
    with session_scope(write=False) as s:
        event = audit.events_for(s, "masterdata/purchase_orders")[-1]
    assert json.loads(event.data)["rejected"] == 2


def test_duplicate_vendor_three_times_names_the_other_lines(db_url: str, tmp_path: Path) -> None:
    vendors = _write(
        tmp_path,
        "v.csv",
        VENDOR_HEADER + "V1,One,,,EUR,\nV2,Two,,,EUR,\nV1,Uno,,,EUR,\nV1,Eins,,,EUR,\n",
    )
    with session_scope() as s:
        report = import_csv(s, "vendors", vendors)
    assert report.inserted == 1
    assert [e.split(": ", 1)[0] for e in report.errors] == [f"{vendors}:{n}" for n in (2, 4, 5)]
    assert "also on lines 4, 5; all 3 rows rejected" in report.errors[0]
    with session_scope(write=False) as s:
        assert [v.vendor_id for v in s.exec(select(Vendor))] == ["V2"]


BAD_NUMBERS = [
    ("1e3", "unit_price '1e3' is not a number"),
    ("NaN", "unit_price 'NaN' is not a number"),
    ('"1,5"', "unit_price '1,5' is not a number"),
    ("Infinity", "unit_price 'Infinity' is not a number"),
    ("1 000.00", "unit_price '1 000.00' is not a number"),
    ("-2.50", "unit_price '-2.50' is negative"),
]


def test_numbers_must_be_plain_decimals(db_url: str, tmp_path: Path) -> None:
    rows = "".join(
        f"4500012,V001,EUR,open,{20 + i},N,Nuts,2,EA,{price},19\n"
        for i, (price, _) in enumerate(BAD_NUMBERS)
    )
    po = _write(
        tmp_path, "po.csv", PO_HEADER + "4500012,V001,EUR,open,10,B,Bolts,2,EA,0.150,19\n" + rows
    )
    with session_scope() as s:
        report = import_csv(s, "purchase_orders", po)
    assert len(report.errors) == len(BAD_NUMBERS)
    for line, (error, (_, reason)) in enumerate(zip(report.errors, BAD_NUMBERS, strict=True), 3):
        assert error.startswith(f"{po}:{line}: {reason}")
    assert "write digits with '.' as the decimal point" in report.errors[0]
    lines = _po_lines()
    assert set(lines) == {("4500012", "10")}
    assert lines["4500012", "10"].unit_price == Decimal("0.150")


def test_plain_decimal_is_stored_exactly(db_url: str, tmp_path: Path) -> None:
    fees = _write(
        tmp_path,
        "fees.csv",
        "code,description,max_unit_price,covered\nA1,Visit,1000,yes\nA2,X-ray,0012.50,no\n",
    )
    with session_scope() as s:
        report = import_csv(s, "fee_schedule", fees)
    assert (report.inserted, report.errors) == (2, [])
    with session_scope(write=False) as s:
        items = {f.code: f for f in s.exec(select(FeeScheduleItem))}
    assert str(items["A1"].max_unit_price) == "1000"  # not 1E+3
    assert str(items["A2"].max_unit_price) == "12.50"
    assert items["A1"].covered is True and items["A2"].covered is False


def test_rows_with_too_few_or_too_many_columns_are_rejected(db_url: str, tmp_path: Path) -> None:
    vendors = _write(
        tmp_path,
        "v.csv",
        VENDOR_HEADER + "V1,Whole Vendor,,,EUR,\n"
        "V2,Half Vendor\n"
        "V3,Too Many,,,EUR,,extra\n"
        '"V4","Quoted, with comma",,,EUR,\n',
    )
    with session_scope() as s:
        report = import_csv(s, "vendors", vendors)
    assert report.errors == [
        f"{vendors}:3: only 2 of 6 columns; a value is missing",
        f"{vendors}:4: 7 values but 6 columns; quote values that contain ','",
    ]
    with session_scope(write=False) as s:
        names = {v.vendor_id: v.name for v in s.exec(select(Vendor))}
    assert names == {"V1": "Whole Vendor", "V4": "Quoted, with comma"}


def test_lines_of_one_po_must_agree_on_its_header(db_url: str, tmp_path: Path) -> None:
    po = _write(
        tmp_path,
        "po.csv",
        PO_HEADER + "4500012,V001,EUR,open,10,B,Bolts,2,EA,1.00,19\n"
        "4500012,V002,EUR,open,20,N,Nuts,2,EA,1.00,19\n"
        "4500013,V001,EUR,open,10,X,Thing,1,EA,1.00,19\n",
    )
    with session_scope() as s:
        report = import_csv(s, "purchase_orders", po)
    assert report.errors == [
        f"{po}:{n}: purchase order '4500012': vendor_id differ between line 2 and line 3; "
        "every line of this purchase order rejected"
        for n in (2, 3)
    ]
    with session_scope(write=False) as s:
        assert [p.po_number for p in s.exec(select(PurchaseOrder))] == ["4500013"]


def test_line_numbers_count_physical_lines(db_url: str, tmp_path: Path) -> None:
    vendors = _write(
        tmp_path,
        "v.csv",
        VENDOR_HEADER + '\nV1,"Two\nline name",,,EUR,\n\nV2,Bad,,,EURO,\n',
    )
    with session_scope() as s:
        report = import_csv(s, "vendors", vendors)
    assert report.inserted == 1
    assert report.errors == [f"{vendors}:6: currency 'EURO' is not an ISO 4217 code like EUR"]


def test_reimport_counts_unchanged_and_updated(db_url: str, tmp_path: Path) -> None:
    body = (
        "4500012,V001,EUR,open,10,B,Bolts,2,EA,1.00,19\n"
        "4500012,V001,EUR,open,20,N,Nuts,2,EA,2.00,\n"
    )
    po = _write(tmp_path, "po.csv", PO_HEADER + body)
    with session_scope() as s:
        first = import_csv(s, "purchase_orders", po)
    po.write_text(PO_HEADER + body.replace("2.00,", "2.10,").replace(",open,", ",closed,"))
    with session_scope() as s:
        again = import_csv(s, "purchase_orders", po)
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 1)
    lines = _po_lines()
    assert lines["4500012", "20"].unit_price == Decimal("2.10")
    assert lines["4500012", "20"].tax_rate is None
    with session_scope(write=False) as s:
        assert s.get(PurchaseOrder, "4500012").status == "closed"  # type: ignore[union-attr]


def test_an_unreadable_file_imports_nothing(db_url: str, tmp_path: Path) -> None:
    vendors = tmp_path / "v.csv"
    vendors.write_bytes(VENDOR_HEADER.encode() + b"V1,One,,,EUR,\n" * 3000 + b"V2,Caf\xe9,,,EUR,\n")
    with pytest.raises(InputError, match="not UTF-8") as err, session_scope() as s:
        import_csv(s, "vendors", vendors)
    assert err.value.where == f"{vendors}:3002"
    with session_scope(write=False) as s:
        assert s.exec(select(Vendor)).all() == []


def test_value_longer_than_its_column_is_a_row_error(db_url: str, tmp_path: Path) -> None:
    vendors = _write(tmp_path, "v.csv", VENDOR_HEADER + f"{'V' * 65},Long,,,EUR,\nV1,One,,,EUR,\n")
    with session_scope() as s:
        report = import_csv(s, "vendors", vendors)
    assert report.inserted == 1
    assert report.errors == [f"{vendors}:2: vendor_id is longer than 64 characters"]


def test_odd_characters_survive_the_bulk_path(db_url: str, tmp_path: Path) -> None:
    odd = 'Bolts "M8", 50\\% off\ttabbed \\N ünïcode'
    quoted = '"' + odd.replace('"', '""') + '"'
    po = _write(tmp_path, "po.csv", PO_HEADER + f"4500012,V001,EUR,open,10,,{quoted},2,EA,1.00,\n")
    with session_scope() as s:
        report = import_csv(s, "purchase_orders", po)
    assert (report.inserted, report.errors) == (1, [])
    line = _po_lines()["4500012", "10"]
    assert (line.description, line.sku, line.tax_rate) == (odd, None, None)
