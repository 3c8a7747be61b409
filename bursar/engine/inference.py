"""Served inference: one worker on the ``models`` queue batches the models for all workers.

Off by default (``inference_service = false``): every process then runs its models itself,
which is right for one process on one machine. On, a pipeline worker does not run the
kind classifier or the field labeller itself: it defers a ``bursar.infer`` job on the
``models`` queue with the model's folder and the document's inputs (the page tokens, or
the text), and waits for the answer in the ``model_inference`` table. One ``bursar worker
--queues models --concurrency 32`` takes the jobs; its ``Batcher`` gathers the requests
of all workers into one forward pass (up to ``inference_max_batch`` documents, waiting at
most ``inference_max_wait_ms`` for more), on CUDA when torch sees a GPU (``device =
"auto"``), else on CPU.

A dead, busy or absent inference worker never strands a document: after
``inference_timeout_s`` the caller withdraws its job (when still waiting) and runs the
model itself on CPU (``fallbacks`` counts them, and so does
``bursar_inference_fallbacks_total``).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from prometheus_client import Counter, Histogram
from sqlalchemy import text

from bursar.engine import app

log = logging.getLogger("bursar.inference")

INFER = "bursar.infer"
QUEUE = "models"

SERVED = Counter("bursar_inference_requests_total", "Served inference requests.", ["outcome"])
BATCH = Histogram(
    "bursar_inference_served_batch_documents",
    "Documents per served forward pass.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)


# --- wire format ----------------------------------------------------------------------------


def encode_pages(docs: Sequence[Sequence[Any]]) -> list[list[dict[str, Any]]]:
    """Return documents of ``PageTokens`` as JSON-ready dicts."""
    return [[dataclasses.asdict(p) for p in pages] for pages in docs]


def decode_pages(raw: list[list[dict[str, Any]]]) -> list[list[Any]]:
    from extractors.tokens import PageTokens, Token

    out = []
    for pages in raw:
        doc = []
        for p in pages:
            toks = tuple(Token(**t) for t in p["tokens"])
            lines = tuple(tuple(x) for x in p.get("ruling_lines") or ())
            doc.append(PageTokens(**{**p, "tokens": toks, "ruling_lines": lines}))
        out.append(doc)
    return out


def _arr(a: np.ndarray) -> dict[str, Any]:
    a = np.ascontiguousarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode("ascii")}


def _unarr(d: dict[str, Any]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(d["b64"]), dtype=np.float32).reshape(d["shape"])


# --- the worker side --------------------------------------------------------------------------


class Batcher:
    """Gather requests into batches: up to ``max_batch`` items, waiting at most ``max_wait``
    seconds after the first; ``fn`` maps a list of items to a list of answers (run in a thread,
    one batch at a time)."""

    def __init__(self, fn: Callable[[list[Any]], list[Any]], max_batch: int, max_wait: float):
        self.fn, self.max_batch, self.max_wait = fn, max_batch, max_wait
        self.queue: asyncio.Queue[tuple[Any, asyncio.Future[Any]]] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def submit(self, item: Any) -> Any:
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._loop())
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        await self.queue.put((item, fut))
        return await fut

    async def _loop(self) -> None:
        while True:
            batch = [await self.queue.get()]
            deadline = time.monotonic() + self.max_wait
            while len(batch) < self.max_batch:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    batch.append(await asyncio.wait_for(self.queue.get(), left))
                except TimeoutError:
                    break
            BATCH.observe(len(batch))
            try:
                answers = await asyncio.to_thread(self.fn, [item for item, _ in batch])
            except Exception as exc:  # every waiting request gets the error
                for _, fut in batch:
                    if not fut.done():
                        fut.set_exception(exc)
                continue
            for (_, fut), answer in zip(batch, answers, strict=True):
                if not fut.done():
                    fut.set_result(answer)


_BATCHERS: dict[tuple[str, str], Batcher] = {}


def _run_batch(folder: str, op: str) -> Callable[[list[Any]], list[Any]]:
    def run(items: list[Any]) -> list[Any]:
        from bursar.config import get_settings
        from models.inference import runner

        settings = get_settings()
        r = runner(folder, settings.device)  # CUDA when torch sees one ("auto")
        if op == "seq":
            texts = [t for item in items for t in item]
            probs = r.seq_probs(texts, batch_size=max(32, len(texts)))
            out, k = [], 0
            for item in items:
                out.append({"probs": _arr(probs[k : k + len(item)])})
                k += len(item)
            return out
        docs = [d for item in items for d in decode_pages(item)]
        answers = r.word_probs(docs, batch_size=64)
        out, k = [], 0
        for item in items:
            mine = answers[k : k + len(item)]
            k += len(item)
            out.append({"docs": [{"order": [list(o) for o in order], "probs": _arr(p)}
                                 for order, p in mine]})  # fmt: skip
        return out

    return run


def batcher(folder: str, op: str) -> Batcher:
    from bursar.config import get_settings

    key = (folder, op)
    if key not in _BATCHERS:
        s = get_settings()
        _BATCHERS[key] = Batcher(
            _run_batch(folder, op), s.inference_max_batch, s.inference_max_wait_ms / 1000
        )
    return _BATCHERS[key]


def warm_up() -> None:
    """Load the active kind classifier and field labeller (an inference worker's start)."""
    try:
        import models

        models.load_plugins()
    except Exception as exc:  # the first request loads them instead
        log.warning("inference worker: models not preloaded: %s", exc)


def _inputs(request: str) -> Any:
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        row = session.execute(
            text("SELECT inputs FROM model_inference WHERE request = :r"), {"r": request}
        ).first()
    return None if row is None else json.loads(row[0])


def _store(request: str, answer: dict[str, Any]) -> None:
    from bursar.db import session_scope

    with session_scope() as session:  # a request withdrawn meanwhile updates nothing
        session.execute(
            text("UPDATE model_inference SET result = :x WHERE request = :r"),
            {"r": request, "x": json.dumps(answer)},
        )


@app.task(name=INFER, queue=QUEUE)
async def infer(request: str, folder: str, op: str) -> None:
    """Answer one request through the folder's batcher; the caller reads the answer.

    The inputs travel in ``model_inference`` rather than in the job's arguments (which
    Procrastinate logs whole)."""
    inputs = await asyncio.to_thread(_inputs, request)
    if inputs is None:  # the caller gave up and withdrew it
        return
    try:
        answer = await batcher(folder, op).submit(inputs)
    except Exception as exc:
        answer = {"error": f"{type(exc).__name__}: {exc}"}
        log.warning("inference request %s failed: %s", request, exc)
    await asyncio.to_thread(_store, request, answer)


# --- the calling side ------------------------------------------------------------------------


class ServedRunner:
    """A ``models.inference.Runner`` look-alike that asks the inference worker, with the
    local runner as its CPU fallback."""

    fallbacks = 0
    served = 0

    def __init__(self, local: Any, folder: str, timeout: float):
        self.local, self.folder, self.timeout = local, folder, timeout
        self.name = getattr(local, "name", "model")

    def __getattr__(self, item: str) -> Any:  # spec, tokenizer, ... as the local runner has them
        return getattr(self.local, item)

    def seq_probs(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        answer = self._ask("seq", list(texts))
        if answer is None:
            return self.local.seq_probs(texts, batch_size)
        return _unarr(answer["probs"])

    def word_probs(
        self, docs: Sequence[Sequence[Any]], batch_size: int = 32
    ) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        answer = self._ask("word", encode_pages(docs))
        if answer is None:
            return self.local.word_probs(docs, batch_size)
        return [([tuple(o) for o in d["order"]], _unarr(d["probs"])) for d in answer["docs"]]

    def _ask(self, op: str, inputs: Any) -> dict[str, Any] | None:
        """Return the inference worker's answer, or None (after withdrawing the job) when
        none came within the timeout or the worker failed: the caller then runs it itself."""
        from bursar.db import session_scope
        from bursar.engine.queue import defer_in

        request = uuid.uuid4().hex
        try:
            with session_scope() as session:
                session.execute(
                    text("INSERT INTO model_inference (request, inputs) VALUES (:r, :i)"),
                    {"r": request, "i": json.dumps(inputs)},
                )
                args = {"request": request, "folder": self.folder, "op": op}
                job = defer_in(session, INFER, queue=QUEUE, args=args)
            answer = self._wait(request, job)
        except Exception as exc:  # the queue itself is unwell: never strand the document
            log.warning("served inference unavailable (%s); running the model here", exc)
            answer = None
        if answer is None or "error" in answer:
            type(self).fallbacks += 1
            SERVED.labels("fallback").inc()
            return None
        type(self).served += 1
        SERVED.labels("served").inc()
        return answer

    def _wait(self, request: str, job: int | None) -> dict[str, Any] | None:
        from bursar.db import session_scope

        deadline, pause = time.monotonic() + self.timeout, 0.002
        while True:
            with session_scope() as session:
                row = session.execute(
                    text("DELETE FROM model_inference WHERE request = :r "
                         "AND result IS NOT NULL RETURNING result"),
                    {"r": request},
                ).first()  # fmt: skip
                if row is not None:
                    return json.loads(row[0])
                if time.monotonic() >= deadline:  # withdraw it (and its job, if not taken)
                    session.execute(
                        text("DELETE FROM model_inference WHERE request = :r"), {"r": request}
                    )
                    session.execute(
                        text("DELETE FROM procrastinate_jobs WHERE id = :j AND status = 'todo'"),
                        {"j": job},
                    )
                    return None
            time.sleep(pause)
            pause = min(pause * 1.5, 0.05)


def served(model: Any, timeout: float) -> Any:
    """Return ``model`` (a kind classifier or field scorer) asking the inference worker."""
    run = getattr(model, "run", None)
    folder = getattr(run, "folder", None)
    if run is None or folder is None or isinstance(run, ServedRunner):
        return model
    model.run = ServedRunner(run, str(folder), timeout)
    return model
