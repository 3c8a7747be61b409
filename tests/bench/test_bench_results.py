"""bench/record.py and bench/run.py: recorded figures reach results.md; --again keeps the rest."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"bench_{name}_under_test", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    record, run = _load("record"), _load("run")
    for mod in (record, run):
        monkeypatch.setattr(mod, "RESULTS", tmp_path / "results")
        monkeypatch.setattr(mod, "PLOTS", tmp_path / "plots")
    monkeypatch.setattr(run, "HERE", tmp_path)
    return record, run, tmp_path


def test_recorded_figures_reach_the_table_beside_target_and_peer(bench) -> None:  # type: ignore[no-untyped-def]
    record, run, tmp = bench
    record.record("extract", "header fields", "91.0%", target=">= 90%", peer="invoice2data 0%")
    record.record("extract", "header fields", "93.5%", target=">= 90%", peer="invoice2data 0%")
    record.record("realdev", "family A | B", "80%")  # nested in extract; a pipe is escaped
    rows = json.loads((tmp / "results" / "extract.json").read_text())
    assert [r["value"] for r in rows] == ["93.5%"]  # the same figure again replaces it
    outputs = {"extract.py": (0, "some output\n", 12.0), "match.py": (1, "boom\n", 3.0)}
    text = run.write_results(outputs, "today", "a machine", ["ocr.py"]).read_text()
    assert "| extract | header fields | 93.5% | >= 90% | invoice2data 0% |" in text
    assert "| realdev | family A / B | 80% | - | - |" in text
    assert "recorded no figure: match.py (exit 1)" in text
    assert "Not run yet (the run was stopped or is still going): ocr.py." in text


def test_again_keeps_the_other_benchmarks_outputs(bench) -> None:  # type: ignore[no-untyped-def]
    _, run, _ = bench
    outputs = {"match.py": (0, "match out\nline 2\n", 22.0), "ocr.py": (2, "ocr out\n", 90.0)}
    run.write_results(outputs, "2026-01-01 00:00 UTC", "2 cores (x), load 1.0", [])
    again, started, where = run.earlier_run()
    assert again == outputs
    assert (started, where) == ("2026-01-01 00:00 UTC", "2 cores (x), load 1.0")


def test_a_benchmark_over_its_time_is_stopped(tmp_path: Path, bench) -> None:  # type: ignore[no-untyped-def]
    _, run, _ = bench
    script = tmp_path / "slow.py"
    script.write_text("import time\nprint('started', flush=True)\ntime.sleep(60)\n")
    rc, out, secs = run.run_one(script, [], timeout=1.0)
    assert rc != 0 and secs < 30
    assert "started" in out and "BENCH_TIMEOUT" in out
