"""Drift by corrections and by low-confidence share, per vendor and model.

A vendor's documents are read as well as ever by the extractor (same confidences), but
people start correcting them: the correction-rate signal raises the alert, names the
vendor, the model and the signal, routes the vendor's documents to review until a person
clears it, and ``bursar models corrections`` lists the corrected documents as a training set.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from test_drift import _invoices, _setup

from bursar.observe import drift


@pytest.fixture
def small_windows(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bursar.config import reset_settings

    monkeypatch.setenv("BURSAR_DRIFT_REFERENCE_DOCS", "8")
    monkeypatch.setenv("BURSAR_DRIFT_WINDOW_DOCS", "6")
    monkeypatch.setenv("BURSAR_DRIFT_CORRECTION_RISE", "0.5")
    reset_settings()


def test_corrections_piling_up_raise_drift_and_propose_a_retrain(
    db_url: str, tmp_path: Path, small_windows: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlmodel import select

    from bursar import alerts
    from bursar.cli import main
    from bursar.db import session_scope
    from bursar.inbox.corrections import correct_and_redecide
    from bursar.inbox.users import Person
    from bursar.ingest.batch import ingest_paths
    from bursar.records import Alert, AuditEvent

    rng = random.Random(3)
    (vendor,) = _setup(tmp_path, 1)
    norm = ingest_paths(_invoices(rng, vendor, tmp_path / "a", 8, 1, scan=False), workers=1)
    window = ingest_paths(_invoices(rng, vendor, tmp_path / "b", 6, 50, scan=False), workers=1)
    assert all(drift.RULE not in {f["rule"] for f in r.findings} for r in norm + window)

    clerk = Person("clerk1", "clerk", None)
    for k, res in enumerate(window):  # people correct the new documents' invoice numbers
        assert res.document_id is not None
        correct_and_redecide(res.document_id, clerk, "invoice_number", f"FIXED-{k}")

    (held,) = ingest_paths(_invoices(rng, vendor, tmp_path / "c", 1, 90, scan=False))
    assert held.status == "exception" and held.findings[0]["rule"] == drift.RULE
    with session_scope(write=False) as session:
        (alert,) = session.exec(select(Alert).where(Alert.kind == "drift")).all()
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "drift.detected"))
    assert alert.subject == f"vendor/{vendor.vendor_id}"
    assert "signal corrections" in alert.message and "model " in alert.message
    detail = json.loads(event.data)  # the window holds the new, not yet corrected, document
    assert detail["signal"] == "corrections" and detail["rate_now"] == pytest.approx(
        5 / 6, abs=1e-3
    )

    capsys.readouterr()  # the retrain proposal: the corrected documents as a training set
    assert main(["models", "corrections", "--vendor", vendor.vendor_id, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["document_id"] for r in rows) == sorted(r.document_id for r in window)
    assert all(r["fields"] == ["invoice_number"] and Path(r["example"]).is_file() for r in rows)

    with session_scope() as session:  # a person clears it: the norm starts again
        alerts.acknowledge(session, int(alert.id), "admin")  # type: ignore[arg-type]
    (after,) = ingest_paths(_invoices(rng, vendor, tmp_path / "d", 1, 95, scan=False))
    assert drift.RULE not in {f["rule"] for f in after.findings}


NAMES = ["invoice_number", "invoice_date", "total", "currency", "vendor_name", "due_date"]


def _doc(conf: float | random.Random) -> dict:
    """One document's header fields: all at ``conf``, or each drawn from a stable mix."""

    def one() -> float:
        return conf.choice([0.9, 0.95, 0.97, 0.99]) if isinstance(conf, random.Random) else conf

    return {"fields": {k: {"value": "x", "confidence": one()} for k in NAMES}}


def test_judge_names_each_signal(home: Path) -> None:
    from bursar.config import get_settings

    settings = get_settings()
    rng = random.Random(2)
    norm = [_doc(rng) for _ in range(30)]
    same = [_doc(rng) for _ in range(15)]
    assert drift.judge(norm, same, settings).state == "stable"
    assert drift.judge(norm[:0], same, settings).state == "learning"

    # a third of the documents read far below the low-confidence mark
    low = [_doc(0.99) if k % 3 else _doc(0.3) for k in range(15)]
    assert drift.judge(norm, low, settings).signal == "field_confidence"
    deaf = settings.model_copy(update={"drift_psi_threshold": 99.0})  # PSI alone would not
    v = drift.judge(norm, low, deaf)
    assert v.state == "drift" and v.signal == "low_confidence"
    assert v.detail["share_ref"] == 0 and v.detail["share_now"] == pytest.approx(1 / 3)

    fixed = drift.judge(norm, same, settings, [False] * 30, [True] * 8 + [False] * 7)
    assert fixed.state == "drift" and fixed.signal == "corrections"
    assert fixed.detail["rate_ref"] == 0 and fixed.detail["rate_now"] == pytest.approx(8 / 15)
    calm = drift.judge(norm, same, settings, [k % 5 == 0 for k in range(30)], [False] * 15)
    assert calm.state == "stable"
