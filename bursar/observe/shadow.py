"""Shadow runs: a candidate model reads live documents beside the active one.

``bursar models shadow NAME VERSION`` marks a registered version as the shadow of its
model (``models.registry.set_shadow``). While one is set, every document the pipeline
decides is read a second time with the candidate in place of the active model, and what
it read goes to ``model_shadow`` (kind and header field values). Nothing acts on it: the
decision, its findings and its ``versions`` are the active model's alone.

Promotion then compares the two on the documents people have since confirmed: approved in
the inbox without a correction (what the active model read is the truth), or corrected
(the corrected values are the truth). With fewer than ``shadow_min_confirmed`` of them,
``live_comparison`` returns None and the registry compares on the held-out set.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from bursar.config import Settings, get_settings
from bursar.records import Document, Extraction, InboxItem, ModelShadow

log = logging.getLogger("bursar.shadow")

SLOTS = {"kind": "classifier", "fields": "labeler"}  # the extraction's ``versions`` keys


def reading(result: Mapping[str, Any]) -> dict[str, Any]:
    """Return what a model read: the kind and the header fields' values."""
    fields = result.get("fields") or {}
    values = {k: v.get("value") for k, v in fields.items() if isinstance(v, Mapping)}
    return {"kind": result.get("kind"), "fields": values}


def record(session: Session, doc: Document, extraction: Mapping[str, Any]) -> int:
    """Read ``doc`` with every shadow candidate and record what each read; return how many.

    A failing candidate is logged and skipped: a shadow never holds up a document."""
    settings = get_settings()
    done = 0
    for name in SLOTS:
        if not (settings.models_dir / name / "shadow").is_file():  # (no torch import then)
            continue
        from models import registry

        version = registry.shadow_version(settings.models_dir, name)
        if version is None:
            continue
        try:
            output = _read_with(doc, name, version, settings)
        except Exception as exc:
            log.warning("shadow %s@%s on document %s failed: %s", name, version, doc.id, exc)
            continue
        active = (extraction.get("versions") or {}).get(SLOTS[name]) or "rules"
        session.add(ModelShadow(document_id=doc.id or 0, model=name,
                                candidate=f"{name}@{version}", active=str(active),
                                output=output))  # fmt: skip
        done += 1
    return done


def _read_with(doc: Document, name: str, version: int, settings: Settings) -> dict[str, Any]:
    import extractors
    import models
    from bursar.ingest.context import extraction_context
    from bursar.store import default_store
    from models import registry

    kind, fields, _ = models.load_plugins(settings)
    candidate = registry.load_version(name, version, settings)
    if name == "kind":
        kind = candidate
    else:
        fields = candidate
    ctx = extraction_context(settings, kind_classifier=kind, field_scorer=fields)
    return reading(extractors.extract(default_store().path_for(doc.sha256), ctx))


def _truths(session: Session, ids: list[int]) -> dict[int, tuple[dict, dict]]:
    """Return {document: (what the active model read, the confirmed truth)} for confirmed ones."""
    rows = session.exec(
        select(Extraction).where(col(Extraction.document_id).in_(ids)).order_by(col(Extraction.id))
    ).all()
    first: dict[int, dict] = {}
    fixed: dict[int, dict] = {}
    for r in rows:
        if r.corrected:
            fixed[r.document_id] = r.result or {}
        else:
            first.setdefault(r.document_id, r.result or {})
    approved = set(
        session.exec(
            select(InboxItem.document_id)
            .where(col(InboxItem.document_id).in_(ids))
            .where(InboxItem.status == "approved")
            .where(col(InboxItem.decided_by).is_not(None))
        ).all()
    )
    out = {}
    for doc_id, result in first.items():
        if doc_id in fixed:
            out[doc_id] = (reading(result), reading(fixed[doc_id]))
        elif doc_id in approved:
            out[doc_id] = (reading(result), reading(result))
    return out


def _score(name: str, got: dict, truth: dict) -> tuple[int, int]:
    """Return (right, counted) of one reading against the truth."""
    if name == "kind":
        return int(got.get("kind") == truth.get("kind")), 1
    want = {k: v for k, v in (truth.get("fields") or {}).items() if v is not None}
    have = got.get("fields") or {}
    return sum(str(have.get(k)) == str(v) for k, v in want.items()), len(want)


def live_comparison(
    session: Session, name: str, version: int, settings: Settings | None = None
) -> dict[str, Any] | None:
    """Return candidate vs active accuracy on confirmed live documents, or None when fewer
    than ``shadow_min_confirmed`` of the candidate's shadowed documents are confirmed."""
    settings = settings or get_settings()
    shadows = session.exec(
        select(ModelShadow).where(ModelShadow.candidate == f"{name}@{version}")
    ).all()
    latest = {s.document_id: s for s in shadows}
    truths = _truths(session, list(latest))
    if len(truths) < settings.shadow_min_confirmed:
        return None
    cand = act = n = 0
    actives: set[str] = set()
    for doc_id, (active_read, truth) in truths.items():
        c, k = _score(name, latest[doc_id].output or {}, truth)
        a, _ = _score(name, active_read, truth)
        cand, act, n = cand + c, act + a, n + k
        actives.add(latest[doc_id].active)
    metric = "live kind accuracy" if name == "kind" else "live field accuracy"
    return {
        "metric": metric,
        "candidate": round(cand / max(n, 1), 4),
        "active": round(act / max(n, 1), 4),
        "active_version": ", ".join(sorted(actives)),
        "documents": len(truths),
        "source": "confirmed live documents",
    }
