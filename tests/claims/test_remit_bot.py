"""``remit_drop``: the 835 for adjudicated claims, dropped once, never paid twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bursar.db import session_scope
from bursar.ingest import ingest_paths
from devkit.claims_master import clean_claims
from extractors.x12 import validate

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _adjudicated(tmp_path: Path, seed: int, claims: int):  # type: ignore[no-untyped-def]
    sc = clean_claims(tmp_path / "master", seed, claims=claims)
    batch = tmp_path / f"batch-{seed}.x12"
    batch.write_text(sc.text, encoding="ascii")
    results = ingest_paths([batch], workers=1)
    assert {r.status for r in results} == {"approved"}
    return sc


def _bot(env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bursar", "bots", "run", "remit_drop", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@SQLITE
def test_remit_bot_drops_one_valid_835_per_payee_once(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bots
    from bursar import postings
    from bursar.config import reset_settings

    out = tmp_path / "outbound"
    monkeypatch.setenv("BURSAR_BOTS", json.dumps({"remit_drop": {"path": str(out)}}))
    reset_settings()
    sc = _adjudicated(tmp_path, 51, 4)

    first = bots.run("remit_drop")
    assert first.status == "succeeded", first.message
    (dropped,) = sorted(out.iterdir())
    text = dropped.read_text(encoding="ascii")
    validate(text)
    assert text.count("CLP*") == len(sc.claims)
    with session_scope(write=False) as s:
        remitted = postings.posted(s, "remit")
    assert len(remitted) == len(sc.claims) and len(set(remitted.values())) == 1

    again = bots.run("remit_drop")  # nothing waits: no second 835
    assert again.status == "succeeded" and again.items == {}
    assert len(list(out.iterdir())) == 1


@SQLITE
def test_a_crash_after_the_file_is_written_never_writes_a_second_835(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bursar import postings
    from bursar.config import reset_settings

    out = tmp_path / "outbound"
    monkeypatch.setenv("BURSAR_BOTS", json.dumps({"remit_drop": {"path": str(out)}}))
    reset_settings()
    sc = _adjudicated(tmp_path, 52, 3)

    crashed = _bot({"BURSAR_BOTS_FAULT": "remit_drop.after_write"})
    assert crashed.returncode == 70, crashed.stderr
    (written,) = sorted(out.iterdir())
    with session_scope(write=False) as s:
        assert postings.posted(s, "remit") == {}  # the record was lost with the crash

    rerun = _bot()
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(out.iterdir()) == [written]  # found and recorded, not written again
    with session_scope(write=False) as s:
        assert len(postings.posted(s, "remit")) == len(sc.claims)
