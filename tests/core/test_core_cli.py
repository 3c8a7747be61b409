"""The CLI as a user runs it: init, import, audit verify/export/show, doctor, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


def bursar(home: Path, *args: str, env: dict[str, str] | None = None):
    full_env = {
        **os.environ,
        "BURSAR_HOME": str(home),
        "BURSAR_CONFIG": str(home / "x.toml"),
        **(env or {}),
    }
    full_env.pop("BURSAR_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_init_import_verify_then_tamper(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert bursar(home, "init").returncode == 0
    r = bursar(home, "import", "vendors", str(DATA / "vendors.csv"))
    assert r.returncode == 0, r.stderr
    assert "3 inserted" in r.stdout
    r = bursar(home, "audit", "verify")
    assert r.returncode == 0 and "intact" in r.stdout

    import sqlite3

    con = sqlite3.connect(home / "bursar.db")
    con.execute("DROP TRIGGER audit_event_no_update")
    con.execute("UPDATE audit_event SET actor = 'mallory' WHERE seq = 1")
    con.commit()
    con.close()
    r = bursar(home, "audit", "verify")
    assert r.returncode == 1
    assert "BROKEN at seq 1" in r.stderr
    r = bursar(home, "audit", "verify", "--json")
    assert json.loads(r.stdout)["broken_seq"] == 1


def test_bad_csv_row_exits_2_and_names_the_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bursar(home, "init")
    r = bursar(home, "import", "vendors", str(DATA / "vendors_bad.csv"))
    assert r.returncode == 2
    assert "vendors_bad.csv:3:" in r.stderr and "Traceback" not in r.stderr
    r = bursar(home, "audit", "show", "masterdata/vendors", "--json")
    assert json.loads(r.stdout)[0]["data"]["inserted"] == 2


def test_missing_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bursar(home, "init")
    r = bursar(home, "import", "vendors", str(tmp_path / "nope.csv"))
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "file not found" in r.stderr


def test_export_formats(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bursar(home, "init")
    bursar(home, "import", "vendors", str(DATA / "vendors.csv"))
    r = bursar(home, "audit", "export", "--format", "csv")
    assert r.stdout.splitlines()[0].startswith("seq,at,actor,action")
    r = bursar(home, "audit", "export", "--format", "jsonl", "--since", "2000-01-01")
    assert json.loads(r.stdout.splitlines()[0])["action"] == "masterdata.import"


def test_doctor_names_missing_database_revision(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = bursar(home, "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(r.stdout)}
    assert r.returncode == 1
    assert checks["database"]["status"] == "missing" and "bursar init" in checks["database"]["fix"]
    bursar(home, "init")
    checks = {c["name"]: c for c in json.loads(bursar(home, "doctor", "--json").stdout)}
    assert checks["database"]["status"] == "ok"


def test_same_bytes_under_two_names_each_error_names_its_own_file(tmp_path: Path) -> None:
    """Issue 22.14: a 0-byte PNG's error named ``empty.pdf`` (the same sha256)."""
    home = tmp_path / "home"
    assert bursar(home, "init").returncode == 0
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "empty.png").write_bytes(b"")
    r = bursar(home, "ingest", str(tmp_path / "empty.pdf"), str(tmp_path / "empty.png"), "--json")
    assert r.returncode == 2
    pdf, png = json.loads(r.stdout)
    assert pdf["error"]["message"] == "empty.pdf: file is empty (0 bytes)"
    assert (png["file"], png["error"]["message"]) == (
        "empty.png",
        "empty.png: file is empty (0 bytes)",
    )
    assert r.stderr.splitlines()[1] == "bursar: error: empty.png: file is empty (0 bytes) [empty]"


def test_demo_takes_bursar_home_but_never_wipes_a_home_it_did_not_make(tmp_path: Path) -> None:
    """Issue 22.15: ``bursar demo`` ignored BURSAR_HOME. It honours it now; since the demo
    starts its home afresh, a real home there is refused, not deleted."""
    home = tmp_path / "home"
    assert bursar(home, "init").returncode == 0
    r = subprocess.run(
        [sys.executable, "-m", "bursar", "demo", "--no-serve", "--no-train", "--json"],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")},
            "BURSAR_HOME": str(home),
            "BURSAR_CONFIG": str(home / "x.toml"),
        },
        cwd=tmp_path,
        timeout=600,
    )
    assert r.returncode == 2, r.stderr[-2000:]
    assert r.stderr.startswith(f"bursar: error: BURSAR_HOME={home} holds a Bursar home")
    assert r.stderr.count("\n") == 1 and r.stderr.rstrip().endswith("[home_not_demo]")
    assert not (tmp_path / "var").exists(), "not var/demo behind the user's back either"
    assert bursar(home, "audit", "verify").returncode == 0  # the home is untouched


@pytest.mark.slow
def test_demo_runs_in_bursar_home_when_set(tmp_path: Path) -> None:
    """Issue 22.15: ``bursar demo`` wrote var/demo whatever BURSAR_HOME said."""
    home = tmp_path / "demo-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env.update(BURSAR_HOME=str(home), BURSAR_CONFIG=str(tmp_path / "absent.toml"))
    r = subprocess.run(
        [sys.executable, "-m", "bursar", "demo", "--count", "14", "--no-train", "--no-serve"]
        + ["--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=900,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads(r.stdout)["home"] == str(home.resolve())
    assert (home / "bursar.db").exists() and not (tmp_path / "var").exists()
