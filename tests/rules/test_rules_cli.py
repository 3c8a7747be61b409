"""``bursar rules check|test|show`` through the real CLI entry point."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from bursar.cli import main
from rules.cases import extraction_from_snippet
from rules.packs import PACKS_DIR


@pytest.fixture
def master_dir(tmp_path: Path) -> Path:
    data = yaml.safe_load((PACKS_DIR / "default.cases.yml").read_text(encoding="utf-8"))
    out = tmp_path / "master"
    out.mkdir()
    for name, rows in data["master"].items():
        keys = list(dict.fromkeys(k for r in rows for k in r))
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, keys)
            writer.writeheader()
            writer.writerows(rows)
    first = next(c for c in data["cases"] if c["name"].startswith("price 20%"))
    (tmp_path / "inv.json").write_text(json.dumps(extraction_from_snippet(first["extraction"])))
    return out


def test_rules_check_prints_decision_json(
    master_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "rules",
            "check",
            str(master_dir.parent / "inv.json"),
            "--master",
            str(master_dir),
            "--json",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["status"] == "exception"
    assert [f["rule"] for f in doc["findings"]] == ["price_variance"]


def test_rules_test_runs_the_pack_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "test", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["failed"] == 0 and out["passed"] > 20


def test_rules_show_prints_pack_hash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "show", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["sha256"]) == 64


def test_bad_pack_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "name: bad\ncustom_rules:\n  - {name: x, when: 'total <', then: warn, rule: x}\n"
    )
    assert main(["rules", "show", "--pack", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"bursar: error: {bad}:3:") and "\n" not in err


def test_missing_extraction_file_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check", "/nonexistent/inv.json"]) == 2
    assert "file not found" in capsys.readouterr().err
