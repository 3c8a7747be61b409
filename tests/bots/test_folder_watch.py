"""``folder_watch``: a hot folder on disk, the real pipeline behind it."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import select

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def invoices(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from devkit.synth import generate

    out = tmp_path_factory.mktemp("hotcorpus")
    generate(out, count=2, seed=21, scans=False, claims=False, einvoices=False)
    return sorted((out / "docs").glob("inv-*.pdf"))


@pytest.fixture
def hot(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from bursar.config import reset_settings

    folder = tmp_path / "scanner"
    folder.mkdir()
    settings = {"folder_watch": {"path": str(folder), "stable_s": 0.3, "max_attempts": 1}}
    monkeypatch.setenv("BURSAR_BOTS", json.dumps(settings))
    reset_settings()
    return folder


def _age(path: Path, seconds: float = 60) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def _scanning(path: Path, stop: threading.Event) -> None:
    with path.open("wb") as f:
        while not stop.is_set():
            f.write(b"%PDF-1.4 partial scan data\n")
            f.flush()
            time.sleep(0.05)


def _documents() -> list[tuple[str, str]]:
    from bursar.db import session_scope
    from bursar.records import Document

    with session_scope(write=False) as s:
        return sorted((d.filename, d.source) for d in s.exec(select(Document)).all())


def _items() -> dict[str, tuple[str, str | None]]:
    from bots.records import WorkItem
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        rows = s.exec(select(WorkItem).where(WorkItem.bot == "folder_watch")).all()
        return {r.reference: (r.status, r.error_type) for r in rows}


@pytest.mark.slow
@SQLITE
def test_hot_folder_moves_files_to_processed_or_failed_and_never_ingests_twice(
    hot: Path, invoices: list[Path]
) -> None:
    import bots
    from bots.folder import sha256_of

    first, second = invoices[:2]
    shutil.copy(first, hot / "scan-001.pdf")
    (hot / "notes.txt").write_text("call the vendor back")
    (hot / "broken.pdf").write_bytes(b"%PDF-1.4\nthe scanner ran out of memory")
    (hot / "scan-002.pdf.part").write_bytes(b"%PDF-")  # a copy in progress, by its name
    for p in hot.iterdir():
        _age(p)
    stop = threading.Event()
    writer = threading.Thread(target=_scanning, args=(hot / "scan-003.pdf", stop))
    writer.start()  # a scan still arriving while the bot looks
    try:
        run1 = bots.run("folder_watch")
    finally:
        stop.set()
        writer.join()
    assert run1.status == "succeeded", run1.message
    assert run1.items == {"new": 3, "done": 1, "failed": 2}
    assert sorted(p.name for p in (hot / "processed").iterdir()) == ["scan-001.pdf"]
    assert sorted(p.name for p in (hot / "failed").iterdir()) == [
        "broken.pdf",
        "broken.pdf.reason.txt",
        "notes.txt",
        "notes.txt.reason.txt",
    ]
    assert (
        "not a PDF, image, e-invoice or X12 file (.txt"
        in (hot / "failed" / "notes.txt.reason.txt").read_text()
    )
    broken = (hot / "failed" / "broken.pdf.reason.txt").read_text()
    assert "broken.pdf" in broken and "unreadable (" in broken and "document(s) [" in broken
    assert (hot / "scan-003.pdf").exists() and (hot / "scan-002.pdf.part").exists()
    items = _items()
    assert items[f"sha256:{sha256_of(hot / 'processed' / 'scan-001.pdf')}"] == ("successful", None)
    assert items[f"sha256:{sha256_of(hot / 'failed' / 'notes.txt')}"] == ("failed", "business")
    # the unreadable PDF is still stored by the pipeline (as rejected): nothing is lost
    assert _documents() == [("broken.pdf", "hotfolder"), ("scan-001.pdf", "hotfolder")]

    # the same scan dropped again under another name, the same junk again: moved aside,
    # no new work item, no new document
    shutil.copy(first, hot / "scan-001-again.pdf")
    (hot / "notes-again.txt").write_text("call the vendor back")
    _age(hot / "scan-001-again.pdf")
    _age(hot / "notes-again.txt")
    shutil.copy(second, hot / "scan-003.pdf")  # and the scan has arrived in full
    _age(hot / "scan-003.pdf")
    run2 = bots.run("folder_watch")
    assert run2.status == "succeeded"
    assert run2.items == {"new": 1, "done": 1}
    assert sorted(p.name for p in (hot / "processed").iterdir()) == [
        "scan-001-again.pdf",
        "scan-001.pdf",
        "scan-003.pdf",
    ]
    assert "work item" in (hot / "failed" / "notes-again.txt.reason.txt").read_text()
    assert len(_items()) == 4
    assert _documents() == [
        ("broken.pdf", "hotfolder"),
        ("scan-001.pdf", "hotfolder"),
        ("scan-003.pdf", "hotfolder"),
    ]
    assert [p.name for p in hot.iterdir() if p.is_file()] == ["scan-002.pdf.part"]


@SQLITE
def test_missing_hot_folder_is_a_clear_error(hot: Path) -> None:
    import bots

    shutil.rmtree(hot)
    result = bots.run("folder_watch")
    assert result.status == "failed"
    assert f"the hot folder {hot} does not exist" in (result.message or "")


@SQLITE
def test_hot_folder_takes_x12_claim_files_and_einvoices_by_content_not_name(hot: Path) -> None:
    """A clearing house drops 837 files and a portal drops e-invoice XML into the same
    folder: both are told by their bytes (an ISA envelope, a CII/UBL root) and ingested;
    an HTML error page saved as ``.xml`` is not."""
    import random

    import bots
    from devkit.synth.einvoice import ubl_xml
    from devkit.synth.specs import random_invoice
    from devkit.synth.x12 import scenario

    sc = scenario(43, claims=3, kind="P", problems=False)
    (hot / "batch-0001.edi").write_text(sc.text, encoding="ascii")
    spec = random_invoice(random.Random(9), layout="grid_de")
    (hot / "portal-download").write_bytes(ubl_xml(spec))  # no extension at all
    (hot / "statement.xml").write_text("<!DOCTYPE html><html><body>Session expired</body></html>")
    for p in hot.iterdir():
        _age(p)

    run = bots.run("folder_watch")

    assert run.status == "succeeded", run.message
    assert sorted(p.name for p in (hot / "processed").iterdir()) == [
        "batch-0001.edi",
        "portal-download",
    ]
    reason = (hot / "failed" / "statement.xml.reason.txt").read_text()
    assert "not a PDF, image, e-invoice or X12 file (.xml" in reason
    docs = _documents()
    assert sum(1 for name, _ in docs if name.startswith("batch-0001.claim")) == len(sc.claims)
    assert ("portal-download", "hotfolder") in docs
