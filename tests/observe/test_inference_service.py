"""Served inference: one batching worker on the ``models`` queue, and the CPU fallback.

The real parts: PostgreSQL, a ``bursar worker --queues models`` process, the shipped kind
classifier and field labeller. Served answers equal local ones; with the inference worker
stopped, documents are still decided (each caller withdraws its job and runs the model).
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest


def test_batcher_gathers_concurrent_requests_into_batches() -> None:
    from bursar.engine.inference import Batcher

    sizes: list[int] = []

    def double(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return [2 * i for i in items]

    async def main() -> list[int]:
        b = Batcher(double, max_batch=4, max_wait=0.2)
        return list(await asyncio.gather(*(b.submit(i) for i in range(10))))

    assert asyncio.run(main()) == [2 * i for i in range(10)]
    assert sum(sizes) == 10 and max(sizes) == 4 and len(sizes) == 3


def _pdfs(tmp: Path, n: int) -> list[Path]:
    from devkit.synth import specs
    from devkit.synth.render import render

    rng = random.Random(4)
    vendor = specs.random_vendor(rng, "V0001", "classic", set())
    out = []
    for i in range(n):
        path = tmp / f"inv-{i}.pdf"
        path.write_bytes(render(specs.random_invoice(rng, vendor=vendor, name=f"i{i}", seq=i)))
        out.append(path)
    return out


@pytest.fixture
def served_env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from bursar.config import reset_settings

    if not db_url.startswith("postgresql"):
        pytest.skip("the models queue needs PostgreSQL")
    monkeypatch.setenv("BURSAR_DEFAULT_MODELS", "kind,fields")
    monkeypatch.setenv("BURSAR_INFERENCE_SERVICE", "1")
    monkeypatch.setenv("BURSAR_INFERENCE_TIMEOUT_S", "600")
    reset_settings()
    return dict(os.environ)


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bursar", "worker", "--queues", "models", "--concurrency", "8"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    from bursar.db import session_scope
    from bursar.engine import workers_alive

    for _ in range(600):
        with session_scope(write=False) as session:
            if workers_alive(session):
                return proc
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode() if proc.stderr else "worker died")
        time.sleep(0.1)
    raise AssertionError("inference worker did not start")


ISOLATED = "BURSAR_TEST_ISOLATED"


def test_served_inference_in_a_process_of_its_own() -> None:
    """The served-inference test below runs in a fresh pytest process: among the whole
    suite's tests in one xdist worker it fell back to local inference although it passes
    alone (process-wide state of an earlier test; not yet found), so here it gets a process
    of its own and fails this test when it fails."""
    here = Path(__file__)
    name = "test_served_answers_equal_local_ones_and_a_dead_worker_strands_nothing"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         f"{here}::{name}"],
        env={**os.environ, ISOLATED: "1"}, capture_output=True, text=True, timeout=1500,
        cwd=here.parents[2],
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout


@pytest.mark.skipif(not os.environ.get(ISOLATED), reason="runs in a process of its own")
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_served_answers_equal_local_ones_and_a_dead_worker_strands_nothing(
    db_url: str, served_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from bursar.config import get_settings, reset_settings
    from bursar.db import session_scope
    from bursar.engine.inference import ServedRunner, served
    from bursar.ingest.batch import ingest_paths
    from models import registry
    from models.data import default_loader

    pdfs = _pdfs(tmp_path, 3)
    pages = default_loader(pdfs[0])
    worker = _worker(served_env)
    try:
        local = registry.active("fields", get_settings())
        remote = served(registry.active("fields", get_settings()), 600)
        assert isinstance(remote.run, ServedRunner)
        before = ServedRunner.served
        want, got = local.token_probs(pages), remote.token_probs(pages)
        assert ServedRunner.served == before + 1
        assert [sorted(p) for p in want] == [sorted(p) for p in got]
        for w, g in zip(want, got, strict=True):
            for idx in w:
                for label, p in w[idx].items():
                    assert np.isclose(p, g[idx][label], atol=1e-5)
        kind = served(registry.active("kind", get_settings()), 600)
        assert kind.classify(pages) == registry.active("kind", get_settings()).classify(pages)
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    # the inference worker is gone: callers wait one second, withdraw their job, run it here
    monkeypatch.setenv("BURSAR_INFERENCE_TIMEOUT_S", "1")
    reset_settings()
    fallbacks = ServedRunner.fallbacks
    results = ingest_paths(pdfs, workers=1)
    assert [r.status for r in results] and all(r.status != "rejected" for r in results)
    with session_scope(write=False) as session:
        waiting = session.execute(
            text(
                "SELECT count(*) FROM procrastinate_jobs WHERE queue_name = 'models' "
                "AND status = 'todo'"
            )  # fmt: skip
        ).scalar_one()
        versions = [v for (v,) in session.execute(text("SELECT versions FROM extraction")).all()]
    assert waiting == 0
    assert all("fields@default" in str(v) for v in versions)  # decided by the model, locally
    assert ServedRunner.fallbacks >= fallbacks  # (in this process when it worked the queue)
