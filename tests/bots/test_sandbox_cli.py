"""``bursar sandbox up|status|down``: loopback systems, passwords only in the vault."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest


def test_sandbox_up_status_down(home: Path, capsys: pytest.CaptureFixture) -> None:
    from bursar import secrets
    from bursar.cli import main
    from devkit.sandbox import state, webkit

    try:
        assert main(["sandbox", "up", "--only", "erp,portal", "--count", "4", "--json"]) == 0
        rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
        up = {r["system"]: r for r in rows if r["running"]}
        assert set(up) == {"erp", "portal"}
        for row in up.values():
            assert row["url"].startswith("http://127.0.0.1:")
            with urllib.request.urlopen(row["url"] + "/login", timeout=10) as resp:  # noqa: S310
                assert resp.status == 200
            password = secrets.get(row["password_secret"])
            assert password and password not in state.state_path().read_text()
        pids = {n: state.system(n)["pid"] for n in up}
        assert main(["sandbox", "up", "--only", "erp", "--json"]) == 0  # already up: kept
        capsys.readouterr()
        assert state.system("erp")["pid"] == pids["erp"]
    finally:
        assert main(["sandbox", "down"]) == 0
    assert all(not webkit.alive(pid, "devkit.sandbox") for pid in pids.values())
    assert main(["sandbox", "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert not any(r["running"] for r in rows)
    assert main(["sandbox", "up", "--only", "nonesuch"]) == 2
