"""Debian's Prometheus scrapes a real ``bursar worker`` and the inbox, and answers queries.

Documents are queued on PostgreSQL, a worker process with ``--metrics-port`` decides them,
``bursar inbox serve`` exposes the database figures, and the series come back through
Prometheus's own HTTP API (``/api/v1/query``): what an operator's Grafana would read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from devkit.pgserver import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _prometheus() -> str:
    found = shutil.which("prometheus")
    if found is None:
        if os.environ.get("BURSAR_REQUIRE_PG"):
            pytest.fail("Prometheus not installed (apt-get install prometheus)")
        pytest.skip("Prometheus not installed")
    return found


def _env(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env.update(
        BURSAR_HOME=str(home),
        BURSAR_CONFIG=str(home / "absent.toml"),
        BURSAR_DATABASE_URL=url,
        BURSAR_INBOX_SECRET="x" * 40,
        BURSAR_LOG_FORMAT="json",
    )
    return env


def _bursar(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
        return resp.read().decode()


def _wait(what: str, ok, timeout: float = 120.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = ok()
        except OSError:
            value = None
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def _query(prom: int, expr: str) -> list[dict]:
    q = urllib.parse.urlencode({"query": expr})
    answer = json.loads(_get(f"http://127.0.0.1:{prom}/api/v1/query?{q}"))
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def _value(prom: int, expr: str) -> float | None:
    result = _query(prom, expr)
    return float(result[0]["value"][1]) if result else None


def test_prometheus_scrapes_worker_and_inbox_after_ingest(postgres, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    binary = _prometheus()
    from devkit.synth import generate

    corpus = tmp_path / "corpus"
    generate(corpus, count=10, seed=9, scans=False, claims=False, einvoices=False,
             discrepancies=True)  # fmt: skip
    url = postgres.create_database()
    home = tmp_path / "home"
    env = _env(home, url)
    assert _bursar(env, "init").returncode == 0
    for kind in ("vendors", "purchase_orders", "receipts"):
        assert _bursar(env, "import", kind, str(corpus / "master" / f"{kind}.csv")).returncode == 0
    docs = sorted((corpus / "docs").glob("*.pdf"))
    queued = _bursar(env, "ingest", *map(str, docs), "--no-wait", "--json")
    assert queued.returncode == 0, queued.stderr

    worker_port, inbox_port, prom_port = free_port(), free_port(), free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        "scrape_configs:\n"
        f"  - job_name: bursar-worker\n    static_configs:\n"
        f"      - targets: ['127.0.0.1:{worker_port}']\n"
        f"  - job_name: bursar-inbox\n    static_configs:\n"
        f"      - targets: ['127.0.0.1:{inbox_port}']\n"
    )
    log = open(tmp_path / "procs.log", "w")  # noqa: SIM115 - closed in finally
    procs = []
    try:
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "bursar", "worker", "--metrics-port", str(worker_port)],
            env=env, stdout=log, stderr=log))  # fmt: skip
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "bursar", "inbox", "serve", "--port", str(inbox_port)],
            env=env, stdout=log, stderr=log))  # fmt: skip
        procs.append(subprocess.Popen(
            [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{prom_port}"],
            stdout=log, stderr=log))  # fmt: skip
        n = len(docs)
        decided = 'sum(bursar_documents_processed_total{job="bursar-worker",stage="decide"})'
        _wait("the worker's decisions in Prometheus", lambda: _value(prom_port, decided) == n)
        assert _value(prom_port, 'sum(bursar_worker_jobs_total{outcome="succeeded"})') == n
        assert _value(prom_port, 'sum(bursar_stage_duration_seconds_count{stage="extract"})') == n
        # field confidences of the rule-based path (no model trained here)
        confs = _query(prom_port, 'bursar_field_confidence_count{model="rules"}')
        assert {r["metric"]["field"] for r in confs} >= {"invoice_number", "total"}
        # database figures through the inbox
        in_db = 'sum(bursar_documents{job="bursar-inbox",stage="decided"})'
        _wait("the inbox's figures", lambda: _value(prom_port, in_db) == n)
        jobs = _query(prom_port, 'bursar_queue_jobs{queue="ingest",status="succeeded"}')
        assert float(jobs[0]["value"][1]) == n
        assert _value(prom_port, "count(bursar_worker_heartbeat_age_seconds < 30)") == 1
        assert (_value(prom_port, "bursar_audit_head_seq") or 0) > n
        assert _value(prom_port, "sum(bursar_inbox_open_items)") is not None
        up = _query(prom_port, "up")
        assert {r["metric"]["job"]: r["value"][1] for r in up} == {
            "bursar-worker": "1", "bursar-inbox": "1"}  # fmt: skip
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()
    worker_lines = [
        json.loads(ln) for ln in (tmp_path / "procs.log").read_text().splitlines()
        if ln.startswith('{"time"')
    ]  # fmt: skip
    assert worker_lines, "BURSAR_LOG_FORMAT=json gave no JSON log lines"
    assert all({"time", "level", "logger", "message"} <= set(o) for o in worker_lines)
