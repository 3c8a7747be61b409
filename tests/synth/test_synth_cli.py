"""``bursar synth`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bursar.cli import main


def test_synth_json_prints_the_manifest(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["synth", str(tmp_path / "c"), "--count", "4", "--no-scans", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["documents"]) >= 4
    assert (tmp_path / "c" / "manifest.json").exists()
    assert (tmp_path / "c" / "master" / "vendors.csv").exists()


def test_synth_refuses_a_bad_count(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["synth", str(tmp_path / "c"), "--count", "0"]) == 2
    assert "--count" in capsys.readouterr().err


def test_synth_refuses_a_file_as_output(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(["synth", str(target)]) == 2
