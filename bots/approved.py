"""What the posting bots read about an approved invoice (``erp_post``, ``desktop_entry``).

One place for the query and the lookups both bots need: the approved invoices in
document order, each with its latest decision and extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from bursar.records import Decision, Document, Extraction


@dataclass(frozen=True)
class Approved:
    """An approved invoice with its latest decision and extracted fields."""

    doc: Document
    decision: Decision | None
    result: dict[str, Any]

    def field(self, name: str) -> Any:
        """Return an extracted field's value (None when absent)."""
        return field_value(self.result, name)


def field_value(result: dict[str, Any] | None, name: str) -> Any:
    """Return the value of field ``name`` of a contract-4.1 extraction, or None."""
    found = ((result or {}).get("fields") or {}).get(name) or {}
    return found.get("value") if isinstance(found, dict) else None


def approved_invoices(session: Any) -> Iterator[Approved]:
    """Yield every approved invoice, oldest first, with its decision and extraction."""
    docs = session.exec(
        select(Document)
        .where(Document.status == "approved", Document.kind == "invoice")
        .order_by(col(Document.id))
    ).all()
    for doc in docs:
        decision = session.exec(
            select(Decision).where(Decision.document_id == doc.id).order_by(col(Decision.id).desc())
        ).first()
        ext = session.exec(
            select(Extraction)
            .where(Extraction.document_id == doc.id)
            .order_by(col(Extraction.id).desc())
        ).first()
        yield Approved(doc, decision, ext.result if ext else {})
