"""``desktop_entry`` keys an approved invoice into the Tk program under a real Xvfb."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from devkit.sandbox import desktop as sandbox_desktop

pytestmark = pytest.mark.skipif(
    not Path(sandbox_desktop.XVFB).exists(), reason="Xvfb is not installed"
)
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def screen() -> Iterator[sandbox_desktop.Desktop]:
    desk = sandbox_desktop.start()
    yield desk
    sandbox_desktop.stop(desk)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from devkit.synth import generate

    out = tmp_path_factory.mktemp("deskcorpus")
    generate(out, count=2, seed=21, scans=False, claims=False, einvoices=False)
    return out


@pytest.fixture
def approved(
    db_url: str,
    corpus: Path,
    screen: sandbox_desktop.Desktop,
    monkeypatch: pytest.MonkeyPatch,
) -> list[int]:
    """Two invoices ingested against their master data (approved), the bot wired to the
    sandbox desktop through the sandbox state, as ``bursar sandbox up`` does."""
    from bursar.ingest import ingest_paths
    from devkit.demo import import_master
    from devkit.sandbox import state

    Path(screen.data_file).unlink(missing_ok=True)
    import_master(corpus / "master")
    results = ingest_paths(sorted((corpus / "docs").glob("inv-*.pdf")), actor="test", workers=1)
    assert [r.status for r in results] == ["approved", "approved"]
    state.save({"systems": {"desktop": sandbox_desktop.entry(screen)}})
    monkeypatch.setenv("DISPLAY", screen.display)
    return [r.document_id for r in results]


def _entries(desk: sandbox_desktop.Desktop) -> list[dict]:
    from devkit.sandbox.desktop_app import read_entries

    return read_entries(Path(desk.data_file))


def _documents(ids: list[int]) -> list:
    from bursar.db import session_scope
    from bursar.records import Document, Vendor

    with session_scope(write=False) as s:
        out = []
        for i in ids:
            d = s.get(Document, i)
            out.append((s.get(Vendor, d.vendor_id).name, d.invoice_number, d.invoice_date, d.total))
        return out


@pytest.mark.slow
@SQLITE
def test_desktop_bot_enters_approved_invoices_and_the_file_shows_them(
    approved: list[int], screen: sandbox_desktop.Desktop
) -> None:
    import bots
    from bots.records import WorkItem
    from bursar.db import session_scope

    result = bots.run("desktop_entry")
    assert result.status == "succeeded", result.message
    assert result.items == {"new": 2, "done": 2}
    saved = _entries(screen)
    expected = _documents(approved)
    assert [(e["vendor"], e["invoice_number"], e["date"], Decimal(e["amount"])) for e in saved] == [
        (v, n, d.isoformat(), Decimal(t)) for v, n, d, t in expected
    ]
    assert [e["entry"] for e in saved] == ["AP-000001", "AP-000002"]
    with session_scope(write=False) as s:
        items = s.exec(select(WorkItem).where(WorkItem.bot == "desktop_entry")).all()
        assert sorted(i.erp_document for i in items) == ["AP-000001", "AP-000002"]

    # nothing is keyed twice: both are posted, so nothing waits; and even when Bursar forgot
    # (items and postings gone, as after a crash between Save and record) it finds the entry
    again = bots.run("desktop_entry")
    assert again.items == {}
    from bursar import postings
    from bursar.records import Posting

    with session_scope() as s:
        assert postings.posted(s, "desktop") == {i.document_ids[0]: i.erp_document for i in items}
        for i in s.exec(select(WorkItem).where(WorkItem.bot == "desktop_entry")).all():
            s.delete(i)
        for p in s.exec(select(Posting)).all():
            s.delete(p)
    third = bots.run("desktop_entry")
    assert third.items == {"new": 2, "skipped": 2}
    assert len(_entries(screen)) == 2


@pytest.mark.slow
@SQLITE
def test_a_refusal_by_the_program_is_a_business_error_read_from_its_banner(
    approved: list[int], screen: sandbox_desktop.Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The program refuses a vendor name longer than its column; the bot reads the banner,
    fails that item as a business error (no retry, a screenshot kept) and keys the next."""
    import bots
    from bots.records import BotArtefact, WorkItem
    from bursar.config import reset_settings
    from bursar.db import session_scope
    from bursar.records import Document, Vendor

    with session_scope() as s:
        vendor = s.get(Vendor, s.get(Document, approved[0]).vendor_id)
        vendor.name = "Rousseau Industrie et Fournitures Generales SARL"  # 48 > 35
        s.add(vendor)
    monkeypatch.setenv("BURSAR_BOTS", json.dumps({"desktop_entry": {"max_attempts": 3}}))
    reset_settings()

    result = bots.run("desktop_entry")
    assert result.status == "succeeded", result.message
    assert result.items == {"new": 2, "failed": 1, "done": 1}
    assert [e["invoice_number"] for e in _entries(screen)] == [_documents(approved)[1][1]]
    with session_scope(write=False) as s:
        failed = s.exec(
            select(WorkItem).where(WorkItem.bot == "desktop_entry", WorkItem.status == "failed")
        ).one()
        assert failed.error_type == "business" and failed.attempts == 1
        assert "E031 VENDOR TOO LONG" in (failed.last_error or "")
        shots = s.exec(select(BotArtefact).where(BotArtefact.item_id == failed.id)).all()
        assert [a.kind for a in shots] == ["screenshot"]


def test_shipped_templates_are_the_programs_current_look(
    screen: sandbox_desktop.Desktop, tmp_path: Path
) -> None:
    """Re-render the templates from the program; they must equal the ones the bot ships."""
    import os
    import subprocess
    import sys

    import cv2
    import numpy as np

    from devkit.sandbox.desktop_app import ASSETS

    subprocess.run(
        [sys.executable, "-m", "devkit.sandbox.desktop_app", "--data", str(tmp_path / "d.jsonl")]
        + ["--templates", str(tmp_path / "t")],
        env={**os.environ, "DISPLAY": screen.display},
        check=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    shipped = json.loads((ASSETS / "controls.json").read_text())
    assert json.loads((tmp_path / "t" / "controls.json").read_text()) == shipped
    for spec in shipped["controls"].values():
        fresh = cv2.imread(str(tmp_path / "t" / spec["template"]))
        kept = cv2.imread(str(ASSETS / spec["template"]))
        assert fresh.shape == kept.shape and np.array_equal(fresh, kept), spec["template"]
