"""The ingest pipeline end to end, with real PDFs from the synthetic corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpuskit import manifest_docs
from sqlmodel import col, func, select

from bursar import audit
from bursar.db import session_scope
from bursar.ingest import ingest_file, ingest_paths
from bursar.records import Document, InboxItem


def _decision_schema(contracts: Path) -> dict:
    return json.loads((contracts / "decision.schema.json").read_text())


def _first_clean(corpus: Path) -> Path:
    doc = next(
        d
        for d in manifest_docs(corpus)
        if d["kind"] == "invoice" and not d["truth_json"].get("expected_findings")
    )
    return corpus / doc["path"]


def test_clean_invoice_is_approved_and_audited(master: Path, contracts: Path) -> None:
    import jsonschema

    result = ingest_file(_first_clean(master))
    out = result.to_json()
    jsonschema.validate(out, _decision_schema(contracts))
    assert out["status"] == "approved", out["findings"]
    assert out["inbox_item"] is None
    with session_scope(write=False) as s:
        actions = [e.action for e in audit.events_for(s, f"document/{result.document_id}")]
        assert audit.verify(s).ok
    assert actions == ["document.received", "document.extracted", "document.decided"]


def test_same_bytes_again_is_a_duplicate_and_changes_nothing(master: Path) -> None:
    path = _first_clean(master)
    first = ingest_file(path)
    with session_scope(write=False) as s:
        docs_before = s.exec(select(func.count()).select_from(Document)).one()
    again = ingest_file(path)
    assert again.status == "duplicate" and again.sha256 == first.sha256
    with session_scope(write=False) as s:
        assert s.exec(select(func.count()).select_from(Document)).one() == docs_before
        actions = [e.action for e in audit.events_for(s, f"document/{first.document_id}")]
    assert actions[-1] == "document.duplicate_ingest"


@pytest.mark.parametrize(
    "payload,code",
    [
        (b"", "empty"),
        (b"%PDF-1.7\n garbage that is not a PDF", "corrupt"),
        (b"just some text", "unsupported_type"),
    ],
)
def test_unreadable_file_is_kept_rejected_and_in_the_inbox(
    master: Path, tmp_path: Path, payload: bytes, code: str
) -> None:
    bad = tmp_path / "scan-0042.pdf"
    bad.write_bytes(payload)
    result = ingest_file(bad)
    assert result.status == "rejected" and result.error["code"] == code
    assert "Traceback" not in result.error["message"]
    if payload:  # an empty file has nothing to keep; everything else is stored first
        with session_scope(write=False) as s:
            doc = s.exec(select(Document).where(Document.sha256 == result.sha256)).one()
            item = s.get(InboxItem, result.inbox_item)
        assert doc.status == "rejected" and doc.error
        assert item.reason == "rejected" and item.status == "open"


def test_every_rule_code_is_caught_and_clean_documents_pass(master: Path) -> None:
    """Contract 4.3: each injected discrepancy is found from the real PDF; clean ones pass."""
    from decimal import Decimal

    from rules.packs import load_pack

    pack = load_pack("default")
    docs = manifest_docs(master)
    results = ingest_paths([master / d["path"] for d in docs], workers=1)
    missed, wrongly_held, covered = [], [], set()
    for doc, result in zip(docs, results, strict=True):
        expected = set(doc["truth_json"].get("expected_findings") or ())
        fields = doc["truth_json"]["fields"]
        limit = pack.approval_limit(fields.get("currency", {}).get("value"))
        total = fields.get("total", {}).get("value")
        if not expected and total and limit is not None and Decimal(total) > limit:
            expected = {"approval_required"}  # clean, but above the auto-approval limit
        blocking = {f["rule"] for f in result.findings if f["severity"] == "block"}
        if expected:
            covered |= expected
            if not expected <= blocking:
                missed.append((doc["name"], sorted(expected), sorted(blocking)))
        elif result.status != "approved":
            wrongly_held.append((doc["name"], doc["layout"], sorted(blocking)))
    assert not missed, f"discrepancies not caught: {missed}"
    assert not wrongly_held, f"clean documents held: {wrongly_held}"
    from devkit.synth import RULE_CODES

    assert covered - {"approval_required"} == set(RULE_CODES)


def test_exceptions_reach_the_inbox_with_their_reason(master: Path) -> None:
    docs = [d for d in manifest_docs(master) if d["truth_json"].get("expected_findings")]
    results = ingest_paths([master / d["path"] for d in docs[:3]], workers=1)
    with session_scope(write=False) as s:
        items = s.exec(
            select(InboxItem).where(col(InboxItem.id).in_([r.inbox_item for r in results]))
        ).all()
    assert len(items) == 3 and all(i.reason for i in items)
