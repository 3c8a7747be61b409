"""erp_sync and erp_post against the sandbox legacy ERP, with Debian's Chromium."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def erp(sandbox_factory: Any) -> Any:
    return sandbox_factory(["erp"])


def _erp_db(sandbox: Any) -> sqlite3.Connection:
    conn = sqlite3.connect(Path(sandbox.system("erp")["dir"]) / "erp.db", isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.fixture
def sandbox(erp: Any) -> Any:
    """A fresh Bursar database; the ERP reseeded, without postings, faults off."""
    from devkit.sandbox import erp_data, manage

    erp.fresh_db()
    root = Path(erp.system("erp")["dir"])
    erp_data.seed(root, erp.path / "sandbox" / "corpus" / "master")
    with _erp_db(erp) as conn:
        conn.execute("DELETE FROM rbkp")
    manage.configure(
        "erp", export_enabled=True, fail_paths={}, error_rate=0.0, session_max_requests=0
    )
    return erp


def _approved(sandbox: Any, n: int) -> list[Any]:
    """Import the corpus's master data and ingest ``n`` invoices; return their documents."""
    from bursar.ingest import ingest_paths
    from devkit.demo import import_master

    corpus = sandbox.path / "sandbox" / "corpus"
    import_master(corpus / "master")
    docs = json.loads((corpus / "manifest.json").read_text())["documents"]
    paths = [corpus / d["path"] for d in docs if d["kind"] == "invoice"][:n]
    results = ingest_paths(paths, actor="test", source="cli", workers=1)
    assert [r.status for r in results] == ["approved"] * n
    return results


def _bot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bursar", "bots", "run", *args, "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def _items(bot: str) -> list[Any]:
    from bots.records import WorkItem
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        return list(s.exec(select(WorkItem).where(WorkItem.bot == bot)).all())


def test_erp_sync_imports_the_export_and_the_scraped_tables_alike(sandbox: Any) -> None:
    import bots
    from bursar.db import session_scope
    from bursar.records import GoodsReceiptLine, PurchaseOrderLine
    from devkit.sandbox import manage

    first = bots.run("erp_sync")
    assert first.status == "succeeded", first.message
    assert first.items == {"new": 2, "done": 2}
    assert first.stats["best_via"] == "export"
    with _erp_db(sandbox) as conn:
        erp_lines = conn.execute("SELECT COUNT(*) FROM bestpos").fetchone()[0]
        erp_grs = conn.execute("SELECT COUNT(*) FROM wepos").fetchone()[0]
    with session_scope(write=False) as s:
        assert len(s.exec(select(PurchaseOrderLine)).all()) == erp_lines
        assert len(s.exec(select(GoodsReceiptLine)).all()) == erp_grs

    # Export forbidden, and one page in five answers 500 (seeded): scrape, retrying pages.
    from bursar.config import reset_settings

    manage.configure("erp", export_enabled=False, error_rate=0.2, seed=3)
    sandbox.mp.setenv(
        "BURSAR_BOTS", json.dumps({"erp_sync": {"page_attempts": 6, "backoff_s": 0.05}})
    )
    reset_settings()
    try:
        scraped = bots.run("erp_sync")
    finally:
        manage.configure("erp", error_rate=0.0)
        sandbox.mp.setenv("BURSAR_BOTS", "{}")
        reset_settings()
    assert scraped.status == "succeeded", scraped.message
    assert scraped.stats["best_via"] == "screen" and scraped.stats["best_rows"] == erp_lines
    assert scraped.stats["page_retries"] >= 1
    assert scraped.items == {"skipped": 2}  # the same content as the export: nothing new


def test_erp_post_after_a_crash_between_save_and_record_never_posts_twice(sandbox: Any) -> None:
    import bots
    from bursar import audit
    from bursar.db import session_scope

    docs = _approved(sandbox, 2)
    crashed = _bot("erp_post", env={"BURSAR_BOTS_FAULT": "erp_post.after_save"})
    assert crashed.returncode == 70, crashed.stderr
    with _erp_db(sandbox) as conn:
        saved = conn.execute("SELECT belnr, xblnr FROM rbkp").fetchall()
    assert len(saved) == 1
    stuck = [i for i in _items("erp_post") if i.status == "in_progress"]
    assert len(stuck) == 1 and stuck[0].erp_document is None

    again = bots.run("erp_post")
    assert again.status == "succeeded", again.message
    with _erp_db(sandbox) as conn:
        rows = conn.execute("SELECT belnr, xblnr FROM rbkp ORDER BY belnr").fetchall()
    assert len(rows) == 2 and len({r["xblnr"] for r in rows}) == 2
    items = {i.reference: i for i in _items("erp_post")}
    assert all(i.status == "successful" for i in items.values())
    recovered = items[stuck[0].reference]
    assert recovered.erp_document == saved[0]["belnr"]
    assert sorted(i.erp_document for i in items.values()) == [r["belnr"] for r in rows]
    assert sorted(d for i in items.values() for d in i.document_ids) == sorted(
        r.document_id for r in docs
    )
    with session_scope(write=False) as s:
        posted = [
            audit.as_dict(e)
            for e in audit.events_for(s, f"decision/{recovered.payload['decision_id']}")
        ]
    assert [e["data"]["found_existing"] for e in posted] == [True]


def test_an_erp_validation_banner_sends_the_invoice_back_to_the_inbox(sandbox: Any) -> None:
    import bots
    from bots.records import BotArtefact
    from bursar.db import session_scope
    from bursar.records import Document, DocumentLine, InboxItem

    (doc,) = _approved(sandbox, 1)
    with session_scope(write=False) as s:
        po = s.exec(
            select(DocumentLine.po_number).where(DocumentLine.document_id == doc.document_id)
        ).first()
    with _erp_db(sandbox) as conn:
        conn.execute("DELETE FROM bestpos WHERE ebeln = ?", (po,))  # the ERP lost the PO
    result = bots.run("erp_post")
    assert result.status == "succeeded" and result.items == {"new": 1, "failed": 1}
    (item,) = _items("erp_post")
    assert (item.status, item.error_type, item.attempts) == ("failed", "business", 1)
    assert "E-1104" in item.last_error
    with session_scope(write=False) as s:
        inbox = s.exec(select(InboxItem).where(InboxItem.document_id == doc.document_id)).one()
        assert (inbox.status, inbox.reason) == ("open", "erp_rejected")
        assert "E-1104" in inbox.comment
        assert s.get(Document, doc.document_id).status == "exception"
        kinds = {a.kind for a in s.exec(select(BotArtefact).where(BotArtefact.item_id == item.id))}
    assert kinds == {"screenshot", "html"}
    with _erp_db(sandbox) as conn:
        assert conn.execute("SELECT COUNT(*) FROM rbkp").fetchone()[0] == 0

    # An operator's retry does not post an invoice that is back in the inbox...
    from bots import workitems
    from devkit.sandbox import erp_data

    with session_scope() as s:
        workitems.retry(s, item.id, actor="op")
    retried = bots.run("erp_post")
    assert retried.items == {"failed": 1}
    assert "not approved" in _items("erp_post")[0].last_error
    # ...once the ERP knows the PO and a person approved the invoice again, it is posted.
    master = sandbox.path / "sandbox" / "corpus" / "master"
    erp_data.seed(Path(sandbox.system("erp")["dir"]), master)
    with session_scope() as s:
        s.get(Document, doc.document_id).status = "approved"  # what an approval in the inbox does
    posted = bots.run("erp_post")
    assert posted.items == {"done": 1}
    assert _items("erp_post")[0].erp_document
    with _erp_db(sandbox) as conn:
        assert conn.execute("SELECT COUNT(*) FROM rbkp").fetchone()[0] == 1


def test_wrong_erp_credentials_fail_the_run_as_business_and_leak_nowhere(sandbox: Any) -> None:
    from bots.records import BotArtefact
    from bursar import secrets
    from bursar.db import session_scope

    real = secrets.get("erp_password")
    wrong = "Wr0ng-Pa55word-4711"
    with _erp_db(sandbox) as conn:
        before = conn.execute("SELECT COUNT(*) FROM anmeldung").fetchone()[0]
    run = _bot("erp_post", env={"BURSAR_SECRET_ERP_PASSWORD": wrong})
    assert run.returncode == 3, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert (out["status"], out["error_type"]) == ("failed", "business")
    assert "refused the sign-in for user AP_CLERK" in out["message"]
    assert "E-0050" in out["message"]
    with _erp_db(sandbox) as conn:
        assert conn.execute("SELECT COUNT(*) FROM anmeldung").fetchone()[0] == before + 1

    from bursar import audit

    with session_scope(write=False) as s:  # what `bursar audit export --format jsonl` writes
        exported = "".join(audit.export(s, "jsonl"))
    assert '"bots.run.failed"' in exported
    from bursar.store import default_store

    with session_scope(write=False) as s:
        kept = s.exec(select(BotArtefact)).all()
    names = [a.name for a in kept]
    assert {a.kind for a in kept} == {"screenshot", "html"}  # the failure was photographed
    stored = b"".join(default_store().get(a.sha256) for a in kept)
    db_bytes = b"".join(
        p.read_bytes() for p in sandbox.path.glob(f"bursar-{sandbox.db}.db*") if p.is_file()
    )
    files = [str(p) for p in sandbox.path.rglob("*")]
    logs = run.stdout + run.stderr + (Path(sandbox.system("erp")["dir"]) / "server.log").read_text()
    for password in (wrong, real):
        assert password not in logs
        assert password not in exported
        assert all(password not in n for n in names + files)
        assert password.encode() not in db_bytes
        assert password.encode() not in stored
    # Nor in any file Bursar or the sandbox wrote (the vault is encrypted; it is the one
    # place the real password lives).
    for path in sandbox.path.rglob("*"):
        if path.is_file() and path.name != "secrets.enc":
            data = path.read_bytes()
            assert wrong.encode() not in data and real.encode() not in data, path


def test_erp_post_survives_an_expired_session_and_a_500_in_the_entry_form(sandbox: Any) -> None:
    import bots
    from bursar.config import reset_settings
    from devkit.sandbox import manage

    _approved(sandbox, 1)
    # A session ends after 8 pages: about one posting's worth, so it ends mid-form.
    manage.configure("erp", session_max_requests=8, fail_paths={"/app/mir7/2": 1})
    sandbox.mp.setenv(
        "BURSAR_BOTS", json.dumps({"erp_post": {"max_attempts": 4, "backoff_s": 0.1}})
    )
    reset_settings()
    try:
        result = bots.run("erp_post")
    finally:
        manage.configure("erp", session_max_requests=0)
        sandbox.mp.setenv("BURSAR_BOTS", "{}")
        reset_settings()
    assert result.status == "succeeded", result.message
    assert result.items == {"new": 1, "done": 1}
    assert result.stats["logins"] >= 2  # signed in again when the session ended
    (item,) = _items("erp_post")
    assert item.attempts >= 2 and item.erp_document
    with _erp_db(sandbox) as conn:
        assert conn.execute("SELECT COUNT(*) FROM rbkp").fetchone()[0] == 1
