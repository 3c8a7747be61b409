"""Corrections: a person fixes an extracted value, the rules run again, and the corrected
extraction is kept as a labelled training example (``BURSAR_HOME/corrections/<sha256>.json``).

Also the two-person vendor bank-detail change: one person proposes the IBAN printed on the
invoice, a different controller or admin confirms it. The pending proposal lives in the
audit trail itself (append-only), so no table is needed for it.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
from typing import Any

from sqlmodel import Session, col, select

from bursar import audit
from bursar.config import get_settings
from bursar.contract import DECIMAL_FIELDS
from bursar.errors import InputError, SystemError_
from bursar.files import write_atomic
from bursar.inbox import validate
from bursar.inbox.actions import Conflict, NotFound, Refused, blocking_findings, item_of_document
from bursar.inbox.detail import HEADER_FIELDS, LINE_FIELDS, latest_extraction
from bursar.inbox.queries import OPEN
from bursar.inbox.users import Person
from bursar.records import Correction, Document, Extraction, Vendor
from bursar.store import default_store
from bursar.types import utcnow

AMOUNT_FIELDS = DECIMAL_FIELDS
_LINE_RE = re.compile(r"^lines\.(\d+)\.([a-z_]+)$")


def require_pipeline() -> Any:
    """Return ``bursar.ingest.process.redecide``; ``SystemError_`` when the pipeline is absent."""
    try:
        from bursar.ingest.process import redecide
    except ImportError as exc:
        raise SystemError_(
            "the ingest pipeline (bursar.ingest.process) is not installed; cannot re-run the rules",
            code="pipeline_missing",
        ) from exc
    return redecide


def pipeline_redecide(document_id: int, actor: str) -> Any:
    """Re-run the rules on the newest extraction via ``bursar.ingest.process.redecide``."""
    return require_pipeline()(document_id, actor=actor)


def normalise(field: str, value: str, currency: str | None = None) -> str | None:
    """Return ``value`` in the extraction contract's format for ``field`` (``validate``)."""
    return validate.normalise(field, value, currency)


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
    example = {**result, "stored_path": str(default_store().path_for(sha256))}
    text = json.dumps(example, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(folder / f"{sha256}.json", text.encode("utf-8"))


def _currency(result: dict[str, Any], doc: Document) -> str | None:
    raw = (result.get("fields") or {}).get("currency")
    value = raw.get("value") if isinstance(raw, dict) else raw
    return str(value) if value else doc.currency


def needs_reason(field: str) -> bool:
    """True for amount-like fields and the currency: changing one changes what limits and
    rules see."""
    base = field.rsplit(".", 1)[-1]
    return base in DECIMAL_FIELDS or field == "currency" or base == "deny"


def _keep_first_currency(session: Session, document_id: int, result: dict[str, Any]) -> None:
    """Record in ``result["as_extracted"]`` the currency as first extracted, once a person
    corrects it: ``rules.header.check_approval`` then keeps ``approval_required`` where
    only the corrected currency would lift it (issue 22, item 1)."""
    kept = dict(result.get("as_extracted") or {})
    if "currency" in kept:  # an earlier correction recorded it already
        return
    first = session.exec(
        select(Extraction)
        .where(Extraction.document_id == document_id)
        .order_by(col(Extraction.corrected), col(Extraction.id))  # an uncorrected one first
    ).first()
    raw = (((first.result if first else None) or {}).get("fields") or {}).get("currency")
    kept["currency"] = raw.get("value") if isinstance(raw, dict) else raw
    result["as_extracted"] = kept


def correct(
    session: Session,
    document_id: int,
    person: Person,
    field: str,
    value: str,
    reason: str | None = None,
) -> dict[str, Any]:
    """Record a correction as a new extraction (audited); return old/new.

    Run it with ``redecide_in`` in the same transaction (``correct_and_redecide`` does), so
    a correction never stands without the rules having seen it.
    """
    return correct_many(session, document_id, person, [(field, value)], reason)[0]


def correct_many(
    session: Session,
    document_id: int,
    person: Person,
    changes: list[tuple[str, str]],
    reason: str | None = None,
) -> list[dict[str, Any]]:
    """Apply several field corrections as one new extraction; return old/new of each."""
    if not person.can("correct"):
        raise Refused(f"your role ({person.role}) cannot correct documents")
    item = item_of_document(session, document_id)
    if item.status not in OPEN:
        raise Conflict(f"item {item.id} is already {item.status}; corrections are closed")
    doc = session.get(Document, document_id)
    latest = latest_extraction(session, document_id)
    if doc is None or latest is None:
        raise NotFound(f"document {document_id} has no extraction to correct")
    why = " ".join((reason or "").split())[:500]
    result = copy.deepcopy(latest.result or {})
    done = []
    for field, value in changes:
        if needs_reason(field) and len(why) < 3:
            what = "the currency" if field == "currency" else "an amount"
            raise InputError(
                f"{field} is {what}: say why it is corrected (a reason is required)",
                code="reason_required",
            )
        new_value = normalise(field, value, _currency(result, doc))
        old = _apply(result, field, new_value, person.name)
        if old == new_value:
            raise InputError(f"{field} is already {old!r}", code="unchanged")
        done.append({"document": document_id, "field": field, "before": old, "after": new_value})
    if any(c["field"] == "currency" for c in done):
        _keep_first_currency(session, document_id, result)
    ext = Extraction(
        document_id=document_id, result=result, versions=latest.versions, corrected=True
    )
    session.add(ext)
    for c in done:
        session.add(Correction(document_id=document_id, field=c["field"], old_value=c["before"],
                               new_value=c["after"], actor=person.name))  # fmt: skip
    if item.signoff_by:  # a sign-off was given on other facts; it does not carry over
        item.signoff_by, item.signoff_at = None, None
        session.add(item)
    session.flush()
    for c in done:
        audit.append(
            session, person.name, "document.corrected", f"document/{document_id}",
            {"field": c["field"], "before": c["before"], "after": c["after"],
             "reason": why or None, "extraction": ext.id, "inbox": item.id},
        )  # fmt: skip
    return done


def pick_vendor(
    session: Session, document_id: int, person: Person, vendor_id: str
) -> list[dict[str, Any]]:
    """Set the document's vendor name (and tax ID) to a master-data vendor's; the IBAN as
    printed stays, so a bank-detail mismatch is still seen."""
    vendor = session.get(Vendor, vendor_id)
    if vendor is None:
        raise NotFound(f"no vendor {vendor_id!r} in the master data")
    latest = latest_extraction(session, document_id)
    fields = ((latest.result if latest else None) or {}).get("fields") or {}

    def now(name: str) -> Any:
        raw = fields.get(name)
        return raw.get("value") if isinstance(raw, dict) else raw

    changes = [("vendor_name", vendor.name)]
    if vendor.tax_id and now("vendor_tax_id") != vendor.tax_id:
        changes.append(("vendor_tax_id", vendor.tax_id))
    if now("vendor_name") == vendor.name:
        changes = changes[1:]
    if not changes:
        raise InputError(f"the document already names {vendor.name}", code="unchanged")
    return correct_many(session, document_id, person, changes, f"vendor picked: {vendor_id}")


def redecide_in(session: Session, document_id: int, actor: str) -> Any:
    """Re-run the rules on the newest extraction inside ``session`` (one transaction)."""
    from bursar.inbox.authority import current_pack
    from bursar.ingest.process import redecide_in as pipeline_redecide_in

    doc = session.get(Document, document_id)
    latest = latest_extraction(session, document_id)
    if doc is None or latest is None:
        raise NotFound(f"document {document_id} has no extraction to re-check")
    return pipeline_redecide_in(session, document_id, actor=actor, pack=current_pack())


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


# --- one transaction: the correction and the rules' new decision ------------------------------


def _learn_layout(document_id: int, sha: str, corrected: dict[str, Any], actor: str) -> None:
    """Teach the vendor's learned layout from a corrected PDF (issue 10); never fails.

    The corrected header values are the truth; the learned layout is used for the
    vendor's next documents only where it beats the generic path on those seen so far.
    The change is audited like the pipeline's own learning (``layout.learned``).
    """
    fields = {
        name: str(f.get("value"))
        for name, f in (corrected.get("fields") or {}).items()
        if isinstance(f, dict) and f.get("value") not in (None, "")
    }
    if not sha or not fields:
        return
    try:
        from bursar import audit
        from bursar.db import session_scope
        from bursar.ingest.context import layouts_folder
        from bursar.store import default_store
        from extractors.learned import learn_correction
        from extractors.learning import load_layouts

        folder = layouts_folder()
        before = {lay.key: lay.version for lay in load_layouts(folder)}
        layout = learn_correction(default_store().path_for(sha), fields, folder)
        if layout is None or before.get(layout.key, 0) == layout.version:
            return
        with session_scope() as session:
            audit.append(
                session,
                actor,
                "layout.learned",
                f"layout/{layout.key}",
                {
                    "before": {"version": before.get(layout.key)},
                    "after": {"version": layout.version, "rules": sorted(layout.rules)},
                    "document": document_id,
                    "from": "correction",
                },
            )
    except Exception as exc:  # a layout not learned never undoes a person's correction
        import logging

        logging.getLogger("bursar.inbox").warning("layout not learned from %s: %s", sha, exc)


def correct_and_redecide(
    document_id: int,
    me: Person,
    field: str,
    value: str,
    reason: str | None = None,
    *,
    vendor: str | None = None,
) -> dict[str, Any]:
    """Record a correction (or a picked vendor) and re-run the rules in one transaction;
    return both outcomes. Any failure leaves nothing behind."""
    from bursar.db import session_scope

    with session_scope() as session:
        if vendor is not None:
            done = pick_vendor(session, document_id, me, vendor)
        else:
            done = [correct(session, document_id, me, field, value, reason)]
        result = redecide_in(session, document_id, me.name)
        doc = session.get(Document, document_id)
        latest = latest_extraction(session, document_id)
        sha, example = (doc.sha256 if doc else ""), copy.deepcopy(latest.result if latest else {})
        is_pdf = bool(doc and doc.filename.lower().endswith(".pdf"))
    if result is None:  # a pipeline without in-transaction re-decide: its own transaction
        result = pipeline_redecide(document_id, me.name)
    with contextlib.suppress(OSError):  # the correction stands; the example is a by-product
        write_training_example(sha, example)
    if is_pdf:  # a scan would be read again by OCR while the clerk waits: not worth it
        _learn_layout(document_id, sha, example, me.name)
    decision = result.to_json() if hasattr(result, "to_json") else {}
    return {"correction": done[0], "corrections": done, "decision": decision}
