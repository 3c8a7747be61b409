"""Drift per vendor: a real pipeline run where one vendor's documents change.

A vendor sends born-digital invoices, then switches to scanned, noisy ones (what the
extractor reads with lower and missing confidences). The drift alert names the vendor,
the model and the signal within the window, that vendor's documents go to review with a
``drift_review`` finding until a person clears the alert, other vendors are untouched,
and a stable stream raises nothing.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from bursar.observe import drift


@pytest.fixture
def drift_settings(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bursar.config import reset_settings

    monkeypatch.setenv("BURSAR_DRIFT_REFERENCE_DOCS", "20")
    monkeypatch.setenv("BURSAR_DRIFT_WINDOW_DOCS", "8")
    reset_settings()


def _vendors(rng: random.Random, n: int) -> list:
    from devkit.synth import specs

    used: set[str] = set()
    return [specs.random_vendor(rng, f"V{i + 1:04d}", "classic", used) for i in range(n)]


def _master(path: Path, vendors: list) -> None:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["vendor_id", "name", "tax_id", "iban", "currency", "aliases"])
        for v in vendors:
            w.writerow([v.vendor_id, v.party.name, v.party.tax_id or "", v.party.iban or "",
                        v.locale.currency, "|".join(v.aliases)])  # fmt: skip


def _invoices(rng: random.Random, vendor, out: Path, n: int, start: int, *, scan: bool) -> list:  # type: ignore[no-untyped-def]
    from devkit.synth import specs
    from devkit.synth.render import render
    from devkit.synth.scan import rasterise

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        spec = specs.random_invoice(rng, vendor=vendor, name=f"{vendor.vendor_id}-{i}", seq=i)
        pdf = render(spec)
        if scan:
            path = out / f"{vendor.vendor_id}-{i:04d}.png"
            path.write_bytes(rasterise(pdf, dpi=150, rotate=1.0, noise=8, blur=0.8,
                                       jpeg_quality=60))  # fmt: skip
        else:
            path = out / f"{vendor.vendor_id}-{i:04d}.pdf"
            path.write_bytes(pdf)
        paths.append(path)
    return paths


def _setup(tmp_path: Path, n_vendors: int = 2) -> list:
    from bursar.db import session_scope
    from bursar.masterdata import import_csv

    vendors = _vendors(random.Random(11), n_vendors)
    _master(tmp_path / "vendors.csv", vendors)
    with session_scope() as session:
        import_csv(session, "vendors", tmp_path / "vendors.csv")
    return vendors


def test_a_vendor_switching_to_scans_raises_drift_and_goes_to_review(
    db_url: str, tmp_path: Path, drift_settings: None
) -> None:
    from sqlmodel import select

    from bursar import alerts
    from bursar.db import session_scope
    from bursar.ingest.batch import ingest_paths
    from bursar.records import Alert, AuditEvent

    rng = random.Random(5)
    changer, steady = _setup(tmp_path)
    before = _invoices(rng, changer, tmp_path / "a", 24, 1, scan=False)
    results = ingest_paths(before, workers=1)
    assert all(drift.RULE not in {f["rule"] for f in r.findings} for r in results)

    scans = _invoices(rng, changer, tmp_path / "b", 20, 100, scan=True)
    caught = None
    for n, path in enumerate(scans, start=1):
        (res,) = ingest_paths([path], workers=1)
        if drift.RULE in {f["rule"] for f in res.findings}:
            caught = n
            assert res.status == "exception"
            break
    assert caught is not None and caught <= 20, "drift not detected within 20 documents"

    with session_scope(write=False) as session:
        (alert,) = session.exec(select(Alert).where(Alert.kind == "drift")).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "drift.detected"))
        assert len(events.all()) == 1
    assert alert.subject == f"vendor/{changer.vendor_id}"
    assert "model rules" in alert.message and "field confidence" in alert.message

    # a clean, born-digital document of that vendor still goes to review; another vendor's not
    (held,) = ingest_paths(_invoices(rng, changer, tmp_path / "c", 1, 500, scan=False))
    (other,) = ingest_paths(_invoices(rng, steady, tmp_path / "d", 1, 1, scan=False))
    assert held.findings[0]["rule"] == drift.RULE and held.status == "exception"
    assert drift.RULE not in {f["rule"] for f in other.findings}

    with session_scope() as session:  # a person clears it: the vendor's norm starts again
        alerts.acknowledge(session, int(alert.id), "admin")  # type: ignore[arg-type]
    (after,) = ingest_paths(_invoices(rng, changer, tmp_path / "e", 1, 600, scan=False))
    assert drift.RULE not in {f["rule"] for f in after.findings}


def test_a_stable_stream_raises_no_drift(db_url: str, tmp_path: Path, drift_settings: None) -> None:
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.ingest.batch import ingest_paths
    from bursar.records import Alert

    rng = random.Random(6)
    vendors = _setup(tmp_path, 3)
    paths = []
    for k, v in enumerate(vendors):
        paths += _invoices(rng, v, tmp_path / f"v{k}", 40, 1, scan=False)
    rng.shuffle(paths)
    results = ingest_paths(paths, workers=1)
    assert len(results) == 120
    assert not any(drift.RULE in {f["rule"] for f in r.findings} for r in results)
    with session_scope(write=False) as session:
        assert session.exec(select(Alert).where(Alert.kind == "drift")).all() == []


def test_score_flags_a_shift_and_not_noise() -> None:
    rng = random.Random(1)
    ref = [min(1.0, rng.gauss(0.96, 0.02)) for _ in range(300)]
    same = [min(1.0, rng.gauss(0.96, 0.02)) for _ in range(150)]
    lower = [min(1.0, rng.gauss(0.85, 0.05)) for _ in range(150)]
    assert not drift.score(ref, same).drifted(0.25, 0.01)
    shifted = drift.score(ref, lower)
    assert shifted.drifted(0.25, 0.01) and shifted.mean_now < shifted.mean_ref
