"""The retrain a drift alert proposes: the documents people corrected, as a training set.

Each correction already writes the corrected extraction to ``BURSAR_HOME/corrections/
<sha256>.json`` (``bursar.inbox.corrections``), the format ``bursar models train
--corrections`` reads. This lists those documents per vendor and the model that read them,
so the model owner sees what a retrain would learn from (``bursar models corrections``).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from bursar.config import get_settings
from bursar.observe.metrics import labeller_of
from bursar.records import Correction, Document, Extraction


def corrected_documents(
    session: Session, *, vendor: str | None = None, model: str | None = None
) -> list[dict[str, Any]]:
    """Return one row per corrected document: id, sha256, vendor, the model that read it,
    the fields corrected, when, and the training example's path."""
    stmt = (
        select(
            Correction.document_id,
            Correction.field,
            Correction.at,
            Document.sha256,
            Document.vendor_id,
        )  # fmt: skip
        .join(Document, col(Document.id) == col(Correction.document_id))
        .order_by(col(Correction.document_id), col(Correction.id))
    )
    if vendor:
        stmt = stmt.where(Document.vendor_id == vendor)
    rows: dict[int, dict[str, Any]] = {}
    folder = get_settings().home_dir / "corrections"
    for doc_id, field, at, sha, vendor_id in session.exec(stmt).all():
        row = rows.setdefault(
            int(doc_id),
            {"document_id": int(doc_id), "sha256": sha, "vendor_id": vendor_id, "fields": [],
             "last_corrected": None, "example": str(folder / f"{sha}.json")},
        )  # fmt: skip
        if field not in row["fields"]:
            row["fields"].append(field)
        row["last_corrected"] = at.isoformat() if at else row["last_corrected"]
    if not rows:
        return []
    first = session.exec(
        select(Extraction.document_id, Extraction.result)
        .where(col(Extraction.document_id).in_(list(rows)))
        .where(col(Extraction.corrected).is_(False))
    ).all()
    for doc_id, result in first:
        rows[int(doc_id)]["model"] = labeller_of(result or {})
    out = [r for r in rows.values() if model is None or r.get("model") == model]
    for r in out:
        r.setdefault("model", "rules")
        r["fields"].sort()
    return out
