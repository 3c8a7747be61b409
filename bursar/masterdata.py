"""Master data import from the CSV contract (ARCHITECTURE.md 4.2).

Every row is validated on its own: a bad row is reported as ``file:line: reason``
and skipped, good rows are imported. Re-importing updates rather than duplicates.
The import, and every vendor bank-detail change (old and new IBAN), is audited.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bursar import audit
from bursar.contract import MASTER_COLUMNS
from bursar.errors import InputError
from bursar.records import (
    FeeScheduleItem,
    GoodsReceiptLine,
    Policy,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)
from bursar.types import utcnow

COLUMNS = MASTER_COLUMNS
# Columns beyond the contract that an import accepts when present.
OPTIONAL: dict[str, tuple[str, ...]] = {
    "vendors": ("category", "country"),
    "purchase_orders": ("match_mode",),
}
PO_STATUSES = {"open", "closed", "cancelled"}
POLICY_STATUSES = {"active", "lapsed", "cancelled", "suspended"}


class RowError(ValueError):
    """A reason a single CSV row cannot be imported."""


@dataclass
class ImportReport:
    kind: str
    file: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


# --- value parsers: each raises RowError with a reason a clerk understands ---------------------


def _req(row: dict[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if not value:
        raise RowError(f"{name} is empty")
    return value


def _opt(row: dict[str, str], name: str) -> str | None:
    value = (row.get(name) or "").strip()
    return value or None


def _decimal(row: dict[str, str], name: str, *, required: bool = True) -> Decimal | None:
    raw = _req(row, name) if required else _opt(row, name)
    if raw is None:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise RowError(f"{name} {raw!r} is not a number (use '.' as decimal point)") from None
    if not value.is_finite():
        raise RowError(f"{name} {raw!r} is not a finite number")
    if value < 0:
        raise RowError(f"{name} {raw!r} is negative")
    return value


def _date(row: dict[str, str], name: str) -> date:
    raw = _req(row, name)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RowError(f"{name} {raw!r} is not a date (use YYYY-MM-DD)") from None


def _currency(row: dict[str, str], name: str = "currency") -> str:
    raw = _req(row, name).upper()
    if len(raw) != 3 or not raw.isalpha():
        raise RowError(f"{name} {raw!r} is not an ISO 4217 code like EUR")
    return raw


def _iban(row: dict[str, str]) -> str | None:
    raw = _opt(row, "iban")
    if raw is None:
        return None
    from stdnum import iban

    compact = iban.compact(raw)
    if not iban.is_valid(compact, check_country=False):
        raise RowError(f"iban {raw!r} fails the IBAN checksum")
    return compact


def _bool(row: dict[str, str], name: str) -> bool:
    raw = _req(row, name).lower()
    if raw in {"true", "yes", "1", "y"}:
        return True
    if raw in {"false", "no", "0", "n"}:
        return False
    raise RowError(f"{name} {raw!r} is not true/false")


def _choice(row: dict[str, str], name: str, allowed: set[str], default: str) -> str:
    raw = (_opt(row, name) or default).lower()
    if raw not in allowed:
        raise RowError(f"{name} {raw!r} is not one of {', '.join(sorted(allowed))}")
    return raw


# --- one upsert per kind ----------------------------------------------------------------------


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {k: (getattr(obj, k), v) for k, v in values.items() if getattr(obj, k) != v}


def _upsert(
    session: Session, model: type, key: Any, values: dict[str, Any], report: ImportReport
) -> tuple[Any, dict[str, tuple[Any, Any]]]:
    obj = session.get(model, key)
    if obj is None:
        obj = model(**values)
        session.add(obj)
        report.inserted += 1
        return obj, {}
    diff = _changed(obj, values)
    if not diff:
        report.unchanged += 1
        return obj, {}
    for name, (_old, new) in diff.items():
        setattr(obj, name, new)
    report.updated += 1
    return obj, diff


def _import_vendor(session: Session, row: dict[str, str], report: ImportReport, actor: str) -> None:
    values = {
        "vendor_id": _req(row, "vendor_id"),
        "name": _req(row, "name"),
        "tax_id": _opt(row, "tax_id"),
        "iban": _iban(row),
        "currency": _currency(row) if _opt(row, "currency") else None,
        "aliases": "|".join(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
        "category": _opt(row, "category"),
        "country": (_opt(row, "country") or "").upper() or None,
    }
    obj, diff = _upsert(session, Vendor, values["vendor_id"], values, report)
    if diff:
        obj.updated_at = utcnow()
    if "iban" in diff:
        old, new = diff["iban"]
        audit.append(
            session,
            actor,
            "vendor.bank_changed",
            f"vendor/{values['vendor_id']}",
            {"field": "iban", "old": old, "new": new, "source": report.file},
        )


def _import_po_line(
    session: Session, row: dict[str, str], report: ImportReport, actor: str
) -> None:
    po_number = _req(row, "po_number")
    header = {
        "po_number": po_number,
        "vendor_id": _req(row, "vendor_id"),
        "currency": _currency(row),
        "status": _choice(row, "status", PO_STATUSES, "open"),
        "match_mode": _choice(row, "match_mode", {"2way", "3way"}, "3way"),
    }
    line = {
        "po_number": po_number,
        "line_no": _req(row, "line_no"),
        "sku": _opt(row, "sku"),
        "description": (row.get("description") or "").strip(),
        "quantity": _decimal(row, "quantity"),
        "unit": (_opt(row, "unit") or "EA").upper(),
        "unit_price": _decimal(row, "unit_price"),
        "tax_rate": _decimal(row, "tax_rate", required=False),
    }
    po = session.get(PurchaseOrder, po_number)
    if po is None:
        session.add(PurchaseOrder(**header))
    else:
        for name, (_old, new) in _changed(po, header).items():
            setattr(po, name, new)
    session.flush()
    existing = session.exec(
        select(PurchaseOrderLine).where(
            PurchaseOrderLine.po_number == po_number, PurchaseOrderLine.line_no == line["line_no"]
        )
    ).first()
    _upsert_row(session, PurchaseOrderLine, existing, line, report)


def _upsert_row(
    session: Session, model: type, existing: Any, values: dict[str, Any], report: ImportReport
) -> None:
    if existing is None:
        session.add(model(**values))
        report.inserted += 1
        return
    diff = _changed(existing, values)
    for name, (_old, new) in diff.items():
        setattr(existing, name, new)
    if diff:
        report.updated += 1
    else:
        report.unchanged += 1


def _import_receipt(
    session: Session, row: dict[str, str], report: ImportReport, actor: str
) -> None:
    values = {
        "receipt_id": _req(row, "receipt_id"),
        "po_number": _req(row, "po_number"),
        "line_no": _req(row, "line_no"),
        "quantity_received": _decimal(row, "quantity_received"),
        "received_on": _date(row, "received_on"),
    }
    existing = session.exec(
        select(GoodsReceiptLine).where(
            GoodsReceiptLine.receipt_id == values["receipt_id"],
            GoodsReceiptLine.po_number == values["po_number"],
            GoodsReceiptLine.line_no == values["line_no"],
        )
    ).first()
    _upsert_row(session, GoodsReceiptLine, existing, values, report)


def _import_policy(session: Session, row: dict[str, str], report: ImportReport, actor: str) -> None:
    values = {
        "policy_number": _req(row, "policy_number"),
        "holder_name": _req(row, "holder_name"),
        "valid_from": _date(row, "valid_from"),
        "valid_to": _date(row, "valid_to"),
        "status": _choice(row, "status", POLICY_STATUSES, "active"),
    }
    if values["valid_to"] < values["valid_from"]:
        raise RowError("valid_to is before valid_from")
    _upsert(session, Policy, values["policy_number"], values, report)


def _import_fee(session: Session, row: dict[str, str], report: ImportReport, actor: str) -> None:
    values = {
        "code": _req(row, "code"),
        "description": (row.get("description") or "").strip(),
        "max_unit_price": _decimal(row, "max_unit_price"),
        "covered": _bool(row, "covered"),
    }
    _upsert(session, FeeScheduleItem, values["code"], values, report)


Importer = Callable[[Session, dict[str, str], ImportReport, str], None]
IMPORTERS: dict[str, Importer] = {
    "vendors": _import_vendor,
    "purchase_orders": _import_po_line,
    "receipts": _import_receipt,
    "policies": _import_policy,
    "fee_schedule": _import_fee,
}


def _rows(path: Path, kind: str) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", code="not_found", where=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the CSV as UTF-8", where=str(path)) from None
    reader = csv.DictReader(text.splitlines())
    header = tuple(h.strip() for h in (reader.fieldnames or ()))
    missing = [c for c in COLUMNS[kind] if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; expected header: {','.join(COLUMNS[kind])}",
            where=f"{path}:1",
        )
    reader.fieldnames = list(header)
    for row in reader:
        if None in row:
            yield reader.line_num, {"__extra__": "x"}
            continue
        yield reader.line_num, row


def import_csv(session: Session, kind: str, path: Path, actor: str = "cli") -> ImportReport:
    """Import one CSV of ``kind``; bad rows are reported, good rows imported and audited."""
    if kind not in IMPORTERS:
        raise InputError(f"unknown kind {kind!r}; use one of: {', '.join(IMPORTERS)}")
    path = Path(path)
    report = ImportReport(kind=kind, file=str(path))
    importer = IMPORTERS[kind]
    for line_no, row in _rows(path, kind):
        if "__extra__" in row:
            report.errors.append(f"{path}:{line_no}: more values than columns")
            continue
        try:
            with session.begin_nested():
                importer(session, row, report, actor)
        except RowError as exc:
            report.errors.append(f"{path}:{line_no}: {exc}")
        except IntegrityError as exc:
            report.errors.append(f"{path}:{line_no}: conflicts with stored data ({exc.orig})")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    audit.append(
        session,
        actor,
        "masterdata.import",
        f"masterdata/{kind}",
        {"file": path.name, "sha256": digest, **report.to_json()},
    )
    return report
