"""Corrections: a person fixes an extracted value, the rules run again, and the corrected
extraction is kept as a labelled training example (``BURSAR_HOME/corrections/<sha256>.json``).

Also the two-person vendor bank-detail change: one person proposes the IBAN printed on the
invoice, a different controller or admin confirms it. The pending proposal lives in the
audit trail itself (append-only), so no table is needed for it.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from datetime import date
from typing import Any

from sqlmodel import Session

from bursar import audit
from bursar.config import get_settings
from bursar.contract import DATE_FIELDS, DECIMAL_FIELDS
from bursar.errors import InputError, SystemError_
from bursar.inbox.actions import Conflict, NotFound, Refused, blocking_findings, item_of_document
from bursar.inbox.detail import HEADER_FIELDS, LINE_FIELDS, dec, latest_extraction
from bursar.inbox.queries import OPEN
from bursar.inbox.users import Person
from bursar.records import Correction, Document, Extraction, Vendor
from bursar.store import default_store
from bursar.types import utcnow

AMOUNT_FIELDS = DECIMAL_FIELDS
_LINE_RE = re.compile(r"^lines\.(\d+)\.([a-z_]+)$")


def require_pipeline() -> Any:
    """Return ``bursar.pipeline.redecide``; raise ``SystemError_`` when the pipeline is absent."""
    try:
        from bursar.pipeline import redecide
    except ImportError as exc:
        raise SystemError_(
            "the ingest pipeline (bursar.pipeline) is not installed; cannot re-run the rules",
            code="pipeline_missing",
        ) from exc
    return redecide


def pipeline_redecide(document_id: int, actor: str) -> Any:
    """Re-run the rules on the newest extraction via ``bursar.pipeline.redecide``."""
    return require_pipeline()(document_id, actor=actor)


def normalise(field: str, value: str) -> str | None:
    """Return ``value`` in the extraction contract's format for ``field``; raise when invalid."""
    text = " ".join(value.split())
    if text == "":
        return None
    base = field.rsplit(".", 1)[-1]
    if base in AMOUNT_FIELDS:
        number = dec(text.replace(",", ""))
        if number is None:
            raise InputError(f"{field}: {value!r} is not an amount (write it like 1234.50)")
        return str(number)
    if base in DATE_FIELDS:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise InputError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from exc
    if base == "currency":
        if not re.fullmatch(r"[A-Za-z]{3}", text):
            raise InputError(f"currency: {value!r} is not an ISO 4217 code like EUR")
        return text.upper()
    return text[:500]


def _apply(result: dict[str, Any], field: str, value: str | None, actor: str) -> str | None:
    """Set ``field`` in ``result`` (in place) and return the old value."""
    m = _LINE_RE.match(field)
    if m:
        lines = result.get("lines") or []
        index, attr = int(m.group(1)), m.group(2)
        if attr not in LINE_FIELDS or not 1 <= index <= len(lines):
            raise InputError(f"no line field {field!r}")
        old = lines[index - 1].get(attr)
        lines[index - 1][attr] = value
        lines[index - 1]["confidence"] = 1.0
        return None if old is None else str(old)
    if field not in HEADER_FIELDS:
        raise InputError(f"unknown field {field!r}")
    fields = result.setdefault("fields", {})
    raw = fields.get(field) if isinstance(fields.get(field), dict) else {}
    old = raw.get("value")
    fields[field] = {**raw, "value": value, "confidence": 1.0, "source": f"human:{actor}"}
    return None if old is None else str(old)


def write_training_example(sha256: str, result: dict[str, Any]) -> None:
    """Write the corrected extraction where the models engineer collects examples."""
    folder = get_settings().home_dir / "corrections"
    folder.mkdir(parents=True, exist_ok=True)
    example = {**result, "stored_path": str(default_store().path_for(sha256))}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(example, fh, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, folder / f"{sha256}.json")


def correct(
    session: Session, document_id: int, person: Person, field: str, value: str
) -> dict[str, Any]:
    """Record a correction as a new extraction (audited); return old/new.

    The caller commits, then calls ``pipeline_redecide`` so the rules see the new value.
    """
    if not person.can("correct"):
        raise Refused(f"your role ({person.role}) cannot correct documents")
    item = item_of_document(session, document_id)
    if item.status not in OPEN:
        raise Conflict(f"item {item.id} is already {item.status}; corrections are closed")
    doc = session.get(Document, document_id)
    latest = latest_extraction(session, document_id)
    if doc is None or latest is None:
        raise NotFound(f"document {document_id} has no extraction to correct")
    new_value = normalise(field, value)
    result = copy.deepcopy(latest.result or {})
    old = _apply(result, field, new_value, person.name)
    if old == new_value:
        raise InputError(f"{field} is already {old!r}", code="unchanged")
    ext = Extraction(
        document_id=document_id, result=result, versions=latest.versions, corrected=True
    )
    session.add(ext)
    session.add(
        Correction(
            document_id=document_id,
            field=field,
            old_value=old,
            new_value=new_value,
            actor=person.name,
        )
    )
    session.flush()
    audit.append(
        session, person.name, "document.corrected", f"document/{document_id}",
        {"field": field, "before": old, "after": new_value, "extraction": ext.id, "inbox": item.id},
    )  # fmt: skip
    write_training_example(doc.sha256, result)
    return {"document": document_id, "field": field, "before": old, "after": new_value}


# --- two-person vendor bank-detail change ----------------------------------------------------


def pending_bank_change(session: Session, vendor_id: str) -> dict[str, Any] | None:
    """Return the open bank-change proposal for the vendor (from the audit trail), or None."""
    pending: dict[str, Any] | None = None
    for ev in audit.events_for(session, f"vendor/{vendor_id}"):
        if ev.action == "vendor.bank_change_proposed":
            pending = {**json.loads(ev.data), "proposed_by": ev.actor, "seq": ev.seq, "at": ev.at}
        elif ev.action in ("vendor.bank_changed", "vendor.bank_change_declined"):
            pending = None
    return pending


def propose_bank_change(session: Session, document_id: int, person: Person) -> dict[str, Any]:
    """Propose the IBAN printed on the document as the vendor's new bank account."""
    if not person.can("correct"):
        raise Refused(f"your role ({person.role}) cannot propose bank-detail changes")
    doc = session.get(Document, document_id)
    if doc is None or not doc.vendor_id:
        raise NotFound(f"document {document_id} has no known vendor")
    if not any(f.rule == "vendor_bank_mismatch" for f in blocking_findings(session, document_id)):
        raise Conflict("this document has no bank-detail mismatch to resolve")
    vendor = session.get(Vendor, doc.vendor_id)
    ext = latest_extraction(session, document_id)
    iban = (((ext.result if ext else None) or {}).get("fields", {}).get("vendor_iban") or {}).get(
        "value"
    )
    if vendor is None or not iban:
        raise InputError("no IBAN on the document to propose")
    if pending_bank_change(session, vendor.vendor_id):
        raise Conflict(
            f"a bank-detail change for {vendor.vendor_id} is already waiting for confirmation"
        )
    data = {"document": document_id, "before": {"iban": vendor.iban}, "after": {"iban": iban}}
    audit.append(
        session, person.name, "vendor.bank_change_proposed", f"vendor/{vendor.vendor_id}", data
    )
    return {"vendor": vendor.vendor_id, **data, "proposed_by": person.name}


def confirm_bank_change(session: Session, vendor_id: str, person: Person) -> dict[str, Any]:
    """Apply a pending bank-detail change; the confirmer must not be the proposer."""
    if not person.can("bank_confirm"):
        raise Refused(f"your role ({person.role}) cannot confirm bank-detail changes")
    pending = pending_bank_change(session, vendor_id)
    vendor = session.get(Vendor, vendor_id)
    if pending is None or vendor is None:
        raise Conflict(f"no bank-detail change is waiting for {vendor_id}")
    if pending["proposed_by"] == person.name:
        raise Refused("you proposed this bank-detail change; a second person must confirm it")
    before = vendor.iban
    vendor.iban = pending["after"]["iban"]
    vendor.updated_at = utcnow()
    session.add(vendor)
    data = {
        "document": pending.get("document"),
        "before": {"iban": before},
        "after": {"iban": vendor.iban},
        "proposed_by": pending["proposed_by"],
        "proposal_seq": pending["seq"],
    }
    audit.append(session, person.name, "vendor.bank_changed", f"vendor/{vendor_id}", data)
    return {"vendor": vendor_id, **data, "confirmed_by": person.name}
