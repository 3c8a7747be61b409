"""Master data import from the CSV contract (ARCHITECTURE.md 4.2), at ERP scale.

The CSV is streamed (memory does not grow with the file): each row is checked on its
own and a bad row is reported as ``file:line: reason`` and skipped. Good rows go into
a staging table in bulk (COPY on PostgreSQL, executemany on SQLite), and are merged
into the master tables with a few set-based statements, all in the caller's one
transaction. Re-importing updates rather than duplicates. The import, and every
vendor bank-detail change (old and new IBAN), is audited.

A key that appears on more than one row of one file (a vendor_id twice, a PO line
twice) is ambiguous: nothing says which row is right, and letting the last one win
silently is how a wrong price reaches the books. So *every* row with that key is
rejected, each naming the other line(s); the rest of the file still imports, as for
any other bad row (the contract: good rows still import). Likewise the lines of one
purchase order must agree on its header (vendor, currency, status, match mode); when
they do not, every line of that PO is rejected.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session

from bursar import audit
from bursar.contract import MASTER_COLUMNS
from bursar.errors import InputError
from bursar.masterdata import bulk
from bursar.records import (
    FeeScheduleItem,
    GoodsReceiptLine,
    Policy,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)

COLUMNS = MASTER_COLUMNS
# Columns beyond the contract that an import accepts when present.
OPTIONAL: dict[str, tuple[str, ...]] = {
    "vendors": ("category", "country"),
    "purchase_orders": ("match_mode",),
}
PO_STATUSES = {"open", "closed", "cancelled"}
POLICY_STATUSES = {"active", "lapsed", "cancelled", "suspended"}
# A plain decimal: digits, optionally '.' and digits. No sign, exponent, NaN, ',' or spaces.
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
AUDITED_ERRORS = 100  # the audit event names this many bad rows; the report has them all


Progress = Callable[[int], None]


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


def _decimal(row: dict[str, str], name: str, *, required: bool = True) -> str | None:
    """Return the value as exact decimal text; refuse '1e3', 'NaN', '1,5', '-2'."""
    raw = _req(row, name) if required else _opt(row, name)
    if raw is None:
        return None
    if not _PLAIN_DECIMAL.fullmatch(raw):
        if raw.startswith("-") and _PLAIN_DECIMAL.fullmatch(raw[1:]):
            raise RowError(f"{name} {raw!r} is negative")
        raise RowError(
            f"{name} {raw!r} is not a number: write digits with '.' as the decimal point, "
            "no exponent or thousands separator (e.g. 1234.50)"
        )
    # Only leading zeros need normalising ("007.50" -> "7.50"); skip Decimal otherwise.
    text = str(Decimal(raw)) if raw[0] == "0" and raw[:2] != "0." and raw != "0" else raw
    if len(text) > 40:
        raise RowError(f"{name} has more than 40 digits")
    return text


def _date(row: dict[str, str], name: str) -> str:
    raw = _req(row, name)
    try:
        return date.fromisoformat(raw).isoformat()
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


# --- one row parser per kind: a tuple in the staging table's column order -----------------------


def _vendor(row: dict[str, str]) -> tuple[Any, ...]:
    return (
        _req(row, "vendor_id"),
        _req(row, "name"),
        _opt(row, "tax_id"),
        _iban(row),
        _currency(row) if _opt(row, "currency") else None,
        "|".join(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
        _opt(row, "category"),
        (_opt(row, "country") or "").upper() or None,
    )


def _po_line(row: dict[str, str]) -> tuple[Any, ...]:
    return (
        _req(row, "po_number"),
        _req(row, "vendor_id"),
        _currency(row),
        _choice(row, "status", PO_STATUSES, "open"),
        _choice(row, "match_mode", {"2way", "3way"}, "3way"),
        _req(row, "line_no"),
        _opt(row, "sku"),
        (row.get("description") or "").strip(),
        _decimal(row, "quantity"),
        (_opt(row, "unit") or "EA").upper(),
        _decimal(row, "unit_price"),
        _decimal(row, "tax_rate", required=False),
    )


def _receipt(row: dict[str, str]) -> tuple[Any, ...]:
    return (
        _req(row, "receipt_id"),
        _req(row, "po_number"),
        _req(row, "line_no"),
        _decimal(row, "quantity_received"),
        _date(row, "received_on"),
    )


def _policy(row: dict[str, str]) -> tuple[Any, ...]:
    values = (
        _req(row, "policy_number"),
        _req(row, "holder_name"),
        _date(row, "valid_from"),
        _date(row, "valid_to"),
        _choice(row, "status", POLICY_STATUSES, "active"),
    )
    if values[3] < values[2]:  # ISO dates compare as text
        raise RowError("valid_to is before valid_from")
    return values


def _fee(row: dict[str, str]) -> tuple[Any, ...]:
    # modifier, place_of_service and max_units_per_day are optional columns (issue 27)
    return (
        _req(row, "code"),
        (row.get("modifier") or "").strip().upper(),
        (row.get("place_of_service") or "").strip(),
        (row.get("description") or "").strip(),
        _decimal(row, "max_unit_price"),
        _bool(row, "covered"),
        _decimal(row, "max_units_per_day", required=False),
    )


@dataclass(frozen=True)
class Kind:
    parse: Callable[[dict[str, str]], tuple[Any, ...]]
    spec: bulk.StageSpec
    tables: tuple[type, ...]  # where column length limits come from

    def limits(self) -> list[tuple[int, str, int]]:
        """Return (position, column, max length) for the staged text columns that have one."""
        out = []
        for i, name in enumerate(self.spec.columns):
            lengths = [
                getattr(t.__table__.c[name].type, "length", None)  # type: ignore[attr-defined]
                for t in self.tables
                if name in t.__table__.c  # type: ignore[attr-defined]
            ]
            lengths = [n for n in lengths if n and self.spec.types.get(name, "text") == "text"]
            if lengths:
                out.append((i, name, min(lengths)))
        return out


KINDS: dict[str, Kind] = {
    "vendors": Kind(_vendor, bulk.VENDORS, (Vendor,)),
    "purchase_orders": Kind(_po_line, bulk.PURCHASE_ORDERS, (PurchaseOrder, PurchaseOrderLine)),
    "receipts": Kind(_receipt, bulk.RECEIPTS, (GoodsReceiptLine,)),
    "policies": Kind(_policy, bulk.POLICIES, (Policy,)),
    "fee_schedule": Kind(_fee, bulk.FEE_SCHEDULE, (FeeScheduleItem,)),
}
IMPORTERS = KINDS  # the old name, still used to list the kinds


# --- reading the file ---------------------------------------------------------------------------


def _decoded(fh: IO[bytes], path: Path, progress: Progress | None) -> Iterator[str]:
    """Yield the file's lines as text, naming the line that is not UTF-8."""
    for number, raw in enumerate(fh, 1):
        if progress is not None and number % 20_000 == 0:
            progress(fh.tell())
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                "not UTF-8 text; save the CSV as UTF-8", where=f"{path}:{number}"
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _records(
    path: Path, kind: str, progress: Progress | None = None
) -> Iterator[tuple[int, list[str] | tuple[str, ...]]]:
    """Yield the header (line 1) then ``(line, values)`` per record; stream, never slurp."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        raise InputError("file not found", code="not_found", where=str(path)) from None
    except OSError as exc:
        raise InputError(
            f"cannot read file: {exc.strerror}", code="unreadable", where=str(path)
        ) from None
    line = 1
    with fh:
        reader = csv.reader(_decoded(fh, path, progress))
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(
                    f"file is empty; expected header: {','.join(COLUMNS[kind])}", where=str(path)
                )
            yield 1, tuple(h.strip() for h in header)
            prev = reader.line_num
            for row in reader:
                line, prev = prev + 1, reader.line_num
                if row:  # a blank line is not a record
                    yield line, row
        except csv.Error as exc:
            raise InputError(f"not a readable CSV ({exc})", where=f"{path}:{line}") from None


def _check_header(path: Path, kind: str, header: tuple[str, ...]) -> None:
    missing = [c for c in COLUMNS[kind] if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; expected header: {','.join(COLUMNS[kind])}",
            where=f"{path}:1",
        )
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise InputError(
            f"column(s) {', '.join(twice)} appear twice in the header", where=f"{path}:1"
        )


def _checked_rows(
    path: Path, kind: str, errors: list[tuple[int, str]], progress: Progress | None = None
) -> Iterator[tuple[Any, ...]]:
    """Check the header now; return an iterator of ``(line, *values)`` for the good rows.

    Bad rows are appended to ``errors`` as ``(line, reason)`` while it is consumed.
    """
    spec = KINDS[kind]
    records = _records(path, kind, progress)
    _, header = next(records)
    _check_header(path, kind, tuple(header))
    return _good_rows(spec, records, list(header), errors)


def _good_rows(
    spec: Kind,
    records: Iterator[tuple[int, list[str] | tuple[str, ...]]],
    names: list[str],
    errors: list[tuple[int, str]],
) -> Iterator[tuple[Any, ...]]:
    width = len(names)
    limits = spec.limits()
    for line, row in records:
        if len(row) != width:
            reason = (
                f"only {len(row)} of {width} columns; a value is missing"
                if len(row) < width
                else f"{len(row)} values but {width} columns; quote values that contain ','"
            )
            errors.append((line, reason))
            continue
        try:
            values = spec.parse(dict(zip(names, row, strict=True)))
            for i, name, limit in limits:
                if values[i] is not None and len(values[i]) > limit:
                    raise RowError(f"{name} is longer than {limit} characters")
        except RowError as exc:
            errors.append((line, str(exc)))
            continue
        yield (line, *values)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_csv(
    session: Session,
    kind: str,
    path: Path,
    actor: str = "cli",
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one CSV of ``kind``; bad rows are reported, good rows imported and audited.

    ``progress`` is called now and then with the number of bytes of the file read so far.
    """
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    path = Path(path)
    report = ImportReport(kind=kind, file=str(path))
    errors: list[tuple[int, str]] = []
    counts = bulk.merge_staged(
        session,
        KINDS[kind].spec,
        _checked_rows(path, kind, errors, progress),
        errors,
        actor=actor,
        source=str(path),
    )
    report.inserted, report.updated, report.unchanged = counts
    errors.sort(key=lambda e: e[0])
    report.errors = [f"{path}:{line}: {reason}" for line, reason in errors]
    summary = report.to_json()
    summary["errors"] = report.errors[:AUDITED_ERRORS]
    summary["rejected"] = len(report.errors)
    audit.append(
        session,
        actor,
        "masterdata.import",
        f"masterdata/{kind}",
        {"file": path.name, "sha256": _sha256(path), **summary},
    )
    audit.checkpoint_on_commit(session, "import")  # issue 11: a signed checkpoint per import
    return report
