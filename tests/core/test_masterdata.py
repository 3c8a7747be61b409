"""Master data import (CSV contract 4.2)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sqlmodel import select

from bursar import audit
from bursar.db import session_scope
from bursar.masterdata import import_csv
from bursar.records import GoodsReceiptLine, PurchaseOrderLine, Vendor

DATA = Path(__file__).resolve().parents[1] / "data"


def test_bad_rows_are_named_and_good_rows_imported(db_url: str) -> None:
    with session_scope() as s:
        report = import_csv(s, "vendors", DATA / "vendors_bad.csv")
    assert report.inserted == 2
    assert len(report.errors) == 3
    assert report.errors[0].endswith(
        "vendors_bad.csv:3: iban 'GB29NWBK60161331926818' fails the IBAN checksum"
    )
    assert ":4: currency 'EURO'" in report.errors[1]
    assert ":5: vendor_id is empty" in report.errors[2]
    with session_scope(write=False) as s:
        assert {v.vendor_id for v in s.exec(select(Vendor))} == {"V001", "V005"}


def test_reimport_updates_and_audits_iban_change(db_url: str, tmp_path: Path) -> None:
    with session_scope() as s:
        import_csv(s, "vendors", DATA / "vendors.csv")
    changed = tmp_path / "vendors.csv"
    changed.write_text(
        (DATA / "vendors.csv")
        .read_text()
        .replace("DE89370400440532013000", "DE44500105175407324931")
    )
    with session_scope() as s:
        report = import_csv(s, "vendors", changed, actor="alice")
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 2)
    with session_scope(write=False) as s:
        assert len(s.exec(select(Vendor)).all()) == 3
        events = audit.events_for(s, "vendor/V001")
        assert audit.verify(s).ok
    assert [e.action for e in events] == ["vendor.bank_changed"]
    assert json.loads(events[0].data)["old"] == "DE89370400440532013000"
    assert json.loads(events[0].data)["new"] == "DE44500105175407324931"
    assert events[0].actor == "alice"


def test_purchase_orders_and_receipts(db_url: str, tmp_path: Path) -> None:
    po = tmp_path / "po.csv"
    po.write_text(
        "po_number,vendor_id,currency,status,line_no,sku,description,quantity,unit,unit_price,"
        "tax_rate\n"
        "4500012,V001,EUR,open,10,B-M8,Steel bolts M8,200,EA,0.15,19\n"
        "4500012,V001,EUR,open,20,N-M8,Nuts M8,200,EA,0.05,19\n"
        "4500013,V001,EUR,open,10,X,Thing,1.5.0,EA,1,19\n"
    )
    rc = tmp_path / "rc.csv"
    rc.write_text(
        "receipt_id,po_number,line_no,quantity_received,received_on\n"
        "GR1,4500012,10,150,2026-03-01\nGR2,4500012,20,200,01.03.2026\n"
    )
    with session_scope() as s:
        po_report = import_csv(s, "purchase_orders", po)
        rc_report = import_csv(s, "receipts", rc)
    assert po_report.inserted == 2 and len(po_report.errors) == 1
    assert "po.csv:4: quantity '1.5.0' is not a number" in po_report.errors[0]
    assert rc_report.inserted == 1 and "not a date" in rc_report.errors[0]
    with session_scope(write=False) as s:
        line = s.exec(select(PurchaseOrderLine).where(PurchaseOrderLine.line_no == "10")).one()
        receipt = s.exec(select(GoodsReceiptLine)).one()
    assert line.unit_price == Decimal("0.15") and isinstance(line.unit_price, Decimal)
    assert receipt.quantity_received == Decimal("150")


def test_missing_column_is_refused_whole(db_url: str, tmp_path: Path) -> None:
    import pytest

    from bursar.errors import InputError

    bad = tmp_path / "v.csv"
    bad.write_text("vendor_id,name\nV1,X\n")
    with pytest.raises(InputError, match="missing column"), session_scope() as s:
        import_csv(s, "vendors", bad)
