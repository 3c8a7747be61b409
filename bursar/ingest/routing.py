"""Record a decision in the database and route it: approved documents pass, the rest
go to the approval inbox. Every write is audited with the versions that made it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bursar import audit
from bursar.records import Decision, Document, DocumentLine, Finding, InboxItem
from rules.decision import Decision as RuleDecision
from rules.packs import RulePack

OPEN_STATES = ("open", "hold")


def _value(extraction: dict[str, Any], name: str) -> Any:
    f = (extraction.get("fields") or {}).get(name)
    return f.get("value") if isinstance(f, dict) else f


def _dec(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _summarise(doc: Document, extraction: dict[str, Any], vendor_id: str | None) -> None:
    """Copy the header facts the inbox lists and the duplicate checks index onto the row."""
    from rules.history import norm_doc_number

    doc.kind = extraction.get("kind") or "other"
    doc.currency = _value(extraction, "currency")
    if doc.kind == "claim":  # claims are keyed by policy and claim number
        doc.vendor_id = _value(extraction, "policy_number")
        doc.invoice_number = _value(extraction, "claim_number")
        doc.invoice_date = _date(_value(extraction, "service_date"))
        doc.total = _dec(_value(extraction, "total_claimed"))
    else:
        doc.vendor_id = vendor_id
        doc.invoice_number = _value(extraction, "invoice_number")
        doc.invoice_date = _date(_value(extraction, "invoice_date"))
        doc.total = _dec(_value(extraction, "total"))
    doc.invoice_number_norm = norm_doc_number(doc.invoice_number) if doc.invoice_number else None


def _write_lines(
    session: Session,
    doc: Document,
    extraction: dict[str, Any],
    decision: RuleDecision,
    gl: dict[int, str],
    *,
    replace: bool,
) -> None:
    if replace:  # a first decision has no lines yet: they are written only with a decision
        session.execute(delete(DocumentLine).where(col(DocumentLine.document_id) == doc.id))
    assigned = {a.invoice_line: a for a in decision.assignments}
    for i, line in enumerate(extraction.get("lines") or [], start=1):
        a = assigned.get(i)
        session.add(
            DocumentLine(
                document_id=doc.id,
                line_no=i,
                description=line.get("description"),
                sku=line.get("sku"),
                code=line.get("code"),
                quantity=_dec(line.get("quantity")),
                unit=line.get("unit"),
                unit_price=_dec(line.get("unit_price")),
                amount=_dec(line.get("amount")),
                tax_rate=_dec(line.get("tax_rate")),
                service_date=_date(line.get("service_date")),
                po_number=a.po_number if a else None,
                po_line=str(a.po_line) if a and a.po_line is not None else line.get("po_line"),
                po_quantity=a.quantity if a and a.po_line is not None else None,
                gl_account=gl.get(i),
            )
        )


def _inbox(
    session: Session,
    doc: Document,
    reason: str | None,
    *,
    needed: bool,
    known: tuple[InboxItem | None] | None = None,
) -> int | None:
    """Open or update the document's inbox item; ``known``: the item already read (or None)."""
    if known is None:
        item = session.exec(select(InboxItem).where(InboxItem.document_id == doc.id)).first()
    else:
        (item,) = known
    if item is None and not needed:
        return None
    if item is None:
        item = InboxItem(document_id=doc.id)
        session.add(item)
    if item.status in OPEN_STATES or item.status is None:
        item.reason = reason
    item.vendor_id, item.amount, item.currency = doc.vendor_id, doc.total, doc.currency
    session.flush()
    return item.id


def record_decision(
    session: Session,
    doc: Document,
    extraction: dict[str, Any],
    decision: RuleDecision,
    pack: RulePack,
    *,
    actor: str,
    redecided: bool = False,
    gl: tuple[dict[int, str], str | None] = ({}, None),
) -> int | None:
    """Write Decision + Findings + lines, update the document, route; return the inbox id.

    ``gl`` holds the GL accounts proposed for lines no PO line covers, and the coder version.
    """
    with session.no_autoflush:  # the document's row is written once, with the decision
        existing = session.exec(select(InboxItem).where(InboxItem.document_id == doc.id)).first()
    blocking = decision.blocking
    # Once a document is in the inbox it stays there until a person decides it.
    doc.status = "exception" if blocking or existing else "approved"
    _summarise(doc, extraction, decision.vendor_id)
    versions = {
        **(extraction.get("versions") or {}),
        "rule_pack": f"{pack.name}@{pack.sha256[:12]}",
    }
    if gl[1]:
        versions["glcode"] = gl[1]
    row = Decision(
        document_id=doc.id,
        status=decision.status,
        pack=pack.name,
        pack_hash=pack.sha256,
        versions=versions,
        decided_by=actor,
    )
    session.add(row)
    session.flush()
    session.add_all(
        Finding(
            decision_id=row.id,
            document_id=doc.id,
            rule=f.rule,
            severity=f.severity,
            line=f.line,
            expected=f.expected,
            actual=f.actual,
            message=f.message,
        )
        for f in decision.findings
    )
    _write_lines(session, doc, extraction, decision, gl[0], replace=redecided)
    reason = blocking[0].rule if blocking else None
    item = _inbox(session, doc, reason, needed=bool(blocking), known=(existing,))
    audit.append(
        session,
        actor,
        "document.redecided" if redecided else "document.decided",
        f"document/{doc.id}",
        {
            "decision": row.id,
            "status": decision.status,
            "kind": decision.kind,
            "vendor_id": decision.vendor_id,
            "po_number": decision.po_number,
            "findings": [f.to_json() for f in decision.findings],
            "versions": versions,
            "rule_pack_sha256": pack.sha256,
            "inbox_item": item,
            "gl_accounts": gl[0] or None,
        },
    )
    return item


def record_rejection(
    session: Session, doc: Document, error: dict[str, str], *, actor: str
) -> int | None:
    """Mark an unreadable document rejected and put it in the inbox with the reason."""
    doc.status, doc.kind, doc.error = "rejected", doc.kind or "other", error["message"]
    session.add(
        Decision(
            document_id=doc.id,
            status="rejected",
            decided_by=actor,
            versions={"bursar": _bursar_version()},
        )
    )
    item = _inbox(session, doc, "rejected", needed=True)
    audit.append(
        session, actor, "document.rejected", f"document/{doc.id}", {**error, "inbox_item": item}
    )
    return item


def _bursar_version() -> str:
    from bursar import __version__

    return __version__
