"""The ingest pipeline: store -> extract -> classify -> evaluate rules -> decide -> route.

Every stage is a function of the document's sha256 and the versions used, with its
inputs and outputs in the database and the document store (never in process
memory), so a stage can move to a worker process or machine unchanged
(ARCHITECTURE.md 6). Every stage is audited. A failure in any stage records the
reason and sends the document to the inbox as ``rejected``: nothing is lost.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bursar import __version__, audit
from bursar.config import get_settings
from bursar.db import session_scope
from bursar.errors import BursarError, InputError
from bursar.ingest.context import extraction_context, learn_from
from bursar.ingest.routing import record_decision, record_rejection
from bursar.ingest.snapshot import Snapshot, scoped_snapshot
from bursar.ingest.stages import (
    Claim,
    claim,
    claim_fresh_autocommit,
    lock_document,
    mark_decided,
    outcome,
)
from bursar.observe import drift, metrics, shadow
from bursar.records import Document, Extraction
from bursar.store import DocumentStore, default_store
from rules.packs import RulePack, load_pack

ACCEPTED_SUFFIXES = {
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".xml",
    ".x12",
    ".837",
    ".edi",
}


@dataclass
class IngestResult:
    """What happened to one file; ``to_json`` is the decision contract (4.3)."""

    sha256: str
    file: str
    kind: str = "other"
    status: str = "rejected"
    findings: list[dict[str, Any]] = field(default_factory=list)
    inbox_item: int | None = None
    document_id: int | None = None
    error: dict[str, str] | None = None
    resumed: bool = False  # an earlier, interrupted run had started this document
    pending: bool = False  # queued on PostgreSQL, not decided yet
    # The error is a system condition (store or database full, read-only), not bad input:
    # the CLI exits 1 for it, not 2. Not part of the JSON contract.
    system: bool = False

    def to_json(self) -> dict[str, Any]:
        out = {
            "sha256": self.sha256,
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "findings": self.findings,
            "inbox_item": self.inbox_item,
        }
        if self.error:
            out["error"] = self.error
        if self.resumed:
            out["resumed"] = True
        if self.pending:
            out["pending"] = True
            out["document_id"] = self.document_id
        return out


# --- stage 1: keep the original ------------------------------------------------------------------


def store_original(
    session: Session, path: Path, store: DocumentStore, *, actor: str, source: str
) -> tuple[Document, bool]:
    """Store the file's bytes and its Document row; return (document, is_new)."""
    stored = store.put_file(path)
    doc = session.exec(select(Document).where(Document.sha256 == stored.sha256)).first()
    if doc is not None:
        audit.append(
            session,
            actor,
            "document.duplicate_ingest" if doc.stage == "decided" else "document.resume_ingest",
            f"document/{doc.id}",
            {"file": path.name, "source": source, "sha256": stored.sha256},
        )
        metrics.DOCUMENTS.labels("receive", "duplicate").inc()
        return doc, False
    metrics.DOCUMENTS.labels("receive", "new").inc()
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    doc = Document(
        sha256=stored.sha256,
        filename=path.name,
        media_type=media,
        size=stored.size,
        source=source,
        status="received",
    )
    session.add(doc)
    session.flush()
    audit.append(
        session,
        actor,
        "document.received",
        f"document/{doc.id}",
        {"file": path.name, "source": source, "sha256": stored.sha256, "size": stored.size},
    )
    return doc, True


# --- stage 2: extraction (pure; may run in a worker process) -----------------------------------


def extract_stored(sha256: str, filename: str) -> dict[str, Any]:
    """Return the contract-4.1 extraction of a stored original, or ``{"error": ...}``.

    Runs in worker processes, so it takes and returns plain data only. Timed and counted
    in ``bursar.observe.metrics`` (the process it runs in exposes the figures).
    """
    with metrics.timed("extract"):
        result = _extract_stored(sha256, filename)
    metrics.record_extraction(result)
    return result


def _extract_stored(sha256: str, filename: str) -> dict[str, Any]:
    import extractors

    settings = get_settings()
    path = default_store().path_for(sha256)
    kind_model = field_model = None
    model_versions: dict[str, str] = {}
    warnings: list[str] = []
    try:
        import models

        kind_model, field_model, model_versions = models.load_plugins(settings)
        metrics.hook_models()
        if settings.inference_service and not settings.is_sqlite:
            from bursar.engine.inference import served  # one batching worker runs them

            kind_model, field_model = (
                m and served(m, settings.inference_timeout_s) for m in (kind_model, field_model)
            )
    except Exception as exc:  # the pipeline never fails for lack of a model
        warnings.append(f"models unavailable ({type(exc).__name__}); rule-based extraction")
    try:
        ctx = extraction_context(settings, kind_classifier=kind_model, field_scorer=field_model)
        result = extractors.extract(path, ctx)
    except BursarError as exc:
        message = exc.one_line().replace(str(path), filename)
        return {"error": {"code": exc.code, "message": message}}
    except Exception as exc:  # a bug in extraction must not lose the document
        return {
            "error": {
                "code": "extraction_failed",
                "message": f"extraction failed: {type(exc).__name__}: {exc}",
            }
        }
    result["file"] = filename
    result["sha256"] = sha256
    result.setdefault("versions", {}).update(model_versions)
    result["versions"]["bursar"] = __version__
    if kind_model is None or field_model is None:
        warnings.append(
            "no trained model active for "
            + ", ".join(n for n, m in (("kind", kind_model), ("fields", field_model)) if m is None)
            + "; rule-based path used"
        )
    result["warnings"] = list(result.get("warnings") or []) + warnings
    return result


# --- stage 3: decide and route ------------------------------------------------------------------


def decide(
    session: Session,
    doc: Document,
    extraction: dict[str, Any],
    pack: RulePack,
    *,
    actor: str,
    snapshot: Snapshot | None = None,
) -> IngestResult:
    """Evaluate the rules on one extraction, record the decision, route exceptions.

    ``snapshot`` is the batch's master data and history; without one they are read now.
    """
    with metrics.timed("decide"):
        result = _decide(session, doc, extraction, pack, actor=actor, snapshot=snapshot)
    metrics.record_decision(result.status)
    return result


def _decide(
    session: Session,
    doc: Document,
    extraction: dict[str, Any],
    pack: RulePack,
    *,
    actor: str,
    snapshot: Snapshot | None,
) -> IngestResult:
    if "error" in extraction:
        mark_decided(doc)
        item = record_rejection(session, doc, extraction["error"], actor=actor)
        return IngestResult(
            doc.sha256,
            doc.filename,
            status="rejected",
            inbox_item=item,
            document_id=doc.id,
            error=extraction["error"],
        )
    row = Extraction(document_id=doc.id, result=extraction, versions=extraction.get("versions"))
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor,
        "document.extracted",
        f"document/{doc.id}",
        {
            "extraction": row.id,
            "kind": extraction.get("kind"),
            "text_source": extraction.get("text_source"),
            "versions": extraction.get("versions"),
            "warnings": extraction.get("warnings"),
        },
    )

    learn_from(session, doc, extraction)  # an e-invoice teaches its vendor's layout
    shadow.record(session, doc, extraction)  # candidates in shadow read it too (never acted on)
    return _evaluate_and_record(
        session, doc, extraction, pack, actor=actor, snapshot=snapshot, first=True
    )


def _evaluate_and_record(
    session: Session,
    doc: Document,
    extraction: dict[str, Any],
    pack: RulePack,
    *,
    actor: str,
    redecided: bool = False,
    snapshot: Snapshot | None = None,
    first: bool = False,
) -> IngestResult:
    """Run the rules against master data and history; record and route the result.

    ``first``: this is the document's first decision, which marks it ``decided``.
    """
    from rules.engine import evaluate

    books = snapshot or scoped_snapshot(session, exclude_document=doc.id)
    decision = evaluate(extraction, books.master, books.history, pack)
    decision = drift.review(session, doc, extraction, decision, observe=not redecided)
    if first:  # after the history reads, so the row is written once, with the decision
        mark_decided(doc)
    item = record_decision(
        session,
        doc,
        extraction,
        decision,
        pack,
        actor=actor,
        redecided=redecided,
        gl=gl_codes(extraction, decision),
    )
    if snapshot is not None:
        snapshot.remember(doc, decision, extraction)
    return IngestResult(
        doc.sha256,
        doc.filename,
        kind=decision.kind,
        status=decision.status,
        findings=[f.to_json() for f in decision.findings],
        inbox_item=item,
        document_id=doc.id,
    )


def gl_codes(extraction: dict[str, Any], decision: Any) -> tuple[dict[int, str], str | None]:
    """Return GL accounts proposed for invoice lines no PO line covers, and the coder version.

    Lines matched to a PO take their coding from the PO; the rest (utilities, services
    without a PO) get the GL coder's top proposal, when a coder is trained. Never fails.
    """
    if decision.kind not in ("invoice", "credit_note"):
        return {}, None
    covered = {a.invoice_line for a in decision.assignments if a.po_line is not None}
    todo = [
        (i, str(line.get("description")))
        for i, line in enumerate(extraction.get("lines") or [], start=1)
        if i not in covered and line.get("description")
    ]
    if not todo:
        return {}, None
    try:
        import models

        coder = models.load_gl_coder()
        if coder is None:
            return {}, None
        top = coder.suggest_many([(d, decision.vendor_id or "") for _, d in todo], k=1)
    except Exception:  # a broken coder must not stop the pipeline
        return {}, None
    return {i: best[0][0] for (i, _), best in zip(todo, top, strict=True) if best}, coder.version


def redecide_in(
    session: Session, document_id: int, *, actor: str, pack: RulePack | None = None
) -> IngestResult:
    """Re-run the rules on a document's latest extraction inside the caller's transaction.

    The inbox uses it so that a correction and the decision it leads to commit together.
    """
    doc = session.get(Document, document_id)
    if doc is None:
        raise InputError(f"no document {document_id}", code="not_found")
    latest = session.exec(
        select(Extraction)
        .where(Extraction.document_id == document_id)
        .order_by(col(Extraction.id).desc())
    ).first()
    if latest is None:
        raise InputError(f"document {document_id} has no extraction to re-check")
    return _evaluate_and_record(
        session, doc, latest.result, pack or current_pack(), actor=actor, redecided=True
    )


def redecide(document_id: int, *, actor: str, pack: RulePack | None = None) -> IngestResult:
    """Re-run the rules on a document's latest extraction (after a person corrected it)."""
    with session_scope() as session:
        return redecide_in(session, document_id, actor=actor, pack=pack)


# --- one document from where it stopped to its decision --------------------------------------


def process_document(document_id: int, *, actor: str) -> IngestResult:
    """Take one stored document from wherever it stopped to its decision (idempotent).

    This is the whole per-document job: a worker's task calls it; running it again for
    a decided document only returns the decision.
    """
    taken = claim_fresh_autocommit(document_id)  # the common case: one statement
    if taken is None:
        with session_scope() as session:
            taken = claim(session, document_id, actor=actor)
    if taken is None:
        return decided_result(document_id)
    return finish(taken, extract_stored(taken.sha256, taken.filename), actor=actor)


def finish(
    taken: Claim,
    extraction: dict[str, Any],
    *,
    actor: str,
    pack: RulePack | None = None,
    snapshot: Snapshot | None = None,
) -> IngestResult:
    """Record a claimed document's extraction and decision, unless already decided."""
    pack = pack or current_pack()
    with session_scope() as session:
        doc = lock_document(session, taken.document_id)
        if doc is None or doc.stage == "decided":  # another run got there first
            return decided_result(taken.document_id)
        result = decide(session, doc, extraction, pack, actor=actor, snapshot=snapshot)
    result.resumed = taken.attempt > 1
    return result


def decided_result(document_id: int) -> IngestResult:
    """Return a decided (or still waiting) document's result from the database."""
    with session_scope(write=False) as session:
        doc = session.get(Document, document_id)
        if doc is None:
            raise InputError(f"no document {document_id}", code="not_found")
        if doc.stage != "decided":
            return IngestResult(
                doc.sha256, doc.filename, status="queued", document_id=doc.id, pending=True
            )
        out = outcome(session, doc)
    return IngestResult(
        doc.sha256,
        doc.filename,
        kind=out["kind"],
        status=out["status"],
        findings=out["findings"],
        inbox_item=out["inbox_item"],
        document_id=doc.id,
        error=out["error"],
    )


_packs: dict[str, tuple[str, RulePack]] = {}


def current_pack(name: str | None = None) -> RulePack:
    """Return the configured rule pack, parsed again only when its file changed.

    A worker decides one document per job; parsing the YAML for each cost more than
    matching the document.
    """
    import hashlib

    from rules.packs import resolve_path

    path = resolve_path(name or get_settings().rule_pack)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    hit = _packs.get(str(path))
    if hit is not None and hit[0] == digest:
        return hit[1]
    pack = load_pack(path)
    _packs[str(path)] = (digest, pack)
    return pack


__all__ = [
    "ACCEPTED_SUFFIXES",
    "IngestResult",
    "decide",
    "decided_result",
    "extract_stored",
    "finish",
    "process_document",
    "redecide",
    "redecide_in",
    "store_original",
]
