"""An 837 enters through the ingest package: one document per claim, the original kept,
an invalid file rejected with its segment named; the 835 comes out of the CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from bursar.db import session_scope
from bursar.ingest import ingest_paths
from bursar.records import AuditEvent, Document
from bursar.store import default_store
from devkit.claims_master import clean_claims
from extractors.x12 import validate


def test_837_ingest_decides_each_claim_and_remits_an_835(db_url: str, tmp_path: Path) -> None:
    sc = clean_claims(tmp_path / "master", 41, claims=8)
    good = tmp_path / "batch.x12"
    good.write_text(sc.text, encoding="ascii")
    bad = tmp_path / "broken.x12"
    bad.write_text(sc.text.replace("SV1*HC:", "SV1*XX:", 1), encoding="ascii")

    results = ingest_paths([good, bad], workers=1)

    assert len(results) == len(sc.claims) + 1
    claims, rejected = results[:-1], results[-1]
    assert [r.status for r in claims] == ["approved"] * len(sc.claims)
    assert {r.kind for r in claims} == {"claim"}
    assert rejected.status == "rejected" and rejected.inbox_item is not None
    assert "segment SV1" in rejected.error["message"]
    store = default_store()
    for path in (good, bad):  # both originals kept as they came
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert store.path_for(digest).read_bytes() == path.read_bytes()
    with session_scope() as session:
        assert len(session.exec(select(Document)).all()) == len(sc.claims) + 1
        split = session.exec(select(AuditEvent).where(AuditEvent.action == "x12.split")).all()
        assert len(split) == 1

    again = ingest_paths([good], workers=1)  # the same file again changes nothing
    assert {r.status for r in again} == {"duplicate"}

    out = tmp_path / "remit.835"
    cmd = [sys.executable, "-m", "bursar", "claims", "remit", "--out", str(out)]
    run = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), check=False)
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="ascii")
    validate(text)
    assert text.count("CLP*") == len(sc.claims)
    assert "BPR*I*" in text

    # each claim is remitted once: a second run pays nothing again and says why
    again_out = tmp_path / "again.835"
    cmd = [sys.executable, "-m", "bursar", "claims", "remit", "--out", str(again_out)]
    rerun = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    assert rerun.returncode == 2 and not again_out.exists()
    assert "remitted once" in rerun.stderr and len(rerun.stderr.strip().splitlines()) == 1
    with session_scope() as session:
        from bursar import postings

        assert len(postings.posted(session, "remit")) == len(sc.claims)


def test_a_service_resent_under_a_new_claim_number_is_denied_line_by_line(
    db_url: str, tmp_path: Path
) -> None:
    sc = clean_claims(tmp_path / "master", 43, claims=3)
    first = tmp_path / "first.x12"
    first.write_text(sc.text, encoding="ascii")
    number = sc.claims[1].number
    later = tmp_path / "later.x12"  # the same services, billed again as a new claim
    later.write_text(sc.text.replace(f"CLM*{number}*", "CLM*RESENT01*"), encoding="ascii")

    assert {r.status for r in ingest_paths([first], workers=1)} == {"approved"}
    results = ingest_paths([later], workers=1)

    resent = [r for r in results if any(f["rule"] == "duplicate_line" for f in r.findings)]
    assert len(resent) == 1
    lines = [f for f in resent[0].findings if f["rule"] == "duplicate_line"]
    assert len(lines) == len(sc.claims[1].lines) and all(number in f["message"] for f in lines)
    # the other two claims are the very same parts as before: recognised as the same file
    assert sorted(r.status for r in results if r is not resent[0]) == ["duplicate"] * 2
