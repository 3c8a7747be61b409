"""``/metrics`` on the inbox: event counters and database figures after a real ingest."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

LOCAL = ("127.0.0.1", 50000)


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _sum(samples: dict, name: str, **labels: str) -> float:
    return sum(
        v
        for (n, ls), v in samples.items()
        if n == name and all(dict(ls).get(k) == x for k, x in labels.items())
    )


def _decided(status: str) -> float:
    value = REGISTRY.get_sample_value(
        "bursar_documents_processed_total", {"stage": "decide", "outcome": status}
    )
    return value or 0.0


def test_metrics_after_ingest_count_decisions_and_read_the_database(master: Path) -> None:
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.inbox.app import create_app
    from bursar.ingest.batch import ingest_paths
    from bursar.records import Document, InboxItem

    statuses = ("approved", "exception", "duplicate", "rejected")
    before = {s: _decided(s) for s in statuses}
    files = sorted((master / "docs").glob("*.pdf"))
    results = ingest_paths(files, workers=1)
    assert len(results) == len(files) > 0

    body = TestClient(create_app(), client=LOCAL).get("/metrics")  # a scrape from this machine
    assert body.status_code == 200
    assert body.headers["content-type"].startswith("text/plain")
    samples = _samples(body.text)

    for status in statuses:  # the event counters moved by exactly this run's decisions
        got = _decided(status) - before[status]
        assert got == sum(r.status == status for r in results), status
    with session_scope(write=False) as session:
        docs = session.exec(select(Document)).all()
        open_items = [i for i in session.exec(select(InboxItem)).all() if i.status == "open"]
    assert _sum(samples, "bursar_documents") == len(docs)
    assert _sum(samples, "bursar_documents", stage="decided") == len(docs)
    assert _sum(samples, "bursar_inbox_open_items") == len(open_items) > 0
    assert _sum(samples, "bursar_inbox_oldest_open_item_age_seconds") >= 0
    assert _sum(samples, "bursar_audit_head_seq") > len(docs)
    assert _sum(samples, "bursar_stage_duration_seconds_count", stage="decide") >= len(docs)
    up = {dict(ls)["source"]: v for (n, ls), v in samples.items() if n == "bursar_collector_up"}
    sources = ("documents", "inbox", "audit", "queues", "workers", "drift", "bots", "scheduler")
    assert up == {s: 1.0 for s in sources}


def test_metrics_with_a_token_refuse_a_scrape_without_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bursar.config import reset_settings
    from bursar.inbox.app import create_app

    monkeypatch.setenv("BURSAR_METRICS_TOKEN", "s3cret-scrape")
    reset_settings()
    client = TestClient(create_app(), client=LOCAL)  # a token binds loopback too
    assert client.get("/metrics").status_code == 401
    bad = client.get("/metrics", headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401
    good = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"})
    assert good.status_code == 200 and "bursar_documents" in good.text


def test_without_a_token_only_this_machine_may_scrape(db_url: str) -> None:
    from bursar.inbox.app import create_app

    app = create_app()
    assert TestClient(app, client=("10.1.2.3", 40000)).get("/metrics").status_code == 401
    assert TestClient(app, client=LOCAL).get("/metrics").status_code == 200


def test_json_logs_are_one_object_per_line_with_ids_and_no_secrets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bursar.observe import logs

    logs.configure("json")
    try:
        log = logging.getLogger("bursar.test")
        log.info("fetched %s password=hunter2 from postgresql://bursar:pw123@db/x", "mail",
                 extra={"document": 7, "sha256": "ab" * 32, "job": 12})  # fmt: skip
        log.warning("token: abc.def retry", extra={"work_item": 3})
    finally:
        logs.configure("text")
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("{")]
    first, second = (json.loads(ln) for ln in lines[-2:])
    assert first["level"] == "info" and first["logger"] == "bursar.test"
    assert first["document"] == 7 and first["job"] == 12 and first["sha256"] == "ab" * 32
    assert first["time"].endswith("+00:00")
    assert "hunter2" not in lines[-2] and "pw123" not in lines[-2]
    assert "fetched mail" in first["message"]
    assert second["level"] == "warning" and second["work_item"] == 3
    assert "abc.def" not in second["message"]
