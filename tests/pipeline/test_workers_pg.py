"""Scale-out on a real PostgreSQL: three ``bursar worker`` processes, one killed with -9.

Every document is decided exactly once; the dead worker's job goes back to the queue
after the stall threshold and another worker finishes it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DOCS = 200


def _env(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
    env.update(
        BURSAR_HOME=str(home),
        BURSAR_CONFIG=str(home / "absent.toml"),
        BURSAR_DATABASE_URL=url,
        BURSAR_STORE=os.environ.get("BURSAR_TEST_STORE", "postgresql"),
    )
    return env


def _bursar(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _one(conninfo: str, sql: str, *params: object) -> int:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute(sql, params).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _variants(src: Path, out: Path, n: int) -> None:
    """Write ``n`` distinct files from the corpus (bytes after %%EOF change the sha256)."""
    pdfs = sorted(p for p in src.iterdir() if p.suffix == ".pdf")
    out.mkdir()
    for i in range(n):
        base = pdfs[i % len(pdfs)]
        (out / f"{i:03d}-{base.name}").write_bytes(base.read_bytes() + f"\n%copy {i}\n".encode())


def test_three_workers_one_killed_every_document_decided_once(postgres, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from devkit.synth import generate

    corpus = tmp_path / "corpus"
    generate(corpus, count=40, seed=4, scans=False, claims=False, einvoices=False)
    docs = tmp_path / "docs"
    _variants(corpus / "docs", docs, DOCS)

    url = postgres.create_database()
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    home = tmp_path / "home"
    env = _env(home, url)
    init = _bursar(env, "init")
    assert init.returncode == 0, init.stderr
    for kind in ("vendors", "purchase_orders", "receipts"):
        assert _bursar(env, "import", kind, str(corpus / "master" / f"{kind}.csv")).returncode == 0

    queued = _bursar(env, "ingest", str(docs), "--no-wait", "--json")
    assert queued.returncode == 0, queued.stderr
    assert _one(conninfo, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'") == DOCS

    workers: list[subprocess.Popen] = []
    ids: list[int] = []
    log = open(tmp_path / "workers.log", "w")  # noqa: SIM115 - closed in finally
    try:
        for i in range(3):
            workers.append(
                subprocess.Popen(
                    # 10 s (heartbeat every 2.5 s): with 4 s a loaded CI machine stalled
                    # both live workers for 6 s, each took the other for dead and pruned it,
                    # and a worker pruned while alive exits with a database error
                    [sys.executable, "-m", "bursar", "worker", "--stall-after", "10"],
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
            # Start them one by one, so the n-th registered worker id is the n-th process.
            deadline = time.monotonic() + 60
            while _one(conninfo, "SELECT count(*) FROM procrastinate_workers") <= i:
                assert time.monotonic() < deadline, "worker did not register"
                time.sleep(0.1)
        ids = [int(r) for r in _all(conninfo, "SELECT id FROM procrastinate_workers ORDER BY id")]
        victim_id = ids[0]
        deadline = time.monotonic() + 120
        while not _one(
            conninfo,
            "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = %s",
            victim_id,
        ):
            assert time.monotonic() < deadline, "the first worker never took a job"
            time.sleep(0.02)
        held = _one(
            conninfo,
            "SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = %s",
            victim_id,
        )
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait()

        deadline = time.monotonic() + 500
        while _one(conninfo, "SELECT count(*) FROM document WHERE stage <> 'decided'"):
            assert time.monotonic() < deadline, "documents left undecided"
            assert all(w.poll() is None for w in workers[1:]), "a surviving worker died"
            time.sleep(0.5)
    finally:
        for w in workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=60)
            except subprocess.TimeoutExpired:
                w.kill()
        log.close()

    assert _one(conninfo, "SELECT count(*) FROM document") == DOCS
    assert _one(conninfo, "SELECT count(*) FROM decision") == DOCS
    assert _one(conninfo, "SELECT count(DISTINCT document_id) FROM decision") == DOCS
    # The job the killed worker held was started again by another worker and finished.
    assert (
        _one(
            conninfo,
            "SELECT count(*) FROM procrastinate_events WHERE job_id = %s AND type = 'started'",
            held,
        )
        >= 2
    )
    assert (
        _one(
            conninfo,
            "SELECT count(*) FROM procrastinate_jobs WHERE id = %s AND status = 'succeeded'",
            held,
        )
        == 1
    )
    assert (
        _one(conninfo, "SELECT count(*) FROM procrastinate_jobs WHERE status <> 'succeeded'") == 0
    )
    verify = _bursar(env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # Graceful stop: the survivors unregistered themselves on SIGTERM.
    assert all(w.returncode == 0 for w in workers[1:]), (tmp_path / "workers.log").read_text()[
        -2000:
    ]


def _all(conninfo: str, sql: str) -> list[object]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        return [r[0] for r in conn.execute(sql).fetchall()]
