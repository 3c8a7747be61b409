"""The Windows bundle's layout (it cannot be installed here: no Windows machine)."""

from __future__ import annotations

import hashlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "installer"))

import windows  # noqa: E402

NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}


def test_windows_layout_has_installer_task_and_sums(tmp_path: Path) -> None:
    out = windows.stage("0.1.0", tmp_path, tmp_path / "cache", with_wheels=False)
    assert out.name == "bursar-0.1.0-win_amd64"
    for name in ("install.ps1", "bursar-scheduler-task.xml", "bursar.toml", "manifest.json"):
        assert (out / name).is_file(), name
    # The scheduler starts at the operator's logon, in their session (UI bots need it).
    task = ET.parse(out / "bursar-scheduler-task.xml").getroot()  # noqa: S314 (our own file)
    assert task.find("t:Triggers/t:LogonTrigger", NS) is not None
    assert task.find("t:Principals/t:Principal/t:LogonType", NS).text == "InteractiveToken"
    assert task.find("t:Actions/t:Exec/t:Arguments", NS).text == "scheduler start"
    ps1 = (out / "install.ps1").read_text()
    assert "SHA256SUMS" in ps1 and "--require-hashes" in ps1 and "--no-index" in ps1
    # Every file is in SHA256SUMS with its real hash; the lock names the project's wheel.
    sums = dict(
        reversed(line.split("  ", 1)) for line in (out / "SHA256SUMS").read_text().splitlines()
    )
    files = [p for p in out.rglob("*") if p.is_file() and p.name != "SHA256SUMS"]
    assert len(sums) == len(files)
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert sums[path.relative_to(out).as_posix()] == digest
    assert "bursar==0.1.0 --hash=sha256:" in (out / "requirements.lock").read_text()
