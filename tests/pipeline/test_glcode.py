"""GL coding in the pipeline: lines no PO line covers get the trained coder's proposal."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpuskit import manifest_docs
from sqlmodel import col, select

from bursar.db import session_scope
from bursar.ingest import ingest_file
from bursar.records import Decision, DocumentLine


class _Coder:
    version = "glcode@7"

    def suggest_many(self, lines, k=3):
        return [[("6100", 0.9)] if d else [("6000", 0.5)] for d, _vendor in lines]


@pytest.fixture
def coder(monkeypatch: pytest.MonkeyPatch) -> _Coder:
    import models

    fake = _Coder()
    monkeypatch.setattr(models, "load_gl_coder", lambda settings=None: fake)
    return fake


def _decided(document_id: int) -> tuple[list[DocumentLine], Decision]:
    with session_scope(write=False) as s:
        lines = s.exec(select(DocumentLine).where(DocumentLine.document_id == document_id))
        decision = s.exec(
            select(Decision)
            .where(Decision.document_id == document_id)
            .order_by(col(Decision.id).desc())
        ).first()
        return list(lines), decision


def test_lines_without_a_po_get_a_gl_account(master: Path, coder: _Coder) -> None:
    doc = next(
        d
        for d in manifest_docs(master)
        if "po_not_found" in (d["truth_json"].get("expected_findings") or ())
    )
    result = ingest_file(master / doc["path"])
    lines, decision = _decided(result.document_id)
    assert lines and all(ln.gl_account == "6100" and ln.po_line is None for ln in lines)
    assert decision.versions["glcode"] == "glcode@7"


def test_lines_matched_to_a_po_are_not_recoded(master: Path, coder: _Coder) -> None:
    doc = next(
        d
        for d in manifest_docs(master)
        if d["kind"] == "invoice" and not d["truth_json"].get("expected_findings")
    )
    result = ingest_file(master / doc["path"])
    lines, decision = _decided(result.document_id)
    assert lines and all(ln.po_line and ln.gl_account is None for ln in lines)
    assert "glcode" not in decision.versions


def test_redeciding_after_a_correction_keeps_the_gl_coding(master: Path, coder: _Coder) -> None:
    from bursar.ingest.process import redecide

    doc = next(
        d
        for d in manifest_docs(master)
        if "po_not_found" in (d["truth_json"].get("expected_findings") or ())
    )
    first = ingest_file(master / doc["path"])
    again = redecide(first.document_id, actor="alice")
    lines, decision = _decided(again.document_id)
    assert lines and all(ln.gl_account == "6100" for ln in lines)
    assert decision.decided_by == "alice" and decision.versions["glcode"] == "glcode@7"
