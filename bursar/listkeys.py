"""The inbox list's sort and search keys, kept on each ``inbox_item`` row (issue 26).

The list pages through 100,000 open items in SQL, so what it sorts and searches by must sit
on the item's own row, under an index: the party's name as it sorts (``vendor_sort``), the
text a search looks in (``search_text``: vendor name and id, invoice number, amount) and the
invoice's payment due date (``due_on``, from the extraction). They are written at write time,
by the ORM session itself: whenever a flush adds or changes an inbox item, its document's
number, vendor, kind or total, an extraction, or a vendor's or policy's name, the affected
items are recomputed after the flush, in the same transaction. Every write path that goes
through the ORM is covered without knowing about it; bulk SQL that bypasses the ORM must call
``refresh`` itself (the migration backfills existing rows the same way).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import bindparam, event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

NO_PARTY = "~"  # sorts after every name, as the list always did for items without a party
NO_DUE = "9999-12-31"  # items without a due date sort last
_BATCH = 500


def vendor_sort(name: str | None, vendor_id: str | None) -> str:
    """Return how the item's party sorts: its name (else id) in lower case."""
    return (name or vendor_id or NO_PARTY).lower()[:200]


def _amount_texts(amount: Any) -> list[str]:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return [str(amount)]
    if not value.is_finite():
        return []
    return [str(value), f"{value:,.2f}"]


def search_text(
    name: str | None, vendor_id: str | None, invoice_number: str | None, amount: Any
) -> str:
    """Return the lower-case text a list search looks in."""
    parts = [name, vendor_id, invoice_number]
    if amount is not None and amount != "":
        parts += _amount_texts(amount)
    return " ".join(p for p in parts if p).lower()[:1000]


def due_on(result: Any) -> str | None:
    """Return the extraction's due date as ``YYYY-MM-DD``, or None."""
    if isinstance(result, str):
        try:
            result = json.loads(result)
        except ValueError:
            return None
    fields = (result or {}).get("fields") if isinstance(result, dict) else None
    raw = (fields or {}).get("due_date")
    value = raw.get("value") if isinstance(raw, dict) else raw
    try:
        return date.fromisoformat(str(value)[:10]).isoformat() if value else None
    except ValueError:
        return None


_ROWS = text(
    "SELECT i.id, i.vendor_id, i.amount, i.vendor_sort, i.search_text, i.due_on, d.id,"
    " d.vendor_id, d.invoice_number, d.kind, d.total, v.name, p.holder_name"
    " FROM inbox_item i JOIN document d ON d.id = i.document_id"
    " LEFT JOIN vendor v ON v.vendor_id = COALESCE(i.vendor_id, d.vendor_id)"
    " LEFT JOIN policy p ON p.policy_number = COALESCE(i.vendor_id, d.vendor_id)"
    " WHERE i.document_id IN :docs"
).bindparams(bindparam("docs", expanding=True))
_RESULTS = text(
    "SELECT document_id, result FROM extraction WHERE id IN"
    " (SELECT MAX(id) FROM extraction WHERE document_id IN :docs GROUP BY document_id)"
).bindparams(bindparam("docs", expanding=True))
_UPDATE = text(
    "UPDATE inbox_item SET vendor_sort = :vs, search_text = :st, due_on = :due WHERE id = :id"
)


def refresh(conn: Connection, document_ids: Iterable[int]) -> int:
    """Recompute the list keys of the inbox items of these documents; return how many changed."""
    ids = sorted({int(i) for i in document_ids if i is not None})
    changed = 0
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        rows = conn.execute(_ROWS, {"docs": chunk}).all()
        if not rows:  # documents without inbox items (most of them): nothing to keep
            continue
        with_items = sorted({row[6] for row in rows})
        found = conn.execute(_RESULTS, {"docs": with_items})
        dues = {row[0]: due_on(row[1]) for row in found}
        updates = []
        for row in rows:
            (item_id, ivid, iamount, vs0, st0, due0, doc_id, dvid, number, kind, total) = row[:11]
            vid = ivid or dvid
            name = row[12] if kind == "claim" else row[11]
            amount = iamount if iamount is not None else total
            new = (vendor_sort(name, vid), search_text(name, vid, number, amount), dues.get(doc_id))
            if new != (vs0, st0, due0):
                updates.append({"vs": new[0], "st": new[1], "due": new[2], "id": item_id})
        if updates:
            conn.execute(_UPDATE, updates)
        changed += len(updates)
    return changed


def _changed(obj: Any, names: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[n].history.has_changes() for n in names)


_WATCH = {
    "InboxItem": ("document_id", "vendor_id", "amount"),
    "Document": ("vendor_id", "invoice_number", "kind", "total"),
    "Extraction": ("result", "document_id"),
}


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    docs: set[int] = set()
    parties: set[str] = set()
    for obj in list(session.new) + list(session.dirty):
        kind = type(obj).__name__
        new = obj in session.new
        if kind in _WATCH and (new or _changed(obj, _WATCH[kind])):
            doc = obj.id if kind == "Document" else obj.document_id
            if doc is not None:
                docs.add(doc)
        elif kind == "Vendor" and (new or _changed(obj, ("name",))):
            parties.add(obj.vendor_id)
        elif kind == "Policy" and (new or _changed(obj, ("holder_name",))):
            parties.add(obj.policy_number)
    if docs or parties:
        pending = session.info.setdefault("bursar_list_keys", (set(), set(), []))
        pending[0].update(docs)
        pending[1].update(parties)
        # new rows get their ids in the flush: remember the objects, read the ids after it
        pending[2].extend(
            o for o in session.new if type(o).__name__ in ("InboxItem", "Document", "Extraction")
        )


def _after_flush(session: Session, _ctx: Any) -> None:
    pending = session.info.pop("bursar_list_keys", None)
    if not pending:
        return
    docs, parties, new = pending
    for obj in new:
        doc = obj.id if type(obj).__name__ == "Document" else obj.document_id
        if doc is not None:
            docs.add(doc)
    conn = session.connection()
    if parties:
        stmt = text("SELECT document_id FROM inbox_item WHERE vendor_id IN :p").bindparams(
            bindparam("p", expanding=True)
        )
        docs.update(r[0] for r in conn.execute(stmt, {"p": sorted(parties)}))
    if docs:
        refresh(conn, docs)


def install() -> None:
    """Keep the keys on every ORM session (idempotent)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
