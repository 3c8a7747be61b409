"""The Grafana dashboard in the repo: valid PromQL (Debian's promtool) over series Bursar has."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[2] / "installer" / "grafana" / "bursar.json"


def _exprs() -> list[str]:
    data = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in data["panels"] for t in p["targets"]]


def test_every_panel_queries_a_series_bursar_exposes() -> None:
    import bots.metrics  # noqa: F401 - their families are named in the source
    import scheduler.metrics  # noqa: F401
    from bursar.engine import inference
    from bursar.observe import collectors, drift, metrics  # noqa: F401

    sources = "".join(
        Path(m.__file__).read_text()
        for m in (bots.metrics, scheduler.metrics, collectors, drift, metrics, inference)
    )
    names = set(re.findall(r'"(bursar_[a-z_]+)"', sources))
    for expr in _exprs():
        for used in re.findall(r"\bbursar_[a-z_]+", expr):
            base = re.sub(r"_(bucket|count|sum|total)$", "", used)
            assert used in names or base in names, f"{used} in {expr!r} is not exposed"


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        if os.environ.get("BURSAR_REQUIRE_PG"):
            pytest.fail("promtool not installed (apt-get install prometheus)")
        pytest.skip("promtool not installed")
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"bursar:panel_{i}", "expr": e} for i, e in enumerate(_exprs())]}]}  # fmt: skip
    path = tmp_path / "rules.yml"
    path.write_text(json.dumps(rules))  # JSON is YAML
    done = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
