"""``bursar demo --no-serve`` end to end at a reduced size: the summary holds against the data.

Real sandbox systems (the ERP and portal in Chromium, Dovecot for the mailbox), the real
scheduler running each job once in child processes, SQLite. The checks read the
database and the corpus themselves rather than trusting the summary.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    home = tmp_path_factory.mktemp("demo") / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env["BURSAR_CONFIG"] = str(home.parent / "absent.toml")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bursar",
            "demo",
            "--home",
            str(home),
            "--count",
            "14",
            "--no-train",
            "--no-serve",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout), home


def _rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{home / 'bursar.db'}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def test_every_delivered_document_is_accounted_for_by_channel(demo) -> None:
    summary, home = demo
    from devkit.demo_traffic import plan

    corpus = next(home.glob("corpus-*"))
    traffic = plan(corpus)
    by_source = dict(_rows(home, "SELECT source, count(*) FROM document GROUP BY source"))
    for channel, docs in traffic.channels.items():
        c = summary["channels"][channel]
        assert c["approved"] + c["exception"] + c["rejected"] + c["duplicate"] == c["delivered"]
        # Each planned document is in the database once, under its channel, by its bytes.
        shas = {hashlib.sha256((corpus / d["path"]).read_bytes()).hexdigest() for d in docs}
        found = _rows(home, "SELECT sha256, source FROM document")
        assert {s for s, src in found if s in shas and src == channel} == shas, channel
        assert by_source.get(channel, 0) == len(docs)
    assert summary["stranded"] == 0
    assert _rows(home, "SELECT count(*) FROM document WHERE stage <> 'decided'") == [(0,)]


def test_every_injected_discrepancy_is_an_exception(demo) -> None:
    summary, _home = demo
    d = summary["discrepancies"]
    assert d["injected"] > 5 and d["caught"] == d["injected"], d["missed"]
    # Nearly all for the very reason injected (a scanned original may hide a duplicate's
    # number from OCR; the copy is then caught by its quantities instead).
    assert len(d["caught_for_another_reason"]) <= d["injected"] // 5, d


def test_every_approved_invoice_has_an_erp_document_number(demo) -> None:
    summary, home = demo
    approved = {
        r[0]
        for r in _rows(
            home, "SELECT id FROM document WHERE status = 'approved' AND kind = 'invoice'"
        )
    }
    assert approved, "nothing approved: the demo shows nothing"
    posted = {}
    for ids, number in _rows(
        home,
        "SELECT document_ids, erp_document FROM work_item "
        "WHERE bot = 'erp_post' AND erp_document IS NOT NULL",
    ):
        for doc_id in json.loads(ids):
            posted[doc_id] = number
    assert approved <= set(posted), sorted(approved - set(posted))
    assert len(set(posted.values())) == len(posted), "two invoices share an ERP number"
    # The sandbox ERP's own books hold exactly one entry per posted invoice.
    with sqlite3.connect(home / "sandbox" / "erp" / "erp.db") as erp:
        entries = erp.execute("SELECT belnr, lifnr, xblnr FROM rbkp").fetchall()
    assert sorted(b for b, _, _ in entries) == sorted(posted.values())
    assert len({(v, x) for _, v, x in entries}) == len(entries)
    assert summary["approved_invoices_not_posted"] == []


def test_the_audit_trail_verifies(demo) -> None:
    summary, home = demo
    assert summary["audit"]["ok"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env.update(BURSAR_HOME=str(home), BURSAR_CONFIG=str(home.parent / "absent.toml"))
    out = subprocess.run(
        [sys.executable, "-m", "bursar", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_each_job_ran_once_through_the_scheduler(demo) -> None:
    summary, home = demo
    assert set(summary["jobs"]) == {
        "erp-sync", "portal", "mailbox", "hotfolder", "edi", "claims", "erp-post"
    }  # fmt: skip
    assert all(j["status"] == "succeeded" for j in summary["jobs"].values()), summary["jobs"]
    runs = dict(
        _rows(home, "SELECT job, count(*) FROM job_run WHERE status = 'succeeded' GROUP BY job")
    )
    assert all(runs.get(name) == 1 for name in summary["jobs"]), runs


def test_the_837_claims_batch_is_adjudicated_and_remitted(demo) -> None:
    from devkit.demo import CLAIMS_BATCH
    from extractors.x12 import validate

    summary, home = demo
    c = summary["claims_837"]
    (count,) = _rows(home, "SELECT count(*) FROM document WHERE source = 'claims'")[0]
    assert c["claims"] == count >= CLAIMS_BATCH  # one document per claim of the batch
    assert c["status"].get("approved", 0) > 0 and c["status"].get("exception", 0) > 0
    assert c["lines"].get("denied", 0) > 0 and c["lines"].get("paid", 0) > 0
    validate(Path(c["remit"]).read_text(encoding="ascii"))  # the 835 pyx12 accepts
